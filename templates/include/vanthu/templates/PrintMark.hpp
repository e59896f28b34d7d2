#pragma once
// The mark on a printed copy (bản in) of a document taken from the system (NĐ 30/2020 Phụ lục VI
// III.6k): one line at the foot of every page naming the office, the person and the time it was
// printed. It is written as a new revision after the signed ones (docs/signatures.md, "Printed
// copies"): the signed revisions are not touched, so each signature still covers its own bytes
// (pdfsig shows them valid), while a verifier that judges what came after a signature sees an
// added revision that changes the pages, as it should for a copy. The original PDF is downloaded
// apart, unchanged, for verification.
#include <string>
#include <string_view>

namespace vanthu::templates {

/// Who printed the copy, where and when; the line reads "Bản in từ hệ thống vanthu – office –
/// person – time".
struct PrintMark {
    std::string office;
    std::string person;
    std::string time; ///< as printed: "06/12/2026 21:30 (giờ Việt Nam)"
};

/// The line printed on every page.
std::string printMarkLine(const PrintMark& mark);

/// pdf with one more revision that draws printMarkLine(mark) at the foot of every page. Throws
/// std::runtime_error when the PDF cannot be read.
std::string markPrintedCopy(std::string_view pdf, const PrintMark& mark);

} // namespace vanthu::templates
