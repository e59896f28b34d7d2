#include "http/SecretAccessRoutes.hpp"

#include "http/ApiError.hpp"
#include "http/Backend.hpp"
#include "http/Json.hpp"
#include "vanthu/docmgmt/SecretAccess.hpp"

namespace vanthu::http {

namespace {

Poco::JSON::Object::Ptr accessJson(const docmgmt::AccessView& v) {
    auto o = newObject();
    o->set("object", v.object);
    o->set("limited", v.limited);
    o->set("limitedAt", v.limitedAt);
    o->set("limitedBy", v.limitedByName);
    o->set("canManage", v.canManage);
    auto readers = newArray();
    for (const auto& r : v.readers) {
        auto reader = newObject();
        reader->set("userId", r.userId);
        reader->set("username", r.username);
        reader->set("fullName", r.fullName);
        reader->set("role", r.role);
        reader->set("grantedAt", r.grantedAt);
        reader->set("grantedBy", r.grantedByName);
        readers->add(reader);
    }
    o->set("readers", readers);
    auto reads = newObject();
    reads->set("views", v.views);
    reads->set("downloads", v.downloads);
    auto latest = newArray();
    for (const auto& read : v.latestReads) {
        auto row = newObject();
        row->set("userId", read.userId);
        row->set("action", read.action);
        row->set("at", read.at);
        latest->add(row);
    }
    reads->set("latest", latest);
    o->set("reads", reads);
    return o;
}

docmgmt::SecretAccess& service(Backend& backend) {
    auto* access = backend.secretAccess();
    if (!access) {
        throw ApiError::notFound("Máy chủ này không quản lý quyền xem văn bản mật.");
    }
    return *access;
}

} // namespace

bool serveAccess(Exchange& exchange, Backend& backend, const std::string& object) {
    const auto& segments = exchange.segments;
    if (segments.size() < 4 || segments[3] != "access") {
        return false;
    }
    auto& access = service(backend);
    const auto actor = exchange.actor();
    if (segments.size() == 4) {
        if (exchange.method == "GET") {
            sendJson(exchange.response, 200, accessJson(access.view(actor, object)));
            return true;
        }
        if (exchange.method != "PUT") {
            throw ApiError::methodNotAllowed();
        }
        const auto body = exchange.json({{"limited", FieldKind::Boolean}});
        if (!body->has("limited")) {
            throw ApiError::invalid("limited", "Hãy cho biết có giới hạn người xem hay không "
                                               "(limited: true hoặc false).");
        }
        const bool limited = body->getValue<bool>("limited");
        sendJson(exchange.response, 200,
                 accessJson(limited ? access.limit(actor, object) : access.unlimit(actor, object)));
        return true;
    }
    if (segments[4] != "readers" || segments.size() > 6) {
        throw ApiError::notFound("Không có gì ở địa chỉ này.");
    }
    if (segments.size() == 5) {
        if (exchange.method != "POST") {
            throw ApiError::methodNotAllowed();
        }
        const auto body = exchange.json({{"userId", FieldKind::Integer}});
        sendJson(exchange.response, 200,
                 accessJson(access.grant(actor, object, requireInteger(body, "userId"))));
        return true;
    }
    if (exchange.method != "DELETE") {
        throw ApiError::methodNotAllowed();
    }
    sendJson(exchange.response, 200, accessJson(access.revoke(actor, object, exchange.idAt(5))));
    return true;
}

void recordRead(const Exchange& exchange, Backend& backend, const std::string& object,
                const std::string& action) {
    if (auto* access = backend.secretAccess()) {
        const auto actor = exchange.actor();
        access->recordRead(actor, object, actor.user.officeId, action);
    }
}

} // namespace vanthu::http
