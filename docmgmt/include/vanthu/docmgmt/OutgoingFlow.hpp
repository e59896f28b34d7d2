#pragma once
// The outgoing flow (quy trình văn bản đi) with every access check: who may do what, in which
// state, in which office (docs/access-rules.md). Each step is one transaction with its audit
// entry; a refused step changes nothing. The server calls only this for outgoing documents.
//
// Errors (Errors.hpp): NotFound (no such document, or not visible to the actor), Forbidden (the
// actor's role does not allow the step), Conflict (the state does not allow it), InvalidInput
// (a field is wrong: field() names it).
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "vanthu/docmgmt/Directory.hpp"
#include "vanthu/docmgmt/Dispatch.hpp"
#include "vanthu/docmgmt/DraftComparison.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/Faults.hpp"
#include "vanthu/docmgmt/OutgoingDocument.hpp"
#include "vanthu/docmgmt/Storage.hpp"
#include "vanthu/docmgmt/VietnamTime.hpp"

namespace vanthu::docmgmt {

class BlobStore;
class AuditTrail;
class KeyRing;
class SigningPolicies;
class Preservation;

/// Who is acting and from where (for the audit trail). The flow re-reads the user from the
/// storage, so a role or office changed since sign-in counts at once.
struct Actor {
    User user;
    std::string address; ///< client IP address
    /// `user` was read from the storage for this very call (the HTTP request's authentication
    /// reads it afresh each request): the flows take it as it is instead of reading it again.
    /// False (the default) makes every flow step re-read the user.
    bool current = false;
};

/// What the flow needs from the server's settings.
struct FlowSettings {
    std::string keyPassword;       ///< of the server-held PKCS#12 files (leaders' and seals')
    std::string signatureImagePng; ///< drawn in the signer's field; empty: a text appearance
    std::string sealImagePng;      ///< drawn in the seal's field; empty: a text appearance
    Clock clock = systemClock();   ///< "today" in Vietnam time comes from it
    /// Tests: "issue:numbered", "issue:sealed", "issue:stored", "issue:recorded".
    FaultInjector* faults = nullptr;
    /// How documents that offices on this server receive at issue are verified.
    VerificationSettings verification;
    /// What a draft may hold (checked at saving).
    DraftLimits draftLimits;
    /// How long one render of a document (preview, signing, two-phase prepare) may take, waiting
    /// for another render included; over it: InvalidInput("body"). Zero: no limit.
    std::chrono::milliseconds renderTimeLimit{20'000};
    /// When set (by the server stopping), every render ends within a paragraph or a page with
    /// templates::RenderStopped (Cancelled). Must outlive the flow.
    const std::atomic<bool>* stopRenders = nullptr;
    /// The installation's seals, leaders' registered certificates and trust list (Installation
    /// sets it; it must outlive the flow). When set, the office's seal comes from it, a leader
    /// signs in two phases only with their registered certificate, and every signer's
    /// certificate is checked against its trust list (CRLs, OCSP). Unset (a flow built alone, in
    /// tests): seals from Office::sealKey with keyPassword, any certificate chaining to
    /// verification.trustAnchorsPem.
    const KeyRing* keyRing = nullptr;
    /// Each office's signing policy (issue 21; Installation sets it; it must outlive the flow):
    /// the leader's signature and the seal get a signature time-stamp from B-T up, the issued
    /// letter validation data (B-LT) and a document time-stamp (B-LTA) after the seal. A TSA or
    /// revocation source that does not answer refuses the step with EvidenceUnavailable, nothing
    /// written. Unset: every signature B-B.
    const SigningPolicies* policies = nullptr;
    /// Long-term copies (issue 21 item 4; Installation sets it; it must outlive the flow): an
    /// issued letter gets its row at once, after the issue's transaction and its series lock,
    /// so that its page shows its long-term copy. Unset: the renewal job's next round does it.
    Preservation* preservation = nullptr;
};

/// The clerk's explicit choice to issue a letter below its office's signing policy because the
/// time-stamp authority or a revocation source does not answer (issue 21 item 2).
struct LowerLevel {
    std::string level;  ///< "B-B", "B-T" or "B-LT", below the policy's level
    std::string reason; ///< required; in the audit entry and on the letter's page
};

/// The actions docs/api.md lists in allowedActions.
inline constexpr const char* kActionEdit = "edit";
inline constexpr const char* kActionSubmit = "submit";
inline constexpr const char* kActionReturn = "return";
inline constexpr const char* kActionApprove = "approve";
inline constexpr const char* kActionSign = "sign";
inline constexpr const char* kActionIssue = "issue";

class OutgoingFlow {
public:
    OutgoingFlow(Storage& storage, BlobStore& blobs, AuditTrail& audit, FlowSettings settings);
    ~OutgoingFlow();
    OutgoingFlow(const OutgoingFlow&) = delete;
    OutgoingFlow& operator=(const OutgoingFlow&) = delete;

    /// A draft is saved as typed, complete or not (nothing a user types is lost); what is
    /// missing or wrong is checked at submit. Its content (and preview) exists once complete.
    OutgoingDocument createDraft(const Actor& actor, const DraftInput& input);
    /// baseVersion: the version the author started from; an older one than the stored one is
    /// refused with StaleVersion (naming who saved the newer one, when), nothing written.
    /// The author edits a draft or a returned draft; a leader of the office may edit a submitted
    /// one (NĐ 30 Phụ lục VI III.1n): it stays submitted, must stay complete (InvalidInput with
    /// every problem), and the new version is kept as the leader's (kEditedByLeader).
    OutgoingDocument updateDraft(const Actor& actor, Id id, int baseVersion,
                                 const DraftInput& input);
    /// Refused with InvalidInput listing every problem of the draft (problems()) at once.
    OutgoingDocument submit(const Actor& actor, Id id);
    OutgoingDocument returnForChanges(const Actor& actor, Id id, const std::string& comment);
    OutgoingDocument approve(const Actor& actor, Id id);
    /// Signs with the leader's server-held PKCS#12.
    OutgoingDocument sign(const Actor& actor, Id id);
    /// Two-phase signing for a key that never reaches the server: returns the base64 SHA-256
    /// digest to sign (of the CAdES signed attributes).
    std::string prepareSignature(const Actor& actor, Id id, const std::string& certificateChainPem);
    /// signatureValue: base64 of the raw signature value (PKCS#1 v1.5 / DER ECDSA).
    OutgoingDocument completeSignature(const Actor& actor, Id id,
                                       const std::string& signatureValue);
    /// The clerk issues: next number of the year, date, number and date filled in, seal, and
    /// the policy's time-stamps and validation data. The time-stamp authority and revocation
    /// sources are asked outside the write transaction, which then takes the very number the
    /// letter carries (a number another issue took in between: prepared again). Evidence that
    /// cannot be had: EvidenceUnavailable, nothing written, no number used. lower: the clerk's
    /// audited choice to issue below the policy (InvalidInput "level" or "reason"). Issuing
    /// takes the letter out of the issue queue.
    OutgoingDocument issue(const Actor& actor, Id id,
                           const std::optional<LowerLevel>& lower = std::nullopt);

    // The issue queue (issue 21 item 2): signed letters waiting for their office's TSA or
    // revocation source, retried by retryIssueQueue() with a growing pause.
    /// The clerk chooses to wait: the letter is retried as them. Audited "issue-queued".
    /// Conflict when it waits already.
    IssueQueueEntry queueIssue(const Actor& actor, Id id);
    /// The clerk takes the letter out of the queue (NotFound when it is not there). Audited.
    void unqueueIssue(const Actor& actor, Id id);
    /// The letter's queue entry, if it waits.
    std::optional<IssueQueueEntry> queued(const Actor& actor, Id id) const;
    /// The clerk's choice to issue the letter below its policy, if made.
    std::optional<LoweredIssue> loweredIssue(const Actor& actor, Id id) const;
    /// The waiting letters the actor may see: a clerk's or leader's of their office, an
    /// administrator's of the offices they administer; the longest waiting first.
    std::vector<IssueQueueEntry> issueQueue(const Actor& actor) const;
    struct QueueRound {
        std::size_t issued = 0;
        std::size_t failed = 0;
        bool more = false; ///< the round was full: due letters may be left for the next one
    };
    /// Tries the due letters (at most limit): issued, or their next attempt put off. They are
    /// claimed first (claimDueIssues), so that two servers on one database never try one letter
    /// at once.
    QueueRound retryIssueQueue(std::size_t limit = 10);
    /// The letters due now (at most limit, the longest waiting first), claimed for this caller:
    /// their next attempt moved past a lease of kIssueLeasePerLetter × (limit + 1) seconds, in
    /// one transaction (FOR UPDATE SKIP LOCKED on PostgreSQL: letters another server is claiming
    /// are skipped). A caller that dies leaves them due again when the lease ends.
    std::vector<IssueQueueEntry> claimDueIssues(std::size_t limit);
    /// Longer than one letter's issue can take with every TSA and revocation request timing out.
    static constexpr std::int64_t kIssueLeasePerLetter = 120;
    /// The pause before retry number attempts (1 min, doubling, at most 1 h).
    static std::int64_t retryDelaySeconds(int attempts);

    OutgoingDocument document(const Actor& actor, Id id) const;
    std::vector<OutgoingDocument> list(const Actor& actor,
                                       std::optional<DocumentState> state) const;
    /// The PDF to show: issued, else signed, else a fresh preview of the draft.
    std::string pdf(const Actor& actor, Id id) const;
    std::vector<RegisterEntry> outgoingRegister(const Actor& actor, int year) const;
    /// One page of list(): the same documents and the same access rule, newest first, counted
    /// and cut in the database (issue 17 item 4).
    Paged<OutgoingDocument> listPage(const Actor& actor, std::optional<DocumentState> state,
                                     const PageRequest& page) const;
    /// One page of outgoingRegister() (same readers, same order) with a filter, and its total.
    Paged<RegisterEntry> outgoingRegisterPage(const Actor& actor, int year,
                                              const RegisterFilter& filter,
                                              const PageRequest& page) const;
    /// The document's audit entries, oldest first (the API's "history").
    std::vector<AuditRecord> history(const Actor& actor, Id id) const;
    std::vector<DocumentVersion> versions(const Actor& actor, Id id) const;

    // ---- comments, versions compared, attachments (issue 14 item 4) ------------------------
    /// A comment (góp ý) by someone who may see the document: its author, the office's leaders
    /// from submission, its clerks from approval (canSee). Refused on an issued letter
    /// (Conflict); the text is required and at most draftLimits.commentCharacters
    /// (InvalidInput "text"). Audited "comment"; never changed nor deleted afterwards.
    DraftComment addComment(const Actor& actor, Id id, const std::string& text);
    /// The document's comments, oldest first.
    std::vector<DraftComment> comments(const Actor& actor, Id id) const;
    /// What changed from the kept version `from` to the kept version `to` (NotFound for a
    /// version that is not kept).
    VersionComparison compareVersions(const Actor& actor, Id id, int from, int to) const;
    /// Adds a file to the letter (phụ lục, tài liệu kèm theo), by whoever may edit it now: its
    /// author while a draft or returned, a leader of the office while submitted. Its type is
    /// read from its name and its first bytes (pdf, doc, docx, xls, xlsx, odt, zip); its size,
    /// the count and the total are bounded by draftLimits (InvalidInput "file" or "name").
    /// Stored in the blob store; audited "attachment-add".
    LetterAttachment addAttachment(const Actor& actor, Id id, const std::string& name,
                                   const std::string& bytes);
    /// Takes a file off the letter before it is issued (same editors); audited.
    void removeAttachment(const Actor& actor, Id id, Id attachmentId);
    /// The letter's files, in the order they were added.
    std::vector<LetterAttachment> attachments(const Actor& actor, Id id) const;
    /// One file and its bytes (NotFound when the letter has no such file).
    std::pair<LetterAttachment, std::string> attachment(const Actor& actor, Id id,
                                                        Id attachmentId) const;

    /// The recipients of an issued document with each one's status and times (the sender's
    /// view); empty before issue.
    std::vector<DispatchRecord> recipients(const Actor& actor, Id id) const;

    /// What keeps a draft from being submitted, every field at once (empty: complete).
    std::vector<FieldProblem> problems(const OutgoingDocument& doc) const;

    /// What the actor may do now with a document they can see ("edit", "submit", ...).
    std::vector<std::string> allowedActions(const Actor& actor, const OutgoingDocument& doc) const;
    /// Whether the actor may see the document at all.
    bool canSee(const User& user, const OutgoingDocument& doc) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace vanthu::docmgmt
