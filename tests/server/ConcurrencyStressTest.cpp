// One server, many threads at once (issue 19 item 11): word-less and worded searches, views of
// lists, documents and PDFs, drafts saved (the index's writer commits), scans uploaded, letters
// signed, issued and verified, and the scan reader (OCR) working beside them, as `vanthu serve`
// runs it. Bounded in time
// (VANTHU_STRESS_SECONDS, 20 s of load by default). Every answer must be a success or the
// long-work pool's 503; nothing may answer 500 or drop a connection, and the process must not
// crash. Under the sanitizer builds (scripts/test's ASan/UBSan, scripts/tsan) the same run
// checks memory and data races (docs/security.md, "Threads"). On both engines: registered for the
// PostgreSQL run (tests/server/CMakeLists.txt).
#include <Poco/URI.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "ApiClient.hpp"
#include "DocmgmtServer.hpp"
#include "ScannedPdf.hpp"
#include "TestSupport.hpp"
#include "http/BackgroundLoop.hpp"
#include "http/DocmgmtBackend.hpp"
#include "http/Server.hpp"

using namespace vanthu;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using test::ApiClient;

namespace {

std::chrono::seconds stressDuration() {
    if (const char* text = std::getenv("VANTHU_STRESS_SECONDS")) {
        return std::chrono::seconds(std::max(1, std::atoi(text)));
    }
    return 20s;
}

std::string encode(const std::string& text) {
    std::string encoded;
    Poco::URI::encode(text, "&=?#+", encoded);
    return encoded;
}

/// What the workers saw: answers by operation and status; anything unexpected, described.
struct Tally {
    void record(const std::string& operation, int status, bool expected,
                const std::string& body = "") {
        std::lock_guard lock(mutex);
        ++answers[operation + " " + std::to_string(status)];
        if (!expected && problems.size() < 20) {
            problems.push_back(operation + " answered " + std::to_string(status) + ": " +
                               body.substr(0, 300));
        }
    }
    std::size_t count(const std::string& prefix) {
        std::lock_guard lock(mutex);
        std::size_t total = 0;
        for (const auto& [key, n] : answers) {
            if (key.rfind(prefix, 0) == 0) {
                total += n;
            }
        }
        return total;
    }
    std::mutex mutex;
    std::map<std::string, std::size_t> answers;
    std::vector<std::string> problems;
};

/// Runs one request and records it; a 503 of the long-work pool ("busy") is expected too.
test::ApiResponse call(Tally& tally, const std::string& operation, ApiClient& client,
                       const std::string& method, const std::string& path,
                       const std::string& body = "", std::initializer_list<int> good = {200}) {
    test::ApiResponse answer;
    try {
        answer = client.request(method, path, body, body.empty() ? "" : "application/json");
    } catch (const std::exception& e) {
        tally.record(operation, 0, false, e.what());
        return answer;
    }
    bool expected = std::find(good.begin(), good.end(), answer.status) != good.end();
    if (answer.status == 503 && answer.errorCode() == "busy") {
        expected = true;
    }
    tally.record(operation, answer.status, expected, answer.body);
    return answer;
}

} // namespace

TEST_CASE("stress: searches, views, drafts, uploads, signing, issuing, verifying and the scan "
          "reader on many threads at once never crash, never answer 500",
          "[http][hostile][stress]") {
    test::TempDir dir;
    http::DocmgmtBackend backend(dir.path(), test::testInstallation(test::freshTestDatabase()));
    docmgmt::DemoDataOptions options;
    options.ecdsa = true;
    std::map<std::string, std::string> passwords;
    for (const auto& account : backend.createDemoData(options).accounts) {
        passwords[account.username] = account.password;
    }
    std::map<std::string, http::Id> ids;
    for (const auto& user : backend.users(std::nullopt)) {
        ids[user.username] = user.id;
    }
    http::ServerConfig config;
    config.port = 0;
    config.maxThreads = 16;
    config.maxBodyBytes = 4 * 1024 * 1024;
    config.loginMaxFailures = 1000;
    http::Server server(config, backend);
    // The scan reader as `vanthu serve` runs it: a background thread, OCR on the scans waiting.
    std::atomic<std::size_t> scansRead{0};
    http::BackgroundLoop scans(
        "đọc bản quét", 200ms,
        [&] {
            const auto read = backend.readScans(1);
            scansRead += read;
            return read > 0;
        },
        /*lowPriority=*/true);
    scans.start();

    auto as = [&](const std::string& username) {
        ApiClient client(server.port());
        client.signIn(username, passwords.at(username));
        return client;
    };
    // A document to view, and a scan to upload (a draft's preview rasterised at 100 dpi).
    auto author = as("chuyenvien.vq");
    const auto created =
        author.post("/api/documents", test::letterDraft(ids.at("chutich.vq"), "V/v thử tải"));
    REQUIRE(created.status == 201);
    const auto documentId = created.object()->getValue<http::Id>("id");
    const auto preview = author.get("/api/documents/" + std::to_string(documentId) + "/pdf");
    REQUIRE(preview.status == 200);
    const std::string scan = test::base64(test::scannedPdf(preview.body, 100));

    const auto duration = stressDuration();
    const auto end = Clock::now() + duration;
    Tally tally;
    std::atomic<int> uploads{0};
    std::vector<std::thread> workers;
    auto worker = [&](const std::string& username, auto body) {
        workers.emplace_back([&, username, body]() mutable {
            try {
                auto client = as(username);
                for (int round = 0; Clock::now() < end; ++round) {
                    body(client, round);
                }
            } catch (const std::exception& e) {
                tally.record("sign-in " + username, 0, false, e.what());
            }
        });
    };
    const std::vector<std::string> searches = {
        "/api/search?q=&register=incoming", // word-less: the shared MatchAll of the issue
        "/api/search?q=",
        "/api/search?q=" + encode("công văn"),
        "/api/search?q=" + encode("thu tai") + "&prefix=1",
        "/api/search?q=&register=outgoing&type=CV",
    };
    for (const auto& user : {"vanthu.vq", "chuyenvien.vq", "chutich.vq", "vanthu.vq"}) {
        worker(user, [&](ApiClient& client, int round) {
            call(tally, "search", client, "GET", searches[round % searches.size()]);
        });
    }
    for (const auto& user : {"chuyenvien.vq", "chuyenvien.vq"}) { // the draft's author
        worker(user, [&](ApiClient& client, int round) {
            const auto document = "/api/documents/" + std::to_string(documentId);
            switch (round % 4) {
            case 0:
                call(tally, "view", client, "GET", "/api/documents");
                break;
            case 1:
                call(tally, "view", client, "GET", document);
                break;
            case 2:
                call(tally, "view", client, "GET", document + "/pdf");
                break;
            default:
                call(tally, "view", client, "GET", "/api/documents?limit=10&offset=0");
            }
        });
    }
    worker("vanthu.vq", [&](ApiClient& client, int round) {
        call(tally, "view", client, "GET", round % 2 ? "/api/incoming" : "/api/incoming?limit=20");
    });
    // Drafts saved: new ones (up to 100, below the drafts-per-author limit), then edits of the
    // last one; each save goes through the index's writer.
    worker("chuyenvien.vq", [&, draftId = http::Id{0}, version = 0](ApiClient& client,
                                                                    int round) mutable {
        const auto subject = "V/v dự thảo thử tải số " + std::to_string(round);
        if (round < 100) {
            const auto answer = call(tally, "draft", client, "POST", "/api/documents",
                                     test::letterDraft(ids.at("chutich.vq"), subject), {201});
            if (answer.status == 201) {
                draftId = answer.object()->getValue<http::Id>("id");
                version = answer.object()->getValue<int>("version");
            }
            return;
        }
        const auto answer =
            call(tally, "draft", client, "PUT", "/api/documents/" + std::to_string(draftId),
                 test::savedLetterDraft(ids.at("chutich.vq"), subject, version));
        if (answer.status == 200) {
            version = answer.object()->getValue<int>("version");
        }
    });
    worker("vanthu.vq", [&](ApiClient& client, int round) {
        Poco::JSON::Object letter;
        letter.set("senderName", "SỞ NỘI VỤ");
        letter.set("notation", std::to_string(round + 1) + "/SNV-TT");
        letter.set("issuedDate", "2026-06-12");
        letter.set("typeCode", "CV");
        letter.set("subject", "V/v thử tải bản quét số " + std::to_string(round));
        letter.set("pdfBase64", scan);
        call(tally, "upload", client, "POST", "/api/incoming", test::jsonText(letter), {201});
        ++uploads;
        std::this_thread::sleep_for(300ms); // scans come in at a clerk's pace
    });
    // Letters signed, issued and verified while the rest runs: the renderer, the signer's
    // appearance and the issue stamp (PoDoFo), the seal, the register's numbering and the
    // verification child, each on the long-work pool (a 503 "busy" is allowed; that letter is
    // then left where it stopped).
    std::atomic<int> issued{0};
    // Each role signs in right before its step: a connection left idle longer than the
    // server's header deadline (10 s) while the others work would be answered 408.
    worker("phochutich.vq", [&](ApiClient&, int round) {
        auto author = as("chuyenvien.vq");
        const auto created = call(tally, "issue", author, "POST", "/api/documents",
                                  test::letterDraft(ids.at("phochutich.vq"),
                                                    "V/v thử tải ký số " + std::to_string(round)),
                                  {201});
        if (created.status != 201) {
            return;
        }
        const auto base =
            "/api/documents/" + std::to_string(created.object()->getValue<http::Id>("id"));
        if (call(tally, "issue", author, "POST", base + "/submit").status != 200) {
            return;
        }
        auto leader = as("phochutich.vq");
        if (call(tally, "issue", leader, "POST", base + "/approve").status != 200 ||
            call(tally, "sign", leader, "POST", base + "/sign").status != 200) {
            return;
        }
        auto clerk = as("vanthu.vq");
        if (call(tally, "issue", clerk, "POST", base + "/issue").status != 200) {
            return;
        }
        ++issued;
        const auto verified = call(tally, "verify", clerk, "GET", base + "/verification");
        if (verified.status == 200 && !verified.object()->getValue<bool>("ok")) {
            tally.record("verify", verified.status, false, verified.body);
        }
    });
    // Health and sign-in from fresh connections throughout.
    worker("vanthu.vq", [&](ApiClient&, int) {
        ApiClient fresh(server.port());
        call(tally, "health", fresh, "GET", "/api/health");
        const auto signIn = fresh.trySignIn("chutich.vq", passwords.at("chutich.vq"));
        tally.record("sign-in", signIn.status, signIn.status == 200, signIn.body);
        std::this_thread::sleep_for(100ms);
    });
    for (auto& thread : workers) {
        thread.join();
    }
    scans.stop();
    // Let the reader finish one scan at least when none was read during the load (OCR takes
    // seconds a page, longer under a sanitizer).
    for (int i = 0; i < 60 && scansRead == 0; ++i) {
        scansRead += backend.readScans(1);
    }
    server.stop(1s);

    std::string summary;
    for (const auto& [key, n] : tally.answers) {
        summary += key + ": " + std::to_string(n) + "; ";
    }
    INFO("over " << duration.count() << " s: " << summary << "scans read: " << scansRead);
    std::string problems;
    for (const auto& problem : tally.problems) {
        problems += problem + "\n";
    }
    INFO(problems);
    CHECK(tally.problems.empty());
    CHECK(tally.count("search 200") > 0);
    CHECK(tally.count("view 200") > 0);
    CHECK(tally.count("draft 20") > 0);
    CHECK(tally.count("upload 201") > 0);
    CHECK(tally.count("health 200") > 0);
    CHECK(tally.count("sign 200") > 0);
    CHECK(issued > 0);
    CHECK(tally.count("verify 200") > 0);
    CHECK(scansRead > 0);
}
