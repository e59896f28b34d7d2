#pragma once
// Background work that one server at a time does when several servers share one database (issue
// 17 item 2): the national axis's polling and its directory synchronisation. A server claims a
// piece of work for a lease; no other claims it until the lease ends, so a server that dies
// holding it leaves it due again then. The claim is FOR UPDATE SKIP LOCKED on PostgreSQL (a row
// another server is claiming at that moment is skipped, not waited for), SQLite's write lock in
// one file. Also claimed so: the renewal of long-term copies (Preservation::renewDue, a whole
// round) and the OCR of each scanned PDF (ScanReader, by its blob). Work made of rows of its own
// (the exchange outbox, the issue queue, the e-mail notices) is claimed row by row instead:
// ExchangeOutbox::claim, OutgoingFlow::retryIssueQueue, MailNotices::sendDue.
#include <cstdint>
#include <string>

namespace vanthu::docmgmt {

class Storage;

class WorkClaims {
public:
    /// holder: who claims (one per server process: newHolder()).
    WorkClaims(Storage& storage, std::string holder);

    /// A name for this server process, different from any other's ("host/pid/random").
    static std::string newHolder();

    const std::string& holder() const { return holder_; }

    /// Claims `work` until now + leaseSeconds when it is free at `now` (never claimed, its
    /// lease ended, released for a time that has come, or held by a process of this machine that
    /// is no longer running: a restarted server does not wait out its dead self's lease). False
    /// when another holder has it, or this holder released it for a later time.
    bool claim(const std::string& work, std::int64_t now, std::int64_t leaseSeconds);
    /// Extends this holder's claim to now + leaseSeconds (a long round, between its pieces).
    /// False when the claim is no longer this holder's (its lease ended and another took it):
    /// the caller stops.
    bool renew(const std::string& work, std::int64_t now, std::int64_t leaseSeconds);
    /// Done: `work` is free for anyone (this holder too) from `dueAt` (now: at once; a poll
    /// interval later: the next round). Nothing when the claim is no longer this holder's.
    void release(const std::string& work, std::int64_t dueAt);
    /// Done for good (a scanned PDF read): the claim forgotten, when it is this holder's.
    void finish(const std::string& work);

private:
    Storage& storage_;
    std::string holder_;
};

} // namespace vanthu::docmgmt
