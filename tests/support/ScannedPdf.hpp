#pragma once
// Scans for tests: a PDF whose only page is an image (no text layer), as a scanner gives it.
#include <string>

namespace vanthu::test {

/// The top of page 1 of `pdf` (an A4 width, about 9.5 cm high) rasterised in black and white
/// at `dpi` with pdftoppm (as office scanners send letters: ~90 KB at 150 dpi), as the single
/// image of a new PDF page.
std::string scannedPdf(const std::string& pdf, int dpi = 150);

} // namespace vanthu::test
