#include "http/MailHandler.hpp"

#include <algorithm>

#include "http/ApiError.hpp"
#include "http/Json.hpp"
#include "http/MailSender.hpp"
#include "vanthu/docmgmt/MailSettings.hpp"
#include "vanthu/docmgmt/VietnamTime.hpp"

namespace vanthu::http {

namespace {

bool startsWith(const std::string& text, const std::string& prefix) {
    return text.rfind(prefix, 0) == 0 && (text.size() == prefix.size() ||
                                          text[prefix.size()] == '/' || text[prefix.size()] == '?');
}

docmgmt::MailSettings& settingsOf(Backend& backend) {
    auto* settings = backend.mailSettings();
    if (!settings) {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
    return *settings;
}

Poco::JSON::Object::Ptr preferencesJson(const User& me, const std::vector<std::string>& off) {
    auto json = newObject();
    json->set("email", me.email);
    auto kinds = newArray();
    auto offList = newArray();
    for (const auto& kind : docmgmt::MailSettings::kinds()) {
        const bool isOff = std::find(off.begin(), off.end(), kind.kind) != off.end();
        auto one = newObject();
        one->set("kind", kind.kind);
        one->set("title", kind.title);
        one->set("on", !isOff);
        kinds->add(one);
        if (isOff) {
            offList->add(kind.kind);
        }
    }
    json->set("kinds", kinds);
    json->set("off", offList);
    return json;
}

Poco::JSON::Object::Ptr smtpJson(const docmgmt::SmtpView& view, Backend& backend) {
    auto json = newObject();
    json->set("source", view.source);
    json->set("host", view.settings.host);
    json->set("port", static_cast<int>(view.settings.port));
    json->set("startTls", view.settings.startTls);
    json->set("user", view.settings.user);
    json->set("sender", view.settings.sender);
    json->set("passwordSet", view.passwordSet);
    json->set("updatedAt", view.updatedAt);
    const auto by = view.updatedBy != 0 ? backend.findUser(view.updatedBy) : std::nullopt;
    json->set("updatedByName", by ? by->fullName : std::string());
    return json;
}

/// Where a notice's sending stands: "sent", "waiting" before its first try, "retrying" after a
/// failed one.
std::string queueState(const docmgmt::MailNotice& notice) {
    return !notice.sentAt.empty() ? "sent" : notice.attempts == 0 ? "waiting" : "retrying";
}

/// One notice of the queue: who, what, and its state (queueState), the body left out.
Poco::JSON::Object::Ptr queuedJson(const docmgmt::MailNotice& notice, Backend& backend) {
    auto json = newObject();
    json->set("id", notice.id);
    json->set("userId", notice.userId);
    const auto user = backend.findUser(notice.userId);
    json->set("userName", user ? user->fullName : std::string());
    json->set("recipient", notice.recipient);
    json->set("subject", notice.subject);
    json->set("queuedAt", notice.queuedAt);
    json->set("attempts", notice.attempts);
    json->set("lastAttemptAt", notice.lastAttemptAt);
    json->set("lastError", notice.lastError);
    json->set("sentAt", notice.sentAt);
    json->set("nextAttemptAt", notice.sentAt.empty() && notice.nextAttemptAt > 0
                                   ? docmgmt::vietnamTimestamp(notice.nextAttemptAt)
                                   : std::string());
    json->set("state", queueState(notice));
    return json;
}

} // namespace

bool MailHandler::answers(const std::string& uri) {
    return startsWith(uri, "/api/me/mail-preferences") || startsWith(uri, "/api/smtp");
}

void MailHandler::serve(Exchange& exchange) {
    const auto& segments = exchange.segments;
    if (segments.size() == 3 && segments[1] == "me" && segments[2] == "mail-preferences") {
        preferences(exchange);
    } else if (segments.size() == 2 && segments[1] == "smtp") {
        smtp(exchange);
    } else if (segments.size() == 3 && segments[1] == "smtp" && segments[2] == "queue") {
        if (exchange.method != "GET") {
            throw ApiError::methodNotAllowed();
        }
        queue(exchange);
    } else if (segments.size() == 3 && segments[1] == "smtp" && segments[2] == "test") {
        if (exchange.method != "POST") {
            throw ApiError::methodNotAllowed();
        }
        testMail(exchange);
    } else {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
}

void MailHandler::preferences(Exchange& exchange) {
    auto& settings = settingsOf(context_.backend);
    const auto me = context_.backend.findUser(exchange.me().id).value_or(exchange.me());
    if (exchange.method == "GET") {
        sendJson(exchange.response, 200, preferencesJson(me, settings.optedOut(me.id)));
    } else if (exchange.method == "PUT") {
        const auto body = exchange.json({{"off", FieldKind::LineList, 40}});
        if (!body->has("off")) {
            throw ApiError::invalid("off", "Thiếu danh sách loại thông báo tắt (off).");
        }
        const auto off =
            settings.setOptedOut(docmgmt::Actor{me, exchange.address}, stringList(body, "off"));
        sendJson(exchange.response, 200, preferencesJson(me, off));
    } else {
        throw ApiError::methodNotAllowed();
    }
}

void MailHandler::smtp(Exchange& exchange) {
    auto& settings = settingsOf(context_.backend);
    const auto actor = exchange.actor();
    if (exchange.method == "GET") {
        sendJson(exchange.response, 200, smtpJson(settings.smtpView(actor), context_.backend));
    } else if (exchange.method == "PUT") {
        settings.requireInstallationAdministrator(actor); // before the body is read
        const auto body = exchange.json({
            {"host", FieldKind::Line, 253},
            {"port", FieldKind::Integer},
            {"startTls", FieldKind::Boolean},
            {"user", FieldKind::Line, 254},
            {"password", FieldKind::Line, 1024},
            {"sender", FieldKind::Line, 254},
        });
        docmgmt::SmtpSettings smtp;
        smtp.host = requireString(body, "host");
        const auto port = optionalInteger(body, "port").value_or(587);
        if (port < 1 || port > 65535) {
            throw ApiError::invalid("port", "Cổng SMTP phải từ 1 đến 65535.");
        }
        smtp.port = static_cast<unsigned short>(port);
        smtp.startTls =
            !body->has("startTls") || body->isNull("startTls") || body->getValue<bool>("startTls");
        smtp.user = optionalString(body, "user");
        smtp.sender = requireString(body, "sender");
        std::optional<std::string> password;
        if (body->has("password") && !body->isNull("password")) {
            password = body->getValue<std::string>("password");
        }
        sendJson(exchange.response, 200,
                 smtpJson(settings.saveSmtp(actor, smtp, password), context_.backend));
    } else if (exchange.method == "DELETE") {
        sendJson(exchange.response, 200, smtpJson(settings.resetSmtp(actor), context_.backend));
    } else {
        throw ApiError::methodNotAllowed();
    }
}

void MailHandler::queue(Exchange& exchange) {
    auto& settings = settingsOf(context_.backend);
    const auto notices = settings.queue(
        exchange.actor(), static_cast<int>(exchange.integerParam("limit").value_or(100)));
    auto items = newArray();
    int sent = 0, waiting = 0, retrying = 0;
    for (const auto& notice : notices) {
        const auto state = queueState(notice);
        (state == "sent" ? sent : state == "waiting" ? waiting : retrying) += 1;
        items->add(queuedJson(notice, context_.backend));
    }
    auto answer = newObject();
    answer->set("items", items);
    answer->set("sent", sent);
    answer->set("waiting", waiting);
    answer->set("retrying", retrying);
    sendJson(exchange.response, 200, answer);
}

void MailHandler::testMail(Exchange& exchange) {
    auto& settings = settingsOf(context_.backend);
    const auto actor = exchange.actor();
    settings.requireInstallationAdministrator(actor);
    const auto body = exchange.json({{"to", FieldKind::Line, 254}});
    const auto me = context_.backend.findUser(actor.user.id).value_or(actor.user);
    const std::string to = optionalString(body, "to", me.email);
    const auto at = to.find('@');
    if (to.empty() || at == 0 || at == std::string::npos || at + 1 == to.size() ||
        to.find_first_of(" \t<>,;\"()[]\\") != std::string::npos) {
        throw ApiError::invalid("to", "Hãy ghi địa chỉ thư điện tử nhận thư thử (ví dụ: "
                                      "ten@coquan.gov.vn).");
    }
    auto smtp = settings.smtp();
    if (!smtp.configured()) {
        throw ApiError::conflict(
            "Chưa đặt máy chủ thư (SMTP): hãy lưu cấu hình trước khi gửi thử.");
    }
    smtp.timeout = std::min(smtp.timeout, std::chrono::seconds(15)); // a request waits for it
    docmgmt::MailNotice notice;
    notice.key = "smtp-test";
    notice.recipient = to;
    notice.subject = "[vanthu] Thư thử của hệ thống quản lý văn bản";
    notice.body = "Kính gửi " + me.fullName +
                  ",\n\nĐây là thư thử do quản trị hệ thống gửi từ trang cấu hình máy chủ thư "
                  "(SMTP) của vanthu. Nhận được thư này là các thông báo qua thư điện tử sẽ đến "
                  "được.\n\nMáy chủ: " +
                  smtp.host + ":" + std::to_string(smtp.port) +
                  (smtp.startTls ? " (STARTTLS)" : " (không mã hóa)") + "\n";
    try {
        sendMail(smtp, notice);
    } catch (const std::exception& e) {
        context_.backend.record(actor, "smtp-test", "smtp", "không gửi được đến " + to);
        throw ApiError(502, "smtp-failed", std::string("Không gửi được thư thử: ") + e.what());
    }
    context_.backend.record(actor, "smtp-test", "smtp", "đã gửi đến " + to);
    auto answer = newObject();
    answer->set("sent", true);
    answer->set("to", to);
    sendJson(exchange.response, 200, answer);
}

} // namespace vanthu::http
