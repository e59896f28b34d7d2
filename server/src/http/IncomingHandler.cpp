#include "http/IncomingHandler.hpp"

#include "http/PrintCopy.hpp"

#include <algorithm>

#include "http/ApiError.hpp"
#include "http/CaseFileHandler.hpp"
#include "http/DocumentViews.hpp"
#include "http/IncomingViews.hpp"
#include "http/Json.hpp"
#include "http/Paging.hpp"
#include "http/SecretAccessRoutes.hpp"
#include "vanthu/docmgmt/CaseFile.hpp"
#include "vanthu/docmgmt/Preservation.hpp"
#include "vanthu/signing/Base64.hpp"

namespace vanthu::http {

namespace {

void requireMethod(const Exchange& exchange, const char* method) {
    if (exchange.method != method) {
        throw ApiError::methodNotAllowed();
    }
}

std::string decodeBase64(const std::string& text, const std::string& field) {
    auto bytes = signing::fromBase64(text);
    if (!bytes) {
        throw ApiError::invalid(field, "Tệp phải được mã hóa base64.");
    }
    return std::move(*bytes);
}

/// IssuedAmount or PageAmount: absent is 0; out of 0..999999 is refused here, the exact limit
/// (FieldLimits.hpp) by docmgmt.
int amountField(const Poco::JSON::Object::Ptr& body, const std::string& field) {
    const auto value = optionalInteger(body, field);
    if (!value) {
        return 0;
    }
    return *value < 0 || *value > 999'999 ? -1 : static_cast<int>(*value);
}

/// A paper letter's metadata and scan from the request body (docs/api.md, paperLetter).
docmgmt::ArrivingDocument paperLetterFrom(const Poco::JSON::Object::Ptr& body) {
    docmgmt::ArrivingDocument a;
    a.senderName = optionalString(body, "senderName");
    a.senderCode = optionalString(body, "senderCode");
    a.number = optionalString(body, "number");
    a.notation = optionalString(body, "notation");
    a.issuedDate = optionalString(body, "issuedDate");
    a.place = optionalString(body, "place");
    a.typeCode = optionalString(body, "typeCode");
    a.typeName = optionalString(body, "typeName");
    if (a.typeName.empty() && !a.typeCode.empty()) {
        a.typeName = typeNameOf(a.typeCode);
    }
    a.subject = optionalString(body, "subject");
    a.signerName = optionalString(body, "signerName");
    a.signerPosition = optionalString(body, "signerPosition");
    a.recipients = stringList(body, "recipients");
    a.dueDate = optionalString(body, "dueDate");
    a.issuedAmount = amountField(body, "issuedAmount");
    a.pageAmount = amountField(body, "pageAmount");
    a.language = optionalString(body, "language");
    a.description = optionalString(body, "description");
    a.urgency = optionalString(body, "urgency");
    a.secrecy = optionalString(body, "secrecy");
    a.pdf = decodeBase64(optionalString(body, "pdfBase64"), "pdfBase64");
    if (!a.pdf.empty() && a.pdf.rfind("%PDF-", 0) != 0) {
        throw ApiError::invalid("pdfBase64", "Bản quét phải là tệp PDF.");
    }
    return a;
}

/// {"error": {code, message, field, duplicateOf}}: the clerk must give a reason (409).
void sendPossibleDuplicate(Exchange& exchange, const docmgmt::PossibleDuplicate& e) {
    auto error = newObject();
    error->set("code", "conflict");
    error->set("message", std::string(e.what()));
    error->set("field", "duplicateReason");
    error->set("duplicateOf", earlierEntryJson(e.earlier()));
    auto body = newObject();
    body->set("error", error);
    sendJson(exchange.response, 409, body);
}

/// The optional body of a step: an empty body is no fields.
Poco::JSON::Object::Ptr optionalBody(Exchange& exchange, std::initializer_list<Field> fields) {
    if (exchange.body.empty()) {
        return newObject();
    }
    return exchange.json(fields);
}

docmgmt::AssignInput assignmentFrom(const Poco::JSON::Object::Ptr& body) {
    docmgmt::AssignInput input;
    input.assigneeId = optionalInteger(body, "assigneeId");
    input.unit = optionalString(body, "unit");
    input.deadline = optionalString(body, "deadline");
    input.instructions = optionalString(body, "instructions");
    for (const auto id : idList(body, "coHandlerIds")) {
        input.coHandlerIds.push_back(id);
    }
    for (const auto id : idList(body, "informedIds")) {
        input.informedIds.push_back(id);
    }
    // The distribution's version the form was loaded at (issue 16): required; a stale one is
    // a 409.
    input.baseVersion = requireBaseVersion(body, "việc giao xử lý");
    return input;
}

/// The signed-in person's part in a letter (myRole, myStatus and their labels; "" for none).
Poco::JSON::Object::Ptr withMyPart(Poco::JSON::Object::Ptr json,
                                   const docmgmt::IncomingDocument& document, Exchange& exchange) {
    setMyPart(json, document, exchange.actor().user.id);
    return json;
}

} // namespace

docmgmt::IncomingFlow& IncomingHandler::flow() {
    auto* flow = context_.backend.incoming();
    if (!flow) {
        throw ApiError::notFound("Máy chủ này không quản lý văn bản đến.");
    }
    return *flow;
}

void IncomingHandler::serve(Exchange& exchange) {
    try {
        route(exchange);
    } catch (const docmgmt::PossibleDuplicate& e) {
        sendPossibleDuplicate(exchange, e);
    }
}

void IncomingHandler::route(Exchange& exchange) {
    const auto& segments = exchange.segments; // api, incoming, {id}, {action}, {sub}
    if (segments.size() == 2) {
        if (exchange.method == "GET") {
            return list(exchange);
        }
        requireMethod(exchange, "POST");
        return enterPaper(exchange);
    }
    const Id id = exchange.idAt(2);
    const std::string object = "incoming/" + std::to_string(id);
    if (segments.size() == 3) {
        requireMethod(exchange, "GET");
        const auto document = flow().document(exchange.actor(), id);
        recordRead(exchange, context_.backend, object, "view");
        return sendIncoming(exchange, document);
    }
    if (serveAccess(exchange, context_.backend, object)) {
        return;
    }
    const std::string& action = segments[3];
    if (segments.size() == 4 && action == "pdf") {
        requireMethod(exchange, "GET");
        const bool printCopy = wantsPrintCopy(exchange);
        const std::string bytes = flow().pdf(exchange.actor(), id);
        if (printCopy) { // bản in (III.6k): the stored PDF stays as it is
            return sendPrintCopy(exchange, context_.backend, bytes, object,
                                 "van-ban-den-" + std::to_string(id) + ".pdf");
        }
        recordRead(exchange, context_.backend, object, "download");
        return sendFile(exchange, bytes, "application/pdf",
                        "van-ban-den-" + std::to_string(id) + ".pdf");
    }
    if (segments.size() == 4 && action == "verification") {
        requireMethod(exchange, "GET");
        const auto doc = flow().document(exchange.actor(), id);
        sendJsonText(exchange.response, 200,
                     doc.signatureReport.empty() ? std::string("null") : doc.signatureReport);
        return;
    }
    if (segments.size() == 5 && action == "attachments") {
        requireMethod(exchange, "GET");
        const std::string& text = segments[4]; // 0, 1, 2, … (idAt wants ids from 1)
        if (text.empty() || text.size() > 6 ||
            text.find_first_not_of("0123456789") != std::string::npos) {
            throw ApiError::notFound("Không có tệp đính kèm này.");
        }
        const auto index = std::stoul(text);
        const auto attachment =
            flow().attachment(exchange.actor(), id, static_cast<std::size_t>(index));
        // The sender chose the name and type: only a PDF is shown inline; anything else is a
        // download of opaque bytes, never HTML or script served from this origin.
        const bool pdf =
            attachment.contentType == "application/pdf" && attachment.bytes.rfind("%PDF-", 0) == 0;
        return sendFile(exchange, attachment.bytes,
                        pdf ? "application/pdf" : "application/octet-stream", attachment.name,
                        !pdf);
    }
    if (segments.size() == 4 &&
        (action == docmgmt::kActionRecallAgree || action == docmgmt::kActionRecallRefuse)) {
        requireMethod(exchange, "POST");
        return answerRecall(exchange, id, action);
    }
    if (segments.size() == 4 && action == "comments") { // ý kiến of the handlers (issue 14)
        const auto actor = exchange.actor();
        return serveComments(
            exchange, context_.backend, [&] { return flow().comments(actor, id); },
            [&](const std::string& text) { return flow().addComment(actor, id, text); });
    }
    static const std::string steps[] = {"register",
                                        "refuse",
                                        "assign",
                                        "start",
                                        "forward",
                                        "reply",
                                        "close",
                                        docmgmt::kActionContribute,
                                        docmgmt::kActionAcknowledge,
                                        docmgmt::kActionInstruct};
    if (segments.size() == 4 &&
        std::find(std::begin(steps), std::end(steps), action) != std::end(steps)) {
        requireMethod(exchange, "POST");
        return step(exchange, id, action);
    }
    throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
}

void IncomingHandler::list(Exchange& exchange) {
    docmgmt::IncomingFilter filter;
    if (const auto text = exchange.param("state"); !text.empty()) {
        filter.state = docmgmt::parseIncomingState(text);
        if (!filter.state) {
            throw ApiError::invalid("state", "Trạng thái phải là arrived, refused, registered, "
                                             "assigned, in_progress hoặc done.");
        }
    }
    filter.assignedToMe = exchange.param("mine") == "1" || exchange.param("mine") == "true";
    UserNames names(context_.backend);
    auto list = newArray();
    // With ?limit= or ?offset=, one page and the total, cut in the database (issue 17 item 4).
    if (const auto page = optionalPageRequest(exchange)) {
        const auto documents = flow().listPage(exchange.actor(), filter, *page);
        for (const auto& document : documents.items) {
            list->add(withMyPart(incomingSummaryJson(document, names), document, exchange));
        }
        sendJson(exchange.response, 200, pagedJson(list, documents.total, *page));
        return;
    }
    for (const auto& document : flow().list(exchange.actor(), filter)) {
        list->add(withMyPart(incomingSummaryJson(document, names), document, exchange));
    }
    sendJson(exchange.response, 200, list);
}

void IncomingHandler::enterPaper(Exchange& exchange) {
    const auto body = exchange.json({
        {"senderName"},
        {"senderCode"},
        {"number"},
        {"notation"},
        {"issuedDate"},
        {"place"},
        {"typeCode"},
        {"typeName"},
        {"subject"},
        {"signerName"},
        {"signerPosition"},
        {"recipients", FieldKind::LineList},
        {"dueDate"},
        {"issuedAmount", FieldKind::Integer},
        {"pageAmount", FieldKind::Integer},
        {"language"},
        {"description", FieldKind::Lines, 1000},
        {"urgency"},
        {"secrecy"},
        {"pdfBase64", FieldKind::Base64},
        {"duplicateReason", FieldKind::Lines, 2000},
    });
    sendIncoming(exchange,
                 flow().enterPaper(exchange.actor(), paperLetterFrom(body),
                                   optionalString(body, "duplicateReason")),
                 201);
}

void IncomingHandler::step(Exchange& exchange, Id id, const std::string& action) {
    const auto actor = exchange.actor();
    auto& flow = this->flow();
    if (action == "register") {
        const auto body = optionalBody(exchange, {{"duplicateReason", FieldKind::Lines, 2000}});
        return sendIncoming(
            exchange, flow.registerArrival(actor, id, optionalString(body, "duplicateReason")));
    }
    if (action == "refuse") {
        return sendIncoming(
            exchange,
            flow.refuse(actor, id,
                        requireString(exchange.json({{"reason", FieldKind::Lines}}), "reason")));
    }
    if (action == "assign") {
        return sendIncoming(exchange, flow.assign(actor, id,
                                                  assignmentFrom(exchange.json({
                                                      {"assigneeId", FieldKind::Integer},
                                                      {"unit"},
                                                      {"deadline"},
                                                      {"instructions", FieldKind::Lines},
                                                      {"coHandlerIds", FieldKind::IdList},
                                                      {"informedIds", FieldKind::IdList},
                                                      {"version", FieldKind::Integer},
                                                  }))));
    }
    if (action == "start") {
        return sendIncoming(exchange, flow.start(actor, id));
    }
    if (action == "forward") {
        const auto body =
            exchange.json({{"userId", FieldKind::Integer}, {"note", FieldKind::Lines}});
        return sendIncoming(exchange, flow.forward(actor, id, requireInteger(body, "userId"),
                                                   optionalString(body, "note")));
    }
    if (action == docmgmt::kActionContribute) {
        const auto body = exchange.json({{"note", FieldKind::Lines, 5000}});
        return sendIncoming(exchange, flow.contribute(actor, id, optionalString(body, "note")));
    }
    if (action == docmgmt::kActionAcknowledge) {
        return sendIncoming(exchange, flow.acknowledge(actor, id));
    }
    if (action == docmgmt::kActionInstruct) {
        const auto body = exchange.json({{"text", FieldKind::Lines, 5000}});
        return sendIncoming(exchange, flow.instruct(actor, id, optionalString(body, "text")));
    }
    if (action == "close") {
        const auto body = optionalBody(
            exchange, {{"note", FieldKind::Lines}, {"noReplyNeeded", FieldKind::Boolean}});
        return sendIncoming(exchange, flow.close(actor, id, optionalString(body, "note"),
                                                 body->optValue<bool>("noReplyNeeded", false)));
    }
    // reply: the body is a draft (docs/api.md, draft); the answer is the new outgoing document.
    const auto reply =
        flow.draftReply(actor, id, docmgmt::draftFromJson(toJsonText(exchange.json(kDraftFields))));
    UserNames names(context_.backend);
    auto json = documentSummaryJson(reply, names);
    json->set("replyToIncoming", id);
    json->set("responseFor", reply.responseFor);
    sendJson(exchange.response, 201, json);
}

void IncomingHandler::answerRecall(Exchange& exchange, Id id, const std::string& action) {
    auto* recall = context_.backend.recall();
    if (!recall) {
        throw ApiError::notFound("Máy chủ này không quản lý việc thu hồi văn bản.");
    }
    const auto actor = exchange.actor();
    if (action == docmgmt::kActionRecallAgree) {
        const auto note = exchange.body.empty()
                              ? std::string()
                              : optionalString(exchange.json({{"note", FieldKind::Lines}}), "note");
        return sendIncoming(exchange, recall->agree(actor, id, note));
    }
    const auto body = exchange.json({{"reason", FieldKind::Lines}});
    sendIncoming(exchange, recall->refuse(actor, id, optionalString(body, "reason")));
}

void IncomingHandler::sendFile(Exchange& exchange, const std::string& bytes,
                               const std::string& contentType, const std::string& filename,
                               bool download) {
    http::sendFile(exchange.response, bytes, contentType, filename, download);
}

void IncomingHandler::sendIncoming(Exchange& exchange, const docmgmt::IncomingDocument& document,
                                   int status) {
    const auto actor = exchange.actor();
    auto& flow = this->flow();
    UserNames names(context_.backend);
    auto json =
        incomingJson(document, names, flow.reply(actor, document), flow.history(actor, document.id),
                     flow.allowedActions(actor, document));
    json->set("duplicate", duplicateJson(document.duplicate, flow.earlierEntry(actor, document)));
    setMyPart(json, document, actor.user.id);
    json->set("caseFiles",
              holdingCaseFileJson(context_.backend, actor, docmgmt::kIncomingKind, document.id));
    // Issue 21 item 3: the received bytes stay as they came; the copy beside them.
    json->set("longTermCopy",
              document.pdf.empty()
                  ? Poco::Dynamic::Var()
                  : longTermCopyJson(context_.backend, docmgmt::kPreservedIncoming, document.id));
    sendJson(exchange.response, status, json);
}

} // namespace vanthu::http
