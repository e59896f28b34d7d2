#include "http/AxisHandler.hpp"

#include "http/ApiError.hpp"
#include "http/AxisAgencies.hpp"
#include "http/AxisLink.hpp"
#include "http/Json.hpp"

namespace vanthu::http {

namespace {

Poco::JSON::Object::Ptr syncJson(const DirectorySyncReport& report) {
    auto json = newObject();
    json->set("at", report.at);
    json->set("list", report.list);
    json->set("by", report.who);
    if (!report.error.empty()) {
        json->set("error", report.error);
        return json;
    }
    const auto& r = report.result;
    json->set("listed", r.listed);
    json->set("added", r.added);
    json->set("updated", r.updated);
    json->set("unchanged", r.unchanged);
    json->set("kept", r.kept);
    json->set("oldCodes", r.oldCodes);
    json->set("skipped", r.skipped);
    json->set("parents", r.parents);
    json->set("parentsUnknown", r.parentsUnknown);
    json->set("parentsFrom", report.parentsFrom);
    auto problems = newArray();
    for (const auto& problem : r.problems) {
        problems->add(problem);
    }
    json->set("problems", problems);
    return json;
}

/// An AxisError as the administrator's answer: 502 with the axis's reason.
[[noreturn]] void axisFailed(const std::string& what, const exchange::AxisError& e) {
    throw ApiError(502, "internal", what + e.what());
}

Poco::JSON::Object::Ptr registrationJson(const exchange::AxisAgencyRegistration& r) {
    auto json = newObject();
    json->set("code", r.code);
    json->set("name", r.name);
    json->set("parentCode", r.parentCode);
    json->set("mail", r.mail);
    json->set("mobile", r.mobile);
    json->set("fax", r.fax);
    return json;
}

} // namespace

AxisLink& AxisHandler::axis(Exchange& exchange) {
    if (exchange.me().role != docmgmt::Role::Administrator) {
        throw ApiError::forbidden("Chỉ quản trị viên mới xem và đồng bộ danh bạ trục liên thông.");
    }
    if (context_.config.axis == nullptr) {
        throw ApiError::notFound("Máy chủ này không kết nối trục liên thông (mục \"axis\" của "
                                 "--peers).");
    }
    return *context_.config.axis;
}

void AxisHandler::serve(Exchange& exchange) {
    const auto size = exchange.segments.size();
    if (size == 2 && exchange.method == "GET") {
        auto& link = axis(exchange);
        auto json = newObject();
        json->set("name", link.route().name);
        json->set("endpoint", link.route().settings.endpoint);
        json->set("systemId", link.route().settings.systemId);
        json->set("pollSeconds", static_cast<int>(link.route().settings.pollInterval.count()));
        json->set("directoryHours", static_cast<int>(link.route().directoryEvery.count()));
        const auto last = link.lastDirectorySync();
        json->set("lastDirectorySync",
                  last.at.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(syncJson(last)));
        sendJson(exchange.response, 200, json);
    } else if (size == 3 && exchange.segments[2] == "directory" && exchange.method == "POST") {
        auto& link = axis(exchange);
        // The directory is the whole installation's: its administrator syncs it.
        refuseUnless(exchange, administrationScope(exchange).whole(), "axis/directory",
                     "Chỉ quản trị hệ thống mới đồng bộ được danh bạ trục liên thông.");
        try {
            sendJson(exchange.response, 200, syncJson(link.syncDirectory(exchange.me().username)));
        } catch (const exchange::AxisError& e) {
            throw ApiError(502, "internal",
                           std::string("Không lấy được danh bạ từ trục liên thông: ") + e.what());
        }
    } else if (size == 3 && exchange.segments[2] == "waiting" && exchange.method == "GET") {
        auto& link = axis(exchange);
        try {
            const auto waiting = link.waiting();
            auto json = newObject();
            json->set("documents", waiting.documents);
            json->set("statuses", waiting.statuses);
            sendJson(exchange.response, 200, json);
        } catch (const exchange::AxisError& e) {
            axisFailed("Trục liên thông không cho biết số văn bản chờ: ", e);
        }
    } else if (size == 3 && exchange.segments[2] == "units" && exchange.method == "GET") {
        auto& link = axis(exchange);
        try {
            auto list = newArray();
            for (const auto& unit : link.units()) {
                auto json = newObject();
                json->set("code", unit.agency.code);
                json->set("name", unit.agency.name);
                json->set("pid", unit.agency.pid);
                json->set("centerCode", unit.centerCode);
                json->set("deleted", unit.deleted);
                json->set("ours", unit.centerCode == link.route().settings.systemId);
                list->add(json);
            }
            auto json = newObject();
            json->set("units", list);
            sendJson(exchange.response, 200, json);
        } catch (const exchange::AxisError& e) {
            axisFailed("Không lấy được danh sách đơn vị từ trục liên thông: ", e);
        }
    } else if (size == 3 && exchange.segments[2] == "agencies" && exchange.method == "POST") {
        auto& link = axis(exchange);
        // The centre's sub-units are the installation's: its administrator registers them.
        refuseUnless(exchange, administrationScope(exchange).whole(), "axis-agencies",
                     "Chỉ quản trị hệ thống mới đăng ký được đơn vị với trục liên thông.");
        const auto body = exchange.json({{"code", FieldKind::Line, 32},
                                         {"name", FieldKind::Line, 300},
                                         {"parentCode", FieldKind::Line, 32},
                                         {"mail", FieldKind::Line, 254},
                                         {"mobile", FieldKind::Line, 32},
                                         {"fax", FieldKind::Line, 32}});
        SubUnitInput input{optionalString(body, "code"),       optionalString(body, "name"),
                           optionalString(body, "parentCode"), optionalString(body, "mail"),
                           optionalString(body, "mobile"),     optionalString(body, "fax")};
        const auto registration =
            subUnitRegistration(context_.backend.offices(), link.route().settings.systemId, input);
        try {
            link.client().registerAgency(registration);
        } catch (const exchange::AxisError& e) {
            axisFailed("Trục liên thông không nhận đăng ký đơn vị " + registration.code + ": ", e);
        }
        context_.backend.record(exchange.actor(), "axis-agency-register",
                                "axis-agency/" + registration.code, subUnitDetail(registration));
        sendJson(exchange.response, 200, registrationJson(registration));
    } else if (size == 4 && exchange.segments[2] == "agencies" && exchange.method == "DELETE") {
        auto& link = axis(exchange);
        const std::string& code = exchange.segments[3];
        refuseUnless(exchange, administrationScope(exchange).whole(), "axis-agencies",
                     "Chỉ quản trị hệ thống mới hủy đăng ký được đơn vị với trục liên thông.");
        checkSubUnitCode(code);
        try {
            link.client().deleteAgency(code);
        } catch (const exchange::AxisError& e) {
            axisFailed("Trục liên thông không hủy đăng ký đơn vị " + code + ": ", e);
        }
        context_.backend.record(exchange.actor(), "axis-agency-delete", "axis-agency/" + code,
                                code);
        auto json = newObject();
        json->set("code", code);
        json->set("deleted", true);
        sendJson(exchange.response, 200, json);
    } else if (size == 2 ||
               (size == 3 &&
                (exchange.segments[2] == "directory" || exchange.segments[2] == "waiting" ||
                 exchange.segments[2] == "units" || exchange.segments[2] == "agencies")) ||
               (size == 4 && exchange.segments[2] == "agencies")) {
        throw ApiError::methodNotAllowed();
    } else {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
}

} // namespace vanthu::http
