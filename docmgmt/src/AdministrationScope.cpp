#include "vanthu/docmgmt/AdministrationScope.hpp"

#include <charconv>
#include <map>
#include <string_view>

namespace vanthu::docmgmt {

namespace {

/// N of "prefix/N", nullopt for anything else.
std::optional<Id> objectId(std::string_view object, std::string_view prefix) {
    if (object.substr(0, prefix.size()) != prefix) {
        return std::nullopt;
    }
    object.remove_prefix(prefix.size());
    Id id = 0;
    const auto [end, error] = std::from_chars(object.data(), object.data() + object.size(), id);
    if (error != std::errc() || end != object.data() + object.size()) {
        return std::nullopt;
    }
    return id;
}

} // namespace

AdministrationScope::AdministrationScope(const Actor& actor, const std::vector<Office>& offices,
                                         const std::vector<User>& users) {
    const User& who = actor.user;
    whole_ = who.id == 0 || (who.role == Role::Administrator && who.installationAdministrator);
    if (!whole_ && who.role == Role::Administrator && who.active) {
        std::multimap<Id, Id> children;
        for (const auto& office : offices) {
            // Offices hosted elsewhere (at a peer, on the axis: the axis's directory puts them
            // under their parents, ours too) are the installation administrator's.
            if (office.parentId && office.isLocal()) {
                children.emplace(*office.parentId, office.id);
            }
        }
        std::vector<Id> open{who.officeId};
        while (!open.empty()) {
            const Id next = open.back();
            open.pop_back();
            if (!offices_.insert(next).second) {
                continue; // a cycle in parentId: each office once
            }
            const auto [first, last] = children.equal_range(next);
            for (auto it = first; it != last; ++it) {
                open.push_back(it->second);
            }
        }
    }
    for (const auto& user : users) {
        if (covers(user)) {
            users_.insert(user.id);
        }
    }
}

bool AdministrationScope::covers(const User& user) const {
    return whole_ || (covers(user.officeId) && !user.installationAdministrator);
}

bool AdministrationScope::covers(const AuditRecord& entry) const {
    if (whole_) {
        return true;
    }
    if (entry.userId && users_.count(*entry.userId) > 0) {
        return true;
    }
    if (const auto office = objectId(entry.object, "office/")) {
        return covers(*office);
    }
    if (const auto user = objectId(entry.object, "user/")) {
        return users_.count(*user) > 0;
    }
    return false;
}

} // namespace vanthu::docmgmt
