#pragma once
// Where offices, users, documents, the registers, the audit trail and sessions are kept. One
// interface for every database: SqliteStorage now, a PostgreSQL storage later
// (docs/storage.md). Every change happens inside transaction(); a call made outside one runs in
// a transaction of its own.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "vanthu/docmgmt/CaseFile.hpp"
#include "vanthu/docmgmt/Directory.hpp"
#include "vanthu/docmgmt/Dispatch.hpp"
#include "vanthu/docmgmt/ExchangeOutbox.hpp"
#include "vanthu/docmgmt/ImportedDocument.hpp"
#include "vanthu/docmgmt/IncomingDocument.hpp"
#include "vanthu/docmgmt/MetadataField.hpp"
#include "vanthu/docmgmt/OutgoingDocument.hpp"
#include "vanthu/docmgmt/SavedSearch.hpp"

namespace vanthu::docmgmt {

/// A row of the audit trail (append-only, hash-chained: see AuditTrail).
struct AuditRecord {
    std::int64_t seq = 0; ///< 1, 2, 3, … in order of writing
    std::string at;       ///< ISO 8601, Vietnam time
    std::optional<Id> userId;
    std::string username, action, object, address, detail;
    std::string prevHash, hash; ///< hex SHA-256
};

/// A signed-in session; the server keeps only a hash of the token.
struct SessionRecord {
    std::string tokenHash;
    Id userId = 0;
    std::string csrf;
    std::int64_t createdAt = 0, expiresAt = 0; ///< seconds since the epoch
};

/// Where a register number belongs: an office, a numbering period ("2026", or a Party term) and
/// a series ("thuong", "mat", or a Party type code).
struct RegisterKey {
    Id officeId = 0;
    std::string period;
    std::string series;
};

/// A key the installation signs with, or a certificate it accepts, for one owner (issue 13):
/// an office's seal (PKCS#12 imported into DIR/pki/seals, or a PKCS#11 token slot) or a
/// leader's registered certificate for two-phase signing. Passwords and PINs only sealed
/// (SecretBox).
struct KeyRecord {
    std::string owner;          ///< "seal/<office id>" or "leader/<user id>"
    std::string kind;           ///< "pkcs12", "pkcs11" or "certificate"
    std::string location;       ///< the PKCS#12 file (relative to DIR/pki), or the PKCS#11 module
    std::string token;          ///< PKCS#11: the token's label (its slot)
    std::string label;          ///< PKCS#11: the key's label
    std::string certificatePem; ///< the signer's certificate (PEM)
    std::string secret;         ///< the sealed password or PIN; "" for a certificate
    std::string changedAt;      ///< ISO 8601, Vietnam time
};

/// An office's signing policy as stored (issue 21; docmgmt::SigningPolicies reads and checks it).
struct SigningPolicyRecord {
    Id officeId = 0;
    std::string signerLevel; ///< "B-B", "B-T", "B-LT" or "B-LTA": the leader's signature
    std::string sealLevel;   ///< the same for the seal (and the letter's later revisions)
    std::string tsa;         ///< "none", "builtin" or "url"
    std::string tsaUrl;      ///< tsa "url": http://…
    std::string tsaUsername; ///< HTTP Basic user name for tsaUrl, may be empty
    std::string tsaSecret;   ///< its password sealed by SecretBox, "" when none
    std::string revocation;  ///< "aia", "responders" or "builtin"
    std::string changedAt;   ///< ISO 8601, Vietnam time
    std::string changedBy;   ///< user name
    int version = 0;         ///< raised by each change; 0: none stored (the default policy)
};

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

/// A letter the clerk chose to issue below its office's signing policy because the evidence
/// could not be had (issue 21 item 2): audited, and shown on the letter's page.
struct LoweredIssue {
    Id documentId = 0;
    std::string policyLevel; ///< what the policy asked for ("B-LTA")
    std::string issuedLevel; ///< what the letter was issued at ("B-T")
    std::string reason;      ///< the clerk's reason
    Id chosenBy = 0;
    std::string chosenByName; ///< user name
    std::string chosenAt;     ///< ISO 8601, Vietnam time
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

/// The issuer's request to recall (thu hồi) or replace (thay thế) an issued letter; never
/// changes once written (a later request is a new row).
struct RecallRequest {
    Id id = 0;
    Id documentId = 0;  ///< the issued letter recalled or replaced
    std::string kind;   ///< kRecallKindRecall, kRecallKindReplacement or kRecallKindUpdate
    std::string reason; ///< required
    std::optional<Id> replacementId; ///< the issued letter that replaces it (replacement)
    Id requestedBy = 0;              ///< the leader who asked
    std::string requestedAt;         ///< vietnamTimestamp
};

/// A change of a user's access rights (thông báo thay đổi quyền truy cập, Phụ lục VI III.3c):
/// shown to administrators until one of them confirms it.
struct AccessNotice {
    Id id = 0;
    Id userId = 0;         ///< whose rights changed
    Id officeId = 0;       ///< the user's office after the change
    std::string change;    ///< "create-user", "role", "move", "deactivate", "activate"
    std::string detail;    ///< what changed, e.g. "role: specialist → leader"
    std::string changedBy; ///< the actor's user name
    std::string changedAt; ///< vietnamTimestamp
    std::optional<Id> confirmedBy;
    std::string confirmedAt; ///< "" while it waits
    bool pending() const { return confirmedAt.empty(); }
};

/// A secret document or case file limited to named people (SecretAccess): the limit itself,
/// and each person named on it.
struct AccessLimitRecord {
    std::string object; ///< "document/7", "incoming/3", "casefile/2"
    Id officeId = 0;
    Id limitedBy = 0;
    std::string limitedAt; ///< vietnamTimestamp
};
struct AccessGrant {
    Id userId = 0;
    Id grantedBy = 0;
    std::string grantedAt; ///< vietnamTimestamp
};
/// One reading (the document's page) or download (its PDF) of a document (III.6l).
struct DocumentRead {
    std::string object; ///< "document/7", "incoming/3", "imported/5"
    Id officeId = 0;    ///< the office holding the document
    Id userId = 0;
    std::string action; ///< "view" or "download"
    std::string at;     ///< vietnamTimestamp
};
/// The reads of one document over a period.
struct ReadTally {
    std::string object;
    long views = 0, downloads = 0;
    long readers = 0;   ///< different people
    std::string lastAt; ///< the latest read
};
/// Which page of a list is asked for (issue 17 item 4): at most limit rows from offset (0 is
/// the first row). The HTTP layer bounds both before they get here.
struct PageRequest {
    int limit = 50;
    int offset = 0;
};

/// One page of a list and how many rows the whole list has with the same filter.
template <typename Row> struct Paged {
    std::vector<Row> items;
    std::int64_t total = 0;
};

/// The page of all that page asks for, and all's size as the total: for lists that are cut
/// after they are read whole (a filter the database cannot apply, a backend without paging).
template <typename Row> Paged<Row> pageOf(std::vector<Row> all, const PageRequest& page) {
    Paged<Row> out;
    out.total = static_cast<std::int64_t>(all.size());
    const auto from = std::min(all.size(), static_cast<std::size_t>(std::max(page.offset, 0)));
    const auto to = std::min(all.size(), from + static_cast<std::size_t>(std::max(page.limit, 0)));
    out.items.assign(std::make_move_iterator(all.begin() + static_cast<std::ptrdiff_t>(from)),
                     std::make_move_iterator(all.begin() + static_cast<std::ptrdiff_t>(to)));
    return out;
}

/// Which rows of an office's outgoing register of a year: one series ("" every series) and
/// issued from .. to (ISO dates, inclusive; "" leaves that end open).
struct RegisterFilter {
    std::string series, from, to;
};

/// Which outgoing documents a list shows: an office's, optionally in one state, and of those
/// only the ones the reader may see: written by authorId, or in one of visibleStates.
struct DocumentFilter {
    Id officeId = 0;
    std::optional<DocumentState> state;
    Id authorId = 0;
    std::vector<DocumentState> visibleStates;
    /// Not 0: of the documents limited to named people, only those naming this reader, or
    /// written by them or to be signed by them (docs/access-rules.md "Secret documents").
    Id readerId = 0;
};

/// Which incoming documents a list shows: an office's, optionally in one state, optionally
/// only those assigned to one user.
struct IncomingListFilter {
    Id officeId = 0;
    std::optional<IncomingState> state;
    std::optional<Id> assigneeId;
    /// Not 0: of the letters limited to named people, only those naming this reader or
    /// assigned to them.
    Id readerId = 0;
    /// Urgent letters first (hỏa tốc, thượng khẩn, khẩn), then newest first.
    bool urgentFirst = false;
    /// Only those distributed to this user (lead, co-handler, informed, forwarded) or assigned.
    std::optional<Id> handlerId;
};

class Storage {
public:
    virtual ~Storage() = default;

    /// Runs work in one transaction: all its changes are committed together, or none when it
    /// throws (the exception is rethrown). Nested calls join the outer transaction. Calls from
    /// other threads wait until it ends.
    virtual void transaction(const std::function<void()>& work) = 0;
    /// The schema version the database is at.
    virtual int schemaVersion() const = 0;

    // Offices. addOffice throws Conflict when the code is taken.
    virtual Id addOffice(const Office& office) = 0;
    virtual void updateOffice(const Office& office) = 0;
    virtual std::optional<Office> findOffice(Id id) const = 0;
    virtual std::vector<Office> offices() const = 0;

    // Users. addUser throws Conflict when the username is taken.
    virtual Id addUser(const User& user, const std::string& passwordHash) = 0;
    virtual void updateUser(const User& user) = 0;
    virtual void setPasswordHash(Id userId, const std::string& passwordHash) = 0;
    virtual std::optional<User> findUser(Id id) const = 0;
    virtual std::optional<User> findUserByName(const std::string& username) const = 0;
    /// The stored password hash (Passwords.hpp), empty when the user does not exist.
    virtual std::string passwordHash(Id userId) const = 0;
    /// All users, or those of one office.
    virtual std::vector<User> users(std::optional<Id> officeId = std::nullopt) const = 0;

    // Units (phòng, ban) of an office. addUnit and renameUnit throw Conflict when the office has
    // a unit of that name.
    virtual Id addUnit(const Unit& unit) = 0;
    virtual void renameUnit(Id unitId, const std::string& name) = 0;
    virtual void removeUnit(Id unitId) = 0;
    virtual std::optional<Unit> findUnit(Id unitId) const = 0;
    /// An office's units by name.
    virtual std::vector<Unit> units(Id officeId) const = 0;

    // Documents. addDocument also keeps version 1; addDocumentVersion keeps later ones.
    virtual Id addDocument(const OutgoingDocument& document) = 0;
    virtual void updateDocument(const OutgoingDocument& document) = 0;
    virtual void addDocumentVersion(const DocumentVersion& version) = 0;
    virtual std::optional<OutgoingDocument> findDocument(Id id) const = 0;
    /// An office's documents, newest first, optionally in one state.
    virtual std::vector<OutgoingDocument>
    documents(Id officeId, std::optional<DocumentState> state = std::nullopt) const = 0;
    virtual std::vector<DocumentVersion> documentVersions(Id documentId) const = 0;
    /// How many documents this user wrote that are drafts or returned drafts.
    virtual std::size_t openDrafts(Id authorId) const = 0;
    // Comments on outgoing documents (only ever added) and their attachments (frozen at issue:
    // adding or removing one of an issued document throws Conflict), oldest first.
    virtual Id addDocumentComment(const DraftComment& comment) = 0;
    virtual std::vector<DraftComment> documentComments(Id documentId) const = 0;
    /// Comments on incoming letters (documentId: the incoming letter), only ever added.
    virtual Id addIncomingComment(const DraftComment& comment) = 0;
    virtual std::vector<DraftComment> incomingComments(Id incomingId) const = 0;
    virtual Id addDocumentAttachment(const LetterAttachment& attachment) = 0;
    /// False when the document has no such attachment.
    virtual bool removeDocumentAttachment(Id documentId, Id attachmentId) = 0;
    virtual std::vector<LetterAttachment> documentAttachments(Id documentId) const = 0;
    /// Every blob name a row points to (for cleaning up blobs a crash left without a row).
    virtual std::vector<std::string> referencedBlobs() const = 0;

    // The outgoing register. nextOutgoingNumber must run inside transaction(): it returns the
    // next number of the series (1 for a new one) and counts it as used when the transaction
    // commits; a rollback gives it back.
    virtual int nextOutgoingNumber(const RegisterKey& key) = 0;
    /// The number nextOutgoingNumber would give now, counting nothing (an issue prepares its
    /// letter with it outside the write transaction, then takes it there if still free).
    virtual int peekOutgoingNumber(const RegisterKey& key) const = 0;
    /// Throws Conflict when the number is already in the register.
    virtual void addRegisterEntry(const RegisterKey& key, int year, Id officeId,
                                  const RegisterEntry& entry) = 0;
    /// An office's register for a calendar year, in order of numbering.
    virtual std::vector<RegisterEntry> registerEntries(Id officeId, int year) const = 0;

    // The audit trail. appendAudit stores the record as given (seq included).
    virtual void appendAudit(const AuditRecord& record) = 0;
    virtual std::optional<AuditRecord> lastAudit() const = 0;
    /// Records with seq > afterSeq in order, at most limit of them.
    virtual std::vector<AuditRecord> auditRecords(std::int64_t afterSeq, int limit) const = 0;
    /// The newest records first.
    virtual std::vector<AuditRecord> latestAudit(int limit) const = 0;
    /// Records about one object ("document/7"), oldest first.
    virtual std::vector<AuditRecord> auditFor(const std::string& object) const = 0;

    // Sessions: the server keeps them here, so that they survive its restart.
    virtual void addSession(const SessionRecord& session) = 0;
    virtual std::optional<SessionRecord> findSession(const std::string& tokenHash) const = 0;
    /// Moves a session's expiry (kept alive by use).
    virtual void touchSession(const std::string& tokenHash, std::int64_t expiresAt) = 0;
    virtual void removeSession(const std::string& tokenHash) = 0;
    /// Ends every session of a user (sign-out elsewhere, password or role changed); returns how
    /// many.
    virtual int removeUserSessions(Id userId) = 0;
    /// Removes sessions that expired before now; returns how many.
    virtual int removeExpiredSessions(std::int64_t now) = 0;

    // ---- routing: dispatch, incoming documents, the exchange outbox (issue 5) -------------
    /// The issued document with this exchangeId, if any.
    virtual std::optional<OutgoingDocument>
    findDocumentByExchangeId(const std::string& exchangeId) const = 0;
    // Incoming documents. addIncoming stores the attachments too (their blobs set) and throws
    // Conflict when the office already has the packageId.
    virtual Id addIncoming(const IncomingDocument& document) = 0;
    virtual void updateIncoming(const IncomingDocument& document) = 0;
    virtual std::optional<IncomingDocument> findIncoming(Id id) const = 0;
    virtual std::optional<IncomingDocument>
    findIncomingByPackage(Id officeId, const std::string& packageId) const = 0;
    /// Stores a copy's recall fields, its PDF blob name and its attachments' blob names (empty
    /// once the copy is destroyed).
    virtual void updateIncomingRecall(const IncomingDocument& document) = 0;
    /// Stores a document's duplicate mark (kind, earlier entry, match, the clerk's reason).
    virtual void updateIncomingDuplicate(const IncomingDocument& document) = 0;
    /// Replaces the distribution of an incoming document (its handlers, in this order).
    virtual void setIncomingHandlers(Id incomingId,
                                     const std::vector<IncomingHandler>& handlers) = 0;
    /// Adds one entry to the history of its instructions (never changed afterwards).
    virtual Id addIncomingInstruction(Id incomingId, const Instruction& instruction) = 0;
    /// The office's incoming documents that may be the same letter as one with this
    /// identifier (exchangeId, when not empty) or this number (digits, leading zeros ignored),
    /// oldest first; the caller compares the rest (issuer, notation, date).
    virtual std::vector<IncomingDocument> incomingCandidates(Id officeId,
                                                             const std::string& exchangeId,
                                                             const std::string& number) const = 0;
    /// Every copy here (any receiving office) of the document a sender sent as exchangeId.
    virtual std::vector<IncomingDocument>
    findIncomingByExchangeId(const std::string& senderCode,
                             const std::string& exchangeId) const = 0;
    /// An office's incoming documents, newest first.
    virtual std::vector<IncomingDocument> incomingDocuments(Id officeId) const = 0;
    /// The incoming register of a year in number order, one page, and its row count.
    virtual std::vector<IncomingRegisterEntry> incomingRegister(Id officeId, int year, int limit,
                                                                int offset) const = 0;
    virtual int incomingRegisterSize(Id officeId, int year) const = 0;
    // Dispatch rows of issued documents and the statuses recipients reported.
    virtual Id addDispatch(const DispatchRecord& record) = 0;
    /// Updates the latest status, sentAt and note of a row.
    virtual void updateDispatch(const DispatchRecord& record) = 0;
    virtual void addRecipientStatus(Id dispatchId, const RecipientStatus& status) = 0;
    /// A document's recipients with their status history, in the order they were added.
    virtual std::vector<DispatchRecord> dispatches(Id documentId) const = 0;
    // The exchange outbox.
    virtual Id addOutboxItem(const OutboxItem& item) = 0;
    virtual void updateOutboxItem(const OutboxItem& item) = 0;
    virtual std::optional<OutboxItem> findOutboxItem(Id id) const = 0;
    /// Undelivered items not cancelled, with nextAttemptAt <= now (text comparison of
    /// vietnamTimestamp), oldest first; every such item when now is empty.
    virtual std::vector<OutboxItem> pendingOutboxItems(const std::string& now, int limit) const = 0;
    /// Inside a transaction: the items pendingOutboxItems(now, limit) gives, locked until the
    /// transaction ends; on PostgreSQL items another server holds are skipped (FOR UPDATE SKIP
    /// LOCKED), so that no two servers claim one item.
    virtual std::vector<OutboxItem> lockDueOutboxItems(const std::string& now, int limit) = 0;
    /// Every "document" item (pending, delivered or cancelled) of an outgoing document, oldest
    /// first.
    virtual std::vector<OutboxItem> outboxDocumentItems(Id documentId) const = 0;
    /// Items sent through the national axis (axisDocId set) since `since` (deliveredAt, text
    /// comparison) whose delivery is not final yet (axisReceiveStatus not "done" nor "fail"),
    /// those checked longest ago first, at most limit.
    virtual std::vector<OutboxItem> outboxAwaitingAxisDelivery(const std::string& since,
                                                               int limit) const = 0;

    /// Sign-in events of the audit trail on the days from .. to (ISO dates, inclusive), counted
    /// per month, user name and action (AccessStatistics).
    struct SignInTally {
        std::string month, username, action;
        long count = 0;
        std::string lastAt;
    };
    virtual std::vector<SignInTally> signInTallies(const std::string& from,
                                                   const std::string& to) const = 0;

    // Access-right notices (Administration), newest first.
    virtual Id addAccessNotice(const AccessNotice& notice) = 0;
    virtual std::optional<AccessNotice> findAccessNotice(Id id) const = 0;
    /// Those still waiting, or all of them (at most limit, newest first).
    virtual std::vector<AccessNotice> accessNotices(bool pendingOnly, std::size_t limit) const = 0;
    /// Sets confirmedBy and confirmedAt once (Conflict when it was confirmed already).
    virtual void confirmAccessNotice(Id id, Id confirmedBy, const std::string& confirmedAt) = 0;

    // Secret documents and case files limited to named people (SecretAccess).
    virtual std::optional<AccessLimitRecord> findAccessLimit(const std::string& object) const = 0;
    virtual void addAccessLimit(const AccessLimitRecord& limit) = 0;
    /// Removes the limit and every grant on the object; false when it was not limited.
    virtual bool removeAccessLimit(const std::string& object) = 0;
    /// The people named on an object, in order of user id.
    virtual std::vector<AccessGrant> accessGrants(const std::string& object) const = 0;
    /// False when the person was named already.
    virtual bool addAccessGrant(const std::string& object, const AccessGrant& grant) = 0;
    /// False when the person was not named.
    virtual bool removeAccessGrant(const std::string& object, Id userId) = 0;
    // Readings and downloads of documents (III.6l), counted per document (6a).
    virtual void addDocumentRead(const DocumentRead& read) = 0;
    /// An office's documents read on the days from .. to (ISO dates, inclusive), the most read
    /// first, at most limit of them.
    virtual std::vector<ReadTally> readTallies(Id officeId, const std::string& from,
                                               const std::string& to, int limit) const = 0;
    /// Who read a document and when, newest first, at most limit.
    virtual std::vector<DocumentRead> documentReads(const std::string& object, int limit) const = 0;
    // Recall and replacement requests of issued documents (Recall), oldest first.
    virtual Id addRecallRequest(const RecallRequest& request) = 0;
    virtual std::vector<RecallRequest> recallRequests(Id documentId) const = 0;

    // ---- case files and imported documents (CaseFiles, BulkImport) ----------------------
    // The yearly file list. addFileListEntry throws Conflict when the office's list of that
    // year already has the code.
    virtual Id addFileListEntry(const FileListEntry& entry) = 0;
    virtual std::optional<FileListEntry> findFileListEntry(Id id) const = 0;
    virtual std::vector<FileListEntry> fileList(Id officeId, int year) const = 0;
    // Case files. addCaseFile throws Conflict when the office already has a file with that code
    // in that year; updateCaseFile throws Conflict for a closed file (the database refuses).
    virtual Id addCaseFile(const CaseFile& file) = 0;
    virtual void updateCaseFile(const CaseFile& file) = 0;
    virtual std::optional<CaseFile> findCaseFile(Id id) const = 0;
    /// An office's case files, newest first.
    virtual std::vector<CaseFile> caseFiles(Id officeId) const = 0;
    /// addCaseFileItem throws Conflict when the document is already in that case file (it may be
    /// in any number of others: NĐ 30 Phụ lục VI III.4e).
    virtual void addCaseFileItem(const CaseFileItem& item) = 0;
    /// Takes a document out of a case file; false when it was not in it.
    virtual bool removeCaseFileItem(Id caseFileId, const std::string& kind, Id documentId) = 0;
    /// A file's documents in their order.
    virtual std::vector<CaseFileItem> caseFileItems(Id caseFileId) const = 0;
    /// The case files holding a document, oldest first (none, one or several).
    virtual std::vector<Id> caseFilesHolding(const std::string& kind, Id documentId) const = 0;
    /// A closed file's handover to the archive; addCaseFileHandover throws Conflict when the
    /// file was already handed over.
    virtual void addCaseFileHandover(const CaseFileHandover& handover) = 0;
    virtual std::optional<CaseFileHandover> findCaseFileHandover(Id caseFileId) const = 0;
    // A permanent file handed on to the historical archive (III.5c), once.
    virtual void addCaseFileTransfer(const CaseFileHandover& transfer) = 0;
    virtual std::optional<CaseFileHandover> findCaseFileTransfer(Id caseFileId) const = 0;
    // Freezes of case files by an order (IV.1g); the database refuses changes to a frozen file.
    virtual void addCaseFileFreeze(const CaseFileFreeze& freeze) = 0;
    virtual void removeCaseFileFreeze(Id caseFileId) = 0;
    virtual std::optional<CaseFileFreeze> findCaseFileFreeze(Id caseFileId) const = 0;
    virtual std::vector<CaseFileFreeze> caseFileFreezes(Id officeId) const = 0;
    /// Archive notices: add one unless that person already has one for that file (false then);
    /// a user's notices, newest first (unread only, or all); mark one read (false when it is
    /// not that user's or already read).
    virtual bool addCaseFileNotice(const CaseFileNotice& notice) = 0;
    virtual std::vector<CaseFileNotice> caseFileNotices(Id userId, bool unreadOnly) const = 0;
    virtual bool markCaseFileNoticeRead(Id noticeId, Id userId, const std::string& at) = 0;
    // Imported documents. addImportedDocument throws Conflict when the office already has one
    // with the same number, notation and issuer in the same year (of its date).
    virtual Id addImportedDocument(const ImportedDocument& document) = 0;
    virtual std::optional<ImportedDocument> findImportedDocument(Id id) const = 0;
    virtual std::optional<ImportedDocument>
    findImportedDuplicate(Id officeId, int year, const std::string& number,
                          const std::string& notation, const std::string& issuer) const = 0;
    virtual std::vector<ImportedDocument> importedDocuments(Id officeId) const = 0;
    /// The office's imported incoming documents with this number (digits, leading zeros
    /// ignored), oldest first: the duplicate check's candidates.
    virtual std::vector<ImportedDocument> importedCandidates(Id officeId,
                                                             const std::string& number) const = 0;

    // Text recognised (OCR) in a PDF's scanned pages, by the PDF's blob name: read once, kept
    // through rebuilds of the search index. Empty text: read, nothing found (not read again).
    virtual std::optional<std::string> recognisedText(const std::string& blob) const = 0;
    virtual void saveRecognisedText(const std::string& blob, const std::string& text) = 0;

    // Seals and leaders' certificates (issue 13), one record per owner.
    virtual std::optional<KeyRecord> findKeyRecord(const std::string& owner) const = 0;
    /// Adds or replaces the owner's record.
    virtual void saveKeyRecord(const KeyRecord& record) = 0;
    /// False when the owner had none.
    virtual bool removeKeyRecord(const std::string& owner) = 0;
    virtual std::vector<KeyRecord> keyRecords() const = 0;

    // ---- paged lists (issue 17 item 4): LIMIT/OFFSET and the count in the database --------
    /// A page of registerEntries (same order: issued date, series, number) with a filter.
    virtual Paged<RegisterEntry> registerPage(Id officeId, int year, const RegisterFilter& filter,
                                              const PageRequest& page) const = 0;
    /// A page of an office's outgoing documents, newest first.
    virtual Paged<OutgoingDocument> documentPage(const DocumentFilter& filter,
                                                 const PageRequest& page) const = 0;
    /// A page of an office's incoming documents, newest first.
    virtual Paged<IncomingDocument> incomingPage(const IncomingListFilter& filter,
                                                 const PageRequest& page) const = 0;
    /// A page of the audit trail, newest first.
    virtual Paged<AuditRecord> auditPage(const PageRequest& page) const = 0;
    /// A page of the users (of one office, or all), in order of id.
    virtual Paged<User> userPage(std::optional<Id> officeId, const PageRequest& page) const = 0;
    /// A page of the offices, in order of id.
    virtual Paged<Office> officePage(const PageRequest& page) const = 0;

    // Signing policies (issue 21), one per office; none stored: the installation's default.
    virtual std::optional<SigningPolicyRecord> findSigningPolicy(Id officeId) const = 0;
    /// Adds or replaces the office's policy.
    virtual void saveSigningPolicy(const SigningPolicyRecord& record) = 0;

    // Saved searches (6e; docmgmt::SavedSearches checks who may do what).
    virtual Id addSavedSearch(const SavedSearch& search) = 0;
    virtual void updateSavedSearch(const SavedSearch& search) = 0;
    virtual void removeSavedSearch(Id id) = 0;
    virtual std::optional<SavedSearch> findSavedSearch(Id id) const = 0;
    /// The user's own and those shared in the office, by name.
    virtual std::vector<SavedSearch> savedSearches(Id officeId, Id userId) const = 0;
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
    // Letters issued below their policy by the clerk's choice, one row per letter.
    virtual void addLoweredIssue(const LoweredIssue& record) = 0;
    virtual std::optional<LoweredIssue> findLoweredIssue(Id documentId) const = 0;
    // Metadata fields an office adds (III.7c; docmgmt::MetadataFields checks who and what).
    virtual Id addMetadataField(const MetadataField& field) = 0;
    virtual void removeMetadataField(Id id) = 0;
    virtual std::optional<MetadataField> findMetadataField(Id id) const = 0;
    /// The office's fields in the order they were defined.
    virtual std::vector<MetadataField> metadataFields(Id officeId) const = 0;
    virtual bool metadataFieldInUse(Id id) const = 0;
    /// A document's values, in the order of its office's fields.
    virtual std::vector<MetadataValue> metadataValues(const std::string& kind,
                                                      Id documentId) const = 0;
    virtual void replaceMetadataValues(const std::string& kind, Id documentId,
                                       const std::vector<MetadataValue>& values) = 0;

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
    /// Unsent notices whose next attempt is due at `now` (Unix seconds), oldest first.
    virtual std::vector<MailNotice> dueMailNotices(std::int64_t now, int limit) const = 0;
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
