// `vanthu serve` as its own process: SIGTERM stops it with exit code 0; kill -9 in the middle of
// issuing leaves a register without gaps or duplicates whose every PDF exists and verifies, and
// an audit trail that `vanthu audit verify` accepts.
#include "TestPaths.hpp"
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <set>
#include <thread>

#include "ApiClient.hpp"
#include "DocmgmtServer.hpp"
#include "ServerProcess.hpp"
#include "TestSupport.hpp"

using namespace vanthu;
using test::ApiClient;

namespace {

struct Clients {
    ApiClient specialist, leader, clerk;
};

Clients signInAll(const test::ServerProcess& server,
                  const std::map<std::string, std::string>& passwords) {
    Clients clients{ApiClient(server.port()), ApiClient(server.port()), ApiClient(server.port())};
    clients.specialist.signIn("chuyenvien.vq", passwords.at("chuyenvien.vq"));
    clients.leader.signIn("chutich.vq", passwords.at("chutich.vq"));
    clients.clerk.signIn("vanthu.vq", passwords.at("vanthu.vq"));
    return clients;
}

} // namespace

TEST_CASE("SIGTERM stops vanthu serve with exit code 0", "[process]") {
    test::TempDir data;
    const auto database = test::freshTestDatabase();
    // Without --demo, serve needs an installation made by vanthu init.
    REQUIRE(test::run(test::withDatabase({VANTHU_BINARY, "init", "--data", data.path().string(),
                                          "--office-code", "000.00.00.H41", "--office-name",
                                          "UBND TỈNH NGHỆ AN", "--issuer-code", "UBND", "--place",
                                          "Nghệ An", "--admin", "quantri"},
                                         database),
                      "mật khẩu quản trị\n")
                .exitCode == 0);
    test::ServerProcess server(data.path(), test::withDatabase({}, database));
    ApiClient client(server.port());
    CHECK(client.get("/api/health").status == 200);
    server.signal(SIGTERM);
    CHECK(server.wait() == 0);
}

TEST_CASE("a draft of 1,000,000 paragraphs is refused, SIGTERM while long renders run stops "
          "vanthu serve within 10 s",
          "[process][hostile]") {
    test::TempDir data;
    test::ServerProcess server(
        data.path(), test::withDatabase({"--demo", "--ecdsa"}, test::freshTestDatabase()));
    const auto passwords = server.demoPasswords();
    auto clients = signInAll(server, passwords);
    const auto signer = test::userIdOf(clients.leader, "chutich.vq");
    test::ApiResponse draft;
    draft.body = test::letterDraft(signer, "V/v dự thảo dài");
    auto object = draft.object();
    std::string million;
    million.reserve(3'000'000);
    for (int i = 0; i < 1'000'000; ++i) {
        million += "a\n\n";
    }
    object->set("body", million);
    const auto refused = clients.specialist.post("/api/documents", test::jsonText(object));
    CHECK(refused.status == 400);
    CHECK(refused.object()->getObject("error")->getValue<std::string>("field") == "body");
    // A draft at the paragraph limit (5,000 paragraphs, about 470,000 characters): each preview
    // renders for seconds, and previews wait for one another.
    std::string body;
    for (int i = 0; i < 5000; ++i) {
        body += "Đoạn " + std::to_string(i) +
                " của một dự thảo dài, đủ để lấp hơn một dòng của trang giấy khổ A4 theo thể "
                "thức.\n\n";
    }
    object->set("body", body);
    const auto created = clients.specialist.post("/api/documents", test::jsonText(object));
    REQUIRE(created.status == 201);
    const auto pdf =
        "/api/documents/" + std::to_string(created.object()->getValue<http::Id>("id")) + "/pdf";

    constexpr int kPreviews = 4;
    std::atomic<int> finished{0};
    std::vector<int> statuses(kPreviews, -1);
    std::vector<std::thread> previews;
    for (int i = 0; i < kPreviews; ++i) {
        previews.emplace_back([&, i] {
            try {
                ApiClient client(server.port());
                client.signIn("chuyenvien.vq", passwords.at("chuyenvien.vq"));
                statuses[i] = client.get(pdf).status;
            } catch (const std::exception&) {
                statuses[i] = 0; // the connection closed without an answer
            }
            ++finished;
        });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    REQUIRE(finished < kPreviews); // renders are running or waiting to run
    const auto start = std::chrono::steady_clock::now();
    server.signal(SIGTERM);
    CHECK(server.wait(std::chrono::seconds(60)) == 0);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (auto& preview : previews) {
        preview.join();
    }
    INFO("stopped in " << seconds << " s; preview answers " << statuses[0] << " " << statuses[1]
                       << " " << statuses[2] << " " << statuses[3]);
    // Four previews of this draft one after another take far longer (each renders for seconds,
    // many under a sanitizer); 10 s leaves room for a loaded CI machine.
    CHECK(seconds < 10.0);
    CHECK(std::count(statuses.begin(), statuses.end(), 500) == 0);
}

TEST_CASE("kill -9 while issuing leaves a consistent register and store", "[process][kill9]") {
    test::TempDir data;
    // On PostgreSQL the restart opens the same schema again (DIR/database names it too).
    const auto serve = test::withDatabase({"--demo", "--ecdsa"}, test::freshTestDatabase());
    std::map<std::string, std::string> passwords;
    int issuedBeforeKill = 0;
    {
        test::ServerProcess server(data.path(), serve);
        passwords = server.demoPasswords();
        REQUIRE(passwords.count("vanthu.vq") == 1);
        auto clients = signInAll(server, passwords);
        const auto signer = test::userIdOf(clients.leader, "chutich.vq");
        constexpr int kSigned = 6;
        std::vector<http::Id> ids;
        for (int i = 0; i < kSigned; ++i) {
            ids.push_back(test::signedLetter(clients.specialist, clients.leader, signer,
                                             "V/v thử số " + std::to_string(i)));
        }
        // Issue in a loop from another thread and kill the server in the middle of it.
        std::atomic<int> issued{0};
        std::thread issuer([&] {
            ApiClient clerk(server.port());
            clerk.signIn("vanthu.vq", passwords.at("vanthu.vq"));
            for (const auto id : ids) {
                try {
                    if (clerk.post("/api/documents/" + std::to_string(id) + "/issue").status ==
                        200) {
                        ++issued;
                    }
                } catch (const std::exception&) {
                    return; // the server is gone
                }
            }
        });
        while (issued < 2) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
        server.signal(SIGKILL);
        CHECK(server.wait() == 128 + SIGKILL);
        issuer.join();
        issuedBeforeKill = issued;
        INFO("issued before the kill: " << issuedBeforeKill);
        CHECK(issuedBeforeKill < kSigned);
    }

    test::ServerProcess restarted(data.path(), serve);
    auto clients = signInAll(restarted, passwords);
    const auto entries = clients.clerk.allPages("/api/registers/outgoing", "entries");
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
    CHECK(static_cast<int>(entries->size()) >= issuedBeforeKill);

    test::TempDir pdfs;
    for (const auto id : documents) {
        const auto path = "/api/documents/" + std::to_string(id);
        const auto document = clients.clerk.get(path);
        REQUIRE(document.status == 200);
        CHECK(document.object()->getValue<std::string>("state") == "issued");
        const auto pdf = clients.clerk.get(path + "/pdf");
        REQUIRE(pdf.status == 200);
        const auto file = pdfs / ("issued-" + std::to_string(id) + ".pdf");
        test::writeFile(file, pdf.body);
        const auto verified = test::runVanthu(
            {"verify", file.string(), "--trust", (data.path() / "pki" / "ca.pem").string()});
        INFO(verified.out << verified.err);
        CHECK(verified.exitCode == 0);
    }
    // The documents whose issuing was cut off can be issued now, with the next numbers.
    const auto signedDocs = clients.clerk.get("/api/documents?state=signed");
    REQUIRE(signedDocs.status == 200);
    if (signedDocs.array()->size() > 0) {
        const auto id = signedDocs.array()->getObject(0)->getValue<http::Id>("id");
        CHECK(clients.clerk.post("/api/documents/" + std::to_string(id) + "/issue").status == 200);
    }
    restarted.signal(SIGTERM);
    CHECK(restarted.wait() == 0);

    const auto audit = test::runVanthu({"audit", "verify", "--data", data.path().string()});
    INFO(audit.out << audit.err);
    CHECK(audit.exitCode == 0);
}
