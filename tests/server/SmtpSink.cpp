#include "SmtpSink.hpp"

#include <cctype>
#include <memory>
#include <sstream>

#include "TestSupport.hpp"

#include <openssl/ssl.h>

#include <Poco/Base64Decoder.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketStream.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/Net/TCPServerParams.h>

namespace vanthu::test {

namespace {

std::string lower(std::string text) {
    for (auto& c : text) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return text;
}

std::string base64Decoded(const std::string& text) {
    std::istringstream in(text);
    Poco::Base64Decoder decoder(in);
    return std::string(std::istreambuf_iterator<char>(decoder), {});
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/// Quoted-printable: "=XX" bytes, "=" at a line's end joins it to the next.
std::string quotedPrintableDecoded(const std::string& text, bool underscoreIsSpace) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '=' && i + 1 < text.size()) {
            if (text[i + 1] == '\r' || text[i + 1] == '\n') {
                i += text[i + 1] == '\r' && i + 2 < text.size() && text[i + 2] == '\n' ? 2 : 1;
                continue;
            }
            if (i + 2 < text.size() && hexValue(text[i + 1]) >= 0 && hexValue(text[i + 2]) >= 0) {
                out += static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2]));
                i += 2;
                continue;
            }
        }
        out += underscoreIsSpace && c == '_' ? ' ' : c;
    }
    return out;
}

/// The address inside <…> of "MAIL FROM:<a@b>".
std::string addressIn(const std::string& line) {
    const auto open = line.find('<');
    const auto close = line.find('>', open);
    return open == std::string::npos || close == std::string::npos
               ? std::string()
               : line.substr(open + 1, close - open - 1);
}

class SmtpConnection : public Poco::Net::TCPServerConnection {
public:
    SmtpConnection(const Poco::Net::StreamSocket& socket, SmtpSink& sink)
        : TCPServerConnection(socket), sink_(sink) {}

    void run() override {
        socket().setReceiveTimeout(Poco::Timespan(10, 0));
        Poco::Net::StreamSocket wire = socket(); // the TLS socket after STARTTLS
        auto stream = std::make_unique<Poco::Net::SocketStream>(wire);
        const auto reply = [&](const std::string& line) {
            *stream << line << "\r\n" << std::flush;
        };
        const auto readLine = [&](std::string& line) {
            if (!std::getline(*stream, line)) {
                return false;
            }
            if (!line.empty() && line.back() == '\r') {
                line.pop_back();
            }
            return true;
        };
        reply("220 sink.test ESMTP vanthu test sink");
        SmtpMessage message;
        bool greeted = false; // EHLO or HELO since the start or since STARTTLS
        std::string line;
        try {
            while (readLine(line)) {
                const std::string verb = lower(line.substr(0, line.find(' ')));
                std::string heard = verb;
                for (auto& c : heard) {
                    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                }
                sink_.heard(heard + (message.tls ? " (tls)" : ""));
                if (verb == "ehlo") {
                    greeted = true;
                    reply("250-sink.test");
                    if (offersTls() && !message.tls) {
                        reply("250-STARTTLS");
                    }
                    reply("250-AUTH LOGIN");
                    reply("250 8BITMIME");
                } else if (verb == "helo") {
                    greeted = true;
                    reply("250 sink.test");
                } else if (verb == "starttls") {
                    if (!offersTls() || message.tls) {
                        reply("502 5.5.1 STARTTLS not offered");
                        continue;
                    }
                    reply("220 2.0.0 Ready to start TLS");
                    auto secure = Poco::Net::SecureStreamSocket::attach(wire, serverContext());
                    secure.completeHandshake();
                    message.tls = true;
                    message.tlsProtocol = protocolOf(secure);
                    wire = secure;
                    stream = std::make_unique<Poco::Net::SocketStream>(wire);
                    greeted = false; // RFC 3207: the client says EHLO again
                } else if (!greeted &&
                           (verb == "auth" || verb == "mail" || verb == "rcpt" || verb == "data")) {
                    reply("503 5.5.1 Error: send HELO/EHLO first");
                } else if (verb == "auth") {
                    reply("334 VXNlcm5hbWU6");
                    readLine(line);
                    message.user = base64Decoded(line);
                    reply("334 UGFzc3dvcmQ6");
                    readLine(line);
                    message.password = base64Decoded(line);
                    reply("235 2.7.0 Authentication successful");
                } else if (verb == "mail") {
                    message.from = addressIn(line);
                    reply("250 2.1.0 Ok");
                } else if (verb == "rcpt") {
                    message.recipients.push_back(addressIn(line));
                    reply("250 2.1.5 Ok");
                } else if (verb == "data") {
                    reply("354 End data with <CR><LF>.<CR><LF>");
                    std::string data;
                    while (readLine(line) && line != ".") {
                        data += (line.rfind("..", 0) == 0 ? line.substr(1) : line) + "\r\n";
                    }
                    message.data = data;
                    sink_.received(message);
                    message.recipients.clear();
                    reply("250 2.0.0 Ok: queued");
                } else if (verb == "rset" || verb == "noop") {
                    reply("250 2.0.0 Ok");
                } else if (verb == "quit") {
                    reply("221 2.0.0 Bye");
                    return;
                } else {
                    reply("502 5.5.2 Error: command not recognized");
                }
            }
        } catch (const Poco::Exception&) {
            // the client went away, or its TLS handshake failed
        }
    }

private:
    bool offersTls() const { return !sink_.tls().certificate.empty(); }

    Poco::Net::Context::Ptr serverContext() const {
        return new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, sink_.tls().key.string(),
                                      sink_.tls().certificate.string(), "",
                                      Poco::Net::Context::VERIFY_NONE);
    }

    static std::string protocolOf(Poco::Net::SecureStreamSocket& socket) {
        const auto session = socket.currentSession();
        if (!session || !session->sslSession()) {
            return "TLS";
        }
        switch (SSL_SESSION_get_protocol_version(session->sslSession())) {
        case TLS1_3_VERSION:
            return "TLSv1.3";
        case TLS1_2_VERSION:
            return "TLSv1.2";
        default:
            return "TLS (older than 1.2)";
        }
    }

    SmtpSink& sink_;
};

class SmtpConnectionFactory : public Poco::Net::TCPServerConnectionFactory {
public:
    explicit SmtpConnectionFactory(SmtpSink& sink) : sink_(sink) {}
    Poco::Net::TCPServerConnection*
    createConnection(const Poco::Net::StreamSocket& socket) override {
        return new SmtpConnection(socket, sink_);
    }

private:
    SmtpSink& sink_;
};

} // namespace

std::string SmtpMessage::header(const std::string& name) const {
    const std::string wanted = lower(name) + ":";
    std::istringstream in(data);
    std::string line, value;
    bool inside = false;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (line.empty()) {
            break;
        }
        if (inside && (line[0] == ' ' || line[0] == '\t')) {
            value += line; // folded
            continue;
        }
        if (inside) {
            break;
        }
        if (lower(line.substr(0, wanted.size())) == wanted) {
            inside = true;
            value = line.substr(wanted.size());
        }
    }
    const auto start = value.find_first_not_of(" \t");
    return start == std::string::npos ? std::string() : value.substr(start);
}

std::string SmtpMessage::subject() const {
    const std::string raw = header("Subject");
    std::string out;
    std::size_t i = 0;
    bool lastWasEncoded = false;
    while (i < raw.size()) {
        const auto start = raw.find("=?", i);
        if (start == std::string::npos) {
            out += raw.substr(i);
            break;
        }
        const std::string between = raw.substr(i, start - i);
        // Blanks between two encoded words are not part of the text (RFC 2047, 6.2).
        if (!(lastWasEncoded && between.find_first_not_of(" \t") == std::string::npos)) {
            out += between;
        }
        const auto charsetEnd = raw.find('?', start + 2);
        const auto encodingEnd = raw.find('?', charsetEnd + 1);
        const auto end = raw.find("?=", encodingEnd + 1);
        if (charsetEnd == std::string::npos || encodingEnd == std::string::npos ||
            end == std::string::npos) {
            out += raw.substr(start);
            break;
        }
        const char encoding = static_cast<char>(std::tolower(raw[charsetEnd + 1]));
        const std::string text = raw.substr(encodingEnd + 1, end - encodingEnd - 1);
        out += encoding == 'b' ? base64Decoded(text) : quotedPrintableDecoded(text, true);
        lastWasEncoded = true;
        i = end + 2;
    }
    return out;
}

std::string SmtpMessage::body() const {
    const auto split = data.find("\r\n\r\n");
    const std::string raw = split == std::string::npos ? std::string() : data.substr(split + 4);
    if (lower(header("Content-Transfer-Encoding")) == "quoted-printable") {
        return quotedPrintableDecoded(raw, false);
    }
    return raw;
}

SmtpSinkTls makeTestCertificate(const std::filesystem::path& folder) {
    SmtpSinkTls tls{folder / "cert.pem", folder / "key.pem"};
    const auto made =
        run({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
             tls.key.string(), "-out", tls.certificate.string(), "-days", "2", "-subj",
             "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"});
    if (made.exitCode != 0) {
        throw std::runtime_error("openssl req failed: " + made.err);
    }
    return tls;
}

SmtpSink::SmtpSink(unsigned short port, SmtpSinkTls tls) : tls_(std::move(tls)) {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", port));
    port_ = socket.address().port();
    auto* params = new Poco::Net::TCPServerParams;
    params->setMaxThreads(4);
    server_ =
        std::make_unique<Poco::Net::TCPServer>(new SmtpConnectionFactory(*this), socket, params);
    server_->start();
}

SmtpSink::~SmtpSink() {
    server_->stop();
}

std::vector<std::string> SmtpSink::commands() const {
    std::lock_guard lock(mutex_);
    return commands_;
}

void SmtpSink::heard(const std::string& command) {
    std::lock_guard lock(mutex_);
    commands_.push_back(command);
}

std::vector<SmtpMessage> SmtpSink::messages() const {
    std::lock_guard lock(mutex_);
    return messages_;
}

bool SmtpSink::waitFor(std::size_t count, std::chrono::seconds timeout) const {
    std::unique_lock lock(mutex_);
    return arrived_.wait_for(lock, timeout, [&] { return messages_.size() >= count; });
}

void SmtpSink::received(SmtpMessage message) {
    {
        std::lock_guard lock(mutex_);
        messages_.push_back(std::move(message));
    }
    arrived_.notify_all();
}

unsigned short unusedPort() {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    const auto port = socket.address().port();
    socket.close();
    return port;
}

} // namespace vanthu::test
