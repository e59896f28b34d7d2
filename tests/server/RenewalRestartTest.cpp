// Issue 21 item 4, "resumes after a restart", with a real restart: `vanthu serve` renews the
// long-term copies of its letters with a slow TSA, is killed with SIGKILL in the middle of the
// renewal, and started again from the same data folder. Each copy ends renewed exactly once
// (one renew-evidence entry, its renewals counter one up), none is damaged (`vanthu verify` and
// pdfsig accept every copy, each an append to the letter it was made from), and `vanthu audit
// verify` accepts the audit chain.
#include "TestPaths.hpp"
#include <signal.h>

#include <catch2/catch.hpp>
#include <climits>
#include <ctime>
#include <fstream>
#include <map>
#include <thread>

#include "ApiClient.hpp"
#include "DocmgmtServer.hpp"
#include "ServerProcess.hpp"
#include "TestSupport.hpp"
#include "TestTsa.hpp"
#include "vanthu/docmgmt/BlobStore.hpp"
#include "vanthu/docmgmt/Installation.hpp"
#include "vanthu/docmgmt/Preservation.hpp"
#include "vanthu/docmgmt/Storage.hpp"

using namespace vanthu;
using test::ApiClient;

namespace {

constexpr std::int64_t kDay = 86400;
/// Ten years: every copy the demo TSA (three years) or an issue made is due at once.
const std::string kWideMargin = "3650";

/// The renewal job's counts as the administrator's page shows them.
Poco::JSON::Object::Ptr renewalState(ApiClient& admin) {
    const auto state = admin.get("/api/audit/renewal");
    REQUIRE(state.status == 200);
    return state.object();
}

/// Waits until the renewal job has given every signed letter a row and left none due.
void waitUntilSettled(ApiClient& admin, bool noneDue) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::minutes(10);
    for (;;) {
        const auto state = renewalState(admin);
        if (state->getValue<int>("waiting") == 0 && state->getValue<int>("copies") > 0 &&
            (!noneDue || state->getValue<int>("due") == 0)) {
            return;
        }
        INFO(test::jsonText(state));
        REQUIRE(std::chrono::steady_clock::now() < until);
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
}

std::string firstLine(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    return line;
}

int count(const std::string& text, const std::string& what) {
    int n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        ++n;
    }
    return n;
}

} // namespace

TEST_CASE("kill -9 in the middle of the renewal job: after a restart from the same data folder "
          "every long-term copy is renewed exactly once, none is damaged and the audit chain "
          "holds",
          "[process][kill9][renewal]") {
    test::TempDir data, scratch;
    // On PostgreSQL every start opens the same schema (DIR/database names it for the in-process
    // openings and `vanthu audit verify`).
    const auto database = test::freshTestDatabase();
    std::map<std::string, std::string> passwords;
    std::unique_ptr<test::DelayedTsa> tsa;
    std::string administrator;
    {
        // The demo: its own letters issued at B-LTA and incoming letters augmented, then three
        // more letters issued through the API.
        test::ServerProcess server(data.path(),
                                   test::withDatabase({"--demo", "--ecdsa"}, database));
        passwords = server.demoPasswords();
        ApiClient specialist(server.port()), leader(server.port()), clerk(server.port());
        specialist.signIn("chuyenvien.vq", passwords.at("chuyenvien.vq"));
        leader.signIn("chutich.vq", passwords.at("chutich.vq"));
        clerk.signIn("vanthu.vq", passwords.at("vanthu.vq"));
        const auto signer = test::userIdOf(leader, "chutich.vq");
        for (int i = 0; i < 3; ++i) {
            const auto id = test::signedLetter(specialist, leader, signer,
                                               "V/v gia hạn chứng cứ " + std::to_string(i));
            REQUIRE(clerk.post("/api/documents/" + std::to_string(id) + "/issue").status == 200);
        }
        // The offices' TSA from now on: a slow one whose certificate lasts twenty years, so
        // that a renewed copy is no longer due even with a ten-year margin.
        const auto pki = data.path() / "pki";
        const auto tsaFile = scratch / "renewal-tsa.p12";
        {
            std::ofstream out(tsaFile, std::ios::binary);
            out << test::shortLivedPkcs12(pki, "TSA gia hạn (hai mươi năm)", 0x5001,
                                          20L * 365 * kDay, "critical,timeStamping",
                                          firstLine(pki / "key-password"));
        }
        tsa = std::make_unique<test::DelayedTsa>(tsaFile);
        tsa->delayMs = 1500;
        int policies = 0;
        for (const auto& [username, password] : passwords) {
            if (username.rfind("quantri.", 0) != 0) {
                continue;
            }
            ApiClient admin(server.port());
            admin.signIn(username, password);
            const auto office = admin.get("/api/me").object()->getValue<http::Id>("officeId");
            Poco::JSON::Object body;
            body.set("signerLevel", "B-LTA");
            body.set("sealLevel", "B-LTA");
            body.set("tsa", "url");
            body.set("tsaUrl", tsa->url());
            body.set("revocation", "builtin");
            const auto changed = admin.put(
                "/api/offices/" + std::to_string(office) + "/signing-policy", test::jsonText(body));
            INFO(changed.body);
            REQUIRE(changed.status == 200);
            ++policies;
            administrator = username;
        }
        REQUIRE(policies >= 2);
        ApiClient admin(server.port());
        admin.signIn(administrator, passwords.at(administrator));
        waitUntilSettled(admin, /*noneDue=*/true); // the default margin: nothing due yet
        server.signal(SIGTERM);
        REQUIRE(server.wait() == 0);
    }

    // Every row and what each copy was before the renewal.
    std::map<std::pair<std::string, docmgmt::Id>, docmgmt::PreservedCopy> before;
    {
        docmgmt::Installation installation(data.path(), docmgmt::InstallationOptions::inspecting());
        for (auto& copy : installation.storage().preservedCopiesDue(INT64_MAX, INT64_MAX, 10000)) {
            before[{copy.kind, copy.documentId}] = copy;
        }
    }
    INFO("long-term copies: " << before.size());
    REQUIRE(before.size() >= 5);
    const int requestsBefore = tsa->requests.load();

    {
        // With a ten-year margin every copy is due; the job starts at once, one copy after the
        // other (each waits 1.5 s for the TSA). Killed once two copies are through.
        test::ServerProcess server(
            data.path(),
            test::withDatabase({"--demo", "--ecdsa", "--renewal-margin-days", kWideMargin},
                               database));
        const auto until = std::chrono::steady_clock::now() + std::chrono::minutes(5);
        while (tsa->requests.load() < requestsBefore + 3) {
            REQUIRE(std::chrono::steady_clock::now() < until);
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(700));
        server.signal(SIGKILL);
        CHECK(server.wait() == 128 + SIGKILL);
    }
    const int requestsBeforeKill = tsa->requests.load() - requestsBefore;
    INFO("TSA requests before the kill: " << requestsBeforeKill);
    CHECK(requestsBeforeKill < static_cast<int>(before.size())); // killed in the middle

    {
        tsa->delayMs = 0;
        test::ServerProcess server(
            data.path(),
            test::withDatabase({"--demo", "--ecdsa", "--renewal-margin-days", kWideMargin},
                               database));
        ApiClient admin(server.port());
        admin.signIn(administrator, passwords.at(administrator));
        waitUntilSettled(admin, /*noneDue=*/true);
        const auto state = renewalState(admin);
        INFO(test::jsonText(state));
        CHECK(state->getValue<int>("failing") == 0);
        CHECK(state->getValue<int>("copies") == static_cast<int>(before.size()));
        server.signal(SIGTERM);
        CHECK(server.wait() == 0);
    }

    docmgmt::Installation installation(data.path(), docmgmt::InstallationOptions::inspecting());
    std::map<std::string, int> renewEntries;
    for (const auto& entry : installation.storage().auditRecords(0, 1000000)) {
        if (entry.action == docmgmt::kActionRenew) {
            ++renewEntries[entry.object];
        }
    }
    const auto ca = (data.path() / "pki" / "ca.pem").string();
    const std::int64_t now = std::time(nullptr);
    for (const auto& [key, was] : before) {
        const auto copy = installation.storage().findPreservedCopy(key.first, key.second);
        REQUIRE(copy);
        const std::string object =
            (key.first == docmgmt::kPreservedOutgoing ? "document/" : "incoming/") +
            std::to_string(key.second);
        INFO(object << ": " << copy->lastError);
        CHECK(renewEntries[object] == 1);
        CHECK(copy->renewals == was.renewals + 1);
        CHECK(copy->lastError.empty());
        CHECK(copy->level == "B-LTA");
        CHECK(copy->expiresAt > now + 3650 * kDay);
        CHECK(copy->originalBlob == was.originalBlob);
        // An append to what it was made from (the previous copy), never a rewrite.
        const std::string previous = installation.blobs().get(was.blob);
        const std::string renewed = installation.blobs().get(copy->blob);
        CHECK(renewed.size() > previous.size());
        CHECK(renewed.compare(0, previous.size(), previous) == 0);
        const auto file = scratch / (key.first + "-" + std::to_string(key.second) + ".pdf");
        test::writeFile(file, renewed);
        const auto verified = test::runVanthu({"verify", file.string(), "--trust", ca});
        INFO(verified.out << verified.err);
        CHECK(verified.exitCode == 0);
        const auto pdfsig = test::run({"pdfsig", file.string()});
        INFO(pdfsig.out << pdfsig.err);
        CHECK(pdfsig.exitCode == 0);
        // pdfsig checks the CAdES signatures (each valid) and lists the document time-stamps,
        // which it cannot validate: at least the one before the renewal and the renewal's.
        const int signatures = count(pdfsig.out, "Signature Type: ETSI.CAdES.detached");
        CHECK(signatures >= 1);
        CHECK(count(pdfsig.out, "Signature Validation: Signature is Valid.") == signatures);
        CHECK(count(pdfsig.out, "Signature #") >= signatures + 2);
        CHECK(pdfsig.out.find("Invalid") == std::string::npos);
        CHECK(pdfsig.out.find("Mismatch") == std::string::npos);
    }
    const auto audit = test::runVanthu({"audit", "verify", "--data", data.path().string()});
    INFO(audit.out << audit.err);
    CHECK(audit.exitCode == 0);
}
