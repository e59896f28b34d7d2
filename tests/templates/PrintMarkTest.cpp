// The mark of a printed copy (bản in, NĐ 30/2020 Phụ lục VI III.6k): one line at the foot of every
// page, in a revision appended after the document's own.
#include <catch2/catch.hpp>

#include "TestSupport.hpp"
#include "vanthu/templates/DocumentJson.hpp"
#include "vanthu/templates/PdfRenderer.hpp"
#include "vanthu/templates/PrintMark.hpp"

using namespace vanthu::templates;
using vanthu::test::run;

namespace {

OfficialDocument longLetter() {
    std::string body;
    for (int i = 0; i < 60; ++i) {
        body += "Đề nghị các cơ quan, đơn vị rà soát, báo cáo kết quả thực hiện nhiệm vụ được "
                "giao trong quý, nêu rõ khó khăn, vướng mắc và kiến nghị, đề xuất.\\n\\n";
    }
    return parseDocumentJson(R"({
      "system": "state", "type": "CV", "issuingBody": "ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN",
      "notation": "05/UBND-NV", "place": "Văn Quan", "date": "2024-06-25",
      "subject": "báo cáo kết quả thực hiện nhiệm vụ", "recipients": ["UBND các xã, thị trấn"],
      "body": ")" + body + R"(", "distribution": ["Như trên", "Lưu: VT, NV"],
      "signer": {"title": "CHỦ TỊCH", "name": "Nông Văn Hùng"}, "timestamp": 1717200000})");
}

std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        ++n;
    }
    return n;
}

} // namespace

TEST_CASE("Print mark: every page shows office, person and time in an appended revision") {
    vanthu::test::TempDir dir;
    const auto rendered = PdfRenderer().render(longLetter());
    REQUIRE(rendered.pageCount >= 2);
    const PrintMark mark{"Ủy ban nhân dân huyện Văn Quan", "Hoàng Thị Thúy",
                         "25/06/2024 09:15 (giờ Việt Nam)"};
    CHECK(printMarkLine(mark) == "Bản in từ hệ thống vanthu – Ủy ban nhân dân huyện Văn Quan – "
                                 "Hoàng Thị Thúy – 25/06/2024 09:15 (giờ Việt Nam)");
    const std::string copy = markPrintedCopy(rendered.bytes, mark);
    REQUIRE(copy.size() > rendered.bytes.size());
    CHECK(copy.compare(0, rendered.bytes.size(), rendered.bytes) == 0); // appended only

    vanthu::test::writeFile(dir / "copy.pdf", copy);
    const auto check = run({"qpdf", "--check", (dir / "copy.pdf").string()});
    INFO(check.out << check.err);
    CHECK(check.exitCode == 0);
    const auto text = run({"pdftotext", "-enc", "UTF-8", (dir / "copy.pdf").string(), "-"});
    REQUIRE(text.exitCode == 0);
    INFO(text.out);
    CHECK(occurrences(text.out, "Bản in từ hệ thống vanthu – Ủy ban nhân dân huyện Văn Quan – "
                                "Hoàng Thị Thúy – 25/06/2024 09:15 (giờ Việt Nam)") ==
          static_cast<std::size_t>(rendered.pageCount));
    // the document's own text is still there
    CHECK(text.out.find("Nông Văn Hùng") != std::string::npos);

    // A very long office name shrinks the line rather than running off the page.
    const PrintMark longName{std::string(300, 'X'), "Hoàng Thị Thúy", "25/06/2024 09:15"};
    vanthu::test::writeFile(dir / "long.pdf", markPrintedCopy(rendered.bytes, longName));
    CHECK(run({"qpdf", "--check", (dir / "long.pdf").string()}).exitCode == 0);

    CHECK_THROWS_AS(markPrintedCopy("not a pdf", mark), std::runtime_error);
}
