#include "http/SessionHandler.hpp"

#include <Poco/Net/HTTPCookie.h>

#include <algorithm>

#include "http/ApiError.hpp"
#include "http/Json.hpp"
#include "http/Views.hpp"

namespace vanthu::http {

std::string officeNameOf(Backend& backend, const User& user) {
    for (const auto& office : backend.offices()) {
        if (office.id == user.officeId) {
            return office.name;
        }
    }
    return {};
}

bool SessionHandler::isPublic(const Exchange& exchange) const {
    const auto& what = exchange.segments.at(1);
    return (what == "session" && exchange.method == "POST") || what == "health";
}

void SessionHandler::serve(Exchange& exchange) {
    const auto& what = exchange.segments.at(1);
    const auto& method = exchange.method;
    if (what == "me" && exchange.segments.size() == 3 && exchange.segments[2] == "password") {
        if (method != "POST") {
            throw ApiError::methodNotAllowed();
        }
        changePassword(exchange);
        return;
    }
    if (exchange.segments.size() != 2) {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
    if (what == "health" && (method == "GET" || method == "HEAD")) {
        auto body = newObject();
        body->set("status", "ok");
        sendJson(exchange.response, 200, body);
    } else if (what == "session" && method == "POST") {
        signIn(exchange);
    } else if (what == "session" && method == "DELETE") {
        signOut(exchange);
    } else if ((what == "me" || what == "session") && method == "GET") {
        me(exchange);
    } else {
        throw ApiError::methodNotAllowed();
    }
}

namespace {

Poco::Net::HTTPCookie sessionCookie(const std::string& value, bool secure) {
    Poco::Net::HTTPCookie cookie(kSessionCookie, value);
    cookie.setPath("/");
    cookie.setHttpOnly(true);
    cookie.setSameSite(Poco::Net::HTTPCookie::SAME_SITE_STRICT);
    cookie.setSecure(secure);
    return cookie;
}

/// Who a refused sign-in names: only the account name is known.
User unknownUser(const std::string& account) {
    User user;
    user.username = account;
    return user;
}

} // namespace

void SessionHandler::signIn(Exchange& exchange) {
    const auto body = exchange.json();
    const std::string username = requireString(body, "username");
    const std::string password = requireString(body, "password");
    const std::string account = username.substr(0, 256);
    int wait = 0;
    auto attempt = context_.throttle.begin(account, exchange.address, wait);
    if (!attempt) {
        context_.backend.record(Actor{unknownUser(account), exchange.address}, "sign-in-throttled",
                                "user/" + account, "retry after " + std::to_string(wait) + " s");
        exchange.response.set("Retry-After", std::to_string(wait));
        throw ApiError::tooManyRequests("Đăng nhập sai nhiều lần từ địa chỉ này; xin thử lại sau " +
                                        std::to_string(wait) + " giây.");
    }
    const auto user = context_.backend.authenticate(username, password);
    if (!user) {
        context_.backend.record(Actor{unknownUser(account), exchange.address}, "sign-in-failed",
                                "user/" + account, "");
        noticeRepeatedFailures(account, exchange.address, attempt->failed());
        throw ApiError::unauthenticated("Tên đăng nhập hoặc mật khẩu không đúng.");
    }
    attempt->succeeded();
    attempt.reset();
    const auto session = context_.sessions.create(user->id);
    context_.backend.record(Actor{*user, exchange.address}, "sign-in",
                            "user/" + std::to_string(user->id), "");
    exchange.response.addCookie(sessionCookie(session.token, context_.config.tls()));
    auto answer = newObject();
    answer->set("token", session.token);
    answer->set("csrf", session.csrf);
    answer->set("user", userJson(*user, officeNameOf(context_.backend, *user)));
    sendJson(exchange.response, 200, answer);
}

void SessionHandler::noticeRepeatedFailures(const std::string& account, const std::string& address,
                                            SignInThrottle::Attempt::Failures failures) {
    // Once per window and pair (when its checks run out), and once when the account's failures
    // from every address reach the level at which it is guarded.
    const auto& limits = context_.throttle.limits();
    const bool pairSpent = failures.pair == limits.perPair;
    const bool accountGuarded = failures.account == limits.perAccount;
    if (!pairSpent && !accountGuarded) {
        return;
    }
    auto administration = context_.backend.administration();
    if (!administration) {
        return;
    }
    const int minutes = static_cast<int>(limits.window.count() / 60);
    administration->noticeRepeatedSignInFailures(account, accountGuarded ? "" : address,
                                                 accountGuarded ? failures.account : failures.pair,
                                                 std::max(minutes, 1));
}

void SessionHandler::signOut(Exchange& exchange) {
    const auto& user = exchange.me();
    context_.sessions.remove(exchange.token);
    context_.backend.record(exchange.actor(), "sign-out", "user/" + std::to_string(user.id), "");
    auto expired = sessionCookie("", context_.config.tls());
    expired.setMaxAge(0);
    exchange.response.addCookie(expired);
    exchange.response.setStatus(Poco::Net::HTTPResponse::HTTP_NO_CONTENT);
    exchange.response.setContentLength(0);
    exchange.response.send();
}

void SessionHandler::changePassword(Exchange& exchange) {
    const auto body = exchange.json({
        {"currentPassword", FieldKind::Line, 1024},
        {"newPassword", FieldKind::Line, 1024},
    });
    const auto user =
        context_.backend.changePassword(exchange.actor(), requireString(body, "currentPassword"),
                                        requireString(body, "newPassword"));
    context_.sessions.removeUser(user.id); // the store may keep them elsewhere than the backend
    sendJson(exchange.response, 200, userJson(user, officeNameOf(context_.backend, user)));
}

void SessionHandler::me(Exchange& exchange) {
    const auto& user = exchange.me();
    auto answer = userJson(user, officeNameOf(context_.backend, user));
    answer->set("signingAgent", context_.config.signingAgent); // web UI: src/tokensign.js
    sendJson(exchange.response, 200, answer);
}

} // namespace vanthu::http
