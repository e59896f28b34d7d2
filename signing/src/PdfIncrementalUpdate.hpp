#pragma once
// Internal: one incremental update of a PDF through PoDoFo, with a signature dictionary whose
// /ByteRange and /Contents are placeholders that are patched in the written bytes.
#include <podofo/podofo.h>

#include <memory>
#include <string>
#include <string_view>

#include "vanthu/signing/OpenSsl.hpp"

namespace vanthu::signing {

/// Where /Contents is in the written file: '<' at begin, just after '>' at end.
struct ContentsHole {
    std::size_t begin = 0;
    std::size_t end = 0;
};

class PdfIncrementalUpdate {
public:
    /// Loads pdf for an incremental update. Refuses files PoDoFo would rewrite whole.
    explicit PdfIncrementalUpdate(std::string_view pdf);
    ~PdfIncrementalUpdate();
    PdfIncrementalUpdate(const PdfIncrementalUpdate&) = delete;
    PdfIncrementalUpdate& operator=(const PdfIncrementalUpdate&) = delete;

    PoDoFo::PdfMemDocument& document() { return *document_; }

    /// A new signature dictionary (/Type type, /SubFilter subFilter) with placeholders for
    /// contentsSize bytes of /Contents.
    PoDoFo::PdfObject* newSignatureDictionary(const char* type, const char* subFilter,
                                              std::size_t contentsSize);

    /// Writes the original bytes plus the update. When a signature dictionary was added, fills
    /// in /ByteRange and returns where /Contents is.
    Bytes write(ContentsHole* hole = nullptr);

    /// The signed bytes of a file with its byte range filled: everything but the hole.
    static Bytes signedBytes(std::string_view pdf, const ContentsHole& hole);
    /// Puts the hex of der into the hole (zero padded); throws when it does not fit.
    static void fillContents(Bytes& pdf, const ContentsHole& hole, std::string_view der);

private:
    std::string original_;
    std::unique_ptr<PoDoFo::PdfMemDocument> document_;
    std::size_t contentsSize_ = 0;
};

/// "D:20240205093000+07'00'" for a time in seconds since the epoch (Vietnam time).
std::string pdfDate(std::int64_t unixTime);

} // namespace vanthu::signing
