#pragma once
// The SMTP side of the notices by e-mail (issue 14 item 7; docmgmt::MailNotices writes and
// queues them): the installation's SMTP server as `vanthu serve` is configured with it
// (docs/deployment.md, "Notices by e-mail"), one message sent with Poco's SMTPClientSession,
// after STARTTLS when asked, and the background thread that queues waiting work and sends
// what is due, never on a request's thread.
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "http/BackgroundLoop.hpp"
#include "vanthu/docmgmt/MailNotices.hpp"

namespace vanthu::http {

struct SmtpSettings {
    std::string host; ///< empty: no e-mail is sent
    unsigned short port = 587;
    bool startTls = true; ///< STARTTLS before the login and the message (the server's
                          ///< certificate checked against the system's CAs)
    std::string user;     ///< empty: no login
    std::string password; ///< read from an owner-only file (readSmtpPassword)
    std::string sender;   ///< the From address: "vanthu@ubnd.gov.vn"
    std::string senderName = "Hệ thống quản lý văn bản vanthu";
    std::chrono::seconds timeout{30};

    bool configured() const { return !host.empty(); }
};

/// The first line of a file that only its owner may read or write (mode 0600 or 0400), as the
/// axis's secret; std::runtime_error with a Vietnamese sentence otherwise.
std::string readSmtpPassword(const std::filesystem::path& file);

/// Sends one notice; throws std::runtime_error naming what failed (connection, STARTTLS,
/// login, a refused recipient).
void sendMail(const SmtpSettings& smtp, const docmgmt::MailNotice& notice);

/// The background thread: every `poll`, the waiting work not told yet is queued and the notices
/// due are sent (a failure is logged on stderr and tried again later by MailNotices).
std::unique_ptr<BackgroundLoop> mailNoticeLoop(docmgmt::MailNotices& notices, SmtpSettings smtp,
                                               std::chrono::milliseconds poll);

} // namespace vanthu::http
