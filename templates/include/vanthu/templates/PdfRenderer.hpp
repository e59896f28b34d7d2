#pragma once
// Lays out an OfficialDocument on A4 pages as the rules require and writes a PDF with PoDoFo.
#include <memory>
#include <string>
#include <vector>

#include "vanthu/templates/OfficialDocument.hpp"

namespace vanthu::templates {

/// Where a signature belongs, in PDF points on a 1-based page: the empty signature fields the
/// renderer leaves for signing.
struct SignatureBox {
    std::string fieldName; ///< "SignerSignature", "SealSignature"
    int page = 0;
    double left = 0, bottom = 0, width = 0, height = 0;
};

struct RenderedPdf {
    std::string bytes;
    int pageCount = 0;
    std::string fontFamily; ///< "Times New Roman" or "Liberation Serif"
    std::vector<SignatureBox> signatureBoxes;
};

/// Field names the signing library fills.
inline constexpr const char* kSignerField = "SignerSignature";
inline constexpr const char* kSealField = "SealSignature";

class PdfRenderer {
public:
    /// Finds the fonts (Times New Roman if installed, else Liberation Serif 2.x); throws
    /// std::runtime_error when none covers Vietnamese.
    PdfRenderer();
    ~PdfRenderer();
    PdfRenderer(const PdfRenderer&) = delete;
    PdfRenderer& operator=(const PdfRenderer&) = delete;

    /// Deterministic: the same document gives the same bytes. Throws std::runtime_error when a
    /// character has no glyph in the font.
    RenderedPdf render(const OfficialDocument& document) const;

private:
    struct Fonts;
    std::unique_ptr<Fonts> fonts_;
};

/// Process-wide: keeps glibc from mapping and unmapping the large buffers that writing a PDF
/// allocates for every document (about 480 page faults per letter otherwise; see
/// docs/performance.md). Call once at start-up of a process that renders or signs many.
void tuneAllocatorForPdf();

/// Writes bytes to path through a temporary file and a rename: nothing is left on failure.
void writeFileAtomically(const std::string& path, const std::string& bytes);

} // namespace vanthu::templates
