// The HTTP transport against a hostile client, on a real server on a loopback port: exchange
// floods refused before their XML is read, slow and idle connections, broken requests, status
// lines, static files outside the web root, password guessing (docs/security.md, "Transport").
// Attackers connect from other loopback addresses (127.0.0.2, …) than the clerk (127.0.0.1).
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <future>
#include <optional>
#include <thread>
#include <vector>

#include "ApiClient.hpp"
#include "FakeBackend.hpp"
#include "RawConnection.hpp"
#include "TestSupport.hpp"
#include "http/ApiError.hpp"
#include "http/DocmgmtBackend.hpp"
#include "http/ExchangeGate.hpp"
#include "http/ExchangeInbox.hpp"
#include "http/LongWork.hpp"
#include "http/PeerDirectory.hpp"
#include "http/Server.hpp"

using namespace vanthu;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using test::ApiClient;

namespace {

/// A server as `vanthu serve` runs it (default limits), with an exchange endpoint that knows
/// one peer, "state".
struct HostileFixture {
    explicit HostileFixture(http::ServerConfig config = {}) {
        test::writeFile(dir / "peers.json",
                        R"({"self": "party", "peers": [{"name": "state", )"
                        R"("url": "http://127.0.0.1:1", "certificate": "state.pem"}]})");
        peers = http::PeerDirectory::load(dir / "peers.json");
        storage = std::make_unique<http::DocmgmtBackend>(dir / "data");
        inbox = std::make_unique<http::ExchangeInbox>(*peers, storage->storage(), storage->blobs(),
                                                      storage->trustAnchors(), config.maxBodyBytes);
        config.port = 0;
        config.exchangeInbox = inbox.get();
        config.exchangePeers = peers.get();
        server = std::make_unique<http::Server>(config, backend);
    }
    ~HostileFixture() { server->stop(1s); }

    unsigned short port() const { return server->port(); }

    test::TempDir dir;
    test::FakeBackend backend;
    std::unique_ptr<http::PeerDirectory> peers;
    std::unique_ptr<http::DocmgmtBackend> storage;
    std::unique_ptr<http::ExchangeInbox> inbox;
    std::unique_ptr<http::Server> server;
};

/// How long a clerk at 127.0.0.1 waits for /api/health and for a sign-in, the longer of both.
Clock::duration clerkWait(unsigned short port) {
    const auto start = Clock::now();
    ApiClient clerk(port);
    CHECK(clerk.get("/api/health").status == 200);
    CHECK(clerk.trySignIn("vanthu", test::FakeBackend::kPassword).status == 200);
    return Clock::now() - start;
}

/// Runs attack on `count` threads while a clerk signs in and checks health again and again;
/// returns the clerk's longest wait.
template <typename Attack>
Clock::duration longestClerkWaitDuring(unsigned short port, int count, Attack attack) {
    std::atomic<int> running{count};
    std::vector<std::future<void>> attackers;
    for (int i = 0; i < count; ++i) {
        attackers.push_back(std::async(std::launch::async, [&, i] {
            attack(i);
            --running;
        }));
    }
    Clock::duration longest{};
    std::this_thread::sleep_for(200ms); // the attack is under way
    int rounds = 0;
    while (running > 0 || rounds < 3) {
        longest = std::max(longest, clerkWait(port));
        ++rounds;
        std::this_thread::sleep_for(100ms);
    }
    for (auto& attacker : attackers) {
        attacker.get();
    }
    return longest;
}

std::string packageRequest(const std::string& body, const std::string& peer) {
    std::string request = "POST /api/exchange/packages HTTP/1.1\r\nHost: vanthu\r\n"
                          "Content-Type: application/xml\r\nConnection: close\r\n";
    if (!peer.empty()) {
        request += "X-Vanthu-Peer: " + peer + "\r\n";
    }
    return request + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string nested(int depth) {
    std::string xml;
    for (int i = 0; i < depth; ++i) {
        xml += "<a>";
    }
    return xml;
}

double seconds(Clock::duration duration) {
    return std::chrono::duration<double>(duration).count();
}

} // namespace

TEST_CASE("transport: 16 parallel anonymous 300 KB exchange bodies are refused before their XML "
          "is read, sign-in and health answer within 1 s meanwhile",
          "[http][hostile]") {
    HostileFixture f;
    const std::string body = nested(100000); // 300 KB; quadratic for a DOM parser
    std::vector<int> statuses(16);
    std::vector<Clock::duration> took(16);
    const auto longest = longestClerkWaitDuring(f.port(), 16, [&](int i) {
        const auto start = Clock::now();
        statuses[i] =
            test::statusOf(test::rawRequest("127.0.0.2", f.port(), packageRequest(body, "")));
        took[i] = Clock::now() - start;
    });
    INFO("clerk's longest wait: " << seconds(longest) << " s");
    CHECK(longest < 1s);
    for (int i = 0; i < 16; ++i) {
        INFO("attacker " << i << " took " << seconds(took[i]) << " s");
        CHECK(statuses[i] == 401); // no X-Vanthu-Peer: nobody known sent it
        CHECK(took[i] < 1s);
    }
}

TEST_CASE("transport: exchange packages are refused before their body is read when the sender "
          "is unknown, the length missing or over the limit, or the peer sends too much",
          "[http][hostile]") {
    http::ServerConfig config;
    config.maxBodyBytes = 64 * 1024;
    config.exchangeLimits.perAddressPerMinute = 1000;
    HostileFixture f(config);
    const auto answer = [&](const std::string& request) {
        return test::rawRequest("127.0.0.3", f.port(), request);
    };
    const std::string body = nested(1000);
    auto refused = answer(packageRequest(body, "nobody-we-know"));
    CHECK(test::statusOf(refused) == 403);
    CHECK(refused.find("nobody-we-know") != std::string::npos);
    CHECK(refused.find("--peers") != std::string::npos);
    // Chunked: no Content-Length to check before reading.
    refused =
        answer("POST /api/exchange/packages HTTP/1.1\r\nHost: v\r\nX-Vanthu-Peer: state\r\n"
               "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\n<a/>\n\r\n0\r\n\r\n");
    CHECK(test::statusOf(refused) == 411);
    CHECK(refused.find("length-required") != std::string::npos);
    // Over the limit by its Content-Length alone: the body is never sent.
    refused = answer("POST /api/exchange/packages HTTP/1.1\r\nHost: v\r\nX-Vanthu-Peer: state\r\n"
                     "Content-Length: 100000000\r\nConnection: close\r\n\r\n");
    CHECK(test::statusOf(refused) == 413);
    // A known peer's name gets the package read (and refused by its content here).
    CHECK(test::statusOf(answer(packageRequest("<a/>", "state"))) == 422);

    SECTION("a peer over its rate and an address over its rate get 429 naming the limit") {
        http::ServerConfig limited;
        limited.exchangeLimits.perPeerPerMinute = 3;
        limited.exchangeLimits.perAddressPerMinute = 5;
        HostileFixture g(limited);
        for (int i = 0; i < 3; ++i) {
            CHECK(test::statusOf(test::rawRequest("127.0.0.4", g.port(),
                                                  packageRequest("<a/>", "state"))) == 422);
        }
        auto overPeer = test::rawRequest("127.0.0.5", g.port(), packageRequest("<a/>", "state"));
        CHECK(test::statusOf(overPeer) == 429);
        CHECK(overPeer.find("state") != std::string::npos);
        for (int i = 0; i < 2; ++i) {
            test::rawRequest("127.0.0.4", g.port(), packageRequest("<a/>", ""));
        }
        auto overAddress = test::rawRequest("127.0.0.4", g.port(), packageRequest("<a/>", "state"));
        CHECK(test::statusOf(overAddress) == 429);
        CHECK(overAddress.find("127.0.0.4") != std::string::npos);
    }
}

TEST_CASE("transport: static files are served only from inside the web root, symbolic links "
          "out of it are not followed",
          "[http][hostile]") {
    test::TempDir outside;
    test::writeFile(outside / "secret.txt", "bí mật");
    test::TempDir web;
    test::writeFile(web / "index.html", "<!doctype html><title>UI</title>");
    test::writeFile(web / "inside.txt", "công khai");
    std::filesystem::create_symlink(outside / "secret.txt", web / "secret.txt");
    std::filesystem::create_directory_symlink(outside.path(), web / "assets");
    std::filesystem::create_symlink(web / "inside.txt", web / "alias.txt");
    test::FakeBackend backend;
    http::ServerConfig config;
    config.port = 0;
    config.webRoot = web.path();
    http::Server server(config, backend);
    ApiClient client(server.port());
    CHECK(client.get("/inside.txt").status == 200);
    CHECK(client.get("/alias.txt").status == 200); // a link that stays inside
    const auto viaFile = client.get("/secret.txt");
    CHECK(viaFile.status == 404);
    CHECK(viaFile.body.find("bí mật") == std::string::npos);
    const auto viaFolder = client.get("/assets/secret.txt");
    CHECK(viaFolder.status == 404);
    CHECK(viaFolder.body.find("bí mật") == std::string::npos);
}

namespace {} // namespace

TEST_CASE("transport: 200 parallel wrong passwords reach the check at most 5 times, the user "
          "elsewhere and another user at the same address still sign in, refusals are audited",
          "[http][hostile]") {
    test::FakeBackend backend;
    http::ServerConfig config;
    config.port = 0;
    // Only the sign-in throttle answers here: without this, a slow (sanitizer) build holds more
    // than 16 of the 200 connections open at once and the per-address cap answers some 429s
    // before the sign-in is reached. (No test checks that cap on its own yet.)
    config.maxConnectionsPerAddress = 0;
    http::Server server(config, backend);
    std::vector<int> statuses(200);
    std::vector<std::thread> guessers;
    for (int i = 0; i < 200; ++i) {
        guessers.emplace_back([&, i] {
            statuses[i] = test::statusOf(
                test::rawRequest("127.0.0.7", server.port(),
                                 test::signInRequest("vanthu", "sai-" + std::to_string(i))));
        });
    }
    for (auto& guesser : guessers) {
        guesser.join();
    }
    const int checks = backend.passwordChecks.load();
    INFO("password checks: " << checks);
    CHECK(checks <= 5);
    CHECK(std::count(statuses.begin(), statuses.end(), 401) == checks);
    CHECK(std::count(statuses.begin(), statuses.end(), 429) == 200 - checks);
    // Another user behind the same address, and the same user from another address.
    CHECK(test::statusOf(test::rawRequest(
              "127.0.0.7", server.port(),
              test::signInRequest("chuyenvien", test::FakeBackend::kPassword))) == 200);
    CHECK(test::statusOf(test::rawRequest(
              "127.0.0.8", server.port(),
              test::signInRequest("vanthu", test::FakeBackend::kPassword))) == 200);
    // The guessing address itself stays refused, even with the right password.
    CHECK(test::statusOf(test::rawRequest(
              "127.0.0.7", server.port(),
              test::signInRequest("vanthu", test::FakeBackend::kPassword))) == 429);
    int throttled = 0, failed = 0;
    for (const auto& entry : backend.audit(1000)) {
        throttled += entry.action == "sign-in-throttled" && entry.address == "127.0.0.7" ? 1 : 0;
        failed += entry.action == "sign-in-failed" ? 1 : 0;
    }
    CHECK(failed == checks);
    CHECK(throttled == 200 - failed + 1);
}

TEST_CASE("transport: guessing one account from many addresses guards it: an address that has "
          "failed waits the window, one that has not still signs in",
          "[http][hostile]") {
    test::FakeBackend backend;
    http::ServerConfig config;
    config.port = 0;
    config.loginAccountFailures = 10;
    http::Server server(config, backend);
    for (int i = 0; i < 10; ++i) {
        const std::string from = "127.0.1." + std::to_string(i + 1);
        CHECK(test::statusOf(test::rawRequest(from, server.port(),
                                              test::signInRequest("vanthu", "sai"))) == 401);
    }
    std::this_thread::sleep_for(1100ms); // past the first delay
    CHECK(test::statusOf(test::rawRequest("127.0.1.1", server.port(),
                                          test::signInRequest("vanthu", "sai"))) == 429);
    CHECK(test::statusOf(test::rawRequest(
              "127.0.2.1", server.port(),
              test::signInRequest("vanthu", test::FakeBackend::kPassword))) == 200);
}

TEST_CASE("transport: broken request lines, headers and lengths get 400, status lines carry "
          "their reason",
          "[http][hostile]") {
    test::FakeBackend backend;
    http::ServerConfig config;
    config.port = 0;
    http::Server server(config, backend);
    const auto answer = [&](const std::string& request) {
        return test::rawRequest("127.0.0.6", server.port(), request, 3s);
    };
    for (const std::string& broken : std::vector<std::string>{
             "GET / GARBAGE\r\nHost: v\r\n\r\n", "GET / HTTP/9\r\nHost: v\r\n\r\n",
             "GET / HTTP/1.1\r\nBad Name: v\r\n\r\n",
             "POST /api/session HTTP/1.1\r\nHost: v\r\nContent-Length: abc\r\n\r\n{}",
             "POST /api/session HTTP/1.1\r\nHost: v\r\nContent-Length: -5\r\n\r\n{}",
             "POST /api/session HTTP/1.1\r\nHost: v\r\nContent-Length: 2\r\nContent-Length: "
             "3\r\n\r\n{}",
             "POST /api/session HTTP/1.1\r\nHost: v\r\nContent-Length: 2\r\n"
             "Transfer-Encoding: chunked\r\n\r\n{}"}) {
        const auto text = answer(broken);
        INFO(broken << " → " << test::statusLineOf(text));
        CHECK(test::statusLineOf(text) == "HTTP/1.1 400 Bad Request");
    }
    CHECK(test::statusLineOf(
              answer("GET /api/me HTTP/1.1\r\nHost: v\r\nConnection: close\r\n\r\n")) ==
          "HTTP/1.1 401 Unauthorized");
    CHECK(test::statusLineOf(
              answer("GET /missing.js HTTP/1.1\r\nHost: v\r\nConnection: close\r\n\r\n")) ==
          "HTTP/1.1 404 Not Found");
    CHECK(test::statusLineOf(
              answer("GET /api/health HTTP/1.1\r\nHost: v\r\nConnection: close\r\n\r\n")) ==
          "HTTP/1.1 200 OK");
}

TEST_CASE("transport: at most `concurrent` exchange packages are checked at once, the next gets "
          "503 busy until a place is free",
          "[http][hostile]") {
    // Through HTTP a package is now refused by the pre-scan in microseconds, too fast to
    // overlap reliably: the gate is exercised directly.
    http::ExchangeGate gate(
        http::ExchangeLimits{.perPeerPerMinute = 100, .perAddressPerMinute = 100, .concurrent = 2});
    std::optional<http::ExchangeGate::Pass> first(gate.admit("state"));
    const auto second = gate.admit("party");
    try {
        gate.admit("state");
        FAIL("a third package was admitted while two are being checked");
    } catch (const http::LongWorkRefused& refused) { // ApiHandler: 503 "busy", Retry-After
        CHECK(std::string(refused.what()).find("gói tin") != std::string::npos);
        CHECK(refused.retryAfter().count() > 0);
    }
    first.reset();
    CHECK_NOTHROW(gate.admit("state"));
}

TEST_CASE("transport: with 32 slowloris connections and 16 parallel quadratic XML bodies, sign-in "
          "and health answer within 1 s",
          "[http][hostile]") {
    HostileFixture f;
    // Slowloris: a request line and a header, then one byte at a time and never the end of the
    // headers; a connection the server closes is opened again at once. From two addresses, so
    // that the per-address cap (16) admits all 32.
    std::atomic<bool> stop{false};
    std::atomic<int> open{0}, opened{0};
    std::vector<std::future<void>> slow;
    for (int i = 0; i < 32; ++i) {
        slow.push_back(std::async(std::launch::async, [&, i] {
            const std::string from = i % 2 == 0 ? "127.0.0.6" : "127.0.0.7";
            while (!stop) {
                try {
                    test::RawConnection connection(from, f.port());
                    if (!connection.send("GET /api/health HTTP/1.1\r\nHost: vanthu\r\nX-Slow: ")) {
                        continue;
                    }
                    ++open;
                    ++opened;
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
    // 16 parallel 300 KB bodies of nested elements (quadratic for a DOM parser), naming the
    // real peer so that they pass the gate and reach the pre-scan.
    const std::string body = nested(100000);
    std::vector<int> statuses(16);
    const auto longest = longestClerkWaitDuring(f.port(), 16, [&](int i) {
        statuses[i] =
            test::statusOf(test::rawRequest("127.0.0.8", f.port(), packageRequest(body, "state")));
    });
    // The slow connections keep coming for a while after the XML is over.
    Clock::duration longestAfter{};
    for (int round = 0; round < 10; ++round) {
        longestAfter = std::max(longestAfter, clerkWait(f.port()));
        std::this_thread::sleep_for(200ms);
    }
    const int openAfter = open;
    stop = true;
    for (auto& connection : slow) {
        connection.get();
    }
    INFO("slow connections open before: " << openBefore << ", at the end: " << openAfter
                                          << ", opened in all: " << opened);
    INFO("clerk's longest wait: " << seconds(longest) << " s during the XML bodies, "
                                  << seconds(longestAfter) << " s after");
    CHECK(openBefore == 32);
    CHECK(longest < 1s);
    CHECK(longestAfter < 1s);
    for (int status : statuses) {
        INFO("an XML body got " << status);
        // Refused by the pre-scan (too deep: 413 naming the limit), by the address's rate (429)
        // or while the gate's places are taken (503 busy).
        CHECK((status == 413 || status == 429 || status == 503));
    }
}
