#pragma once
// Which offices an administrator administers (phạm vi quản trị, issue 19 item 4): the
// installation administrator (quản trị hệ thống) and the command line every office; the
// administrator of an office that office and the offices hosted here below it (parentId; an
// office at a peer or on the axis is the installation administrator's); anyone else none.
#include <set>
#include <vector>

#include "vanthu/docmgmt/Directory.hpp"
#include "vanthu/docmgmt/OutgoingFlow.hpp"
#include "vanthu/docmgmt/Storage.hpp"

namespace vanthu::docmgmt {

class AdministrationScope {
public:
    /// The scope of actor among offices and users (the whole directory).
    AdministrationScope(const Actor& actor, const std::vector<Office>& offices,
                        const std::vector<User>& users);

    /// Every office, and the installation itself (offices, server-wide settings).
    bool whole() const { return whole_; }
    bool covers(Id officeId) const { return whole_ || offices_.count(officeId) > 0; }
    /// Whether the actor may manage this user: the user's office is covered, and an installation
    /// administrator is managed only by another one.
    bool covers(const User& user) const;
    /// Whether an audit entry concerns the scope: made by a user of a covered office, or about a
    /// covered office or user ("office/N", "user/N").
    bool covers(const AuditRecord& entry) const;

private:
    bool whole_ = false;
    std::set<Id> offices_;
    std::set<Id> users_; ///< the users covers(User) is true of
};

} // namespace vanthu::docmgmt
