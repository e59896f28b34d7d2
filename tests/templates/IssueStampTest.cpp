#include <catch2/catch.hpp>

#include "TestSupport.hpp"
#include "vanthu/templates/DocumentJson.hpp"
#include "vanthu/templates/IssueStamp.hpp"
#include "vanthu/templates/PdfRenderer.hpp"

using namespace vanthu::templates;
using vanthu::test::run;

namespace {

OfficialDocument draft() {
    return parseDocumentJson(R"({
      "system": "state", "type": "CV", "issuingBody": "ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN",
      "notation": "UBND-NV", "place": "Văn Quan", "date": "2024-06",
      "subject": "triển khai Thông báo", "recipients": ["UBND các xã, thị trấn"],
      "body": "Thực hiện Thông báo số 227/TB-UBND.", "distribution": ["Như trên", "Lưu: VT, NV"],
      "signer": {"authority": "KT", "authorityOf": "CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH",
                 "name": "Triệu Đức Dũng"}, "timestamp": 1717200000})");
}

std::string text(const std::filesystem::path& pdf) {
    const auto result = run({"pdftotext", "-raw", pdf.string(), "-"});
    REQUIRE(result.exitCode == 0);
    return result.out;
}

} // namespace

TEST_CASE(
    "A draft shows its blank number and day in fields; issuing fills them in a new revision") {
    vanthu::test::TempDir dir;
    const PdfRenderer renderer;
    const auto rendered = renderer.render(draft());
    vanthu::test::writeFile(dir / "draft.pdf", rendered.bytes);
    const std::string draftText = text(dir / "draft.pdf");
    CHECK_THAT(draftText, Catch::Contains("/UBND-NV"));
    CHECK_THAT(draftText, Catch::Contains("tháng 6 năm 2024"));

    auto issued = draft();
    issued.notation.number = 5;
    issued.date.day = 25;
    const std::string stamped = stampIssueDetails(rendered.bytes, issued);
    // An incremental update: the earlier revision is untouched.
    REQUIRE(stamped.size() > rendered.bytes.size());
    CHECK(stamped.compare(0, rendered.bytes.size(), rendered.bytes) == 0);
    vanthu::test::writeFile(dir / "issued.pdf", stamped);
    const std::string issuedText = text(dir / "issued.pdf");
    CHECK_THAT(issuedText, Catch::Contains("Số: 05/UBND-NV"));
    CHECK_THAT(issuedText, Catch::Contains("Văn Quan, ngày 25 tháng 6 năm 2024"));
    CHECK(run({"qpdf", "--check", (dir / "issued.pdf").string()}).exitCode == 0);
    const auto fonts = run({"pdffonts", (dir / "issued.pdf").string()});
    CHECK_THAT(fonts.out, !Catch::Contains(" no "));
}

TEST_CASE("Issuing needs a numbered, dated document and a vanthu draft") {
    const PdfRenderer renderer;
    const auto rendered = renderer.render(draft());
    CHECK_THROWS_AS(stampIssueDetails(rendered.bytes, draft()), std::invalid_argument);
    auto numbered = draft();
    numbered.notation.number = 1;
    numbered.date.day = 1;
    const auto final = renderer.render(numbered);
    CHECK_THROWS_WITH(stampIssueDetails(final.bytes, numbered),
                      Catch::Contains("not a vanthu draft"));
    CHECK_THROWS(stampIssueDetails("not a pdf", numbered));
}
