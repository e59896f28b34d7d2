#pragma once
// Base64 (RFC 4648, with padding) through OpenSSL.
#include <optional>
#include <string>
#include <string_view>

namespace vanthu::docmgmt {

std::string toBase64(std::string_view bytes);
/// Nothing when text is not base64 (white space is not allowed).
std::optional<std::string> fromBase64(std::string_view text);

} // namespace vanthu::docmgmt
