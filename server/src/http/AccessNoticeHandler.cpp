#include "http/AccessNoticeHandler.hpp"

#include "http/ApiError.hpp"
#include "http/Json.hpp"
#include "http/Paging.hpp"

namespace vanthu::http {

void AccessNoticeHandler::serve(Exchange& exchange) {
    const auto size = exchange.segments.size();
    if (size == 2 && exchange.method == "GET") {
        list(exchange);
    } else if (size == 4 && exchange.segments[3] == "confirm" && exchange.method == "POST") {
        confirm(exchange);
    } else if (size == 2 || size == 4) {
        throw ApiError::methodNotAllowed();
    } else {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
}

docmgmt::Administration AccessNoticeHandler::administration(Exchange& exchange) {
    if (exchange.me().role != docmgmt::Role::Administrator) {
        throw ApiError::forbidden("Chỉ quản trị viên mới xem và xác nhận thay đổi quyền truy cập.");
    }
    auto administration = context_.backend.administration();
    if (!administration) {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
    return *administration;
}

void AccessNoticeHandler::list(Exchange& exchange) {
    auto admin = administration(exchange);
    auto array = newArray();
    const auto offices = context_.backend.offices();
    for (const auto& notice : admin.accessNotices(exchange.actor(), exchange.param("all") != "1")) {
        array->add(accessNoticeJson(context_.backend, offices, notice));
    }
    sendList(exchange, array);
}

void AccessNoticeHandler::confirm(Exchange& exchange) {
    auto admin = administration(exchange);
    const auto notice = admin.confirmAccessNotice(exchange.actor(), exchange.idAt(2));
    sendJson(exchange.response, 200,
             accessNoticeJson(context_.backend, context_.backend.offices(), notice));
}

Poco::JSON::Object::Ptr accessNoticeJson(Backend& backend, const std::vector<Office>& offices,
                                         const docmgmt::AccessNotice& notice) {
    auto json = newObject();
    json->set("id", notice.id);
    json->set("userId", notice.userId);
    const auto user = backend.findUser(notice.userId);
    json->set("username", user ? user->username : "");
    json->set("fullName", user ? user->fullName : "");
    json->set("officeId", notice.officeId);
    std::string officeName;
    for (const auto& office : offices) {
        if (office.id == notice.officeId) {
            officeName = office.name;
        }
    }
    json->set("officeName", officeName);
    json->set("change", notice.change);
    json->set("detail", notice.detail);
    json->set("changedBy", notice.changedBy);
    json->set("changedAt", notice.changedAt);
    json->set("confirmedAt", notice.confirmedAt);
    if (notice.confirmedBy) {
        json->set("confirmedBy", *notice.confirmedBy);
    } else {
        json->set("confirmedBy", Poco::Dynamic::Var());
    }
    return json;
}

} // namespace vanthu::http
