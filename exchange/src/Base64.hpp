#pragma once
// Base64 for attachments and certificates (OpenSSL's encoder, one line, no breaks).
#include <string>
#include <string_view>

namespace vanthu::exchange::detail {

std::string base64Encode(std::string_view bytes);
/// Whitespace is ignored; throws std::invalid_argument on anything else that is not base64.
std::string base64Decode(std::string_view text);

} // namespace vanthu::exchange::detail
