#pragma once
// Base64 (RFC 4648, with padding) through OpenSSL: one line out; in, ASCII white space (the line
// breaks of XML and PEM text) is skipped.
#include <optional>
#include <string>
#include <string_view>

namespace vanthu::signing {

std::string toBase64(std::string_view bytes);
/// Nothing when the text is not base64.
std::optional<std::string> fromBase64(std::string_view text);

} // namespace vanthu::signing
