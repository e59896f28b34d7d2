#include "http/AxisHandler.hpp"

#include "http/ApiError.hpp"
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
    auto problems = newArray();
    for (const auto& problem : r.problems) {
        problems->add(problem);
    }
    json->set("problems", problems);
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
    } else if (size == 2 || (size == 3 && exchange.segments[2] == "directory")) {
        throw ApiError::methodNotAllowed();
    } else {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
}

} // namespace vanthu::http
