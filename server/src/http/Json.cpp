#include "http/Json.hpp"

#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <sstream>

#include "http/ApiError.hpp"

namespace vanthu::http {

Poco::JSON::Object::Ptr newObject() {
    return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

Poco::JSON::Array::Ptr newArray() {
    return new Poco::JSON::Array();
}

Poco::JSON::Object::Ptr parseObject(const std::string& body) {
    Poco::Dynamic::Var parsed;
    try {
        Poco::JSON::Parser parser;
        parsed = parser.parse(body);
    } catch (const Poco::Exception&) {
        throw ApiError::badRequest("Nội dung gửi lên không phải JSON hợp lệ.");
    }
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) {
        throw ApiError::badRequest("Nội dung gửi lên phải là một đối tượng JSON.");
    }
    return parsed.extract<Poco::JSON::Object::Ptr>();
}

namespace {

[[noreturn]] void wrongField(const std::string& field, const std::string& what) {
    throw ApiError::invalid(field, "Trường \"" + field + "\" " + what + ".");
}

} // namespace

std::string requireString(const Poco::JSON::Object::Ptr& object, const std::string& field) {
    if (!object->has(field) || object->isNull(field)) {
        wrongField(field, "là bắt buộc");
    }
    const auto value = object->get(field);
    if (!value.isString()) {
        wrongField(field, "phải là chuỗi ký tự");
    }
    return value.extract<std::string>();
}

std::string optionalString(const Poco::JSON::Object::Ptr& object, const std::string& field,
                           const std::string& fallback) {
    if (!object->has(field) || object->isNull(field)) {
        return fallback;
    }
    return requireString(object, field);
}

std::int64_t requireInteger(const Poco::JSON::Object::Ptr& object, const std::string& field) {
    const auto value = optionalInteger(object, field);
    if (!value) {
        wrongField(field, "là bắt buộc");
    }
    return *value;
}

std::optional<std::int64_t> optionalInteger(const Poco::JSON::Object::Ptr& object,
                                            const std::string& field) {
    if (!object->has(field) || object->isNull(field)) {
        return std::nullopt;
    }
    const auto value = object->get(field);
    if (!value.isInteger()) {
        wrongField(field, "phải là số nguyên");
    }
    return value.convert<std::int64_t>();
}

std::vector<std::string> stringList(const Poco::JSON::Object::Ptr& object,
                                    const std::string& field) {
    std::vector<std::string> result;
    if (!object->has(field) || object->isNull(field)) {
        return result;
    }
    const auto array = object->getArray(field);
    if (!array) {
        wrongField(field, "phải là danh sách chuỗi ký tự");
    }
    for (std::size_t i = 0; i < array->size(); ++i) {
        const auto item = array->get(static_cast<unsigned>(i));
        if (!item.isString()) {
            wrongField(field, "phải là danh sách chuỗi ký tự");
        }
        result.push_back(item.extract<std::string>());
    }
    return result;
}

std::string toJsonText(const Poco::Dynamic::Var& value) {
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(value, out);
    return out.str();
}

void appendJsonString(std::string& out, std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (byte < 0x20) {
            out += "\\u00";
            out += hex[byte >> 4];
            out += hex[byte & 0xf];
        } else {
            out += c;
        }
    }
    out += '"';
}

void sendJson(Poco::Net::HTTPServerResponse& response, int status,
              const Poco::Dynamic::Var& value) {
    sendJsonText(response, status, toJsonText(value));
}

void sendJsonText(Poco::Net::HTTPServerResponse& response, int status, const std::string& text) {
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentType("application/json; charset=utf-8");
    response.setContentLength64(static_cast<Poco::Int64>(text.size()));
    response.send().write(text.data(), static_cast<std::streamsize>(text.size()));
}

void sendError(Poco::Net::HTTPServerResponse& response, int status, const std::string& code,
               const std::string& message, const std::string& field) {
    auto error = newObject();
    error->set("code", code);
    error->set("message", message);
    if (!field.empty()) {
        error->set("field", field);
    }
    auto body = newObject();
    body->set("error", error);
    sendJson(response, status, body);
}

} // namespace vanthu::http
