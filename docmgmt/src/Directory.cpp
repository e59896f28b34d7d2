#include "vanthu/docmgmt/Directory.hpp"

namespace vanthu::docmgmt {

std::string toString(OfficeSystem system) {
    return system == OfficeSystem::Party ? "party" : "state";
}

std::optional<OfficeSystem> parseOfficeSystem(const std::string& text) {
    if (text == "state") {
        return OfficeSystem::State;
    }
    if (text == "party") {
        return OfficeSystem::Party;
    }
    return std::nullopt;
}

std::string toString(Role role) {
    switch (role) {
    case Role::Clerk:
        return "clerk";
    case Role::Specialist:
        return "specialist";
    case Role::Leader:
        return "leader";
    case Role::Administrator:
        return "administrator";
    }
    return "specialist";
}

std::optional<Role> parseRole(const std::string& text) {
    for (Role role : {Role::Clerk, Role::Specialist, Role::Leader, Role::Administrator}) {
        if (toString(role) == text) {
            return role;
        }
    }
    return std::nullopt;
}

} // namespace vanthu::docmgmt
