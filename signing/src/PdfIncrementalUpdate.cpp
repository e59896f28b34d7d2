#include "PdfIncrementalUpdate.hpp"

#include <ctime>

namespace vanthu::signing {

std::string pdfDate(std::int64_t unixTime) {
    const time_t shifted = static_cast<time_t>(unixTime + 7 * 3600);
    struct tm tm {};
    gmtime_r(&shifted, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "D:%Y%m%d%H%M%S+07'00'", &tm);
    return buffer;
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
