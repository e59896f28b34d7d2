#pragma once
// The incremental revisions of a PDF: every "%%EOF" marker closes one, and the revision is the
// file's bytes up to that marker (and its end-of-line), which is a document of its own.
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "vanthu/pdf/PdfDocument.hpp"

namespace vanthu::pdf {

struct RevisionMark {
    std::size_t end = 0;                  ///< just after the %%EOF and its end-of-line
    std::optional<std::size_t> startxref; ///< the number after "startxref" before the marker
};

/// Every %%EOF marker of the file in order, at most maxCount (more: DamagedPdf). A marker
/// inside a stream or string is listed too; opening its revision tells whether it is one.
std::vector<RevisionMark> findRevisionMarks(std::string_view bytes, std::size_t maxCount = 1000);

/// The revision ending at mark.end, read as its own document.
PdfDocument openRevision(std::string_view bytes, const RevisionMark& mark,
                         const PdfLimits& limits = {});

/// The /Prev of a revision's newest cross-reference section (trailer or xref stream), read
/// from the raw bytes at its startxref: qpdf does not keep it. Nothing when there is none.
std::optional<std::size_t> previousXref(std::string_view bytes, std::size_t startxref);

} // namespace vanthu::pdf
