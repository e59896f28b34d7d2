#include "http/ImportedHandler.hpp"

#include "http/ApiError.hpp"
#include "http/Json.hpp"
#include "http/SecretAccessRoutes.hpp"

namespace vanthu::http {

void ImportedHandler::serve(Exchange& exchange) {
    const auto size = exchange.segments.size();
    const bool pdf = size == 4 && exchange.segments[3] == "pdf";
    if (size != 3 && !pdf) {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
    if (exchange.method != "GET") {
        throw ApiError::methodNotAllowed();
    }
    const auto me = context_.backend.findUser(exchange.me().id).value_or(exchange.me());
    const auto id = exchange.idAt(2);
    const auto doc = context_.backend.importedDocument(me, id);
    if (!doc) {
        throw ApiError::notFound("Không có văn bản nhập này, hoặc bạn không được xem.");
    }
    const std::string object = "imported/" + std::to_string(id);
    if (pdf) {
        const auto bytes = context_.backend.importedPdf(*doc);
        recordRead(exchange, context_.backend, object, "download");
        exchange.response.setContentType("application/pdf");
        exchange.response.set("Content-Disposition", "attachment; filename=\"van-ban-nhap-" +
                                                         std::to_string(id) + ".pdf\"");
        exchange.response.setContentLength64(static_cast<Poco::Int64>(bytes.size()));
        exchange.response.send().write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        return;
    }
    recordRead(exchange, context_.backend, object, "view");
    auto json = newObject();
    json->set("id", doc->id);
    json->set("kind", "imported");
    json->set("direction",
              doc->direction == docmgmt::Direction::Outgoing ? "outgoing" : "incoming");
    json->set("number", doc->number);
    json->set("notation", doc->notation);
    json->set("issuedDate", doc->issuedDate);
    json->set("issuer", doc->issuer);
    json->set("typeName", doc->typeName);
    json->set("subject", doc->subject);
    json->set("signer", doc->signer);
    json->set("pages", doc->pages);
    json->set("sourceFile", doc->sourceFile);
    json->set("importedAt", doc->importedAt);
    sendJson(exchange.response, 200, json);
}

} // namespace vanthu::http
