// The HTTP machinery against a real server on a loopback port, with an in-memory backend:
// sessions, bearer tokens, cookies and CSRF, throttling, limits, errors, headers, TLS, files.
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <catch2/catch.hpp>
#include <thread>

#include "ApiClient.hpp"
#include "FakeBackend.hpp"
#include "TestSupport.hpp"
#include "http/Json.hpp"
#include "http/Server.hpp"
#include "http/SessionStore.hpp"
#include "vanthu/docmgmt/Passwords.hpp"

using namespace vanthu;
using test::ApiClient;

namespace {

http::ServerConfig testConfig() {
    http::ServerConfig config;
    config.port = 0;
    config.maxBodyBytes = 64 * 1024;
    config.maxThreads = 4;
    return config;
}

struct Fixture {
    test::FakeBackend backend;
    http::Server server{testConfig(), backend};
    ApiClient client{server.port()};
};

} // namespace

TEST_CASE("health and the OpenAPI document answer without a session", "[http]") {
    Fixture f;
    auto health = f.client.get("/api/health");
    CHECK(health.status == 200);
    CHECK(health.object()->getValue<std::string>("status") == "ok");
    auto openapi = f.client.get("/api/openapi.json");
    CHECK(openapi.status == 200);
    CHECK(openapi.header("content-type").find("application/json") == 0);
    CHECK(openapi.object()->getValue<std::string>("openapi").rfind("3.", 0) == 0);
}

TEST_CASE("nothing else answers without a session", "[http]") {
    Fixture f;
    for (const auto& path :
         {"/api/me", "/api/offices", "/api/users", "/api/document-types", "/api/audit",
          "/api/documents", "/api/documents/1", "/api/registers/outgoing", "/api/nothing-here"}) {
        const auto response = f.client.get(path);
        INFO(path);
        CHECK(response.status == 401);
        CHECK(response.errorCode() == "unauthenticated");
    }
    CHECK(f.client.post("/api/documents", "{}").status == 401);
    CHECK(f.client.request("DELETE", "/api/session").status == 401);
}

TEST_CASE("sign in with a bearer token, see oneself, sign out", "[http]") {
    Fixture f;
    const auto user = f.client.signIn("chuyenvien", test::FakeBackend::kPassword);
    CHECK(user->getValue<std::string>("role") == "specialist");
    CHECK(user->getValue<std::string>("officeName") == "ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN");
    CHECK(f.client.token().size() == 43); // 256 bits in base64url
    const auto me = f.client.get("/api/me");
    REQUIRE(me.status == 200);
    CHECK(me.object()->getValue<std::string>("username") == "chuyenvien");
    CHECK(f.client.request("DELETE", "/api/session").status == 204);
    CHECK(f.client.get("/api/me").status == 401);
}

TEST_CASE("the session cookie is HttpOnly and SameSite=Strict", "[http]") {
    Fixture f;
    const auto response = f.client.trySignIn("vanthu", test::FakeBackend::kPassword);
    REQUIRE(response.status == 200);
    const auto cookie = response.header("set-cookie");
    CHECK(cookie.find("vanthu_session=") == 0);
    CHECK(cookie.find("HttpOnly") != std::string::npos);
    CHECK(cookie.find("SameSite=Strict") != std::string::npos);
    CHECK(Poco::toLower(cookie).find("; secure") == std::string::npos);
}

TEST_CASE("cookie requests that change something need the CSRF header", "[http]") {
    Fixture f;
    f.client.signIn("quantri", test::FakeBackend::kPassword, ApiClient::Auth::Cookie);
    CHECK(f.client.get("/api/me").status == 200);
    const std::string newUser = R"({"username":"moi","fullName":"Người Mới","role":"clerk",)"
                                R"("password":"x","officeId":1,"title":""})";
    f.client.setSendCsrf(false);
    CHECK(f.client.get("/api/users").status == 200); // reading needs no CSRF token
    auto refused = f.client.post("/api/users", newUser);
    CHECK(refused.status == 403);
    CHECK(refused.errorCode() == "forbidden");
    CHECK(f.client.request("DELETE", "/api/session").status == 403);
    f.client.setSendCsrf(true);
    CHECK(f.client.post("/api/users", newUser).status == 201);
    CHECK(f.client.request("DELETE", "/api/session").status == 204);
    CHECK(f.client.get("/api/me").status == 401);
}

TEST_CASE("a wrong password is 401, the next try from that address waits (429 with "
          "Retry-After), another user at the same address is not held up",
          "[http]") {
    Fixture f;
    const auto wrong = f.client.trySignIn("vanthu", "sai");
    CHECK(wrong.status == 401);
    CHECK(wrong.errorCode() == "unauthenticated");
    const auto throttled = f.client.trySignIn("vanthu", test::FakeBackend::kPassword);
    CHECK(throttled.status == 429);
    CHECK(throttled.errorCode() == "too-many-requests");
    CHECK(throttled.header("retry-after") == "1");
    CHECK(f.client.trySignIn("chuyenvien", test::FakeBackend::kPassword).status == 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    CHECK(f.client.trySignIn("vanthu", test::FakeBackend::kPassword).status == 200);
}

TEST_CASE("sessions keep only a hash of their token", "[http]") {
    http::SessionStore store;
    const auto created = store.create(7);
    CHECK(created.token != created.csrf);
    REQUIRE(store.find(created.token));
    CHECK(store.find(created.token)->userId == 7);
    CHECK_FALSE(store.find(docmgmt::sha256Hex(created.token)));
    CHECK_FALSE(store.find(created.token + "x"));
    store.remove(created.token);
    CHECK_FALSE(store.find(created.token));
}

TEST_CASE("malformed JSON is 400, a missing field 422 naming it", "[http]") {
    Fixture f;
    auto bad = f.client.post("/api/session", "{\"username\": ");
    CHECK(bad.status == 400);
    CHECK(bad.errorCode() == "bad-request");
    CHECK(f.client.post("/api/session", "[1,2]").status == 400);
    auto missing = f.client.post("/api/session", R"({"username":"vanthu"})");
    CHECK(missing.status == 422);
    CHECK(missing.errorCode() == "invalid");
    CHECK(missing.object()->getObject("error")->getValue<std::string>("field") == "password");
    const auto message = missing.object()->getObject("error")->getValue<std::string>("message");
    CHECK(message.find("bắt buộc") != std::string::npos);
}

TEST_CASE("an oversized body is 413 with a JSON body", "[http]") {
    Fixture f;
    const std::string big(64 * 1024 + 1, ' ');
    auto response = f.client.post("/api/session", big);
    CHECK(response.status == 413);
    CHECK(response.errorCode() == "too-large");

    // The same without a Content-Length, chunked.
    Poco::Net::HTTPClientSession session("127.0.0.1", f.server.port());
    Poco::Net::HTTPRequest request("POST", "/api/session", "HTTP/1.1");
    request.setChunkedTransferEncoding(true);
    session.sendRequest(request) << big;
    Poco::Net::HTTPResponse answer;
    std::string body;
    Poco::StreamCopier::copyToString(session.receiveResponse(answer), body);
    CHECK(answer.getStatus() == 413);
    CHECK(body.find("too-large") != std::string::npos);
}

TEST_CASE("roles: users of another office and the audit trail are refused", "[http]") {
    Fixture f;
    f.client.signIn("chuyenvien", test::FakeBackend::kPassword);
    CHECK(f.client.get("/api/users").status == 200);
    CHECK(f.client.get("/api/users?officeId=1").status == 200);
    CHECK(f.client.get("/api/users?officeId=2").status == 403);
    CHECK(f.client.get("/api/users?officeId=abc").status == 422);
    CHECK(f.client.get("/api/audit").status == 403);
    auto create = f.client.post("/api/users", R"({"username":"x"})");
    CHECK(create.status == 403);
    f.client.signIn("quantri", test::FakeBackend::kPassword);
    CHECK(f.client.get("/api/users?officeId=2").array()->size() == 1);
    const auto audit = f.client.get("/api/audit?limit=10");
    REQUIRE(audit.status == 200);
    CHECK(audit.object()->getArray("items")->getObject(0)->getValue<std::string>("action") ==
          "sign-in");
    CHECK(f.client
              .post("/api/users", R"({"username":"y","fullName":"Y","role":"boss",)"
                                  R"("password":"p","officeId":1})")
              .status == 422);
    CHECK(f.client
              .post("/api/users", R"({"username":"vanthu","fullName":"Y","role":"clerk",)"
                                  R"("password":"p","officeId":1})")
              .status == 409);
}

TEST_CASE("document types follow the office's system", "[http]") {
    Fixture f;
    f.client.signIn("chuyenvien.hu", test::FakeBackend::kPassword);
    const auto party = f.client.get("/api/document-types");
    REQUIRE(party.status == 200);
    f.client.signIn("chuyenvien", test::FakeBackend::kPassword);
    const auto state = f.client.get("/api/document-types");
    REQUIRE(state.status == 200);
    CHECK(party.body != state.body);
    CHECK(state.body.find("\"CV\"") != std::string::npos);
    CHECK(f.client.get("/api/offices").array()->size() == 2);
}

TEST_CASE("an unknown API path is 404 once signed in, a wrong method 405", "[http]") {
    Fixture f;
    f.client.signIn("vanthu", test::FakeBackend::kPassword);
    CHECK(f.client.get("/api/nothing-here").status == 404);
    CHECK(f.client.get("/api/me/extra").status == 404);
    CHECK(f.client.request("PUT", "/api/offices", "{}").status == 405);
}

TEST_CASE("answers carry the security headers", "[http]") {
    Fixture f;
    for (const auto& path : {"/api/health", "/", "/api/me"}) {
        const auto response = f.client.get(path);
        INFO(path);
        CHECK(response.header("content-security-policy").find("default-src 'self'") == 0);
        CHECK(response.header("content-security-policy").find("frame-ancestors 'none'") !=
              std::string::npos);
        // The signing agent on the leader's computer (docs/signing-agent.md), and nothing else.
        CHECK(response.header("content-security-policy")
                  .find("connect-src 'self' http://127.0.0.1:8765;") != std::string::npos);
        CHECK(response.header("x-content-type-options") == "nosniff");
    }
}

TEST_CASE("the web UI's files are served with their content types", "[http]") {
    test::TempDir web;
    test::writeFile(web / "index.html", "<!doctype html><title>UI</title>");
    std::filesystem::create_directories(web / "assets");
    test::writeFile(web / "assets" / "app.js", "console.log(1)");
    test::writeFile(web / "assets" / "app.css", "body{}");
    test::writeFile(web / ".secret", "no");
    test::FakeBackend backend;
    auto config = testConfig();
    config.webRoot = web.path();
    http::Server server(config, backend);
    ApiClient client(server.port());
    auto index = client.get("/");
    CHECK(index.status == 200);
    CHECK(index.body.find("UI") != std::string::npos);
    CHECK(index.header("content-type") == "text/html; charset=utf-8");
    CHECK(client.get("/assets/app.js").header("content-type") == "text/javascript; charset=utf-8");
    CHECK(client.get("/assets/app.css").header("content-type") == "text/css; charset=utf-8");
    CHECK(client.get("/documents/7").body == index.body); // the UI routes it
    CHECK(client.get("/assets/missing.js").status == 404);
    CHECK(client.get("/.secret").status == 404);
    CHECK(client.get("/assets/../.secret").status == 404);
    CHECK(client.get("/%2e%2e/%2e%2e/etc/passwd").status == 404);
}

TEST_CASE("without a UI bundle the root answers a placeholder page", "[http]") {
    Fixture f;
    const auto page = f.client.get("/");
    CHECK(page.status == 200);
    CHECK(page.body.find("Văn thư") != std::string::npos);
}

TEST_CASE("HTTPS with a certificate and key, and the cookie is Secure", "[http][tls]") {
    test::TempDir dir;
    const auto made =
        test::run({"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                   "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                   "-keyout", (dir / "key.pem").string(), "-out", (dir / "cert.pem").string()});
    REQUIRE(made.exitCode == 0);
    test::FakeBackend backend;
    auto config = testConfig();
    config.tlsCertificate = dir / "cert.pem";
    config.tlsKey = dir / "key.pem";
    http::Server server(config, backend);
    CHECK(server.url().rfind("https://", 0) == 0);
    ApiClient client(server.port(), true);
    CHECK(client.get("/api/health").status == 200);
    const auto signIn = client.trySignIn("vanthu", test::FakeBackend::kPassword);
    REQUIRE(signIn.status == 200);
    CHECK(Poco::toLower(signIn.header("set-cookie")).find("; secure") != std::string::npos);
    CHECK(signIn.header("strict-transport-security").find("max-age=") == 0);
}

TEST_CASE("stopping lets a keep-alive client go and frees the port", "[http]") {
    test::FakeBackend backend;
    auto server = std::make_unique<http::Server>(testConfig(), backend);
    ApiClient client(server->port());
    CHECK(client.get("/api/health").status == 200);
    const auto started = std::chrono::steady_clock::now();
    server->stop(std::chrono::milliseconds(500));
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
    server.reset();
}

TEST_CASE("strings written directly as JSON read back the same", "[http]") {
    const std::string text = "Số: 05/UBND-NV \"trích\" \\ dòng\nmới\ttab \x01 end";
    std::string json;
    http::appendJsonString(json, text);
    Poco::JSON::Parser parser;
    CHECK(parser.parse("[" + json + "]")
              .extract<Poco::JSON::Array::Ptr>()
              ->getElement<std::string>(0) == text);
}

TEST_CASE("stopping lets a running request finish", "[http]") {
    test::FakeBackend backend;
    backend.signInDelay = std::chrono::milliseconds(400);
    http::Server server(testConfig(), backend);
    int status = 0;
    std::thread client([&] {
        ApiClient slow(server.port());
        status = slow.trySignIn("vanthu", test::FakeBackend::kPassword).status;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    server.stop(std::chrono::seconds(3));
    client.join();
    CHECK(status == 200);
}
