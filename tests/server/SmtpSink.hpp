#pragma once
// A loopback SMTP server for the tests of the notices by e-mail: speaks enough SMTP (EHLO/HELO,
// AUTH LOGIN, MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT) with Poco's TCPServer and keeps each
// message it is given, with the envelope and the login it came with.
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace Poco::Net {
class TCPServer;
}

namespace vanthu::test {

struct SmtpMessage {
    std::string from;                    ///< MAIL FROM's address
    std::vector<std::string> recipients; ///< RCPT TO's addresses
    std::string user, password;          ///< from AUTH LOGIN; empty without a login
    std::string data;                    ///< the message as sent (dot-stuffing undone)

    /// A header's value as sent (unfolded), "" when missing.
    std::string header(const std::string& name) const;
    /// The Subject with RFC 2047 encoded words decoded (Q and B, UTF-8).
    std::string subject() const;
    /// The body after the headers, quoted-printable decoded when so marked.
    std::string body() const;
};

class SmtpSink {
public:
    /// Listens on 127.0.0.1:port (0: a free port).
    explicit SmtpSink(unsigned short port = 0);
    ~SmtpSink();
    SmtpSink(const SmtpSink&) = delete;
    SmtpSink& operator=(const SmtpSink&) = delete;

    unsigned short port() const { return port_; }
    std::vector<SmtpMessage> messages() const;
    /// Waits until at least `count` messages arrived; false after the time-out.
    bool waitFor(std::size_t count, std::chrono::seconds timeout) const;

    /// Called by the connections.
    void received(SmtpMessage message);

private:
    std::unique_ptr<Poco::Net::TCPServer> server_;
    unsigned short port_ = 0;
    mutable std::mutex mutex_;
    mutable std::condition_variable arrived_;
    std::vector<SmtpMessage> messages_;
};

/// A loopback port nothing listens on now (bound, read, closed).
unsigned short unusedPort();

} // namespace vanthu::test
