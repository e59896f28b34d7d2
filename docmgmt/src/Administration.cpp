#include "vanthu/docmgmt/Administration.hpp"

#include "vanthu/docmgmt/FieldLimits.hpp"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>

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

/// An e-mail address for the notices (issue 14 item 7): empty, or one "local@domain" of at most
/// 254 characters without spaces or characters that would break a mail header.
void checkEmail(const std::string& email) {
    if (email.empty()) {
        return;
    }
    const auto at = email.find('@');
    const bool plain = email.find_first_of(" \t\r\n<>,;\"()[]\\") == std::string::npos;
    if (email.size() > 254 || !plain || at == std::string::npos || at == 0 ||
        email.find('@', at + 1) != std::string::npos || email.find('.', at) == std::string::npos ||
        email.back() == '.') {
        throw InvalidInput("email", "Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@coquan.gov.vn).");
    }
}

void require(const std::string& value, const std::string& field, const std::string& message) {
    if (value.find_first_not_of(" \t") == std::string::npos) {
        throw InvalidInput(field, message);
    }
}

/// The fields every office needs. Its code is checked where it is set (addOffice, or an edit that
/// changes it): a code kept from before, learned from the axis or the demo's, is not refused
/// when another field is edited.
void checkOfficeFields(const Office& office) {
    require(office.name, "name", "Tên cơ quan không được để trống.");
    requireLength(limits::kOfficeName, office.name); // OrganName of its documents
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

/// A unit's name (TenDonVi): the Vietnamese names of units are short phrases.
constexpr FieldLimit kUnitName{"name", "Tên đơn vị", 200};

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

std::string unitNameOf(const std::string& text) {
    std::string name = trimmed(text);
    require(name, "name", "Tên đơn vị (phòng, ban) không được để trống.");
    requireLength(kUnitName, name);
    return name;
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

void Administration::noticeRepeatedSignInFailures(const std::string& username,
                                                  const std::string& address, int failures,
                                                  int windowMinutes) {
    const auto user = storage_.findUserByName(usernameKey(username));
    if (!user) {
        return;
    }
    const std::string detail = std::to_string(failures) + " lần đăng nhập sai trong " +
                               std::to_string(windowMinutes) + " phút " +
                               (address.empty() ? "từ nhiều địa chỉ" : "từ địa chỉ " + address);
    User system;
    system.username = "hệ thống";
    const Actor actor{system, address};
    noticeAccessChange(actor, *user, "sign-in-failures", detail);
    record(actor, "sign-in-alert", userObject(user->id), detail);
}

AccessReport Administration::accessStatistics(const Actor& actor, const std::string& from,
                                              const std::string& to) const {
    const auto within = scope(actor);
    if (within.whole()) {
        return docmgmt::accessStatistics(storage_, from, to);
    }
    std::set<std::string> accounts;
    for (const auto& user : storage_.users()) {
        if (within.covers(user)) {
            accounts.insert(usernameKey(user.username));
        }
    }
    return docmgmt::accessStatistics(storage_, from, to, [&](const std::string& username) {
        return accounts.count(usernameKey(username)) > 0;
    });
}

std::vector<AccessNotice> Administration::accessNotices(const Actor& actor,
                                                        bool pendingOnly) const {
    const auto within = scope(actor);
    auto notices = storage_.accessNotices(pendingOnly, within.whole() ? 200 : 5000);
    std::erase_if(notices, [&](const AccessNotice& n) { return !within.covers(n.officeId); });
    if (notices.size() > 200) {
        notices.resize(200);
    }
    return notices;
}

AccessNotice Administration::confirmAccessNotice(const Actor& actor, Id noticeId) {
    if (actor.user.role != Role::Administrator) {
        throw Forbidden("Chỉ quản trị viên mới xác nhận thay đổi quyền truy cập.");
    }
    if (const auto found = storage_.findAccessNotice(noticeId)) {
        refuseUnless(scope(actor).covers(found->officeId), actor,
                     "access-notice/" + std::to_string(noticeId),
                     "Bạn chỉ xác nhận được thay đổi quyền của người dùng cơ quan mình và các cơ "
                     "quan trực thuộc.");
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

AdministrationScope Administration::scope(const Actor& actor) const {
    return AdministrationScope(actor, storage_.offices(), storage_.users());
}

void Administration::refuseUnless(bool allowed, const Actor& actor, const std::string& object,
                                  const std::string& message) {
    if (allowed) {
        return;
    }
    record(actor, "refused", object, message);
    throw Forbidden(message);
}

void Administration::requireUserInScope(const Actor& actor, const User& user) {
    refuseUnless(scope(actor).covers(user), actor, userObject(user.id),
                 user.installationAdministrator
                     ? "Chỉ quản trị hệ thống mới quản lý được tài khoản quản trị hệ thống."
                     : "Bạn chỉ quản trị được người dùng của cơ quan mình và các cơ quan trực "
                       "thuộc.");
}

Paged<AuditRecord> Administration::auditPage(const Actor& actor, const PageRequest& page) const {
    const auto within = scope(actor);
    Paged<AuditRecord> result;
    if (within.whole()) {
        result = storage_.auditPage(page);
    } else {
        // An office's administrator: its entries among the latest kScanned of the installation.
        constexpr int kScanned = 50000;
        std::vector<AuditRecord> covered;
        for (auto& entry : audit_.latest(kScanned)) {
            if (within.covers(entry)) {
                covered.push_back(std::move(entry));
            }
        }
        result = pageOf(std::move(covered), page);
    }
    std::map<std::string, bool> secret; // object → whether it names a secret document
    for (auto& entry : result.items) {
        auto known = secret.find(entry.object);
        if (known == secret.end()) {
            known = secret.emplace(entry.object, namesSecretDocument(entry.object)).first;
        }
        if (known->second) {
            entry.detail = "(văn bản mật: nội dung không hiển thị)";
        }
    }
    return result;
}

bool Administration::namesSecretDocument(const std::string& object) const {
    const auto slash = object.find('/');
    if (slash == std::string::npos) {
        return false;
    }
    const std::string kind = object.substr(0, slash);
    Id id = 0;
    try {
        id = std::stoll(object.substr(slash + 1));
    } catch (const std::exception&) {
        return false;
    }
    if (kind == "document" || kind == "outgoing") {
        const auto doc = storage_.findDocument(id);
        return doc && !doc->draft.secrecy.empty();
    }
    if (kind == "incoming") {
        const auto doc = storage_.findIncoming(id);
        return doc && !doc->secrecy.empty();
    }
    return false;
}

Office Administration::addOffice(const Actor& actor, Office office) {
    refuseUnless(scope(actor).whole(), actor, "office",
                 "Chỉ quản trị hệ thống mới thêm được cơ quan.");
    checkOfficeCode(office.code);
    checkOfficeFields(office);
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
    const auto within = scope(actor);
    refuseUnless(within.covers(officeId), actor, officeObject(officeId),
                 "Bạn chỉ sửa được thông tin cơ quan mình và các cơ quan trực thuộc.");
    refuseUnless(within.whole() || !change.parentId ||
                     *change.parentId == office(officeId).parentId,
                 actor, officeObject(officeId),
                 "Chỉ quản trị hệ thống mới chuyển được một cơ quan sang cơ quan cấp trên khác.");
    Office changed;
    storage_.transaction([&] {
        const Office before = office(officeId);
        if (change.baseVersion && *change.baseVersion != before.version) {
            throw audit_.staleSave(
                "Thông tin cơ quan " + before.name, officeObject(officeId),
                [](const AuditRecord& e) { return e.action == "edit-office"; }, before.version,
                *change.baseVersion);
        }
        changed = before;
        apply(changed.code, change.code);
        apply(changed.name, change.name);
        apply(changed.parentBody, change.parentBody);
        apply(changed.issuerCode, change.issuerCode);
        apply(changed.place, change.place);
        apply(changed.term, change.term);
        apply(changed.system, change.system);
        apply(changed.parentId, change.parentId);
        if (changed.code != before.code) {
            checkOfficeCode(changed.code);
        }
        checkOfficeFields(changed);
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
        changed.version = before.version + 1;
        storage_.updateOffice(changed);
        record(actor, "edit-office", officeObject(officeId), detail);
    });
    return changed;
}

Office Administration::dissolveOffice(const Actor& actor, Id officeId, const std::string& date,
                                      std::optional<Id> successorId) {
    refuseUnless(scope(actor).whole(), actor, officeObject(officeId),
                 "Chỉ quản trị hệ thống mới giải thể được cơ quan.");
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

std::vector<Unit> Administration::units(Id officeId) const {
    office(officeId);
    return storage_.units(officeId);
}

Unit Administration::unitOf(Id officeId, Id unitId) const {
    const auto unit = storage_.findUnit(unitId);
    if (!unit || unit->officeId != officeId) {
        throw NotFound("Cơ quan không có đơn vị này.");
    }
    return *unit;
}

void Administration::requireUnit(Id officeId, const std::string& unit) const {
    if (unit.empty()) {
        return;
    }
    for (const auto& known : storage_.units(officeId)) {
        if (known.name == unit) {
            return;
        }
    }
    throw InvalidInput("unit", "Cơ quan không có đơn vị \"" + unit.substr(0, 200) +
                                   "\"; hãy chọn trong danh sách đơn vị của cơ quan, hoặc thêm "
                                   "đơn vị ở trang của cơ quan.");
}

Unit Administration::addUnit(const Actor& actor, Id officeId, const std::string& name) {
    refuseUnless(scope(actor).covers(officeId), actor, officeObject(officeId),
                 "Bạn chỉ quản lý được đơn vị của cơ quan mình và các cơ quan trực thuộc.");
    Unit unit;
    unit.officeId = officeId;
    unit.name = unitNameOf(name);
    storage_.transaction([&] {
        activeOffice(officeId);
        unit.id = storage_.addUnit(unit);
        record(actor, "create-unit", officeObject(officeId), "unit: " + unit.name);
    });
    return unit;
}

Unit Administration::renameUnit(const Actor& actor, Id officeId, Id unitId, const std::string& name,
                                std::optional<int> baseVersion) {
    refuseUnless(scope(actor).covers(officeId), actor, officeObject(officeId),
                 "Bạn chỉ quản lý được đơn vị của cơ quan mình và các cơ quan trực thuộc.");
    const std::string newName = unitNameOf(name);
    Unit renamed;
    storage_.transaction([&] {
        renamed = unitOf(officeId, unitId);
        const std::string before = renamed.name;
        if (baseVersion && *baseVersion != renamed.version) {
            const std::string renamedTo = " → " + before;
            throw audit_.staleSave(
                "Tên đơn vị “" + before + "”", officeObject(officeId),
                [&](const AuditRecord& e) {
                    return e.action == "rename-unit" && e.detail.ends_with(renamedTo);
                },
                renamed.version, *baseVersion);
        }
        if (before == newName) {
            return;
        }
        storage_.renameUnit(unitId, newName); // raises its version
        renamed.name = newName;
        renamed.version += 1;
        for (auto member : storage_.users(officeId)) {
            if (member.unit == before) {
                member.unit = newName;
                storage_.updateUser(member);
            }
        }
        record(actor, "rename-unit", officeObject(officeId), "name: " + before + " → " + newName);
    });
    return renamed;
}

void Administration::removeUnit(const Actor& actor, Id officeId, Id unitId) {
    refuseUnless(scope(actor).covers(officeId), actor, officeObject(officeId),
                 "Bạn chỉ quản lý được đơn vị của cơ quan mình và các cơ quan trực thuộc.");
    storage_.transaction([&] {
        const auto unit = unitOf(officeId, unitId);
        const auto members = storage_.users(officeId);
        const auto inUnit = std::count_if(members.begin(), members.end(),
                                          [&](const User& u) { return u.unit == unit.name; });
        if (inUnit > 0) {
            throw Conflict("Đơn vị \"" + unit.name + "\" còn " + std::to_string(inUnit) +
                           " người dùng (kể cả tài khoản đã khóa); hãy chuyển họ sang đơn vị "
                           "khác trước khi xóa.");
        }
        storage_.removeUnit(unitId);
        record(actor, "remove-unit", officeObject(officeId), "unit: " + unit.name);
    });
}

bool Administration::awaitsFirstAdministrator() const {
    return storage_.users().empty();
}

std::pair<Office, User> Administration::installFirst(const Actor& actor, Office office, User admin,
                                                     const std::string& password) {
    checkOfficeCode(office.code);
    checkPassword(password);
    admin.role = Role::Administrator;
    admin.installationAdministrator = true;
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
    const auto within = scope(actor);
    refuseUnless(within.covers(user.officeId), actor, officeObject(user.officeId),
                 "Bạn chỉ thêm được người dùng vào cơ quan mình và các cơ quan trực thuộc.");
    refuseUnless(within.whole() || !user.installationAdministrator, actor,
                 officeObject(user.officeId),
                 "Chỉ quản trị hệ thống mới tạo được tài khoản quản trị hệ thống.");
    if (user.installationAdministrator && user.role != Role::Administrator) {
        throw InvalidInput("installationAdministrator",
                           "Chỉ tài khoản có vai trò quản trị mới là quản trị hệ thống.");
    }
    user.username = acceptedUsername(user.username);
    user.unit = trimmed(user.unit);
    require(user.fullName, "fullName", "Họ và tên không được để trống.");
    requireLength(limits::kUserFullName, user.fullName); // SignerInfo/FullName
    requireLength(limits::kUserTitle, user.title);       // SignerInfo/Position
    checkEmail(user.email);
    checkPassword(password);
    const std::string hash = hashPassword(password);
    user.active = true;
    storage_.transaction([&] {
        activeOffice(user.officeId);
        requireUnit(user.officeId, user.unit);
        if (storage_.findUserByName(user.username)) {
            throw Conflict("Tên đăng nhập \"" + user.username + "\" đã có người dùng.");
        }
        user.id = storage_.addUser(user, hash);
        const std::string detail =
            user.username + " (" + toString(user.role) +
            (user.installationAdministrator ? ", installation administrator" : "") + ", office/" +
            std::to_string(user.officeId) + ")";
        record(actor, "create-user", userObject(user.id), detail);
        noticeAccessChange(actor, user, "create-user", detail);
    });
    return user;
}

User Administration::editUser(const Actor& actor, Id userId, const UserChange& change) {
    requireUserInScope(actor, user(userId));
    refuseUnless(!change.installationAdministrator || scope(actor).whole(), actor,
                 userObject(userId),
                 "Chỉ quản trị hệ thống mới trao hoặc bỏ quyền quản trị hệ thống.");
    User changed;
    storage_.transaction([&] {
        const User before = user(userId);
        if (change.baseVersion && *change.baseVersion != before.version) {
            throw audit_.staleSave(
                "Thông tin tài khoản " + before.username, userObject(userId),
                [](const AuditRecord& e) { return e.action == "edit-user"; }, before.version,
                *change.baseVersion);
        }
        changed = before;
        apply(changed.fullName, change.fullName);
        apply(changed.title, change.title);
        if (change.unit) {
            changed.unit = trimmed(*change.unit);
        }
        if (changed.unit != before.unit) {
            requireUnit(changed.officeId, changed.unit);
        }
        apply(changed.role, change.role);
        apply(changed.installationAdministrator, change.installationAdministrator);
        apply(changed.email, change.email);
        checkEmail(changed.email);
        if (changed.installationAdministrator && changed.role != Role::Administrator) {
            throw InvalidInput("installationAdministrator",
                               "Chỉ tài khoản có vai trò quản trị mới là quản trị hệ thống.");
        }
        require(changed.fullName, "fullName", "Họ và tên không được để trống.");
        requireLength(limits::kUserFullName, changed.fullName);
        requireLength(limits::kUserTitle, changed.title);
        std::string detail;
        noteChange(detail, "fullName", before.fullName, changed.fullName);
        noteChange(detail, "title", before.title, changed.title);
        noteChange(detail, "unit", before.unit, changed.unit);
        noteChange(detail, "email", before.email, changed.email);
        noteChange(detail, "role", toString(before.role), toString(changed.role));
        noteChange(detail, "installationAdministrator",
                   before.installationAdministrator ? "yes" : "no",
                   changed.installationAdministrator ? "yes" : "no");
        if (detail.empty()) {
            return;
        }
        changed.version = before.version + 1;
        storage_.updateUser(changed);
        record(actor, "edit-user", userObject(userId), detail);
        if (changed.role != before.role ||
            changed.installationAdministrator != before.installationAdministrator) {
            storage_.removeUserSessions(userId); // new rights: sign in again
            noticeAccessChange(actor, changed, "role",
                               "role: " + toString(before.role) + " → " + toString(changed.role));
        }
    });
    return changed;
}

User Administration::moveUser(const Actor& actor, Id userId, Id officeId) {
    requireUserInScope(actor, user(userId));
    refuseUnless(scope(actor).covers(officeId), actor, officeObject(officeId),
                 "Bạn chỉ chuyển được người dùng sang cơ quan mình hoặc các cơ quan trực thuộc.");
    User moved;
    storage_.transaction([&] {
        moved = user(userId);
        const Office from = office(moved.officeId);
        const Office to = activeOffice(officeId);
        if (from.id == to.id) {
            return;
        }
        moved.officeId = to.id;
        std::string detail = "office: " + from.code + " → " + to.code;
        const auto toUnits = storage_.units(to.id);
        if (!moved.unit.empty() &&
            std::none_of(toUnits.begin(), toUnits.end(),
                         [&](const Unit& unit) { return unit.name == moved.unit; })) {
            detail += "; unit: " + moved.unit + " → ";
            moved.unit.clear();
        }
        storage_.updateUser(moved);
        storage_.removeUserSessions(userId);
        record(actor, "move-user", userObject(userId), detail);
        noticeAccessChange(actor, moved, "move", "office: " + from.code + " → " + to.code);
    });
    return moved;
}

User Administration::setActive(const Actor& actor, Id userId, bool active) {
    requireUserInScope(actor, user(userId));
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
    requireUserInScope(actor, user(userId));
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
