// Routing: incoming documents and their comments, dispatch, the exchange outbox, recall
// requests (IncomingStore).
#include <map>

#include "SqlStorageImpl.hpp"

namespace vanthu::docmgmt {

Id SqlStorage::addIncomingComment(const DraftComment& c) {
    Id id = 0;
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "INSERT INTO incoming_comments (incoming_id, author_id, written_at, text) "
             "VALUES (?, ?, ?, ?)",
             c.documentId, c.authorId, c.writtenAt, c.text);
        id = impl_->lastInsertId();
    });
    return id;
}

std::vector<DraftComment> SqlStorage::incomingComments(Id incomingId) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<DraftComment>(
        query(impl_->db(),
              "SELECT id, incoming_id AS document_id, author_id, 0 AS version, written_at, text "
              "FROM incoming_comments WHERE incoming_id = ? ORDER BY id",
              incomingId),
        commentFrom);
}

// ---- routing: dispatch, incoming documents, the exchange outbox --------------------------

namespace {

constexpr const char* kIncomingColumns =
    "id, office_id, state, channel, package_id, exchange_id, sender_code, sender_name, "
    "sender_peer, number, notation, issued_date, place, type_code, type_name, subject, "
    "signer_name, signer_position, recipients, due_date, response_for, urgency, secrecy, pdf, "
    "signature_status, signature_report, received_at, entered_by, refuse_reason, arrival_number, "
    "arrival_date, arrival_year, assignee_id, assigned_unit, assigned_by, deadline, instructions, "
    "assigned_at, started_at, done_at, done_note, reply_document_id, updated_at, recall, "
    "recall_kind, recall_reason, recall_requested_at, recall_answer, recall_answered_at, "
    "recall_answered_by, replaced_by, duplicate_kind, duplicate_of, duplicate_match, "
    "duplicate_reason, issued_amount, page_amount, language, description, assignment_version, "
    "EXISTS (SELECT 1 FROM access_limits WHERE object = 'incoming/' || incoming_documents.id) "
    "AS access_limited, "
    "(SELECT group_concat(user_id) FROM access_grants "
    "WHERE object = 'incoming/' || incoming_documents.id) AS access_readers";

constexpr const char* kDispatchColumns =
    "id, document_id, recipient_code, recipient_name, channel, peer, status_code, status_at, "
    "status_description, sent_at, note";

constexpr const char* kOutboxColumns =
    "id, peer, kind, document_id, recipient_code, package_id, exchange_id, sender_code, "
    "status_code, status_description, status_at, staff, attempts, next_attempt_at, last_error, "
    "created_at, delivered_at, affects, cancelled_at, axis_doc_id, axis_receiver_doc_id, "
    "axis_receive_status, axis_send_status, axis_checked_at";

std::string joinedLines(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& line : lines) {
        out += (out.empty() ? "" : "\n") + line;
    }
    return out;
}

std::vector<std::string> splitLines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find('\n', start);
        out.push_back(text.substr(start, end == std::string::npos ? end : end - start));
        if (end == std::string::npos) {
            break;
        }
        start = end + 1;
    }
    return out;
}

IncomingDocument incomingFrom(Rows& r) {
    IncomingDocument d;
    d.id = integer(r, "id");
    d.officeId = integer(r, "office_id");
    d.state = parseIncomingState(text(r, "state")).value_or(IncomingState::Arrived);
    d.channel = text(r, "channel");
    d.packageId = text(r, "package_id");
    d.exchangeId = text(r, "exchange_id");
    d.senderCode = text(r, "sender_code");
    d.senderName = text(r, "sender_name");
    d.senderPeer = text(r, "sender_peer");
    d.number = text(r, "number");
    d.notation = text(r, "notation");
    d.issuedDate = text(r, "issued_date");
    d.place = text(r, "place");
    d.typeCode = text(r, "type_code");
    d.typeName = text(r, "type_name");
    d.subject = text(r, "subject");
    d.signerName = text(r, "signer_name");
    d.signerPosition = text(r, "signer_position");
    d.recipients = splitLines(text(r, "recipients"));
    d.dueDate = text(r, "due_date");
    d.issuedAmount = static_cast<int>(optionalInteger(r, "issued_amount").value_or(0));
    d.pageAmount = static_cast<int>(optionalInteger(r, "page_amount").value_or(0));
    d.language = text(r, "language");
    d.description = text(r, "description");
    d.responseFor = text(r, "response_for");
    d.urgency = text(r, "urgency");
    d.secrecy = text(r, "secrecy");
    d.pdf = text(r, "pdf");
    d.signatureStatus = text(r, "signature_status");
    d.signatureReport = text(r, "signature_report");
    d.receivedAt = text(r, "received_at");
    d.enteredBy = optionalInteger(r, "entered_by");
    d.refuseReason = text(r, "refuse_reason");
    if (const auto number = optionalInteger(r, "arrival_number")) {
        d.arrivalNumber = static_cast<int>(*number);
    }
    d.arrivalDate = text(r, "arrival_date");
    d.arrivalYear = static_cast<int>(integer(r, "arrival_year"));
    d.assigneeId = optionalInteger(r, "assignee_id");
    d.assignedUnit = text(r, "assigned_unit");
    d.assignedById = optionalInteger(r, "assigned_by");
    d.deadline = text(r, "deadline");
    d.instructions = text(r, "instructions");
    d.assignedAt = text(r, "assigned_at");
    d.startedAt = text(r, "started_at");
    d.doneAt = text(r, "done_at");
    d.doneNote = text(r, "done_note");
    d.replyDocumentId = optionalInteger(r, "reply_document_id");
    d.updatedAt = text(r, "updated_at");
    d.assignmentVersion = static_cast<int>(integer(r, "assignment_version"));
    d.recall.state = text(r, "recall");
    d.recall.kind = text(r, "recall_kind");
    d.recall.reason = text(r, "recall_reason");
    d.recall.requestedAt = text(r, "recall_requested_at");
    d.recall.answer = text(r, "recall_answer");
    d.recall.answeredAt = text(r, "recall_answered_at");
    d.recall.answeredBy = optionalInteger(r, "recall_answered_by");
    d.recall.replacedBy = text(r, "replaced_by");
    d.duplicate.kind = text(r, "duplicate_kind");
    d.duplicate.of = optionalInteger(r, "duplicate_of");
    d.duplicate.match = text(r, "duplicate_match");
    d.duplicate.reason = text(r, "duplicate_reason");
    d.access = accessFrom(r);
    return d;
}

DispatchRecord dispatchFrom(Rows& r) {
    DispatchRecord d;
    d.id = integer(r, "id");
    d.documentId = integer(r, "document_id");
    d.recipientCode = text(r, "recipient_code");
    d.recipientName = text(r, "recipient_name");
    d.channel = parseDispatchChannel(text(r, "channel")).value_or(DispatchChannel::Paper);
    d.peer = text(r, "peer");
    d.statusCode = text(r, "status_code");
    d.statusAt = text(r, "status_at");
    d.statusDescription = text(r, "status_description");
    d.sentAt = text(r, "sent_at");
    d.note = text(r, "note");
    return d;
}

OutboxItem outboxFrom(Rows& r) {
    OutboxItem o;
    o.id = integer(r, "id");
    o.peer = text(r, "peer");
    o.kind = text(r, "kind");
    o.documentId = integer(r, "document_id");
    o.recipientCode = text(r, "recipient_code");
    o.packageId = text(r, "package_id");
    o.exchangeId = text(r, "exchange_id");
    o.senderCode = text(r, "sender_code");
    o.statusCode = text(r, "status_code");
    o.statusDescription = text(r, "status_description");
    o.statusAt = text(r, "status_at");
    o.staff = text(r, "staff");
    o.attempts = static_cast<int>(integer(r, "attempts"));
    o.nextAttemptAt = text(r, "next_attempt_at");
    o.lastError = text(r, "last_error");
    o.createdAt = text(r, "created_at");
    o.deliveredAt = text(r, "delivered_at");
    o.affects = text(r, "affects");
    o.cancelledAt = text(r, "cancelled_at");
    o.axisDocId = text(r, "axis_doc_id");
    o.axisReceiverDocId = text(r, "axis_receiver_doc_id");
    o.axisReceiveStatus = text(r, "axis_receive_status");
    o.axisSendStatus = text(r, "axis_send_status");
    o.axisCheckedAt = text(r, "axis_checked_at");
    return o;
}

} // namespace

std::optional<OutgoingDocument>
SqlStorage::findDocumentByExchangeId(const std::string& exchangeId) const {
    std::lock_guard lock(impl_->mutex);
    if (exchangeId.empty()) {
        return std::nullopt;
    }
    return firstRow<OutgoingDocument>(
        query(impl_->db(),
              std::string("SELECT ") + kDocumentColumns + " FROM documents WHERE exchange_id = ?",
              exchangeId),
        documentFrom);
}

Id SqlStorage::addIncoming(const IncomingDocument& d) {
    Id id = 0;
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "INSERT INTO incoming_documents (office_id, state, channel, package_id, "
                 "exchange_id, sender_code, sender_name, sender_peer, number, notation, "
                 "issued_date, place, type_code, type_name, subject, signer_name, "
                 "signer_position, recipients, due_date, response_for, urgency, secrecy, pdf, "
                 "signature_status, signature_report, received_at, entered_by, updated_at, "
                 "issued_amount, page_amount, language, description) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                 "?, ?, ?, ?, ?, ?, ?, ?)",
                 d.officeId, toString(d.state), d.channel, d.packageId, d.exchangeId, d.senderCode,
                 d.senderName, d.senderPeer, d.number, d.notation, d.issuedDate, d.place,
                 d.typeCode, d.typeName, d.subject, d.signerName, d.signerPosition,
                 joinedLines(d.recipients), d.dueDate, d.responseFor, d.urgency, d.secrecy, d.pdf,
                 d.signatureStatus, d.signatureReport, d.receivedAt, nullable(d.enteredBy),
                 d.updatedAt, static_cast<Poco::Int64>(d.issuedAmount),
                 static_cast<Poco::Int64>(d.pageAmount), d.language, d.description);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Văn bản này (gói " + d.packageId + ") đã đến cơ quan rồi.");
        }
        id = impl_->lastInsertId();
        int position = 0;
        for (const auto& a : d.attachments) {
            exec(impl_->db(),
                 "INSERT INTO incoming_attachments (incoming_id, position, name, content_type, "
                 "blob) VALUES (?, ?, ?, ?, ?)",
                 id, position++, a.name, a.contentType, a.blob);
        }
    });
    return id;
}

void SqlStorage::updateIncoming(const IncomingDocument& d) {
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "UPDATE incoming_documents SET state = ?, refuse_reason = ?, arrival_number = ?, "
                 "arrival_date = ?, arrival_year = ?, assignee_id = ?, assigned_unit = ?, "
                 "assigned_by = ?, deadline = ?, instructions = ?, assigned_at = ?, "
                 "started_at = ?, done_at = ?, done_note = ?, reply_document_id = ?, "
                 "entered_by = ?, updated_at = ?, assignment_version = ? WHERE id = ?",
                 toString(d.state), d.refuseReason, nullableInt(d.arrivalNumber), d.arrivalDate,
                 d.arrivalYear, nullable(d.assigneeId), d.assignedUnit, nullable(d.assignedById),
                 d.deadline, d.instructions, d.assignedAt, d.startedAt, d.doneAt, d.doneNote,
                 nullable(d.replyDocumentId), nullable(d.enteredBy), d.updatedAt,
                 d.assignmentVersion, d.id);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Số đến này đã có trong sổ đăng ký văn bản đến; hãy vào sổ lại.");
        }
    });
}

namespace {

std::vector<Attachment> attachmentsOf(Session& db, Id incomingId) {
    return mapRows<Attachment>(query(db,
                                     "SELECT name, content_type, blob FROM incoming_attachments "
                                     "WHERE incoming_id = ? ORDER BY position",
                                     incomingId),
                               [](Rows& r) {
                                   Attachment a;
                                   a.name = text(r, "name");
                                   a.contentType = text(r, "content_type");
                                   a.blob = text(r, "blob");
                                   return a;
                               });
}

constexpr const char* kHandlerColumns =
    "h.incoming_id, h.user_id, h.role, h.status, h.note, h.assigned_by, h.assigned_at, "
    "h.updated_at";

IncomingHandler handlerFrom(Rows& r) {
    IncomingHandler h;
    h.userId = integer(r, "user_id");
    h.role = text(r, "role");
    h.status = text(r, "status");
    h.note = text(r, "note");
    h.assignedBy = optionalInteger(r, "assigned_by");
    h.assignedAt = text(r, "assigned_at");
    h.updatedAt = text(r, "updated_at");
    return h;
}

/// The handlers and instructions of one incoming document (distribution, issue 14 item 3).
void loadDistribution(Session& db, IncomingDocument& doc) {
    doc.handlers = mapRows<IncomingHandler>(
        query(db,
              std::string("SELECT ") + kHandlerColumns +
                  " FROM incoming_handlers h WHERE h.incoming_id = ? ORDER BY h.position",
              doc.id),
        handlerFrom);
    doc.instructionHistory = mapRows<Instruction>(
        query(db,
              "SELECT id, author_id, given_at, text FROM incoming_instructions "
              "WHERE incoming_id = ? ORDER BY id",
              doc.id),
        [](Rows& r) {
            Instruction i;
            i.id = integer(r, "id");
            i.authorId = optionalInteger(r, "author_id");
            i.givenAt = text(r, "given_at");
            i.text = text(r, "text");
            return i;
        });
}

/// The handlers of many documents of one office, in one query.
void loadOfficeHandlers(Session& db, Id officeId, std::vector<IncomingDocument>& docs) {
    std::map<Id, std::vector<IncomingHandler>> byDocument;
    Rows rows = query(db,
                      std::string("SELECT ") + kHandlerColumns +
                          " FROM incoming_handlers h JOIN incoming_documents d ON d.id = "
                          "h.incoming_id WHERE d.office_id = ? ORDER BY h.incoming_id, h.position",
                      officeId);
    for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
        byDocument[integer(rows, "incoming_id")].push_back(handlerFrom(rows));
    }
    for (auto& doc : docs) {
        if (auto found = byDocument.find(doc.id); found != byDocument.end()) {
            doc.handlers = found->second;
        }
    }
}

} // namespace

void SqlStorage::setIncomingHandlers(Id incomingId, const std::vector<IncomingHandler>& handlers) {
    impl_->inTransaction([&] {
        exec(impl_->db(), "DELETE FROM incoming_handlers WHERE incoming_id = ?", incomingId);
        Id position = 0;
        for (const auto& h : handlers) {
            exec(impl_->db(),
                 "INSERT INTO incoming_handlers (incoming_id, user_id, role, status, note, "
                 "position, assigned_by, assigned_at, updated_at) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 incomingId, h.userId, h.role, h.status, h.note, position++, nullable(h.assignedBy),
                 h.assignedAt, h.updatedAt);
        }
    });
}

Id SqlStorage::addIncomingInstruction(Id incomingId, const Instruction& instruction) {
    Id id = 0;
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "INSERT INTO incoming_instructions (incoming_id, author_id, given_at, text) "
             "VALUES (?, ?, ?, ?)",
             incomingId, nullable(instruction.authorId), instruction.givenAt, instruction.text);
        id = impl_->lastInsertId();
    });
    return id;
}

void SqlStorage::updateIncomingDuplicate(const IncomingDocument& d) {
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "UPDATE incoming_documents SET duplicate_kind = ?, duplicate_of = ?, "
             "duplicate_match = ?, duplicate_reason = ? WHERE id = ?",
             d.duplicate.kind, nullable(d.duplicate.of), d.duplicate.match, d.duplicate.reason,
             d.id);
    });
}

std::vector<IncomingDocument> SqlStorage::incomingCandidates(Id officeId,
                                                             const std::string& exchangeId,
                                                             const std::string& number) const {
    std::lock_guard lock(impl_->mutex);
    // Numbers compared without leading zeros ("05" and "5"); ltrim('0') of "0" is "".
    return mapRows<IncomingDocument>(
        query(impl_->db(),
              std::string("SELECT ") + kIncomingColumns +
                  " FROM incoming_documents WHERE office_id = ? AND ((? <> '' AND exchange_id = "
                  "?) OR (? <> '' AND ltrim(trim(number), '0') = ?)) ORDER BY id",
              officeId, exchangeId, exchangeId, number, number),
        incomingFrom);
}

void SqlStorage::updateIncomingRecall(const IncomingDocument& d) {
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "UPDATE incoming_documents SET recall = ?, recall_kind = ?, recall_reason = ?, "
             "recall_requested_at = ?, recall_answer = ?, recall_answered_at = ?, "
             "recall_answered_by = ?, replaced_by = ?, pdf = ?, updated_at = ? WHERE id = ?",
             d.recall.state, d.recall.kind, d.recall.reason, d.recall.requestedAt, d.recall.answer,
             d.recall.answeredAt, nullable(d.recall.answeredBy), d.recall.replacedBy, d.pdf,
             d.updatedAt, d.id);
        int position = 0;
        for (const auto& a : d.attachments) {
            exec(impl_->db(),
                 "UPDATE incoming_attachments SET blob = ? WHERE incoming_id = ? AND position = ?",
                 a.blob, d.id, position++);
        }
    });
}

std::vector<IncomingDocument>
SqlStorage::findIncomingByExchangeId(const std::string& senderCode,
                                     const std::string& exchangeId) const {
    std::vector<Id> ids;
    {
        std::lock_guard lock(impl_->mutex);
        if (exchangeId.empty()) {
            return {};
        }
        ids = mapRows<Id>(query(impl_->db(),
                                "SELECT id FROM incoming_documents WHERE sender_code = ? AND "
                                "exchange_id = ? ORDER BY id",
                                senderCode, exchangeId),
                          [](Rows& r) { return static_cast<Id>(integer(r, "id")); });
    }
    std::vector<IncomingDocument> out;
    for (const auto id : ids) {
        if (auto doc = findIncoming(id)) {
            out.push_back(std::move(*doc));
        }
    }
    return out;
}

Id SqlStorage::addRecallRequest(const RecallRequest& r) {
    Id id = 0;
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "INSERT INTO recall_requests (document_id, kind, reason, replacement_id, "
             "requested_by, requested_at, updating) VALUES (?, ?, ?, ?, ?, ?, ?)",
             r.documentId,
             // An update is kept as a replacement row with `updating` (step 27: the CHECK of
             // step 13 stays as it is).
             std::string(r.kind == kRecallKindUpdate ? kRecallKindReplacement : r.kind.c_str()),
             r.reason, nullable(r.replacementId), r.requestedBy, r.requestedAt,
             r.kind == kRecallKindUpdate ? 1 : 0);
        id = impl_->lastInsertId();
    });
    return id;
}

std::vector<RecallRequest> SqlStorage::recallRequests(Id documentId) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<RecallRequest>(
        query(impl_->db(),
              "SELECT id, document_id, kind, reason, replacement_id, requested_by, requested_at, "
              "updating FROM recall_requests WHERE document_id = ? ORDER BY id",
              documentId),
        [](Rows& r) {
            RecallRequest q;
            q.id = integer(r, "id");
            q.documentId = integer(r, "document_id");
            q.kind = integer(r, "updating") == 1 ? std::string(kRecallKindUpdate) : text(r, "kind");
            q.reason = text(r, "reason");
            q.replacementId = optionalInteger(r, "replacement_id");
            q.requestedBy = integer(r, "requested_by");
            q.requestedAt = text(r, "requested_at");
            return q;
        });
}

std::optional<IncomingDocument> SqlStorage::findIncoming(Id id) const {
    std::lock_guard lock(impl_->mutex);
    auto found = firstRow<IncomingDocument>(
        query(impl_->db(),
              std::string("SELECT ") + kIncomingColumns + " FROM incoming_documents WHERE id = ?",
              id),
        incomingFrom);
    if (found) {
        found->attachments = attachmentsOf(impl_->db(), found->id);
        loadDistribution(impl_->db(), *found);
    }
    return found;
}

std::optional<IncomingDocument>
SqlStorage::findIncomingByPackage(Id officeId, const std::string& packageId) const {
    std::lock_guard lock(impl_->mutex);
    const auto id = firstRow<Id>(
        query(impl_->db(),
              "SELECT id FROM incoming_documents WHERE office_id = ? AND package_id = ?", officeId,
              packageId),
        [](Rows& r) { return integer(r, "id"); });
    return id ? findIncoming(*id) : std::nullopt;
}

std::vector<IncomingDocument> SqlStorage::incomingDocuments(Id officeId) const {
    std::lock_guard lock(impl_->mutex);
    auto docs = mapRows<IncomingDocument>(
        query(impl_->db(),
              std::string("SELECT ") + kIncomingColumns +
                  " FROM incoming_documents WHERE office_id = ? ORDER BY id DESC",
              officeId),
        incomingFrom);
    loadOfficeHandlers(impl_->db(), officeId, docs);
    return docs;
}

std::vector<IncomingRegisterEntry> SqlStorage::incomingRegister(Id officeId, int year, int limit,
                                                                int offset) const {
    std::lock_guard lock(impl_->mutex);
    const auto rows = mapRows<IncomingDocument>(
        query(impl_->db(),
              std::string("SELECT ") + kIncomingColumns +
                  " FROM incoming_documents WHERE office_id = ? AND arrival_year = ? AND "
                  "arrival_number IS NOT NULL ORDER BY arrival_number LIMIT ? OFFSET ?",
              officeId, year, limit, offset),
        incomingFrom);
    std::vector<IncomingRegisterEntry> out;
    for (const auto& d : rows) {
        IncomingRegisterEntry e;
        e.incomingId = d.id;
        e.arrivalDate = d.arrivalDate;
        e.arrivalNumber = d.arrivalNumber.value_or(0);
        e.author = d.senderName;
        e.notation = d.notation;
        e.issuedDate = d.issuedDate;
        e.typeName = d.typeName;
        e.subject = d.subject;
        e.limited = d.access.limited;
        e.channel = d.channel;
        e.deadline = d.deadline;
        e.handedAt = d.assignedAt.substr(0, std::min<std::size_t>(10, d.assignedAt.size()));
        if (d.assigneeId) {
            const auto user = firstRow<std::string>(
                query(impl_->db(), "SELECT full_name FROM users WHERE id = ?", *d.assigneeId),
                [](Rows& r) { return text(r, "full_name"); });
            e.recipient = user.value_or("");
        }
        if (!d.assignedUnit.empty()) {
            e.recipient += (e.recipient.empty() ? "" : ", ") + d.assignedUnit;
        }
        e.progress = toString(d.state);
        e.note = recallLabel(d.recall); // "Đã thu hồi", "Đã được thay thế", …
        if (d.duplicate.marked()) {
            e.note += std::string(e.note.empty() ? "" : "; ") + "Có thể trùng văn bản " +
                      d.duplicate.kind + "/" + std::to_string(*d.duplicate.of) +
                      (d.duplicate.reason.empty() ? "" : " (" + d.duplicate.reason + ")");
        }
        if (d.replyDocumentId) {
            e.reply = firstRow<std::string>(query(impl_->db(),
                                                  "SELECT notation FROM documents WHERE id = ?",
                                                  *d.replyDocumentId),
                                            [](Rows& r) { return text(r, "notation"); })
                          .value_or("");
        }
        out.push_back(e);
    }
    return out;
}

int SqlStorage::incomingRegisterSize(Id officeId, int year) const {
    std::lock_guard lock(impl_->mutex);
    int count = 0;
    impl_->db() << sql::statement(sql::engineOf(impl_->db()),
                                  "SELECT COUNT(*) FROM incoming_documents WHERE office_id = ? AND "
                                  "arrival_year = ? AND arrival_number IS NOT NULL"),
        bind(officeId), bind(year), into(count), now;
    return count;
}

Id SqlStorage::addDispatch(const DispatchRecord& d) {
    Id id = 0;
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "INSERT INTO dispatches (document_id, recipient_code, recipient_name, channel, "
                 "peer, status_code, status_at, status_description, sent_at, note) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 d.documentId, d.recipientCode, d.recipientName, toString(d.channel), d.peer,
                 d.statusCode, d.statusAt, d.statusDescription, d.sentAt, d.note);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Nơi nhận " + d.recipientCode + " được ghi hai lần.");
        }
        id = impl_->lastInsertId();
    });
    return id;
}

void SqlStorage::updateDispatch(const DispatchRecord& d) {
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "UPDATE dispatches SET status_code = ?, status_at = ?, status_description = ?, "
             "sent_at = ?, note = ? WHERE id = ?",
             d.statusCode, d.statusAt, d.statusDescription, d.sentAt, d.note, d.id);
    });
}

void SqlStorage::addRecipientStatus(Id dispatchId, const RecipientStatus& s) {
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "INSERT INTO dispatch_statuses (dispatch_id, status_code, at, description, staff) "
             "VALUES (?, ?, ?, ?, ?)",
             dispatchId, s.statusCode, s.at, s.description, s.staff);
    });
}

std::vector<DispatchRecord> SqlStorage::dispatches(Id documentId) const {
    std::lock_guard lock(impl_->mutex);
    auto records =
        mapRows<DispatchRecord>(query(impl_->db(),
                                      std::string("SELECT ") + kDispatchColumns +
                                          " FROM dispatches WHERE document_id = ? ORDER BY id",
                                      documentId),
                                dispatchFrom);
    for (auto& record : records) {
        record.history = mapRows<RecipientStatus>(
            query(impl_->db(),
                  "SELECT status_code, at, description, staff FROM dispatch_statuses "
                  "WHERE dispatch_id = ? ORDER BY rowid",
                  record.id),
            [](Rows& r) {
                return RecipientStatus{text(r, "status_code"), text(r, "at"),
                                       text(r, "description"), text(r, "staff")};
            });
    }
    return records;
}

Id SqlStorage::addOutboxItem(const OutboxItem& o) {
    Id id = 0;
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "INSERT INTO exchange_outbox (peer, kind, document_id, recipient_code, "
             "package_id, exchange_id, sender_code, status_code, status_description, "
             "status_at, staff, attempts, next_attempt_at, last_error, created_at, "
             "delivered_at, affects) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
             "?)",
             o.peer, o.kind, o.documentId, o.recipientCode, o.packageId, o.exchangeId, o.senderCode,
             o.statusCode, o.statusDescription, o.statusAt, o.staff, o.attempts, o.nextAttemptAt,
             o.lastError, o.createdAt, o.deliveredAt, o.affects);
        id = impl_->lastInsertId();
    });
    return id;
}

void SqlStorage::updateOutboxItem(const OutboxItem& o) {
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "UPDATE exchange_outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, "
             "delivered_at = ?, cancelled_at = ?, axis_doc_id = ?, axis_receiver_doc_id = ?, "
             "axis_receive_status = ?, axis_send_status = ?, axis_checked_at = ? WHERE id = ?",
             o.attempts, o.nextAttemptAt, o.lastError, o.deliveredAt, o.cancelledAt, o.axisDocId,
             o.axisReceiverDocId, o.axisReceiveStatus, o.axisSendStatus, o.axisCheckedAt, o.id);
    });
}

std::vector<OutboxItem> SqlStorage::outboxAwaitingAxisDelivery(const std::string& since,
                                                               int limit) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<OutboxItem>(
        query(impl_->db(),
              std::string("SELECT ") + kOutboxColumns +
                  " FROM exchange_outbox WHERE axis_doc_id <> '' AND delivered_at >= ? AND "
                  "axis_receive_status NOT IN ('done', 'fail') ORDER BY axis_checked_at, id "
                  "LIMIT ?",
              since, limit),
        outboxFrom);
}

std::optional<OutboxItem> SqlStorage::findOutboxItem(Id id) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<OutboxItem>(
        query(impl_->db(),
              std::string("SELECT ") + kOutboxColumns + " FROM exchange_outbox WHERE id = ?", id),
        outboxFrom);
}

std::vector<OutboxItem> SqlStorage::outboxDocumentItems(Id documentId) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<OutboxItem>(
        query(impl_->db(),
              std::string("SELECT ") + kOutboxColumns +
                  " FROM exchange_outbox WHERE kind = 'document' AND document_id = ? ORDER BY id",
              documentId),
        outboxFrom);
}

std::vector<OutboxItem> SqlStorage::pendingOutboxItems(const std::string& now, int limit) const {
    std::lock_guard lock(impl_->mutex);
    const std::string select =
        std::string("SELECT ") + kOutboxColumns +
        " FROM exchange_outbox WHERE delivered_at = '' AND cancelled_at = ''";
    if (now.empty()) {
        return mapRows<OutboxItem>(query(impl_->db(), select + " ORDER BY id LIMIT ?", limit),
                                   outboxFrom);
    }
    return mapRows<OutboxItem>(
        query(impl_->db(), select + " AND next_attempt_at <= ? ORDER BY id LIMIT ?", now, limit),
        outboxFrom);
}

std::vector<OutboxItem> SqlStorage::lockDueOutboxItems(const std::string& now, int limit) {
    std::lock_guard lock(impl_->mutex);
    // SQLite's BEGIN IMMEDIATE already holds the one write lock; PostgreSQL locks the rows.
    const bool postgres = sql::engineOf(impl_->db()) == sql::Engine::Postgres;
    return mapRows<OutboxItem>(
        query(impl_->db(),
              std::string("SELECT ") + kOutboxColumns +
                  " FROM exchange_outbox WHERE delivered_at = '' AND cancelled_at = '' AND "
                  "next_attempt_at <= ? ORDER BY id LIMIT ?" +
                  (postgres ? " FOR UPDATE SKIP LOCKED" : ""),
              now, limit),
        outboxFrom);
}

namespace {

/// Hỏa tốc 3, thượng khẩn 2, khẩn 1, anything else 0 (an incoming letter's urgency column).
constexpr const char* kUrgencyRank =
    "(CASE urgency WHEN 'hoa-toc' THEN 3 WHEN 'thuong-khan' THEN 2 WHEN 'khan' THEN 1 "
    "ELSE 0 END)";

} // namespace

Paged<IncomingDocument> SqlStorage::incomingPage(const IncomingListFilter& filter,
                                                 const PageRequest& page) const {
    std::lock_guard lock(impl_->mutex);
    Conditions where;
    where.add("office_id = ?", filter.officeId);
    if (filter.state) {
        where.add("state = ?", toString(*filter.state));
    }
    if (filter.assigneeId) {
        where.add("assignee_id = ?", *filter.assigneeId);
    }
    if (filter.readerId != 0) {
        where.add("(NOT EXISTS (SELECT 1 FROM access_limits WHERE object = 'incoming/' || "
                  "incoming_documents.id) OR assignee_id = ? OR EXISTS (SELECT 1 FROM "
                  "access_grants WHERE object = 'incoming/' || incoming_documents.id AND "
                  "user_id = ?))",
                  filter.readerId, filter.readerId);
    }
    if (filter.handlerId) {
        where.add("(assignee_id = ? OR id IN (SELECT incoming_id FROM incoming_handlers WHERE "
                  "user_id = ?))",
                  *filter.handlerId, *filter.handlerId);
    }
    auto result =
        filter.urgentFirst
            ? pageOf<IncomingDocument>(impl_->db(), kIncomingColumns, "incoming_documents", where,
                                       std::string(kUrgencyRank) + " DESC, id DESC",
                                       std::string(kUrgencyRank) + ", id", page, incomingFrom)
            : pageOf<IncomingDocument>(impl_->db(), kIncomingColumns, "incoming_documents", where,
                                       "id DESC", "id", page, incomingFrom);
    for (auto& doc : result.items) {
        loadDistribution(impl_->db(), doc);
    }
    return result;
}

} // namespace vanthu::docmgmt
