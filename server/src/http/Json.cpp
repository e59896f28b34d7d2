#include "http/Json.hpp"

#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <limits>
#include <optional>
#include <sstream>
#include <string_view>

#include "http/ApiError.hpp"
#include "vanthu/templates/Unicode.hpp"

namespace vanthu::http {

Poco::JSON::Object::Ptr newObject() {
    return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

Poco::JSON::Array::Ptr newArray() {
    return new Poco::JSON::Array();
}

namespace {

constexpr std::size_t kLineChars = 1000;
constexpr std::size_t kLinesChars = 10000;
constexpr std::size_t kListItems = 1000;

[[noreturn]] void refuseField(const std::string& field, const std::string& what) {
    throw ApiError(400, "bad-request", "Trường \"" + field + "\" " + what + ".", field);
}

std::string codePointName(char32_t c) {
    char text[16];
    std::snprintf(text, sizeof text, "U+%04X", static_cast<unsigned>(c));
    return text;
}

/// The text as it may be stored: checked, CR LF as LF in Lines, NFC, within maxChars.
std::string acceptedText(const std::string& field, std::string text, bool severalLines,
                         std::size_t maxChars) {
    if (severalLines) {
        for (auto at = text.find("\r\n"); at != std::string::npos; at = text.find("\r\n", at)) {
            text.erase(at, 1);
        }
    }
    const auto fault = templates::findTextFault(text, severalLines);
    switch (fault.kind) {
    case templates::TextFault::InvalidUtf8:
        refuseField(field, "không phải văn bản UTF-8 hợp lệ (có byte lạ hoặc nửa cặp thay thế "
                           "UTF-16)");
    case templates::TextFault::Control:
        refuseField(field, "chứa ký tự điều khiển " + codePointName(fault.codePoint) +
                               (severalLines ? "" : " hoặc xuống dòng") + ", không được phép");
    case templates::TextFault::DirectionOverride:
        refuseField(field, "chứa ký tự đảo chiều văn bản " + codePointName(fault.codePoint) +
                               ", không được phép");
    case templates::TextFault::None:
        break;
    }
    if (fault.characters > maxChars) { // NFC never lengthens Vietnamese: checked before the work
        refuseField(field, "dài quá " + std::to_string(maxChars) + " ký tự");
    }
    return templates::toNfc(text);
}

/// A key as it may be named in an answer (a key that is not clean text is not repeated).
std::string keyName(const std::string& key) {
    const auto fault = templates::findTextFault(key, false);
    if (fault.kind != templates::TextFault::None || fault.characters > 64) {
        throw ApiError::badRequest("Nội dung gửi lên có tên trường không hợp lệ.");
    }
    return key;
}

const char* kindName(FieldKind kind) {
    switch (kind) {
    case FieldKind::Line:
    case FieldKind::Lines:
    case FieldKind::Base64:
        return "phải là chuỗi ký tự";
    case FieldKind::LineList:
        return "phải là danh sách chuỗi ký tự";
    case FieldKind::IdList:
        return "phải là danh sách số nguyên";
    case FieldKind::Integer:
        return "phải là số nguyên";
    case FieldKind::Boolean:
        return "phải là true hoặc false";
    }
    return "có kiểu không đúng";
}

/// Checks one value against its field; texts are replaced by their accepted form.
Poco::Dynamic::Var acceptedValue(const std::string& path, const Poco::Dynamic::Var& value,
                                 const Field& field) {
    if (value.isEmpty()) {
        return value; // null: absent
    }
    const std::size_t max = field.maxChars
                                ? field.maxChars
                                : (field.kind == FieldKind::Lines ? kLinesChars : kLineChars);
    switch (field.kind) {
    case FieldKind::Line:
    case FieldKind::Lines:
        if (!value.isString()) {
            refuseField(path, kindName(field.kind));
        }
        return acceptedText(path, value.extract<std::string>(), field.kind == FieldKind::Lines,
                            max);
    case FieldKind::Base64:
        if (!value.isString()) {
            refuseField(path, kindName(field.kind));
        }
        return value;
    case FieldKind::Integer:
        if (!value.isInteger()) {
            refuseField(path, kindName(field.kind));
        }
        return value;
    case FieldKind::Boolean:
        if (!value.isBoolean()) {
            refuseField(path, kindName(field.kind));
        }
        return value;
    case FieldKind::IdList: {
        if (value.type() != typeid(Poco::JSON::Array::Ptr)) {
            refuseField(path, kindName(field.kind));
        }
        Poco::JSON::Array::Ptr array = value.extract<Poco::JSON::Array::Ptr>();
        if (array->size() > kListItems) {
            refuseField(path, "có quá " + std::to_string(kListItems) + " mục");
        }
        for (unsigned i = 0; i < array->size(); ++i) {
            if (!array->get(i).isInteger()) {
                refuseField(path, kindName(field.kind));
            }
        }
        return value;
    }
    case FieldKind::LineList: {
        if (value.type() != typeid(Poco::JSON::Array::Ptr)) {
            refuseField(path, kindName(field.kind));
        }
        Poco::JSON::Array::Ptr array = value.extract<Poco::JSON::Array::Ptr>();
        if (array->size() > kListItems) {
            refuseField(path, "có quá " + std::to_string(kListItems) + " mục");
        }
        for (unsigned i = 0; i < array->size(); ++i) {
            const auto item = array->get(i);
            if (!item.isString()) {
                refuseField(path, kindName(field.kind));
            }
            array->set(i, acceptedText(path, item.extract<std::string>(), false, max));
        }
        return value;
    }
    }
    return value;
}

/// Without a list of fields (sign-in): every string at any depth is a Line.
void acceptAnyTexts(Poco::JSON::Object::Ptr object, const std::string& prefix, int depth) {
    if (depth > 8) {
        throw ApiError::badRequest("Nội dung gửi lên lồng nhau quá sâu.");
    }
    for (const auto& key : object->getNames()) {
        const std::string path = prefix + keyName(key);
        const auto value = object->get(key);
        if (value.isString()) {
            object->set(key, acceptedText(path, value.extract<std::string>(), false, kLineChars));
        } else if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
            acceptAnyTexts(value.extract<Poco::JSON::Object::Ptr>(), path + ".", depth + 1);
        } else if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
            object->set(key, acceptedValue(path, value, Field{"", FieldKind::LineList}));
        }
    }
}

/// U+FDD0, a noncharacter: what markUnreadable puts where the parser would stop.
constexpr std::string_view kMark = "\xEF\xB7\x90";

bool isHex4(std::string_view text) {
    return text.size() >= 4 && std::all_of(text.begin(), text.begin() + 4, [](char c) {
               return std::isxdigit(static_cast<unsigned char>(c));
           });
}

/// The body with what Poco's parser refuses outright (bytes that are not UTF-8, a "\ud800"
/// escape without its other half) replaced by kMark, so that a second parse can name the field
/// that held them; nullopt when there is none of either.
std::optional<std::string> markUnreadable(const std::string& body) {
    std::string out;
    bool marked = false;
    std::size_t i = 0;
    const auto surrogate = [&](std::size_t at, bool high) {
        if (at + 6 > body.size() || body[at] != '\\' || body[at + 1] != 'u' ||
            !isHex4(std::string_view(body).substr(at + 2))) {
            return false;
        }
        const unsigned unit = std::stoul(body.substr(at + 2, 4), nullptr, 16);
        return high ? (unit >= 0xD800 && unit <= 0xDBFF) : (unit >= 0xDC00 && unit <= 0xDFFF);
    };
    while (i < body.size()) {
        if (body[i] == '\\' && i + 1 < body.size()) {
            if (surrogate(i, true) && surrogate(i + 6, false)) {
                out.append(body, i, 12);
                i += 12;
            } else if (surrogate(i, true) || surrogate(i, false)) {
                out += kMark;
                marked = true;
                i += 6;
            } else {
                out.append(body, i, 2);
                i += 2;
            }
            continue;
        }
        int32_t next = static_cast<int32_t>(i);
        UChar32 c = 0;
        U8_NEXT(body.data(), next, static_cast<int32_t>(body.size()), c);
        if (c < 0) {
            out += kMark;
            marked = true;
        } else {
            out.append(body, i, static_cast<std::size_t>(next) - i);
        }
        i = static_cast<std::size_t>(next);
    }
    return marked ? std::optional(std::move(out)) : std::nullopt;
}

/// The path of the first string (or key) holding kMark, or "".
std::string markedField(const Poco::Dynamic::Var& value, const std::string& path) {
    if (value.isString()) {
        return value.extract<std::string>().find(kMark) != std::string::npos ? path : "";
    }
    if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
        const auto array = value.extract<Poco::JSON::Array::Ptr>();
        for (unsigned i = 0; i < array->size(); ++i) {
            if (auto found = markedField(array->get(i), path); !found.empty()) {
                return found;
            }
        }
    } else if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
        const auto object = value.extract<Poco::JSON::Object::Ptr>();
        for (const auto& key : object->getNames()) {
            if (key.find(kMark) != std::string::npos) {
                return "";
            }
            const auto inner = (path.empty() ? "" : path + ".") + key;
            if (auto found = markedField(object->get(key), inner); !found.empty()) {
                return found;
            }
        }
    }
    return "";
}

/// The body's JSON; what the parser refuses is a 400, naming the field when it was text that
/// is not UTF-8 (rather than the JSON around it).
Poco::Dynamic::Var parseJson(const std::string& body) {
    try {
        return Poco::JSON::Parser().parse(body);
    } catch (const Poco::Exception&) {
    }
    if (const auto marked = markUnreadable(body)) {
        std::string field;
        try {
            field = markedField(Poco::JSON::Parser().parse(*marked), "");
        } catch (const Poco::Exception&) {
        }
        if (!field.empty()) {
            refuseField(field, "không phải văn bản UTF-8 hợp lệ (có byte lạ hoặc nửa cặp thay "
                               "thế UTF-16)");
        }
    }
    throw ApiError::badRequest("Nội dung gửi lên không phải JSON hợp lệ.");
}

} // namespace

Poco::JSON::Object::Ptr parseObject(const std::string& body, std::span<const Field> fields) {
    const Poco::Dynamic::Var parsed = parseJson(body);
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) {
        throw ApiError::badRequest("Nội dung gửi lên phải là một đối tượng JSON.");
    }
    Poco::JSON::Object::Ptr object = parsed.extract<Poco::JSON::Object::Ptr>();
    if (fields.empty()) {
        acceptAnyTexts(object, "", 0);
        return object;
    }
    for (const auto& key : object->getNames()) {
        const std::string name = keyName(key);
        const auto field = std::find_if(fields.begin(), fields.end(),
                                        [&](const Field& f) { return name == f.name; });
        if (field == fields.end()) {
            refuseField(name, "không có ở địa chỉ này (trường lạ không được nhận)");
        }
        object->set(key, acceptedValue(name, object->get(key), *field));
    }
    return object;
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

std::optional<int> baseVersion(const Poco::JSON::Object::Ptr& object) {
    const auto version = optionalInteger(object, "version");
    if (version && (*version < 0 || *version > std::numeric_limits<int>::max())) {
        wrongField("version", "phải là số phiên bản đã mở");
    }
    return version ? std::optional<int>(static_cast<int>(*version)) : std::nullopt;
}

int requireBaseVersion(const Poco::JSON::Object::Ptr& object, const std::string& what) {
    const auto version = baseVersion(object);
    if (!version) {
        throw ApiError(400, "bad-request",
                       "Hãy gửi kèm phiên bản (version) của " + what +
                           " mà bạn đã mở, để không ghi đè một bản mới hơn do người khác lưu.",
                       "version");
    }
    return *version;
}

namespace {

/// The array `field` of `object` ([] when absent or null), each item accepted by `fits` and
/// converted to T; anything else is a wrongField with `expected`.
template <typename T, typename Fits>
std::vector<T> listField(const Poco::JSON::Object::Ptr& object, const std::string& field, Fits fits,
                         const std::string& expected) {
    std::vector<T> result;
    if (!object->has(field) || object->isNull(field)) {
        return result;
    }
    const auto array = object->getArray(field);
    if (!array) {
        wrongField(field, expected);
    }
    for (std::size_t i = 0; i < array->size(); ++i) {
        const auto item = array->get(static_cast<unsigned>(i));
        if (!fits(item)) {
            wrongField(field, expected);
        }
        result.push_back(item.convert<T>());
    }
    return result;
}

} // namespace

std::vector<std::string> stringList(const Poco::JSON::Object::Ptr& object,
                                    const std::string& field) {
    return listField<std::string>(
        object, field, [](const Poco::Dynamic::Var& item) { return item.isString(); },
        "phải là danh sách chuỗi ký tự");
}

std::vector<std::int64_t> idList(const Poco::JSON::Object::Ptr& object, const std::string& field) {
    return listField<std::int64_t>(
        object, field, [](const Poco::Dynamic::Var& item) { return item.isInteger(); },
        "phải là danh sách số nguyên");
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

void sendFile(Poco::Net::HTTPServerResponse& response, const std::string& bytes,
              const std::string& contentType, const std::string& filename, bool download) {
    response.setContentType(contentType);
    std::string safe;
    for (const char c : filename) {
        safe += (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) ? '_' : c;
    }
    response.set("Content-Disposition",
                 std::string(download ? "attachment" : "inline") + "; filename=\"" + safe + "\"");
    response.setContentLength64(static_cast<Poco::Int64>(bytes.size()));
    response.send().write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

void sendCsv(Poco::Net::HTTPServerResponse& response, const std::string& text,
             const std::string& filename) {
    response.setContentType("text/csv; charset=utf-8");
    response.set("Content-Disposition", "attachment; filename=\"" + filename + "\"");
    response.setContentLength64(static_cast<Poco::Int64>(text.size()));
    response.send().write(text.data(), static_cast<std::streamsize>(text.size()));
}

} // namespace vanthu::http
