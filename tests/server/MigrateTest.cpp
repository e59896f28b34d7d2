// `vanthu migrate --from DIR --to CONNINFO` (issue 17 item 3): a SQLite installation with an
// issued letter moves to a fresh schema on the "postgresql" fixture's server; the check passes;
// the folder then opens PostgreSQL; the letter, its PDF (byte for byte), its register number and
// the audit chain are all there, and the next letter continues the numbering and the ids. A
// folder already moved, and a database that already holds vanthu's schema, are refused.
#include <signal.h>

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>

#include "ApiClient.hpp"
#include "DocmgmtServer.hpp"
#include "ServerProcess.hpp"
#include "TestSupport.hpp"

using namespace vanthu;
using test::ApiClient;
namespace fs = std::filesystem;

namespace {

std::string freshSchema(const std::string& name) {
    REQUIRE_FALSE(test::postgresServer().empty());
    return test::freshPostgresSchema(name + std::to_string(::getpid()));
}

struct IssuedLetter {
    http::Id id = 0;
    std::string notation;
    std::int64_t number = 0;
    std::string pdf;
};

IssuedLetter issueOne(unsigned short port, const std::map<std::string, std::string>& passwords,
                      const std::string& subject) {
    ApiClient specialist(port), leader(port), clerk(port);
    specialist.signIn("chuyenvien.vq", passwords.at("chuyenvien.vq"));
    leader.signIn("chutich.vq", passwords.at("chutich.vq"));
    clerk.signIn("vanthu.vq", passwords.at("vanthu.vq"));
    const auto signer = test::userIdOf(leader, "chutich.vq");
    IssuedLetter letter;
    letter.id = test::signedLetter(specialist, leader, signer, subject);
    const auto issued = clerk.post("/api/documents/" + std::to_string(letter.id) + "/issue");
    INFO(issued.body);
    REQUIRE(issued.status == 200);
    const auto document = clerk.get("/api/documents/" + std::to_string(letter.id));
    REQUIRE(document.status == 200);
    letter.notation = document.object()->getValue<std::string>("notation");
    letter.number = document.object()->getValue<std::int64_t>("number");
    const auto pdf = clerk.get("/api/documents/" + std::to_string(letter.id) + "/pdf");
    REQUIRE(pdf.status == 200);
    letter.pdf = pdf.body;
    return letter;
}

} // namespace

TEST_CASE("vanthu migrate: a SQLite installation moves to PostgreSQL, checked, and goes on "
          "there",
          "[process][postgresql]") {
    const auto database = freshSchema("migrate");
    test::TempDir data;
    std::map<std::string, std::string> passwords;
    IssuedLetter before;
    {
        test::ServerProcess server(data.path(), {"--demo", "--ecdsa"});
        passwords = server.demoPasswords();
        before = issueOne(server.port(), passwords, "V/v thư trước khi chuyển sang PostgreSQL");
        server.signal(SIGTERM);
        REQUIRE(server.wait() == 0);
    }
    REQUIRE(fs::exists(data.path() / "vanthu.db"));

    const auto moved =
        test::runVanthu({"migrate", "--from", data.path().string(), "--to", database});
    INFO(moved.out << moved.err);
    REQUIRE(moved.exitCode == 0);
    CHECK(moved.out.find("chuỗi băm nguyên vẹn") != std::string::npos);
    CHECK(moved.out.find("khớp mã băm") != std::string::npos);
    // The folder names the database; the old file and blobs are kept beside as a way back.
    CHECK_FALSE(fs::exists(data.path() / "vanthu.db"));
    CHECK(fs::exists(data.path() / "vanthu.db.before-postgresql"));
    CHECK(fs::exists(data.path() / "blobs.before-postgresql"));
    std::ifstream pointer(data.path() / "database");
    std::string named;
    std::getline(pointer, named);
    CHECK(named == database);

    const auto audit = test::runVanthu({"audit", "verify", "--data", data.path().string()});
    INFO(audit.out << audit.err);
    CHECK(audit.exitCode == 0);

    {
        test::ServerProcess server(data.path(), {});
        ApiClient clerk(server.port());
        clerk.signIn("vanthu.vq", passwords.at("vanthu.vq"));
        const auto document = clerk.get("/api/documents/" + std::to_string(before.id));
        REQUIRE(document.status == 200);
        CHECK(document.object()->getValue<std::string>("state") == "issued");
        CHECK(document.object()->getValue<std::string>("notation") == before.notation);
        const auto pdf = clerk.get("/api/documents/" + std::to_string(before.id) + "/pdf");
        REQUIRE(pdf.status == 200);
        CHECK(pdf.body == before.pdf); // the blob came from PostgreSQL, byte for byte

        // The next letter: a new id and the next number of the same series.
        const auto after = issueOne(server.port(), passwords, "V/v thư sau khi chuyển");
        CHECK(after.id > before.id);
        CHECK(after.number == before.number + 1);
        const auto file =
            data.path().parent_path() / ("migrated-" + std::to_string(::getpid()) + ".pdf");
        test::writeFile(file, after.pdf);
        const auto verified = test::runVanthu(
            {"verify", file.string(), "--trust", (data.path() / "pki" / "ca.pem").string()});
        fs::remove(file);
        INFO(verified.out << verified.err);
        CHECK(verified.exitCode == 0);
        server.signal(SIGTERM);
        CHECK(server.wait() == 0);
    }

    // Moved already: nothing to move.
    const auto again =
        test::runVanthu({"migrate", "--from", data.path().string(), "--to", database});
    CHECK(again.exitCode == 2);
    CHECK(again.err.find("đã dùng PostgreSQL") != std::string::npos);

    // Another SQLite installation (the kept file, copied into a folder of its own) into a
    // database that holds vanthu's schema: refused, that folder untouched.
    test::TempDir other;
    fs::copy_file(data.path() / "vanthu.db.before-postgresql", other.path() / "vanthu.db");
    const auto refused =
        test::runVanthu({"migrate", "--from", other.path().string(), "--to", database});
    INFO(refused.out << refused.err);
    CHECK(refused.exitCode == 2);
    CHECK(refused.err.find("đã có dữ liệu vanthu") != std::string::npos);
    CHECK(fs::exists(other.path() / "vanthu.db"));
    CHECK_FALSE(fs::exists(other.path() / "database"));
}
