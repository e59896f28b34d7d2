#pragma once
// The text of a PDF, page by page, with poppler's C++ library; pages that carry no text (a
// scan) are read with OCR when an engine is given.
#include <string>
#include <string_view>
#include <vector>

#include "vanthu/search/Ocr.hpp"

namespace vanthu::search {

struct PageText {
    std::string text;     ///< UTF-8, NFC
    bool scanned = false; ///< the page has (almost) no text layer: an image, a scan
    bool fromOcr = false; ///< text read by OCR (scanned pages, when an engine was given)
};

/// Throws std::invalid_argument when the bytes are not a PDF poppler can open (or it is
/// encrypted with a password).
std::vector<PageText> extractPdfText(std::string_view pdf, Ocr* ocr = nullptr, int ocrDpi = 200);

/// Sends poppler's error messages nowhere, once for the process. poppler keeps its message
/// function in an unguarded global that every poppler call reads: set it only through here
/// (every reader of PDFs in vanthu calls this before opening one).
void quietPoppler();

/// The pages' text joined by blank lines.
std::string joinPages(const std::vector<PageText>& pages);

} // namespace vanthu::search
