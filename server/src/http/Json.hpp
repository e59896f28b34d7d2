#pragma once
// JSON in and out with Poco::JSON: parsing a request body (the one place where every text a
// client sends is checked and normalised, and where a field its endpoint does not know is
// refused), reading typed fields (a wrong field is a 422 naming it), and writing a response.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
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

/// What a field of a request body holds.
enum class FieldKind {
    Line,     ///< text on one line (default at most 1,000 characters)
    Lines,    ///< text with tabs and newlines (CR LF becomes LF; default 10,000 characters)
    LineList, ///< a list of Line texts (at most 1,000 items)
    Integer,  ///< a JSON integer (11.5 or "11" are refused)
    Boolean,
    Base64, ///< file bytes in base64 (only the body's size limits it)
    IdList, ///< a list of JSON integers (ids; at most 1,000 items)
};

/// One field an endpoint knows; maxChars 0 means the kind's default.
struct Field {
    const char* name;
    FieldKind kind = FieldKind::Line;
    std::size_t maxChars = 0;
};

/// The fields of a draft (docs/api.md, draft): POST and PUT /api/documents, a reply.
inline constexpr Field kDraftFields[] = {
    {"typeCode"},
    {"subject"},
    {"recipients", FieldKind::LineList},
    {"body", FieldKind::Lines, 500000},
    {"distribution", FieldKind::LineList},
    {"signerId", FieldKind::Integer},
    {"authority"},
    {"authorityOf"},
    {"draftingUnit"},
    {"urgency"},
    {"secrecy"},
    {"recipientOffices", FieldKind::LineList},
    {"dueDate"},
    {"issuedAmount", FieldKind::Integer},
    {"language"},
    {"description", FieldKind::Lines, 1000},
};

/// The body as a JSON object; malformed JSON or another type is a 400. Every text in it (keys,
/// values, list items) must be valid UTF-8 without lone surrogates, control characters (tab and
/// newline only in Lines fields) or bidi direction overrides, and within its length; each is
/// normalised to NFC in place. With `fields`, a field not among them, or of another kind, is a
/// 400 naming it; without, every text is a Line (only sign-in still reads bodies so).
Poco::JSON::Object::Ptr parseObject(const std::string& body, std::span<const Field> fields = {});

/// Typed fields; absent or of the wrong type: ApiError 422 naming the field.
std::string requireString(const Poco::JSON::Object::Ptr& object, const std::string& field);
std::string optionalString(const Poco::JSON::Object::Ptr& object, const std::string& field,
                           const std::string& fallback = "");
std::int64_t requireInteger(const Poco::JSON::Object::Ptr& object, const std::string& field);
std::optional<std::int64_t> optionalInteger(const Poco::JSON::Object::Ptr& object,
                                            const std::string& field);
/// The version a form that edits a shared record was loaded at (issue 16 item 1): "version",
/// a whole number (422 otherwise); nothing when absent (not checked).
std::optional<int> baseVersion(const Poco::JSON::Object::Ptr& object);
/// The same, required: absent is a 400 naming "version" and what was opened ("hồ sơ", …).
int requireBaseVersion(const Poco::JSON::Object::Ptr& object, const std::string& what);
std::vector<std::string> stringList(const Poco::JSON::Object::Ptr& object,
                                    const std::string& field);
/// A list of ids (FieldKind::IdList); empty when absent.
std::vector<std::int64_t> idList(const Poco::JSON::Object::Ptr& object, const std::string& field);

std::string toJsonText(const Poco::Dynamic::Var& value);

/// Appends text as a JSON string literal (quotes and escapes), for answers too large to build
/// as Poco::JSON objects first.
void appendJsonString(std::string& out, std::string_view text);
/// Sends an already serialised JSON text.
void sendJsonText(Poco::Net::HTTPServerResponse& response, int status, const std::string& text);

/// Sends text (CSV made by docmgmt) as a UTF-8 CSV download named filename, status 200.
/// File bytes with their type; download: "attachment" (saved), else "inline" (shown). The
/// filename's quotes, backslashes and control characters become "_".
void sendFile(Poco::Net::HTTPServerResponse& response, const std::string& bytes,
              const std::string& contentType, const std::string& filename, bool download);
void sendCsv(Poco::Net::HTTPServerResponse& response, const std::string& text,
             const std::string& filename);

/// Sends value as application/json with this status.
void sendJson(Poco::Net::HTTPServerResponse& response, int status, const Poco::Dynamic::Var& value);
/// Sends {"error": {...}}.
void sendError(Poco::Net::HTTPServerResponse& response, int status, const std::string& code,
               const std::string& message, const std::string& field = "");

} // namespace vanthu::http
