#include "http/AuditHandler.hpp"

#include <algorithm>

#include "http/ApiError.hpp"
#include "http/Json.hpp"
#include "http/Paging.hpp"
#include "http/Views.hpp"
#include "vanthu/docmgmt/Administration.hpp"
#include "vanthu/docmgmt/VietnamTime.hpp"

namespace vanthu::http {

void AuditHandler::serve(Exchange& exchange) {
    const auto size = exchange.segments.size();
    const bool access =
        size == 3 && (exchange.segments[2] == "access" || exchange.segments[2] == "access.csv");
    if (size != 2 && !access) {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
    if (exchange.method != "GET") {
        throw ApiError::methodNotAllowed();
    }
    if (exchange.me().role != docmgmt::Role::Administrator) {
        throw ApiError::forbidden("Chỉ quản trị viên mới được xem nhật ký.");
    }
    if (access) {
        accessStatistics(exchange, exchange.segments[2] == "access.csv");
        return;
    }
    const auto page = pageRequest(exchange); // newest first, one page (issue 17 item 4)
    const auto entries = context_.backend.auditPage(exchange.actor(), page);
    auto list = newArray();
    for (const auto& entry : entries.items) {
        list->add(auditJson(entry));
    }
    sendJson(exchange.response, 200, pagedJson(list, entries.total, page));
}

namespace {

Poco::JSON::Object::Ptr countsJson(const docmgmt::AccessCounts& counts) {
    auto json = newObject();
    json->set("key", counts.key);
    json->set("signIns", counts.signIns);
    json->set("failedSignIns", counts.failedSignIns);
    json->set("heldBack", counts.heldBack);
    json->set("signOuts", counts.signOuts);
    json->set("lastSignIn", counts.lastSignIn);
    return json;
}

} // namespace

void AuditHandler::accessStatistics(Exchange& exchange, bool csv) {
    auto administration = context_.backend.administration();
    if (!administration) {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
    const auto today = docmgmt::vietnamDate(docmgmt::systemClock()());
    const auto report = administration->accessStatistics(
        exchange.actor(), exchange.param("from", today.isoMonth() + "-01"),
        exchange.param("to", today.iso()));
    if (csv) {
        sendCsv(exchange.response, docmgmt::accessStatisticsCsv(report),
                "truy-cap-" + report.from + "-" + report.to + ".csv");
        return;
    }
    auto json = newObject();
    json->set("from", report.from);
    json->set("to", report.to);
    auto months = newArray();
    for (const auto& month : report.months) {
        months->add(countsJson(month));
    }
    auto accounts = newArray();
    for (const auto& account : report.accounts) {
        accounts->add(countsJson(account));
    }
    json->set("months", months);
    json->set("accounts", accounts);
    json->set("total", countsJson(report.total));
    sendJson(exchange.response, 200, json);
}

} // namespace vanthu::http
