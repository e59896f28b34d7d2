// Outgoing documents, their versions, comments and attachments, the outgoing register and
// letters issued below their policy (OutgoingStore).
#include "SqlStorageImpl.hpp"

namespace vanthu::docmgmt {

namespace {

DocumentVersion versionFrom(Rows& r) {
    DocumentVersion version;
    version.documentId = integer(r, "document_id");
    version.version = static_cast<int>(integer(r, "version"));
    version.content = text(r, "content");
    version.draft = text(r, "draft");
    version.authorId = integer(r, "author_id");
    version.createdAt = text(r, "created_at");
    version.editedAs = text(r, "edited_as");
    return version;
}

RegisterEntry registerEntryFrom(Rows& r) {
    RegisterEntry entry;
    entry.documentId = integer(r, "document_id");
    entry.number = static_cast<int>(integer(r, "number"));
    entry.notation = text(r, "notation");
    entry.issuedDate = text(r, "issued_date");
    entry.typeName = text(r, "type_name");
    entry.subject = text(r, "subject");
    entry.signerName = text(r, "signer_name");
    entry.recipients = text(r, "recipients");
    entry.archiveCopy = text(r, "archive_copy");
    entry.series = text(r, "series");
    entry.limited = integer(r, "limited") != 0;
    return entry;
}

} // namespace

// ---- documents ---------------------------------------------------------------------------

Id SqlStorage::addDocument(const OutgoingDocument& d) {
    Id id = 0;
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "INSERT INTO documents (office_id, author_id, signer_id, state, type_code, "
             "subject, content, draft, version, return_comment, prepared_pdf, "
             "prepared_chain, signed_pdf, issued_pdf, number, year, series, notation, "
             "issued_date, created_at, updated_at, reply_to_incoming, response_for) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
             d.officeId, d.authorId, nullable(d.signerId), toString(d.state), d.typeCode, d.subject,
             d.content, toJson(d.draft), d.version, d.returnComment, d.preparedPdf,
             d.preparedChainPem, d.signedPdf, d.issuedPdf, nullableInt(d.number), d.year, d.series,
             d.notation, d.issuedDate, d.createdAt, d.updatedAt, nullable(d.replyToIncoming),
             d.responseFor);
        id = impl_->lastInsertId();
        DocumentVersion first{id, d.version, d.content, toJson(d.draft), d.authorId, d.createdAt};
        addDocumentVersion(first);
    });
    return id;
}

void SqlStorage::updateDocument(const OutgoingDocument& d) {
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "UPDATE documents SET signer_id = ?, state = ?, type_code = ?, subject = ?, "
                 "content = ?, draft = ?, version = ?, return_comment = ?, prepared_pdf = ?, "
                 "prepared_chain = ?, signed_pdf = ?, issued_pdf = ?, number = ?, year = ?, "
                 "series = ?, notation = ?, issued_date = ?, updated_at = ?, exchange_id = ?, "
                 "reply_to_incoming = ?, response_for = ? WHERE id = ?",
                 nullable(d.signerId), toString(d.state), d.typeCode, d.subject, d.content,
                 toJson(d.draft), d.version, d.returnComment, d.preparedPdf, d.preparedChainPem,
                 d.signedPdf, d.issuedPdf, nullableInt(d.number), d.year, d.series, d.notation,
                 d.issuedDate, d.updatedAt, d.exchangeId, nullable(d.replyToIncoming),
                 d.responseFor, d.id);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Văn bản đã phát hành thì không được thay đổi.");
        } catch (const Poco::Data::SQLite::ExecutionAbortedException&) {
            throw Conflict("Văn bản đã phát hành thì không được thay đổi.");
        }
    });
}

void SqlStorage::addDocumentVersion(const DocumentVersion& v) {
    impl_->inTransaction([&] {
        if (v.editedAs == kEditedByAuthor) { // the column's default (as before migration 22)
            exec(impl_->db(),
                 "INSERT INTO document_versions (document_id, version, content, draft, "
                 "author_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                 v.documentId, v.version, v.content, v.draft, v.authorId, v.createdAt);
            return;
        }
        exec(impl_->db(),
             "INSERT INTO document_versions (document_id, version, content, draft, author_id, "
             "created_at, edited_as) VALUES (?, ?, ?, ?, ?, ?, ?)",
             v.documentId, v.version, v.content, v.draft, v.authorId, v.createdAt, v.editedAs);
    });
}

std::optional<OutgoingDocument> SqlStorage::findDocument(Id id) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<OutgoingDocument>(
        query(impl_->db(),
              std::string("SELECT ") + kDocumentColumns + " FROM documents WHERE id = ?", id),
        documentFrom);
}

std::vector<OutgoingDocument> SqlStorage::documents(Id officeId,
                                                    std::optional<DocumentState> state) const {
    std::lock_guard lock(impl_->mutex);
    const std::string select =
        std::string("SELECT ") + kDocumentColumns + " FROM documents WHERE office_id = ?";
    if (state) {
        return mapRows<OutgoingDocument>(query(impl_->db(),
                                               select + " AND state = ? ORDER BY id DESC", officeId,
                                               toString(*state)),
                                         documentFrom);
    }
    return mapRows<OutgoingDocument>(query(impl_->db(), select + " ORDER BY id DESC", officeId),
                                     documentFrom);
}

std::size_t SqlStorage::openDrafts(Id authorId) const {
    std::lock_guard lock(impl_->mutex);
    Poco::Int64 count = 0;
    impl_->db() << sql::statement(
        sql::engineOf(impl_->db()),
        "SELECT COUNT(*) FROM documents WHERE author_id = ? AND state IN (?, ?)"),
        into(count), bind(static_cast<Poco::Int64>(authorId)), bind(toString(DocumentState::Draft)),
        bind(toString(DocumentState::Returned)), Poco::Data::Keywords::now;
    return static_cast<std::size_t>(count);
}

std::vector<DocumentVersion> SqlStorage::documentVersions(Id documentId) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<DocumentVersion>(
        query(impl_->db(),
              "SELECT document_id, version, content, draft, author_id, created_at, edited_as "
              "FROM document_versions WHERE document_id = ? ORDER BY version",
              documentId),
        versionFrom);
}

Id SqlStorage::addDocumentComment(const DraftComment& c) {
    Id id = 0;
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "INSERT INTO document_comments (document_id, author_id, version, written_at, text) "
             "VALUES (?, ?, ?, ?, ?)",
             c.documentId, c.authorId, c.version, c.writtenAt, c.text);
        id = impl_->lastInsertId();
    });
    return id;
}

std::vector<DraftComment> SqlStorage::documentComments(Id documentId) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<DraftComment>(
        query(impl_->db(),
              "SELECT id, document_id, author_id, version, written_at, text "
              "FROM document_comments WHERE document_id = ? ORDER BY id",
              documentId),
        commentFrom);
}

Id SqlStorage::addDocumentAttachment(const LetterAttachment& a) {
    Id id = 0;
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "INSERT INTO document_attachments (document_id, name, content_type, size, blob, "
                 "added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                 a.documentId, a.name, a.contentType, static_cast<Poco::Int64>(a.size), a.blob,
                 a.addedBy, a.addedAt);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Văn bản đã phát hành thì không thêm tệp đính kèm được.");
        } catch (const Poco::Data::SQLite::ExecutionAbortedException&) {
            throw Conflict("Văn bản đã phát hành thì không thêm tệp đính kèm được.");
        }
        id = impl_->lastInsertId();
    });
    return id;
}

bool SqlStorage::removeDocumentAttachment(Id documentId, Id attachmentId) {
    bool removed = false;
    impl_->inTransaction([&] {
        Poco::Int64 count = 0;
        impl_->db() << sql::statement(sql::engineOf(impl_->db()),
                                      "SELECT COUNT(*) FROM document_attachments "
                                      "WHERE id = ? AND document_id = ?"),
            into(count), bind(static_cast<Poco::Int64>(attachmentId)),
            bind(static_cast<Poco::Int64>(documentId)), Poco::Data::Keywords::now;
        if (count == 0) {
            return;
        }
        try {
            exec(impl_->db(), "DELETE FROM document_attachments WHERE id = ? AND document_id = ?",
                 attachmentId, documentId);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Văn bản đã phát hành thì không bỏ tệp đính kèm được.");
        } catch (const Poco::Data::SQLite::ExecutionAbortedException&) {
            throw Conflict("Văn bản đã phát hành thì không bỏ tệp đính kèm được.");
        }
        removed = true;
    });
    return removed;
}

std::vector<LetterAttachment> SqlStorage::documentAttachments(Id documentId) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<LetterAttachment>(
        query(impl_->db(),
              "SELECT id, document_id, name, content_type, size, blob, added_by, added_at "
              "FROM document_attachments WHERE document_id = ? ORDER BY id",
              documentId),
        [](Rows& r) {
            LetterAttachment a;
            a.id = integer(r, "id");
            a.documentId = integer(r, "document_id");
            a.name = text(r, "name");
            a.contentType = text(r, "content_type");
            a.size = static_cast<std::size_t>(integer(r, "size"));
            a.blob = text(r, "blob");
            a.addedBy = integer(r, "added_by");
            a.addedAt = text(r, "added_at");
            return a;
        });
}

std::vector<std::string> SqlStorage::referencedBlobs() const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<std::string>(
        query(impl_->db(), "SELECT prepared_pdf AS name FROM documents WHERE prepared_pdf <> '' "
                           "UNION SELECT signed_pdf FROM documents WHERE signed_pdf <> '' "
                           "UNION SELECT issued_pdf FROM documents WHERE issued_pdf <> '' "
                           "UNION SELECT pdf FROM incoming_documents WHERE pdf <> '' "
                           "UNION SELECT blob FROM incoming_attachments "
                           "UNION SELECT blob FROM document_attachments "
                           "UNION SELECT pdf FROM imported_documents "
                           // long-term copies, but not of an incoming letter whose content was
                           // recalled (its copy goes with it)
                           "UNION SELECT p.blob FROM preserved_copies p WHERE p.blob <> '' AND "
                           "(p.kind = 'outgoing' OR EXISTS (SELECT 1 FROM incoming_documents i "
                           "WHERE i.id = p.document_id AND i.pdf <> ''))"),
        [](Rows& r) { return r.text(std::size_t{0}); });
}

// ---- outgoing register -------------------------------------------------------------------

int SqlStorage::nextOutgoingNumber(const RegisterKey& key) {
    int number = 0;
    impl_->inTransaction([&] {
        // Portable (SQLite ≥ 3.24, PostgreSQL): the counter row is created at 0, then bumped;
        // in PostgreSQL the UPDATE locks the row until the issuing transaction ends.
        exec(impl_->db(),
             "INSERT INTO register_counters (office_id, period, series, last_number) "
             "VALUES (?, ?, ?, 0) ON CONFLICT (office_id, period, series) DO NOTHING",
             key.officeId, key.period, key.series);
        exec(impl_->db(),
             "UPDATE register_counters SET last_number = last_number + 1 "
             "WHERE office_id = ? AND period = ? AND series = ?",
             key.officeId, key.period, key.series);
        auto rows = query(impl_->db(),
                          "SELECT last_number FROM register_counters "
                          "WHERE office_id = ? AND period = ? AND series = ?",
                          key.officeId, key.period, key.series);
        number = rows.moveFirst() ? static_cast<int>(rows.integer(std::size_t{0})) : 0;
    });
    return number;
}

int SqlStorage::peekOutgoingNumber(const RegisterKey& key) const {
    std::lock_guard lock(impl_->mutex);
    const auto last = firstRow<Id>(query(impl_->db(),
                                         "SELECT last_number FROM register_counters "
                                         "WHERE office_id = ? AND period = ? AND series = ?",
                                         key.officeId, key.period, key.series),
                                   [](Rows& r) { return integer(r, "last_number"); });
    return static_cast<int>(last.value_or(0)) + 1;
}

void SqlStorage::addRegisterEntry(const RegisterKey& key, int year, Id officeId,
                                  const RegisterEntry& e) {
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "INSERT INTO outgoing_register (office_id, period, series, number, year, "
                 "document_id, notation, issued_date, type_name, subject, signer_name, "
                 "recipients, archive_copy) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 officeId, key.period, key.series, e.number, year, e.documentId, e.notation,
                 e.issuedDate, e.typeName, e.subject, e.signerName, e.recipients, e.archiveCopy);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Số " + std::to_string(e.number) +
                           " đã có trong sổ đăng ký văn bản đi; hãy phát hành lại.");
        }
    });
}

std::vector<RegisterEntry> SqlStorage::registerEntries(Id officeId, int year) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<RegisterEntry>(
        query(impl_->db(),
              "SELECT document_id, number, notation, issued_date, type_name, subject, "
              "signer_name, recipients, archive_copy, series, EXISTS (SELECT 1 FROM access_limits "
              "WHERE "
              "object = 'document/' || document_id) AS limited FROM outgoing_register "
              "WHERE office_id = ? AND year = ? ORDER BY issued_date, series, number",
              officeId, year),
        registerEntryFrom);
}

namespace {

constexpr const char* kLoweredColumns =
    "document_id, policy_level, issued_level, reason, chosen_by, chosen_by_name, chosen_at";

LoweredIssue loweredFrom(Rows& r) {
    LoweredIssue l;
    l.documentId = integer(r, "document_id");
    l.policyLevel = text(r, "policy_level");
    l.issuedLevel = text(r, "issued_level");
    l.reason = text(r, "reason");
    l.chosenBy = integer(r, "chosen_by");
    l.chosenByName = text(r, "chosen_by_name");
    l.chosenAt = text(r, "chosen_at");
    return l;
}

} // namespace

void SqlStorage::addLoweredIssue(const LoweredIssue& l) {
    impl_->inTransaction([&] {
        exec(impl_->db(),
             std::string("INSERT INTO lowered_issues (") + kLoweredColumns +
                 ") VALUES (?, ?, ?, ?, ?, ?, ?)",
             l.documentId, l.policyLevel, l.issuedLevel, l.reason, l.chosenBy, l.chosenByName,
             l.chosenAt);
    });
}

std::optional<LoweredIssue> SqlStorage::findLoweredIssue(Id documentId) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<LoweredIssue>(query(impl_->db(),
                                        std::string("SELECT ") + kLoweredColumns +
                                            " FROM lowered_issues WHERE document_id = ?",
                                        documentId),
                                  loweredFrom);
}

namespace {

std::string inList(std::size_t n) {
    std::string out = "(";
    for (std::size_t i = 0; i < n; ++i) {
        out += i ? ", ?" : "?";
    }
    return out + ")";
}

} // namespace

Paged<RegisterEntry> SqlStorage::registerPage(Id officeId, int year, const RegisterFilter& filter,
                                              const PageRequest& page) const {
    std::lock_guard lock(impl_->mutex);
    Conditions where;
    where.add("office_id = ?", officeId).add("year = ?", year);
    if (!filter.series.empty()) {
        where.add("series = ?", filter.series);
    }
    if (!filter.from.empty()) {
        where.add("issued_date >= ?", filter.from);
    }
    if (!filter.to.empty()) {
        where.add("issued_date <= ?", filter.to);
    }
    // The rows per issued day (register_day_sizes, kept by triggers) give the total and the
    // day where the page starts; the rows are then read from that day on, stepping over at
    // most one day's rows.
    Paged<RegisterEntry> out;
    std::string startDay;
    std::int64_t intoDay = 0;
    {
        Rows rows = run(impl_->db(),
                        "SELECT issued_date, SUM(rows) AS n FROM register_day_sizes" +
                            where.where() + " GROUP BY issued_date ORDER BY issued_date",
                        where.values());
        for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
            const std::int64_t n = integer(rows, "n");
            if (startDay.empty() && page.offset < out.total + n) {
                startDay = text(rows, "issued_date");
                intoDay = page.offset - out.total;
            }
            out.total += n;
        }
    }
    if (startDay.empty() || page.limit <= 0) {
        return out;
    }
    where.add("issued_date >= ?", startDay);
    auto values = where.values();
    values.emplace_back(Poco::Int64(page.limit));
    values.emplace_back(Poco::Int64(intoDay));
    out.items = mapRows<RegisterEntry>(
        run(impl_->db(),
            "SELECT document_id, number, notation, issued_date, type_name, subject, "
            "signer_name, recipients, archive_copy, series, EXISTS (SELECT 1 FROM access_limits "
            "WHERE object = 'document/' || document_id) AS limited FROM outgoing_register" +
                where.where() + " ORDER BY issued_date, series, number LIMIT ? OFFSET ?",
            values),
        registerEntryFrom);
    return out;
}

Paged<OutgoingDocument> SqlStorage::documentPage(const DocumentFilter& filter,
                                                 const PageRequest& page) const {
    std::lock_guard lock(impl_->mutex);
    Conditions where;
    where.add("office_id = ?", filter.officeId);
    if (filter.state) {
        where.add("state = ?", toString(*filter.state));
    }
    // What the reader may see: their own documents, and others' in the states given.
    std::vector<std::string> states;
    for (const auto state : filter.visibleStates) {
        states.push_back(toString(state));
    }
    where
        .add("(author_id = ?" + (states.empty() ? "" : " OR state IN " + inList(states.size())) +
                 ")",
             filter.authorId)
        .with(states);
    if (filter.readerId != 0) {
        where.add("(NOT EXISTS (SELECT 1 FROM access_limits WHERE object = 'document/' || "
                  "documents.id) OR author_id = ? OR signer_id = ? OR EXISTS (SELECT 1 FROM "
                  "access_grants WHERE object = 'document/' || documents.id AND user_id = ?))",
                  filter.readerId, filter.readerId, filter.readerId);
    }
    return pageOf<OutgoingDocument>(impl_->db(), kDocumentColumns, "documents", where, "id DESC",
                                    "id", page, documentFrom);
}

} // namespace vanthu::docmgmt
