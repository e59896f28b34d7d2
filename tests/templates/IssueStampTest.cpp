#include <catch2/catch.hpp>

#include <regex>
#include <set>

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
    "A draft shows its blank number and day in fields, issuing fills them in a new revision") {
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

    // The new revision rewrites only the two fields (plus new objects for their appearances)
    // and /Info, never the form, the pages or their content: a signature over the draft stays
    // valid and the change is one a verifier can allow as form filling.
    const auto fields =
        run({"qpdf", "--json=2", "--json-key=acroform", (dir / "draft.pdf").string()}).out;
    std::set<int> fieldObjects;
    const std::regex fieldPattern(R"re("fullname": "(\w+)"[^}]*"object": "(\d+) 0 R")re");
    for (std::sregex_iterator it(fields.begin(), fields.end(), fieldPattern), end; it != end;
         ++it) {
        const std::string name = (*it)[1];
        if (name == kNumberField || name == kPlaceDateField) {
            fieldObjects.insert(std::stoi((*it)[2]));
        }
    }
    REQUIRE(fieldObjects.size() == 2);
    std::smatch size;
    REQUIRE(std::regex_search(rendered.bytes, size, std::regex(R"(/Size (\d+))")));
    const int firstNewObject = std::stoi(size[1]);
    std::smatch info; // the document information dictionary, which every save updates
    REQUIRE(std::regex_search(rendered.bytes, info, std::regex(R"(/Info (\d+) 0 R)")));
    const int infoObject = std::stoi(info[1]);
    const std::string update = stamped.substr(rendered.bytes.size());
    std::set<int> rewritten;
    const std::regex objectPattern(R"((\d+) 0 obj)");
    for (std::sregex_iterator it(update.begin(), update.end(), objectPattern), end; it != end;
         ++it) {
        const int number = std::stoi((*it)[1]);
        if (number < firstNewObject && number != infoObject) {
            rewritten.insert(number);
        }
    }
    CHECK(rewritten == fieldObjects);
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
