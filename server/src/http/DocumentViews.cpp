#include "http/DocumentViews.hpp"

#include <Poco/JSON/Parser.h>

#include "http/ApiError.hpp"
#include "http/Json.hpp"
#include "vanthu/docmgmt/Preservation.hpp"
#include "vanthu/templates/DocumentType.hpp"

namespace vanthu::http {

std::string UserNames::of(std::optional<Id> id) {
    if (!id) {
        return {};
    }
    const auto found = names_.find(*id);
    if (found != names_.end()) {
        return found->second;
    }
    const auto user = backend_.findUser(*id);
    return names_[*id] = user ? user->fullName : std::string();
}

std::string typeNameOf(const std::string& typeCode) {
    const auto type = templates::findDocumentType(typeCode);
    return type ? type->name : typeCode;
}

namespace {

Poco::Dynamic::Var parsedOrNull(const std::string& json) {
    if (json.empty()) {
        return {};
    }
    try {
        Poco::JSON::Parser parser;
        return parser.parse(json);
    } catch (const Poco::Exception&) {
        return {};
    }
}

} // namespace

Poco::JSON::Object::Ptr documentSummaryJson(const docmgmt::OutgoingDocument& document,
                                            UserNames& names) {
    auto json = newObject();
    json->set("id", document.id);
    json->set("state", docmgmt::toString(document.state));
    json->set("typeCode", document.typeCode);
    json->set("typeName", typeNameOf(document.typeCode));
    json->set("subject", document.subject);
    json->set("authorId", document.authorId);
    json->set("authorName", names.of(document.authorId));
    json->set("signerId",
              document.signerId ? Poco::Dynamic::Var(*document.signerId) : Poco::Dynamic::Var());
    json->set("signerName", names.of(document.signerId));
    json->set("number",
              document.number ? Poco::Dynamic::Var(*document.number) : Poco::Dynamic::Var());
    json->set("notation", document.notation);
    json->set("issuedDate", document.issuedDate);
    json->set("updatedAt", document.updatedAt);
    json->set("urgency", document.draft.urgency);
    json->set("secrecy", document.draft.secrecy);
    json->set("limited", document.access.limited); // docs/access-rules.md "Secret documents"
    return json;
}

Poco::JSON::Object::Ptr documentJson(const docmgmt::OutgoingDocument& document, UserNames& names,
                                     const std::vector<docmgmt::AuditRecord>& history,
                                     const std::vector<std::string>& allowedActions) {
    auto json = documentSummaryJson(document, names);
    json->set("draft", parsedOrNull(docmgmt::toJson(document.draft)));
    json->set("version", document.version);
    json->set("returnComment", document.returnComment);
    json->set("createdAt", document.createdAt);
    json->set("content", parsedOrNull(document.content));
    json->set("exchangeId", document.exchangeId);
    json->set("responseFor", document.responseFor);
    json->set("replyToIncoming", document.replyToIncoming
                                     ? Poco::Dynamic::Var(*document.replyToIncoming)
                                     : Poco::Dynamic::Var());
    json->set("history", historyJson(history, names));
    auto actions = newArray();
    for (const auto& action : allowedActions) {
        actions->add(action);
    }
    json->set("allowedActions", actions);
    return json;
}

Poco::JSON::Array::Ptr problemsJson(const std::vector<docmgmt::FieldProblem>& problems) {
    auto list = newArray();
    for (const auto& problem : problems) {
        auto item = newObject();
        item->set("field", problem.field);
        item->set("message", problem.message);
        list->add(item);
    }
    return list;
}

Poco::JSON::Array::Ptr historyJson(const std::vector<docmgmt::AuditRecord>& history,
                                   UserNames& names) {
    auto events = newArray();
    for (const auto& entry : history) {
        auto event = newObject();
        event->set("at", entry.at);
        event->set("user",
                   names.of(entry.userId).empty() ? entry.username : names.of(entry.userId));
        event->set("action", entry.action);
        event->set("detail", entry.detail);
        events->add(event);
    }
    return events;
}

Poco::JSON::Object::Ptr commentJson(const docmgmt::DraftComment& comment, UserNames& names) {
    auto json = newObject();
    json->set("id", comment.id);
    json->set("version", comment.version);
    json->set("authorId", comment.authorId);
    json->set("authorName", names.of(comment.authorId));
    json->set("writtenAt", comment.writtenAt);
    json->set("text", comment.text);
    return json;
}

void serveComments(Exchange& exchange, Backend& backend,
                   const std::function<std::vector<docmgmt::DraftComment>()>& list,
                   const std::function<docmgmt::DraftComment(const std::string&)>& add) {
    UserNames names(backend);
    if (exchange.method == "GET") {
        auto array = newArray();
        for (const auto& comment : list()) {
            array->add(commentJson(comment, names));
        }
        sendJson(exchange.response, 200, array);
        return;
    }
    if (exchange.method != "POST") {
        throw ApiError::methodNotAllowed();
    }
    const auto text = requireString(exchange.json({{"text", FieldKind::Lines, 4000}}), "text");
    sendJson(exchange.response, 201, commentJson(add(text), names));
}

Poco::JSON::Object::Ptr versionJson(const docmgmt::DocumentVersion& version, UserNames& names) {
    auto json = newObject();
    json->set("version", version.version);
    json->set("authorId", version.authorId);
    json->set("authorName", names.of(version.authorId));
    json->set("createdAt", version.createdAt);
    json->set("editedAs", version.editedAs);
    return json;
}

Poco::JSON::Object::Ptr comparisonJson(const docmgmt::VersionComparison& comparison) {
    auto json = newObject();
    json->set("from", comparison.from);
    json->set("to", comparison.to);
    auto fields = newArray();
    for (const auto& change : comparison.fields) {
        auto field = newObject();
        field->set("field", change.field);
        field->set("label", change.label);
        field->set("before", change.before);
        field->set("after", change.after);
        fields->add(field);
    }
    json->set("fields", fields);
    json->set("bodyChanged", comparison.bodyChanged());
    auto body = newArray();
    for (const auto& run : comparison.body) {
        auto item = newObject();
        item->set("change", docmgmt::toString(run.kind));
        item->set("text", run.text);
        body->add(item);
    }
    json->set("body", body);
    return json;
}

Poco::JSON::Object::Ptr attachmentJson(const docmgmt::LetterAttachment& attachment,
                                       UserNames& names) {
    auto json = newObject();
    json->set("id", attachment.id);
    json->set("name", attachment.name);
    json->set("contentType", attachment.contentType);
    json->set("size", static_cast<Poco::Int64>(attachment.size));
    json->set("addedBy", attachment.addedBy);
    json->set("addedByName", names.of(attachment.addedBy));
    json->set("addedAt", attachment.addedAt);
    return json;
}

Poco::Dynamic::Var longTermCopyJson(Backend& backend, const std::string& kind, Id documentId) {
    auto* preservation = backend.preservation();
    const auto copy = preservation ? preservation->copyOf(kind, documentId) : std::nullopt;
    if (!copy) {
        return Poco::Dynamic::Var();
    }
    // The letter as issued or received and its long-term copy, each with its level (the weakest
    // signature's, as the verifier judges it), and where the copy stands with its renewal.
    const auto moment = [](std::int64_t at) {
        return at > 0 && at < signing::kAcceptedWithoutEnd
                   ? Poco::Dynamic::Var(docmgmt::vietnamTimestamp(at))
                   : Poco::Dynamic::Var();
    };
    auto json = newObject();
    json->set("originalLevel", copy->originalLevel);
    json->set("made", !copy->blob.empty());
    json->set("level", copy->level);
    json->set("state", docmgmt::copyStateName(preservation->stateOf(*copy)));
    json->set("expiresAt", moment(copy->expiresAt));
    json->set("algorithmsUntil", moment(copy->algorithmsUntil));
    json->set("weakestAlgorithm", copy->weakestAlgorithm);
    json->set("renewals", copy->renewals);
    json->set("updatedAt", copy->updatedAt);
    json->set("lastError", copy->lastError);
    return Poco::Dynamic::Var(json);
}

} // namespace vanthu::http
