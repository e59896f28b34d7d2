// The signing policy over HTTP (issue 21; what the office page of the web UI calls): GET and PUT
// /api/offices/{id}/signing-policy for administrators only, the default of a demo installation
// (B-LTA with its built-in TSA and OCSP responder), a level below B-T saved with its warnings and
// audited; and a letter issued through the API on the demo installation is B-LTA, checked with
// `vanthu verify` and independently with pdfsig.
#include <catch2/catch.hpp>

#include <fstream>

#include "DocmgmtServer.hpp"

using namespace vanthu;
using test::ApiClient;
using test::DocmgmtServer;

namespace {

std::string policyPath(http::Id officeId) {
    return "/api/offices/" + std::to_string(officeId) + "/signing-policy";
}

std::string policyBody(const std::string& level, const std::string& tsa) {
    Poco::JSON::Object body;
    body.set("signerLevel", level);
    body.set("sealLevel", level);
    body.set("tsa", tsa);
    body.set("revocation", "builtin");
    return test::jsonText(body);
}

} // namespace

TEST_CASE("GET and PUT /api/offices/{id}/signing-policy: administrators only, warned below B-T, "
          "audited",
          "[api][policy]") {
    auto& server = DocmgmtServer::shared();
    auto admin = server.as("quantri.vq");
    const auto me = admin.get("/api/me");
    REQUIRE(me.status == 200);
    const auto officeId = me.object()->getValue<http::Id>("officeId");

    const auto initial = admin.get(policyPath(officeId));
    REQUIRE(initial.status == 200);
    const auto policy = initial.object();
    CHECK(policy->getValue<std::string>("signerLevel") == "B-LTA");
    CHECK(policy->getValue<std::string>("sealLevel") == "B-LTA");
    CHECK(policy->getValue<std::string>("tsa") == "builtin");
    CHECK(policy->getValue<bool>("builtInTsa"));
    CHECK(policy->getArray("warnings")->size() == 0);

    auto clerk = server.as("vanthu.vq");
    CHECK(clerk.get(policyPath(officeId)).status == 403);
    CHECK(clerk.put(policyPath(officeId), policyBody("B-B", "none")).status == 403);

    const auto refused = admin.put(policyPath(officeId), policyBody("B-T", "none"));
    CHECK(refused.status == 422);
    CHECK(refused.body.find("\"field\":\"tsa\"") != std::string::npos);

    const auto low = admin.put(policyPath(officeId), policyBody("B-B", "none"));
    REQUIRE(low.status == 200);
    CHECK(low.object()->getValue<std::string>("signerLevel") == "B-B");
    CHECK(low.object()->getValue<bool>("stored"));
    REQUIRE(low.object()->getArray("warnings")->size() == 2);
    CHECK(low.object()->getArray("warnings")->getElement<std::string>(0).find("B-B") !=
          std::string::npos);
    CHECK(admin.get(policyPath(officeId)).object()->getValue<std::string>("tsa") == "none");

    const auto audit = admin.get("/api/audit?limit=5");
    REQUIRE(audit.status == 200);
    bool found = false;
    const auto entries = audit.object()->getArray("items"); // kept: the loop walks it
    for (const auto& entry : *entries) {
        const auto e = entry.extract<Poco::JSON::Object::Ptr>();
        if (e->getValue<std::string>("action") == "signing-policy" &&
            e->getValue<std::string>("object") == "office/" + std::to_string(officeId)) {
            found = true;
            CHECK(e->getValue<std::string>("detail").find("B-B") != std::string::npos);
        }
    }
    CHECK(found);

    // Another office's policy is not this office administrator's to set.
    const auto otherOffice =
        server.as("quantri.nd").get("/api/me").object()->getValue<http::Id>("officeId");
    CHECK(admin.put(policyPath(otherOffice), policyBody("B-B", "none")).status == 403);

    const auto back = admin.put(policyPath(officeId), policyBody("B-LTA", "builtin"));
    CHECK(back.status == 200);
    CHECK(back.object()->getArray("warnings")->size() == 0);
}

TEST_CASE("A letter issued through the API on a demo installation is B-LTA", "[api][policy]") {
    auto& server = DocmgmtServer::shared();
    auto author = server.as("chuyenvien.vq");
    auto leader = server.as("phochutich.vq");
    auto clerk = server.as("vanthu.vq");
    const auto id =
        test::signedLetter(author, leader, server.userId("phochutich.vq"), "phát hành ở mức B-LTA");
    const auto path = "/api/documents/" + std::to_string(id);
    const auto issued = clerk.post(path + "/issue");
    INFO(issued.body);
    REQUIRE(issued.status == 200);
    const auto pdf = clerk.get(path + "/pdf");
    REQUIRE(pdf.status == 200);

    test::TempDir dir;
    const auto file = dir.path() / "issued.pdf";
    std::ofstream(file, std::ios::binary) << pdf.body;
    const auto verify = test::runVanthu(
        {"verify", file.string(), "--trust", (server.dataDir() / "pki" / "ca.pem").string()});
    INFO(verify.out << verify.err);
    CHECK(verify.exitCode == 0);
    std::size_t lta = 0;
    for (auto at = verify.out.find("level: B-LTA"); at != std::string::npos;
         at = verify.out.find("level: B-LTA", at + 1)) {
        ++lta;
    }
    CHECK(lta >= 2); // the leader's signature and the seal

    const auto sig = test::run({"pdfsig", file.string()});
    INFO(sig.out);
    const auto third = sig.out.find("Signature #3:");
    REQUIRE(third != std::string::npos);
    CHECK(sig.out.find("Signature Field Name: DocumentTimeStamp", third) != std::string::npos);
    CHECK(sig.out.find("Total document signed") != std::string::npos);
    CHECK(pdf.body.find("/DSS") != std::string::npos);
}

TEST_CASE("TSA down at issue: 503 with the clerk's choices, the issue queue (clerk, administrator) "
          "and the audited issue at a lower level",
          "[api][policy][queue]") {
    auto& server = DocmgmtServer::shared();
    auto author = server.as("chuyenvien.vq");
    auto leader = server.as("phochutich.vq");
    auto clerk = server.as("vanthu.vq");
    auto admin = server.as("quantri.vq");
    const auto id = test::signedLetter(author, leader, server.userId("phochutich.vq"),
                                       "chờ dịch vụ cấp dấu thời gian");
    const auto officeId = admin.get("/api/me").object()->getValue<http::Id>("officeId");
    // The office's TSA goes away (nothing listens on port 9); the demo's policy comes back after.
    Poco::JSON::Object down;
    down.set("signerLevel", "B-LTA");
    down.set("sealLevel", "B-LTA");
    down.set("tsa", "url");
    down.set("tsaUrl", "http://127.0.0.1:9/tsa");
    down.set("revocation", "builtin");
    REQUIRE(admin.put(policyPath(officeId), test::jsonText(down)).status == 200);
    struct Restore {
        ApiClient& admin;
        std::string path;
        ~Restore() { admin.put(path, policyBody("B-LTA", "builtin")); }
    } restore{admin, policyPath(officeId)};

    const auto path = "/api/documents/" + std::to_string(id);
    const auto refused = clerk.post(path + "/issue");
    INFO(refused.body);
    REQUIRE(refused.status == 503);
    CHECK(refused.header("retry-after") == "60");
    const auto refusedBody = refused.object();
    const auto error = refusedBody->getObject("error");
    CHECK(error->getValue<std::string>("code") == "tsa-unavailable");
    REQUIRE(error->getArray("choices"));
    CHECK(error->getArray("choices")->getElement<std::string>(0) == "queue");
    CHECK(clerk.get(path).object()->getValue<std::string>("state") == "signed");

    // (a) Waiting: the clerk queues it; the clerk and the office's administrator see it.
    CHECK(leader.post(path + "/issue-queue").status == 403);
    const auto queued = clerk.post(path + "/issue-queue");
    INFO(queued.body);
    REQUIRE(queued.status == 201);
    CHECK(queued.object()->getValue<int>("attempts") == 0);
    CHECK(clerk.post(path + "/issue-queue").status == 409);
    const auto mine = clerk.get("/api/issue-queue");
    REQUIRE(mine.status == 200);
    bool seen = false;
    const auto mineItems = mine.array(); // kept: the loop walks it
    for (const auto& item : *mineItems) {
        const auto e = item.extract<Poco::JSON::Object::Ptr>();
        if (e->getValue<http::Id>("documentId") == id) {
            seen = true;
            CHECK(e->getValue<std::string>("subject") == "chờ dịch vụ cấp dấu thời gian");
        }
    }
    CHECK(seen);
    const auto adminView = admin.get("/api/issue-queue");
    REQUIRE(adminView.status == 200);
    CHECK(adminView.body.find("\"documentId\":" + std::to_string(id)) != std::string::npos);
    CHECK(adminView.body.find("chờ dịch vụ cấp dấu thời gian") == std::string::npos);
    CHECK(server.as("quantri.nd")
              .get("/api/issue-queue")
              .body.find("\"documentId\":" + std::to_string(id)) == std::string::npos);
    const auto page = clerk.get(path).object();
    REQUIRE_FALSE(page->isNull("issueQueue"));
    CHECK(page->getObject("issueQueue")->getValue<std::string>("queuedBy") == "Nông Thị Hoa");
    CHECK(clerk.request("DELETE", path + "/issue-queue").status == 204);
    CHECK(clerk.get(path + "/issue-queue").status == 404);
    CHECK(clerk.get(path).object()->isNull("issueQueue"));

    // (b) The clerk's choice to issue lower, with a reason: audited and on the letter's page.
    CHECK(clerk.post(path + "/issue", R"({"level":"B-T","reason":" "})").status == 422);
    CHECK(clerk.post(path + "/issue", R"({"level":"B-LTA","reason":"x"})").status == 422);
    const auto issued =
        clerk.post(path + "/issue", R"({"level":"B-B","reason":"TSA ngừng, cần gửi ngay"})");
    INFO(issued.body);
    REQUIRE(issued.status == 200);
    const auto issuedDoc = issued.object(); // kept: the checks below walk it
    const auto lowered = issuedDoc->getObject("lowerLevel");
    REQUIRE(lowered);
    CHECK(lowered->getValue<std::string>("issuedLevel") == "B-B");
    CHECK(lowered->getValue<std::string>("policyLevel") == "B-LTA");
    CHECK(lowered->getValue<std::string>("reason") == "TSA ngừng, cần gửi ngay");
    bool audited = false;
    const auto history = issuedDoc->getArray("history");
    for (const auto& item : *history) {
        const auto e = item.extract<Poco::JSON::Object::Ptr>();
        if (e->getValue<std::string>("action") == "issue") {
            audited = e->getValue<std::string>("detail").find(
                          "mức B-B thay cho B-LTA theo chính sách ký, lý do: TSA ngừng") !=
                      std::string::npos;
        }
    }
    CHECK(audited);

    // Independently: the seal is B-B, no document time-stamp (pdfsig finds two signatures).
    const auto pdf = clerk.get(path + "/pdf");
    REQUIRE(pdf.status == 200);
    test::TempDir dir;
    const auto file = dir.path() / "lower.pdf";
    std::ofstream(file, std::ios::binary) << pdf.body;
    const auto sig = test::run({"pdfsig", file.string()});
    INFO(sig.out);
    CHECK(sig.out.find("Signature #2:") != std::string::npos);
    CHECK(sig.out.find("Signature #3:") == std::string::npos);
    const auto verify = test::runVanthu(
        {"verify", file.string(), "--trust", (server.dataDir() / "pki" / "ca.pem").string()});
    INFO(verify.out << verify.err);
    CHECK(verify.exitCode == 0);
    CHECK(verify.out.find("level: B-B") != std::string::npos);
}
