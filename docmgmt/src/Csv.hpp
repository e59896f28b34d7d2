#pragma once
// CSV as the registers export it: fields quoted when they need it, dates written as offices
// write them (dd/mm/yyyy). Shared by the outgoing and incoming registers and the figures.
#include <string>

namespace vanthu::docmgmt::csv {

/// The UTF-8 byte order mark that makes spreadsheets read the file as UTF-8.
inline constexpr const char* kBom = "\xEF\xBB\xBF";

/// The value, in double quotes (inner quotes doubled) when it has a comma, quote, semicolon or
/// line break.
std::string field(const std::string& value);
/// "2026-06-16" (or the date part of a timestamp) → "16/06/2026"; other text unchanged.
std::string writtenDate(const std::string& iso);

} // namespace vanthu::docmgmt::csv
