#pragma once
// Unicode helpers backed by ICU.
#include <string>
#include <string_view>

namespace vanthu::templates {

/// NFC normalisation of UTF-8 text; throws std::invalid_argument for invalid UTF-8.
std::string toNfc(std::string_view utf8);
/// Upper case by Vietnamese rules ("Ủy ban" → "ỦY BAN").
std::string toUpper(std::string_view utf8);
/// Code points of UTF-8 text.
std::u32string toCodePoints(std::string_view utf8);

} // namespace vanthu::templates
