#include "http/AuditHandler.hpp"

#include <algorithm>

#include "http/ApiError.hpp"
#include "http/Json.hpp"
#include "http/Paging.hpp"
#include "http/Views.hpp"
#include "vanthu/docmgmt/Administration.hpp"
#include "vanthu/docmgmt/Preservation.hpp"
#include "vanthu/docmgmt/VietnamTime.hpp"

namespace vanthu::http {

void AuditHandler::serve(Exchange& exchange) {
    const auto size = exchange.segments.size();
    const bool access =
        size == 3 && (exchange.segments[2] == "access" || exchange.segments[2] == "access.csv");
    const bool renewal = size == 3 && exchange.segments[2] == "renewal";
    if (size != 2 && !access && !renewal) {
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
    if (renewal) {
        renewalState(exchange);
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

void AuditHandler::renewalState(Exchange& exchange) {
    auto* preservation = context_.backend.preservation();
    if (!preservation) {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
    const auto overview = preservation->overview();
    auto json = newObject();
    json->set("marginDays", static_cast<Poco::Int64>(overview.marginSeconds / 86400));
    json->set("lastRoundAt", overview.state.lastRoundAt);
    json->set("lastRenewed", overview.state.lastRenewed);
    json->set("lastFailed", overview.state.lastFailed);
    json->set("renewedTotal", static_cast<Poco::Int64>(overview.state.renewedTotal));
    json->set("failedTotal", static_cast<Poco::Int64>(overview.state.failedTotal));
    json->set("lastError", overview.state.lastError);
    json->set("copies", overview.counts.copies);
    json->set("due", overview.counts.due);
    json->set("failing", overview.counts.failing);
    json->set("waiting", overview.counts.waiting);
    auto letters = newArray();
    for (const auto& copy : overview.failing) {
        auto item = newObject();
        item->set("kind", copy.kind);
        item->set("documentId", copy.documentId);
        item->set("officeId", copy.officeId);
        item->set("level", copy.level);
        item->set("updatedAt", copy.updatedAt);
        item->set("nextAttemptAt",
                  copy.nextAttemptAt
                      ? Poco::Dynamic::Var(docmgmt::vietnamTimestamp(copy.nextAttemptAt))
                      : Poco::Dynamic::Var());
        item->set("lastError", copy.lastError);
        letters->add(item);
    }
    json->set("failingLetters", letters);
    sendJson(exchange.response, 200, json);
}

} // namespace vanthu::http
