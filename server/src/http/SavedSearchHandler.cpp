#include "http/SavedSearchHandler.hpp"

#include "http/ApiError.hpp"
#include "http/Json.hpp"
#include "vanthu/docmgmt/SavedSearches.hpp"

namespace vanthu::http {

namespace {

constexpr Field kSavedSearchFields[] = {
    {"name", FieldKind::Line, docmgmt::SavedSearches::kMaxName},
    {"query", FieldKind::Line, docmgmt::SavedSearches::kMaxQuery},
    {"columns", FieldKind::Line, docmgmt::SavedSearches::kMaxColumns},
    {"shared", FieldKind::Boolean},
    {"version", FieldKind::Integer},
};

Poco::JSON::Object::Ptr savedSearchJson(const docmgmt::SavedSearch& saved, const User& me,
                                        Backend& backend) {
    auto json = newObject();
    json->set("id", saved.id);
    json->set("name", saved.name);
    json->set("query", saved.query);
    json->set("columns", saved.columns);
    json->set("shared", saved.shared);
    json->set("mine", saved.ownerId == me.id);
    json->set("ownerId", saved.ownerId);
    const auto owner =
        saved.ownerId == me.id ? std::optional<User>(me) : backend.findUser(saved.ownerId);
    json->set("ownerName", owner ? owner->fullName : std::string());
    json->set("createdAt", saved.createdAt);
    json->set("updatedAt", saved.updatedAt);
    json->set("version", saved.version);
    return json;
}

docmgmt::SavedSearchInput inputOf(const Exchange& exchange) {
    const auto body = exchange.json(kSavedSearchFields);
    docmgmt::SavedSearchInput input;
    input.name = requireString(body, "name");
    input.query = optionalString(body, "query");
    input.columns = optionalString(body, "columns");
    input.shared = body->has("shared") && body->getValue<bool>("shared");
    input.baseVersion = baseVersion(body); // an update's (issue 16): a stale one is a 409
    return input;
}

} // namespace

void SavedSearchHandler::serve(Exchange& exchange) {
    auto* saved = context_.backend.savedSearches();
    if (!saved) {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
    // The user as stored now (a role or office changed since sign-in counts at once).
    const auto me = context_.backend.findUser(exchange.me().id).value_or(exchange.me());
    const auto size = exchange.segments.size();
    if (size == 2 && exchange.method == "GET") {
        auto array = newArray();
        for (const auto& one : saved->list(me)) {
            array->add(savedSearchJson(one, me, context_.backend));
        }
        sendJson(exchange.response, 200, array);
    } else if (size == 2 && exchange.method == "POST") {
        sendJson(exchange.response, 201,
                 savedSearchJson(saved->create(me, inputOf(exchange)), me, context_.backend));
    } else if (size == 3 && exchange.method == "GET") {
        sendJson(exchange.response, 200,
                 savedSearchJson(saved->find(me, exchange.idAt(2)), me, context_.backend));
    } else if (size == 3 && exchange.method == "PUT") {
        const auto id = exchange.idAt(2);
        sendJson(exchange.response, 200,
                 savedSearchJson(saved->update(me, id, inputOf(exchange)), me, context_.backend));
    } else if (size == 3 && exchange.method == "DELETE") {
        saved->remove(me, exchange.idAt(2));
        exchange.response.setStatus(Poco::Net::HTTPResponse::HTTP_NO_CONTENT);
        exchange.response.send();
    } else if (size == 2 || size == 3) {
        throw ApiError::methodNotAllowed();
    } else {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
}

} // namespace vanthu::http
