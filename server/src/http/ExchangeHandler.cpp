#include "http/ExchangeHandler.hpp"

#include "http/ApiError.hpp"
#include "http/ExchangeInbox.hpp"
#include "http/Json.hpp"
#include "http/PeerDirectory.hpp"

namespace vanthu::http {

namespace {

constexpr const char* kPeerHeader = "X-Vanthu-Peer";

} // namespace

void ExchangeHandler::admit(Exchange& exchange) {
    const auto& segments = exchange.segments;
    if (segments.size() != 3 || segments[2] != "packages") {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
    if (exchange.method != "POST") {
        throw ApiError::methodNotAllowed();
    }
    const auto& config = context_.config;
    if (config.exchangeInbox == nullptr || config.exchangePeers == nullptr) {
        throw ApiError::notFound("Máy chủ này không trao đổi văn bản với máy chủ khác.");
    }
    auto& gate = context_.exchangeGate;
    gate.countAddress(exchange.address);
    const std::string peer = exchange.request.get(kPeerHeader, "");
    if (peer.empty()) {
        throw ApiError::unauthenticated(
            "Gói tin trao đổi phải có tiêu đề X-Vanthu-Peer nêu tên máy chủ gửi.");
    }
    if (!config.exchangePeers->find(peer)) {
        throw ApiError::forbidden("Máy chủ \"" + peer.substr(0, 64) +
                                  "\" không có trong danh sách máy chủ trao đổi (--peers).");
    }
    if (!exchange.request.hasContentLength()) {
        throw ApiError(411, "length-required", "Gói tin trao đổi phải có tiêu đề Content-Length.");
    }
    if (exchange.request.getContentLength64() > static_cast<Poco::Int64>(config.maxBodyBytes)) {
        throw ApiError::tooLarge("Gói tin trao đổi quá lớn (tối đa " +
                                 std::to_string(config.maxBodyBytes / 1024) + " KiB).");
    }
    pass_.emplace(gate.admit(peer));
}

void ExchangeHandler::serve(Exchange& exchange) {
    const auto receipt =
        context_.config.exchangeInbox->accept(exchange.body, exchange.request.get(kPeerHeader, ""));
    pass_.reset();
    auto answer = newObject();
    answer->set("kind", receipt.kind);
    answer->set("peer", receipt.peer);
    answer->set("packageId", receipt.packageId);
    auto ids = newArray();
    for (const auto id : receipt.incomingIds) {
        ids->add(id);
    }
    answer->set("incomingIds", ids);
    if (!receipt.unknownRecall.empty()) {
        answer->set("note", receipt.unknownRecall);
    }
    sendJson(exchange.response, 200, answer);
}

} // namespace vanthu::http
