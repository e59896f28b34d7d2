#include "http/AuditHandler.hpp"

#include <algorithm>

#include "http/ApiError.hpp"
#include "http/Json.hpp"
#include "http/Views.hpp"

namespace vanthu::http {

void AuditHandler::serve(Exchange& exchange) {
    if (exchange.segments.size() != 2) {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
    if (exchange.method != "GET") {
        throw ApiError::methodNotAllowed();
    }
    if (exchange.me().role != docmgmt::Role::Administrator) {
        throw ApiError::forbidden("Chỉ quản trị viên mới được xem nhật ký.");
    }
    const long long limit = std::clamp(exchange.integerParam("limit").value_or(100), 1LL, 10000LL);
    auto list = newArray();
    for (const auto& entry : context_.backend.audit(static_cast<std::size_t>(limit))) {
        list->add(auditJson(entry));
    }
    sendJson(exchange.response, 200, list);
}

} // namespace vanthu::http
