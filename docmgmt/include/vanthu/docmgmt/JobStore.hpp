#pragma once
// What background work reads and writes: the issue queue, claims of work one server at a
// time does, text recognised in scans, notices by e-mail and long-term copies and their renewal.
// Part of Storage (Storage.hpp); SqlStorage implements it in docmgmt/src/sql/JobSql.cpp.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "vanthu/docmgmt/Directory.hpp"

namespace vanthu::docmgmt {

/// A signed letter waiting to be issued because the time-stamp authority or a revocation source
/// of its office's signing policy did not answer (issue 21 item 2): the clerk chose to wait, and
/// a background job tries again with a growing pause until the letter is issued at the policy's
/// level. The row goes away in the transaction that issues the letter.
struct IssueQueueEntry {
    Id documentId = 0;
    Id officeId = 0;
    Id queuedBy = 0;                ///< the clerk who chose to wait (the retries act as them)
    std::string queuedAt;           ///< ISO 8601, Vietnam time
    int attempts = 0;               ///< retries made so far
    std::int64_t nextAttemptAt = 0; ///< Unix seconds
    std::string lastAttemptAt;      ///< ISO 8601, Vietnam time; "" before the first retry
    std::string lastCode;           ///< "tsa-unavailable", "revocation-unavailable", or another
    std::string lastError;          ///< the Vietnamese message of the last failure
};

/// A piece of background work that one server at a time does (issue 17 item 2: several servers
/// on one PostgreSQL): who holds it and until when. Free for anyone once `until` has passed.
struct WorkClaim {
    std::string work;       ///< what: "axis:<name>", "axis-directory:<name>"
    std::string holder;     ///< the server process holding it ("" when never claimed)
    std::int64_t until = 0; ///< Unix seconds: the end of the holder's lease, or when due again
};

/// A piece of work waiting for one person, as the home page shows it (issue 14 item 7: the
/// source of the e-mail notices, docmgmt::MailNotices). Only people with an e-mail address.
struct WaitingWork {
    Id userId = 0;
    std::string kind;  ///< one of the kWaiting… names of MailNotices.hpp
    Id documentId = 0; ///< incoming_documents.id, or documents.id for drafts
    int version = 0;   ///< drafts: the version submitted or returned
    std::string subject;
    std::string notation; ///< incoming: "số/ký hiệu" as received; drafts: ""
    std::string deadline; ///< incoming: hạn xử lý (ISO date), may be empty
    bool secret = false;  ///< incoming: marked secret or limited to named people
    /// incoming, recall-requested and recalled: the request's kind ("recall", "replacement"),
    /// when the issuer asked (ISO 8601) and why.
    std::string recallKind, recallAt, recallReason;
};

/// An e-mail notice of waiting work (issue 14 item 7), queued once per person and piece of
/// work (key) and sent by a background thread; sentAt is set once the SMTP server took it.
struct MailNotice {
    Id id = 0;
    Id userId = 0;
    std::string key;       ///< the work it tells of: "giao:12", "trinh:5:3", …
    std::string recipient; ///< the e-mail address when it was queued
    std::string subject, body;
    std::string queuedAt;           ///< ISO 8601, Vietnam time
    int attempts = 0;               ///< sends tried so far
    std::int64_t nextAttemptAt = 0; ///< Unix seconds
    std::string lastAttemptAt;      ///< ISO 8601, Vietnam time; "" before the first try
    std::string lastError;          ///< why the last try failed
    std::string sentAt;             ///< ISO 8601, Vietnam time; "" until sent
};

/// The long-term copy of a signed letter (issue 21 items 3 and 4): an issued outgoing letter or
/// a registered incoming one. The bytes as issued or received are never changed; beside them
/// the copy the archive carries, with validation data and document time-stamps vanthu added
/// (augmented on registration, renewed before its newest time-stamp's certificate expires).
inline constexpr const char* kPreservedOutgoing = "outgoing";

inline constexpr const char* kPreservedIncoming = "incoming";

struct PreservedCopy {
    std::string kind; ///< kPreservedOutgoing or kPreservedIncoming
    Id documentId = 0;
    Id officeId = 0;
    std::string originalBlob;  ///< the letter as issued or received (blob store name)
    std::string originalLevel; ///< its weakest signature's level ("B-B" … "B-LTA"), "" unknown
    std::string blob;          ///< the long-term copy; "" while none could be made
    std::string level;         ///< the copy's weakest signature's level
    /// Unix seconds: when the certificate of the newest document time-stamp (of the copy, else
    /// of the original) expires; 0 when there is none (due at once).
    std::int64_t expiresAt = 0;
    /// Unix seconds: until when the algorithm policy accepts the hashes and the key of that
    /// newest time-stamp (the earliest of them); -1 not judged yet (due, to be judged).
    std::int64_t algorithmsUntil = -1;
    std::string weakestAlgorithm;   ///< the one accepted for the shortest time ("SHA-1")
    int renewals = 0;               ///< document time-stamps vanthu added to it
    std::int64_t nextAttemptAt = 0; ///< Unix seconds; a failure puts the next try off
    std::string updatedAt;          ///< ISO 8601, Vietnam time
    std::string lastError;          ///< the last failure's Vietnamese message, "" when none
};

/// Counts for the administrator's page.
struct PreservationCounts {
    int copies = 0;  ///< letters with a row
    int due = 0;     ///< of which due for renewal (expiring or algorithms weakening within the
                     ///< margin, or no copy yet)
    int failing = 0; ///< of which the last attempt failed
    int waiting = 0; ///< signed letters that have no row yet
};

/// The renewal job's own record (one row): what its rounds did.
struct RenewalState {
    std::string lastRoundAt; ///< ISO 8601, Vietnam time; "" before the first round
    int lastRenewed = 0, lastFailed = 0;
    std::int64_t renewedTotal = 0, failedTotal = 0;
    std::string lastError;
};

/// The SMTP server of the notices by e-mail as an installation administrator set it on the web
/// page (issue 14; it overrides the config file's). The password is kept sealed (SecretBox).
struct StoredSmtp {
    std::string host;
    int port = 587;
    bool startTls = true;
    std::string user;
    std::string passwordSealed; ///< SecretBox::seal under kSmtpSecretContext; "" without login
    std::string sender;
    std::string updatedAt; ///< ISO 8601, Vietnam time
    Id updatedBy = 0;
};
class JobStore {
public:
    virtual ~JobStore() = default;

    // Text recognised (OCR) in a PDF's scanned pages, by the PDF's blob name: read once, kept
    // through rebuilds of the search index. Empty text: read, nothing found (not read again).
    virtual std::optional<std::string> recognisedText(const std::string& blob) const = 0;
    virtual void saveRecognisedText(const std::string& blob, const std::string& text) = 0;
    // The issue queue (issue 21 item 2). addToIssueQueue throws Conflict when the letter waits
    // already; removeFromIssueQueue does nothing when it does not.
    virtual void addToIssueQueue(const IssueQueueEntry& entry) = 0;
    virtual void updateIssueQueueEntry(const IssueQueueEntry& entry) = 0;
    virtual void removeFromIssueQueue(Id documentId) = 0;
    virtual std::optional<IssueQueueEntry> findIssueQueueEntry(Id documentId) const = 0;
    /// Every waiting letter (of one office, or all), the longest waiting first.
    virtual std::vector<IssueQueueEntry> issueQueue(std::optional<Id> officeId) const = 0;
    /// Inside a transaction: the entries due at `now` (Unix seconds), the longest waiting
    /// first, at most limit, locked until the transaction ends; on PostgreSQL entries another
    /// server holds are skipped (FOR UPDATE SKIP LOCKED), so that no two servers claim one.
    virtual std::vector<IssueQueueEntry> lockDueIssueQueueEntries(std::int64_t now, int limit) = 0;
    // Work one server at a time does (docmgmt::WorkClaims).
    /// Inside a transaction: the claim of `work` (made, free, the first time it is asked for),
    /// locked until the transaction ends; nullopt on PostgreSQL when another server's
    /// transaction holds that row now (FOR UPDATE SKIP LOCKED: it is being claimed there).
    virtual std::optional<WorkClaim> lockWorkClaim(const std::string& work) = 0;
    virtual void saveWorkClaim(const WorkClaim& claim) = 0;
    /// Forgets a claim (work done for good: a scanned PDF read).
    virtual void removeWorkClaim(const std::string& work) = 0;
    // Fingerprints of what every server's DIR/pki must hold the same (Installation), by name
    // ("secret.key"). Recording keeps the first one written (two servers starting at once
    // record one of theirs); false when one was there.
    virtual std::optional<std::string> pkiFingerprint(const std::string& name) const = 0;
    virtual bool recordPkiFingerprint(const std::string& name, const std::string& fingerprint,
                                      const std::string& at) = 0;
    /// Forgets a fingerprint (a lost key replaced: Installation::replaceSecretKey).
    virtual void forgetPkiFingerprint(const std::string& name) = 0;
    // Notices by e-mail (issue 14 item 7). What waits for each active person with an e-mail
    // address: incoming letters they lead or co-handle (with those due by `dueBy` or overdue on
    // `today`, ISO dates), letters arrived for an office's clerks, registered for its leaders,
    // drafts submitted to their signer and returned to their author, letters approved for their
    // signer to sign and signed for the clerks to issue.
    virtual std::vector<WaitingWork> waitingWork(const std::string& today,
                                                 const std::string& dueBy) const = 0;
    virtual bool hasMailNotice(Id userId, const std::string& key) const = 0;
    /// Queues a notice; false (nothing written) when the person has one with that key.
    virtual bool addMailNotice(const MailNotice& notice) = 0;
    /// Inside a transaction: unsent notices whose next attempt is due at `now` (Unix seconds),
    /// oldest first, locked until the transaction ends; on PostgreSQL notices another server is
    /// claiming are skipped (FOR UPDATE SKIP LOCKED), so that no two servers send one
    /// (MailNotices::sendDue).
    virtual std::vector<MailNotice> lockDueMailNotices(std::int64_t now, int limit) = 0;
    /// Writes a notice's attempts, next attempt, last attempt and error, and sentAt.
    virtual void updateMailNotice(const MailNotice& notice) = 0;
    /// The newest notices (of one person, or all).
    virtual std::vector<MailNotice> mailNotices(std::optional<Id> userId, int limit) const = 0;
    /// The kinds of notice (kWaiting… of MailNotices.hpp) the person turned off; setting
    /// replaces them all.
    virtual std::vector<std::string> mailOptOuts(Id userId) const = 0;
    virtual void setMailOptOuts(Id userId, const std::vector<std::string>& kinds) = 0;
    /// The SMTP server set on the administrator's page (one row; nothing: the config file's).
    virtual std::optional<StoredSmtp> storedSmtp() const = 0;
    /// Writes the row, or removes it (back to the config file's settings).
    virtual void setStoredSmtp(const std::optional<StoredSmtp>& smtp) = 0;
    // Long-term copies and their renewal (issue 21 items 3 and 4).
    /// Adds or replaces the row of (kind, documentId).
    virtual void savePreservedCopy(const PreservedCopy& copy) = 0;
    virtual std::optional<PreservedCopy> findPreservedCopy(const std::string& kind,
                                                           Id documentId) const = 0;
    /// Rows without a copy yet, or whose expiresAt or algorithmsUntil is before expiresBefore
    /// (algorithms not judged yet included), whose next attempt is due by now; the soonest to
    /// expire first (at most limit).
    virtual std::vector<PreservedCopy>
    preservedCopiesDue(std::int64_t expiresBefore, std::int64_t now, std::size_t limit) const = 0;
    /// Signed letters without a row (issued outgoing letters, registered incoming letters with
    /// signatures and a PDF): kind, documentId, officeId and originalBlob set (at most limit).
    virtual std::vector<PreservedCopy> lettersWithoutCopy(std::size_t limit) const = 0;
    virtual PreservationCounts preservationCounts(std::int64_t expiresBefore) const = 0;
    virtual RenewalState renewalState() const = 0;
    virtual void saveRenewalState(const RenewalState& state) = 0;
};

} // namespace vanthu::docmgmt
