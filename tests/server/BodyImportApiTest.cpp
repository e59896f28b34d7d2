// POST /api/body-import (issue 18 item 4): a .docx made by pandoc in the test, with bold,
// italics, numbered items and a footnote, becomes the markup of a draft whose PDF shows them
// (pdftotext for the words and the footnote, pdffonts for the bold and italic faces); a table is
// a 422 naming it; an administrator may not use it.
#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>

#include "ApiClient.hpp"
#include "DocmgmtServer.hpp"
#include "TestSupport.hpp"

using namespace vanthu;

namespace {

std::string docxFrom(const std::string& markdown) {
    test::TempDir dir;
    test::writeFile(dir.path() / "in.md", markdown);
    const auto made = test::run({"pandoc", "--from=markdown", "--to=docx",
                                 "--output=" + (dir.path() / "out.docx").string(),
                                 (dir.path() / "in.md").string()});
    INFO(made.err);
    REQUIRE(made.exitCode == 0);
    return test::readFile(dir.path() / "out.docx");
}

constexpr const char* kDocx =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

} // namespace

TEST_CASE("body import: a .docx becomes a draft whose PDF shows its bold, italics, numbered "
          "items and footnote",
          "[api][word]") {
    auto& server = test::DocmgmtServer::shared();
    auto specialist = server.as("chuyenvien.vq");
    const auto imported = specialist.request(
        "POST", "/api/body-import",
        docxFrom("Đề nghị các xã **báo cáo gấp** kết quả *rà soát hồ sơ*[^1]:\n\n"
                 "1. Số hồ sơ tồn đọng.\n2. Nguyên nhân chậm.\n\n"
                 "[^1]: Theo Công văn số 45/UBND-NV.\n"),
        kDocx);
    INFO(imported.body);
    REQUIRE(imported.status == 200);
    const auto markup = imported.object()->getValue<std::string>("markup");
    CHECK(markup.find("**báo cáo gấp**") != std::string::npos);
    CHECK(markup.find("*rà soát hồ sơ*") != std::string::npos);
    CHECK(markup.find("\n\n1. Số hồ sơ tồn đọng.") != std::string::npos);
    CHECK(markup.find("[^1]: Theo Công văn số 45/UBND-NV.") != std::string::npos);
    CHECK(imported.object()->getArray("warnings")->size() == 0);

    auto draft =
        Poco::JSON::Parser()
            .parse(test::letterDraft(server.userId("chutich.vq"), "Báo cáo hồ sơ tồn đọng"))
            .extract<Poco::JSON::Object::Ptr>();
    draft->set("body", markup);
    std::ostringstream text;
    draft->stringify(text);
    const auto created = specialist.post("/api/documents", text.str());
    INFO(created.body);
    REQUIRE(created.status == 201);
    const auto id = created.object()->getValue<http::Id>("id");
    const auto pdf = specialist.get("/api/documents/" + std::to_string(id) + "/pdf");
    REQUIRE(pdf.status == 200);
    test::TempDir dir;
    const auto file = dir.path() / "draft.pdf";
    test::writeFile(file, pdf.body);
    const auto words = test::run({"pdftotext", file.string(), "-"});
    REQUIRE(words.exitCode == 0);
    CHECK(words.out.find("báo cáo gấp") != std::string::npos);
    CHECK(words.out.find("Nguyên nhân chậm") != std::string::npos);
    CHECK(words.out.find("Theo Công văn số 45/UBND-NV") != std::string::npos);
    const auto fonts = test::run({"pdffonts", file.string()});
    INFO(fonts.out);
    CHECK(fonts.out.find("Bold") != std::string::npos);
    CHECK(fonts.out.find("Italic") != std::string::npos);
}

TEST_CASE("body import: a table is refused with a sentence, a file that is no Word file too, "
          "and administrators do not draft",
          "[api][word]") {
    auto& server = test::DocmgmtServer::shared();
    auto specialist = server.as("chuyenvien.vq");
    const auto table = specialist.request("POST", "/api/body-import",
                                          docxFrom("| A | B |\n|---|---|\n| 1 | 2 |\n"), kDocx);
    CHECK(table.status == 422);
    CHECK(table.body.find("bảng") != std::string::npos);
    const auto pdf =
        specialist.request("POST", "/api/body-import", "%PDF-1.7\n", "application/pdf");
    CHECK(pdf.status == 422);
    const auto empty = specialist.request("POST", "/api/body-import", "", kDocx);
    CHECK(empty.status == 422);
    auto admin = server.as("quantri.vq");
    CHECK(admin.request("POST", "/api/body-import", docxFrom("Chữ.\n"), kDocx).status == 403);
}
