#pragma once
// The checks every flow starts with (OutgoingFlow, IncomingFlow): the acting user as the
// storage knows them now (read once per request), and no documents for administrators.
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/OutgoingFlow.hpp"
#include "vanthu/docmgmt/Storage.hpp"

namespace vanthu::docmgmt {

/// The actor as the storage knows them now: as read for this call (Actor::current), else
/// re-read; nothing when gone.
inline std::optional<User> currentUser(const Storage& storage, const Actor& actor) {
    return actor.current ? std::optional<User>(actor.user) : storage.findUser(actor.user.id);
}

/// The actor as the storage knows them now (currentUser); Forbidden when deactivated or gone.
inline User activeUser(const Storage& storage, const Actor& actor) {
    const auto user = currentUser(storage, actor);
    if (!user || !user->active) {
        throw Forbidden("Tài khoản của bạn đã bị khóa hoặc không còn; hãy liên hệ quản trị "
                        "hệ thống.");
    }
    return *user;
}

/// Administrators manage users; any document step is Forbidden for them.
inline void refuseAdministrator(const User& user) {
    if (user.role == Role::Administrator) {
        throw Forbidden("Quản trị hệ thống quản lý người dùng, không xử lý văn bản.");
    }
}

} // namespace vanthu::docmgmt
