#pragma once
// Search results exported as a table (NĐ 30 Phụ lục VI 6h): the chosen columns of at most
// kMaxExportRows hits, as .docx (pandoc, from HTML) or .pdf (WeasyPrint, from the same HTML, with
// the installed Vietnamese fonts). Both are Debian packages (scripts/bootstrap), run as child
// processes with a time limit; no OOXML or PDF is written by hand.
#include <stdexcept>
#include <string>
#include <vector>

#include "vanthu/search/SearchIndex.hpp"

namespace vanthu::http {

inline constexpr int kMaxExportRows = 500;
/// Conversions running at once; one more is refused (ExportBusy) rather than queued.
inline constexpr int kMaxConcurrentExports = 2;

/// The columns a results table may show, in the order they are shown by default.
const std::vector<std::string>& searchColumns();
/// A column's Vietnamese heading; "" for an unknown column.
std::string searchColumnTitle(const std::string& column);
/// A status code as the UI shows it ("issued" → "Đã phát hành", "assigned" → "Đã giao xử lý").
std::string statusName(const std::string& status);

struct ResultsTable {
    std::string title;       ///< "Kết quả tìm kiếm"
    std::string description; ///< the query and count, one line
    std::vector<std::string> columns;
    std::vector<search::SearchHit> hits;
};

/// The table as an HTML page (UTF-8, every text escaped).
std::string resultsHtml(const ResultsTable& table);

class ExportError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Too many exports are running: try again in a moment.
class ExportBusy : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Throws ExportError when the converter is missing, fails or runs over its time, ExportBusy
/// when kMaxConcurrentExports are running.
std::string resultsDocx(const ResultsTable& table);
std::string resultsPdf(const ResultsTable& table);

} // namespace vanthu::http
