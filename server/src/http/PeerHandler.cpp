#include "http/PeerHandler.hpp"

#include "http/ApiError.hpp"
#include "http/Json.hpp"
#include "http/PeerDirectory.hpp"

namespace vanthu::http {

namespace {

constexpr std::size_t kMaxPemChars = 1u << 20;

Poco::JSON::Array::Ptr certificatesJson(const CertificateSet& certificates) {
    auto list = newArray();
    for (const auto& certificate : certificates) {
        const auto summary = summarise(certificate.get());
        auto json = newObject();
        json->set("subject", summary.subject);
        json->set("issuer", summary.issuer);
        json->set("validUntil", summary.validUntil);
        json->set("sha256", summary.sha256);
        list->add(json);
    }
    return list;
}

Poco::JSON::Object::Ptr peerJson(const PeerDirectory& directory, const Peer& peer) {
    auto json = newObject();
    json->set("name", peer.name);
    json->set("url", peer.baseUrl);
    json->set("certificateFile", peer.certificateFile.string());
    json->set("certificates", certificatesJson(*directory.certificates(peer)));
    json->set("trustAnchorsFile", peer.trustAnchorsFile.empty()
                                      ? Poco::Dynamic::Var()
                                      : Poco::Dynamic::Var(peer.trustAnchorsFile.string()));
    json->set("trustAnchors", certificatesJson(directory.trustAnchors(peer)));
    json->set("version", peer.version);
    json->set("changedBy", peer.changedBy);
    json->set("changedAt", peer.changedAt);
    return json;
}

std::optional<std::string> optionalPem(const Poco::JSON::Object::Ptr& body,
                                       const std::string& field) {
    if (!body->has(field) || body->get(field).isEmpty()) {
        return std::nullopt;
    }
    return requireString(body, field);
}

} // namespace

bool PeerHandler::answers(const std::string& uri) {
    static const std::string prefix = "/api/exchange/peers";
    return uri.compare(0, prefix.size(), prefix) == 0 &&
           (uri.size() == prefix.size() || uri[prefix.size()] == '/' || uri[prefix.size()] == '?');
}

void PeerHandler::serve(Exchange& exchange) {
    if (exchange.me().role != docmgmt::Role::Administrator) {
        if (exchange.method != "GET") {
            refuseUnless(exchange, false, "exchange-peers",
                         "Chỉ quản trị hệ thống mới sửa được danh sách máy chủ trao đổi.");
        }
        throw ApiError::forbidden("Chỉ quản trị viên mới xem được danh sách máy chủ trao đổi.");
    }
    auto* directory = context_.config.exchangePeers;
    if (directory == nullptr) {
        throw ApiError::notFound("Máy chủ này chạy không có tệp máy chủ trao đổi (--peers): "
                                 "chưa trao đổi văn bản với máy chủ khác.");
    }
    const auto size = exchange.segments.size();
    if (size == 3) {
        if (exchange.method == "GET") {
            auto json = newObject();
            json->set("self", directory->self());
            json->set("file", directory->file().string());
            json->set("axis", directory->axis() ? Poco::Dynamic::Var(directory->axis()->name)
                                                : Poco::Dynamic::Var());
            auto list = newArray();
            for (const auto& peer : directory->peers()) {
                list->add(peerJson(*directory, peer));
            }
            json->set("peers", list);
            sendJson(exchange.response, 200, json);
            return;
        }
        if (exchange.method != "POST") {
            throw ApiError::methodNotAllowed();
        }
    } else if (size != 4) {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
    const std::string name = size == 4 ? exchange.segments[3] : "";
    if (exchange.method == "GET") {
        const auto peer = directory->find(name);
        if (!peer) {
            throw ApiError::notFound("Không có máy chủ trao đổi tên \"" + name.substr(0, 64) +
                                     "\".");
        }
        sendJson(exchange.response, 200, peerJson(*directory, *peer));
        return;
    }
    if (size == 4 && exchange.method != "PUT" && exchange.method != "DELETE") {
        throw ApiError::methodNotAllowed();
    }
    // The peers are the whole installation's: its administrator changes them.
    refuseUnless(exchange, administrationScope(exchange).whole(),
                 "exchange-peer/" + (size == 4 ? name.substr(0, 64) : std::string("new")),
                 "Chỉ quản trị hệ thống mới sửa được danh sách máy chủ trao đổi.");
    const auto actor = exchange.actor();
    if (exchange.method == "DELETE") {
        const auto removed = directory->remove(name);
        context_.backend.record(actor, "exchange-peer-remove", "exchange-peer/" + removed.name,
                                removed.name + " " + removed.baseUrl);
        exchange.response.setStatus(Poco::Net::HTTPResponse::HTTP_NO_CONTENT);
        exchange.response.send();
        return;
    }
    const auto body = exchange.json({
        {"name", FieldKind::Line, 64},
        {"url", FieldKind::Line, 2048},
        {"certificatePem", FieldKind::Lines, kMaxPemChars},
        {"trustAnchorsPem", FieldKind::Lines, kMaxPemChars},
        {"version", FieldKind::Integer},
    });
    PeerInput input;
    input.name = size == 4 ? name : requireString(body, "name");
    input.url = requireString(body, "url");
    input.certificatePem = optionalPem(body, "certificatePem");
    if (body->has("trustAnchorsPem")) {
        input.trustAnchorsPem =
            body->get("trustAnchorsPem").isEmpty() ? "" : requireString(body, "trustAnchorsPem");
    }
    input.baseVersion = baseVersion(body); // a change's (issue 16): a stale one is a 409
    input.changedBy = exchange.me().fullName;
    const bool adding = exchange.method == "POST";
    const auto peer = adding ? directory->add(input) : directory->change(input);
    context_.backend.record(actor, adding ? "exchange-peer-add" : "exchange-peer-change",
                            "exchange-peer/" + peer.name,
                            auditDetail(peer, *directory->certificates(peer)));
    sendJson(exchange.response, adding ? 201 : 200, peerJson(*directory, peer));
}

} // namespace vanthu::http
