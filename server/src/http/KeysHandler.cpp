#include "http/KeysHandler.hpp"

#include <algorithm>

#include "http/ApiError.hpp"
#include "http/Json.hpp"
#include "vanthu/docmgmt/KeyRing.hpp"
#include "vanthu/docmgmt/TrustList.hpp"
#include "vanthu/signing/Base64.hpp"
#include "vanthu/signing/OpenSsl.hpp"

namespace vanthu::http {

namespace {

Poco::JSON::Object::Ptr entryJson(const docmgmt::TrustEntry& entry) {
    auto json = newObject();
    json->set("kind", entry.kind);
    json->set("id", entry.id);
    json->set("subject", entry.subject);
    json->set("validUntil", entry.validUntil);
    if (entry.kind == "ca") {
        json->set("selfSigned", entry.selfSigned);
    }
    return json;
}

Poco::JSON::Array::Ptr entriesJson(const std::vector<docmgmt::TrustEntry>& entries) {
    auto list = newArray();
    for (const auto& entry : entries) {
        list->add(entryJson(entry));
    }
    return list;
}

/// A stored seal or leader's certificate; never its location's secret.
Poco::JSON::Object::Ptr keyJson(const docmgmt::KeyRecord& record) {
    auto json = newObject();
    json->set("kind", record.kind);
    if (record.kind == "pkcs11") {
        json->set("module", record.location);
        json->set("token", record.token);
        json->set("label", record.label);
    }
    const auto certificates = signing::certificatesFromPem(record.certificatePem);
    X509* certificate = certificates.front().get();
    json->set("subject", signing::nameToString(X509_get_subject_name(certificate)));
    json->set("issuer", signing::nameToString(X509_get_issuer_name(certificate)));
    json->set("validUntil", signing::vietnameseDate(X509_get0_notAfter(certificate)));
    json->set("certificatePem", record.certificatePem);
    json->set("changedAt", record.changedAt);
    return json;
}

} // namespace

void KeysHandler::serve(Exchange& exchange) {
    if (exchange.me().role != docmgmt::Role::Administrator) {
        throw ApiError::forbidden("Chỉ quản trị viên mới được quản lý khóa và danh sách tin cậy.");
    }
    if (!context_.backend.keys() || !context_.backend.trust() || exchange.segments.size() < 3) {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
    const auto& part = exchange.segments[2];
    if (part == "trust") {
        trust(exchange);
    } else if (part == "pkcs11-modules" && exchange.segments.size() == 3) {
        if (exchange.method != "GET") {
            throw ApiError::methodNotAllowed();
        }
        auto list = newArray();
        for (const auto& module : context_.config.pkcs11Modules) {
            list->add(module);
        }
        sendJson(exchange.response, 200, list);
    } else if (part == "seals" && exchange.segments.size() == 4) {
        seal(exchange);
    } else if (part == "leaders" && exchange.segments.size() == 4) {
        leader(exchange);
    } else {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
}

void KeysHandler::trust(Exchange& exchange) {
    auto& trust = *context_.backend.trust();
    const auto actor = exchange.actor();
    if (exchange.segments.size() == 3 && exchange.method == "GET") {
        sendJson(exchange.response, 200, entriesJson(trust.entries()));
        return;
    }
    const bool remove = exchange.segments.size() == 4 && exchange.segments[3] == "remove";
    if (exchange.method != "POST" || (exchange.segments.size() != 3 && !remove)) {
        throw ApiError::methodNotAllowed();
    }
    refuseUnless(exchange, administrationScope(exchange).whole(), "trust",
                 "Chỉ quản trị hệ thống mới sửa được danh sách tin cậy.");
    const auto body = exchange.json({
        {"kind", FieldKind::Line, 8},
        {"certificatePem", FieldKind::Lines, 4u << 20},
        {"crlBase64", FieldKind::Base64},
        {"url", FieldKind::Line, 2048},
        {"id", FieldKind::Line, 2048},
    });
    const auto kind = requireString(body, "kind");
    std::vector<docmgmt::TrustEntry> entries;
    if (remove) {
        const auto id = requireString(body, "id");
        if (kind == "ca") {
            entries = trust.removeCertificates(actor, id);
        } else if (kind == "crl") {
            entries.push_back(trust.removeCrl(actor, id));
        } else if (kind == "ocsp") {
            entries.push_back(trust.removeOcsp(actor, id));
        } else {
            throw ApiError::invalid("kind", "Loại phải là ca, crl hoặc ocsp.");
        }
        sendJson(exchange.response, 200, entriesJson(entries));
        return;
    }
    if (kind == "ca") {
        entries = trust.addCertificates(actor, requireString(body, "certificatePem"));
    } else if (kind == "crl") {
        const auto bytes = signing::fromBase64(requireString(body, "crlBase64"));
        if (!bytes) {
            throw ApiError::invalid("crlBase64", "Tệp phải được mã hóa base64.");
        }
        entries.push_back(trust.addCrl(actor, *bytes));
    } else if (kind == "ocsp") {
        entries.push_back(trust.addOcsp(actor, requireString(body, "url")));
    } else {
        throw ApiError::invalid("kind", "Loại phải là ca, crl hoặc ocsp.");
    }
    sendJson(exchange.response, 201, entriesJson(entries));
}

void KeysHandler::seal(Exchange& exchange) {
    auto& keys = *context_.backend.keys();
    const Id officeId = exchange.idAt(3);
    std::optional<docmgmt::Office> office;
    for (const auto& candidate : context_.backend.offices()) {
        if (candidate.id == officeId) {
            office = candidate;
        }
    }
    if (!office) {
        throw ApiError::notFound("Không có cơ quan này.");
    }
    if (exchange.method == "GET") {
        const auto seal = keys.sealOf(officeId);
        if (!seal) {
            throw ApiError::notFound("Cơ quan chưa có con dấu đã nhập.");
        }
        sendJson(exchange.response, 200, keyJson(*seal));
        return;
    }
    if (exchange.method != "PUT") {
        throw ApiError::methodNotAllowed();
    }
    refuseUnless(exchange, administrationScope(exchange).covers(officeId),
                 "seal/" + std::to_string(officeId),
                 "Bạn chỉ nhập được con dấu của cơ quan mình và các cơ quan trực thuộc.");
    const auto body = exchange.json({
        {"pkcs12Base64", FieldKind::Base64},
        {"password", FieldKind::Line, 1024},
        {"module", FieldKind::Line, 4096},
        {"token", FieldKind::Line, 32},
        {"label", FieldKind::Line, 256},
        {"pin", FieldKind::Line, 256},
    });
    if (body->has("module")) { // a PKCS#11 token slot: one of the server's allowed modules
        const auto module = requireString(body, "module");
        const auto& allowed = context_.config.pkcs11Modules;
        if (std::find(allowed.begin(), allowed.end(), module) == allowed.end()) {
            throw ApiError::invalid("module", "Máy chủ không cho dùng mô-đun PKCS#11 \"" +
                                                  module.substr(0, 200) +
                                                  "\"; quản trị máy chủ thêm mô-đun bằng "
                                                  "tùy chọn pkcs11-module của vanthu serve.");
        }
        const auto seal =
            keys.useSealToken(exchange.actor(), *office, module, requireString(body, "token"),
                              requireString(body, "label"), requireString(body, "pin"));
        sendJson(exchange.response, 200, keyJson(seal));
        return;
    }
    const auto p12 = signing::fromBase64(requireString(body, "pkcs12Base64"));
    if (!p12) {
        throw ApiError::invalid("pkcs12Base64", "Tệp phải được mã hóa base64.");
    }
    const auto seal =
        keys.importSealPkcs12(exchange.actor(), *office, *p12, requireString(body, "password"));
    sendJson(exchange.response, 200, keyJson(seal));
}

void KeysHandler::leader(Exchange& exchange) {
    auto& keys = *context_.backend.keys();
    const auto user = context_.backend.findUser(exchange.idAt(3));
    if (!user) {
        throw ApiError::notFound("Không có người dùng này.");
    }
    if (exchange.method == "GET") {
        const auto record = keys.leaderCertificateOf(user->id);
        if (!record) {
            throw ApiError::notFound("Chưa đăng ký chứng thư số cho người dùng này.");
        }
        sendJson(exchange.response, 200, keyJson(*record));
        return;
    }
    refuseUnless(exchange, administrationScope(exchange).covers(*user),
                 "leader/" + std::to_string(user->id),
                 "Bạn chỉ đăng ký được chứng thư số của lãnh đạo cơ quan mình và các cơ quan "
                 "trực thuộc.");
    if (exchange.method == "PUT") {
        const auto body = exchange.json({{"certificatePem", FieldKind::Lines, 1u << 20}});
        const auto record = keys.registerLeaderCertificate(exchange.actor(), *user,
                                                           requireString(body, "certificatePem"));
        sendJson(exchange.response, 200, keyJson(record));
    } else if (exchange.method == "DELETE") {
        keys.removeLeaderCertificate(exchange.actor(), *user);
        exchange.response.setStatus(Poco::Net::HTTPResponse::HTTP_NO_CONTENT);
        exchange.response.send();
    } else {
        throw ApiError::methodNotAllowed();
    }
}

} // namespace vanthu::http
