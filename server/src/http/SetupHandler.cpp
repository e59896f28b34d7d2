#include "http/SetupHandler.hpp"

#include "http/ApiError.hpp"
#include "http/Json.hpp"
#include "http/OfficeHandler.hpp"
#include "http/SessionStore.hpp"
#include "http/Views.hpp"
#include "vanthu/docmgmt/Administration.hpp"

namespace vanthu::http {

namespace {

/// POST /api/setup: the setup code, the first office, its first administrator.
constexpr Field kSetupFields[] = {
    {"setupCode", FieldKind::Line, 64}, {"code", FieldKind::Line, 32},
    {"name", FieldKind::Line, 300},     {"parentBody", FieldKind::Line, 300},
    {"system", FieldKind::Line, 16},    {"issuerCode", FieldKind::Line, 32},
    {"place", FieldKind::Line, 200},    {"username", FieldKind::Line, 64},
    {"fullName", FieldKind::Line, 200}, {"password", FieldKind::Line, 1024},
};

/// The throttle's account name for setup-code attempts (a name no user can have: spaces).
constexpr const char* kSetupAccount = "(mã cài đặt)";

} // namespace

void SetupHandler::serve(Exchange& exchange) {
    if (exchange.segments.size() != 2) {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
    if (exchange.method == "GET") {
        status(exchange);
    } else if (exchange.method == "POST") {
        install(exchange);
    } else {
        throw ApiError::methodNotAllowed();
    }
}

bool SetupHandler::awaitsSetup() const {
    if (context_.config.setupCode.empty()) {
        return false;
    }
    const auto administration = context_.backend.administration();
    return administration && administration->awaitsFirstAdministrator();
}

void SetupHandler::status(Exchange& exchange) {
    auto json = newObject();
    json->set("awaitsSetup", awaitsSetup());
    sendJson(exchange.response, 200, json);
}

void SetupHandler::checkSetupCode(Exchange& exchange, const std::string& code) {
    int wait = 0;
    auto attempt = context_.throttle.begin(kSetupAccount, exchange.address, wait);
    if (!attempt) {
        exchange.response.set("Retry-After", std::to_string(wait));
        throw ApiError::tooManyRequests("Nhập sai mã cài đặt nhiều lần; xin thử lại sau " +
                                        std::to_string(wait) + " giây.");
    }
    if (!constantTimeEquals(code, context_.config.setupCode)) {
        throw ApiError{403, "forbidden",
                       "Mã cài đặt không đúng: dùng mã mà máy chủ in ra khi khởi động "
                       "(dòng \"mã cài đặt\" trong nhật ký).",
                       "setupCode"};
    }
    attempt->succeeded();
}

void SetupHandler::install(Exchange& exchange) {
    if (!awaitsSetup()) {
        throw ApiError::conflict(
            context_.config.setupCode.empty()
                ? "Máy chủ không ở chế độ cài đặt lần đầu (khởi động bằng vanthu serve --setup)."
                : "Hệ thống đã được cài đặt; hãy đăng nhập.");
    }
    const auto body = exchange.json(kSetupFields);
    checkSetupCode(exchange, requireString(body, "setupCode"));
    const docmgmt::Office office = newOfficeFrom(body);
    docmgmt::User admin;
    admin.username = requireString(body, "username");
    admin.fullName = optionalString(body, "fullName");
    docmgmt::Actor actor;
    actor.user.username = "setup";
    actor.address = exchange.address;
    auto [created, user] = context_.backend.administration()->installFirst(
        actor, office, admin, requireString(body, "password"));
    auto json = newObject();
    json->set("office", officeJson(created));
    json->set("user", userJson(user, created.name));
    sendJson(exchange.response, 201, json);
}

} // namespace vanthu::http
