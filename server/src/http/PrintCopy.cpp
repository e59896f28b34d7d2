#include "http/PrintCopy.hpp"

#include <ctime>

#include "http/ApiError.hpp"
#include "http/SecretAccessRoutes.hpp"
#include "vanthu/docmgmt/VietnamTime.hpp"
#include "vanthu/templates/PrintMark.hpp"

namespace vanthu::http {

namespace {

/// "2026-12-06T21:30:05+07:00" → "06/12/2026 21:30 (giờ Việt Nam)".
std::string printedTime(const std::string& iso) {
    if (iso.size() < 16) {
        return iso;
    }
    return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4) + " " +
           iso.substr(11, 5) + " (giờ Việt Nam)";
}

std::string officeName(Backend& backend, docmgmt::Id officeId) {
    for (const auto& office : backend.offices()) {
        if (office.id == officeId) {
            return office.name;
        }
    }
    return {};
}

} // namespace

bool wantsPrintCopy(const Exchange& exchange) {
    for (const auto& [name, value] : exchange.query) {
        if (name == "copy") {
            if (value != "print") {
                throw ApiError(400, "bad-request",
                               "Tham số copy chỉ nhận giá trị print (bản in có dấu).", "copy");
            }
            return true;
        }
    }
    return false;
}

void sendPrintCopy(Exchange& exchange, Backend& backend, const std::string& bytes,
                   const std::string& object, const std::string& filename) {
    const auto actor = exchange.actor();
    templates::PrintMark mark;
    mark.office = officeName(backend, actor.user.officeId);
    mark.person = actor.user.fullName;
    mark.time =
        printedTime(docmgmt::vietnamTimestamp(static_cast<std::int64_t>(std::time(nullptr))));
    const std::string copy = templates::markPrintedCopy(bytes, mark);
    recordRead(exchange, backend, object, "download");
    backend.record(actor, "print", object, templates::printMarkLine(mark));
    std::string name = filename;
    if (name.size() > 4 && name.ends_with(".pdf")) {
        name.insert(name.size() - 4, "-ban-in");
    }
    auto& response = exchange.response;
    response.setContentType("application/pdf");
    response.set("Content-Disposition", "inline; filename=\"" + name + "\"");
    response.setContentLength64(static_cast<Poco::Int64>(copy.size()));
    response.send().write(copy.data(), static_cast<std::streamsize>(copy.size()));
}

} // namespace vanthu::http
