#pragma once
// Internal: the /Contents hole of a signature revision and the bytes around it.
#include <cstdint>
#include <string>
#include <string_view>

#include "vanthu/signing/OpenSsl.hpp"

namespace vanthu::signing {

/// Where /Contents is in the written file: '<' at begin, just after '>' at end.
struct ContentsHole {
    std::size_t begin = 0;
    std::size_t end = 0;
};

struct PdfIncrementalUpdate {
    /// The signed bytes of a file with its byte range filled: everything but the hole.
    static Bytes signedBytes(std::string_view pdf, const ContentsHole& hole);
    /// Puts the hex of der into the hole (zero padded); throws when it does not fit.
    static void fillContents(Bytes& pdf, const ContentsHole& hole, std::string_view der);
};

/// "D:20240205093000+07'00'" for a time in seconds since the epoch (Vietnam time).
std::string pdfDate(std::int64_t unixTime);

} // namespace vanthu::signing
