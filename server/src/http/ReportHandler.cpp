#include "http/ReportHandler.hpp"

#include <limits>

#include "http/ApiError.hpp"
#include "http/IncomingViews.hpp"
#include "http/Json.hpp"
#include "http/Paging.hpp"
#include "vanthu/docmgmt/OutgoingHandling.hpp"
#include "vanthu/docmgmt/SecretAccess.hpp"
#include "vanthu/docmgmt/VietnamTime.hpp"

namespace vanthu::http {

namespace {

int boundedParam(const Exchange& exchange, const std::string& name, int fallback, int low, int high,
                 const std::string& message) {
    const auto value = exchange.integerParam(name);
    if (!value) {
        return fallback;
    }
    if (*value < low || *value > high) {
        throw ApiError::invalid(name, message);
    }
    return static_cast<int>(*value);
}

} // namespace

bool ReportHandler::answers(std::string_view uri) {
    static constexpr std::string_view reports = "/api/reports";
    static constexpr std::string_view registers = "/api/registers/incoming";
    return uri.substr(0, reports.size()) == reports || uri.substr(0, registers.size()) == registers;
}

docmgmt::IncomingFlow& ReportHandler::flow() {
    auto* flow = context_.backend.incoming();
    if (!flow) {
        throw ApiError::notFound("Máy chủ này không quản lý văn bản đến.");
    }
    return *flow;
}

void ReportHandler::serve(Exchange& exchange) {
    const auto& segments = exchange.segments;
    if (exchange.method != "GET") {
        throw ApiError::methodNotAllowed();
    }
    if (segments.size() == 3 && segments[1] == "registers") {
        if (segments[2] == "incoming" || segments[2] == "incoming.csv") {
            return incomingRegister(exchange, segments[2] == "incoming.csv");
        }
    }
    if (segments.size() == 3 && segments[1] == "reports") {
        if (segments[2] == "deadlines") {
            const int days =
                boundedParam(exchange, "days", 3, 0, 365, "Số ngày sắp đến hạn phải từ 0 đến 365.");
            sendJson(exchange.response, 200,
                     deadlinesJson(flow().deadlines(exchange.actor(), days)));
            return;
        }
        if (segments[2] == "figures" || segments[2] == "figures.csv") {
            return figures(exchange, segments[2] == "figures.csv");
        }
        if (segments[2] == "outgoing" || segments[2] == "outgoing.csv") {
            return outgoing(exchange, segments[2] == "outgoing.csv");
        }
        if (segments[2] == "reads" || segments[2] == "reads.csv") {
            return reads(exchange, segments[2] == "reads.csv");
        }
        if (segments[2] == "casefiles" || segments[2] == "casefiles.csv") {
            return caseFiles(exchange, segments[2] == "casefiles.csv");
        }
    }
    throw ApiError::notFound("Không có báo cáo nào ở địa chỉ này.");
}

void ReportHandler::incomingRegister(Exchange& exchange, bool csv) {
    const int thisYear = docmgmt::vietnamDate(docmgmt::systemClock()()).year;
    const int year = boundedParam(exchange, "year", thisYear, 1900, 9999,
                                  "Năm phải từ 1900 "
                                  "đến 9999.");
    if (!csv) { // one page (issue 17 item 4): {total, limit, offset, entries}
        const auto page = pageRequest(exchange);
        auto json = incomingRegisterJson(
            flow().incomingRegister(exchange.actor(), year, page.limit, page.offset));
        json->set("limit", page.limit);
        json->set("offset", page.offset);
        sendJson(exchange.response, 200, json);
        return;
    }
    // The whole year, page by page.
    std::vector<docmgmt::IncomingRegisterEntry> all;
    for (int from = 0;; from += 1000) {
        auto page = flow().incomingRegister(exchange.actor(), year, 1000, from);
        all.insert(all.end(), page.entries.begin(), page.entries.end());
        if (static_cast<int>(all.size()) >= page.total || page.entries.empty()) {
            break;
        }
    }
    sendCsv(exchange.response, docmgmt::IncomingFlow::registerCsv(all),
            "so-van-ban-den-" + std::to_string(year) + ".csv");
}

void ReportHandler::figures(Exchange& exchange, bool csv) {
    const auto today = docmgmt::vietnamDate(docmgmt::systemClock()());
    const std::string from = exchange.param("from", std::to_string(today.year) + "-01-01");
    const std::string to = exchange.param("to", today.iso());
    const auto report = flow().figures(exchange.actor(), from, to);
    if (!csv) {
        sendJson(exchange.response, 200, figuresJson(report));
        return;
    }
    sendCsv(exchange.response, docmgmt::IncomingFlow::figuresCsv(report),
            "so-lieu-" + report.from + "-" + report.to + ".csv");
}

void ReportHandler::outgoing(Exchange& exchange, bool csv) {
    auto* outgoingFlow = context_.backend.flow();
    if (!outgoingFlow) {
        throw ApiError::notFound("Máy chủ này không quản lý văn bản đi.");
    }
    const auto today = docmgmt::vietnamDate(docmgmt::systemClock()());
    const std::string from = exchange.param("from", std::to_string(today.year) + "-01-01");
    const std::string to = exchange.param("to", today.iso());
    const auto report = docmgmt::outgoingHandlingReport(*outgoingFlow, exchange.actor(), from, to);
    if (csv) {
        sendCsv(exchange.response, docmgmt::outgoingHandlingCsv(report),
                "xu-ly-van-ban-di-" + report.from + "-" + report.to + ".csv");
        return;
    }
    auto json = newObject();
    json->set("from", report.from);
    json->set("to", report.to);
    auto rows = newArray();
    for (const auto& row : report.rows) {
        auto o = newObject();
        o->set("id", row.document.id);
        o->set("notation", row.document.notation);
        o->set("issuedDate", row.document.issuedDate);
        o->set("subject", row.document.subject);
        auto receivers = newArray();
        for (const auto& r : row.recipients) {
            auto one = newObject();
            one->set("code", r.recipientCode);
            one->set("name", r.recipientName);
            one->set("channel", docmgmt::toString(r.channel));
            one->set("statusCode", r.statusCode);
            one->set("status", r.statusCode.empty() ? std::string("Chưa có phản hồi")
                                                    : docmgmt::statusLabel(r.statusCode));
            one->set("statusAt", r.statusAt);
            one->set("description", r.statusDescription);
            one->set("note", r.note);
            receivers->add(one);
        }
        o->set("receivers", receivers);
        rows->add(o);
    }
    json->set("letters", rows);
    auto byStatus = newObject();
    for (const auto& [code, count] : report.byStatus) {
        byStatus->set(code.empty() ? "none" : code, count);
    }
    json->set("byStatus", byStatus);
    sendJson(exchange.response, 200, json);
}

docmgmt::SecretAccess& ReportHandler::secretAccess() {
    auto* access = context_.backend.secretAccess();
    if (!access) {
        throw ApiError::notFound("Máy chủ này không thống kê lượt xem văn bản.");
    }
    return *access;
}

void ReportHandler::reads(Exchange& exchange, bool csv) {
    const auto today = docmgmt::vietnamDate(docmgmt::systemClock()());
    const auto report = secretAccess().readStatistics(
        exchange.actor(), exchange.param("from", today.isoMonth() + "-01"),
        exchange.param("to", today.iso()));
    if (csv) {
        sendCsv(exchange.response, docmgmt::SecretAccess::readStatisticsCsv(report),
                "luot-xem-" + report.from + "-" + report.to + ".csv");
        return;
    }
    auto rows = newArray();
    for (const auto& row : report.rows) {
        auto o = newObject();
        o->set("object", row.tally.object);
        o->set("notation", row.notation);
        o->set("subject", row.subject);
        o->set("limited", row.secret);
        o->set("views", row.tally.views);
        o->set("downloads", row.tally.downloads);
        o->set("readers", row.tally.readers);
        o->set("lastAt", row.tally.lastAt);
        rows->add(o);
    }
    auto json = newObject();
    json->set("from", report.from);
    json->set("to", report.to);
    json->set("documents", rows);
    sendJson(exchange.response, 200, json);
}

void ReportHandler::caseFiles(Exchange& exchange, bool csv) {
    const auto report = secretAccess().caseFileStatistics(exchange.actor());
    if (csv) {
        sendCsv(exchange.response, docmgmt::SecretAccess::caseFileStatisticsCsv(report),
                "ho-so-theo-tai-khoan.csv");
        return;
    }
    const auto countsJson = [](const docmgmt::CaseFileCount& c) {
        auto o = newObject();
        o->set("key", c.key);
        o->set("fullName", c.fullName);
        o->set("open", c.open);
        o->set("closed", c.closed);
        return o;
    };
    auto accounts = newArray();
    for (const auto& account : report.accounts) {
        accounts->add(countsJson(account));
    }
    auto json = newObject();
    json->set("accounts", accounts);
    json->set("total", countsJson(report.total));
    sendJson(exchange.response, 200, json);
}

} // namespace vanthu::http
