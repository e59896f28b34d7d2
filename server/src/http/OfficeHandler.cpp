#include "http/OfficeHandler.hpp"

#include "vanthu/docmgmt/FieldLimits.hpp"

#include <algorithm>

#include "http/ApiError.hpp"
#include "http/AxisLink.hpp"
#include "http/Json.hpp"
#include "http/Paging.hpp"
#include "http/Views.hpp"
#include "vanthu/docmgmt/SigningPolicies.hpp"
#include "vanthu/templates/DocumentType.hpp"

namespace vanthu::http {

namespace {

/// The fields of an office in POST and PUT /api/offices (docs/api.md, office).
constexpr Field kOfficeFields[] = {
    {"code", FieldKind::Line, 32},        {"name", FieldKind::Line, 300},
    {"parentBody", FieldKind::Line, 300}, {"system", FieldKind::Line, 16},
    {"parentId", FieldKind::Integer},     {"issuerCode", FieldKind::Line, 32},
    {"place", FieldKind::Line, 200},      {"term", FieldKind::Line, 32},
    {"version", FieldKind::Integer},
};

docmgmt::OfficeSystem systemField(const std::string& text) {
    if (const auto system = docmgmt::parseOfficeSystem(text)) {
        return *system;
    }
    throw ApiError::invalid("system", "Hệ thống phải là state (chính quyền) hoặc party (Đảng).");
}

/// The fields of PUT /api/offices/{id}/signing-policy.
constexpr Field kPolicyFields[] = {
    {"signerLevel", FieldKind::Line, 8},   {"sealLevel", FieldKind::Line, 8},
    {"tsa", FieldKind::Line, 16},          {"tsaUrl", FieldKind::Line, 2048},
    {"tsaUsername", FieldKind::Line, 200}, {"tsaPassword", FieldKind::Line, 1024},
    {"revocation", FieldKind::Line, 16},   {"version", FieldKind::Integer},
};

Poco::JSON::Object::Ptr policyJson(const docmgmt::SigningPolicies& policies,
                                   const docmgmt::SigningPolicyRecord& policy, bool stored) {
    auto json = newObject();
    json->set("officeId", policy.officeId);
    json->set("signerLevel", policy.signerLevel);
    json->set("sealLevel", policy.sealLevel);
    json->set("tsa", policy.tsa);
    json->set("tsaUrl", policy.tsaUrl);
    json->set("tsaUsername", policy.tsaUsername);
    json->set("tsaPasswordSet", !policy.tsaSecret.empty()); // never the password itself
    json->set("revocation", policy.revocation);
    json->set("stored", stored);
    json->set("changedAt", policy.changedAt);
    json->set("changedBy", policy.changedBy);
    json->set("version", policy.version); // 0: none stored yet
    json->set("builtInTsa", policies.hasBuiltInTsa());
    json->set("builtInResponder", policies.hasBuiltInResponder());
    auto warnings = newArray();
    for (const auto& warning : docmgmt::SigningPolicies::warnings(policy)) {
        warnings->add(warning);
    }
    json->set("warnings", warnings);
    return json;
}

std::optional<std::string> presentString(const Poco::JSON::Object::Ptr& body,
                                         const std::string& field) {
    if (!body->has(field) || body->isNull(field)) {
        return std::nullopt;
    }
    return requireString(body, field);
}

} // namespace

void OfficeHandler::serve(Exchange& exchange) {
    const auto size = exchange.segments.size();
    const bool officesPath = exchange.segments[1] == "offices";
    if (!officesPath && size != 2) {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
    if (size == 2 && exchange.method == "GET") {
        if (officesPath) {
            offices(exchange);
        } else if (exchange.segments[1] == "field-limits") {
            fieldLimits(exchange);
        } else {
            documentTypes(exchange);
        }
    } else if (officesPath && size == 2 && exchange.method == "POST") {
        add(exchange);
    } else if (officesPath && size == 3 && exchange.method == "PUT") {
        edit(exchange);
    } else if (officesPath && size == 4 && exchange.segments[3] == "dissolve" &&
               exchange.method == "POST") {
        dissolve(exchange);
    } else if (officesPath && size == 4 && exchange.segments[3] == "signing-policy" &&
               (exchange.method == "GET" || exchange.method == "PUT")) {
        signingPolicy(exchange);
    } else if (officesPath && (size == 4 || size == 5) && exchange.segments[3] == "units") {
        units(exchange);
    } else if (size <= 4) {
        throw ApiError::methodNotAllowed();
    } else {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
}

docmgmt::Administration OfficeHandler::administration(Exchange& exchange) {
    if (exchange.me().role != docmgmt::Role::Administrator) {
        throw ApiError::forbidden("Chỉ quản trị viên mới được thêm, sửa hoặc giải thể cơ quan.");
    }
    auto administration = context_.backend.administration();
    if (!administration) {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
    return *administration;
}

docmgmt::Office newOfficeFrom(const Poco::JSON::Object::Ptr& body) {
    docmgmt::Office office;
    office.code = requireString(body, "code");
    office.name = requireString(body, "name");
    office.issuerCode = requireString(body, "issuerCode");
    office.place = requireString(body, "place");
    office.parentBody = optionalString(body, "parentBody");
    office.term = optionalString(body, "term");
    office.system = systemField(optionalString(body, "system", "state"));
    office.parentId = optionalInteger(body, "parentId");
    return office;
}

void OfficeHandler::add(Exchange& exchange) {
    auto admin = administration(exchange);
    const auto office = newOfficeFrom(exchange.json(kOfficeFields));
    sendJson(exchange.response, 201, officeJson(admin.addOffice(exchange.actor(), office)));
}

void OfficeHandler::edit(Exchange& exchange) {
    auto admin = administration(exchange);
    const Id officeId = exchange.idAt(2);
    const auto body = exchange.json(kOfficeFields);
    docmgmt::OfficeChange change;
    change.code = presentString(body, "code");
    change.name = presentString(body, "name");
    change.parentBody = presentString(body, "parentBody");
    change.issuerCode = presentString(body, "issuerCode");
    change.place = presentString(body, "place");
    change.term = presentString(body, "term");
    if (const auto system = presentString(body, "system")) {
        change.system = systemField(*system);
    }
    if (body->has("parentId")) { // null: no parent office any more
        change.parentId = optionalInteger(body, "parentId");
    }
    change.baseVersion = baseVersion(body); // the form's version (issue 16): a stale one is a 409
    sendJson(exchange.response, 200,
             officeJson(admin.editOffice(exchange.actor(), officeId, change)));
}

void OfficeHandler::dissolve(Exchange& exchange) {
    auto admin = administration(exchange);
    const Id officeId = exchange.idAt(2);
    const auto body =
        exchange.json({{"date", FieldKind::Line, 10}, {"successorId", FieldKind::Integer}});
    const auto office =
        admin.dissolveOffice(exchange.actor(), officeId, requireString(body, "date"),
                             optionalInteger(body, "successorId"));
    sendJson(exchange.response, 200, officeJson(office));
}

namespace {

Poco::JSON::Object::Ptr unitJson(const docmgmt::Unit& unit) {
    auto json = newObject();
    json->set("id", unit.id);
    json->set("officeId", unit.officeId);
    json->set("name", unit.name);
    json->set("version", unit.version);
    return json;
}

} // namespace

/// GET (any signed-in user), POST /api/offices/{id}/units; PUT, DELETE
/// /api/offices/{id}/units/{unitId} (administrators; docmgmt::Administration checks the scope).
void OfficeHandler::units(Exchange& exchange) {
    const bool one = exchange.segments.size() == 5;
    const Id officeId = exchange.idAt(2);
    if (exchange.method == "GET" && !one) {
        exchange.me();
        auto administration = context_.backend.administration();
        if (!administration) {
            throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
        }
        auto list = newArray();
        for (const auto& unit : administration->units(officeId)) {
            list->add(unitJson(unit));
        }
        sendJson(exchange.response, 200, list);
        return;
    }
    if (one ? exchange.method != "PUT" && exchange.method != "DELETE" : exchange.method != "POST") {
        throw ApiError::methodNotAllowed();
    }
    auto admin = administration(exchange);
    if (exchange.method == "DELETE") {
        admin.removeUnit(exchange.actor(), officeId, exchange.idAt(4));
        exchange.response.setStatus(Poco::Net::HTTPResponse::HTTP_NO_CONTENT);
        exchange.response.send();
        return;
    }
    const auto body =
        exchange.json({{"name", FieldKind::Line, 800}, {"version", FieldKind::Integer}});
    const auto name = requireString(body, "name");
    if (one) {
        sendJson(exchange.response, 200,
                 unitJson(admin.renameUnit(exchange.actor(), officeId, exchange.idAt(4), name,
                                           baseVersion(body))));
    } else {
        sendJson(exchange.response, 201, unitJson(admin.addUnit(exchange.actor(), officeId, name)));
    }
}

void OfficeHandler::signingPolicy(Exchange& exchange) {
    if (exchange.me().role != docmgmt::Role::Administrator) {
        throw ApiError::forbidden("Chỉ quản trị viên mới được xem và đặt chính sách ký.");
    }
    auto* policies = context_.backend.signingPolicies();
    if (!policies) {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
    const Id officeId = exchange.idAt(2);
    bool known = false;
    for (const auto& office : context_.backend.offices()) {
        known = known || (office.id == officeId && office.isLocal());
    }
    if (!known) {
        throw ApiError::notFound("Không có cơ quan này trên máy chủ.");
    }
    if (exchange.method == "GET") {
        sendJson(exchange.response, 200,
                 policyJson(*policies, policies->policyOf(officeId), policies->stored(officeId)));
        return;
    }
    refuseUnless(exchange, administrationScope(exchange).covers(officeId),
                 "office/" + std::to_string(officeId),
                 "Bạn chỉ đặt được chính sách ký của cơ quan mình và các cơ quan trực thuộc.");
    const auto body = exchange.json(kPolicyFields);
    docmgmt::SigningPolicyRecord wanted;
    wanted.signerLevel = requireString(body, "signerLevel");
    wanted.sealLevel = requireString(body, "sealLevel");
    wanted.tsa = requireString(body, "tsa");
    wanted.tsaUrl = optionalString(body, "tsaUrl");
    wanted.tsaUsername = optionalString(body, "tsaUsername");
    wanted.revocation = requireString(body, "revocation");
    const auto password = presentString(body, "tsaPassword");
    const auto saved =
        policies->change(exchange.actor(), officeId, wanted, password, baseVersion(body));
    sendJson(exchange.response, 200, policyJson(*policies, saved, true));
}

void OfficeHandler::offices(Exchange& exchange) {
    auto list = newArray();
    const auto* axis = context_.config.axis;
    const auto json = [&](const docmgmt::Office& office) {
        auto json = officeJson(office);
        // Reached through the national axis (its directory, or the axis's "offices"): the
        // recipients picker says so.
        json->set("viaAxis",
                  axis != nullptr && !office.isLocal() &&
                      (office.peer == axis->route().name ||
                       std::find(axis->route().offices.begin(), axis->route().offices.end(),
                                 office.code) != axis->route().offices.end()));
        return json;
    };
    // With ?limit= or ?offset=, one page and the total (issue 17 item 4); else every office.
    if (const auto page = optionalPageRequest(exchange)) {
        const auto offices = context_.backend.officePage(*page);
        for (const auto& office : offices.items) {
            list->add(json(office));
        }
        sendJson(exchange.response, 200, pagedJson(list, offices.total, *page));
        return;
    }
    for (const auto& office : context_.backend.offices()) {
        list->add(json(office));
    }
    sendJson(exchange.response, 200, list);
}

void OfficeHandler::documentTypes(Exchange& exchange) {
    const auto& user = exchange.me();
    bool party = false;
    for (const auto& office : context_.backend.offices()) {
        if (office.id == user.officeId) {
            party = office.system == docmgmt::OfficeSystem::Party;
        }
    }
    auto list = newArray();
    for (const auto& type : templates::documentTypes()) {
        if (party ? !type.partyUse : !type.stateUse) {
            continue;
        }
        auto json = newObject();
        json->set("code", type.code);
        json->set("name", type.name);
        json->set("isLetter", type.isLetter);
        list->add(json);
    }
    sendJson(exchange.response, 200, list);
}

/// The one table of field lengths (docmgmt::fieldLimits, Phần II of NĐ 30/2020 Phụ lục VI) for
/// the editor and the forms to check as the user types.
void OfficeHandler::fieldLimits(Exchange& exchange) {
    exchange.me();
    auto list = newArray();
    for (const auto& limit : docmgmt::fieldLimits()) {
        auto json = newObject();
        json->set("field", limit.field);
        json->set("label", limit.label);
        json->set("max", static_cast<Poco::Int64>(limit.max));
        json->set("number", limit.number);
        list->add(json);
    }
    sendJson(exchange.response, 200, list);
}

} // namespace vanthu::http
