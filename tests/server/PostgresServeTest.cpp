// `vanthu serve --database` (issue 17): the whole demo on PostgreSQL, in a schema of the test's
// own on the private server of the "postgresql" fixture (tests/CMakeLists.txt). A letter goes
// from draft to issued, its PDF verifies, the server restarts from the data folder alone (which
// names the database in DIR/database), finds it again, and `vanthu audit verify` reads the
// trail from PostgreSQL. Nothing lands in a SQLite file.
#include <signal.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "ApiClient.hpp"
#include "DocmgmtServer.hpp"
#include "NginxFront.hpp"
#include "ServerProcess.hpp"
#include "TestSupport.hpp"

using namespace vanthu;
using test::ApiClient;

namespace {

/// A fresh schema on the fixture's server, as a libpq connection string; the test fails (never
/// skips) when ctest did not give a server.
std::string freshSchema(const std::string& name) {
    REQUIRE_FALSE(test::postgresServer().empty());
    return test::freshPostgresSchema(name + std::to_string(::getpid()));
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
        const auto signer = test::userIdOf(leader, "chutich.vq");
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

    // A second server's folder naming the database without the first one's pki/secret.key, or
    // with another key, is refused with one sentence saying what to copy (the database keeps
    // the key's fingerprint, recorded at the first start).
    test::TempDir second;
    std::filesystem::copy_file(data.path() / "database", second.path() / "database");
    const auto serveSecond = [&] {
        return test::runVanthu(
            {"serve", "--data", second.path().string(), "--listen", "127.0.0.1:0"});
    };
    const auto missing = serveSecond();
    CHECK(missing.exitCode != 0);
    CHECK(missing.err.find("Thiếu tệp " + (second.path() / "pki" / "secret.key").string()) !=
          std::string::npos);
    CHECK(missing.err.find("hãy chép cả thư mục pki/ của máy chủ đầu tiên") != std::string::npos);
    std::filesystem::create_directories(second.path() / "pki");
    test::writeFile(second.path() / "pki" / "secret.key", std::string(32, 'k'));
    std::filesystem::permissions(second.path() / "pki" / "secret.key",
                                 std::filesystem::perms::owner_read |
                                     std::filesystem::perms::owner_write);
    const auto otherKey = serveSecond();
    CHECK(otherKey.exitCode != 0);
    CHECK(otherKey.err.find("không phải khóa đã niêm phong mật khẩu và mã PIN") !=
          std::string::npos);
}

TEST_CASE("two vanthu servers on one PostgreSQL behind nginx: eight clients issue through both "
          "with no duplicate or gap, kill -9 of one leaves the other going, search through one "
          "finds what the other issued",
          "[process][postgresql][kill9]") {
    const auto database = freshSchema("two");
    test::TempDir first, second;
    std::optional<test::ServerProcess> a;
    a.emplace(first.path(), std::vector<std::string>{"--demo", "--ecdsa", "--database", database});
    const auto passwords = a->demoPasswords();
    // The second server: the same keys (pki/) and the same database, its own search index.
    std::filesystem::copy(first.path() / "pki", second.path() / "pki",
                          std::filesystem::copy_options::recursive);
    std::filesystem::copy_file(first.path() / "database", second.path() / "database");
    test::ServerProcess b(second.path(), {});
    // One address for every client: nginx (Debian's) spreads the requests over both servers
    // and passes a request that fails on a dead server to the other.
    test::NginxFront front({a->port(), b.port()});

    // Sixteen signed letters, made through both servers (sessions are rows: one sign-in
    // serves both).
    ApiClient specialist(front.port()), leader(front.port());
    specialist.signIn("chuyenvien.vq", passwords.at("chuyenvien.vq"));
    leader.signIn("chutich.vq", passwords.at("chutich.vq"));
    const auto signer = test::userIdOf(leader, "chutich.vq");
    constexpr int kLetters = 16;
    std::vector<http::Id> ids;
    for (int i = 0; i < kLetters; ++i) {
        ids.push_back(test::signedLetter(specialist, leader, signer,
                                         "V/v hai máy chủ số " + std::to_string(i)));
    }

    // Eight clerks issue them all through nginx; server A is killed in the middle.
    std::atomic<std::size_t> next{0};
    std::atomic<int> issued{0};
    std::atomic<int> answered500{0};
    std::atomic<int> connectionsLost{0};
    std::string lost; // what the clients that lost their connection were told
    std::mutex mutex;
    std::vector<std::thread> clerks;
    for (int c = 0; c < 8; ++c) {
        clerks.emplace_back([&, c] {
            ApiClient clerk(front.port());
            try {
                clerk.signIn("vanthu.vq", passwords.at("vanthu.vq"));
            } catch (const std::exception& e) {
                ++connectionsLost;
                const std::lock_guard<std::mutex> hold(mutex);
                lost += "sign-in: " + std::string(e.what()) + "\n";
                return;
            }
            for (std::size_t i = next++; i < ids.size(); i = next++) {
                try {
                    const auto answer =
                        clerk.post("/api/documents/" + std::to_string(ids[i]) + "/issue");
                    if (answer.status == 200) {
                        ++issued;
                    } else if (answer.status >= 500) {
                        ++answered500;
                    }
                } catch (const std::exception& e) {
                    ++connectionsLost; // nginx should have hidden the dead server
                    const std::lock_guard<std::mutex> hold(mutex);
                    lost += std::string(e.what()) + "\n";
                    return;
                }
            }
        });
    }
    const auto giveUp = std::chrono::steady_clock::now() + std::chrono::seconds(300);
    while (issued < 4 && next < ids.size() && std::chrono::steady_clock::now() < giveUp) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    INFO("issued before the kill: " << issued);
    CHECK(issued >= 4);
    a->signal(SIGKILL);
    CHECK(a->wait() == 128 + SIGKILL);
    for (auto& clerk : clerks) {
        clerk.join();
    }
    a.reset();

    // nginx hid the dead server: every request had an answer, none a 5xx.
    INFO("nginx: " << front.errorLog());
    INFO("lost: " << lost);
    CHECK(connectionsLost == 0);
    // Server B issues what is left (through nginx), and the register has every number once.
    ApiClient clerk(front.port());
    clerk.signIn("vanthu.vq", passwords.at("vanthu.vq"));
    for (const auto id : ids) {
        const auto path = "/api/documents/" + std::to_string(id);
        if (clerk.get(path).object()->getValue<std::string>("state") == "signed") {
            const auto answer = clerk.post(path + "/issue");
            INFO(answer.body);
            CHECK(answer.status == 200);
        }
    }
    CHECK(answered500 == 0);
    const auto entries = clerk.allPages("/api/registers/outgoing", "entries");
    std::map<std::string, std::vector<int>> numbers;
    std::set<http::Id> documents;
    for (std::size_t i = 0; i < entries->size(); ++i) {
        const auto entry = entries->getObject(static_cast<unsigned>(i));
        numbers[entry->getValue<std::string>("series")].push_back(entry->getValue<int>("number"));
        documents.insert(entry->getValue<http::Id>("documentId"));
    }
    for (auto& [series, list] : numbers) {
        std::sort(list.begin(), list.end());
        for (std::size_t i = 0; i < list.size(); ++i) {
            CHECK(list[i] == static_cast<int>(i) + 1); // 1..N, no gap, no duplicate
        }
    }
    CHECK(documents.size() == entries->size());
    for (const auto id : ids) {
        CHECK(documents.count(id) == 1);
        const auto pdf = clerk.get("/api/documents/" + std::to_string(id) + "/pdf");
        CHECK(pdf.status == 200);
    }
    // Found by B's own search index, though A issued some of them.
    const auto found =
        clerk.get("/api/search?q=" + std::string("hai%20m%C3%A1y%20ch%E1%BB%A7") + "&limit=50");
    REQUIRE(found.status == 200);
    CHECK(found.object()->getValue<int>("total") >= kLetters);
    b.signal(SIGTERM);
    CHECK(b.wait() == 0);
    const auto audit = test::runVanthu({"audit", "verify", "--data", second.path().string()});
    INFO(audit.out << audit.err);
    CHECK(audit.exitCode == 0);
}
