#pragma once
// How many pages a PDF has, read with poppler's C++ library (it reads the PDFs other software
// wrote: object streams, cross-reference streams, repaired files). Used for documents brought in
// by `vanthu import` and for the page totals of case files.
#include <cstddef>
#include <stdexcept>
#include <string_view>

namespace vanthu::docmgmt {

/// The bytes are not a readable PDF (no %PDF- header, damaged beyond repair, encrypted, or
/// without pages); the message says which.
class NotAPdf : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The page count; throws NotAPdf.
int pdfPageCount(std::string_view bytes);

/// Limits of a PDF taken from outside (a scan, an attachment, a package's document).
inline constexpr std::size_t kMaxUploadPdfBytes = 256ULL * 1024 * 1024;
inline constexpr int kMaxUploadPdfPages = 5000;

/// The page count of a PDF from outside, opened with poppler before it is accepted: within
/// the size and page limits, at least one page, not encrypted; throws NotAPdf saying which.
int acceptedPdfPages(std::string_view bytes);

} // namespace vanthu::docmgmt
