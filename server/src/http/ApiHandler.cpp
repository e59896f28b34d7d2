#include "http/ApiHandler.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/URI.h>

#include <functional>
#include <iostream>
#include <istream>

#include "http/ApiError.hpp"
#include "http/ConnectionWatch.hpp"
#include "http/Json.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/FieldLimits.hpp"
#include "vanthu/docmgmt/SecretBox.hpp"
#include "vanthu/signing/SigningErrors.hpp"
#include "vanthu/templates/PdfRenderer.hpp"

namespace vanthu::http {

void addSecurityHeaders(Poco::Net::HTTPServerResponse& response, const ServerConfig& config) {
    const bool tls = config.tls();
    // connect-src: the page's own API, and the signing agent on the leader's computer.
    response.set("Content-Security-Policy",
                 "default-src 'self'; connect-src 'self' " + config.signingAgent +
                     "; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; "
                     "form-action 'self'; frame-ancestors 'none'");
    response.set("X-Content-Type-Options", "nosniff");
    response.set("X-Frame-Options", "DENY");
    response.set("Referrer-Policy", "no-referrer");
    response.set("Cross-Origin-Opener-Policy", "same-origin");
    if (tls) {
        response.set("Strict-Transport-Security", "max-age=31536000");
    }
}

namespace {

constexpr std::size_t kDrainLimit = 1024 * 1024; ///< read this much of a refused body, no more

bool changesSomething(const std::string& method) {
    return method == "POST" || method == "PUT" || method == "DELETE" || method == "PATCH";
}

std::vector<std::string> splitPath(const std::string& path) {
    std::vector<std::string> segments;
    std::size_t start = 0;
    while (start <= path.size()) {
        const auto end = path.find('/', start);
        const auto piece =
            path.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!piece.empty()) {
            segments.push_back(piece);
        }
        if (end == std::string::npos) {
            break;
        }
        start = end + 1;
    }
    return segments;
}

void drain(std::istream& in, std::size_t limit) {
    char buffer[8192];
    std::size_t total = 0;
    while (total < limit && in.read(buffer, sizeof buffer).gcount() > 0) {
        total += static_cast<std::size_t>(in.gcount());
    }
}

std::string bearerToken(const Poco::Net::HTTPServerRequest& request) {
    const std::string header = request.get("Authorization", "");
    static const std::string prefix = "Bearer ";
    if (header.size() > prefix.size() &&
        Poco::icompare(header.substr(0, prefix.size()), prefix) == 0) {
        return header.substr(prefix.size());
    }
    return {};
}

std::string sessionCookie(const Poco::Net::HTTPServerRequest& request) {
    Poco::Net::NameValueCollection cookies;
    request.getCookies(cookies);
    return cookies.get(kSessionCookie, "");
}

void sendFailure(Poco::Net::HTTPServerResponse& response, int status, const std::string& code,
                 const std::string& message, const std::string& field = "",
                 const std::function<void(Poco::JSON::Object&)>& extra = {}) {
    if (response.sent()) {
        return; // the answer is already on its way; nothing more can be said
    }
    if (!extra) {
        sendError(response, status, code, message, field);
        return;
    }
    // {"error": {code, message, field, ...extra}} as sendError writes it (docs/api.md)
    auto error = newObject();
    error->set("code", code);
    error->set("message", message);
    error->set("field", field);
    extra(*error);
    auto body = newObject();
    body->set("error", error);
    sendJson(response, status, body);
}

} // namespace

void ApiHandler::handleRequest(Poco::Net::HTTPServerRequest& request,
                               Poco::Net::HTTPServerResponse& response) {
    addSecurityHeaders(response, context_.config);
    response.set("Cache-Control", "no-store");
    try {
        Poco::URI uri(request.getURI());
        Exchange exchange{request, response};
        exchange.method = request.getMethod();
        exchange.segments = splitPath(uri.getPath());
        exchange.query = uri.getQueryParameters();
        exchange.address = request.clientAddress().host().toString();
        dispatch(exchange);
    } catch (const ApiError& e) {
        if (e.status() == 413) {
            response.setKeepAlive(false);
        }
        sendFailure(response, e.status(), e.code(), e.what(), e.field());
    } catch (const docmgmt::NotFound& e) {
        sendFailure(response, 404, "not-found", e.what());
    } catch (const docmgmt::Forbidden& e) {
        sendFailure(response, 403, "forbidden", e.what());
    } catch (const docmgmt::StaleVersion& e) {
        // A save from an older version (a draft, a case file, an assignment; issue 16): who
        // saved the newer one and when, for the reload-or-compare choice.
        sendFailure(response, 409, "conflict", e.what(), "version", [&](Poco::JSON::Object& o) {
            o.set("currentVersion", e.currentVersion());
            o.set("changedBy", e.changedBy());
            o.set("changedAt", e.changedAt());
        });
    } catch (const docmgmt::Conflict& e) {
        sendFailure(response, 409, "conflict", e.what());
    } catch (const docmgmt::FieldTooLong& e) {
        // A field over its Phần II length (FieldLimits.hpp): refused as the body's own texts are.
        sendFailure(response, 400, "bad-request", e.what(), e.field());
    } catch (const docmgmt::InvalidInput& e) {
        sendFailure(response, 422, "invalid", e.what(), e.field());
    } catch (const docmgmt::Unauthenticated& e) {
        sendFailure(response, 401, "unauthenticated", e.what());
    } catch (const docmgmt::EvidenceUnavailable& e) {
        // The TSA or a revocation source did not answer: nothing was signed or issued.
        response.set("Retry-After", "60");
        sendFailure(response, 503, e.code(), e.what());
    } catch (const docmgmt::SecretError& e) {
        // The installation's key file does not open a stored password (replaced, damaged).
        std::cerr << "vanthu: " << request.getMethod() << " " << request.getURI() << ": "
                  << e.what() << std::endl;
        sendFailure(response, 409, "conflict", e.what());
    } catch (const LongWorkRefused& e) {
        // Every long-work thread busy and the queue full, or the server stopping.
        response.set("Retry-After", std::to_string(e.retryAfter().count()));
        sendFailure(response, 503, "busy", e.what());
    } catch (const templates::RenderStopped&) {
        // The server is stopping (docmgmt turns a render's time limit into a 422 itself).
        response.setKeepAlive(false);
        response.set("Retry-After", "10");
        sendFailure(response, 503, "unavailable", "Máy chủ đang dừng; xin thử lại sau ít phút.");
    } catch (const signing::BadKey& e) {
        // A key this server holds (the seal's, a leader's) or a token that does not open.
        std::cerr << "vanthu: " << request.getMethod() << " " << request.getURI() << ": "
                  << e.what() << std::endl;
        sendFailure(response, 409, "bad-key",
                    "Không mở được khóa ký trên máy chủ (tệp khóa, mật khẩu hoặc thiết bị ký); "
                    "không có gì được ký. Hãy báo quản trị hệ thống.");
    } catch (const signing::WeakAlgorithm& e) {
        std::cerr << "vanthu: " << request.getMethod() << " " << request.getURI() << ": "
                  << e.what() << std::endl;
        sendFailure(response, 422, "weak-key",
                    "Khóa ký quá yếu (thuật toán không còn được chấp nhận, ví dụ RSA dưới 2048 "
                    "bit): không ký bằng khóa này. Hãy báo quản trị hệ thống.");
    } catch (const Poco::SyntaxException&) {
        sendFailure(response, 400, "bad-request", "Địa chỉ yêu cầu không hợp lệ.");
    } catch (const Poco::Exception& e) {
        std::cerr << "vanthu: " << request.getMethod() << " " << request.getURI() << ": "
                  << e.displayText() << std::endl;
        sendFailure(response, 500, "internal", "Máy chủ gặp lỗi, xin thử lại sau.");
    } catch (const std::exception& e) {
        std::cerr << "vanthu: " << request.getMethod() << " " << request.getURI() << ": "
                  << e.what() << std::endl;
        sendFailure(response, 500, "internal", "Máy chủ gặp lỗi, xin thử lại sau.");
    }
}

docmgmt::AdministrationScope ApiHandler::administrationScope(Exchange& exchange) {
    auto administration = context_.backend.administration();
    if (!administration) {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
    return administration->scope(exchange.actor());
}

void ApiHandler::refuseUnless(Exchange& exchange, bool allowed, const std::string& object,
                              const std::string& message) {
    if (allowed) {
        return;
    }
    auto administration = context_.backend.administration();
    if (!administration) {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
    administration->refuseUnless(allowed, exchange.actor(), object, message);
}

void ApiHandler::dispatch(Exchange& exchange) {
    try {
        admit(exchange);
    } catch (const ApiError&) {
        // Skip a small body so that the client reads the answer rather than a reset; never
        // wait for a large one.
        const auto& request = exchange.request;
        if (request.hasContentLength() || request.getChunkedTransferEncoding()) {
            exchange.response.setKeepAlive(false);
            if (request.hasContentLength() &&
                request.getContentLength64() <= static_cast<Poco::Int64>(kDrainLimit)) {
                drain(exchange.request.stream(), kDrainLimit);
            }
        }
        throw;
    }
    readBody(exchange);
    if (auto* connection = ConnectionWatch::current()) {
        if (connection->cut()) { // the body's deadline passed while it was read
            exchange.response.setKeepAlive(false);
            throw ApiError(408, "timeout", "Nội dung yêu cầu đến quá chậm.");
        }
        connection->expect(ConnectionWatch::Phase::Working);
    }
    authenticate(exchange);
    if (!exchange.user && !isPublic(exchange)) {
        throw ApiError::unauthenticated("Bạn cần đăng nhập để tiếp tục.");
    }
    if (exchange.user && exchange.user->mustChangePassword &&
        !servesBeforePasswordChange(exchange)) {
        throw ApiError::passwordChangeRequired();
    }
    serve(exchange);
}

void ApiHandler::readBody(Exchange& exchange) const {
    auto& request = exchange.request;
    const std::size_t limit = context_.config.maxBodyBytes;
    const std::string tooLarge =
        "Nội dung gửi lên quá lớn (tối đa " + std::to_string(limit / 1024) + " KiB).";
    if (request.hasContentLength() &&
        request.getContentLength64() > static_cast<Poco::Int64>(limit)) {
        drain(request.stream(), kDrainLimit);
        throw ApiError::tooLarge(tooLarge);
    }
    if (!request.hasContentLength() && !request.getChunkedTransferEncoding()) {
        return;
    }
    auto& in = request.stream();
    char buffer[8192];
    while (in.read(buffer, sizeof buffer).gcount() > 0) {
        exchange.body.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (exchange.body.size() > limit) {
            drain(in, kDrainLimit);
            throw ApiError::tooLarge(tooLarge);
        }
    }
}

void ApiHandler::authenticate(Exchange& exchange) const {
    const std::string bearer = bearerToken(exchange.request);
    const bool byCookie = bearer.empty();
    const std::string token = byCookie ? sessionCookie(exchange.request) : bearer;
    const auto session = context_.sessions.find(token);
    if (!session) {
        return;
    }
    auto user = context_.backend.findUser(session->userId);
    if (!user || !user->active) {
        return;
    }
    if (byCookie && changesSomething(exchange.method) &&
        !constantTimeEquals(exchange.request.get(kCsrfHeader, ""), session->csrf)) {
        if (isPublic(exchange)) {
            return; // signing in again over a stale cookie needs no CSRF token
        }
        throw ApiError::forbidden(
            "Yêu cầu thiếu mã chống giả mạo (X-CSRF-Token); hãy tải lại trang và thử lại.");
    }
    exchange.user = std::move(user);
    exchange.token = token;
}

void UnknownApiHandler::serve(Exchange&) {
    throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
}

} // namespace vanthu::http
