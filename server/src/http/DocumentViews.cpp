#include "http/DocumentViews.hpp"

#include <Poco/JSON/Parser.h>

#include "http/Json.hpp"
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

} // namespace vanthu::http
