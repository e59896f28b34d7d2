// Long work (renders, signing, verification, packages) on a bounded pool apart from the request
// threads (issue 19 item 2): the pool refuses at once when full, and with the pool saturated by
// long previews and 32 slowloris connections open, a clerk signs in and /api/health answers
// within 1 s; the previews the pool cannot take get 503 with Retry-After and a Vietnamese
// sentence, never a hang or a 500 (docs/security.md, "Transport").
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <future>
#include <thread>
#include <vector>

#include "ApiClient.hpp"
#include "DocmgmtServer.hpp"
#include "RawConnection.hpp"
#include "TestSupport.hpp"
#include "http/DocmgmtBackend.hpp"
#include "http/LongWork.hpp"
#include "http/Server.hpp"

using namespace vanthu;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using test::ApiClient;

namespace {

double seconds(Clock::duration duration) {
    return std::chrono::duration<double>(duration).count();
}

/// A server on a fresh demo data set whose long-work pool has one thread and one place in
/// its queue; its database in a schema of its own on the test PostgreSQL when
/// VANTHU_TEST_POSTGRES is set (the "server (postgresql): " registrations).
struct SmallPoolServer {
    SmallPoolServer() {
        backend = std::make_unique<http::DocmgmtBackend>(
            dir.path(), test::testInstallation(test::freshTestDatabase()));
        docmgmt::DemoDataOptions options;
        options.ecdsa = true;
        for (const auto& account : backend->createDemoData(options).accounts) {
            passwords[account.username] = account.password;
        }
        http::ServerConfig config;
        config.port = 0;
        config.loginMaxFailures = 1000; // the clerk signs in again and again
        config.longWork.threads = 1;
        config.longWork.queued = 1;
        server = std::make_unique<http::Server>(config, *backend);
    }
    ~SmallPoolServer() {
        backend->stopRenders();
        server->stop(1s);
    }
    unsigned short port() const { return server->port(); }
    ApiClient as(const std::string& username) const {
        ApiClient client(port());
        client.signIn(username, passwords.at(username));
        return client;
    }

    test::TempDir dir;
    std::unique_ptr<http::DocmgmtBackend> backend;
    std::unique_ptr<http::Server> server;
    std::map<std::string, std::string> passwords;
};

} // namespace

TEST_CASE("long work: a full pool refuses the next work at once, errors and results reach the "
          "caller, waiting work is refused when the pool closes",
          "[http][hostile]") {
    http::LongWorkPool pool(http::LongWorkLimits{.threads = 1, .queued = 1, .retryAfter = 7s});
    std::promise<void> release;
    auto released = release.get_future().share();
    std::atomic<bool> firstStarted{false};
    auto first = std::async(std::launch::async, [&] {
        return pool.run([&] {
            firstStarted = true;
            released.wait();
            return 1;
        });
    });
    while (!firstStarted) {
        std::this_thread::sleep_for(1ms);
    }
    auto second = std::async(std::launch::async, [&] { return pool.run([] { return 2; }); });
    while (pool.waiting() < 1) {
        std::this_thread::sleep_for(1ms);
    }
    const auto start = Clock::now();
    try {
        pool.run([] { return 3; });
        FAIL("a third work was taken while one ran and one waited");
    } catch (const http::LongWorkRefused& refused) {
        CHECK(Clock::now() - start < 100ms);
        CHECK(refused.retryAfter() == 7s);
        CHECK(std::string(refused.what()).find("Máy chủ đang bận") != std::string::npos);
    }
    release.set_value();
    CHECK(first.get() == 1);
    CHECK(second.get() == 2);
    CHECK_THROWS_WITH(pool.run([]() -> int { throw std::runtime_error("hỏng"); }), "hỏng");

    // Closing: the work waiting in the queue is refused, the running one ends normally.
    std::promise<void> release2;
    auto released2 = release2.get_future().share();
    std::atomic<bool> started{false};
    auto running = std::async(std::launch::async, [&] {
        return pool.run([&] {
            started = true;
            released2.wait();
            return 4;
        });
    });
    while (!started) {
        std::this_thread::sleep_for(1ms);
    }
    auto waiting = std::async(std::launch::async, [&] { return pool.run([] { return 5; }); });
    while (pool.waiting() < 1) {
        std::this_thread::sleep_for(1ms);
    }
    pool.close();
    CHECK_THROWS_AS(waiting.get(), http::LongWorkRefused);
    release2.set_value();
    CHECK(running.get() == 4);
    CHECK_THROWS_AS(pool.run([] { return 6; }), http::LongWorkRefused);
}

TEST_CASE("long work: with the long-work pool saturated by previews and 32 slowloris connections, "
          "sign-in and health answer within 1 s and the extra previews get 503 at once",
          "[http][hostile]") {
    SmallPoolServer server;
    auto specialist = server.as("chuyenvien.vq");
    auto leader = server.as("chutich.vq");
    const auto signer = test::userIdOf(leader, "chutich.vq");
    // A draft at the paragraph limit: each preview renders for seconds.
    test::ApiResponse draft;
    draft.body = test::letterDraft(signer, "V/v dự thảo dài");
    auto object = draft.object();
    std::string body;
    for (int i = 0; i < 5000; ++i) {
        body += "Đoạn " + std::to_string(i) +
                " của một dự thảo dài, đủ để lấp hơn một dòng của trang giấy khổ A4 theo thể "
                "thức.\n\n";
    }
    object->set("body", body);
    const auto created = specialist.post("/api/documents", test::jsonText(object));
    REQUIRE(created.status == 201);
    const auto pdf =
        "/api/documents/" + std::to_string(created.object()->getValue<http::Id>("id")) + "/pdf";

    // Slowloris from two addresses (the per-address cap is 16), reopened when closed.
    std::atomic<bool> stop{false};
    std::atomic<int> open{0};
    std::vector<std::future<void>> slow;
    for (int i = 0; i < 32; ++i) {
        slow.push_back(std::async(std::launch::async, [&, i] {
            const std::string from = i % 2 == 0 ? "127.0.0.6" : "127.0.0.7";
            while (!stop) {
                try {
                    test::RawConnection connection(from, server.port());
                    if (!connection.send("GET /api/health HTTP/1.1\r\nHost: vanthu\r\nX-Slow: ")) {
                        continue;
                    }
                    ++open;
                    while (!stop && !connection.closedByServer() && connection.send("x")) {
                        std::this_thread::sleep_for(200ms);
                    }
                    --open;
                } catch (const std::exception&) {
                    std::this_thread::sleep_for(20ms);
                }
            }
        }));
    }
    for (int i = 0; i < 100 && open < 32; ++i) {
        std::this_thread::sleep_for(20ms);
    }
    const int openBefore = open;

    // Six previews at once: one renders, one waits, the other four are refused.
    constexpr int kPreviews = 6;
    struct Answer {
        int status = -1;
        std::string retryAfter, code, message;
        Clock::duration took{};
    };
    std::vector<Answer> answers(kPreviews);
    std::vector<ApiClient> clients;
    for (int i = 0; i < kPreviews; ++i) {
        clients.push_back(server.as("chuyenvien.vq"));
    }
    std::atomic<int> finished{0};
    std::vector<std::future<void>> previews;
    for (int i = 0; i < kPreviews; ++i) {
        previews.push_back(std::async(std::launch::async, [&, i] {
            const auto start = Clock::now();
            const auto answer = clients[i].get(pdf);
            answers[i].took = Clock::now() - start;
            answers[i].status = answer.status;
            answers[i].retryAfter = answer.header("retry-after");
            if (answer.status != 200) {
                answers[i].code = answer.errorCode();
                answers[i].message =
                    answer.object()->getObject("error")->getValue<std::string>("message");
            }
            ++finished;
        }));
    }
    std::this_thread::sleep_for(200ms);
    const bool saturated = finished < kPreviews;
    Clock::duration longest{};
    int rounds = 0;
    while (finished < kPreviews || rounds < 3) {
        const auto start = Clock::now();
        ApiClient clerk(server.port());
        CHECK(clerk.get("/api/health").status == 200);
        CHECK(clerk.trySignIn("vanthu.vq", server.passwords.at("vanthu.vq")).status == 200);
        longest = std::max(longest, Clock::now() - start);
        ++rounds;
        std::this_thread::sleep_for(100ms);
    }
    for (auto& preview : previews) {
        preview.get();
    }
    stop = true;
    for (auto& connection : slow) {
        connection.get();
    }
    INFO("slow connections open: " << openBefore << "; clerk's longest wait " << seconds(longest)
                                   << " s over " << rounds << " rounds");
    CHECK(openBefore == 32);
    CHECK(saturated);
    CHECK(longest < 1s);
    int refused = 0, rendered = 0;
    for (const auto& answer : answers) {
        INFO("a preview got " << answer.status << " in " << seconds(answer.took)
                              << " s: " << answer.message);
        CHECK((answer.status == 200 || answer.status == 503));
        if (answer.status == 503) {
            ++refused;
            CHECK(answer.code == "busy");
            CHECK(answer.retryAfter == "10");
            CHECK(answer.message.find("Máy chủ đang bận") != std::string::npos);
            CHECK(answer.took < 1s); // refused at once, not after a wait
        } else {
            ++rendered;
        }
    }
    CHECK(rendered >= 1);
    CHECK(refused >= kPreviews - 2 - 1); // one thread, one place; one may free up meanwhile
}
