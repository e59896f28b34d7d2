#include <catch2/catch.hpp>

#include "TestSupport.hpp"
#include "vanthu/templates/DocumentJson.hpp"
#include "vanthu/templates/PdfRenderer.hpp"

using namespace vanthu::templates;

namespace {

const PdfRenderer& renderer() {
    static const PdfRenderer instance;
    return instance;
}

OfficialDocument letter(int paragraphs = 3) {
    std::string body;
    for (int i = 1; i <= paragraphs; ++i) {
        body += std::to_string(i) +
                ". Tăng cường vai trò lãnh đạo của cấp ủy, chi bộ đối với công tác cải cách "
                "hành chính, thực hiện nhiệm vụ công vụ; thường xuyên kiểm tra, giám sát.\\n\\n";
    }
    return parseDocumentJson(R"({
      "system": "party", "type": "CV", "parentBody": "ĐẢNG BỘ TỈNH LAI CHÂU",
      "issuingBody": "ĐẢNG ỦY XÃ BÌNH LƯ", "number": 753, "notation": "CV/ĐU",
      "place": "Bình Lư", "date": "2026-06-16", "subject": "tăng cường cải cách hành chính",
      "subjectWithVv": false, "recipients": ["Lãnh đạo UBND xã", "Các chi, đảng bộ trực thuộc"],
      "body": ")" + body + R"(", "distribution": ["Như trên", "Lưu VPĐU"],
      "signer": {"authority": "T/M", "authorityOf": "BAN THƯỜNG VỤ", "title": "PHÓ BÍ THƯ",
                 "name": "Tạ Thị Dung"}, "timestamp": 1781589600})");
}

} // namespace

TEST_CASE("The same document renders to the same bytes") {
    const auto first = renderer().render(letter());
    const auto second = renderer().render(letter());
    CHECK(first.bytes == second.bytes);
    CHECK(first.bytes.starts_with("%PDF-1.7"));
    CHECK(first.pageCount == 1);
}

TEST_CASE("Empty signature fields for the signer and the seal, the seal over the signature") {
    const auto pdf = renderer().render(letter(20));
    REQUIRE(pdf.signatureBoxes.size() == 2);
    const auto& signer = pdf.signatureBoxes[0];
    const auto& seal = pdf.signatureBoxes[1];
    CHECK(signer.fieldName == kSignerField);
    CHECK(seal.fieldName == kSealField);
    CHECK(signer.page == pdf.pageCount);
    CHECK(seal.page == pdf.pageCount);
    // The seal covers about the left third of the signature.
    CHECK(seal.left + seal.width == Approx(signer.left + signer.width / 3));
    CHECK(seal.left < signer.left);
    // qpdf, an independent reader, sees two unsigned signature fields.
    vanthu::test::TempDir dir;
    vanthu::test::writeFile(dir / "letter.pdf", pdf.bytes);
    const auto json =
        vanthu::test::run({"qpdf", "--json", "--json-key=acroform", (dir / "letter.pdf").string()});
    REQUIRE(json.exitCode == 0);
    CHECK_THAT(json.out, Catch::Contains(R"("fullname": "SignerSignature")"));
    CHECK_THAT(json.out, Catch::Contains(R"("fullname": "SealSignature")"));
    CHECK_THAT(json.out, Catch::Contains(R"("fieldtype": "/Sig")"));
    CHECK_THAT(json.out, Catch::Contains(R"("value": null)"));
}

TEST_CASE("A character the font lacks is refused, not drawn as a box") {
    auto doc = letter();
    doc.signer.name = "Tạ Thị 漢";
    CHECK_THROWS_WITH(renderer().render(doc), Catch::Contains("U+6F22"));
}

TEST_CASE("A long document breaks into numbered pages") {
    const auto pdf = renderer().render(letter(200));
    CHECK(pdf.pageCount > 10);
}

TEST_CASE("The output file is written whole or not at all") {
    vanthu::test::TempDir dir;
    const auto target = dir / "out.pdf";
    writeFileAtomically(target.string(), "%PDF-1.7 test");
    CHECK(vanthu::test::readFile(target) == "%PDF-1.7 test");
    CHECK_THROWS(writeFileAtomically((dir / "missing" / "out.pdf").string(), "x"));
    CHECK_FALSE(std::filesystem::exists(dir / "missing"));
}
