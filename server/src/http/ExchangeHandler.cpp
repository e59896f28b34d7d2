#include "http/ExchangeHandler.hpp"

#include "http/ApiError.hpp"
#include "http/ExchangeInbox.hpp"
#include "http/Json.hpp"

namespace vanthu::http {

void ExchangeHandler::serve(Exchange& exchange) {
    const auto& segments = exchange.segments;
    if (segments.size() != 3 || segments[2] != "packages") {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
    if (exchange.method != "POST") {
        throw ApiError::methodNotAllowed();
    }
    ExchangeInbox* inbox = context_.config.exchangeInbox;
    if (inbox == nullptr) {
        throw ApiError::notFound("Máy chủ này không trao đổi văn bản với máy chủ khác.");
    }
    const auto receipt = inbox->accept(exchange.body, exchange.request.get("X-Vanthu-Peer", ""));
    auto answer = newObject();
    answer->set("kind", receipt.kind);
    answer->set("peer", receipt.peer);
    answer->set("packageId", receipt.packageId);
    auto ids = newArray();
    for (const auto id : receipt.incomingIds) {
        ids->add(id);
    }
    answer->set("incomingIds", ids);
    sendJson(exchange.response, 200, answer);
}

} // namespace vanthu::http
