// `vanthu serve --database` (issue 17): the whole demo on PostgreSQL, in a schema of the test's
// own on the private server of the "postgresql" fixture (tests/CMakeLists.txt). A letter goes
// from draft to issued, its PDF verifies, the server restarts from the data folder alone (which
// names the database in DIR/database), finds it again, and `vanthu audit verify` reads the
// trail from PostgreSQL. Nothing lands in a SQLite file.
#include <signal.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <unistd.h>

#include "ApiClient.hpp"
#include "DocmgmtServer.hpp"
#include "ServerProcess.hpp"
#include "TestSupport.hpp"

using namespace vanthu;
using test::ApiClient;

namespace {

/// The fixture's server; the test fails (never skips) when ctest did not give one.
std::string postgresServer() {
    const char* value = std::getenv("VANTHU_TEST_POSTGRES");
    REQUIRE(value != nullptr);
    return value;
}

/// A fresh schema on the fixture's server, as a libpq connection string.
std::string freshSchema(const std::string& name) {
    const auto server = postgresServer();
    const auto schema = name + std::to_string(::getpid());
    const auto made =
        test::run({"psql", server, "-v", "ON_ERROR_STOP=1", "-qAt", "-c",
                   "DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema});
    INFO(made.err);
    REQUIRE(made.exitCode == 0);
    return server + " options=-csearch_path=" + schema;
}

std::string psql(const std::string& connection, const std::string& sql) {
    const auto result = test::run({"psql", connection, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql});
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    auto out = result.out;
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) {
        out.pop_back();
    }
    return out;
}

http::Id userIdOf(ApiClient& client, const std::string& username) {
    const auto users = client.get("/api/users").array();
    for (std::size_t i = 0; i < users->size(); ++i) {
        const auto user = users->getObject(static_cast<unsigned>(i));
        if (user->getValue<std::string>("username") == username) {
            return user->getValue<http::Id>("id");
        }
    }
    throw std::runtime_error("no user " + username);
}

} // namespace

TEST_CASE("vanthu serve --database: the demo on PostgreSQL, a letter issued and verified, a "
          "restart from the data folder finds it",
          "[process][postgresql]") {
    const auto database = freshSchema("serve");
    test::TempDir data;
    std::map<std::string, std::string> passwords;
    http::Id issuedId = 0;
    std::string notation;
    {
        test::ServerProcess server(data.path(), {"--demo", "--ecdsa", "--database", database});
        passwords = server.demoPasswords();
        ApiClient specialist(server.port()), leader(server.port()), clerk(server.port());
        specialist.signIn("chuyenvien.vq", passwords.at("chuyenvien.vq"));
        leader.signIn("chutich.vq", passwords.at("chutich.vq"));
        clerk.signIn("vanthu.vq", passwords.at("vanthu.vq"));
        const auto signer = userIdOf(leader, "chutich.vq");
        issuedId = test::signedLetter(specialist, leader, signer, "V/v thử trên PostgreSQL");
        const auto issued = clerk.post("/api/documents/" + std::to_string(issuedId) + "/issue");
        INFO(issued.body);
        REQUIRE(issued.status == 200);
        const auto document = clerk.get("/api/documents/" + std::to_string(issuedId));
        REQUIRE(document.status == 200);
        CHECK(document.object()->getValue<std::string>("state") == "issued");
        notation = document.object()->getValue<std::string>("notation");
        CHECK_FALSE(notation.empty());

        const auto pdf = clerk.get("/api/documents/" + std::to_string(issuedId) + "/pdf");
        REQUIRE(pdf.status == 200);
        const auto file =
            data.path().parent_path() / ("pg-issued-" + std::to_string(::getpid()) + ".pdf");
        test::writeFile(file, pdf.body);
        const auto verified = test::runVanthu(
            {"verify", file.string(), "--trust", (data.path() / "pki" / "ca.pem").string()});
        std::filesystem::remove(file);
        INFO(verified.out << verified.err);
        CHECK(verified.exitCode == 0);
        server.signal(SIGTERM);
        CHECK(server.wait() == 0);
    }
    // The records are in PostgreSQL, not in a SQLite file, and the folder names the database.
    CHECK_FALSE(std::filesystem::exists(data.path() / "vanthu.db"));
    std::ifstream pointer(data.path() / "database");
    std::string named;
    std::getline(pointer, named);
    CHECK(named == database);
    CHECK(psql(database, "SELECT state FROM documents WHERE id = " + std::to_string(issuedId)) ==
          "issued");

    // A restart with the data folder alone: the same database, the letter found.
    {
        test::ServerProcess server(data.path(), {});
        ApiClient clerk(server.port());
        clerk.signIn("vanthu.vq", passwords.at("vanthu.vq"));
        const auto document = clerk.get("/api/documents/" + std::to_string(issuedId));
        REQUIRE(document.status == 200);
        CHECK(document.object()->getValue<std::string>("notation") == notation);
        const auto register_ = clerk.get("/api/registers/outgoing");
        REQUIRE(register_.status == 200);
        CHECK(register_.object()->getValue<int>("total") >= 1);
        server.signal(SIGTERM);
        CHECK(server.wait() == 0);
    }
    const auto audit = test::runVanthu({"audit", "verify", "--data", data.path().string()});
    INFO(audit.out << audit.err);
    CHECK(audit.exitCode == 0);

    // Another database for a folder that names one is refused with one sentence.
    const auto other =
        test::runVanthu({"serve", "--data", data.path().string(), "--listen", "127.0.0.1:0",
                         "--database", database + " application_name=other"});
    CHECK(other.exitCode != 0);
    CHECK(other.err.find("PostgreSQL khác") != std::string::npos);
}
