#pragma once
// The incoming flow (quy trình văn bản đến), with the same discipline as OutgoingFlow: every
// step re-reads the actor, checks visibility (404), role (403), state (409), input (422), and
// commits its change, its audit entry and the status sent back to the sender in one
// transaction (docs/incoming.md, docs/access-rules.md).
//
//   arrived ──register (clerk)──► registered ──assign (leader)──► assigned ──start──► in progress
//      │                                                            │  forward (assignee)  │
//      └──refuse (clerk, reason)──► refused                         └──────close──► done ◄─┘
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "vanthu/docmgmt/Dispatch.hpp"
#include "vanthu/docmgmt/IncomingDocument.hpp"
#include "vanthu/docmgmt/OutgoingFlow.hpp"

namespace vanthu::docmgmt {

class Preservation;

struct IncomingSettings {
    Clock clock = systemClock();
    VerificationSettings verification;
    /// When set (Installation sets it; it must outlive the flow), a registered letter with
    /// signatures is augmented at once (issue 21 item 3): its long-term copy beside the
    /// received bytes, made after the registration's transaction; a TSA or responder that does
    /// not answer does not stop the registration (the renewal job tries again).
    Preservation* preservation = nullptr;
};

/// Who handles an incoming document, by when, and how (giao xử lý).
struct AssignInput {
    std::optional<Id> assigneeId; ///< a person of the office (or set unit)
    std::string unit;             ///< a unit as text ("Phòng Nội vụ"), when no person
    std::string deadline;         ///< hạn xử lý, ISO date, required
    std::string instructions;     ///< ý kiến chỉ đạo (added to the history when not blank)
    std::vector<Id> coHandlerIds; ///< phối hợp: people of the office who contribute
    std::vector<Id> informedIds;  ///< để biết: people of the office who only read it
    /// The letter's assignmentVersion the form was loaded at: an older one than the stored one
    /// is refused with StaleVersion (who assigned or forwarded it, when), nothing written;
    /// nothing: not checked.
    std::optional<int> baseVersion;
};

/// At most this many co-handlers and this many people informed per letter.
inline constexpr std::size_t kMaxDistribution = 50;

struct IncomingFilter {
    std::optional<IncomingState> state;
    bool assignedToMe = false; ///< only what is distributed to the actor (any role)
};

/// One page of the incoming register.
struct IncomingRegisterPage {
    std::vector<IncomingRegisterEntry> entries;
    int total = 0; ///< rows in the year
};

/// An open incoming document measured against its deadline.
struct DeadlineItem {
    IncomingDocument document;
    std::string assigneeName;
    int daysLeft = 0; ///< negative: days overdue
    std::string role; ///< the actor's part in it (kHandlerLead, kHandlerCo), "" for none
};

struct PersonDeadlines {
    std::optional<Id> userId; ///< nothing: assigned to a unit only
    std::string name;
    int open = 0, overdue = 0, dueSoon = 0;
};

struct DeadlineReport {
    std::string today;
    int dueSoonDays = 3;
    std::vector<DeadlineItem> overdue; ///< most overdue first
    std::vector<DeadlineItem> dueSoon; ///< soonest first
    std::vector<PersonDeadlines> people;
};

/// The figures offices report on, for one period (a month) or the total of a range.
struct PeriodFigures {
    std::string period; ///< "2026-06", or "Tổng" for the total row
    int received = 0;   ///< incoming documents that arrived in the period (every channel)
    int receivedElectronicSigned = 0; ///< of which electronically, with valid signatures
    int sent = 0;                     ///< outgoing documents issued in the period
    int sentElectronicSigned = 0;     ///< of which sent electronically to at least one office
    int handled = 0;                  ///< incoming documents closed in the period with a deadline
    int handledOnTime = 0;            ///< of which closed on or before the deadline
    double shareHandledOnTime() const;
    double shareReceivedElectronic() const;
    double shareSentElectronic() const;
};

struct FiguresReport {
    std::string from, to; ///< ISO dates, inclusive
    std::vector<PeriodFigures> months;
    PeriodFigures total;
};

inline constexpr const char* kActionRegister = "register";
inline constexpr const char* kActionRefuse = "refuse";
inline constexpr const char* kActionAssign = "assign";
inline constexpr const char* kActionStart = "start";
inline constexpr const char* kActionForward = "forward";
inline constexpr const char* kActionReply = "reply";
inline constexpr const char* kActionClose = "close";
inline constexpr const char* kActionContribute = "contribute";      ///< a co-handler's opinion
inline constexpr const char* kActionAcknowledge = "acknowledge";    ///< informed: đã xem
inline constexpr const char* kActionInstruct = "instruct";          ///< a leader's instruction
inline constexpr const char* kActionComment = "comment";            ///< ý kiến of a handler
inline constexpr const char* kActionRecallAgree = "recall-agree";   ///< Recall::agree
inline constexpr const char* kActionRecallRefuse = "recall-refuse"; ///< Recall::refuse

class IncomingFlow {
public:
    IncomingFlow(Storage& storage, BlobStore& blobs, AuditTrail& audit, OutgoingFlow& outgoing,
                 IncomingSettings settings);
    ~IncomingFlow();
    IncomingFlow(const IncomingFlow&) = delete;
    IncomingFlow& operator=(const IncomingFlow&) = delete;

    // ---- for the exchange transport (no actor: the sender is checked by the transport) ----
    /// See Dispatch::receive. Idempotent on (receiverCode, packageId).
    Id receive(const ArrivingDocument& arriving);
    /// See Dispatch::recordRecipientStatus.
    void recordRecipientStatus(const std::string& exchangeId, const std::string& recipientCode,
                               const std::string& statusCode, const std::string& at,
                               const std::string& description, const std::string& staff);

    // ---- the steps ---------------------------------------------------------------------------
    /// A clerk enters a paper letter from its scan; channel paper, receiver the clerk's office.
    /// A letter that looks like an earlier entry (docs/incoming.md, "Duplicates") throws
    /// PossibleDuplicate and stores nothing unless duplicateReason is given; then it is stored
    /// marked, with the reason, and registering it asks no more.
    IncomingDocument enterPaper(const Actor& actor, ArrivingDocument letter,
                                const std::string& duplicateReason = "");
    /// A clerk refuses an arrived document with a reason (status 02 to the sender).
    IncomingDocument refuse(const Actor& actor, Id id, const std::string& reason);
    /// A clerk registers it: next number of the office's incoming register of the year. The
    /// duplicate check runs again; a letter that looks like an earlier entry throws
    /// PossibleDuplicate (nothing changed) unless a reason is given now or was at entry; the
    /// reason is kept on the document and in the audit entry.
    IncomingDocument registerArrival(const Actor& actor, Id id,
                                     const std::string& duplicateReason = "");
    /// A leader distributes it (again): a lead handler (person or unit), co-handlers and people
    /// informed, a deadline and instructions (added to their dated history, never overwritten;
    /// sent with status 04). People kept in the same role keep their status; one who forwarded
    /// it keeps sight of it.
    IncomingDocument assign(const Actor& actor, Id id, const AssignInput& input);
    /// The lead handler (assignee) starts handling it.
    IncomingDocument start(const Actor& actor, Id id);
    /// The lead handler hands the lead to another person of the office; the forwarder keeps
    /// sight of it (role "forwarded"); status 04 "Chuyển …" to the sender.
    IncomingDocument forward(const Actor& actor, Id id, Id toUserId, const std::string& note);
    /// A co-handler gives their opinion (góp ý) and is done (403 for others, 409 when already
    /// given or the letter is not open, 422 without a note).
    IncomingDocument contribute(const Actor& actor, Id id, const std::string& note);
    /// One informed marks it read (đã xem) (403 for others, 409 when already marked).
    IncomingDocument acknowledge(const Actor& actor, Id id);
    /// A leader adds an instruction (ý kiến chỉ đạo) to its history, without re-assigning it
    /// (403 for others, 409 unless registered or open, 422 when blank); sent in the status.
    IncomingDocument instruct(const Actor& actor, Id id, const std::string& text);
    /// A comment (ý kiến) on the letter by one of its handlers (lead, co-handler, informed,
    /// forwarder) or a leader of the office, while it is registered or being handled (403 for
    /// others, 409 otherwise or once recalled, 422 when blank or longer than
    /// DraftLimits::commentCharacters). Only ever added (the database refuses a change or a
    /// removal) and audited "comment"; shown oldest first with its author and time.
    DraftComment addComment(const Actor& actor, Id id, const std::string& text);
    /// The letter's comments, oldest first (who may see the letter).
    std::vector<DraftComment> comments(const Actor& actor, Id id) const;
    /// The assignee drafts a reply: an outgoing draft linked to it, addressed to its sender.
    OutgoingDocument draftReply(const Actor& actor, Id id, DraftInput input);
    /// The assignee or a leader closes it (done). When a reply was drafted it must be issued
    /// first (Conflict), unless noReplyNeeded with a note saying why (InvalidInput "note"
    /// without one); a letter without a reply draft closes as before.
    IncomingDocument close(const Actor& actor, Id id, const std::string& note,
                           bool noReplyNeeded = false);

    // ---- reading -----------------------------------------------------------------------------
    IncomingDocument document(const Actor& actor, Id id) const;
    std::vector<IncomingDocument> list(const Actor& actor, const IncomingFilter& filter) const;
    /// One page of list(): the same documents and access rule, newest first, counted and cut
    /// in the database (issue 17 item 4).
    Paged<IncomingDocument> listPage(const Actor& actor, const IncomingFilter& filter,
                                     const PageRequest& page) const;
    std::string pdf(const Actor& actor, Id id) const;
    Attachment attachment(const Actor& actor, Id id, std::size_t index) const;
    std::vector<AuditRecord> history(const Actor& actor, Id id) const;
    std::vector<std::string> allowedActions(const Actor& actor, const IncomingDocument& doc) const;
    bool canSee(const User& user, const IncomingDocument& doc) const;
    /// The earlier entry a possibly duplicated document points to, for clerks and leaders.
    std::optional<EarlierEntry> earlierEntry(const Actor& actor, const IncomingDocument& doc) const;
    /// The reply drafted from it, when the actor may see it.
    std::optional<OutgoingDocument> reply(const Actor& actor, const IncomingDocument& doc) const;

    /// The incoming register of a year, page by page (clerks, leaders; specialists 403).
    IncomingRegisterPage incomingRegister(const Actor& actor, int year, int limit,
                                          int offset) const;
    static std::string registerCsv(const std::vector<IncomingRegisterEntry>& entries);

    /// The sender's view: each recipient of an outgoing document the actor can see.
    std::vector<DispatchRecord> recipients(const Actor& actor, Id outgoingId) const;

    /// Overdue and due-soon open documents of the actor's office (clerks, leaders), or those the
    /// actor handles as lead or co-handler (specialists; the reminders on their home page).
    DeadlineReport deadlines(const Actor& actor, int dueSoonDays = 3) const;
    /// Figures per month between two ISO dates (inclusive) for the actor's office (clerks,
    /// leaders).
    FiguresReport figures(const Actor& actor, const std::string& from, const std::string& to) const;
    /// UTF-8 with a BOM, one row per month and the total.
    static std::string figuresCsv(const FiguresReport& report);

    Dispatch& dispatch();

private:
    IncomingDocument registerInRegister(const Actor& actor, Id id,
                                        const std::string& duplicateReason);

    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace vanthu::docmgmt
