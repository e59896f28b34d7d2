#include <catch2/catch.hpp>

#include "PdfFixtures.hpp"
#include "vanthu/pdf/SignatureFields.hpp"

using namespace vanthu;
using namespace vanthu::test;

namespace {

void checkFields(const pdf::PdfDocument& document) {
    const auto fields = pdf::findSignatureFields(document);
    REQUIRE(fields.size() == 2);
    const auto& signer = fields[0];
    CHECK(signer.name == "Approval.Signer");
    CHECK(signer.hasValue);
    REQUIRE(signer.value);
    const auto& sig = *signer.value;
    CHECK(sig.id.indirect());
    CHECK(sig.type == "Sig");
    CHECK(sig.filter == "Adobe.PPKLite");
    CHECK(sig.subFilter == "ETSI.CAdES.detached");
    CHECK(sig.contentsIsString);
    CHECK(sig.contents == std::string("\x30\x82\xab\xcd\x00\x00", 6));
    REQUIRE(sig.byteRange);
    CHECK(*sig.byteRange == std::vector<std::int64_t>{0, 10, 20, 30});
    CHECK(sig.m == "D:20240205093000+07'00'");
    REQUIRE(sig.references.size() == 1);
    CHECK(sig.references[0].method == "DocMDP");
    CHECK(sig.references[0].p == 2);
    CHECK_FALSE(signer.lock);

    const auto& seal = fields[1];
    CHECK(seal.name == "Seal");
    CHECK_FALSE(seal.hasValue);
    CHECK_FALSE(seal.value);
    REQUIRE(seal.lock);
    CHECK(seal.lock->action == "Include");
    CHECK(seal.lock->fields == std::vector<std::string>{"Number"});
    CHECK(seal.lock->p == 2);

    CHECK(pdf::fieldNames(document) ==
          std::vector<std::string>{"Approval.Signer", "Seal", "Number"});
}

} // namespace

TEST_CASE("SignatureFields: the walker finds signature fields through the field tree", "[pdf]") {
    checkFields(pdf::PdfDocument::open(formPdf()));
}

TEST_CASE("SignatureFields: the same fields from object streams and a cross-reference stream",
          "[pdf]") {
    checkFields(pdf::PdfDocument::open(throughQpdf(formPdf(), {"--object-streams=generate"})));
}

TEST_CASE("SignatureFields: a loop in the field tree and a document without a form", "[pdf]") {
    // Field 4's kid points back at field 4: visited once, no endless walk.
    const std::string looped =
        appendRevision(formPdf(), {{5, "<< /T (Signer) /Parent 4 0 R /Kids [4 0 R] >>"}}, 9);
    const auto fields = pdf::findSignatureFields(pdf::PdfDocument::open(looped));
    CHECK(fields.size() <= 2);

    const std::string bare =
        classicPdf({"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"});
    CHECK(pdf::findSignatureFields(pdf::PdfDocument::open(bare)).empty());
    // A trailer without a catalog is damaged.
    const std::string noCatalog = classicPdf({"42"});
    CHECK_THROWS_AS(pdf::findSignatureFields(pdf::PdfDocument::open(noCatalog)), pdf::DamagedPdf);
}
