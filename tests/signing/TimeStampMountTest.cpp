// `vanthu serve --tsa-p12` answers RFC 3161 requests at /tsa, next to the application.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "SigningFixtures.hpp"

using namespace vanthu::test;

namespace {

/// The status code of GET path on the loopback port, with a plain socket.
int httpStatus(unsigned short port, const std::string& path) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(port);
    std::string answer;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
        const std::string request =
            "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
        if (::write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size())) {
            char buffer[256];
            const ssize_t n = ::read(fd, buffer, sizeof buffer);
            answer.assign(buffer, n > 0 ? static_cast<size_t>(n) : 0);
        }
    }
    ::close(fd);
    // "HTTP/1.1 200 OK"
    return answer.size() > 12 ? std::stoi(answer.substr(9, 3)) : 0;
}

} // namespace

TEST_CASE("vanthu serve --tsa-p12 mounts the time-stamp authority at /tsa, and B-T signs with it",
          "[tsa][cli]") {
    TempDir dir;
    const unsigned short port = freePort();
    const std::string base = "http://127.0.0.1:" + std::to_string(port);
    BackgroundVanthu server({"serve", "--demo", "--data", (dir / "data").string(), "--listen",
                             "127.0.0.1:" + std::to_string(port), "--tsa-p12",
                             (demoPkiDir() / "tsa.p12").string()});
    // --demo: serve needs an installation; making the demo's takes a while (longer under
    // the sanitizers).
    REQUIRE(waitUntilAccepting(port, std::chrono::minutes(3)));
    writeFile(dir / "letter.pdf", makeLetterPdf());
    const auto sign = runVanthu(
        {"sign", (dir / "letter.pdf").string(), "-o", (dir / "bt.pdf").string(), "--p12",
         (demoPkiDir() / "signer1.p12").string(), "--level", "B-T", "--tsa", base + "/tsa"});
    INFO(sign.err);
    REQUIRE(sign.exitCode == 0);
    const auto verify = runVanthu(
        {"verify", (dir / "bt.pdf").string(), "--trust", (demoPkiDir() / "ca.pem").string()});
    INFO(verify.out << verify.err);
    CHECK(verify.exitCode == 0);
    CHECK(verify.out.find("level: B-T") != std::string::npos);
    CHECK(verify.out.find("time-stamp: passed") != std::string::npos);
    // The rest of the server is still there; /tsa takes only POSTed time-stamp queries.
    CHECK(httpStatus(port, "/api/health") == 200);
    CHECK(httpStatus(port, "/tsa") == 405);
}
