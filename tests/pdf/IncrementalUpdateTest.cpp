// pdf::IncrementalUpdate: the update's cross-reference section takes the form of the file's
// last one (table after table, also in hybrid files; stream after stream), objects that lived in
// object streams are rewritten as plain objects, numbers start at the trailer's /Size, and qpdf
// --check accepts every result.
#include <catch2/catch.hpp>

#include "PdfFixtures.hpp"
#include "TestSupport.hpp"
#include "vanthu/pdf/IncrementalUpdate.hpp"
#include "vanthu/pdf/Revisions.hpp"

using namespace vanthu;
using namespace vanthu::test;

namespace {

std::string onePage() {
    return classicPdf({"<< /Type /Catalog /Pages 2 0 R >>",
                       "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                       "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"});
}

/// Adds an annotation to the first page and a /PageLabels-free marker key to the catalog.
std::string annotate(const std::string& bytes) {
    const auto document = pdf::PdfDocument::open(bytes);
    pdf::IncrementalUpdate update(document);
    QPDFObjectHandle note = update.allocate();
    QPDFObjectHandle dict = QPDFObjectHandle::newDictionary();
    dict.replaceKey("/Type", QPDFObjectHandle::newName("/Annot"));
    dict.replaceKey("/Subtype", QPDFObjectHandle::newName("/Text"));
    dict.replaceKey("/Rect",
                    QPDFObjectHandle::newArray(
                        {QPDFObjectHandle::newInteger(10), QPDFObjectHandle::newInteger(10),
                         QPDFObjectHandle::newInteger(30), QPDFObjectHandle::newInteger(30)}));
    dict.replaceKey("/Contents", QPDFObjectHandle::newUnicodeString("Đã xem"));
    update.put(note, dict);
    QPDFObjectHandle page = document.qpdf().getAllPages().front();
    QPDFObjectHandle changed = update.current(page);
    changed.replaceKey("/Annots", QPDFObjectHandle::newArray({note}));
    update.put(page, changed);
    return update.finish();
}

void checkWithQpdf(const std::string& bytes) {
    TempDir dir;
    writeFile(dir / "out.pdf", bytes);
    const auto check = run({"qpdf", "--check", (dir / "out.pdf").string()});
    INFO(check.out << check.err);
    CHECK(check.exitCode == 0);
}

/// The annotation is there when the result is read again, and the old bytes are untouched.
void checkAnnotated(const std::string& before, const std::string& after) {
    REQUIRE(after.compare(0, before.size(), before) == 0);
    const auto reread = pdf::PdfDocument::open(after);
    CHECK_FALSE(reread.repaired());
    QPDFObjectHandle page = reread.qpdf().getAllPages().front();
    QPDFObjectHandle annots = page.getKey("/Annots");
    REQUIRE(annots.isArray());
    CHECK(pdf::textString(annots.getArrayItem(0).getKey("/Contents")) == "Đã xem");
    const auto marks = pdf::findRevisionMarks(after);
    REQUIRE(marks.size() >= 2);
    CHECK(pdf::previousXref(after, *marks.back().startxref) ==
          pdf::findRevisionMarks(before).back().startxref);
    checkWithQpdf(after);
}

} // namespace

TEST_CASE("An update to a classic file has a cross-reference table", "[pdf]") {
    const std::string before = onePage();
    const std::string after = annotate(before);
    CHECK(pdf::lastXrefForm(after) == pdf::XrefForm::Table);
    CHECK(after.find("/Type /XRef", before.size()) == std::string::npos);
    // The new object takes the number the trailer's /Size leaves free.
    CHECK(after.find("\n4 0 obj", before.size()) != std::string::npos);
    checkAnnotated(before, after);
}

TEST_CASE("An update to a cross-reference-stream file has a cross-reference stream, and the page "
          "from its object stream becomes a plain object",
          "[pdf]") {
    const std::string before = throughQpdf(onePage(), {"--object-streams=generate"});
    REQUIRE(pdf::lastXrefForm(before) == pdf::XrefForm::Stream);
    const auto document = pdf::PdfDocument::open(before);
    const int page = document.qpdf().getAllPages().front().getObjectID();
    REQUIRE(document.locate(page)->kind == pdf::XrefLocation::Kind::InObjectStream);

    const std::string after = annotate(before);
    CHECK(pdf::lastXrefForm(after) == pdf::XrefForm::Stream);
    CHECK(after.find("\nxref\n", before.size()) == std::string::npos);
    const auto reread = pdf::PdfDocument::open(after);
    CHECK(reread.locate(page)->kind == pdf::XrefLocation::Kind::Offset);
    checkAnnotated(before, after);
}

TEST_CASE("An update to a linearized file chains to its last startxref", "[pdf]") {
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"--linearize"}, {"--linearize", "--object-streams=generate"}}) {
        const std::string before = throughQpdf(onePage(), args);
        REQUIRE(before.find("/Linearized") != std::string::npos);
        checkAnnotated(before, annotate(before));
    }
}

TEST_CASE("Appearances imported together share their objects", "[pdf]") {
    const std::string scratchBytes =
        classicPdf({"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>",
                    "<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /Font << "
                    "/F1 5 0 R >> >> >>",
                    "<< /Type /XObject /Subtype /Form /BBox [0 0 20 20] /Resources << /Font << "
                    "/F1 5 0 R >> >> >>",
                    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"});
    const auto scratch = pdf::PdfDocument::open(scratchBytes);
    const std::string before = onePage();
    const auto document = pdf::PdfDocument::open(before);
    pdf::IncrementalUpdate update(document);
    const auto imported = pdf::importObjects(
        update, {scratch.qpdf().getObject(3, 0), scratch.qpdf().getObject(4, 0)});
    REQUIRE(imported.size() == 2);
    CHECK(imported[0].getObjGen() != imported[1].getObjGen());
    const std::string after = update.finish();
    CHECK(after.find("/Helvetica") != std::string::npos);
    CHECK(after.find("/Helvetica", after.find("/Helvetica") + 1) == std::string::npos);
    const auto reread = pdf::PdfDocument::open(after);
    CHECK(reread.qpdf()
              .getObject(imported[0].getObjGen())
              .getKey("/Resources")
              .getKey("/Font")
              .getKey("/F1")
              .getObjGen() == reread.qpdf()
                                  .getObject(imported[1].getObjGen())
                                  .getKey("/Resources")
                                  .getKey("/Font")
                                  .getKey("/F1")
                                  .getObjGen());
}

TEST_CASE("No update is written to a file whose cross-reference table qpdf had to rebuild",
          "[pdf]") {
    std::string broken = onePage();
    const std::size_t table = broken.find("0000000000 65535 f");
    for (std::size_t at = broken.find(" 00000 n", table); at != std::string::npos;
         at = broken.find(" 00000 n", at + 1)) {
        broken[at - 1] = static_cast<char>(broken[at - 1] == '9' ? '0' : broken[at - 1] + 1);
    }
    const auto document = pdf::PdfDocument::open(broken);
    REQUIRE(document.xrefReconstructed());
    CHECK_THROWS_AS(pdf::IncrementalUpdate(document), pdf::DamagedPdf);
    // A mere warning (a trailer /Size too small) is no reason to refuse.
    std::string smallSize = onePage();
    const std::size_t size = smallSize.find("/Size 4");
    REQUIRE(size != std::string::npos);
    smallSize.replace(size, 7, "/Size 3");
    const auto warned = pdf::PdfDocument::open(smallSize);
    CHECK_FALSE(warned.xrefReconstructed());
    CHECK_NOTHROW(pdf::IncrementalUpdate(warned));
}
