#include "vanthu/docmgmt/SearchSource.hpp"

namespace vanthu::docmgmt {

std::string userReaderToken(Id userId) {
    return "u" + std::to_string(userId);
}

std::string roleReaderToken(Id officeId, Role role) {
    return "r" + std::to_string(officeId) + ":" + toString(role);
}

std::vector<std::string> readerTokens(const User& user) {
    if (!user.active || user.role == Role::Administrator) {
        return {};
    }
    return {userReaderToken(user.id), roleReaderToken(user.officeId, user.role)};
}

} // namespace vanthu::docmgmt
