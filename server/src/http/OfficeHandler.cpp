#include "http/OfficeHandler.hpp"

#include "http/ApiError.hpp"
#include "http/Json.hpp"
#include "http/Views.hpp"
#include "vanthu/templates/DocumentType.hpp"

namespace vanthu::http {

void OfficeHandler::serve(Exchange& exchange) {
    if (exchange.segments.size() != 2) {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
    if (exchange.method != "GET") {
        throw ApiError::methodNotAllowed();
    }
    if (exchange.segments[1] == "offices") {
        offices(exchange);
    } else {
        documentTypes(exchange);
    }
}

void OfficeHandler::offices(Exchange& exchange) {
    auto list = newArray();
    for (const auto& office : context_.backend.offices()) {
        list->add(officeJson(office));
    }
    sendJson(exchange.response, 200, list);
}

void OfficeHandler::documentTypes(Exchange& exchange) {
    const auto& user = exchange.me();
    bool party = false;
    for (const auto& office : context_.backend.offices()) {
        if (office.id == user.officeId) {
            party = office.system == docmgmt::OfficeSystem::Party;
        }
    }
    auto list = newArray();
    for (const auto& type : templates::documentTypes()) {
        if (party ? !type.partyUse : !type.stateUse) {
            continue;
        }
        auto json = newObject();
        json->set("code", type.code);
        json->set("name", type.name);
        json->set("isLetter", type.isLetter);
        list->add(json);
    }
    sendJson(exchange.response, 200, list);
}

} // namespace vanthu::http
