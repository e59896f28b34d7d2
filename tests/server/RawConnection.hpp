#pragma once
// A plain TCP connection to a test server from a chosen loopback address (127.0.0.x), for
// requests no HTTP client library would send: slow bytes, broken headers, floods.
#include <chrono>
#include <string>
#include <string_view>

namespace vanthu::test {

class RawConnection {
public:
    /// Connects from `from` (a 127.0.0.0/8 address) to 127.0.0.1:port; throws when it cannot.
    RawConnection(const std::string& from, unsigned short port);
    ~RawConnection();
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    /// False when the server has closed the connection (or reset it).
    bool send(std::string_view bytes);
    /// What the server sends until it closes the connection or timeout passes.
    std::string receive(std::chrono::milliseconds timeout);
    /// Whether the server has closed the connection (an end of stream or a reset seen now).
    bool closedByServer();

private:
    int fd_ = -1;
};

/// The status code of an HTTP answer's status line, 0 when there is none.
int statusOf(std::string_view answer);

/// A whole POST /api/session request (Connection: close) signing in with these credentials.
std::string signInRequest(const std::string& username, const std::string& password);
/// The status line without its line end ("HTTP/1.1 400 Bad Request").
std::string statusLineOf(std::string_view answer);

/// One request on a connection of its own from `from`: the answer's text (empty when the server
/// closed without answering).
std::string rawRequest(const std::string& from, unsigned short port, std::string_view request,
                       std::chrono::milliseconds timeout = std::chrono::seconds(10));

} // namespace vanthu::test
