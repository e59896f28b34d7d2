#include "vanthu/search/PdfText.hpp"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

#include <memory>
#include <mutex>
#include <stdexcept>

#include "vanthu/templates/Unicode.hpp"

namespace vanthu::search {

namespace {

void quiet(const std::string&, void*) {}

/// Whether the page's text layer has something to index (a scan has none, or a few stray marks).
bool hasText(const std::string& text) {
    int letters = 0;
    for (const char ch : text) {
        const auto u = static_cast<unsigned char>(ch);
        letters += (std::isalnum(u) || u >= 0x80) ? 1 : 0;
    }
    return letters >= 16;
}

} // namespace

void quietPoppler() {
    static std::once_flag once;
    std::call_once(once, [] { poppler::set_debug_error_function(quiet, nullptr); });
}

std::vector<PageText> extractPdfText(std::string_view pdf, Ocr* ocr, int ocrDpi) {
    quietPoppler();
    std::vector<char> bytes(pdf.begin(), pdf.end());
    const std::unique_ptr<poppler::document> document(poppler::document::load_from_data(&bytes));
    if (!document) {
        throw std::invalid_argument("The file is not a PDF that can be read.");
    }
    if (document->is_locked()) {
        throw std::invalid_argument("The PDF is protected by a password; upload it without one.");
    }
    std::vector<PageText> pages;
    for (int i = 0; i < document->pages(); ++i) {
        const std::unique_ptr<poppler::page> page(document->create_page(i));
        PageText out;
        if (page) {
            const auto utf8 =
                page->text(poppler::rectf(), poppler::page::non_raw_non_physical_layout).to_utf8();
            out.text.assign(utf8.begin(), utf8.end());
            try {
                out.text = templates::toNfc(out.text);
            } catch (const std::invalid_argument&) {
                out.text.clear();
            }
            const auto first = out.text.find_first_not_of(" \t\r\n\f");
            out.text.erase(0, first == std::string::npos ? out.text.size() : first);
            const auto last = out.text.find_last_not_of(" \t\r\n\f");
            out.text.erase(last == std::string::npos ? 0 : last + 1);
            out.scanned = !hasText(out.text);
            if (out.scanned && ocr) {
                poppler::page_renderer renderer;
                renderer.set_image_format(poppler::image::format_gray8);
                const auto image = renderer.render_page(page.get(), ocrDpi, ocrDpi);
                if (image.is_valid()) {
                    out.text = ocr->recognise(
                        reinterpret_cast<const unsigned char*>(image.const_data()), image.width(),
                        image.height(), 1, image.bytes_per_row(), ocrDpi);
                    out.fromOcr = true;
                }
            }
        }
        pages.push_back(std::move(out));
    }
    return pages;
}

std::string joinPages(const std::vector<PageText>& pages) {
    std::string text;
    for (const auto& page : pages) {
        if (!text.empty()) {
            text += "\n\n";
        }
        text += page.text;
    }
    return text;
}

} // namespace vanthu::search
