#include <catch2/catch.hpp>

#include "PdfFixtures.hpp"
#include "vanthu/pdf/Revisions.hpp"
#include "vanthu/pdf/SignatureFields.hpp"

using namespace vanthu;
using namespace vanthu::test;

TEST_CASE("Revisions: each %%EOF closes a revision readable as its own document", "[pdf]") {
    const std::string first = formPdf();
    // The second revision fills the seal field.
    const std::string second = appendRevision(
        first,
        {{6, "<< /T (Seal) /FT /Sig /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R "
             "/V 9 0 R >>"},
         {9, "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached "
             "/ByteRange [0 1 2 3] /Contents <00> >>"}},
        10);
    const auto marks = pdf::findRevisionMarks(second);
    REQUIRE(marks.size() == 2);
    CHECK(marks[0].end == first.size());
    CHECK(marks[1].end == second.size());
    REQUIRE(marks[0].startxref);
    CHECK(second.substr(*marks[0].startxref, 4) == "xref");
    CHECK(pdf::previousXref(second, *marks[1].startxref) == marks[0].startxref);
    CHECK_FALSE(pdf::previousXref(second, *marks[0].startxref));

    auto sealSigned = [](const pdf::PdfDocument& document) {
        for (const auto& field : pdf::findSignatureFields(document)) {
            if (field.name == "Seal") {
                return field.hasValue;
            }
        }
        FAIL("no Seal field");
        return false;
    };
    CHECK_FALSE(sealSigned(pdf::openRevision(second, marks[0])));
    CHECK(sealSigned(pdf::openRevision(second, marks[1])));
    CHECK(sealSigned(pdf::PdfDocument::open(second)));
}

TEST_CASE("Revisions: a cross-reference stream file and its incremental update", "[pdf]") {
    const std::string packed = throughQpdf(formPdf(), {"--object-streams=generate"});
    const auto marks = pdf::findRevisionMarks(packed);
    REQUIRE(marks.size() == 1);
    CHECK(marks[0].end == packed.size());
    // An update written as a cross-reference stream, /Prev to the first one: a new annotation
    // (object n) and the stream itself (n + 1), n being the first revision's /Size.
    const auto first = pdf::PdfDocument::open(packed);
    const int n = first.trailer().getKey("/Size").getIntValueAsInt();
    const std::string update =
        std::to_string(n) + " 0 obj\n<< /Type /Annot /Subtype /Text /Rect [0 0 1 1] >>\nendobj\n";
    const std::size_t objectAt = packed.size();
    const std::size_t xrefAt = objectAt + update.size();
    std::string entries;
    for (const std::size_t offset : {objectAt, xrefAt}) {
        entries += '\x01';
        entries += static_cast<char>((offset >> 16) & 0xff);
        entries += static_cast<char>((offset >> 8) & 0xff);
        entries += static_cast<char>(offset & 0xff);
        entries += '\0';
    }
    const auto root = first.trailer().getKey("/Root").getObjGen();
    const std::string stream =
        std::to_string(n + 1) + " 0 obj\n<< /Type /XRef /Size " + std::to_string(n + 2) +
        " /W [1 3 1] /Index [" + std::to_string(n) + " 2] /Root " + std::to_string(root.getObj()) +
        " 0 R /Prev " + std::to_string(*marks[0].startxref) + " /Length 10 >>\nstream\n" + entries +
        "\nendstream\nendobj\nstartxref\n" + std::to_string(xrefAt) + "\n%%EOF\n";
    const std::string updated = packed + update + stream;
    const auto both = pdf::findRevisionMarks(updated);
    REQUIRE(both.size() == 2);
    CHECK(pdf::previousXref(updated, *both[1].startxref) == marks[0].startxref);
    const auto document = pdf::PdfDocument::open(updated);
    CHECK_FALSE(document.repaired());
    CHECK(document.qpdf().getObjectByID(n, 0).getKey("/Subtype").getName() == "/Text");
    CHECK(pdf::openRevision(updated, both[0]).qpdf().getObjectByID(n, 0).isNull());
}

TEST_CASE("Revisions: a linearized file's first-page section is not a revision", "[pdf]") {
    const std::string linearized = throughQpdf(formPdf(), {"--linearize"});
    const auto marks = pdf::findRevisionMarks(linearized);
    REQUIRE(marks.size() == 1);
    CHECK(marks[0].end == linearized.size());
    CHECK_FALSE(pdf::openRevision(linearized, marks[0]).repaired());
}

TEST_CASE("Revisions: too many %%EOF markers are refused", "[pdf]") {
    std::string many = formPdf();
    for (int i = 0; i < 5; ++i) {
        many += "startxref\n9\n%%EOF\n";
    }
    CHECK_THROWS_AS(pdf::findRevisionMarks(many, 3), pdf::DamagedPdf);
}
