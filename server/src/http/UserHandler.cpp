#include "http/UserHandler.hpp"

#include <map>

#include "http/ApiError.hpp"
#include "http/Json.hpp"
#include "http/Views.hpp"

namespace vanthu::http {

namespace {

bool isAdministrator(const User& user) {
    return user.role == docmgmt::Role::Administrator;
}

std::map<Id, std::string> officeNames(Backend& backend) {
    std::map<Id, std::string> names;
    for (const auto& office : backend.offices()) {
        names[office.id] = office.name;
    }
    return names;
}

} // namespace

void UserHandler::serve(Exchange& exchange) {
    if (exchange.segments.size() != 2) {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
    if (exchange.method == "GET") {
        list(exchange);
    } else if (exchange.method == "POST") {
        create(exchange);
    } else {
        throw ApiError::methodNotAllowed();
    }
}

void UserHandler::list(Exchange& exchange) {
    const auto& me = exchange.me();
    std::optional<Id> office = exchange.integerParam("officeId");
    if (!isAdministrator(me)) {
        if (office && *office != me.officeId) {
            throw ApiError::forbidden("Bạn chỉ xem được người dùng của cơ quan mình.");
        }
        office = me.officeId;
    }
    const auto names = officeNames(context_.backend);
    auto list = newArray();
    for (const auto& user : context_.backend.users(office)) {
        const auto name = names.find(user.officeId);
        list->add(userJson(user, name == names.end() ? "" : name->second));
    }
    sendJson(exchange.response, 200, list);
}

void UserHandler::create(Exchange& exchange) {
    if (!isAdministrator(exchange.me())) {
        throw ApiError::forbidden("Chỉ quản trị viên mới được tạo người dùng.");
    }
    const auto body = exchange.json({
        {"username", FieldKind::Line, 64},
        {"fullName", FieldKind::Line, 200},
        {"password", FieldKind::Line, 1024},
        {"title", FieldKind::Line, 200},
        {"officeId", FieldKind::Integer},
        {"role", FieldKind::Line, 32},
    });
    NewUser user;
    user.username = requireString(body, "username");
    user.fullName = requireString(body, "fullName");
    user.password = requireString(body, "password");
    user.title = optionalString(body, "title");
    user.officeId = requireInteger(body, "officeId");
    const auto role = roleFromName(requireString(body, "role"));
    if (!role) {
        throw ApiError::invalid("role", "Vai trò phải là clerk, specialist, leader hoặc "
                                        "administrator.");
    }
    user.role = *role;
    const auto names = officeNames(context_.backend);
    const auto office = names.find(user.officeId);
    if (office == names.end()) {
        throw ApiError::invalid("officeId", "Không có cơ quan này.");
    }
    const auto created = context_.backend.createUser(exchange.actor(), user);
    sendJson(exchange.response, 201, userJson(created, office->second));
}

} // namespace vanthu::http
