#pragma once
// Notices by e-mail (issue 14 item 7, NĐ 30 Phụ lục VI III.1i): a short Vietnamese e-mail when
// something waits for a person: an incoming letter they are to handle, its deadline near or
// passed, a letter arrived for the clerk or registered for the leader to assign, a draft
// submitted to its signer or returned to its author, a letter approved for its signer to sign or
// signed for the clerk to issue, a recall asked of the clerk, a letter recalled told to its
// handlers. Each person may turn off kinds of notice (MailSettings). The source is what the home
// page shows (Storage::waitingWork); each piece of work is told once per person (its key), queued
// in the database and sent by a background thread of `vanthu serve` (server/src/http/MailSender)
// with a growing pause between failed tries, so that nothing is lost while the SMTP server is down.
// Every send is audited ("mail-sent"). The subject of a secret letter never goes into an e-mail.
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/Storage.hpp"
#include "vanthu/docmgmt/VietnamTime.hpp"

namespace vanthu::docmgmt {

// The kinds of waiting work (WaitingWork::kind).
inline constexpr const char* kWaitingAssigned = "assigned";     ///< to handle (lead or co)
inline constexpr const char* kWaitingDueSoon = "due-soon";      ///< its deadline is near
inline constexpr const char* kWaitingOverdue = "overdue";       ///< its deadline has passed
inline constexpr const char* kWaitingArrived = "arrived";       ///< to register (clerk)
inline constexpr const char* kWaitingRegistered = "registered"; ///< to assign (leader)
inline constexpr const char* kWaitingSubmitted = "submitted";   ///< to approve (the signer)
inline constexpr const char* kWaitingReturned = "returned";     ///< returned to its author
inline constexpr const char* kWaitingApproved = "approved";     ///< approved, to sign (the signer)
inline constexpr const char* kWaitingSigned = "signed";         ///< signed, to issue (clerk)
/// the issuer asks to recall or replace a letter: the clerk agrees or refuses
inline constexpr const char* kWaitingRecallRequested = "recall-requested";
/// the letter was recalled (its copy destroyed) or replaced: its handlers are told
inline constexpr const char* kWaitingRecalled = "recalled";

struct MailNoticeSettings {
    /// The web UI's address as people open it ("https://vanthu.ubnd.gov.vn"); the e-mails link
    /// to the letter there. Empty: no link.
    std::string link;
    int dueSoonDays = 3; ///< a deadline this many days ahead (or fewer) is near
    std::chrono::seconds firstRetry{60};
    std::chrono::seconds maxRetry{3600};
};

/// What one round of sending did.
struct MailRound {
    int sent = 0;
    int failed = 0;
};

class MailNotices {
public:
    MailNotices(Storage& storage, AuditTrail& audit, Clock clock, MailNoticeSettings settings);

    /// Queues a notice for each piece of waiting work not told yet, except the kinds the person
    /// turned off (MailSettings: Storage::mailOptOuts); returns how many.
    std::size_t queueWaitingWork();
    /// Sends the notices due now through `send` (which throws on failure: the notice is tried
    /// again later, its error kept); at most `limit` of them. They are claimed first (their
    /// next attempt moved a lease ahead, FOR UPDATE SKIP LOCKED on PostgreSQL), so that two
    /// servers on one database never send one notice twice; a server that dies while sending
    /// leaves its claimed notices due again when the lease ends.
    MailRound sendDue(const std::function<void(const MailNotice&)>& send, int limit = 20);

    /// The subject and body of the notice of a piece of waiting work, for the person named.
    static MailNotice compose(const WaitingWork& work, const std::string& fullName,
                              const std::string& link);
    /// The subject line of a kind of notice ("Văn bản đến giao cho bạn xử lý").
    static std::string title(const std::string& kind);

    /// The lease a round takes per notice it claims (the round's lease: this times limit + 1):
    /// more than the SMTP session's timeouts (30 s each by default) of one message.
    static constexpr std::int64_t kMailLeasePerNotice = 120;

private:
    /// The notices due now, each one's next attempt moved a lease ahead in one transaction.
    std::vector<MailNotice> claimDue(int limit);

    Storage& storage_;
    AuditTrail& audit_;
    Clock clock_;
    MailNoticeSettings settings_;
};

} // namespace vanthu::docmgmt
