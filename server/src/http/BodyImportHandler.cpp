#include "http/BodyImportHandler.hpp"

#include "http/ApiError.hpp"
#include "http/Json.hpp"
#include "vanthu/templates/WordImport.hpp"

namespace vanthu::http {

void BodyImportHandler::serve(Exchange& exchange) {
    if (exchange.segments.size() != 2) {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
    if (exchange.method != "POST") {
        throw ApiError::methodNotAllowed();
    }
    if (exchange.me().role == docmgmt::Role::Administrator) {
        throw ApiError::forbidden("Quản trị viên không soạn văn bản.");
    }
    if (exchange.body.empty()) {
        throw ApiError::invalid("file", "Chưa gửi tệp .docx hoặc .odt.");
    }
    templates::ImportedBody body;
    try {
        body = longWork([&] { return templates::importWordBody(exchange.body); });
    } catch (const templates::WordImportError& e) {
        throw ApiError::invalid("file", e.what());
    }
    auto json = newObject();
    json->set("markup", body.markup);
    auto warnings = newArray();
    for (const auto& warning : body.warnings) {
        warnings->add(warning);
    }
    json->set("warnings", warnings);
    sendJson(exchange.response, 200, json);
}

} // namespace vanthu::http
