// Printed copies (bản in, NĐ 30/2020 Phụ lục VI III.6k; issue 15 item 3) over HTTP, and the
// Phần II lengths at the API (issue 15 item 5): GET /api/documents/{id}/pdf?copy=print marks
// every page with the office, the person and the Vietnam time in a revision after the signed
// ones; the plain download stays the signed original byte for byte and verifies.
#include <catch2/catch.hpp>

#include <Poco/JSON/Parser.h>

#include <fstream>

#include "DocmgmtServer.hpp"

using namespace vanthu;
using test::DocmgmtServer;

namespace {

std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        ++n;
    }
    return n;
}

} // namespace

TEST_CASE("Print copy: every page carries the mark outside the signed revisions, the original "
          "downloads unchanged and verifies",
          "[api][print]") {
    auto& server = DocmgmtServer::shared();
    auto author = server.as("chuyenvien.vq");
    auto leader = server.as("phochutich.vq");
    auto clerk = server.as("vanthu.vq");
    const auto id =
        test::signedLetter(author, leader, server.userId("phochutich.vq"), "bản in có dấu");
    const auto path = "/api/documents/" + std::to_string(id);
    const auto issued = clerk.post(path + "/issue");
    INFO(issued.body);
    REQUIRE(issued.status == 200);

    const auto original = clerk.get(path + "/pdf");
    REQUIRE(original.status == 200);
    const auto copy = clerk.get(path + "/pdf?copy=print");
    REQUIRE(copy.status == 200);
    CHECK(copy.header("content-type") == "application/pdf");
    CHECK(copy.header("content-disposition").find("-ban-in.pdf") != std::string::npos);
    // The original is untouched by printing: the same bytes again, and the copy only appends.
    CHECK(clerk.get(path + "/pdf").body == original.body);
    REQUIRE(copy.body.size() > original.body.size());
    CHECK(copy.body.compare(0, original.body.size(), original.body) == 0);
    CHECK(clerk.get(path + "/pdf?copy=scan").status == 400);

    test::TempDir dir;
    const auto originalFile = dir.path() / "original.pdf";
    const auto copyFile = dir.path() / "copy.pdf";
    std::ofstream(originalFile, std::ios::binary) << original.body;
    std::ofstream(copyFile, std::ios::binary) << copy.body;

    // Independent checkers: qpdf reads the copy, pdftotext finds the mark with its Vietnamese
    // marks on every page, pdfsig still finds each earlier signature valid.
    const auto check = test::run({"qpdf", "--check", copyFile.string()});
    INFO(check.out << check.err);
    CHECK(check.exitCode == 0);
    const auto text = test::run({"pdftotext", "-enc", "UTF-8", copyFile.string(), "-"});
    REQUIRE(text.exitCode == 0);
    INFO(text.out);
    const auto npages = test::run({"qpdf", "--show-npages", copyFile.string()});
    REQUIRE(npages.exitCode == 0);
    const std::size_t pageCount = std::stoul(npages.out);
    CHECK(occurrences(text.out, "Bản in từ hệ thống vanthu") == pageCount);
    const auto me = clerk.get("/api/me").object();
    CHECK(text.out.find(me->getValue<std::string>("fullName")) != std::string::npos);
    CHECK(text.out.find("(giờ Việt Nam)") != std::string::npos);
    const auto originalText = test::run({"pdftotext", "-enc", "UTF-8", originalFile.string(), "-"});
    CHECK(originalText.out.find("Bản in từ hệ thống") == std::string::npos);

    const auto sigOriginal = test::run({"pdfsig", originalFile.string()});
    const auto sigCopy = test::run({"pdfsig", copyFile.string()});
    INFO(sigOriginal.out);
    INFO(sigCopy.out);
    const auto signatures = occurrences(sigOriginal.out, "Signature is Valid");
    CHECK(signatures >= 2); // the leader's signature and the seal (and time-stamps)
    CHECK(occurrences(sigCopy.out, "Signature is Valid") == signatures);

    // vanthu verify: the original verifies; the copy is reported as changed after signing
    // (a printed copy is no original: docs/signatures.md, "Printed copies").
    const auto trust = (server.dataDir() / "pki" / "ca.pem").string();
    const auto verifyOriginal =
        test::runVanthu({"verify", originalFile.string(), "--trust", trust});
    INFO(verifyOriginal.out << verifyOriginal.err);
    CHECK(verifyOriginal.exitCode == 0);
    const auto verifyCopy = test::runVanthu({"verify", copyFile.string(), "--trust", trust});
    INFO(verifyCopy.out << verifyCopy.err);
    CHECK(verifyCopy.exitCode != 0);

    // Recorded as a download and in the audit trail.
    const auto access = clerk.get(path + "/access");
    INFO(access.body);
    const auto audit = server.as("quantri.vq").get("/api/audit?limit=20");
    REQUIRE(audit.status == 200);
    CHECK(audit.body.find("\"action\":\"print\"") != std::string::npos);
}

TEST_CASE("Field limits at the API: a subject of 714 characters is a 400 naming Trích yếu and "
          "500, and the Phần II fields of a draft round-trip",
          "[api][limits]") {
    auto& server = DocmgmtServer::shared();
    auto author = server.as("chuyenvien.vq");
    std::string subject;
    for (int i = 0; i < 714; ++i) {
        subject += i % 7 == 6 ? " " : "ệ";
    }
    const auto refused =
        author.post("/api/documents", test::letterDraft(server.userId("phochutich.vq"), subject));
    INFO(refused.body);
    CHECK(refused.status == 400);
    CHECK(refused.body.find("\"field\":\"subject\"") != std::string::npos);
    CHECK(refused.body.find("Trích yếu") != std::string::npos);
    CHECK(refused.body.find("500") != std::string::npos);

    auto draft = Poco::JSON::Parser()
                     .parse(test::letterDraft(server.userId("phochutich.vq"), "siêu dữ liệu"))
                     .extract<Poco::JSON::Object::Ptr>();
    draft->set("issuedAmount", 12);
    draft->set("language", "Tiếng Việt");
    draft->set("description", "Bản lưu tại văn thư.");
    const auto created = author.post("/api/documents", test::jsonText(draft));
    INFO(created.body);
    REQUIRE(created.status == 201);
    const auto stored = created.object()->getObject("draft");
    REQUIRE(stored);
    CHECK(stored->getValue<int>("issuedAmount") == 12);
    CHECK(stored->getValue<std::string>("language") == "Tiếng Việt");
    CHECK(stored->getValue<std::string>("description") == "Bản lưu tại văn thư.");

    draft->set("issuedAmount", 1000);
    const auto tooMany = author.post("/api/documents", test::jsonText(draft));
    CHECK(tooMany.status == 400);
    CHECK(tooMany.body.find("\"field\":\"issuedAmount\"") != std::string::npos);
}
