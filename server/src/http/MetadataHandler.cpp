#include "http/MetadataHandler.hpp"

#include "http/ApiError.hpp"
#include "http/Json.hpp"
#include "vanthu/docmgmt/CaseFile.hpp"
#include "vanthu/docmgmt/MetadataFields.hpp"

namespace vanthu::http {

namespace {

constexpr Field kFieldFields[] = {
    {"officeId", FieldKind::Integer},
    {"name", FieldKind::Line, docmgmt::MetadataFields::kMaxName},
    {"type", FieldKind::Line, 10},
    {"required", FieldKind::Boolean},
    {"options", FieldKind::LineList, docmgmt::MetadataFields::kMaxName},
};

constexpr Field kValueFields[] = {
    {"names", FieldKind::LineList, docmgmt::MetadataFields::kMaxName},
    {"values", FieldKind::LineList, docmgmt::MetadataFields::kMaxValue},
    {"version", FieldKind::Integer},
};

Poco::JSON::Object::Ptr fieldJson(const docmgmt::MetadataField& field) {
    auto json = newObject();
    json->set("id", field.id);
    json->set("officeId", field.officeId);
    json->set("name", field.name);
    json->set("type", std::string(docmgmt::metadataTypeName(field.type)));
    json->set("required", field.required);
    auto options = newArray();
    for (const auto& option : field.options) {
        options->add(option);
    }
    json->set("options", options);
    json->set("createdAt", field.createdAt);
    return json;
}

/// {version, values: [{fieldId, name, type, value}]}: the version a form sends back (issue 16).
Poco::JSON::Object::Ptr valuesJson(const std::vector<docmgmt::MetadataValue>& values, int version) {
    auto array = newArray();
    for (const auto& value : values) {
        auto json = newObject();
        json->set("fieldId", value.fieldId);
        json->set("name", value.name);
        json->set("type", std::string(docmgmt::metadataTypeName(value.type)));
        json->set("value", value.value);
        array->add(json);
    }
    auto json = newObject();
    json->set("version", version);
    json->set("values", array);
    return json;
}

/// The document's office, after the check that the user may read it (404 otherwise), and
/// whether the user may change its values.
struct DocumentAccess {
    Id officeId = 0;
    bool mayChange = false;
};

DocumentAccess accessTo(Backend& backend, const Actor& actor, const std::string& kind, Id id) {
    const auto& user = actor.user;
    const bool clerk = user.role == docmgmt::Role::Clerk;
    if (kind == docmgmt::kOutgoingKind && backend.flow()) {
        const auto doc = backend.flow()->document(actor, id);
        const bool draft = doc.state == docmgmt::DocumentState::Draft ||
                           doc.state == docmgmt::DocumentState::Returned;
        return {doc.officeId, (draft && doc.authorId == user.id) || clerk};
    }
    if (kind == docmgmt::kIncomingKind && backend.incoming()) {
        const auto doc = backend.incoming()->document(actor, id);
        return {doc.officeId, clerk || user.role == docmgmt::Role::Leader};
    }
    if (kind == docmgmt::kImportedKind) {
        if (const auto doc = backend.importedDocument(user, id)) {
            return {doc->officeId, clerk};
        }
        throw ApiError::notFound("Không có văn bản này.");
    }
    throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
}

} // namespace

void MetadataHandler::serve(Exchange& exchange) {
    if (!context_.backend.metadataFields()) {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
    if (exchange.segments[1] == "metadata-fields") {
        fields(exchange);
    } else {
        values(exchange);
    }
}

void MetadataHandler::fields(Exchange& exchange) {
    auto& fields = *context_.backend.metadataFields();
    const auto size = exchange.segments.size();
    if (size == 2 && exchange.method == "GET") {
        const auto me = exchange.me();
        const auto office = exchange.integerParam("officeId").value_or(me.officeId);
        if (office != me.officeId && me.role != docmgmt::Role::Administrator) {
            throw ApiError::forbidden("Bạn chỉ xem được các trường của cơ quan mình.");
        }
        auto array = newArray();
        for (const auto& field : fields.fields(office)) {
            array->add(fieldJson(field));
        }
        sendJson(exchange.response, 200, array);
    } else if (size == 2 && exchange.method == "POST") {
        const auto body = exchange.json(kFieldFields);
        docmgmt::MetadataFieldInput input;
        input.name = requireString(body, "name");
        input.type = requireString(body, "type");
        input.required = body->has("required") && body->getValue<bool>("required");
        input.options = stringList(body, "options");
        const Id office =
            body->has("officeId") ? requireInteger(body, "officeId") : exchange.me().officeId;
        sendJson(exchange.response, 201, fieldJson(fields.define(exchange.actor(), office, input)));
    } else if (size == 3 && exchange.method == "DELETE") {
        fields.remove(exchange.actor(), exchange.idAt(2));
        exchange.response.setStatus(Poco::Net::HTTPResponse::HTTP_NO_CONTENT);
        exchange.response.send();
    } else if (size == 2 || size == 3) {
        throw ApiError::methodNotAllowed();
    } else {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
}

void MetadataHandler::values(Exchange& exchange) {
    auto& fields = *context_.backend.metadataFields();
    if (exchange.segments.size() != 4) {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
    const std::string kind = exchange.segments[2];
    const Id id = exchange.idAt(3);
    const auto actor = exchange.actor();
    const auto access = accessTo(context_.backend, actor, kind, id);
    if (exchange.method == "GET") {
        sendJson(exchange.response, 200,
                 valuesJson(fields.values(kind, id), fields.valuesVersion(kind, id)));
    } else if (exchange.method == "PUT") {
        if (!access.mayChange) {
            throw ApiError::forbidden("Bạn không được sửa siêu dữ liệu của văn bản này.");
        }
        const auto body = exchange.json(kValueFields);
        const auto names = stringList(body, "names");
        const auto values = stringList(body, "values");
        if (names.size() != values.size()) {
            throw ApiError::invalid("values", "Mỗi tên trường (names) cần đúng một giá trị "
                                              "(values).");
        }
        std::map<std::string, std::string> given;
        for (std::size_t i = 0; i < names.size(); ++i) {
            if (!given.emplace(names[i], values[i]).second) {
                throw ApiError::invalid("names", "Trường “" + names[i] + "” được gửi hai lần.");
            }
        }
        const auto saved =
            fields.setValues(actor, access.officeId, kind, id, given, baseVersion(body));
        sendJson(exchange.response, 200, valuesJson(saved, fields.valuesVersion(kind, id)));
    } else {
        throw ApiError::methodNotAllowed();
    }
}

} // namespace vanthu::http
