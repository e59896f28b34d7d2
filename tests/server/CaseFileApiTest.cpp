#include <catch2/catch.hpp>

#include <set>

#include "DocmgmtServer.hpp"
#include "vanthu/docmgmt/ArchivePackage.hpp"
#include "vanthu/docmgmt/Passwords.hpp"

using namespace vanthu;
using test::DocmgmtServer;

namespace {

/// A letter of UBND huyện Văn Quan taken to issued through the API.
http::Id issuedLetter(DocmgmtServer& server, const std::string& subject) {
    auto specialist = server.as("chuyenvien.vq");
    auto chair = server.as("phochutich.vq");
    auto clerk = server.as("vanthu.vq");
    const auto id = test::signedLetter(specialist, chair, server.userId("phochutich.vq"), subject);
    REQUIRE(clerk.post("/api/documents/" + std::to_string(id) + "/issue").status == 200);
    return id;
}

std::string path(http::Id id, const std::string& rest = "") {
    return "/api/casefiles/" + std::to_string(id) + rest;
}

} // namespace

TEST_CASE("case files through the API: list entry, open, file, close, download the package",
          "[casefiles]") {
    auto& server = DocmgmtServer::shared();
    auto clerk = server.as("vanthu.vq");
    auto specialist = server.as("chuyenvien.vq");

    const auto entry =
        clerk.post("/api/file-list", R"({"year":2026,"code":"API-01",
        "title":"Hồ sơ cải cách hành chính","retention":"20 nam","responsibleId":)" +
                                         std::to_string(server.userId("vanthu.vq")) + "}");
    REQUIRE(entry.status == 201);
    CHECK(entry.object()->getValue<std::string>("retention") == "20 năm");
    const auto entryId = entry.object()->getValue<http::Id>("id");
    const auto list = specialist.get("/api/file-list?year=2026");
    REQUIRE(list.status == 200);
    CHECK(list.array()->size() >= 1);
    CHECK(specialist.post("/api/file-list", R"({"code":"X","title":"X","retention":"10 năm"})")
              .status == 403);
    CHECK(
        clerk.post("/api/file-list", R"({"code":"Y","title":"Y","retention":"mãi"})").errorCode() ==
        "invalid");

    const auto opened =
        clerk.post("/api/casefiles", R"({"listEntryId":)" + std::to_string(entryId) + "}");
    REQUIRE(opened.status == 201);
    const auto id = opened.object()->getValue<http::Id>("id");
    CHECK(opened.object()->getValue<std::string>("state") == "open");
    CHECK(opened.object()->getValue<std::string>("responsibleName") == "Nông Thị Hoa");
    CHECK(specialist.post("/api/casefiles", R"({"listEntryId":)" + std::to_string(entryId) + "}")
              .status == 403);

    const auto letter = issuedLetter(server, "V/v hồ sơ qua API");
    const auto added = clerk.post(path(id, "/documents"),
                                  R"({"kind":"outgoing","id":)" + std::to_string(letter) + "}");
    REQUIRE(added.status == 200);
    CHECK(added.object()->getValue<int>("docTotal") == 1);
    CHECK(clerk.post(path(id, "/documents"), R"({"kind":"outgoing","id":999999})").status == 404);
    CHECK(clerk.get(path(id, "/package")).status == 409); // still open

    // An incoming letter is filed once registered (vào sổ), not while it waits to be.
    Poco::JSON::Object paper;
    paper.set("senderName", "SỞ NỘI VỤ TỈNH LẠNG SƠN");
    paper.set("notation", "812/SNV-CCHC");
    paper.set("issuedDate", "2026-06-02");
    paper.set("typeCode", "CV");
    paper.set("subject", "hướng dẫn lập hồ sơ cải cách hành chính");
    paper.set("pdfBase64",
              test::base64(clerk.get("/api/documents/" + std::to_string(letter) + "/pdf").body));
    const auto entered = clerk.post("/api/incoming", test::jsonText(paper));
    REQUIRE(entered.status == 201);
    const auto incoming = std::to_string(entered.object()->getValue<http::Id>("id"));
    const std::string fileIncoming = R"({"kind":"incoming","id":)" + incoming + "}";
    CHECK(clerk.post(path(id, "/documents"), fileIncoming).status == 404);
    REQUIRE(clerk.post("/api/incoming/" + incoming + "/register").status == 200);
    CHECK(specialist.post(path(id, "/documents"), fileIncoming).status == 403);
    const auto withIncoming = clerk.post(path(id, "/documents"), fileIncoming);
    REQUIRE(withIncoming.status == 200);
    CHECK(withIncoming.object()->getValue<int>("docTotal") == 2);
    // Each document's page names its files; another office's clerk is not told.
    const auto letterPage = clerk.get("/api/documents/" + std::to_string(letter));
    REQUIRE(letterPage.object()->getArray("caseFiles")->size() == 1);
    CHECK(letterPage.object()->getArray("caseFiles")->getObject(0)->getValue<std::string>("code") ==
          "API-01");
    const auto incomingPage = clerk.get("/api/incoming/" + incoming);
    REQUIRE(incomingPage.object()->getArray("caseFiles")->size() == 1);
    CHECK(incomingPage.object()->getArray("caseFiles")->getObject(0)->getValue<http::Id>("id") ==
          id);
    const auto other = issuedLetter(server, "V/v chưa vào hồ sơ");
    CHECK(clerk.get("/api/documents/" + std::to_string(other))
              .object()
              ->getArray("caseFiles")
              ->size() == 0);

    const auto shown = specialist.get(path(id));
    REQUIRE(shown.status == 200);
    const auto documents = shown.object()->getArray("documents");
    REQUIRE(documents->size() == 2);
    CHECK(documents->getObject(0)->getValue<std::string>("codeNotation") == "UBND-NV");
    CHECK(documents->getObject(1)->getValue<std::string>("codeNumber") == "812");
    CHECK(documents->getObject(1)->getValue<std::string>("codeNotation") == "SNV-CCHC");
    CHECK(documents->getObject(1)->getValue<std::string>("kind") == "incoming");

    const auto closed = clerk.post(path(id, "/close"));
    REQUIRE(closed.status == 200);
    CHECK(closed.object()->getValue<std::string>("state") == "closed");
    CHECK(closed.object()->getValue<int>("pageTotal") >= 1);
    CHECK_FALSE(closed.object()->getValue<bool>("archiveWarning"));
    CHECK(clerk.post(path(id, "/close")).status == 409);

    // other offices see nothing; administrators handle no files
    CHECK(server.as("vanthu.bl").get(path(id)).status == 404);
    CHECK(server.as("quantri.bg").get("/api/casefiles").status == 403);

    const auto package = clerk.get(path(id, "/package"));
    REQUIRE(package.status == 200);
    CHECK(package.header("content-type") == "application/zip");
    CHECK(package.header("content-disposition").find("ho-so-API-01-2026.zip") != std::string::npos);
    test::TempDir out;
    test::writeFile(out / "package.zip", package.body);
    docmgmt::ArchiveVerifyOptions options;
    options.trustAnchors =
        signing::certificatesFromPem(test::readFile(server.dataDir() / "pki/ca.pem"));
    const auto verified = docmgmt::verifyArchivePackage(out / "package.zip", options);
    INFO((verified.problems.empty() ? "" : verified.problems.front()));
    CHECK(verified.status == docmgmt::ArchiveVerification::Status::Valid);
    CHECK(verified.fileCode == "API-01");

    // the command line agrees, and finds tampering
    const auto cli = test::runVanthu({"archive", "verify", (out / "package.zip").string(),
                                      "--trust", (server.dataDir() / "pki/ca.pem").string()});
    CHECK(cli.exitCode == 0);
    CHECK(cli.out.find("archive package valid: API-01") == 0);
    CHECK(cli.out.find("sealed by CN=") != std::string::npos); // the office's seal certificate
    CHECK(cli.out.find("; trusted") != std::string::npos);
    std::string tampered = package.body;
    tampered[tampered.find("%PDF-") + 200] ^= 0x01;
    test::writeFile(out / "tampered.zip", tampered);
    const auto bad = test::runVanthu({"archive", "verify", (out / "tampered.zip").string()});
    CHECK(bad.exitCode == 1);
    CHECK(bad.out.find("archive package INVALID: ") == 0);
    CHECK(test::runVanthu({"archive", "verify", (out / "none.zip").string()}).exitCode == 2);

    // and exports the same file from the data folder
    const auto exported = test::runVanthu({"archive", "export", "--data", server.dataDir().string(),
                                           "--file", "API-01", "-o", (out / "cli.zip").string()});
    INFO(exported.err);
    REQUIRE(exported.exitCode == 0);
    CHECK(test::runVanthu({"archive", "verify", (out / "cli.zip").string()}).exitCode == 0);
    CHECK(test::runVanthu({"archive", "export", "--data", server.dataDir().string(), "--file",
                           "NO-SUCH", "-o", (out / "x.zip").string()})
              .exitCode == 2);
}

TEST_CASE("case files through the API: a document in two files, the file as one PDF and XML, "
          "the indexes, the handover and the notices",
          "[casefiles]") {
    auto& server = DocmgmtServer::shared();
    auto clerk = server.as("vanthu.vq");
    auto specialist = server.as("chuyenvien.vq");
    const auto openFile = [&](const std::string& code, const std::string& responsible) {
        const auto entry = clerk.post("/api/file-list",
                                      R"({"year":2026,"code":")" + code + R"(","title":"Hồ sơ )" +
                                          code + R"(","retention":"10 năm","responsibleId":)" +
                                          std::to_string(server.userId(responsible)) + "}");
        REQUIRE(entry.status == 201);
        const auto opened = clerk.post(
            "/api/casefiles",
            R"({"listEntryId":)" + std::to_string(entry.object()->getValue<http::Id>("id")) + "}");
        REQUIRE(opened.status == 201);
        return opened.object()->getValue<http::Id>("id");
    };
    const auto first = openFile("API-21", "vanthu.vq");
    const auto second = openFile("API-22", "chuyenvien.vq");
    // each account's own files (III.4đ)
    const auto codes = [](const test::ApiResponse& list) {
        std::set<std::string> out;
        for (std::size_t i = 0; i < list.array()->size(); ++i) {
            out.insert(list.array()->getObject(i)->getValue<std::string>("code"));
        }
        return out;
    };
    const auto clerksOwn = codes(clerk.get("/api/casefiles?mine=1"));
    CHECK(clerksOwn.count("API-21") == 1);
    CHECK(clerksOwn.count("API-22") == 0);
    const auto specialistsOwn = codes(specialist.get("/api/casefiles?mine=1"));
    CHECK(specialistsOwn.count("API-21") == 0);
    CHECK(specialistsOwn.count("API-22") == 1);
    CHECK(codes(specialist.get("/api/casefiles")).count("API-21") == 1);
    const auto letter = issuedLetter(server, "V/v văn bản ở hai hồ sơ");
    const std::string body = R"({"kind":"outgoing","id":)" + std::to_string(letter) + "}";
    REQUIRE(clerk.post(path(first, "/documents"), body).status == 200);
    REQUIRE(clerk.post(path(second, "/documents"), body).status == 200);
    CHECK(clerk.post(path(first, "/documents"), body).status == 409); // once in each
    const auto page = clerk.get("/api/documents/" + std::to_string(letter));
    const auto holding = page.object()->getArray("caseFiles");
    REQUIRE(holding->size() == 2);
    CHECK(holding->getObject(0)->getValue<http::Id>("id") == first);
    CHECK(holding->getObject(1)->getValue<http::Id>("id") == second);

    // the file as one PDF (qpdf, pdftotext) and its XML (xmllint), for a reader of the office
    test::TempDir out;
    const auto pdf = specialist.get(path(first, "/pdf"));
    REQUIRE(pdf.status == 200);
    CHECK(pdf.header("content-type") == "application/pdf");
    CHECK(pdf.header("content-disposition").find("ho-so-API-21-2026.pdf") != std::string::npos);
    test::writeFile(out / "book.pdf", pdf.body);
    CHECK(test::run({"qpdf", "--check", (out / "book.pdf").string()}).exitCode == 0);
    const auto text = test::run({"pdftotext", "-enc", "UTF-8", (out / "book.pdf").string(), "-"});
    REQUIRE(text.exitCode == 0);
    CHECK(text.out.find("MỤC LỤC VĂN BẢN") != std::string::npos);
    CHECK(text.out.find("văn bản ở hai hồ sơ") != std::string::npos);
    const auto xml = specialist.get(path(first, "/xml"));
    REQUIRE(xml.status == 200);
    test::writeFile(out / "book.xml", xml.body);
    CHECK(test::run({"xmllint", "--noout", (out / "book.xml").string()}).exitCode == 0);
    CHECK(xml.body.find("<FileCode>API-21</FileCode>") != std::string::npos);
    CHECK(server.as("vanthu.bl").get(path(first, "/pdf")).status == 404);

    // the indexes as CSV
    const auto index = specialist.get(path(first, "/index.csv"));
    REQUIRE(index.status == 200);
    CHECK(index.header("content-type").find("text/csv") == 0);
    CHECK(index.body.find("văn bản ở hai hồ sơ") != std::string::npos);
    const auto files = specialist.get("/api/casefiles/index.csv?year=2026");
    REQUIRE(files.status == 200);
    CHECK(files.body.find(",API-21,Hồ sơ API-21,") != std::string::npos);
    CHECK(files.body.find(",API-22,Hồ sơ API-22,") != std::string::npos);

    // the handover: closed files only, clerks and leaders, once; the download is that package
    CHECK(clerk.post(path(first, "/handover"), "{}").status == 409); // still open
    REQUIRE(clerk.post(path(first, "/close")).status == 200);
    CHECK(specialist.post(path(first, "/handover"), "{}").status == 403);
    const auto handed = clerk.post(path(first, "/handover"), R"({"receiver":"Lưu trữ cơ quan"})");
    REQUIRE(handed.status == 200);
    const auto handover = handed.object()->getObject("handover");
    REQUIRE(handover);
    const auto sha = handover->getValue<std::string>("packageSha256");
    CHECK(sha.size() == 64);
    CHECK(handover->getValue<std::string>("receiver") == "Lưu trữ cơ quan");
    CHECK(handover->getValue<std::string>("handedByName") == "Nông Thị Hoa");
    CHECK_FALSE(handed.object()->getValue<bool>("archiveWarning"));
    const auto package = clerk.get(path(first, "/package"));
    REQUIRE(package.status == 200);
    CHECK(docmgmt::sha256Hex(package.body) == sha);
    CHECK(clerk.post(path(first, "/handover"), "{}").status == 409);
    CHECK(specialist.get(path(first))
              .object()
              ->getObject("handover")
              ->getValue<std::string>("packageSha256") == sha);
    CHECK(specialist.get(path(second)).object()->isNull("handover"));

    // the notices: none due yet (closed today, due in a year); unknown ids are refused
    const auto notices = clerk.get("/api/casefiles/notices");
    REQUIRE(notices.status == 200);
    CHECK(notices.array()->size() == 0);
    CHECK(clerk.post("/api/casefiles/notices/999999/read").status == 404);
    CHECK(server.as("quantri.bg").get("/api/casefiles/notices").status == 403);
}
