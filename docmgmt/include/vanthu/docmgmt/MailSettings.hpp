#pragma once
// The settings of the notices by e-mail (issue 14; MailNotices writes and queues the notices):
// - each person's own choice of the kinds of notice they want (all by default; the kinds they
//   turn off are kept in mail_opt_outs and MailNotices queues none of them);
// - the SMTP server, as the config file of `vanthu serve` names it or as an installation
//   administrator set it on the web page (a row of smtp_settings that overrides the file; its
//   password sealed under DIR/pki/secret.key with SecretBox, never written in clear).
// Every change is audited.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/OutgoingFlow.hpp"
#include "vanthu/docmgmt/Storage.hpp"
#include "vanthu/docmgmt/VietnamTime.hpp"

namespace vanthu::docmgmt {

/// What the password is sealed to (SecretBox's context).
inline constexpr const char* kSmtpSecretContext = "smtp/password";

/// An SMTP server for the notices.
struct SmtpSettings {
    std::string host; ///< empty: no e-mail is sent
    unsigned short port = 587;
    bool startTls = true; ///< STARTTLS before the login and the message (the server's
                          ///< certificate checked against caFile, else the system's CAs); a
                          ///< server that does not offer it gets nothing
    std::string user;     ///< empty: no login
    std::string password; ///< the config file's owner-only file, or the sealed row
    std::string sender;   ///< the From address: "vanthu@ubnd.gov.vn"
    std::string senderName = "Hệ thống quản lý văn bản vanthu";
    std::chrono::seconds timeout{30};
    /// PEM file of the CAs that may sign the SMTP server's certificate (`smtp-ca-file`); empty:
    /// the system's.
    std::filesystem::path caFile;

    bool configured() const { return !host.empty(); }
};

/// A kind of notice and its name as people read it.
struct MailKind {
    std::string kind;  ///< kWaiting… of MailNotices.hpp
    std::string title; ///< "Văn bản đến giao cho bạn xử lý"
};

/// The SMTP settings as the administrator's page shows them: never the password.
struct SmtpView {
    std::string source;    ///< "database" (the page's), "file" (the config file's) or "" (none)
    SmtpSettings settings; ///< password always empty
    bool passwordSet = false;
    std::string updatedAt;
    Id updatedBy = 0;
};

class MailSettings {
public:
    /// fileSmtp: the config file's settings (host empty when it names none); pki: DIR/pki.
    MailSettings(Storage& storage, AuditTrail& audit, std::filesystem::path pki,
                 SmtpSettings fileSmtp, Clock clock = systemClock());

    /// The config file's settings (set once at start, before the server's threads).
    void setFileSmtp(SmtpSettings fileSmtp) { fileSmtp_ = std::move(fileSmtp); }

    /// Every kind of notice, in the order the settings page lists them.
    static const std::vector<MailKind>& kinds();

    /// The kinds the person turned off.
    std::vector<std::string> optedOut(Id userId) const;
    /// The actor's own choice: the kinds they turn off (InvalidInput "off" for an unknown
    /// kind); audited "set-mail-preferences".
    std::vector<std::string> setOptedOut(const Actor& actor, std::vector<std::string> off);

    /// The SMTP server the notices go through now: the page's row when there is one, else the
    /// config file's (host empty: none).
    SmtpSettings smtp() const;
    /// The administrator's view (Forbidden unless an installation administrator).
    SmtpView smtpView(const Actor& actor) const;
    /// Saves the page's settings (Forbidden unless an installation administrator; InvalidInput
    /// naming the field). password: nullopt keeps the one saved before, "" removes it. Audited
    /// "set-smtp" (never the password).
    SmtpView saveSmtp(const Actor& actor, SmtpSettings settings,
                      const std::optional<std::string>& password);
    /// Removes the page's settings: the config file's apply again. Audited "reset-smtp".
    SmtpView resetSmtp(const Actor& actor);
    /// Forbidden unless the actor is an installation administrator.
    void requireInstallationAdministrator(const Actor& actor) const;
    /// The e-mail queue as the administrator sees it (Forbidden unless an installation
    /// administrator): the newest `limit` notices (1–500), sent or not, with their tries.
    std::vector<MailNotice> queue(const Actor& actor, int limit) const;

private:
    Storage& storage_;
    AuditTrail& audit_;
    std::filesystem::path pki_;
    SmtpSettings fileSmtp_;
    Clock clock_;
};

} // namespace vanthu::docmgmt
