#pragma once
// A PDF read by libqpdf from bytes in memory. The document owns a copy of its bytes and its QPDF
// object (qpdf reads objects lazily from the bytes), so it can be moved and kept freely.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>

#include "vanthu/pdf/PdfError.hpp"

namespace vanthu::pdf {

/// Bounds applied before any work is spent on a file.
struct PdfLimits {
    std::size_t maxBytes = 256 * 1024 * 1024; ///< larger files are refused (PdfTooLarge)
};

/// Where the newest cross-reference data puts an object.
struct XrefLocation {
    enum class Kind { Free, Offset, InObjectStream };
    Kind kind = Kind::Free;
    std::int64_t offset = 0; ///< for Offset: the byte offset of "N G obj"
    int objectStream = 0;    ///< for InObjectStream: the stream's object number
    int index = 0;           ///< for InObjectStream: the index inside it
    bool operator==(const XrefLocation&) const = default;
};

class PdfDocument {
public:
    /// Reads bytes (copied) with qpdf. Throws PdfTooLarge, EncryptedPdf or DamagedPdf. A file
    /// that qpdf had to repair opens, with repaired() true and the reasons in warnings().
    static PdfDocument open(std::string_view bytes, const PdfLimits& limits = {},
                            const std::string& description = "document");

    /// The bytes the document was read from.
    std::string_view bytes() const { return *bytes_; }
    /// qpdf warned while reading (a damaged cross-reference table it reconstructed, and such).
    /// A trailer /Size larger than one plus the highest object number is no repair: qpdf reads
    /// such a file as written (PDFBox 2 leaves its cross-reference stream's own number out of
    /// the stream's /Index and counts it in /Size), so that warning alone does not count.
    bool repaired() const { return !repairs().empty(); }
    /// The warnings that make the file repaired(), in qpdf's order.
    std::vector<std::string> repairs() const;
    const std::vector<std::string>& warnings() const { return warnings_; }
    /// qpdf rebuilt the cross-reference table by scanning the file (its offsets were wrong): a
    /// repair worse than a warning such as a trailer /Size that does not match.
    bool xrefReconstructed() const;

    /// The trailer of the newest cross-reference section and the catalog. Throws DamagedPdf
    /// when there is no catalog dictionary.
    QPDFObjectHandle trailer() const;
    QPDFObjectHandle catalog() const;
    /// Where the cross-reference data puts object num (its newest generation), if anywhere.
    std::optional<XrefLocation> locate(int num) const;

    /// The QPDF object, for reading objects qpdf-style.
    QPDF& qpdf() const { return *qpdf_; }

private:
    PdfDocument() = default;
    std::shared_ptr<const std::string> bytes_;
    std::shared_ptr<QPDF> qpdf_;
    std::vector<std::string> warnings_;
};

/// A PDF text string (UTF-16BE with BOM, UTF-8 with BOM, or PDFDocEncoding) as UTF-8.
std::string textString(QPDFObjectHandle string);

} // namespace vanthu::pdf
