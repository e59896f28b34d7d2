#include "PdfIncrementalUpdate.hpp"

#include <ctime>

#include "vanthu/signing/RawPdf.hpp"

namespace vanthu::signing {

using namespace PoDoFo;

namespace {
constexpr std::string_view kByteRangeBeacon = "[0 1111111111 2222222222 3333333333]";
} // namespace

std::string pdfDate(std::int64_t unixTime) {
    const time_t shifted = static_cast<time_t>(unixTime + 7 * 3600);
    struct tm tm {};
    gmtime_r(&shifted, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "D:%Y%m%d%H%M%S+07'00'", &tm);
    return buffer;
}

PdfIncrementalUpdate::PdfIncrementalUpdate(std::string_view pdf) : original_(pdf) {
    PdfError::EnableDebug(false);
    PdfError::EnableLogging(false);
    // PoDoFo 0.9.8 rewrites files with cross-reference streams whole: check first, with our own
    // reader, that the chain of revisions is plain cross-reference tables.
    try {
        raw::RawPdf check(original_);
    } catch (const raw::ParseError& e) {
        throw std::runtime_error(std::string("cannot sign this PDF: ") + e.what());
    }
    document_ = std::make_unique<PdfMemDocument>();
    try {
        document_->LoadFromBuffer(original_.data(), static_cast<long>(original_.size()), true);
    } catch (const PdfError& e) {
        throw std::runtime_error(std::string("cannot read the PDF: ") +
                                 PdfError::ErrorMessage(e.GetError()));
    }
}

PdfIncrementalUpdate::~PdfIncrementalUpdate() = default;

PdfObject* PdfIncrementalUpdate::newSignatureDictionary(const char* type, const char* subFilter,
                                                        std::size_t contentsSize) {
    if (contentsSize_ != 0) {
        throw std::logic_error("one signature per incremental update");
    }
    contentsSize_ = contentsSize;
    PdfObject* signature = document_->GetObjects().CreateObject(type);
    PdfDictionary& dict = signature->GetDictionary();
    dict.AddKey(PdfName("Filter"), PdfName("Adobe.PPKLite"));
    dict.AddKey(PdfName("SubFilter"), PdfName(subFilter));
    dict.AddKey(PdfName("ByteRange"), PdfVariant(PdfData(std::string(kByteRangeBeacon).c_str())));
    const std::string zeros = "<" + std::string(contentsSize * 2, '0') + ">";
    dict.AddKey(PdfName("Contents"), PdfVariant(PdfData(zeros.c_str())));
    return signature;
}

Bytes PdfIncrementalUpdate::write(ContentsHole* hole) {
    PdfRefCountedBuffer buffer;
    {
        PdfOutputDevice device(&buffer);
        try {
            document_->WriteUpdate(&device, true);
        } catch (const PdfError& e) {
            throw std::runtime_error(std::string("cannot write the PDF: ") +
                                     PdfError::ErrorMessage(e.GetError()));
        }
        device.Flush();
        Bytes pdf(buffer.GetBuffer(), device.GetLength());
        if (pdf.compare(0, original_.size(), original_) != 0) {
            throw std::runtime_error("the PDF library changed earlier revisions; not signing");
        }
        if (contentsSize_ == 0) {
            return pdf;
        }
        // Find the placeholders in the update (never in the earlier revisions).
        const std::size_t start = original_.size();
        const std::size_t beacon = pdf.find(kByteRangeBeacon, start);
        const std::string zeros = "<" + std::string(contentsSize_ * 2, '0') + ">";
        const std::size_t contents = pdf.find(zeros, start);
        if (beacon == Bytes::npos || contents == Bytes::npos ||
            pdf.find(kByteRangeBeacon, beacon + 1) != Bytes::npos ||
            pdf.find(zeros, contents + 1) != Bytes::npos) {
            throw std::runtime_error("cannot find the signature placeholders in the written PDF");
        }
        const std::size_t contentsEnd = contents + zeros.size();
        std::string range = "[0 " + std::to_string(contents) + " " + std::to_string(contentsEnd) +
                            " " + std::to_string(pdf.size() - contentsEnd) + "]";
        if (range.size() > kByteRangeBeacon.size()) {
            throw std::runtime_error("the PDF is too large to sign");
        }
        range.insert(range.size() - 1, kByteRangeBeacon.size() - range.size(), ' ');
        pdf.replace(beacon, range.size(), range);
        if (hole) {
            *hole = ContentsHole{contents, contentsEnd};
        }
        return pdf;
    }
}

Bytes PdfIncrementalUpdate::signedBytes(std::string_view pdf, const ContentsHole& hole) {
    Bytes data;
    data.reserve(pdf.size() - (hole.end - hole.begin));
    data.append(pdf.substr(0, hole.begin));
    data.append(pdf.substr(hole.end));
    return data;
}

void PdfIncrementalUpdate::fillContents(Bytes& pdf, const ContentsHole& hole,
                                        std::string_view der) {
    const std::string hex = toHex(der, true);
    const std::size_t room = hole.end - hole.begin - 2;
    if (hex.size() > room) {
        throw std::runtime_error("the signature (" + std::to_string(der.size()) +
                                 " bytes) does not fit the space reserved for it");
    }
    pdf.replace(hole.begin + 1, hex.size(), hex);
}

} // namespace vanthu::signing
