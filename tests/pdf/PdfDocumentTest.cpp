#include <catch2/catch.hpp>

#include "PdfFixtures.hpp"
#include "TestSupport.hpp"
#include "vanthu/pdf/PdfDocument.hpp"

using namespace vanthu;
using namespace vanthu::test;

namespace {

std::string onePage() {
    return classicPdf({"<< /Type /Catalog /Pages 2 0 R >>",
                       "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                       "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"});
}

} // namespace

TEST_CASE("PdfDocument reads a classic file and its object stream form", "[pdf]") {
    const auto classic = pdf::PdfDocument::open(onePage());
    CHECK_FALSE(classic.repaired());
    CHECK(classic.catalog().getKey("/Type").getName() == "/Catalog");
    const auto at = classic.locate(3);
    REQUIRE(at);
    CHECK(at->kind == pdf::XrefLocation::Kind::Offset);
    CHECK(classic.bytes().substr(static_cast<std::size_t>(at->offset), 7) == "3 0 obj");

    const std::string packed = throughQpdf(onePage(), {"--object-streams=generate"});
    REQUIRE(packed.find("/ObjStm") != std::string::npos);
    REQUIRE(packed.find("/XRef") != std::string::npos);
    const auto compressed = pdf::PdfDocument::open(packed);
    CHECK_FALSE(compressed.repaired());
    CHECK(compressed.catalog().getKey("/Pages").getKey("/Count").getIntValue() == 1);
    const auto page = compressed.locate(
        compressed.catalog().getKey("/Pages").getKey("/Kids").getArrayItem(0).getObjectID());
    REQUIRE(page);
    CHECK(page->kind == pdf::XrefLocation::Kind::InObjectStream);
}

TEST_CASE("PdfDocument refuses encrypted files with one clear line", "[pdf]") {
    // With an empty user password qpdf could decrypt silently; with one it cannot: both refused.
    for (const std::string user : {"", "secret"}) {
        const std::string encrypted =
            throughQpdf(onePage(), {"--encrypt", user, "owner", "256", "--"});
        REQUIRE(encrypted.find("/Encrypt") != std::string::npos);
        try {
            (void)pdf::PdfDocument::open(encrypted);
            FAIL("an encrypted file was opened");
        } catch (const pdf::EncryptedPdf& e) {
            CHECK(std::string(e.what()) ==
                  "the file is encrypted; encrypted PDFs are not accepted");
        }
    }
}

TEST_CASE("PdfDocument refuses a file over its size limit before reading it", "[pdf]") {
    const std::string bytes = onePage();
    CHECK_THROWS_AS(pdf::PdfDocument::open(bytes, pdf::PdfLimits{bytes.size() - 1}),
                    pdf::PdfTooLarge);
    CHECK_NOTHROW(pdf::PdfDocument::open(bytes, pdf::PdfLimits{bytes.size()}));
}

TEST_CASE("PdfDocument reports what is not a PDF as damaged", "[pdf]") {
    CHECK_THROWS_AS(pdf::PdfDocument::open("not a PDF at all"), pdf::DamagedPdf);
    CHECK_THROWS_AS(pdf::PdfDocument::open(""), pdf::DamagedPdf);
}

TEST_CASE("PdfDocument opens a file with a broken cross-reference table, marked repaired",
          "[pdf]") {
    std::string broken = onePage();
    // Every offset in the table off by 7: qpdf rebuilds the table from the objects themselves.
    const std::size_t table = broken.find("0000000000 65535 f");
    for (std::size_t at = broken.find(" 00000 n", table); at != std::string::npos;
         at = broken.find(" 00000 n", at + 1)) {
        broken[at - 1] = static_cast<char>(broken[at - 1] == '9' ? '0' : broken[at - 1] + 1);
    }
    const auto document = pdf::PdfDocument::open(broken);
    CHECK(document.repaired());
    CHECK_FALSE(document.warnings().empty());
    CHECK(document.catalog().getKey("/Pages").getKey("/Count").getIntValue() == 1);
    // qpdf --check agrees that it needed repair.
    TempDir dir;
    writeFile(dir / "broken.pdf", broken);
    CHECK(run({"qpdf", "--check", (dir / "broken.pdf").string()}).exitCode != 0);
}

TEST_CASE("A trailer /Size larger than needed is no repair, one too small is", "[pdf]") {
    // PDFBox 2 counts its cross-reference stream's own number in /Size but leaves it out of the
    // stream's /Index: qpdf warns "reported number of objects (N) is not one plus the highest
    // object number (M)" and reads the file as written (found on PDFBox-signed files).
    const std::string pdf = onePage();
    std::string large = pdf;
    const std::size_t size = large.rfind("/Size 4");
    REQUIRE(size != std::string::npos);
    large.replace(size, 7, "/Size 6");
    const auto document = pdf::PdfDocument::open(large);
    REQUIRE(document.warnings().size() == 1);
    CHECK(document.warnings()[0].find("reported number of objects (6)") != std::string::npos);
    CHECK_FALSE(document.repaired());
    CHECK(document.repairs().empty());
    CHECK_FALSE(document.xrefReconstructed());

    std::string small = pdf;
    small.replace(size, 7, "/Size 3");
    const auto shortened = pdf::PdfDocument::open(small);
    CHECK_FALSE(shortened.warnings().empty());
    CHECK(shortened.repaired());
    CHECK(shortened.repairs().at(0).find("reported number of objects (3)") != std::string::npos);
}
