#pragma once
// The storage on SQL: SQLite through Poco::Data in DIR/vanthu.db (WAL journal, foreign keys on),
// or a PostgreSQL database; schema migrations as ordered SQL steps recorded in schema_version.
// One class for both engines: the SQL is written once, one file per area of Storage in
// docmgmt/src/sql/ (docs/storage.md, "Where the SQL is").
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "vanthu/docmgmt/Storage.hpp"

namespace vanthu::docmgmt {

struct SqlOptions {
    /// Bring the schema up to date on opening (false: refuse a database that is not current,
    /// e.g. for `vanthu audit verify`, which must not change anything).
    bool migrate = true;
    /// Milliseconds to wait for another process's lock (the sqlite3 shell, a second server).
    int busyTimeoutMs = 5000;
    /// Tests: migrate only up to this version (0: the current one).
    int migrateTo = 0;
};

/// A PostgreSQL database (issue 17) instead of a file: libpq's connection string, either
/// `host=… port=… dbname=… user=…` or `postgresql://user@host:port/dbname`.
struct PostgresDatabase {
    std::string connection;
};

/// One storage class for both engines: the SQL is written once and what differs between SQLite
/// and PostgreSQL is in docmgmt/src/SqlDialect.cpp (docs/storage.md, "One SQL, two engines").
class SqlStorage : public Storage {
public:
    /// Opens (creating if missing) the database file. Throws std::runtime_error when it cannot
    /// be opened, is not a vanthu database, or comes from a newer version of vanthu.
    explicit SqlStorage(const std::filesystem::path& databaseFile, const SqlOptions& options = {});
    /// Opens a PostgreSQL database (bringing its schema up to date like a file's). Throws
    /// std::runtime_error as above.
    explicit SqlStorage(const PostgresDatabase& database, const SqlOptions& options = {});
    ~SqlStorage() override;
    SqlStorage(const SqlStorage&) = delete;
    SqlStorage& operator=(const SqlStorage&) = delete;

    /// The schema version this build writes.
    static int currentSchemaVersion();
    /// DIR/vanthu.db
    static std::filesystem::path databaseFileIn(const std::filesystem::path& dataDir);

    void transaction(const std::function<void()>& work) override;
    int schemaVersion() const override;

    Id addOffice(const Office& office) override;
    void updateOffice(const Office& office) override;
    std::optional<Office> findOffice(Id id) const override;
    std::vector<Office> offices() const override;

    Id addUser(const User& user, const std::string& passwordHash) override;
    void updateUser(const User& user) override;
    void setPasswordHash(Id userId, const std::string& passwordHash) override;
    std::optional<User> findUser(Id id) const override;
    std::optional<User> findUserByName(const std::string& username) const override;
    std::string passwordHash(Id userId) const override;
    std::vector<User> users(std::optional<Id> officeId = std::nullopt) const override;

    Id addDocument(const OutgoingDocument& document) override;
    void updateDocument(const OutgoingDocument& document) override;
    void addDocumentVersion(const DocumentVersion& version) override;
    std::optional<OutgoingDocument> findDocument(Id id) const override;
    std::vector<OutgoingDocument>
    documents(Id officeId, std::optional<DocumentState> state = std::nullopt) const override;
    std::vector<DocumentVersion> documentVersions(Id documentId) const override;
    Id addDocumentComment(const DraftComment& comment) override;
    std::vector<DraftComment> documentComments(Id documentId) const override;
    Id addIncomingComment(const DraftComment& comment) override;
    std::vector<DraftComment> incomingComments(Id incomingId) const override;
    Id addDocumentAttachment(const LetterAttachment& attachment) override;
    bool removeDocumentAttachment(Id documentId, Id attachmentId) override;
    std::vector<LetterAttachment> documentAttachments(Id documentId) const override;
    std::size_t openDrafts(Id authorId) const override;
    std::vector<std::string> referencedBlobs() const override;

    int nextOutgoingNumber(const RegisterKey& key) override;
    int peekOutgoingNumber(const RegisterKey& key) const override;
    void addRegisterEntry(const RegisterKey& key, int year, Id officeId,
                          const RegisterEntry& entry) override;
    std::vector<RegisterEntry> registerEntries(Id officeId, int year) const override;

    void appendAudit(const AuditRecord& record) override;
    std::optional<AuditRecord> lastAudit() const override;
    std::vector<AuditRecord> auditRecords(std::int64_t afterSeq, int limit) const override;
    std::vector<AuditRecord> latestAudit(int limit) const override;
    std::vector<AuditRecord> auditFor(const std::string& object) const override;

    void addSession(const SessionRecord& session) override;
    std::optional<SessionRecord> findSession(const std::string& tokenHash) const override;
    void removeSession(const std::string& tokenHash) override;
    void touchSession(const std::string& tokenHash, std::int64_t expiresAt) override;
    int removeUserSessions(Id userId) override;
    int removeExpiredSessions(std::int64_t now) override;

    // ---- routing: dispatch, incoming documents, the exchange outbox ------------------------
    std::optional<OutgoingDocument>
    findDocumentByExchangeId(const std::string& exchangeId) const override;
    Id addIncoming(const IncomingDocument& document) override;
    void updateIncoming(const IncomingDocument& document) override;
    std::optional<IncomingDocument> findIncoming(Id id) const override;
    std::optional<IncomingDocument>
    findIncomingByPackage(Id officeId, const std::string& packageId) const override;
    void updateIncomingRecall(const IncomingDocument& document) override;
    void updateIncomingDuplicate(const IncomingDocument& document) override;
    void setIncomingHandlers(Id incomingId, const std::vector<IncomingHandler>& handlers) override;
    Id addIncomingInstruction(Id incomingId, const Instruction& instruction) override;
    std::vector<IncomingDocument> incomingCandidates(Id officeId, const std::string& exchangeId,
                                                     const std::string& number) const override;
    std::vector<IncomingDocument>
    findIncomingByExchangeId(const std::string& senderCode,
                             const std::string& exchangeId) const override;
    std::vector<IncomingDocument> incomingDocuments(Id officeId) const override;
    std::vector<IncomingRegisterEntry> incomingRegister(Id officeId, int year, int limit,
                                                        int offset) const override;
    int incomingRegisterSize(Id officeId, int year) const override;
    Id addDispatch(const DispatchRecord& record) override;
    void updateDispatch(const DispatchRecord& record) override;
    void addRecipientStatus(Id dispatchId, const RecipientStatus& status) override;
    std::vector<DispatchRecord> dispatches(Id documentId) const override;
    Id addOutboxItem(const OutboxItem& item) override;
    void updateOutboxItem(const OutboxItem& item) override;
    std::optional<OutboxItem> findOutboxItem(Id id) const override;
    std::vector<OutboxItem> pendingOutboxItems(const std::string& now, int limit) const override;
    std::vector<OutboxItem> lockDueOutboxItems(const std::string& now, int limit) override;
    std::vector<SignInTally> signInTallies(const std::string& from,
                                           const std::string& to) const override;
    Id addUnit(const Unit& unit) override;
    void renameUnit(Id unitId, const std::string& name) override;
    void removeUnit(Id unitId) override;
    std::optional<Unit> findUnit(Id unitId) const override;
    std::vector<Unit> units(Id officeId) const override;
    Id addAccessNotice(const AccessNotice& notice) override;
    std::optional<AccessNotice> findAccessNotice(Id id) const override;
    std::vector<AccessNotice> accessNotices(bool pendingOnly, std::size_t limit) const override;
    void confirmAccessNotice(Id id, Id confirmedBy, const std::string& confirmedAt) override;
    std::optional<AccessLimitRecord> findAccessLimit(const std::string& object) const override;
    void addAccessLimit(const AccessLimitRecord& limit) override;
    bool removeAccessLimit(const std::string& object) override;
    std::vector<AccessGrant> accessGrants(const std::string& object) const override;
    bool addAccessGrant(const std::string& object, const AccessGrant& grant) override;
    bool removeAccessGrant(const std::string& object, Id userId) override;
    void addDocumentRead(const DocumentRead& read) override;
    std::vector<ReadTally> readTallies(Id officeId, const std::string& from, const std::string& to,
                                       int limit) const override;
    std::vector<DocumentRead> documentReads(const std::string& object, int limit) const override;
    std::vector<OutboxItem> outboxDocumentItems(Id documentId) const override;
    std::vector<OutboxItem> outboxAwaitingAxisDelivery(const std::string& since,
                                                       int limit) const override;
    Id addRecallRequest(const RecallRequest& request) override;
    std::vector<RecallRequest> recallRequests(Id documentId) const override;

    // ---- case files and imported documents --------------------------------------------------
    Id addFileListEntry(const FileListEntry& entry) override;
    std::optional<FileListEntry> findFileListEntry(Id id) const override;
    std::vector<FileListEntry> fileList(Id officeId, int year) const override;
    Id addCaseFile(const CaseFile& file) override;
    void updateCaseFile(const CaseFile& file) override;
    std::optional<CaseFile> findCaseFile(Id id) const override;
    std::vector<CaseFile> caseFiles(Id officeId) const override;
    void addCaseFileItem(const CaseFileItem& item) override;
    bool removeCaseFileItem(Id caseFileId, const std::string& kind, Id documentId) override;
    std::vector<CaseFileItem> caseFileItems(Id caseFileId) const override;
    std::vector<Id> caseFilesHolding(const std::string& kind, Id documentId) const override;
    void addCaseFileTransfer(const CaseFileHandover& transfer) override;
    std::optional<CaseFileHandover> findCaseFileTransfer(Id caseFileId) const override;
    void addCaseFileFreeze(const CaseFileFreeze& freeze) override;
    void removeCaseFileFreeze(Id caseFileId) override;
    std::optional<CaseFileFreeze> findCaseFileFreeze(Id caseFileId) const override;
    std::vector<CaseFileFreeze> caseFileFreezes(Id officeId) const override;
    void addCaseFileHandover(const CaseFileHandover& handover) override;
    std::optional<CaseFileHandover> findCaseFileHandover(Id caseFileId) const override;
    bool addCaseFileNotice(const CaseFileNotice& notice) override;
    std::vector<CaseFileNotice> caseFileNotices(Id userId, bool unreadOnly) const override;
    bool markCaseFileNoticeRead(Id noticeId, Id userId, const std::string& at) override;
    Id addImportedDocument(const ImportedDocument& document) override;
    std::optional<ImportedDocument> findImportedDocument(Id id) const override;
    std::optional<ImportedDocument> findImportedDuplicate(Id officeId, int year,
                                                          const std::string& number,
                                                          const std::string& notation,
                                                          const std::string& issuer) const override;
    std::vector<ImportedDocument> importedDocuments(Id officeId) const override;
    std::vector<ImportedDocument> importedCandidates(Id officeId,
                                                     const std::string& number) const override;
    std::optional<std::string> recognisedText(const std::string& blob) const override;
    void saveRecognisedText(const std::string& blob, const std::string& text) override;
    std::optional<KeyRecord> findKeyRecord(const std::string& owner) const override;
    void saveKeyRecord(const KeyRecord& record) override;
    bool removeKeyRecord(const std::string& owner) override;
    std::vector<KeyRecord> keyRecords() const override;
    std::optional<SigningPolicyRecord> findSigningPolicy(Id officeId) const override;
    void saveSigningPolicy(const SigningPolicyRecord& record) override;
    Id addSavedSearch(const SavedSearch& search) override;
    void updateSavedSearch(const SavedSearch& search) override;
    void removeSavedSearch(Id id) override;
    std::optional<SavedSearch> findSavedSearch(Id id) const override;
    std::vector<SavedSearch> savedSearches(Id officeId, Id userId) const override;
    Id addMetadataField(const MetadataField& field) override;
    void removeMetadataField(Id id) override;
    std::optional<MetadataField> findMetadataField(Id id) const override;
    std::vector<MetadataField> metadataFields(Id officeId) const override;
    bool metadataFieldInUse(Id id) const override;
    std::vector<MetadataValue> metadataValues(const std::string& kind,
                                              Id documentId) const override;
    void replaceMetadataValues(const std::string& kind, Id documentId,
                               const std::vector<MetadataValue>& values) override;
    void addToIssueQueue(const IssueQueueEntry& entry) override;
    void updateIssueQueueEntry(const IssueQueueEntry& entry) override;
    void removeFromIssueQueue(Id documentId) override;
    std::optional<IssueQueueEntry> findIssueQueueEntry(Id documentId) const override;
    std::vector<IssueQueueEntry> issueQueue(std::optional<Id> officeId) const override;
    std::vector<IssueQueueEntry> lockDueIssueQueueEntries(std::int64_t now, int limit) override;
    std::optional<WorkClaim> lockWorkClaim(const std::string& work) override;
    void saveWorkClaim(const WorkClaim& claim) override;
    void removeWorkClaim(const std::string& work) override;
    std::optional<std::string> pkiFingerprint(const std::string& name) const override;
    bool recordPkiFingerprint(const std::string& name, const std::string& fingerprint,
                              const std::string& at) override;
    void forgetPkiFingerprint(const std::string& name) override;
    void addLoweredIssue(const LoweredIssue& record) override;
    std::optional<LoweredIssue> findLoweredIssue(Id documentId) const override;
    std::vector<WaitingWork> waitingWork(const std::string& today,
                                         const std::string& dueBy) const override;
    bool hasMailNotice(Id userId, const std::string& key) const override;
    bool addMailNotice(const MailNotice& notice) override;
    std::vector<MailNotice> lockDueMailNotices(std::int64_t now, int limit) override;
    void updateMailNotice(const MailNotice& notice) override;
    std::vector<MailNotice> mailNotices(std::optional<Id> userId, int limit) const override;
    std::vector<std::string> mailOptOuts(Id userId) const override;
    void setMailOptOuts(Id userId, const std::vector<std::string>& kinds) override;
    std::optional<StoredSmtp> storedSmtp() const override;
    void setStoredSmtp(const std::optional<StoredSmtp>& smtp) override;
    void savePreservedCopy(const PreservedCopy& copy) override;
    std::optional<PreservedCopy> findPreservedCopy(const std::string& kind,
                                                   Id documentId) const override;
    std::vector<PreservedCopy> preservedCopiesDue(std::int64_t expiresBefore, std::int64_t now,
                                                  std::size_t limit) const override;
    std::vector<PreservedCopy> lettersWithoutCopy(std::size_t limit) const override;
    PreservationCounts preservationCounts(std::int64_t expiresBefore) const override;
    RenewalState renewalState() const override;
    void saveRenewalState(const RenewalState& state) override;

    // ---- paged lists (issue 17 item 4) ------------------------------------------------------
    Paged<RegisterEntry> registerPage(Id officeId, int year, const RegisterFilter& filter,
                                      const PageRequest& page) const override;
    Paged<OutgoingDocument> documentPage(const DocumentFilter& filter,
                                         const PageRequest& page) const override;
    Paged<IncomingDocument> incomingPage(const IncomingListFilter& filter,
                                         const PageRequest& page) const override;
    Paged<AuditRecord> auditPage(const PageRequest& page) const override;
    Paged<User> userPage(std::optional<Id> officeId, const PageRequest& page) const override;
    Paged<Office> officePage(const PageRequest& page) const override;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace vanthu::docmgmt
