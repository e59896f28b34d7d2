#include "http/SearchHandler.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <regex>

#include "http/ApiError.hpp"
#include "http/Json.hpp"

namespace vanthu::http {

namespace {

bool isIsoDate(const std::string& text) {
    static const std::regex date(R"(\d{4}-\d{2}-\d{2})");
    return std::regex_match(text, date);
}

search::SearchQuery queryOf(const Exchange& exchange) {
    search::SearchQuery q;
    q.text = exchange.param("q");
    if (q.text.size() > 500) {
        throw ApiError::invalid("q", "Nội dung tìm kiếm dài quá 500 ký tự.");
    }
    const auto prefix = exchange.param("prefix");
    q.lastWordIsPrefix = prefix == "1" || prefix == "true";
    q.typeCode = exchange.param("type");
    q.issuer = exchange.param("issuer");
    q.registerName = exchange.param("register");
    if (!q.registerName.empty() && q.registerName != "outgoing" && q.registerName != "incoming") {
        throw ApiError::invalid("register",
                                "Sổ phải là outgoing (văn bản đi) hoặc incoming (văn bản đến).");
    }
    q.signer = exchange.param("signer");
    q.status = exchange.param("status");
    q.secrecy = exchange.param("secrecy");
    q.dateFrom = exchange.param("from");
    q.dateTo = exchange.param("to");
    for (const auto& [name, value] : {std::pair{"from", q.dateFrom}, {"to", q.dateTo}}) {
        if (!value.empty() && !isIsoDate(value)) {
            throw ApiError::invalid(name, "Ngày phải viết dạng YYYY-MM-DD.");
        }
    }
    if (const auto year = exchange.integerParam("year")) {
        if (*year < 1900 || *year > 9999) {
            throw ApiError::invalid("year", "Năm phải từ 1900 đến 9999.");
        }
        q.year = static_cast<int>(*year);
    }
    const auto sort = exchange.param("sort", "relevance");
    if (sort == "relevance") {
        q.sort = search::SortOrder::Relevance;
    } else if (sort == "newest") {
        q.sort = search::SortOrder::Newest;
    } else if (sort == "oldest") {
        q.sort = search::SortOrder::Oldest;
    } else {
        throw ApiError::invalid("sort", "Sắp xếp theo relevance, newest hoặc oldest.");
    }
    q.limit = static_cast<int>(std::clamp(exchange.integerParam("limit").value_or(20), 1LL, 100LL));
    q.offset =
        static_cast<int>(std::clamp(exchange.integerParam("offset").value_or(0), 0LL, 10000LL));
    return q;
}

void appendParts(std::string& out, const std::vector<search::SnippetPart>& parts) {
    out += '[';
    for (std::size_t i = 0; i < parts.size(); ++i) {
        out += i ? ",{\"text\":" : "{\"text\":";
        appendJsonString(out, parts[i].text);
        out += parts[i].match ? ",\"match\":true}" : ",\"match\":false}";
    }
    out += ']';
}

/// The answer, written directly (it is on the search-as-you-type path).
std::string resultsJson(const search::SearchResults& results, const search::SearchQuery& q,
                        double tookMs) {
    std::string out = "{\"total\":" + std::to_string(results.total) +
                      ",\"exact\":" + (results.exact ? "true" : "false") +
                      ",\"offset\":" + std::to_string(q.offset) +
                      ",\"limit\":" + std::to_string(q.limit);
    char took[32];
    std::snprintf(took, sizeof took, "%.2f", tookMs);
    out += ",\"tookMs\":";
    out += took;
    out += ",\"hits\":[";
    bool first = true;
    for (const auto& hit : results.hits) {
        const auto& d = hit.document;
        out += first ? "{" : ",{";
        first = false;
        const auto slash = d.key.find('/');
        out += "\"kind\":";
        appendJsonString(out, d.kind);
        out +=
            ",\"id\":" + (slash == std::string::npos ? std::string("0") : d.key.substr(slash + 1));
        const std::pair<const char*, const std::string*> fields[] = {
            {"register", &d.registerName}, {"notation", &d.notation}, {"typeCode", &d.typeCode},
            {"typeName", &d.typeName},     {"issuer", &d.issuer},     {"signer", &d.signer},
            {"status", &d.status},         {"secrecy", &d.secrecy},   {"date", &d.date},
            {"subject", &d.subject},
        };
        for (const auto& [name, value] : fields) {
            out += ",\"";
            out += name;
            out += "\":";
            appendJsonString(out, *value);
        }
        char weight[32];
        std::snprintf(weight, sizeof weight, "%.3f", hit.weight);
        out += ",\"score\":";
        out += weight;
        out += ",\"subjectParts\":";
        appendParts(out, hit.subject);
        out += ",\"snippet\":";
        appendParts(out, hit.snippet);
        out += '}';
    }
    out += "]}";
    return out;
}

} // namespace

void SearchHandler::serve(Exchange& exchange) {
    if (exchange.segments.size() != 2) {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
    if (exchange.method != "GET") {
        throw ApiError::methodNotAllowed();
    }
    auto* indexer = context_.backend.search();
    if (!indexer) {
        throw ApiError::notFound("Máy chủ này không có chỉ mục tìm kiếm.");
    }
    // The user as stored now: a role or office changed since sign-in counts at once.
    const auto user = context_.backend.findUser(exchange.me().id).value_or(exchange.me());
    if (user.role == docmgmt::Role::Administrator) {
        throw ApiError::forbidden("Quản trị hệ thống quản lý người dùng, không xem văn bản.");
    }
    const auto query = queryOf(exchange);
    const auto start = std::chrono::steady_clock::now();
    const auto results = indexer->search(user, query);
    const double tookMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    exchange.response.set("Cache-Control", "no-store");
    sendJsonText(exchange.response, 200, resultsJson(results, query, tookMs));
}

} // namespace vanthu::http
