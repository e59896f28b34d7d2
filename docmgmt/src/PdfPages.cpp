#include "PdfPages.hpp"

#include <poppler-document.h>
#include <poppler-global.h>

#include <climits>
#include <memory>
#include <string>

#include "vanthu/search/PdfText.hpp"

namespace vanthu::docmgmt {

int pdfPageCount(std::string_view bytes) {
    search::quietPoppler();
    const auto start = bytes.substr(0, 1024).find("%PDF-");
    if (start == std::string_view::npos) {
        throw NotAPdf("không phải tệp PDF (thiếu phần đầu %PDF-)");
    }
    if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
        throw NotAPdf("tệp PDF quá lớn");
    }
    std::unique_ptr<poppler::document> document(
        poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
    if (!document) {
        throw NotAPdf("tệp PDF bị hỏng, không đọc được");
    }
    if (document->is_locked()) {
        throw NotAPdf("tệp PDF có mật khẩu");
    }
    const int pages = document->pages();
    if (pages < 1) {
        throw NotAPdf("tệp PDF không có trang nào");
    }
    return pages;
}

int acceptedPdfPages(std::string_view bytes) {
    if (bytes.size() > kMaxUploadPdfBytes) {
        throw NotAPdf("tệp PDF lớn quá " + std::to_string(kMaxUploadPdfBytes >> 20) + " MB");
    }
    const int pages = pdfPageCount(bytes);
    if (pages > kMaxUploadPdfPages) {
        throw NotAPdf("tệp PDF có " + std::to_string(pages) + " trang, quá " +
                      std::to_string(kMaxUploadPdfPages) + " trang");
    }
    return pages;
}

} // namespace vanthu::docmgmt
