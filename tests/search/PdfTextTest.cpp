#include <catch2/catch.hpp>

#include <sstream>

#include "TestSupport.hpp"
#include "vanthu/search/Folding.hpp"
#include "vanthu/search/PdfText.hpp"
#include "vanthu/templates/DocumentJson.hpp"
#include "vanthu/templates/PdfRenderer.hpp"

using namespace vanthu;
using namespace vanthu::search;
using vanthu::test::TempDir;

namespace {

std::string renderSample(const std::string& name) {
    const auto json = test::readFile(test::sourceDir() / "samples" / name);
    return templates::PdfRenderer().render(templates::parseDocumentJson(json)).bytes;
}

/// A PDF with one page that is only an image (a scan): raw 8-bit grey pixels of a binary PGM.
std::string imageOnlyPdf(const std::string& pgm, int dpi) {
    std::istringstream in(pgm);
    std::string magic;
    int width = 0, height = 0, maxValue = 0;
    in >> magic >> width >> height >> maxValue;
    in.get();
    const std::string pixels = pgm.substr(static_cast<std::size_t>(in.tellg()));
    REQUIRE(magic == "P5");
    REQUIRE(pixels.size() == static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
    const double w = width * 72.0 / dpi, h = height * 72.0 / dpi;
    const std::string content =
        "q " + std::to_string(w) + " 0 0 " + std::to_string(h) + " 0 0 cm /Im0 Do Q";
    std::vector<std::string> objects = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + std::to_string(w) + " " +
            std::to_string(h) + "] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /XObject /Subtype /Image /Width " + std::to_string(width) + " /Height " +
            std::to_string(height) + " /ColorSpace /DeviceGray /BitsPerComponent 8 /Length " +
            std::to_string(pixels.size()) + " >>\nstream\n" + pixels + "\nendstream",
        "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream",
    };
    std::string pdf = "%PDF-1.4\n";
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        offsets.push_back(pdf.size());
        pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    const auto xref = pdf.size();
    pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (const auto offset : offsets) {
        char line[32];
        std::snprintf(line, sizeof line, "%010zu 00000 n \n", offset);
        pdf += line;
    }
    pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
           " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return pdf;
}

} // namespace

TEST_CASE("pdf text: a letter made here gives its own text") {
    const auto pages = extractPdfText(renderSample("party-commune-cv-753.json"));
    REQUIRE(pages.size() >= 2);
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
    TempDir dir;
    test::writeFile(dir / "letter.pdf", renderSample("party-commune-cv-753.json"));
    // The top of page 1 at 150 dpi, grey, as a scanner would give it.
    const int dpi = 150;
    const auto raster = test::run({"pdftoppm", "-r", std::to_string(dpi), "-gray", "-f", "1", "-l",
                                   "1", "-x", "0", "-y", "0", "-W", "1240", "-H", "560",
                                   (dir / "letter.pdf").string(), (dir / "scan").string()});
    REQUIRE(raster.exitCode == 0);
    std::filesystem::path pgm;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        if (entry.path().extension() == ".pgm") {
            pgm = entry.path();
        }
    }
    REQUIRE_FALSE(pgm.empty());
    const auto scan = imageOnlyPdf(test::readFile(pgm), dpi);

    CHECK(extractPdfText(scan).at(0).text.empty()); // no text layer, no OCR asked

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
