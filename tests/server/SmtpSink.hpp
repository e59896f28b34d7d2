#pragma once
// A loopback SMTP server for the tests of the notices by e-mail: speaks enough SMTP (EHLO/HELO,
// STARTTLS, AUTH LOGIN, MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT) with Poco's TCPServer and
// keeps each message it is given, with the envelope, the login and whether it came over TLS.
// With a certificate it offers STARTTLS (RFC 3207: the TLS handshake through Poco's
// SecureStreamSocket, then EHLO again before anything else); without, it answers STARTTLS 502.
#include <chrono>
#include <condition_variable>
#include <filesystem>
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
    bool tls = false;                    ///< everything from EHLO on came over TLS after STARTTLS
    std::string tlsProtocol;             ///< the TLS session's protocol ("TLSv1.3"), "" in clear

    /// A header's value as sent (unfolded), "" when missing.
    std::string header(const std::string& name) const;
    /// The Subject with RFC 2047 encoded words decoded (Q and B, UTF-8).
    std::string subject() const;
    /// The body after the headers, quoted-printable decoded when so marked.
    std::string body() const;
};

/// The sink's certificate and key (PEM files) for STARTTLS; empty: STARTTLS is not offered.
struct SmtpSinkTls {
    std::filesystem::path certificate, key;
};

/// A key and a self-signed certificate for "localhost" and 127.0.0.1, made with the openssl
/// program in `folder` (cert.pem, key.pem); the certificate is its own CA.
SmtpSinkTls makeTestCertificate(const std::filesystem::path& folder);

class SmtpSink {
public:
    /// Listens on 127.0.0.1:port (0: a free port); with tls, offers STARTTLS.
    explicit SmtpSink(unsigned short port = 0, SmtpSinkTls tls = {});
    ~SmtpSink();
    SmtpSink(const SmtpSink&) = delete;
    SmtpSink& operator=(const SmtpSink&) = delete;

    unsigned short port() const { return port_; }
    std::vector<SmtpMessage> messages() const;
    /// Waits until at least `count` messages arrived; false after the time-out.
    bool waitFor(std::size_t count, std::chrono::seconds timeout) const;

    /// Every command line received, in order, as "VERB" or "VERB (tls)" (the verb upper case):
    /// what the client sent before and after STARTTLS.
    std::vector<std::string> commands() const;
    const SmtpSinkTls& tls() const { return tls_; }

    /// Called by the connections.
    void received(SmtpMessage message);
    void heard(const std::string& command);

private:
    std::unique_ptr<Poco::Net::TCPServer> server_;
    unsigned short port_ = 0;
    mutable std::mutex mutex_;
    mutable std::condition_variable arrived_;
    std::vector<SmtpMessage> messages_;
    std::vector<std::string> commands_;
    SmtpSinkTls tls_;
};

/// A loopback port nothing listens on now (bound, read, closed).
unsigned short unusedPort();

} // namespace vanthu::test
