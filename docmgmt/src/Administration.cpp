#include "vanthu/docmgmt/Administration.hpp"

#include <pwd.h>
#include <unistd.h>

#include <regex>

#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/Passwords.hpp"
#include "vanthu/docmgmt/Storage.hpp"
#include "vanthu/docmgmt/UserName.hpp"
#include "vanthu/docmgmt/VietnamTime.hpp"

namespace vanthu::docmgmt {

namespace {

std::string officeObject(Id id) {
    return "office/" + std::to_string(id);
}
std::string userObject(Id id) {
    return "user/" + std::to_string(id);
}

void require(const std::string& value, const std::string& field, const std::string& message) {
    if (value.find_first_not_of(" \t") == std::string::npos) {
        throw InvalidInput(field, message);
    }
}

void checkOffice(const Office& office) {
    checkOfficeCode(office.code);
    require(office.name, "name", "Tên cơ quan không được để trống.");
    require(office.issuerCode, "issuerCode",
            "Chữ viết tắt tên cơ quan (dùng trong ký hiệu văn bản) không được để trống.");
    require(office.place, "place", "Địa danh không được để trống.");
}

/// "field: old → new" for one changed field, appended to detail.
void noteChange(std::string& detail, const char* field, const std::string& before,
                const std::string& after) {
    if (before == after) {
        return;
    }
    if (!detail.empty()) {
        detail += "; ";
    }
    detail += std::string(field) + ": " + before + " → " + after;
}

template <typename T> void apply(T& target, const std::optional<T>& value) {
    if (value) {
        target = *value;
    }
}

bool isDate(const std::string& text) {
    static const std::regex date(R"(\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]))");
    return std::regex_match(text, date);
}

} // namespace

void checkOfficeCode(std::string_view code) {
    static const std::regex form(R"(\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})");
    if (code.size() != 13 || !std::regex_match(code.begin(), code.end(), form)) {
        throw InvalidInput("code", "Mã định danh \"" + std::string(code.substr(0, 40)) +
                                       "\" không đúng dạng của Quyết định 20/2020/QĐ-TTg: 13 ký tự "
                                       "gồm mã cấp 4, cấp 3, cấp 2 và cấp 1, ví dụ 000.00.00.H41.");
    }
}

void checkPassword(std::string_view password) {
    if (password.size() < kPasswordMin) {
        throw InvalidInput("password",
                           "Mật khẩu phải có ít nhất " + std::to_string(kPasswordMin) + " ký tự.");
    }
    if (password.size() > kPasswordMax) {
        throw InvalidInput("password",
                           "Mật khẩu dài quá " + std::to_string(kPasswordMax) + " ký tự.");
    }
}

Administration::Administration(Storage& storage, AuditTrail& audit)
    : storage_(storage), audit_(audit) {}

Actor Administration::commandLineActor() {
    std::string login = "?";
    if (const passwd* entry = ::getpwuid(::geteuid())) {
        login = entry->pw_name;
    }
    Actor actor;
    actor.user.username = "cli:" + login;
    actor.address = "local";
    return actor;
}

void Administration::record(const Actor& actor, const std::string& action,
                            const std::string& object, const std::string& detail) {
    std::optional<Id> userId;
    if (actor.user.id > 0) {
        userId = actor.user.id;
    }
    audit_.record({userId, actor.user.username, action, object, actor.address, detail});
}

void Administration::noticeAccessChange(const Actor& actor, const User& user,
                                        const std::string& change, const std::string& detail) {
    AccessNotice notice;
    notice.userId = user.id;
    notice.officeId = user.officeId;
    notice.change = change;
    notice.detail = detail;
    notice.changedBy = actor.user.username;
    notice.changedAt = vietnamTimestamp(systemClock()());
    storage_.addAccessNotice(notice);
}

AccessReport Administration::accessStatistics(const std::string& from,
                                              const std::string& to) const {
    return docmgmt::accessStatistics(storage_, from, to);
}

std::vector<AccessNotice> Administration::accessNotices(bool pendingOnly) const {
    return storage_.accessNotices(pendingOnly, 200);
}

AccessNotice Administration::confirmAccessNotice(const Actor& actor, Id noticeId) {
    if (actor.user.role != Role::Administrator) {
        throw Forbidden("Chỉ quản trị viên mới xác nhận thay đổi quyền truy cập.");
    }
    AccessNotice notice;
    storage_.transaction([&] {
        auto found = storage_.findAccessNotice(noticeId);
        if (!found) {
            throw NotFound("Không có thông báo thay đổi quyền truy cập này.");
        }
        if (!found->pending()) {
            throw Conflict("Thông báo này đã được xác nhận.");
        }
        notice = *found;
        notice.confirmedBy = actor.user.id;
        notice.confirmedAt = vietnamTimestamp(systemClock()());
        storage_.confirmAccessNotice(notice.id, actor.user.id, notice.confirmedAt);
        record(actor, "confirm-access-change", "access-notice/" + std::to_string(notice.id),
               userObject(notice.userId) + " " + notice.change + ": " + notice.detail);
    });
    return notice;
}

Office Administration::office(Id id) const {
    auto office = storage_.findOffice(id);
    if (!office) {
        throw NotFound("Không có cơ quan số " + std::to_string(id) + ".");
    }
    return *office;
}

Office Administration::officeByCode(const std::string& code) const {
    for (const auto& office : storage_.offices()) {
        if (office.code == code) {
            return office;
        }
    }
    throw NotFound("Không có cơ quan có mã định danh " + code + ".");
}

Office Administration::activeOffice(Id id) const {
    auto found = office(id);
    if (found.dissolved()) {
        throw Conflict("Cơ quan " + found.name + " đã giải thể ngày " + found.dissolvedOn + ".");
    }
    return found;
}

User Administration::user(Id id) const {
    auto user = storage_.findUser(id);
    if (!user) {
        throw NotFound("Không có người dùng số " + std::to_string(id) + ".");
    }
    return *user;
}

User Administration::userByName(const std::string& username) const {
    auto user = storage_.findUserByName(usernameKey(username));
    if (!user) {
        throw NotFound("Không có người dùng " + username + ".");
    }
    return *user;
}

Office Administration::addOffice(const Actor& actor, Office office) {
    checkOffice(office);
    office.dissolvedOn.clear();
    office.successorId.reset();
    storage_.transaction([&] {
        if (office.parentId) {
            this->office(*office.parentId);
        }
        office.id = storage_.addOffice(office);
        record(actor, "create-office", officeObject(office.id), office.code + " " + office.name);
    });
    return office;
}

Office Administration::editOffice(const Actor& actor, Id officeId, const OfficeChange& change) {
    Office changed;
    storage_.transaction([&] {
        const Office before = office(officeId);
        changed = before;
        apply(changed.code, change.code);
        apply(changed.name, change.name);
        apply(changed.parentBody, change.parentBody);
        apply(changed.issuerCode, change.issuerCode);
        apply(changed.place, change.place);
        apply(changed.term, change.term);
        apply(changed.system, change.system);
        apply(changed.parentId, change.parentId);
        checkOffice(changed);
        if (changed.parentId == changed.id) {
            throw InvalidInput("parentId", "Một cơ quan không thể trực thuộc chính nó.");
        }
        if (changed.parentId) {
            office(*changed.parentId);
        }
        std::string detail;
        noteChange(detail, "code", before.code, changed.code);
        noteChange(detail, "name", before.name, changed.name);
        noteChange(detail, "parentBody", before.parentBody, changed.parentBody);
        noteChange(detail, "issuerCode", before.issuerCode, changed.issuerCode);
        noteChange(detail, "place", before.place, changed.place);
        noteChange(detail, "term", before.term, changed.term);
        noteChange(detail, "system", toString(before.system), toString(changed.system));
        noteChange(detail, "parentId",
                   before.parentId ? std::to_string(*before.parentId) : std::string("-"),
                   changed.parentId ? std::to_string(*changed.parentId) : std::string("-"));
        if (detail.empty()) {
            return;
        }
        storage_.updateOffice(changed);
        record(actor, "edit-office", officeObject(officeId), detail);
    });
    return changed;
}

Office Administration::dissolveOffice(const Actor& actor, Id officeId, const std::string& date,
                                      std::optional<Id> successorId) {
    if (!isDate(date)) {
        throw InvalidInput("date", "Ngày giải thể phải có dạng NĂM-THÁNG-NGÀY, ví dụ 2025-07-01.");
    }
    Office dissolved;
    storage_.transaction([&] {
        dissolved = activeOffice(officeId);
        std::string detail = "dissolved on " + date;
        if (successorId) {
            if (*successorId == officeId) {
                throw InvalidInput("successor", "Cơ quan kế thừa phải là một cơ quan khác.");
            }
            const auto successor = activeOffice(*successorId);
            detail += "; successor: office/" + std::to_string(successor.id) + " " + successor.code +
                      " " + successor.name;
        }
        dissolved.dissolvedOn = date;
        dissolved.successorId = successorId;
        storage_.updateOffice(dissolved);
        record(actor, "dissolve-office", officeObject(officeId), detail);
        for (auto member : storage_.users(officeId)) {
            if (member.active) {
                member.active = false;
                storage_.updateUser(member);
                storage_.removeUserSessions(member.id);
                record(actor, "deactivate-user", userObject(member.id),
                       member.username + " (office dissolved)");
                noticeAccessChange(actor, member, "deactivate",
                                   member.username + " (office dissolved)");
            }
        }
    });
    return dissolved;
}

bool Administration::awaitsFirstAdministrator() const {
    return storage_.users().empty();
}

std::pair<Office, User> Administration::installFirst(const Actor& actor, Office office, User admin,
                                                     const std::string& password) {
    checkOfficeCode(office.code);
    checkPassword(password);
    admin.role = Role::Administrator;
    admin.title = "QUẢN TRỊ HỆ THỐNG";
    if (admin.fullName.empty()) {
        admin.fullName = admin.username;
    }
    storage_.transaction([&] {
        if (!awaitsFirstAdministrator()) {
            throw Conflict("Hệ thống đã được cài đặt: đã có quản trị viên.");
        }
        office = addOffice(actor, office);
        admin.officeId = office.id;
        admin = addUser(actor, admin, password);
    });
    return {office, admin};
}

User Administration::addUser(const Actor& actor, User user, const std::string& password) {
    user.username = acceptedUsername(user.username);
    require(user.fullName, "fullName", "Họ và tên không được để trống.");
    checkPassword(password);
    const std::string hash = hashPassword(password);
    user.active = true;
    storage_.transaction([&] {
        activeOffice(user.officeId);
        if (storage_.findUserByName(user.username)) {
            throw Conflict("Tên đăng nhập \"" + user.username + "\" đã có người dùng.");
        }
        user.id = storage_.addUser(user, hash);
        const std::string detail = user.username + " (" + toString(user.role) + ", office/" +
                                   std::to_string(user.officeId) + ")";
        record(actor, "create-user", userObject(user.id), detail);
        noticeAccessChange(actor, user, "create-user", detail);
    });
    return user;
}

User Administration::editUser(const Actor& actor, Id userId, const UserChange& change) {
    User changed;
    storage_.transaction([&] {
        const User before = user(userId);
        changed = before;
        apply(changed.fullName, change.fullName);
        apply(changed.title, change.title);
        apply(changed.unit, change.unit);
        apply(changed.role, change.role);
        require(changed.fullName, "fullName", "Họ và tên không được để trống.");
        std::string detail;
        noteChange(detail, "fullName", before.fullName, changed.fullName);
        noteChange(detail, "title", before.title, changed.title);
        noteChange(detail, "unit", before.unit, changed.unit);
        noteChange(detail, "role", toString(before.role), toString(changed.role));
        if (detail.empty()) {
            return;
        }
        storage_.updateUser(changed);
        record(actor, "edit-user", userObject(userId), detail);
        if (changed.role != before.role) {
            storage_.removeUserSessions(userId); // new rights: sign in again
            noticeAccessChange(actor, changed, "role",
                               "role: " + toString(before.role) + " → " + toString(changed.role));
        }
    });
    return changed;
}

User Administration::moveUser(const Actor& actor, Id userId, Id officeId) {
    User moved;
    storage_.transaction([&] {
        moved = user(userId);
        const Office from = office(moved.officeId);
        const Office to = activeOffice(officeId);
        if (from.id == to.id) {
            return;
        }
        moved.officeId = to.id;
        storage_.updateUser(moved);
        storage_.removeUserSessions(userId);
        record(actor, "move-user", userObject(userId), "office: " + from.code + " → " + to.code);
        noticeAccessChange(actor, moved, "move", "office: " + from.code + " → " + to.code);
    });
    return moved;
}

User Administration::setActive(const Actor& actor, Id userId, bool active) {
    User changed;
    storage_.transaction([&] {
        changed = user(userId);
        if (changed.active == active) {
            return;
        }
        if (active) {
            activeOffice(changed.officeId);
        }
        changed.active = active;
        storage_.updateUser(changed);
        storage_.removeUserSessions(userId);
        record(actor, active ? "activate-user" : "deactivate-user", userObject(userId),
               changed.username);
        noticeAccessChange(actor, changed, active ? "activate" : "deactivate", changed.username);
    });
    return changed;
}

User Administration::resetPassword(const Actor& actor, Id userId, const std::string& password,
                                   bool mustChange) {
    checkPassword(password);
    const std::string hash = hashPassword(password);
    User changed;
    storage_.transaction([&] {
        changed = user(userId);
        changed.mustChangePassword = mustChange;
        storage_.updateUser(changed);
        storage_.setPasswordHash(userId, hash);
        storage_.removeUserSessions(userId);
        record(actor, "reset-password", userObject(userId),
               changed.username + (mustChange ? " (must change at next sign-in)" : ""));
    });
    return changed;
}

User Administration::changeOwnPassword(const Actor& actor, const std::string& newPassword) {
    checkPassword(newPassword);
    const std::string hash = hashPassword(newPassword);
    User changed;
    storage_.transaction([&] {
        changed = user(actor.user.id);
        changed.mustChangePassword = false;
        storage_.updateUser(changed);
        storage_.setPasswordHash(changed.id, hash);
        storage_.removeUserSessions(changed.id);
        record(actor, "change-password", userObject(changed.id), changed.username);
    });
    return changed;
}

} // namespace vanthu::docmgmt
