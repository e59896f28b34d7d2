#include "vanthu/docmgmt/MailSettings.hpp"

#include <algorithm>

#include "Actors.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/MailNotices.hpp"
#include "vanthu/docmgmt/SecretBox.hpp"

namespace vanthu::docmgmt {

namespace {

std::filesystem::path secretKeyFile(const std::filesystem::path& pki) {
    return pki / "secret.key";
}

/// A host name or address: letters, digits, dots, hyphens, colons (IPv6), at most 253.
void checkHost(const std::string& host) {
    const bool plain =
        !host.empty() && host.size() <= 253 && std::all_of(host.begin(), host.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '.' || c == '-' || c == ':' || c == '_';
        });
    if (!plain) {
        throw InvalidInput("host", "Tên máy chủ SMTP không hợp lệ (ví dụ: mail.coquan.gov.vn).");
    }
}

/// The From address: one "local@domain" without spaces or characters that break a header.
void checkSender(const std::string& sender) {
    const auto at = sender.find('@');
    if (sender.empty() || sender.size() > 254 || at == std::string::npos || at == 0 ||
        at + 1 == sender.size() ||
        sender.find_first_of(" \t\r\n<>,;\"()[]\\") != std::string::npos) {
        throw InvalidInput("sender", "Địa chỉ người gửi không hợp lệ (ví dụ: "
                                     "vanthu@coquan.gov.vn).");
    }
}

void checkUser(const std::string& user) {
    if (user.size() > 254 || user.find_first_of("\r\n") != std::string::npos) {
        throw InvalidInput("user", "Tên đăng nhập SMTP không hợp lệ.");
    }
}

std::string yesNo(bool value) {
    return value ? "có" : "không";
}

} // namespace

MailSettings::MailSettings(Storage& storage, AuditTrail& audit, std::filesystem::path pki,
                           SmtpSettings fileSmtp, Clock clock)
    : storage_(storage), audit_(audit), pki_(std::move(pki)), fileSmtp_(std::move(fileSmtp)),
      clock_(std::move(clock)) {}

const std::vector<MailKind>& MailSettings::kinds() {
    static const std::vector<MailKind> all = [] {
        std::vector<MailKind> list;
        for (const char* kind :
             {kWaitingAssigned, kWaitingDueSoon, kWaitingOverdue, kWaitingArrived,
              kWaitingRegistered, kWaitingRecallRequested, kWaitingRecalled, kWaitingSubmitted,
              kWaitingReturned, kWaitingApproved, kWaitingSigned}) {
            list.push_back({kind, MailNotices::title(kind)});
        }
        return list;
    }();
    return all;
}

std::vector<std::string> MailSettings::optedOut(Id userId) const {
    return storage_.mailOptOuts(userId);
}

std::vector<std::string> MailSettings::setOptedOut(const Actor& actor,
                                                   std::vector<std::string> off) {
    const auto& known = kinds();
    for (const auto& kind : off) {
        if (std::none_of(known.begin(), known.end(),
                         [&](const MailKind& k) { return k.kind == kind; })) {
            throw InvalidInput("off", "Không có loại thông báo \"" + kind.substr(0, 40) + "\".");
        }
    }
    std::sort(off.begin(), off.end());
    off.erase(std::unique(off.begin(), off.end()), off.end());
    std::string detail;
    for (const auto& kind : off) {
        detail += (detail.empty() ? "" : ", ") + kind;
    }
    storage_.transaction([&] {
        storage_.setMailOptOuts(actor.user.id, off);
        audit_.record({actor.user.id, actor.user.username, "set-mail-preferences",
                       "user/" + std::to_string(actor.user.id), actor.address,
                       detail.empty() ? "nhận mọi thông báo" : "tắt: " + detail});
    });
    return off;
}

SmtpSettings MailSettings::smtp() const {
    const auto stored = storage_.storedSmtp();
    if (!stored) {
        return fileSmtp_;
    }
    SmtpSettings smtp;
    smtp.host = stored->host;
    smtp.port = static_cast<unsigned short>(stored->port);
    smtp.startTls = stored->startTls;
    smtp.user = stored->user;
    smtp.sender = stored->sender;
    smtp.timeout = fileSmtp_.timeout;
    smtp.caFile = fileSmtp_.caFile;
    if (!stored->passwordSealed.empty()) {
        smtp.password =
            SecretBox::open(secretKeyFile(pki_)).open(stored->passwordSealed, kSmtpSecretContext);
    }
    return smtp;
}

void MailSettings::requireInstallationAdministrator(const Actor& actor) const {
    const auto user = currentUser(storage_, actor);
    if (!user || !user->active || user->role != Role::Administrator ||
        !user->installationAdministrator) {
        throw Forbidden("Chỉ quản trị hệ thống mới xem và đặt được máy chủ thư (SMTP).");
    }
}

std::vector<MailNotice> MailSettings::queue(const Actor& actor, int limit) const {
    requireInstallationAdministrator(actor);
    return storage_.mailNotices(std::nullopt, std::clamp(limit, 1, 500));
}

SmtpView MailSettings::smtpView(const Actor& actor) const {
    requireInstallationAdministrator(actor);
    SmtpView view;
    const auto stored = storage_.storedSmtp();
    if (stored) {
        view.source = "database";
        view.settings.host = stored->host;
        view.settings.port = static_cast<unsigned short>(stored->port);
        view.settings.startTls = stored->startTls;
        view.settings.user = stored->user;
        view.settings.sender = stored->sender;
        view.passwordSet = !stored->passwordSealed.empty();
        view.updatedAt = stored->updatedAt;
        view.updatedBy = stored->updatedBy;
    } else if (fileSmtp_.configured()) {
        view.source = "file";
        view.settings = fileSmtp_;
        view.passwordSet = !fileSmtp_.password.empty();
    }
    view.settings.password.clear();
    return view;
}

SmtpView MailSettings::saveSmtp(const Actor& actor, SmtpSettings settings,
                                const std::optional<std::string>& password) {
    requireInstallationAdministrator(actor);
    checkHost(settings.host);
    if (settings.port == 0) {
        throw InvalidInput("port", "Cổng SMTP phải từ 1 đến 65535.");
    }
    checkSender(settings.sender);
    checkUser(settings.user);
    StoredSmtp row;
    row.host = settings.host;
    row.port = settings.port;
    row.startTls = settings.startTls;
    row.user = settings.user;
    row.sender = settings.sender;
    row.updatedAt = vietnamTimestamp(clock_());
    row.updatedBy = actor.user.id;
    const auto before = storage_.storedSmtp();
    if (password && password->size() > 1024) {
        throw InvalidInput("password", "Mật khẩu SMTP dài quá 1024 ký tự.");
    }
    if (password && !password->empty()) {
        row.passwordSealed =
            SecretBox::openOrCreate(secretKeyFile(pki_)).seal(*password, kSmtpSecretContext);
    } else if (!password && before) {
        row.passwordSealed = before->passwordSealed;
    }
    if (row.user.empty() != row.passwordSealed.empty()) {
        throw InvalidInput(row.user.empty() ? "user" : "password",
                           "Tên đăng nhập và mật khẩu SMTP phải có cả hai hoặc bỏ trống cả hai.");
    }
    storage_.transaction([&] {
        storage_.setStoredSmtp(row);
        audit_.record({actor.user.id, actor.user.username, "set-smtp", "smtp", actor.address,
                       row.host + ":" + std::to_string(row.port) +
                           ", STARTTLS: " + yesNo(row.startTls) + ", người gửi " + row.sender +
                           (row.user.empty() ? ", không đăng nhập"
                                             : ", đăng nhập " + row.user +
                                                   (password ? " (mật khẩu mới)" : ""))});
    });
    return smtpView(actor);
}

SmtpView MailSettings::resetSmtp(const Actor& actor) {
    requireInstallationAdministrator(actor);
    storage_.transaction([&] {
        storage_.setStoredSmtp(std::nullopt);
        audit_.record({actor.user.id, actor.user.username, "reset-smtp", "smtp", actor.address,
                       "về cấu hình trong tệp"});
    });
    return smtpView(actor);
}

} // namespace vanthu::docmgmt
