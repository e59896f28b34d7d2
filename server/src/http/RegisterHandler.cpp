#include "http/RegisterHandler.hpp"

#include <algorithm>

#include "http/ApiError.hpp"
#include "http/Json.hpp"
#include "http/Paging.hpp"
#include "vanthu/docmgmt/OutgoingRegister.hpp"
#include "vanthu/docmgmt/VietnamTime.hpp"

namespace vanthu::http {

namespace {

int requestedYear(const Exchange& exchange) {
    const auto year = exchange.integerParam("year");
    if (!year) {
        return docmgmt::vietnamDate(docmgmt::systemClock()()).year;
    }
    if (*year < 1900 || *year > 9999) {
        throw ApiError::invalid("year", "Năm phải từ 1900 đến 9999.");
    }
    return static_cast<int>(*year);
}

/// An ISO date (YYYY-MM-DD) query parameter, "" when absent (400 when it is not one).
std::string dateParam(const Exchange& exchange, const std::string& name) {
    const std::string text = exchange.param(name);
    const bool iso = text.size() == 10 && text[4] == '-' && text[7] == '-' &&
                     std::all_of(text.begin(), text.end(),
                                 [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
    if (!text.empty() && !iso) {
        throw ApiError(400, "bad-request",
                       "Tham số \"" + name + "\" phải là ngày dạng NNNN-TT-NN (ví dụ 2026-03-01).",
                       name);
    }
    return text;
}

/// The register's filter: ?series= (a series or Party type code), ?from= and ?to= (issued dates).
docmgmt::RegisterFilter registerFilter(const Exchange& exchange) {
    docmgmt::RegisterFilter filter;
    filter.series = exchange.param("series");
    if (filter.series.size() > 32) {
        throw ApiError(400, "bad-request", "Tham số \"series\" dài quá 32 ký tự.", "series");
    }
    filter.from = dateParam(exchange, "from");
    filter.to = dateParam(exchange, "to");
    return filter;
}

/// One page of the register as {"total", "limit", "offset", "year", "entries": [registerEntry]},
/// written directly.
std::string registerJson(const docmgmt::Paged<docmgmt::RegisterEntry>& page,
                         const docmgmt::PageRequest& request, int year) {
    std::string out = "{\"total\":" + std::to_string(page.total) +
                      ",\"limit\":" + std::to_string(request.limit) +
                      ",\"offset\":" + std::to_string(request.offset) +
                      ",\"year\":" + std::to_string(year) + ",\"entries\":[";
    out.reserve(out.size() + page.items.size() * 320);
    bool first = true;
    for (const auto& entry : page.items) {
        if (!first) {
            out += ',';
        }
        first = false;
        out += "{\"documentId\":" + std::to_string(entry.documentId) +
               ",\"number\":" + std::to_string(entry.number);
        const std::pair<const char*, const std::string*> fields[] = {
            {"notation", &entry.notation},       {"issuedDate", &entry.issuedDate},
            {"typeName", &entry.typeName},       {"subject", &entry.subject},
            {"signerName", &entry.signerName},   {"recipients", &entry.recipients},
            {"archiveCopy", &entry.archiveCopy}, {"series", &entry.series},
        };
        for (const auto& [name, value] : fields) {
            out += ",\"";
            out += name;
            out += "\":";
            appendJsonString(out, *value);
        }
        out += '}';
    }
    out += "]}";
    return out;
}

} // namespace

void RegisterHandler::serve(Exchange& exchange) {
    const auto& segments = exchange.segments;
    const bool json = segments.size() == 3 && segments[2] == "outgoing";
    const bool csv = segments.size() == 3 && segments[2] == "outgoing.csv";
    if (!json && !csv) {
        throw ApiError::notFound("Không có sổ đăng ký nào ở địa chỉ này.");
    }
    if (exchange.method != "GET") {
        throw ApiError::methodNotAllowed();
    }
    auto* flow = context_.backend.flow();
    if (!flow) {
        throw ApiError::notFound("Máy chủ này không quản lý văn bản.");
    }
    const int year = requestedYear(exchange);
    if (json) { // one page (issue 17 item 4); the CSV below is the whole year
        const auto page = pageRequest(exchange);
        sendJsonText(exchange.response, 200,
                     registerJson(flow->outgoingRegisterPage(exchange.actor(), year,
                                                             registerFilter(exchange), page),
                                  page, year));
        return;
    }
    const auto entries = flow->outgoingRegister(exchange.actor(), year);
    sendCsv(exchange.response, docmgmt::OutgoingRegister::toCsv(entries),
            "so-van-ban-di-" + std::to_string(year) + ".csv");
}

} // namespace vanthu::http
