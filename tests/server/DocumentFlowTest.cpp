// The outgoing flow through the API on the real storage: draft → submit → return → resubmit →
// approve → sign → issue, the PDF and its verification, the register, and every refusal.
#include <catch2/catch.hpp>
#include <set>
#include <thread>

#include "DocmgmtServer.hpp"
#include "TestSupport.hpp"
#include "http/DocmgmtBackend.hpp"
#include "http/Server.hpp"

using namespace vanthu;
using test::ApiClient;
using test::DocmgmtServer;

namespace {

std::string documentPath(http::Id id, const std::string& tail = "") {
    return "/api/documents/" + std::to_string(id) + tail;
}

std::set<std::string> allowedActions(const test::ApiResponse& response) {
    std::set<std::string> actions;
    const auto array = response.object()->getArray("allowedActions");
    for (std::size_t i = 0; i < array->size(); ++i) {
        actions.insert(array->getElement<std::string>(static_cast<unsigned>(i)));
    }
    return actions;
}

std::string state(const test::ApiResponse& response) {
    return response.object()->getValue<std::string>("state");
}

} // namespace

TEST_CASE("a letter goes from draft to issued through the API", "[flow]") {
    auto& server = DocmgmtServer::shared();
    auto specialist = server.as("chuyenvien.vq");
    auto chair = server.as("chutich.vq");
    auto deputy = server.as("phochutich.vq");
    auto clerk = server.as("vanthu.vq");
    const auto signer = server.userId("phochutich.vq");

    auto created = specialist.post("/api/documents", test::letterDraft(signer, "V/v báo cáo"));
    REQUIRE(created.status == 201);
    CHECK(state(created) == "draft");
    CHECK(created.object()->getValue<int>("version") == 1);
    CHECK(allowedActions(created) == std::set<std::string>{"edit", "submit"});
    CHECK(created.object()->getObject("draft")->getValue<std::string>("subject") == "V/v báo cáo");
    const auto id = created.object()->getValue<http::Id>("id");

    const auto preview = specialist.get(documentPath(id, "/pdf"));
    CHECK(preview.status == 200);
    CHECK(preview.header("content-type") == "application/pdf");
    CHECK(preview.body.rfind("%PDF-", 0) == 0);

    REQUIRE(state(specialist.post(documentPath(id, "/submit"))) == "submitted");
    CHECK(allowedActions(chair.get(documentPath(id))).count("approve") == 1);
    const auto returned =
        chair.post(documentPath(id, "/return"), R"({"comment":"Bổ sung thời hạn báo cáo."})");
    REQUIRE(returned.status == 200);
    CHECK(state(returned) == "returned");
    CHECK(returned.object()->getValue<std::string>("returnComment") == "Bổ sung thời hạn báo cáo.");

    const auto edited =
        specialist.put(documentPath(id), test::savedLetterDraft(signer, "V/v báo cáo kết quả", 1));
    REQUIRE(edited.status == 200);
    CHECK(edited.object()->getValue<int>("version") == 2);
    REQUIRE(state(specialist.post(documentPath(id, "/submit"))) == "submitted");
    REQUIRE(state(chair.post(documentPath(id, "/approve"))) == "approved");
    CHECK(allowedActions(deputy.get(documentPath(id))).count("sign") == 1);
    REQUIRE(state(deputy.post(documentPath(id, "/sign"))) == "signed");
    CHECK(allowedActions(clerk.get(documentPath(id))).count("issue") == 1);

    const auto issued = clerk.post(documentPath(id, "/issue"));
    REQUIRE(issued.status == 200);
    CHECK(state(issued) == "issued");
    const auto document = issued.object();
    CHECK(document->getValue<int>("number") > 0);
    CHECK(document->getValue<std::string>("notation").find("/UBND-NV") != std::string::npos);
    CHECK(document->getValue<std::string>("issuedDate").size() == 10);
    CHECK(allowedActions(issued).empty());
    CHECK(document->getArray("history")->size() >= 7);
    // Issue 21 item 4: issued at the demo's B-LTA, the letter is its own long-term copy until its
    // first renewal; its page shows the level and when its newest time-stamp falls due.
    CHECK(created.object()->isNull("longTermCopy"));
    const auto copy = document->getObject("longTermCopy");
    REQUIRE(copy);
    CHECK(copy->getValue<bool>("made"));
    CHECK(copy->getValue<std::string>("level") == "B-LTA");
    CHECK(copy->getValue<std::string>("state") == "current");
    CHECK(copy->getValue<int>("renewals") == 0);
    // The shared server's demo TSA: SHA-256 with a P-256 key, accepted without an end date.
    CHECK(copy->getValue<std::string>("weakestAlgorithm") == "SHA-256");
    CHECK(copy->isNull("algorithmsUntil"));
    CHECK(copy->getValue<std::string>("expiresAt").size() >= 10);
    CHECK(clerk.get(documentPath(id))
              .object()
              ->getObject("longTermCopy")
              ->getValue<std::string>("level") == "B-LTA");

    // An issued document never changes again.
    CHECK(specialist.put(documentPath(id), test::savedLetterDraft(signer, "khác", 2)).status ==
          409);
    CHECK(clerk.post(documentPath(id, "/issue")).status == 409);

    // Its PDF verifies, here and with `vanthu verify`.
    const auto pdf = clerk.get(documentPath(id, "/pdf"));
    REQUIRE(pdf.status == 200);
    const auto report = clerk.get(documentPath(id, "/verification"));
    REQUIRE(report.status == 200);
    INFO(report.body);
    CHECK(report.object()->getValue<bool>("ok"));
    CHECK(report.object()->getArray("signatures")->size() >= 2);
    test::TempDir dir;
    test::writeFile(dir / "issued.pdf", pdf.body);
    const auto verified = test::runVanthu({"verify", (dir / "issued.pdf").string(), "--trust",
                                           (server.dataDir() / "pki" / "ca.pem").string()});
    INFO(verified.out << verified.err);
    CHECK(verified.exitCode == 0);

    // It is in the register, also as CSV with a BOM.
    const auto year = document->getValue<std::string>("issuedDate").substr(0, 4);
    const auto reg = clerk.get("/api/registers/outgoing?year=" + year + "&from=" +
                               document->getValue<std::string>("issuedDate").substr(0, 10));
    REQUIRE(reg.status == 200);
    CHECK(reg.body.find("\"documentId\":" + std::to_string(id)) != std::string::npos);
    const auto csv = chair.get("/api/registers/outgoing.csv?year=" + year);
    REQUIRE(csv.status == 200);
    CHECK(csv.header("content-type").find("text/csv") == 0);
    CHECK(csv.body.rfind("\xEF\xBB\xBF", 0) == 0);
}

TEST_CASE("the flow refuses wrong roles, other offices and illegal moves", "[flow]") {
    auto& server = DocmgmtServer::shared();
    auto specialist = server.as("chuyenvien.vq");
    auto chair = server.as("chutich.vq");
    auto clerk = server.as("vanthu.vq");
    auto otherLeader = server.as("chutich.nd");
    auto otherSpecialist = server.as("chuyenvien.nd");
    const auto signer = server.userId("chutich.vq");

    const auto created = specialist.post("/api/documents", test::letterDraft(signer, "V/v thử"));
    REQUIRE(created.status == 201);
    const auto id = created.object()->getValue<http::Id>("id");

    SECTION("wrong role") {
        CHECK(clerk.post("/api/documents", test::letterDraft(signer, "x")).status == 403);
        REQUIRE(specialist.post(documentPath(id, "/submit")).status == 200);
        auto refused = specialist.post(documentPath(id, "/approve"));
        CHECK(refused.status == 403);
        CHECK(refused.errorCode() == "forbidden");
        // A leader may edit a submitted draft (III.1n, a version marked as the leader's).
        CHECK(chair.put(documentPath(id), test::savedLetterDraft(signer, "x", 1)).status == 200);
        REQUIRE(chair.post(documentPath(id, "/approve")).status == 200);
        CHECK(clerk.post(documentPath(id, "/approve")).status == 403);
        CHECK(clerk.post(documentPath(id, "/return"), R"({"comment":"x"})").status == 403);
        CHECK(clerk.post(documentPath(id, "/sign")).status == 403);
        CHECK(specialist.post(documentPath(id, "/sign")).status == 403);
        REQUIRE(chair.post(documentPath(id, "/sign")).status == 200);
        CHECK(chair.post(documentPath(id, "/issue")).status == 403);
        CHECK(specialist.post(documentPath(id, "/issue")).status == 403);
        CHECK(specialist.get("/api/registers/outgoing").status == 403);
        auto admin = server.as("quantri.vq");
        CHECK(admin.get(documentPath(id)).status == 403);
    }
    SECTION("wrong office") {
        CHECK(otherSpecialist.get(documentPath(id)).status == 404);
        CHECK(otherSpecialist.get(documentPath(id, "/pdf")).status == 404);
        REQUIRE(specialist.post(documentPath(id, "/submit")).status == 200);
        const auto refused = otherLeader.post(documentPath(id, "/approve"));
        CHECK((refused.status == 404 || refused.status == 403));
        const auto list = otherLeader.get("/api/documents");
        REQUIRE(list.status == 200);
        CHECK(list.body.find("\"id\":" + std::to_string(id) + ",") == std::string::npos);
        // Saved as typed; the signer of another office is refused at submit, by name.
        const auto foreign =
            otherSpecialist.post("/api/documents", test::letterDraft(signer, "người ký khác"));
        REQUIRE(foreign.status == 201);
        const auto refusedSubmit = otherSpecialist.post(
            documentPath(foreign.object()->getValue<http::Id>("id"), "/submit"));
        CHECK(refusedSubmit.status == 422);
        CHECK(refusedSubmit.object()->getObject("error")->getValue<std::string>("field") ==
              "signerId");
    }
    SECTION("illegal transitions") {
        // A draft is its author's alone: others do not even see it.
        CHECK(chair.post(documentPath(id, "/approve")).status == 404);
        REQUIRE(specialist.post(documentPath(id, "/submit")).status == 200);
        CHECK(specialist.post(documentPath(id, "/submit")).status == 409);
        CHECK(specialist.put(documentPath(id), test::savedLetterDraft(signer, "x", 1)).status ==
              409);
        auto refused = chair.post(documentPath(id, "/sign"));
        CHECK(refused.status == 409);
        CHECK(refused.errorCode() == "conflict");
        REQUIRE(chair.post(documentPath(id, "/approve")).status == 200);
        CHECK(chair.post(documentPath(id, "/approve")).status == 409);
        CHECK(chair.post(documentPath(id, "/return"), R"({"comment":"x"})").status == 409);
        CHECK(clerk.post(documentPath(id, "/issue")).status == 409);
    }
    SECTION("bad input") {
        CHECK(specialist.post("/api/documents", "{\"typeCode\": \"CV\",").status == 400);
        CHECK(specialist.post("/api/documents", "\"a string\"").status == 400);
        const auto missing = specialist.post("/api/documents", R"({"signerId":"x"})");
        CHECK(missing.status == 400);
        CHECK(chair.post(documentPath(id, "/return"), "{}").status != 200);
        CHECK(specialist.get("/api/documents?state=lost").status == 422);
        const std::string huge(600 * 1024, 'a'); // over the test server's 512 KiB
        const auto tooLarge = specialist.post("/api/documents", "{\"subject\":\"" + huge + "\"}");
        CHECK(tooLarge.status == 413);
        CHECK(tooLarge.errorCode() == "too-large");
    }
    SECTION("unknown ids and paths") {
        CHECK(specialist.get("/api/documents/999999").status == 404);
        CHECK(specialist.get("/api/documents/999999/pdf").status == 404);
        CHECK(specialist.post("/api/documents/999999/submit").status == 404);
        CHECK(specialist.get("/api/documents/abc").status == 404);
        CHECK(specialist.get(documentPath(id, "/nothing")).status == 404);
        CHECK(specialist.get("/api/registers/nothing").status == 404);
    }
    SECTION("no session, no CSRF token") {
        ApiClient anonymous(server.port());
        CHECK(anonymous.get(documentPath(id)).status == 401);
        CHECK(anonymous.post(documentPath(id, "/submit")).status == 401);
        CHECK(anonymous.get("/api/registers/outgoing.csv").status == 401);
        ApiClient browser(server.port());
        browser.signIn("chuyenvien.vq", server.password("chuyenvien.vq"), ApiClient::Auth::Cookie);
        browser.setSendCsrf(false);
        CHECK(browser.get(documentPath(id)).status == 200);
        CHECK(browser.post(documentPath(id, "/submit")).status == 403);
        CHECK(specialist.get(documentPath(id)).object()->getValue<std::string>("state") == "draft");
        browser.setSendCsrf(true);
        CHECK(browser.post(documentPath(id, "/submit")).status == 200);
    }
}

TEST_CASE("lists, users and the audit trail follow the roles", "[flow]") {
    auto& server = DocmgmtServer::shared();
    auto specialist = server.as("chuyenvien.vq");
    auto admin = server.as("quantri.vq");
    const auto drafts = specialist.get("/api/documents?state=draft");
    REQUIRE(drafts.status == 200);
    for (std::size_t i = 0; i < drafts.array()->size(); ++i) {
        CHECK(drafts.array()->getObject(static_cast<unsigned>(i))->getValue<std::string>("state") ==
              "draft");
    }
    CHECK(specialist.get("/api/audit").status == 403);
    const auto audit = admin.get("/api/audit?limit=5");
    REQUIRE(audit.status == 200);
    CHECK(audit.object()->getArray("items")->size() == 5);
    CHECK(audit.object()->getValue<long>("total") > 5);
    CHECK(audit.object()->getArray("items")->getObject(0)->getValue<std::string>("hash").size() ==
          64);
    const auto user = admin.post(
        "/api/users",
        R"({"username":"chuyenvien2.vq","fullName":"Lý Văn Minh",)"
        R"("role":"specialist","password":"mat-khau-dai",)"
        R"("officeId":)" +
            std::to_string(specialist.get("/api/me").object()->getValue<http::Id>("officeId")) +
            R"(,"title":"CHUYÊN VIÊN"})");
    REQUIRE(user.status == 201);
    ApiClient newcomer(server.port());
    CHECK(newcomer.signIn("chuyenvien2.vq", "mat-khau-dai")->getValue<std::string>("role") ==
          "specialist");
    CHECK(specialist.post("/api/users", "{}").status == 403);
}

TEST_CASE("issuing from many threads gives unique numbers without gaps", "[flow][concurrency]") {
    auto& server = DocmgmtServer::shared();
    auto specialist = server.as("chuyenvien.vq");
    auto chair = server.as("chutich.vq");
    constexpr int kDocuments = 8;
    std::vector<http::Id> ids;
    for (int i = 0; i < kDocuments; ++i) {
        ids.push_back(test::signedLetter(specialist, chair, server.userId("chutich.vq"),
                                         "V/v số " + std::to_string(i)));
    }
    std::vector<int> statuses(kDocuments);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            auto clerk = server.as("vanthu.vq");
            for (int i = t; i < kDocuments; i += 4) {
                statuses[i] = clerk.post(documentPath(ids[i], "/issue")).status;
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    CHECK(statuses == std::vector<int>(kDocuments, 200));
    auto clerk = server.as("vanthu.vq");
    const auto reg = clerk.allPages("/api/registers/outgoing", "entries");
    std::map<std::string, std::vector<int>> numbers; // by series
    for (std::size_t i = 0; i < reg->size(); ++i) {
        const auto entry = reg->getObject(static_cast<unsigned>(i));
        numbers[entry->getValue<std::string>("series")].push_back(entry->getValue<int>("number"));
    }
    for (auto& [series, list] : numbers) {
        std::sort(list.begin(), list.end());
        for (std::size_t i = 0; i < list.size(); ++i) {
            CHECK(list[i] == static_cast<int>(i) + 1);
        }
    }
}

TEST_CASE("a leader's server-held key that does not open: 409 bad-key, nothing signed",
          "[flow][sign][errors]") {
    // signing::BadKey (issue 12 item 7) told apart at the edge from a server fault (500).
    test::TempDir dir;
    http::DocmgmtBackend backend(dir.path());
    std::map<std::string, std::string> passwords;
    for (const auto& account : backend.createDemoData({}).accounts) {
        passwords[account.username] = account.password;
    }
    std::string keyFile;
    http::Id leaderId = 0;
    for (const auto& user : backend.users(std::nullopt)) {
        if (user.username == "phochutich.vq") {
            keyFile = user.signingKey;
            leaderId = user.id;
        }
    }
    REQUIRE(!keyFile.empty());
    http::ServerConfig config;
    config.port = 0;
    http::Server server(config, backend);
    ApiClient author(server.port()), leader(server.port());
    author.signIn("chuyenvien.vq", passwords.at("chuyenvien.vq"));
    leader.signIn("phochutich.vq", passwords.at("phochutich.vq"));
    const auto created =
        author.post("/api/documents", test::letterDraft(leaderId, "V/v khóa hỏng"));
    REQUIRE(created.status == 201);
    const auto base =
        "/api/documents/" + std::to_string(created.object()->getValue<http::Id>("id"));
    REQUIRE(author.post(base + "/submit").status == 200);
    REQUIRE(leader.post(base + "/approve").status == 200);
    test::writeFile(keyFile, "not a PKCS#12 file");
    const auto refused = leader.post(base + "/sign");
    INFO(refused.body);
    CHECK(refused.status == 409);
    CHECK(refused.errorCode() == "bad-key");
    CHECK(refused.body.find("khóa ký") != std::string::npos);
    CHECK(leader.get(base).object()->getValue<std::string>("state") == "approved");
    server.stop(std::chrono::seconds(1));
}
