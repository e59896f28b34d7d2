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
#include "vanthu/docmgmt/MailSettings.hpp"

namespace vanthu::http {

/// The SMTP server's settings (docmgmt::MailSettings: the config file's or the page's).
using SmtpSettings = docmgmt::SmtpSettings;

/// The first line of a file that only its owner may read or write (mode 0600 or 0400), as the
/// axis's secret; std::runtime_error with a Vietnamese sentence otherwise.
std::string readSmtpPassword(const std::filesystem::path& file);

/// Sends one notice; throws std::runtime_error naming what failed (connection, STARTTLS
/// not offered or failed, the server's certificate, login, a refused recipient). With
/// startTls, nothing (no login, no envelope, no message) is sent before TLS is up.
void sendMail(const SmtpSettings& smtp, const docmgmt::MailNotice& notice);

/// The background thread: every `poll`, when `settings` names an SMTP server (read each round:
/// the administrator's page may change it), the waiting work not told yet is queued and the
/// notices due are sent (a failure is logged on stderr and tried again later by MailNotices).
std::unique_ptr<BackgroundLoop> mailNoticeLoop(docmgmt::MailNotices& notices,
                                               const docmgmt::MailSettings& settings,
                                               std::chrono::milliseconds poll);

} // namespace vanthu::http
