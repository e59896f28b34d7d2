#include <catch2/catch.hpp>

#include "DocmgmtServer.hpp"
#include "vanthu/docmgmt/ArchivePackage.hpp"

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
    // Each document's page names its file; another office's clerk is not told.
    const auto letterPage = clerk.get("/api/documents/" + std::to_string(letter));
    REQUIRE(letterPage.object()->getObject("caseFile"));
    CHECK(letterPage.object()->getObject("caseFile")->getValue<std::string>("code") == "API-01");
    const auto incomingPage = clerk.get("/api/incoming/" + incoming);
    REQUIRE(incomingPage.object()->getObject("caseFile"));
    CHECK(incomingPage.object()->getObject("caseFile")->getValue<http::Id>("id") == id);
    const auto other = issuedLetter(server, "V/v chưa vào hồ sơ");
    CHECK(clerk.get("/api/documents/" + std::to_string(other)).object()->isNull("caseFile"));

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
