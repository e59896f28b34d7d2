#include "FakeBackend.hpp"

#include <algorithm>
#include <thread>

#include "vanthu/docmgmt/Errors.hpp"

namespace vanthu::test {

using docmgmt::Role;

FakeBackend::FakeBackend() {
    http::Office district;
    district.id = 1;
    district.code = "000.00.12.H35";
    district.name = "ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN";
    district.issuerCode = "UBND";
    district.place = "Văn Quan";
    http::Office party = district;
    party.id = 2;
    party.code = "000.00.01.H35";
    party.name = "HUYỆN ỦY VĂN QUAN";
    party.system = docmgmt::OfficeSystem::Party;
    party.issuerCode = "HU";
    offices_ = {district, party};
    const std::tuple<const char*, Role, http::Id> people[] = {
        {"vanthu", Role::Clerk, 1},
        {"chuyenvien", Role::Specialist, 1},
        {"lanhdao", Role::Leader, 1},
        {"quantri", Role::Administrator, 1},
        {"chuyenvien.hu", Role::Specialist, 2},
    };
    http::Id id = 1;
    for (const auto& [name, role, office] : people) {
        http::User user;
        user.id = id++;
        user.officeId = office;
        user.username = name;
        user.fullName = std::string("Người dùng ") + name;
        user.role = role;
        users_.emplace_back(user, kPassword);
    }
}

std::optional<http::User> FakeBackend::authenticate(const std::string& username,
                                                    const std::string& password) {
    ++passwordChecks;
    std::this_thread::sleep_for(signInDelay);
    std::lock_guard lock(mutex_);
    for (const auto& [user, secret] : users_) {
        if (user.username == username && secret == password && user.active) {
            return user;
        }
    }
    return std::nullopt;
}

std::optional<http::User> FakeBackend::findUser(http::Id id) {
    std::lock_guard lock(mutex_);
    for (const auto& [user, secret] : users_) {
        if (user.id == id) {
            return user;
        }
    }
    return std::nullopt;
}

std::vector<http::User> FakeBackend::users(std::optional<http::Id> officeId) {
    std::lock_guard lock(mutex_);
    std::vector<http::User> result;
    for (const auto& [user, secret] : users_) {
        if (!officeId || user.officeId == *officeId) {
            result.push_back(user);
        }
    }
    return result;
}

http::User FakeBackend::changePassword(const http::Actor& actor, const std::string& current,
                                       const std::string& next) {
    std::lock_guard lock(mutex_);
    for (auto& [user, secret] : users_) {
        if (user.id == actor.user.id) {
            if (secret != current) {
                throw docmgmt::InvalidInput("currentPassword", "Mật khẩu hiện tại không đúng.");
            }
            secret = next;
            return user;
        }
    }
    throw docmgmt::NotFound("Không có người dùng này.");
}

http::User FakeBackend::createUser(const http::Actor&, const http::NewUser& input) {
    std::lock_guard lock(mutex_);
    for (const auto& [user, secret] : users_) {
        if (user.username == input.username) {
            throw docmgmt::Conflict("Tên đăng nhập này đã có người dùng.");
        }
    }
    http::User user;
    user.id = static_cast<http::Id>(users_.size()) + 1;
    user.officeId = input.officeId;
    user.username = input.username;
    user.fullName = input.fullName;
    user.role = input.role;
    user.title = input.title;
    users_.emplace_back(user, input.password);
    return user;
}

std::vector<http::AuditRecord> FakeBackend::audit(std::size_t limit) {
    std::lock_guard lock(mutex_);
    std::vector<http::AuditRecord> result(audit_.rbegin(), audit_.rend());
    result.resize(std::min(limit, result.size()));
    return result;
}

void FakeBackend::record(const http::Actor& actor, const std::string& action,
                         const std::string& object, const std::string& detail) {
    std::lock_guard lock(mutex_);
    http::AuditRecord entry;
    entry.seq = static_cast<std::int64_t>(audit_.size()) + 1;
    entry.userId = actor.user.id;
    entry.username = actor.user.username;
    entry.action = action;
    entry.object = object;
    entry.address = actor.address;
    entry.detail = detail;
    audit_.push_back(entry);
}

} // namespace vanthu::test
