// Case files, the yearly file list, imported documents and the metadata fields an office
// adds (CaseFileStore).
#include "SqlStorageImpl.hpp"

namespace vanthu::docmgmt {

// ---- case files and imported documents (CaseFiles, BulkImport) -----------------------------

namespace {

constexpr const char* kFileListColumns =
    "id, office_id, year, code, title, retention, responsible_id, note";

constexpr const char* kCaseFileColumns =
    "id, office_id, list_entry_id, year, code, title, retention, responsible_id, rights, "
    "language, description, state, start_date, end_date, doc_total, page_total, closed_at, "
    "archive_due_on, created_by, created_at, updated_at, version, "
    "EXISTS (SELECT 1 FROM access_limits WHERE object = 'casefile/' || case_files.id) "
    "AS access_limited, "
    "(SELECT group_concat(user_id) FROM access_grants WHERE object = 'casefile/' || case_files.id) "
    "AS access_readers";

constexpr const char* kImportedColumns =
    "id, office_id, direction, number, notation, issued_date, issuer, type_name, subject, signer, "
    "pdf, pages, source_file, imported_by, imported_at, duplicate_of, duplicate_reason, "
    "issued_amount, language, description";

FileListEntry fileListEntryFrom(Rows& r) {
    FileListEntry e;
    e.id = integer(r, "id");
    e.officeId = integer(r, "office_id");
    e.year = static_cast<int>(integer(r, "year"));
    e.code = text(r, "code");
    e.title = text(r, "title");
    e.retention = text(r, "retention");
    e.responsibleId = optionalInteger(r, "responsible_id");
    e.note = text(r, "note");
    return e;
}

CaseFile caseFileFrom(Rows& r) {
    CaseFile f;
    f.id = integer(r, "id");
    f.officeId = integer(r, "office_id");
    f.listEntryId = optionalInteger(r, "list_entry_id");
    f.year = static_cast<int>(integer(r, "year"));
    f.code = text(r, "code");
    f.title = text(r, "title");
    f.retention = text(r, "retention");
    f.responsibleId = optionalInteger(r, "responsible_id");
    f.rights = text(r, "rights");
    f.language = text(r, "language");
    f.description = text(r, "description");
    f.state = text(r, "state") == "closed" ? CaseFileState::Closed : CaseFileState::Open;
    f.startDate = text(r, "start_date");
    f.endDate = text(r, "end_date");
    f.docTotal = static_cast<int>(integer(r, "doc_total"));
    f.pageTotal = static_cast<int>(integer(r, "page_total"));
    f.closedAt = text(r, "closed_at");
    f.archiveDueOn = text(r, "archive_due_on");
    f.createdBy = integer(r, "created_by");
    f.createdAt = text(r, "created_at");
    f.updatedAt = text(r, "updated_at");
    f.version = static_cast<int>(integer(r, "version"));
    f.access = accessFrom(r);
    return f;
}

CaseFileItem caseFileItemFrom(Rows& r) {
    CaseFileItem item;
    item.caseFileId = integer(r, "case_file_id");
    item.kind = text(r, "kind");
    item.documentId = integer(r, "document_id");
    item.ordinal = static_cast<int>(integer(r, "ordinal"));
    item.addedBy = integer(r, "added_by");
    item.addedAt = text(r, "added_at");
    return item;
}

ImportedDocument importedFrom(Rows& r) {
    ImportedDocument d;
    d.id = integer(r, "id");
    d.officeId = integer(r, "office_id");
    d.direction = text(r, "direction") == "out" ? Direction::Outgoing : Direction::Incoming;
    d.number = text(r, "number");
    d.notation = text(r, "notation");
    d.issuedDate = text(r, "issued_date");
    d.issuer = text(r, "issuer");
    d.typeName = text(r, "type_name");
    d.subject = text(r, "subject");
    d.signer = text(r, "signer");
    d.pdfBlob = text(r, "pdf");
    d.pages = static_cast<int>(integer(r, "pages"));
    d.sourceFile = text(r, "source_file");
    d.importedBy = integer(r, "imported_by");
    d.importedAt = text(r, "imported_at");
    d.duplicateOf = text(r, "duplicate_of");
    d.duplicateReason = text(r, "duplicate_reason");
    d.issuedAmount = static_cast<int>(integer(r, "issued_amount"));
    d.language = text(r, "language");
    d.description = text(r, "description");
    return d;
}

int yearOf(const std::string& isoDate) {
    return isoDate.size() >= 4 ? std::atoi(isoDate.substr(0, 4).c_str()) : 0;
}

} // namespace

Id SqlStorage::addFileListEntry(const FileListEntry& e) {
    Id id = 0;
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "INSERT INTO file_list (office_id, year, code, title, retention, responsible_id, "
                 "note) VALUES (?, ?, ?, ?, ?, ?, ?)",
                 e.officeId, e.year, e.code, e.title, e.retention, nullable(e.responsibleId),
                 e.note);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Danh mục hồ sơ năm " + std::to_string(e.year) + " đã có hồ sơ số " +
                           e.code + ".");
        }
        id = impl_->lastInsertId();
    });
    return id;
}

std::optional<FileListEntry> SqlStorage::findFileListEntry(Id id) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<FileListEntry>(
        query(impl_->db(),
              std::string("SELECT ") + kFileListColumns + " FROM file_list WHERE id = ?", id),
        fileListEntryFrom);
}

std::vector<FileListEntry> SqlStorage::fileList(Id officeId, int year) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<FileListEntry>(
        query(impl_->db(),
              std::string("SELECT ") + kFileListColumns +
                  " FROM file_list WHERE office_id = ? AND year = ? ORDER BY code, id",
              officeId, year),
        fileListEntryFrom);
}

Id SqlStorage::addCaseFile(const CaseFile& f) {
    Id id = 0;
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "INSERT INTO case_files (office_id, list_entry_id, year, code, title, "
                 "retention, responsible_id, rights, language, description, state, start_date, "
                 "end_date, doc_total, page_total, closed_at, archive_due_on, created_by, "
                 "created_at, updated_at) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 f.officeId, nullable(f.listEntryId), f.year, f.code, f.title, f.retention,
                 nullable(f.responsibleId), f.rights, f.language, f.description, toString(f.state),
                 f.startDate, f.endDate, f.docTotal, f.pageTotal, f.closedAt, f.archiveDueOn,
                 f.createdBy, f.createdAt, f.updatedAt);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Cơ quan đã có hồ sơ số " + f.code + " trong năm " +
                           std::to_string(f.year) + ".");
        }
        id = impl_->lastInsertId();
    });
    return id;
}

void SqlStorage::updateCaseFile(const CaseFile& f) {
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "UPDATE case_files SET title = ?, retention = ?, responsible_id = ?, "
                 "rights = ?, language = ?, description = ?, state = ?, start_date = ?, "
                 "end_date = ?, doc_total = ?, page_total = ?, closed_at = ?, "
                 "archive_due_on = ?, updated_at = ?, version = ? WHERE id = ?",
                 f.title, f.retention, nullable(f.responsibleId), f.rights, f.language,
                 f.description, toString(f.state), f.startDate, f.endDate, f.docTotal, f.pageTotal,
                 f.closedAt, f.archiveDueOn, f.updatedAt, f.version, f.id);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Hồ sơ đã đóng hoặc đang bị phong tỏa thì không được thay đổi.");
        } catch (const Poco::Data::SQLite::ExecutionAbortedException&) {
            throw Conflict("Hồ sơ đã đóng hoặc đang bị phong tỏa thì không được thay đổi.");
        }
    });
}

std::optional<CaseFile> SqlStorage::findCaseFile(Id id) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<CaseFile>(
        query(impl_->db(),
              std::string("SELECT ") + kCaseFileColumns + " FROM case_files WHERE id = ?", id),
        caseFileFrom);
}

std::vector<CaseFile> SqlStorage::caseFiles(Id officeId) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<CaseFile>(query(impl_->db(),
                                   std::string("SELECT ") + kCaseFileColumns +
                                       " FROM case_files WHERE office_id = ? ORDER BY id DESC",
                                   officeId),
                             caseFileFrom);
}

void SqlStorage::addCaseFileItem(const CaseFileItem& item) {
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "INSERT INTO case_file_items (case_file_id, kind, document_id, ordinal, "
                 "added_by, added_at) VALUES (?, ?, ?, ?, ?, ?)",
                 item.caseFileId, item.kind, item.documentId, item.ordinal, item.addedBy,
                 item.addedAt);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Văn bản này đã có trong hồ sơ này.");
        } catch (const Poco::Data::SQLite::ExecutionAbortedException&) {
            throw Conflict("Hồ sơ đã đóng hoặc đang bị phong tỏa thì không được thêm văn bản.");
        }
    });
}

bool SqlStorage::removeCaseFileItem(Id caseFileId, const std::string& kind, Id documentId) {
    bool removed = false;
    impl_->inTransaction([&] {
        const auto held = firstRow<Id>(query(impl_->db(),
                                             "SELECT case_file_id FROM case_file_items "
                                             "WHERE case_file_id = ? AND kind = ? AND "
                                             "document_id = ?",
                                             caseFileId, kind, documentId),
                                       [](Rows& r) { return integer(r, "case_file_id"); });
        if (held) {
            try {
                exec(impl_->db(),
                     "DELETE FROM case_file_items WHERE case_file_id = ? AND kind = ? AND "
                     "document_id = ?",
                     caseFileId, kind, documentId);
            } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
                throw Conflict("Hồ sơ đang bị phong tỏa thì không được rút văn bản ra.");
            } catch (const Poco::Data::SQLite::ExecutionAbortedException&) {
                throw Conflict("Hồ sơ đang bị phong tỏa thì không được rút văn bản ra.");
            }
            removed = true;
        }
    });
    return removed;
}

std::vector<CaseFileItem> SqlStorage::caseFileItems(Id caseFileId) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<CaseFileItem>(
        query(impl_->db(),
              "SELECT case_file_id, kind, document_id, ordinal, added_by, added_at "
              "FROM case_file_items WHERE case_file_id = ? ORDER BY ordinal",
              caseFileId),
        caseFileItemFrom);
}

std::vector<Id> SqlStorage::caseFilesHolding(const std::string& kind, Id documentId) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<Id>(query(impl_->db(),
                             "SELECT case_file_id FROM case_file_items "
                             "WHERE kind = ? AND document_id = ? ORDER BY case_file_id",
                             kind, documentId),
                       [](Rows& r) { return integer(r, "case_file_id"); });
}

void SqlStorage::addCaseFileHandover(const CaseFileHandover& h) {
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "INSERT INTO case_file_handovers (case_file_id, handed_by, handed_at, "
                 "package_sha256, receiver) VALUES (?, ?, ?, ?, ?)",
                 h.caseFileId, h.handedBy, h.handedAt, h.packageSha256, h.receiver);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Hồ sơ này đã nộp lưu rồi.");
        }
    });
}

namespace {

constexpr const char* kFreezeSelect =
    "SELECT z.case_file_id, f.code, f.title, f.year, z.order_ref, z.frozen_by, u.full_name, "
    "z.frozen_at FROM case_file_freezes z JOIN case_files f ON f.id = z.case_file_id "
    "JOIN users u ON u.id = z.frozen_by ";

CaseFileFreeze freezeFrom(Rows& r) {
    CaseFileFreeze z;
    z.caseFileId = integer(r, "case_file_id");
    z.code = text(r, "code");
    z.title = text(r, "title");
    z.year = static_cast<int>(integer(r, "year"));
    z.orderRef = text(r, "order_ref");
    z.frozenBy = integer(r, "frozen_by");
    z.frozenByName = text(r, "full_name");
    z.frozenAt = text(r, "frozen_at");
    return z;
}

/// A case file's handover to the archive or transfer to the historical archive: the same
/// columns in case_file_handovers and case_file_transfers (table).
std::optional<CaseFileHandover> handoverIn(Session& db, const std::string& table, Id caseFileId) {
    return firstRow<CaseFileHandover>(
        query(db,
              "SELECT h.case_file_id, h.handed_by, u.full_name, h.handed_at, h.package_sha256, "
              "h.receiver FROM " +
                  table + " h JOIN users u ON u.id = h.handed_by WHERE h.case_file_id = ?",
              caseFileId),
        [](Rows& r) {
            CaseFileHandover h;
            h.caseFileId = integer(r, "case_file_id");
            h.handedBy = integer(r, "handed_by");
            h.handedByName = text(r, "full_name");
            h.handedAt = text(r, "handed_at");
            h.packageSha256 = text(r, "package_sha256");
            h.receiver = text(r, "receiver");
            return h;
        });
}

} // namespace

void SqlStorage::addCaseFileFreeze(const CaseFileFreeze& z) {
    std::lock_guard lock(impl_->mutex);
    exec(impl_->db(),
         "INSERT INTO case_file_freezes (case_file_id, order_ref, frozen_by, frozen_at) "
         "VALUES (?, ?, ?, ?)",
         z.caseFileId, z.orderRef, z.frozenBy, z.frozenAt);
}

void SqlStorage::removeCaseFileFreeze(Id caseFileId) {
    std::lock_guard lock(impl_->mutex);
    exec(impl_->db(), "DELETE FROM case_file_freezes WHERE case_file_id = ?", caseFileId);
}

std::optional<CaseFileFreeze> SqlStorage::findCaseFileFreeze(Id caseFileId) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<CaseFileFreeze>(
        query(impl_->db(), std::string(kFreezeSelect) + "WHERE z.case_file_id = ?", caseFileId),
        freezeFrom);
}

std::vector<CaseFileFreeze> SqlStorage::caseFileFreezes(Id officeId) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<CaseFileFreeze>(
        query(impl_->db(),
              std::string(kFreezeSelect) + "WHERE f.office_id = ? ORDER BY z.frozen_at, f.code",
              officeId),
        freezeFrom);
}

std::optional<CaseFileHandover> SqlStorage::findCaseFileHandover(Id caseFileId) const {
    std::lock_guard lock(impl_->mutex);
    return handoverIn(impl_->db(), "case_file_handovers", caseFileId);
}

void SqlStorage::addCaseFileTransfer(const CaseFileHandover& h) {
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "INSERT INTO case_file_transfers (case_file_id, handed_by, handed_at, "
                 "package_sha256, receiver) VALUES (?, ?, ?, ?, ?)",
                 h.caseFileId, h.handedBy, h.handedAt, h.packageSha256, h.receiver);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Hồ sơ này đã nộp vào lưu trữ lịch sử rồi.");
        }
    });
}

std::optional<CaseFileHandover> SqlStorage::findCaseFileTransfer(Id caseFileId) const {
    std::lock_guard lock(impl_->mutex);
    return handoverIn(impl_->db(), "case_file_transfers", caseFileId);
}

bool SqlStorage::addCaseFileNotice(const CaseFileNotice& n) {
    bool added = false;
    impl_->inTransaction([&] {
        // OR IGNORE: two servers sending the notices at once write each once.
        added = exec(impl_->db(),
                     "INSERT OR IGNORE INTO case_file_notices (case_file_id, user_id, "
                     "office_id, due_on, sent_at) VALUES (?, ?, ?, ?, ?)",
                     n.caseFileId, n.userId, n.officeId, n.dueOn, n.sentAt) == 1;
    });
    return added;
}

std::vector<CaseFileNotice> SqlStorage::caseFileNotices(Id userId, bool unreadOnly) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<CaseFileNotice>(
        query(impl_->db(),
              std::string("SELECT n.id, n.case_file_id, n.user_id, n.office_id, n.due_on, "
                          "n.sent_at, n.read_at, f.code, f.title FROM case_file_notices n "
                          "JOIN case_files f ON f.id = n.case_file_id WHERE n.user_id = ?") +
                  (unreadOnly ? " AND n.read_at = ''" : "") + " ORDER BY n.id DESC LIMIT 200",
              userId),
        [](Rows& r) {
            CaseFileNotice n;
            n.id = integer(r, "id");
            n.caseFileId = integer(r, "case_file_id");
            n.userId = integer(r, "user_id");
            n.officeId = integer(r, "office_id");
            n.dueOn = text(r, "due_on");
            n.sentAt = text(r, "sent_at");
            n.readAt = text(r, "read_at");
            n.fileCode = text(r, "code");
            n.fileTitle = text(r, "title");
            return n;
        });
}

bool SqlStorage::markCaseFileNoticeRead(Id noticeId, Id userId, const std::string& at) {
    bool marked = false;
    impl_->inTransaction([&] {
        const auto unread = firstRow<Id>(query(impl_->db(),
                                               "SELECT id FROM case_file_notices WHERE id = ? "
                                               "AND user_id = ? AND read_at = ''",
                                               noticeId, userId),
                                         [](Rows& r) { return integer(r, "id"); });
        if (unread) {
            exec(impl_->db(), "UPDATE case_file_notices SET read_at = ? WHERE id = ?", at,
                 noticeId);
            marked = true;
        }
    });
    return marked;
}

Id SqlStorage::addImportedDocument(const ImportedDocument& d) {
    Id id = 0;
    impl_->inTransaction([&] {
        Statement insert(impl_->db());
        const std::string direction = toString(d.direction);
        const int year = yearOf(d.issuedDate);
        const NullableId importedBy = d.importedBy ? NullableId(d.importedBy) : NullableId();
        insert << sql::statement(
            sql::engineOf(impl_->db()),
            "INSERT INTO imported_documents (office_id, direction, number, notation, "
            "issued_date, year, issuer, type_name, subject, signer, pdf, pages, "
            "source_file, imported_by, imported_at, duplicate_of, duplicate_reason, "
            "issued_amount, language, description) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            bind(d.officeId), bind(direction), bind(d.number), bind(d.notation), bind(d.issuedDate),
            bind(year), bind(d.issuer), bind(d.typeName), bind(d.subject), bind(d.signer),
            bind(d.pdfBlob), bind(d.pages), bind(d.sourceFile), bind(importedBy),
            bind(d.importedAt), bind(d.duplicateOf), bind(d.duplicateReason), bind(d.issuedAmount),
            bind(d.language), bind(d.description);
        try {
            execute(insert);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Đã có văn bản số " + d.number + " ký hiệu " + d.notation + " của " +
                           d.issuer + " trong năm " + std::to_string(year) + ".");
        }
        id = impl_->lastInsertId();
    });
    return id;
}

std::optional<ImportedDocument> SqlStorage::findImportedDocument(Id id) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<ImportedDocument>(
        query(impl_->db(),
              std::string("SELECT ") + kImportedColumns + " FROM imported_documents WHERE id = ?",
              id),
        importedFrom);
}

std::optional<ImportedDocument> SqlStorage::findImportedDuplicate(Id officeId, int year,
                                                                  const std::string& number,
                                                                  const std::string& notation,
                                                                  const std::string& issuer) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<ImportedDocument>(
        query(impl_->db(),
              std::string("SELECT ") + kImportedColumns +
                  " FROM imported_documents WHERE office_id = ? AND year = ? AND number = ? "
                  "AND notation = ? AND issuer = ?",
              officeId, year, number, notation, issuer),
        importedFrom);
}

std::vector<ImportedDocument> SqlStorage::importedCandidates(Id officeId,
                                                             const std::string& number) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<ImportedDocument>(
        query(impl_->db(),
              std::string("SELECT ") + kImportedColumns +
                  " FROM imported_documents WHERE office_id = ? AND direction = 'in' AND "
                  "ltrim(number, '0') = ? ORDER BY id",
              officeId, number),
        importedFrom);
}

std::vector<ImportedDocument> SqlStorage::importedDocuments(Id officeId) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<ImportedDocument>(
        query(impl_->db(),
              std::string("SELECT ") + kImportedColumns +
                  " FROM imported_documents WHERE office_id = ? ORDER BY id",
              officeId),
        importedFrom);
}

// ---- metadata fields an office adds (III.7c) ---------------------------------------------

namespace {

constexpr const char* kMetadataFieldColumns =
    "id, office_id, name, type, required, options, created_by, created_at";

MetadataField metadataFieldFrom(Rows& r) {
    MetadataField f;
    f.id = integer(r, "id");
    f.officeId = integer(r, "office_id");
    f.name = text(r, "name");
    parseMetadataType(text(r, "type"), f.type);
    f.required = integer(r, "required") != 0;
    const std::string options = text(r, "options");
    for (std::size_t from = 0; from < options.size();) {
        auto end = options.find('\n', from);
        if (end == std::string::npos) {
            end = options.size();
        }
        f.options.push_back(options.substr(from, end - from));
        from = end + 1;
    }
    f.createdBy = integer(r, "created_by");
    f.createdAt = text(r, "created_at");
    return f;
}

} // namespace

Id SqlStorage::addMetadataField(const MetadataField& f) {
    std::string options;
    for (const auto& option : f.options) {
        options += (options.empty() ? "" : "\n") + option;
    }
    Id id = 0;
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "INSERT INTO metadata_fields (office_id, name, type, required, options, "
                 "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                 f.officeId, f.name, std::string(metadataTypeName(f.type)), f.required ? 1 : 0,
                 options, f.createdBy, f.createdAt);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Cơ quan đã có trường “" + f.name + "”.");
        }
        id = impl_->lastInsertId();
    });
    return id;
}

void SqlStorage::removeMetadataField(Id id) {
    std::lock_guard lock(impl_->mutex);
    exec(impl_->db(), "DELETE FROM metadata_fields WHERE id = ?", id);
}

std::optional<MetadataField> SqlStorage::findMetadataField(Id id) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<MetadataField>(
        query(impl_->db(),
              std::string("SELECT ") + kMetadataFieldColumns + " FROM metadata_fields WHERE id = ?",
              id),
        metadataFieldFrom);
}

std::vector<MetadataField> SqlStorage::metadataFields(Id officeId) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<MetadataField>(query(impl_->db(),
                                        std::string("SELECT ") + kMetadataFieldColumns +
                                            " FROM metadata_fields WHERE office_id = ? ORDER BY id",
                                        officeId),
                                  metadataFieldFrom);
}

bool SqlStorage::metadataFieldInUse(Id id) const {
    std::lock_guard lock(impl_->mutex);
    return query(impl_->db(), "SELECT field_id FROM metadata_values WHERE field_id = ? LIMIT 1", id)
        .moveFirst();
}

std::vector<MetadataValue> SqlStorage::metadataValues(const std::string& kind,
                                                      Id documentId) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<MetadataValue>(
        query(impl_->db(),
              "SELECT v.field_id, f.name, f.type, v.value FROM metadata_values v "
              "JOIN metadata_fields f ON f.id = v.field_id "
              "WHERE v.kind = ? AND v.document_id = ? ORDER BY f.id",
              kind, documentId),
        [](Rows& r) {
            MetadataValue v;
            v.fieldId = integer(r, "field_id");
            v.name = text(r, "name");
            parseMetadataType(text(r, "type"), v.type);
            v.value = text(r, "value");
            return v;
        });
}

void SqlStorage::replaceMetadataValues(const std::string& kind, Id documentId,
                                       const std::vector<MetadataValue>& values) {
    impl_->inTransaction([&] {
        exec(impl_->db(), "DELETE FROM metadata_values WHERE kind = ? AND document_id = ?", kind,
             documentId);
        for (const auto& v : values) {
            exec(impl_->db(),
                 "INSERT INTO metadata_values (kind, document_id, field_id, value) "
                 "VALUES (?, ?, ?, ?)",
                 kind, documentId, v.fieldId, v.value);
        }
    });
}

} // namespace vanthu::docmgmt
