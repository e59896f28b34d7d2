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
