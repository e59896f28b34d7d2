#include <catch2/catch.hpp>

#include "ScannedPdf.hpp"
#include "TestSupport.hpp"
#include "vanthu/search/Folding.hpp"
#include "vanthu/search/PdfText.hpp"
#include "vanthu/templates/DocumentJson.hpp"
#include "vanthu/templates/PdfRenderer.hpp"

using namespace vanthu;
using namespace vanthu::search;

namespace {

std::string renderSample(const std::string& name) {
    const auto json = test::readFile(test::sourceDir() / "samples" / name);
    return templates::PdfRenderer().render(templates::parseDocumentJson(json)).bytes;
}

} // namespace

TEST_CASE("pdf text: a letter made here gives its own text") {
    const auto pages = extractPdfText(renderSample("party-commune-cv-753.json"));
    REQUIRE(pages.size() >= 2);
    CHECK_FALSE(pages[0].scanned);
    CHECK_FALSE(pages[0].fromOcr);
    const auto folded = fold(joinPages(pages));
    CHECK(folded.find("753-cv/du") != std::string::npos);
    CHECK(folded.find("cai cach hanh chinh") != std::string::npos);
    CHECK(folded.find("ta thi dung") != std::string::npos);
}

TEST_CASE("pdf text: not a PDF") {
    CHECK_THROWS_AS(extractPdfText("hello"), std::invalid_argument);
}

TEST_CASE("pdf text: a scanned page without text is read with Tesseract (Vietnamese)") {
    // The top of page 1 at 150 dpi, black and white, as a scanner would give it.
    const int dpi = 150;
    const auto scan = test::scannedPdf(renderSample("party-commune-cv-753.json"), dpi);

    const auto unread = extractPdfText(scan).at(0); // no text layer, no OCR asked
    CHECK(unread.text.empty());
    CHECK(unread.scanned);
    CHECK_FALSE(unread.fromOcr);

    Ocr ocr("vie");
    const auto pages = extractPdfText(scan, &ocr, dpi);
    REQUIRE(pages.size() == 1);
    CHECK(pages[0].fromOcr);
    const auto folded = fold(pages[0].text);
    INFO(pages[0].text);
    CHECK(folded.find("binh lu") != std::string::npos);
    CHECK(folded.find("dang cong san viet nam") != std::string::npos);
    CHECK(folded.find("cai") != std::string::npos);
    // Tesseract keeps the marks: the exact words are there too.
    CHECK(lowerExact(pages[0].text).find("bình lư") != std::string::npos);
}
