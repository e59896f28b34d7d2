#include "http/MailSender.hpp"

#include <sys/stat.h>

#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <stdexcept>

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/SMTPClientSession.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Timestamp.h>

namespace vanthu::http {

std::string readSmtpPassword(const std::filesystem::path& file) {
    struct stat info {};
    if (::stat(file.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
        throw std::runtime_error("không đọc được tệp mật khẩu SMTP " + file.string());
    }
    if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        throw std::runtime_error("tệp mật khẩu SMTP " + file.string() +
                                 " phải chỉ chủ sở hữu đọc được (chmod 600)");
    }
    std::ifstream in(file, std::ios::binary);
    std::string line;
    std::getline(in, line);
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    if (line.empty()) {
        throw std::runtime_error("tệp mật khẩu SMTP " + file.string() + " trống");
    }
    return line;
}

namespace {

void compose(Poco::Net::MailMessage& message, const SmtpSettings& smtp,
             const docmgmt::MailNotice& notice) {
    message.setSender(Poco::Net::MailMessage::encodeWord(smtp.senderName, "UTF-8") + " <" +
                      smtp.sender + ">");
    message.addRecipient(
        Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT, notice.recipient));
    message.setSubject(Poco::Net::MailMessage::encodeWord(notice.subject, "UTF-8"));
    message.setDate(Poco::Timestamp());
    message.set("Auto-Submitted", "auto-generated"); // RFC 3834: no automatic replies
    message.setContentType("text/plain; charset=UTF-8");
    message.setContent(notice.body, Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
}

/// Poco's SMTP session with STARTTLS that checks the server's certificate against the host name
/// of the settings (and sends it as SNI). Poco's SecureSMTPClientSession, made on a socket
/// connected with a time-out, would check it against the peer's address only.
class StartTlsSession : public Poco::Net::SMTPClientSession {
public:
    using SMTPClientSession::SMTPClientSession;

    /// False when the server does not take STARTTLS; throws when the handshake or the
    /// certificate fails.
    bool startTls(const std::string& host, const Poco::Net::Context::Ptr& context) {
        std::string response;
        if (!isPositiveCompletion(sendCommand("STARTTLS", response))) {
            return false;
        }
        Poco::Net::SecureStreamSocket secure(
            Poco::Net::SecureStreamSocket::attach(socket(), host, context));
        socket() = secure;
        return true;
    }
};

/// The TLS context of the SMTP client: one per CA file, made once.
Poco::Net::Context::Ptr clientContext(const std::filesystem::path& caFile) {
    static std::mutex mutex;
    static std::map<std::string, Poco::Net::Context::Ptr> contexts;
    std::lock_guard lock(mutex);
    auto& context = contexts[caFile.string()];
    if (!context) {
        context =
            new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", caFile.string(),
                                   Poco::Net::Context::VERIFY_STRICT, 9, caFile.empty());
    }
    return context;
}

void deliver(Poco::Net::SMTPClientSession& session, const SmtpSettings& smtp,
             const Poco::Net::MailMessage& message) {
    if (!smtp.user.empty()) {
        session.login(Poco::Net::SMTPClientSession::AUTH_LOGIN, smtp.user, smtp.password);
    }
    session.sendMessage(message);
    session.close();
}

} // namespace

void sendMail(const SmtpSettings& smtp, const docmgmt::MailNotice& notice) {
    Poco::Net::MailMessage message;
    compose(message, smtp, notice);
    const Poco::Timespan timeout(static_cast<long>(smtp.timeout.count()), 0);
    try {
        Poco::Net::StreamSocket socket;
        socket.connect(Poco::Net::SocketAddress(smtp.host, smtp.port), timeout);
        if (smtp.startTls) {
            // The SMTP server's certificate is checked strictly, against caFile or the
            // system's CAs, and its name against the host.
            StartTlsSession session(socket);
            session.setTimeout(timeout);
            session.login();
            if (!session.startTls(smtp.host, clientContext(smtp.caFile))) {
                // Nothing goes in clear: not the login, not the envelope, not the message.
                throw std::runtime_error("máy chủ SMTP " + smtp.host + " không nhận STARTTLS");
            }
            if (smtp.user.empty()) {
                session.login(); // EHLO again over TLS (RFC 3207); the login does it otherwise
            }
            deliver(session, smtp, message);
        } else {
            Poco::Net::SMTPClientSession session(socket);
            session.setTimeout(timeout);
            session.login();
            deliver(session, smtp, message);
        }
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("gửi thư qua " + smtp.host + ":" + std::to_string(smtp.port) +
                                 " không được: " + e.displayText());
    }
}

std::unique_ptr<BackgroundLoop> mailNoticeLoop(docmgmt::MailNotices& notices,
                                               const docmgmt::MailSettings& settings,
                                               std::chrono::milliseconds poll) {
    return std::make_unique<BackgroundLoop>(
        "thư thông báo", poll,
        [&notices, &settings] {
            const auto smtp = settings.smtp();
            if (!smtp.configured()) {
                return false; // no SMTP server: nothing queued, nothing sent
            }
            notices.queueWaitingWork();
            const auto round = notices.sendDue([&smtp](const docmgmt::MailNotice& notice) {
                try {
                    sendMail(smtp, notice);
                } catch (const std::exception& e) {
                    std::cerr << "vanthu: thư thông báo " << notice.key << " đến "
                              << notice.recipient << " chưa gửi được (lần " << notice.attempts
                              << "): " << e.what() << std::endl;
                    throw;
                }
            });
            // A full round: more may be due at once (but not while the server is down).
            return round.failed == 0 && round.sent >= 20;
        },
        /*lowPriority=*/true);
}

} // namespace vanthu::http
