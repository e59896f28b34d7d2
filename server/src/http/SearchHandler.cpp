#include "http/SearchHandler.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <regex>

#include "http/ApiError.hpp"
#include "http/Json.hpp"
#include "http/SearchExport.hpp"

namespace vanthu::http {

namespace {

constexpr std::size_t kMaxFilterBytes = 200;

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
    q.arrivalNumber = exchange.param("arrival");
    q.handler = exchange.param("handler");
    q.recipient = exchange.param("recipient");
    q.caseFile = exchange.param("caseFile");
    q.urgency = exchange.param("urgency");
    for (const auto& [name, value] : {std::pair{"type", &q.typeCode},
                                      {"issuer", &q.issuer},
                                      {"signer", &q.signer},
                                      {"status", &q.status},
                                      {"secrecy", &q.secrecy},
                                      {"arrival", &q.arrivalNumber},
                                      {"handler", &q.handler},
                                      {"recipient", &q.recipient},
                                      {"caseFile", &q.caseFile},
                                      {"urgency", &q.urgency}}) {
        if (value->size() > kMaxFilterBytes) {
            throw ApiError::invalid(name, "Điều kiện lọc dài quá 200 ký tự.");
        }
    }
    q.dateFrom = exchange.param("from");
    q.dateTo = exchange.param("to");
    q.deadlineFrom = exchange.param("deadlineFrom");
    q.deadlineTo = exchange.param("deadlineTo");
    for (const auto& [name, value] : {std::pair{"from", q.dateFrom},
                                      {"to", q.dateTo},
                                      {"deadlineFrom", q.deadlineFrom},
                                      {"deadlineTo", q.deadlineTo}}) {
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
            {"register", &d.registerName},
            {"notation", &d.notation},
            {"typeCode", &d.typeCode},
            {"typeName", &d.typeName},
            {"issuer", &d.issuer},
            {"signer", &d.signer},
            {"status", &d.status},
            {"secrecy", &d.secrecy},
            {"date", &d.date},
            {"subject", &d.subject},
            {"arrivalNumber", &d.arrivalNumber},
            {"handler", &d.handler},
            {"deadline", &d.deadline},
            {"urgency", &d.urgency},
        };
        for (const auto& [name, value] : fields) {
            out += ",\"";
            out += name;
            out += "\":";
            appendJsonString(out, *value);
        }
        out += ",\"recipients\":[";
        for (std::size_t i = 0; i < d.recipients.size(); ++i) {
            out += i ? "," : "";
            appendJsonString(out, d.recipients[i]);
        }
        out += "],\"caseFiles\":[";
        bool firstFile = true;
        for (const auto& file : d.caseFiles) {
            if (file.code.empty() && file.title.empty()) {
                continue; // limited to named people: not shown with the document
            }
            out += firstFile ? "{\"id\":" : ",{\"id\":";
            firstFile = false;
            out += file.id.empty() ? std::string("0") : file.id;
            out += ",\"code\":";
            appendJsonString(out, file.code);
            out += ",\"title\":";
            appendJsonString(out, file.title);
            out += '}';
        }
        out += ']';
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

/// The columns asked for ("notation,subject,date"), each known; the default set when none.
std::vector<std::string> columnsOf(const Exchange& exchange) {
    const auto text = exchange.param("columns");
    if (text.empty()) {
        return {"notation", "arrivalNumber", "date", "typeName", "subject", "issuer", "status"};
    }
    if (text.size() > 300) {
        throw ApiError::invalid("columns", "Danh sách cột dài quá 300 ký tự.");
    }
    std::vector<std::string> columns;
    std::size_t at = 0;
    while (at <= text.size()) {
        const auto comma = std::min(text.find(',', at), text.size());
        const auto column = text.substr(at, comma - at);
        if (searchColumnTitle(column).empty()) {
            throw ApiError::invalid("columns", "Không có cột “" + column + "”.");
        }
        if (std::find(columns.begin(), columns.end(), column) == columns.end()) {
            columns.push_back(column);
        }
        at = comma + 1;
    }
    return columns;
}

/// What the table was made from, in one line.
std::string describe(const search::SearchQuery& q, std::uint64_t total, std::size_t rows) {
    std::string text = q.text.empty() ? "Mọi văn bản" : "Tìm “" + q.text + "”";
    for (const auto& [label, value] : {std::pair{"loại", &q.typeCode},
                                       {"sổ", &q.registerName},
                                       {"người ký", &q.signer},
                                       {"trạng thái", &q.status},
                                       {"độ mật", &q.secrecy},
                                       {"số đến", &q.arrivalNumber},
                                       {"người xử lý", &q.handler},
                                       {"nơi nhận", &q.recipient},
                                       {"hồ sơ", &q.caseFile},
                                       {"độ khẩn", &q.urgency},
                                       {"từ ngày", &q.dateFrom},
                                       {"đến ngày", &q.dateTo},
                                       {"hạn từ", &q.deadlineFrom},
                                       {"hạn đến", &q.deadlineTo}}) {
        if (!value->empty()) {
            text += "; " + std::string(label) + ": " + *value;
        }
    }
    if (q.year) {
        text += "; năm " + std::to_string(*q.year);
    }
    text += ". " + std::to_string(rows) + " văn bản";
    if (total > rows) {
        text += " đầu tiên trong khoảng " + std::to_string(total) + " (xuất tối đa " +
                std::to_string(kMaxExportRows) + ")";
    }
    return text + ".";
}

} // namespace

void SearchHandler::exportResults(Exchange& exchange, docmgmt::DocumentIndexer& indexer,
                                  const User& user) {
    const auto format = exchange.param("format");
    if (format != "docx" && format != "pdf") {
        throw ApiError::invalid("format", "Định dạng xuất phải là docx hoặc pdf.");
    }
    auto query = queryOf(exchange);
    query.offset = 0;
    query.limit = kMaxExportRows;
    query.lastWordIsPrefix = false;
    ResultsTable table;
    table.columns = columnsOf(exchange);
    const auto results = indexer.search(user, query);
    table.title = "KẾT QUẢ TÌM KIẾM VĂN BẢN";
    table.description = describe(query, results.total, results.hits.size());
    table.hits = results.hits;
    std::string bytes;
    try {
        bytes = format == "docx" ? resultsDocx(table) : resultsPdf(table);
    } catch (const ExportBusy&) {
        exchange.response.set("Retry-After", "10");
        throw ApiError(503, "unavailable", "Máy chủ đang xuất nhiều tệp; xin thử lại sau ít giây.");
    } catch (const ExportError& e) {
        std::cerr << "vanthu: search export: " << e.what() << std::endl;
        throw ApiError(503, "unavailable",
                       "Máy chủ chưa xuất được tệp (thiếu công cụ chuyển đổi); xin báo quản trị.");
    }
    exchange.response.setContentType(
        format == "docx" ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                         : "application/pdf");
    exchange.response.set("Content-Disposition",
                          "attachment; filename=\"ket-qua-tim-kiem." + format + "\"");
    exchange.response.set("Cache-Control", "no-store");
    exchange.response.setContentLength64(static_cast<Poco::Int64>(bytes.size()));
    exchange.response.send().write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

void SearchHandler::serve(Exchange& exchange) {
    const bool exporting = exchange.segments.size() == 3 && exchange.segments[2] == "export";
    if (exchange.segments.size() != 2 && !exporting) {
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
    if (exporting) {
        exportResults(exchange, *indexer, user);
        return;
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
