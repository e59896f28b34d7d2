#include "http/DocumentHandler.hpp"

#include "http/PrintCopy.hpp"

#include <algorithm>
#include <functional>

#include "http/ApiError.hpp"
#include "http/CaseFileHandler.hpp"
#include "http/DocumentViews.hpp"
#include "http/IncomingViews.hpp"
#include "http/Json.hpp"
#include "http/Paging.hpp"
#include "http/SecretAccessRoutes.hpp"
#include "vanthu/docmgmt/CaseFile.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/MetadataFields.hpp"
#include "vanthu/signing/Base64.hpp"
#include "vanthu/signing/SignatureVerifier.hpp"
#include "vanthu/signing/Verification.hpp"

namespace vanthu::http {

namespace {

[[noreturn]] void noSuchAddress() {
    throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
}

void requireMethod(const Exchange& exchange, const char* method) {
    if (exchange.method != method) {
        throw ApiError::methodNotAllowed();
    }
}

/// The draft in a request body: its fields checked and in NFC (400), then read (422).
docmgmt::DraftInput draftFrom(const Exchange& exchange) {
    return docmgmt::draftFromJson(toJsonText(exchange.json(kDraftFields)));
}

/// The fields of PUT /api/documents/{id}: the draft and the version it was started from.
const std::vector<Field>& savedDraftFields() {
    static const std::vector<Field> fields = [] {
        std::vector<Field> all(std::begin(kDraftFields), std::end(kDraftFields));
        all.push_back({"version", FieldKind::Integer});
        return all;
    }();
    return fields;
}

/// {"error": {code, message, field?, ...extra}} as the contract writes errors (docs/api.md).
void sendErrorWith(Exchange& exchange, int status, const std::string& code,
                   const std::string& message, const std::string& field,
                   const std::function<void(Poco::JSON::Object&)>& extra) {
    auto error = newObject();
    error->set("code", code);
    error->set("message", message);
    if (!field.empty()) {
        error->set("field", field);
    }
    extra(*error);
    auto body = newObject();
    body->set("error", error);
    sendJson(exchange.response, status, body);
}

/// A waiting letter of the issue queue; the subject only for who may see the letter (not for an
/// administrator).
Poco::JSON::Object::Ptr queueEntryJson(const docmgmt::IssueQueueEntry& entry, UserNames& names,
                                       const std::string& subject) {
    auto json = newObject();
    json->set("documentId", entry.documentId);
    json->set("officeId", entry.officeId);
    if (!subject.empty()) {
        json->set("subject", subject);
    }
    json->set("queuedBy", names.of(entry.queuedBy));
    json->set("queuedAt", entry.queuedAt);
    json->set("attempts", entry.attempts);
    json->set("nextAttemptAt", docmgmt::vietnamTimestamp(entry.nextAttemptAt));
    json->set("lastAttemptAt", entry.lastAttemptAt);
    json->set("lastCode", entry.lastCode);
    json->set("lastError", entry.lastError);
    return json;
}

Poco::JSON::Object::Ptr loweredJson(const docmgmt::LoweredIssue& lowered, UserNames& names) {
    auto json = newObject();
    json->set("policyLevel", lowered.policyLevel);
    json->set("issuedLevel", lowered.issuedLevel);
    json->set("reason", lowered.reason);
    json->set("chosenBy", names.of(lowered.chosenBy));
    json->set("chosenAt", lowered.chosenAt);
    return json;
}

} // namespace

docmgmt::OutgoingFlow& DocumentHandler::flow() {
    auto* flow = context_.backend.flow();
    if (!flow) {
        throw ApiError::notFound("Máy chủ này không quản lý văn bản.");
    }
    return *flow;
}

void DocumentHandler::serve(Exchange& exchange) {
    try {
        route(exchange);
    } catch (const docmgmt::InvalidInput& e) {
        if (e.problems().empty()) {
            throw;
        }
        sendErrorWith(exchange, 422, "invalid", e.what(), e.field(), [&](Poco::JSON::Object& o) {
            o.set("problems", problemsJson(e.problems()));
        });
    }
}

void DocumentHandler::route(Exchange& exchange) {
    const auto& segments = exchange.segments; // api, documents, {id}, {action}, {sub}
    if (segments[1] == "issue-queue") {
        if (segments.size() != 2) {
            noSuchAddress();
        }
        requireMethod(exchange, "GET");
        return issueQueue(exchange);
    }
    if (segments.size() == 2) {
        if (exchange.method == "GET") {
            return list(exchange);
        }
        requireMethod(exchange, "POST");
        return create(exchange);
    }
    const Id id = exchange.idAt(2);
    if (segments.size() == 3) {
        if (exchange.method == "GET") {
            return read(exchange, id);
        }
        requireMethod(exchange, "PUT");
        return update(exchange, id);
    }
    if (serveAccess(exchange, context_.backend, "document/" + std::to_string(id))) {
        return;
    }
    const std::string& action = segments[3];
    if (segments.size() == 4 && action == "pdf") {
        requireMethod(exchange, "GET");
        return pdf(exchange, id);
    }
    if (segments.size() == 4 && action == "recipients") { // each recipient's status (issue 5)
        requireMethod(exchange, "GET");
        sendJson(exchange.response, 200, recipientsJson(flow().recipients(exchange.actor(), id)));
        return;
    }
    if (segments.size() == 4 && action == "recall") { // recall or replacement (issue 14)
        auto* recall = context_.backend.recall();
        if (!recall) {
            noSuchAddress();
        }
        UserNames names(context_.backend);
        if (exchange.method == "GET") {
            sendJson(exchange.response, 200,
                     recallJson(recall->status(exchange.actor(), id), names));
            return;
        }
        requireMethod(exchange, "POST");
        const auto body = exchange.json({{"reason", FieldKind::Lines},
                                         {"replacementId", FieldKind::Integer},
                                         {"kind", FieldKind::Line, 16}});
        // kind: "recall" (thu hồi), "replacement" (thay thế) or "update" (cập nhật, business
        // type 2); absent: a replacement when replacementId is given, else a recall.
        const auto kind = optionalString(body, "kind");
        const auto replacementId = optionalInteger(body, "replacementId");
        if (!kind.empty() && kind != "recall" && kind != "replacement" && kind != "update") {
            throw ApiError::invalid("kind", "kind phải là recall (thu hồi), replacement (thay "
                                            "thế) hoặc update (cập nhật).");
        }
        if ((kind == "recall" && replacementId) || (kind == "replacement" && !replacementId)) {
            throw ApiError::invalid("replacementId",
                                    kind == "recall"
                                        ? "Thu hồi không có văn bản thay thế (replacementId)."
                                        : "Hãy chọn văn bản thay thế (replacementId).");
        }
        sendJson(exchange.response, 200,
                 recallJson(recall->request(exchange.actor(), id, optionalString(body, "reason"),
                                            replacementId, kind == "update"),
                            names));
        return;
    }
    if (action == "comments" && segments.size() == 4) { // góp ý (issue 14 item 4)
        return comments(exchange, id);
    }
    if (action == "versions" && segments.size() <= 5) {
        return versions(exchange, id);
    }
    if (action == "attachments" && segments.size() <= 5) {
        return attachments(exchange, id);
    }
    if (segments.size() == 4 && action == "issue-queue") {
        return queueIssue(exchange, id);
    }
    if (segments.size() == 4 && action == "verification") {
        requireMethod(exchange, "GET");
        return verification(exchange, id);
    }
    if (segments.size() == 5 && action == "sign" && segments[4] == "prepare") {
        requireMethod(exchange, "POST");
        return prepareSignature(exchange, id);
    }
    if (segments.size() == 5 && action == "sign" && segments[4] == "complete") {
        requireMethod(exchange, "POST");
        return step(exchange, id, "sign/complete");
    }
    static const std::string steps[] = {"submit", "return", "approve", "sign", "issue"};
    if (segments.size() == 4 &&
        std::find(std::begin(steps), std::end(steps), action) != std::end(steps)) {
        requireMethod(exchange, "POST");
        return step(exchange, id, action);
    }
    noSuchAddress();
}

void DocumentHandler::list(Exchange& exchange) {
    std::optional<docmgmt::DocumentState> state;
    if (const auto text = exchange.param("state"); !text.empty()) {
        state = docmgmt::parseDocumentState(text);
        if (!state) {
            throw ApiError::invalid("state", "Trạng thái phải là draft, submitted, returned, "
                                             "approved, signed hoặc issued.");
        }
    }
    UserNames names(context_.backend);
    auto list = newArray();
    // With ?limit= or ?offset=, one page and the total, cut in the database (issue 17 item 4).
    if (const auto page = optionalPageRequest(exchange)) {
        const auto documents = flow().listPage(exchange.actor(), state, *page);
        for (const auto& document : documents.items) {
            list->add(documentSummaryJson(document, names));
        }
        sendJson(exchange.response, 200, pagedJson(list, documents.total, *page));
        return;
    }
    for (const auto& document : flow().list(exchange.actor(), state)) {
        list->add(documentSummaryJson(document, names));
    }
    sendJson(exchange.response, 200, list);
}

void DocumentHandler::create(Exchange& exchange) {
    const auto draft = draftFrom(exchange);
    sendDocument(exchange, flow().createDraft(exchange.actor(), draft), 201);
}

void DocumentHandler::read(Exchange& exchange, Id id) {
    const auto document = flow().document(exchange.actor(), id);
    recordRead(exchange, context_.backend, "document/" + std::to_string(id), "view");
    sendDocument(exchange, document);
}

void DocumentHandler::update(Exchange& exchange, Id id) {
    const auto body = exchange.json(savedDraftFields());
    if (!body->has("version") || body->isNull("version")) {
        throw ApiError::invalid("version", "Hãy gửi kèm phiên bản dự thảo đã mở (version), để "
                                           "không ghi đè một bản mới hơn.");
    }
    const auto version = requireInteger(body, "version");
    const auto draft = docmgmt::draftFromJson(toJsonText(body));
    sendDocument(exchange,
                 flow().updateDraft(exchange.actor(), id, static_cast<int>(version), draft));
}

void DocumentHandler::requireOwnMetadata(const Actor& actor, Id id) {
    auto* fields = context_.backend.metadataFields();
    if (!fields) {
        return;
    }
    const auto doc = flow().document(actor, id);
    const auto missing = fields->missingRequired(doc.officeId, docmgmt::kOutgoingKind, id);
    if (!missing.empty()) {
        std::string names;
        for (const auto& name : missing) {
            names += (names.empty() ? "“" : ", “") + name + "”";
        }
        throw ApiError::invalid("metadata",
                                "Dự thảo chưa điền trường siêu dữ liệu bắt buộc: " + names + ".");
    }
}

void DocumentHandler::step(Exchange& exchange, Id id, const std::string& action) {
    const auto actor = exchange.actor();
    auto& flow = this->flow();
    if (action == "submit") {
        requireOwnMetadata(actor, id);
        sendDocument(exchange, flow.submit(actor, id));
    } else if (action == "return") {
        const auto comment =
            requireString(exchange.json({{"comment", FieldKind::Lines}}), "comment");
        sendDocument(exchange, flow.returnForChanges(actor, id, comment));
    } else if (action == "approve") {
        sendDocument(exchange, flow.approve(actor, id));
    } else if (action == "sign") { // renders and signs: long work
        sendDocument(exchange, longWork([&] { return flow.sign(actor, id); }));
    } else if (action == "sign/complete") {
        const auto value = requireString(
            exchange.json({{"signatureValue", FieldKind::Line, 65536}}), "signatureValue");
        sendDocument(exchange, longWork([&] { return flow.completeSignature(actor, id, value); }));
    } else {
        issue(exchange, id); // stamps the number and the seal: long work
    }
}

void DocumentHandler::issue(Exchange& exchange, Id id) {
    // No body: at the policy's level. {"level", "reason"}: the clerk's audited choice to issue
    // below it (issue 21 item 2).
    std::optional<docmgmt::LowerLevel> lower;
    if (exchange.body.find_first_not_of(" \t\r\n") != std::string::npos) {
        const auto body =
            exchange.json({{"level", FieldKind::Line, 10}, {"reason", FieldKind::Lines, 1000}});
        if (body->has("level") || body->has("reason")) {
            lower =
                docmgmt::LowerLevel{requireString(body, "level"), requireString(body, "reason")};
        }
    }
    try {
        const auto actor = exchange.actor();
        auto& flow = this->flow();
        sendDocument(exchange, longWork([&] { return flow.issue(actor, id, lower); }));
    } catch (const docmgmt::EvidenceUnavailable& e) {
        // Nothing issued, no number used: the clerk may wait for the queue, or issue lower.
        exchange.response.set("Retry-After", "60");
        sendErrorWith(exchange, 503, e.code(), e.what(), "", [](Poco::JSON::Object& o) {
            auto choices = newArray();
            choices->add("queue");
            choices->add("lower");
            o.set("choices", choices);
        });
    }
}

void DocumentHandler::issueQueue(Exchange& exchange) {
    const auto actor = exchange.actor();
    UserNames names(context_.backend);
    auto list = newArray();
    for (const auto& entry : flow().issueQueue(actor)) {
        std::string subject;
        if (actor.user.role != docmgmt::Role::Administrator) {
            subject = flow().document(actor, entry.documentId).subject;
        }
        list->add(queueEntryJson(entry, names, subject));
    }
    sendJson(exchange.response, 200, list);
}

void DocumentHandler::queueIssue(Exchange& exchange, Id id) {
    const auto actor = exchange.actor();
    UserNames names(context_.backend);
    if (exchange.method == "GET") {
        const auto entry = flow().queued(actor, id);
        if (!entry) {
            throw ApiError::notFound("Văn bản không ở trong hàng chờ phát hành.");
        }
        sendJson(exchange.response, 200,
                 queueEntryJson(*entry, names, flow().document(actor, id).subject));
        return;
    }
    if (exchange.method == "DELETE") {
        flow().unqueueIssue(actor, id);
        exchange.response.setStatus(Poco::Net::HTTPResponse::HTTP_NO_CONTENT);
        exchange.response.send();
        return;
    }
    requireMethod(exchange, "POST");
    const auto entry = flow().queueIssue(actor, id);
    sendJson(exchange.response, 201,
             queueEntryJson(entry, names, flow().document(actor, id).subject));
}

void DocumentHandler::prepareSignature(Exchange& exchange, Id id) {
    const auto chain = requireString(
        exchange.json({{"certificateChainPem", FieldKind::Lines, 262144}}), "certificateChainPem");
    auto answer = newObject();
    const auto actor = exchange.actor();
    auto& flow = this->flow();
    answer->set("digest", longWork([&] { return flow.prepareSignature(actor, id, chain); }));
    sendJson(exchange.response, 200, answer);
}

void DocumentHandler::pdf(Exchange& exchange, Id id) {
    const bool printCopy = wantsPrintCopy(exchange);
    const auto actor = exchange.actor();
    auto& flow = this->flow();
    const std::string bytes = longWork([&] { return flow.pdf(actor, id); }); // a draft renders
    if (printCopy) { // bản in: marked in a revision of its own; the original below is untouched
        return sendPrintCopy(exchange, context_.backend, bytes, "document/" + std::to_string(id),
                             "van-ban-" + std::to_string(id) + ".pdf");
    }
    recordRead(exchange, context_.backend, "document/" + std::to_string(id), "download");
    auto& response = exchange.response;
    response.setContentType("application/pdf");
    response.set("Content-Disposition",
                 "inline; filename=\"van-ban-" + std::to_string(id) + ".pdf\"");
    response.setContentLength64(static_cast<Poco::Int64>(bytes.size()));
    response.send().write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

void DocumentHandler::verification(Exchange& exchange, Id id) {
    const auto actor = exchange.actor();
    auto& flow = this->flow();
    const auto anchorFile = context_.backend.trustAnchors();
    const std::string json = longWork([&] { // a render for a draft, then a child process
        const std::string bytes = flow.pdf(actor, id);
        const signing::SignatureVerifier verifier(
            signing::trustAnchorsFromOptionalFile(anchorFile));
        auto result = signing::verifyDocument(bytes, verifier);
        result.report.file = "van-ban-" + std::to_string(id) + ".pdf";
        return signing::toJson(result.report);
    });
    auto& response = exchange.response;
    response.setContentType("application/json; charset=utf-8");
    response.setContentLength64(static_cast<Poco::Int64>(json.size()));
    response.send().write(json.data(), static_cast<std::streamsize>(json.size()));
}

void DocumentHandler::comments(Exchange& exchange, Id id) {
    const auto actor = exchange.actor();
    serveComments(
        exchange, context_.backend, [&] { return flow().comments(actor, id); },
        [&](const std::string& text) { return flow().addComment(actor, id, text); });
}

void DocumentHandler::versions(Exchange& exchange, Id id) {
    requireMethod(exchange, "GET");
    const auto actor = exchange.actor();
    if (exchange.segments.size() == 5) {
        if (exchange.segments[4] != "compare") {
            noSuchAddress();
        }
        const auto number = [&](const char* name) {
            const std::string text = exchange.param(name);
            if (text.empty() || text.size() > 6 ||
                text.find_first_not_of("0123456789") != std::string::npos) {
                throw ApiError::invalid(name, "Hãy chọn hai phiên bản để so sánh (from, to là số "
                                              "phiên bản).");
            }
            return std::stoi(text);
        };
        const int from = number("from");
        const int to = number("to");
        sendJson(exchange.response, 200,
                 comparisonJson(flow().compareVersions(actor, id, from, to)));
        return;
    }
    UserNames names(context_.backend);
    auto list = newArray();
    for (const auto& version : flow().versions(actor, id)) {
        list->add(versionJson(version, names));
    }
    sendJson(exchange.response, 200, list);
}

void DocumentHandler::attachments(Exchange& exchange, Id id) {
    const auto actor = exchange.actor();
    UserNames names(context_.backend);
    if (exchange.segments.size() == 5) {
        const Id attachmentId = exchange.idAt(4);
        if (exchange.method == "DELETE") {
            flow().removeAttachment(actor, id, attachmentId);
            exchange.response.setStatus(Poco::Net::HTTPResponse::HTTP_NO_CONTENT);
            exchange.response.send();
            return;
        }
        requireMethod(exchange, "GET");
        const auto [attachment, bytes] = flow().attachment(actor, id, attachmentId);
        recordRead(exchange, context_.backend, "document/" + std::to_string(id), "download");
        // Only a PDF is shown inline; anything else is a download of opaque bytes.
        const bool pdf = attachment.contentType == "application/pdf";
        sendFile(exchange.response, bytes, pdf ? "application/pdf" : "application/octet-stream",
                 attachment.name, !pdf);
        return;
    }
    if (exchange.method == "GET") {
        auto list = newArray();
        for (const auto& attachment : flow().attachments(actor, id)) {
            list->add(attachmentJson(attachment, names));
        }
        sendJson(exchange.response, 200, list);
        return;
    }
    requireMethod(exchange, "POST");
    const auto body =
        exchange.json({{"name", FieldKind::Line, 255}, {"contentBase64", FieldKind::Base64}});
    const auto name = requireString(body, "name");
    auto bytes = signing::fromBase64(requireString(body, "contentBase64"));
    if (!bytes) {
        throw ApiError::invalid("contentBase64", "Tệp phải được mã hóa base64.");
    }
    sendJson(exchange.response, 201,
             attachmentJson(flow().addAttachment(actor, id, name, *bytes), names));
}

void DocumentHandler::sendDocument(Exchange& exchange, const docmgmt::OutgoingDocument& document,
                                   int status) {
    const auto actor = exchange.actor();
    UserNames names(context_.backend);
    names.know(actor.user);
    auto json = documentJson(document, names, flow().history(actor, document.id),
                             flow().allowedActions(actor, document));
    json->set("caseFiles",
              holdingCaseFileJson(context_.backend, actor, docmgmt::kOutgoingKind, document.id));
    const bool editable = document.state == docmgmt::DocumentState::Draft ||
                          document.state == docmgmt::DocumentState::Returned;
    json->set("problems", problemsJson(editable ? flow().problems(document)
                                                : std::vector<docmgmt::FieldProblem>{}));
    // Issue 21 item 2: waiting in the issue queue, or issued below the signing policy.
    if (const auto queued = flow().queued(actor, document.id)) {
        json->set("issueQueue", queueEntryJson(*queued, names, ""));
    } else {
        json->set("issueQueue", Poco::Dynamic::Var());
    }
    if (const auto lowered = flow().loweredIssue(actor, document.id)) {
        json->set("lowerLevel", loweredJson(*lowered, names));
    } else {
        json->set("lowerLevel", Poco::Dynamic::Var());
    }
    // Issue 21 item 4: the issued letter's long-term copy, its level and its renewal.
    json->set("longTermCopy",
              document.state == docmgmt::DocumentState::Issued
                  ? longTermCopyJson(context_.backend, docmgmt::kPreservedOutgoing, document.id)
                  : Poco::Dynamic::Var());
    sendJson(exchange.response, status, json);
}

} // namespace vanthu::http
