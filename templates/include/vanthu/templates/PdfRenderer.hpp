#pragma once
// Lays out an OfficialDocument on A4 pages as the rules require and writes a PDF with PoDoFo.
#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
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

/// A render ended before its PDF was written: its time limit passed, or it was cancelled.
class RenderStopped : public std::runtime_error {
public:
    enum class Why { TimeLimit, Cancelled };
    RenderStopped(Why why, const std::string& message) : std::runtime_error(message), why_(why) {}
    Why why() const { return why_; }

private:
    Why why_;
};

/// Bounds one render. It is checked before each paragraph of the body is laid out, before each
/// page is drawn and before the PDF is written, so a render stops within one paragraph or page
/// of its deadline or of `cancelled` being set (by another thread: the server stopping).
struct RenderBudget {
    std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
    const std::atomic<bool>* cancelled = nullptr;

    /// A budget ending `limit` from now; zero: no time limit.
    static RenderBudget within(std::chrono::milliseconds limit,
                               const std::atomic<bool>* cancelled = nullptr);
    /// Throws RenderStopped when the deadline has passed or cancelled is set.
    void check() const;
};

class PdfRenderer {
public:
    /// Finds the fonts (Times New Roman if installed, else Liberation Serif 2.x); throws
    /// std::runtime_error when none covers Vietnamese.
    PdfRenderer();
    ~PdfRenderer();
    PdfRenderer(const PdfRenderer&) = delete;
    PdfRenderer& operator=(const PdfRenderer&) = delete;

    /// Deterministic: the same document gives the same bytes. Throws std::runtime_error when a
    /// character has no glyph in the font, RenderStopped when the budget runs out.
    RenderedPdf render(const OfficialDocument& document, const RenderBudget& budget = {}) const;

private:
    struct Fonts;
    std::unique_ptr<Fonts> fonts_;
};

/// Process-wide: keeps glibc from mapping and unmapping the large buffers that writing a PDF
/// allocates for every document (about 480 page faults per letter otherwise; see
/// docs/performance.md). Call once at start-up of a process that renders or signs many.
void tuneAllocatorForPdf();

/// Writes bytes to path through a temporary file and a rename: nothing is left on failure. An
/// existing file keeps its mode; a new one gets newFileMode when given (set on the file, whatever
/// the umask), else 0644 less the umask. When path is a symbolic link, the file it leads to is
/// replaced and the link stays (a link to nothing is refused).
void writeFileAtomically(const std::string& path, const std::string& bytes,
                         std::optional<mode_t> newFileMode = std::nullopt);

} // namespace vanthu::templates
