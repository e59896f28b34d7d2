#include <catch2/catch.hpp>

#include "PdfFixtures.hpp"
#include "vanthu/pdf/PageContentBox.hpp"
#include "vanthu/pdf/PdfDocument.hpp"

using namespace vanthu;
using namespace vanthu::test;

namespace {

/// The first page of a one-page document drawing content, with annotations annots ("" or an
/// array of direct dictionaries).
pdf::PageContentBox boxOf(const std::string& content, const std::string& annots = "") {
    const std::string stream =
        "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream";
    const auto document = pdf::PdfDocument::open(classicPdf(
        {"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
         "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R" +
             (annots.empty() ? "" : " /Annots " + annots) + " >>",
         stream}));
    return pdf::PageContentBox(document.catalog().getKey("/Pages").getKey("/Kids").getArrayItem(0));
}

bool meets(const pdf::PageContentBox& box, double llx, double lly, double urx, double ury) {
    return box.meets(QPDFObjectHandle::Rectangle(llx, lly, urx, ury));
}

} // namespace

TEST_CASE("PageContentBox: text lines, paths and images under the transformation", "[pdf]") {
    const auto box = boxOf("BT /F1 12 Tf 100 700 Td (Hi) Tj ET "
                           "50 50 100 20 re f "
                           "q 200 0 0 100 300 300 cm /Im Do Q "
                           "q 1 0 0 1 0 -500 cm BT /F1 10 Tf 1 0 0 1 80 600 Tm (Lo) Tj ET Q");
    // A text line runs from its origin to the page's right edge, a font size high.
    CHECK(meets(box, 400, 705, 420, 710));
    CHECK(meets(box, 580, 698, 590, 702));
    CHECK_FALSE(meets(box, 10, 700, 50, 710));
    CHECK_FALSE(meets(box, 100, 730, 200, 760));
    // The filled rectangle.
    CHECK(meets(box, 60, 55, 70, 60));
    CHECK_FALSE(meets(box, 60, 100, 70, 110));
    // The image: the unit square under its cm.
    CHECK(meets(box, 350, 350, 360, 360));
    CHECK_FALSE(meets(box, 350, 450, 360, 460));
    // Text after a cm moving it down by 500.
    CHECK(meets(box, 100, 100, 110, 105));
    CHECK_FALSE(meets(box, 100, 600, 110, 605));
    // Rectangles given with their corners swapped are the same rectangles.
    CHECK(meets(box, 70, 60, 60, 55));
}

TEST_CASE("PageContentBox: annotations count, and what cannot be bounded is the whole page",
          "[pdf]") {
    const auto annotated =
        boxOf("", "[<< /Type /Annot /Subtype /Widget /Rect [300 100 400 150] >>]");
    CHECK(meets(annotated, 350, 120, 360, 130));
    CHECK_FALSE(meets(annotated, 100, 120, 110, 130));
    // A shading fills whatever it is clipped to: the whole page.
    CHECK(meets(boxOf("/Sh1 sh"), 10, 10, 20, 20));
    // An empty page meets nothing.
    CHECK_FALSE(meets(boxOf(""), 10, 10, 20, 20));
}
