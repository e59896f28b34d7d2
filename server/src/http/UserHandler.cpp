#include "http/UserHandler.hpp"

#include <map>

#include "http/ApiError.hpp"
#include "http/Json.hpp"
#include "http/Paging.hpp"
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
    const auto size = exchange.segments.size();
    const auto& method = exchange.method;
    if (size == 2 && method == "GET") {
        list(exchange);
    } else if (size == 2 && method == "POST") {
        create(exchange);
    } else if (size == 3 && method == "PUT") {
        edit(exchange);
    } else if (size == 4 && method == "POST") {
        change(exchange, exchange.segments[3]);
    } else if (size <= 3) {
        throw ApiError::methodNotAllowed();
    } else {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
}

docmgmt::Administration UserHandler::administration(Exchange& exchange) {
    if (!isAdministrator(exchange.me())) {
        throw ApiError::forbidden("Chỉ quản trị viên mới được sửa tài khoản người dùng.");
    }
    auto administration = context_.backend.administration();
    if (!administration) {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
    }
    return *administration;
}

void UserHandler::respond(Exchange& exchange, const User& user) {
    const auto names = officeNames(context_.backend);
    const auto name = names.find(user.officeId);
    sendJson(exchange.response, 200, userJson(user, name == names.end() ? "" : name->second));
}

void UserHandler::edit(Exchange& exchange) {
    auto admin = administration(exchange);
    const Id userId = exchange.idAt(2);
    const auto body = exchange.json({
        {"fullName", FieldKind::Line, 200},
        {"title", FieldKind::Line, 200},
        {"unit", FieldKind::Line, 200},
        {"email", FieldKind::Line, 254},
        {"role", FieldKind::Line, 32},
        {"installationAdministrator", FieldKind::Boolean},
        {"version", FieldKind::Integer},
    });
    docmgmt::UserChange change;
    change.baseVersion = baseVersion(body); // the form's version (issue 16): a stale one is a 409
    const auto present = [&](const char* field) -> std::optional<std::string> {
        if (!body->has(field) || body->isNull(field)) {
            return std::nullopt;
        }
        return requireString(body, field);
    };
    change.fullName = present("fullName");
    change.title = present("title");
    change.unit = present("unit");
    change.email = present("email");
    if (body->has("installationAdministrator") && !body->isNull("installationAdministrator")) {
        change.installationAdministrator = body->getValue<bool>("installationAdministrator");
        if (userId == exchange.me().id && !*change.installationAdministrator) {
            throw ApiError::conflict("Bạn không thể bỏ quyền quản trị hệ thống của chính mình; "
                                     "nhờ một quản trị hệ thống khác làm việc này.");
        }
    }
    if (const auto role = present("role")) {
        change.role = roleFromName(*role);
        if (!change.role) {
            throw ApiError::invalid("role", "Vai trò phải là clerk, specialist, leader hoặc "
                                            "administrator.");
        }
        if (userId == exchange.me().id && *change.role != docmgmt::Role::Administrator) {
            throw ApiError::conflict("Bạn không thể bỏ quyền quản trị của chính mình; "
                                     "nhờ một quản trị viên khác làm việc này.");
        }
    }
    respond(exchange, admin.editUser(exchange.actor(), userId, change));
}

void UserHandler::change(Exchange& exchange, const std::string& action) {
    auto admin = administration(exchange);
    const Id userId = exchange.idAt(2);
    if (action == "move") {
        const auto body = exchange.json({{"officeId", FieldKind::Integer}});
        respond(exchange,
                admin.moveUser(exchange.actor(), userId, requireInteger(body, "officeId")));
    } else if (action == "deactivate" || action == "activate") {
        if (userId == exchange.me().id) {
            throw ApiError::conflict("Bạn không thể khóa tài khoản của chính mình.");
        }
        respond(exchange, admin.setActive(exchange.actor(), userId, action == "activate"));
    } else if (action == "password") {
        const auto body = exchange.json({
            {"password", FieldKind::Line, 1024},
            {"mustChange", FieldKind::Boolean},
        });
        const bool mustChange = !body->has("mustChange") || body->isNull("mustChange") ||
                                body->getValue<bool>("mustChange");
        respond(exchange, admin.resetPassword(exchange.actor(), userId,
                                              requireString(body, "password"), mustChange));
    } else {
        throw ApiError::notFound("Không có chức năng nào ở địa chỉ này.");
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
    // An office's administrator lists the users it manages (its office and those below it).
    std::optional<docmgmt::AdministrationScope> scope;
    if (isAdministrator(me)) {
        if (auto administration = context_.backend.administration()) {
            scope = administration->scope(exchange.actor());
        }
    }
    const auto names = officeNames(context_.backend);
    const auto inScope = [&](const User& user) {
        return !scope || scope->whole() || scope->covers(user.officeId);
    };
    const auto json = [&](const User& user) {
        const auto name = names.find(user.officeId);
        return userJson(user, name == names.end() ? "" : name->second);
    };
    auto list = newArray();
    // With ?limit= or ?offset=, one page and the total (issue 17 item 4); else every user.
    if (const auto page = optionalPageRequest(exchange)) {
        docmgmt::Paged<User> users;
        if (!scope || scope->whole()) {
            users = context_.backend.userPage(office, *page);
        } else { // an office's administrator: the users it manages, cut here
            auto all = context_.backend.users(office);
            std::erase_if(all, [&](const User& user) { return !inScope(user); });
            users = docmgmt::pageOf(std::move(all), *page);
        }
        for (const auto& user : users.items) {
            list->add(json(user));
        }
        sendJson(exchange.response, 200, pagedJson(list, users.total, *page));
        return;
    }
    for (const auto& user : context_.backend.users(office)) {
        if (inScope(user)) {
            list->add(json(user));
        }
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
        {"unit", FieldKind::Line, 200},
        {"email", FieldKind::Line, 254},
        {"mustChangePassword", FieldKind::Boolean},
        {"installationAdministrator", FieldKind::Boolean},
    });
    NewUser user;
    user.username = requireString(body, "username");
    user.fullName = requireString(body, "fullName");
    user.password = requireString(body, "password");
    user.title = optionalString(body, "title");
    user.unit = optionalString(body, "unit");
    user.email = optionalString(body, "email");
    user.mustChangePassword = body->has("mustChangePassword") &&
                              !body->isNull("mustChangePassword") &&
                              body->getValue<bool>("mustChangePassword");
    user.installationAdministrator = body->has("installationAdministrator") &&
                                     !body->isNull("installationAdministrator") &&
                                     body->getValue<bool>("installationAdministrator");
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
