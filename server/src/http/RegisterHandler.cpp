#include "http/RegisterHandler.hpp"

#include "http/ApiError.hpp"
#include "http/Json.hpp"
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

/// The register as a JSON array of registerEntry, written directly: a year of a busy office has
/// tens of thousands of rows.
std::string registerJson(const std::vector<docmgmt::RegisterEntry>& entries) {
    std::string out = "[";
    out.reserve(entries.size() * 320);
    for (const auto& entry : entries) {
        if (out.size() > 1) {
            out += ',';
        }
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
    out += ']';
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
    const auto entries = flow->outgoingRegister(exchange.actor(), year);
    if (json) {
        sendJsonText(exchange.response, 200, registerJson(entries));
        return;
    }
    sendCsv(exchange.response, docmgmt::OutgoingRegister::toCsv(entries),
            "so-van-ban-di-" + std::to_string(year) + ".csv");
}

} // namespace vanthu::http
