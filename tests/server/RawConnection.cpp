#include "RawConnection.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

namespace vanthu::test {

namespace {

sockaddr_in loopback(const std::string& address, unsigned short port) {
    sockaddr_in socketAddress{};
    socketAddress.sin_family = AF_INET;
    socketAddress.sin_port = htons(port);
    if (inet_pton(AF_INET, address.c_str(), &socketAddress.sin_addr) != 1) {
        throw std::runtime_error("not an IPv4 address: " + address);
    }
    return socketAddress;
}

} // namespace

RawConnection::RawConnection(const std::string& from, unsigned short port)
    : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    if (fd_ < 0) {
        throw std::runtime_error("socket() failed");
    }
    const auto source = loopback(from, 0);
    const auto target = loopback("127.0.0.1", port);
    if (::bind(fd_, reinterpret_cast<const sockaddr*>(&source), sizeof source) != 0 ||
        ::connect(fd_, reinterpret_cast<const sockaddr*>(&target), sizeof target) != 0) {
        const int error = errno;
        ::close(fd_);
        throw std::runtime_error("cannot connect from " + from + ": errno " +
                                 std::to_string(error));
    }
}

RawConnection::~RawConnection() {
    ::close(fd_);
}

bool RawConnection::send(std::string_view bytes) {
    while (!bytes.empty()) {
        const auto sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (sent <= 0) {
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
}

std::string RawConnection::receive(std::chrono::milliseconds timeout) {
    std::string answer;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    char buffer[8192];
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        pollfd ready{fd_, POLLIN, 0};
        if (left.count() <= 0 || ::poll(&ready, 1, static_cast<int>(left.count())) <= 0) {
            return answer;
        }
        const auto got = ::recv(fd_, buffer, sizeof buffer, 0);
        if (got <= 0) {
            return answer;
        }
        answer.append(buffer, static_cast<std::size_t>(got));
    }
}

bool RawConnection::closedByServer() {
    pollfd ready{fd_, POLLIN, 0};
    if (::poll(&ready, 1, 0) <= 0) {
        return false;
    }
    char byte;
    const auto got = ::recv(fd_, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

std::string signInRequest(const std::string& username, const std::string& password) {
    const std::string body =
        R"({"username":")" + username + R"(","password":")" + password + R"("})";
    return "POST /api/session HTTP/1.1\r\nHost: v\r\nContent-Type: application/json\r\n"
           "Connection: close\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
}

int statusOf(std::string_view answer) {
    if (answer.substr(0, 5) != "HTTP/" || answer.size() < 12) {
        return 0;
    }
    const auto space = answer.find(' ');
    if (space == std::string_view::npos || space + 4 > answer.size()) {
        return 0;
    }
    try {
        return std::stoi(std::string(answer.substr(space + 1, 3)));
    } catch (const std::exception&) {
        return 0;
    }
}

std::string statusLineOf(std::string_view answer) {
    return std::string(answer.substr(0, answer.find("\r\n")));
}

std::string rawRequest(const std::string& from, unsigned short port, std::string_view request,
                       std::chrono::milliseconds timeout) {
    RawConnection connection(from, port);
    connection.send(request);
    return connection.receive(timeout);
}

} // namespace vanthu::test
