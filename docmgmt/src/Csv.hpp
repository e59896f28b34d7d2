#pragma once
// CSV as vanthu writes it: fields quoted when they need it, cells a spreadsheet would run as a
// formula defused, dates written as offices write them (dd/mm/yyyy). Every CSV vanthu writes
// goes through field(): the registers, the figures, the import report.
#include <string>

namespace vanthu::docmgmt::csv {

/// The UTF-8 byte order mark that makes spreadsheets read the file as UTF-8.
inline constexpr const char* kBom = "\xEF\xBB\xBF";

/// The value, safe to open in a spreadsheet: a value that starts with =, +, -, @, tab or CR is
/// prefixed with ' (the OWASP rule against formula injection), and it is in double quotes
/// (inner quotes doubled) when it has a comma, quote, semicolon or line break.
std::string field(const std::string& value);
/// "2026-06-16" (or the date part of a timestamp) → "16/06/2026"; other text unchanged.
std::string writtenDate(const std::string& iso);

} // namespace vanthu::docmgmt::csv
