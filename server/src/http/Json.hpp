#pragma once
// JSON in and out with Poco::JSON: parsing a request body, reading typed fields (a wrong field is
// a 422 naming it), and writing a response.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace Poco::Net {
class HTTPServerResponse;
}

namespace vanthu::http {

/// A JSON object keeping its keys in insertion order.
Poco::JSON::Object::Ptr newObject();
Poco::JSON::Array::Ptr newArray();

/// The body as a JSON object; malformed JSON or another type is a 400.
Poco::JSON::Object::Ptr parseObject(const std::string& body);

/// Typed fields; absent or of the wrong type: ApiError 422 naming the field.
std::string requireString(const Poco::JSON::Object::Ptr& object, const std::string& field);
std::string optionalString(const Poco::JSON::Object::Ptr& object, const std::string& field,
                           const std::string& fallback = "");
std::int64_t requireInteger(const Poco::JSON::Object::Ptr& object, const std::string& field);
std::optional<std::int64_t> optionalInteger(const Poco::JSON::Object::Ptr& object,
                                            const std::string& field);
std::vector<std::string> stringList(const Poco::JSON::Object::Ptr& object,
                                    const std::string& field);

std::string toJsonText(const Poco::Dynamic::Var& value);

/// Appends text as a JSON string literal (quotes and escapes), for answers too large to build
/// as Poco::JSON objects first.
void appendJsonString(std::string& out, std::string_view text);
/// Sends an already serialised JSON text.
void sendJsonText(Poco::Net::HTTPServerResponse& response, int status, const std::string& text);

/// Sends value as application/json with this status.
void sendJson(Poco::Net::HTTPServerResponse& response, int status, const Poco::Dynamic::Var& value);
/// Sends {"error": {...}}.
void sendError(Poco::Net::HTTPServerResponse& response, int status, const std::string& code,
               const std::string& message, const std::string& field = "");

} // namespace vanthu::http
