// Bodies from Word and LibreOffice (issue 18 item 4): .docx and .odt files written by pandoc in
// the test from Markdown, read back through `importWordBody` (pandoc's JSON tree, then the body
// markup); the markup parses into the blocks it should, a letter with it renders with bold,
// italic and the footnote (pdftotext, pdffonts); what the markup cannot hold is named in a
// warning, and a table is refused.
#include <catch2/catch.hpp>

#include <filesystem>

#include "TestSupport.hpp"
#include "vanthu/templates/BodyMarkup.hpp"
#include "vanthu/templates/DocumentJson.hpp"
#include "vanthu/templates/PdfRenderer.hpp"
#include "vanthu/templates/WordImport.hpp"

using namespace vanthu::templates;
namespace fs = std::filesystem;

namespace {

/// A Word (docx) or LibreOffice (odt) file made by pandoc from Markdown.
std::string officeFile(const std::string& markdown, const std::string& format) {
    vanthu::test::TempDir dir;
    const auto source = dir.path() / "source.md";
    const auto output = dir.path() / ("file." + format);
    vanthu::test::writeFile(source, markdown);
    const auto made = vanthu::test::run({"pandoc", "--from=markdown", "--to=" + format,
                                         "--output=" + output.string(), source.string()});
    INFO(made.err);
    REQUIRE(made.exitCode == 0);
    return vanthu::test::readFile(output);
}

const std::string kLetterBody =
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;\n\n"
    "Ủy ban nhân dân xã đề nghị các cơ quan **khẩn trương** thực hiện *đúng hạn* các việc "
    "sau[^a]:\n\n"
    "1. Rà soát hồ sơ tồn đọng.\n"
    "2. Báo cáo kết quả trước ngày 15.\n\n"
    "- Gửi bản điện tử qua hệ thống.\n"
    "- Lưu bản giấy tại văn thư.\n\n"
    "Chi phí 5 * 3 triệu đồng theo [Điều 4] của quy chế.\n\n"
    "[^a]: Theo Kế hoạch số 12/KH-UBND ngày 02/3/2026.\n";

const std::vector<std::string> kExpectedLines = {
    "> Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;",
    "Ủy ban nhân dân xã đề nghị các cơ quan **khẩn trương** thực hiện *đúng hạn* các việc "
    "sau[^1]:",
    "1. Rà soát hồ sơ tồn đọng.",
    "2. Báo cáo kết quả trước ngày 15.",
    "- Gửi bản điện tử qua hệ thống.",
    "- Lưu bản giấy tại văn thư.",
    "Chi phí 5 \\* 3 triệu đồng theo \\[Điều 4] của quy chế.",
    "[^1]: Theo Kế hoạch số 12/KH-UBND ngày 02/3/2026.",
};

std::vector<std::string> blocksOf(const std::string& markup) {
    std::vector<std::string> lines;
    std::size_t at = 0;
    while (at <= markup.size()) {
        const auto end = markup.find("\n\n", at);
        lines.push_back(markup.substr(at, end == std::string::npos ? end : end - at));
        if (end == std::string::npos) {
            break;
        }
        at = end + 2;
    }
    return lines;
}

} // namespace

TEST_CASE("WordImport: a .docx with bold, italics, numbered and dash items and a footnote "
          "becomes body markup",
          "[word]") {
    const auto body = importWordBody(officeFile(kLetterBody, "docx"));
    INFO(body.markup);
    CHECK(blocksOf(body.markup) == kExpectedLines);
    CHECK(body.warnings.empty());

    const auto parsed = parseBodyMarkup(body.markup);
    REQUIRE(parsed.blocks.size() == 7);
    CHECK(parsed.blocks[0].kind == BlockKind::LegalBasis);
    CHECK(parsed.blocks[2].kind == BlockKind::NumberedItem);
    CHECK(parsed.blocks[4].kind == BlockKind::DashItem);
    const auto& runs = parsed.blocks[1].runs;
    CHECK(std::any_of(runs.begin(), runs.end(),
                      [](const TextRun& r) { return r.bold && r.text == "khẩn trương"; }));
    CHECK(std::any_of(runs.begin(), runs.end(),
                      [](const TextRun& r) { return r.italic && r.text == "đúng hạn"; }));
    CHECK(std::any_of(runs.begin(), runs.end(),
                      [](const TextRun& r) { return r.footnoteReference; }));
    REQUIRE(parsed.footnotes.size() == 1);
    // The markup's own characters came through as text.
    CHECK(parsed.blocks[6].runs.front().text ==
          "Chi phí 5 * 3 triệu đồng theo [Điều 4] của quy chế.");
}

TEST_CASE("WordImport: the same body from LibreOffice (.odt)", "[word]") {
    const auto body = importWordBody(officeFile(kLetterBody, "odt"));
    INFO(body.markup);
    CHECK(blocksOf(body.markup) == kExpectedLines);
}

TEST_CASE("WordImport: a decision's type line, chapters, titled and sentence articles", "[word]") {
    const auto body =
        importWordBody(officeFile("QUYẾT ĐỊNH:\n\n"
                                  "Chương I\n\n"
                                  "QUY ĐỊNH CHUNG\n\n"
                                  "**Điều 1. Phạm vi điều chỉnh**\n\n"
                                  "**Điều 2.** Quyết định này có hiệu lực từ ngày ký.\n",
                                  "docx"));
    INFO(body.markup);
    CHECK(blocksOf(body.markup) == std::vector<std::string>{
                                       "= QUYẾT ĐỊNH:",
                                       "## Chương I | QUY ĐỊNH CHUNG",
                                       "Điều 1. Phạm vi điều chỉnh",
                                       "Điều 2. Quyết định này có hiệu lực từ ngày ký.",
                                   });
    const auto parsed = parseBodyMarkup(body.markup);
    REQUIRE(parsed.blocks.size() == 4);
    CHECK(parsed.blocks[0].kind == BlockKind::TypeLine);
    CHECK(parsed.blocks[1].kind == BlockKind::Chapter);
    CHECK(parsed.blocks[1].heading == "QUY ĐỊNH CHUNG");
    CHECK(parsed.blocks[2].kind == BlockKind::Article);
    CHECK(parsed.blocks[2].titled);
    CHECK(parsed.blocks[3].kind == BlockKind::Article);
    CHECK_FALSE(parsed.blocks[3].titled);
}

TEST_CASE("WordImport: what the markup cannot hold is named, a table is refused", "[word]") {
    const auto body =
        importWordBody(officeFile("Văn bản có [chữ gạch chân]{.underline} và H~2~O.\n", "docx"));
    INFO(body.markup);
    CHECK(body.markup == "Văn bản có chữ gạch chân và H2O.");
    REQUIRE(body.warnings.size() == 2);
    CHECK(body.warnings[0].find("Chữ chỉ số") != std::string::npos);
    CHECK(body.warnings[1].find("Gạch chân") != std::string::npos);

    const auto table = officeFile("Đoạn đầu.\n\n| Cột A | Cột B |\n|---|---|\n| 1 | 2 |\n", "docx");
    CHECK_THROWS_WITH(importWordBody(table), Catch::Contains("bảng thứ 1") &&
                                                 Catch::Contains("Đoạn đầu.") &&
                                                 Catch::Contains("phụ lục"));
    CHECK_THROWS_AS(importWordBody("%PDF-1.7 not a word file"), WordImportError);
    CHECK_THROWS_WITH(importWordBody(std::string(kMaxWordFileBytes + 1, 'x')),
                      Catch::Contains("MB"));
    CHECK_THROWS_AS(bodyFromPandocJson("{\"blocks\": 3}"), WordImportError);
    CHECK_THROWS_AS(bodyFromPandocJson("[1, 2"), WordImportError);
}

TEST_CASE("WordImport: a letter whose body came from .docx renders its bold, italics and "
          "footnote",
          "[word][render]") {
    auto doc = parseDocumentJson(vanthu::test::readFile(vanthu::test::sourceDir() / "samples" /
                                                        "party-commune-cv-753.json"));
    doc.body = parseBodyMarkup(importWordBody(officeFile(kLetterBody, "docx")).markup);
    const auto rendered = PdfRenderer().render(doc);
    vanthu::test::TempDir dir;
    const auto pdf = dir.path() / "letter.pdf";
    vanthu::test::writeFile(pdf, rendered.bytes);
    const auto text = vanthu::test::run({"pdftotext", "-layout", pdf.string(), "-"});
    REQUIRE(text.exitCode == 0);
    CHECK(text.out.find("khẩn trương") != std::string::npos);
    CHECK(text.out.find("Lưu bản giấy tại văn thư") != std::string::npos);
    CHECK(text.out.find("Theo Kế hoạch số 12/KH-UBND") != std::string::npos);
    const auto fonts = vanthu::test::run({"pdffonts", pdf.string()});
    REQUIRE(fonts.exitCode == 0);
    INFO(fonts.out);
    CHECK(fonts.out.find("Bold") != std::string::npos);
    CHECK(fonts.out.find("Italic") != std::string::npos);
}
