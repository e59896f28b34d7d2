#pragma once
// The administration of an installation (issue 13): offices (added, edited, dissolved with their
// successor, their history kept in the audit trail), users (added, edited, moved to another
// office, deactivated, their password reset), every change one transaction with its audit entry.
// `vanthu init` and `vanthu admin` use it; its rules are the same for the HTTP API.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vanthu/docmgmt/AccessStatistics.hpp"
#include "vanthu/docmgmt/AdministrationScope.hpp"
#include "vanthu/docmgmt/Directory.hpp"
#include "vanthu/docmgmt/OutgoingFlow.hpp"
#include "vanthu/docmgmt/Storage.hpp"

namespace vanthu::docmgmt {

class Storage;
class AuditTrail;

/// The identifier code (mã định danh) of Quyết định 20/2020/QĐ-TTg: 13 characters
/// "DDD.DD.DD.LDD" (levels 4, 3 and 2, then level 1: a capital letter and two digits), such as
/// "000.00.00.H41". Throws InvalidInput("code", a Vietnamese sentence) otherwise.
void checkOfficeCode(std::string_view code);

inline constexpr std::size_t kPasswordMin = 8;
inline constexpr std::size_t kPasswordMax = 1024;
/// Throws InvalidInput("password", a Vietnamese sentence) for a password shorter than
/// kPasswordMin characters (bytes) or longer than kPasswordMax.
void checkPassword(std::string_view password);

/// A change to a user; an unset field stays as it is.
struct UserChange {
    std::optional<std::string> fullName, title, unit;
    std::optional<std::string> email; ///< notices by e-mail; "" removes it
    std::optional<Role> role;
    /// Only an installation administrator (or the command line) sets it.
    std::optional<bool> installationAdministrator;
    /// The User::version the form was loaded at: an edit from an older one is refused with
    /// StaleVersion (who edited it last, when), nothing written; nothing: not checked.
    std::optional<int> baseVersion;
};

/// A change to an office; an unset field stays as it is.
struct OfficeChange {
    std::optional<std::string> code, name, parentBody, issuerCode, place, term;
    std::optional<OfficeSystem> system;
    std::optional<std::optional<Id>> parentId;
    /// The Office::version the form was loaded at (as UserChange::baseVersion).
    std::optional<int> baseVersion;
};

/// Every change is refused (Forbidden, audited as "refused") outside the actor's
/// AdministrationScope: offices are added and dissolved, an office moved under another and an
/// installation administrator named only by an installation administrator or the command line;
/// an office's administrator edits its own office and those below it and manages their users.
class Administration {
public:
    Administration(Storage& storage, AuditTrail& audit);

    /// The actor of a command-line change: no user, the name "cli:<login>", address "local".
    static Actor commandLineActor();

    // The first start. An installation made by `vanthu init` has its first office and
    // administrator at once; one made by `vanthu serve --setup` waits for them (the web UI's
    // first-run page).
    /// Whether the installation has no user at all yet.
    bool awaitsFirstAdministrator() const;
    /// The first office and its first administrator (role Administrator, title "QUẢN TRỊ HỆ
    /// THỐNG", fullName the username when empty) in one transaction; Conflict when the
    /// installation has a user already. The office is checked as by addOffice, the user as by
    /// addUser.
    std::pair<Office, User> installFirst(const Actor& actor, Office office, User admin,
                                         const std::string& password);

    // Offices. Codes are checked (checkOfficeCode) and unique; name, issuer code and place
    // are required.
    Office addOffice(const Actor& actor, Office office);
    /// Audited "edit-office" with each changed field as "field: old → new"; raises its version.
    Office editOffice(const Actor& actor, Id officeId, const OfficeChange& change);
    /// Marks the office dissolved on date (YYYY-MM-DD) with its successor (an active office);
    /// its users are deactivated and signed out; its documents and registers stay.
    Office dissolveOffice(const Actor& actor, Id officeId, const std::string& date,
                          std::optional<Id> successorId);

    // Units (phòng, ban) inside an office: the list a user's unit is chosen from. Changed by an
    // administrator whose scope covers the office; names are trimmed, required, at most 200
    // characters and unique within the office (Conflict).
    /// The office's units in the order they were added (anyone may read them).
    std::vector<Unit> units(Id officeId) const;
    /// Audited "create-unit" on the office.
    Unit addUnit(const Actor& actor, Id officeId, const std::string& name);
    /// Audited "rename-unit" ("name: old → new"); the office's users of the unit keep it under
    /// its new name. baseVersion: the Unit::version the form was loaded at; a rename from an
    /// older one is refused with StaleVersion, nothing written.
    Unit renameUnit(const Actor& actor, Id officeId, Id unitId, const std::string& name,
                    std::optional<int> baseVersion = std::nullopt);
    /// Only an empty unit (Conflict naming how many users are in it). Audited "remove-unit".
    void removeUnit(const Actor& actor, Id officeId, Id unitId);

    // Users. A user's unit is "" or the name of a unit of their office (InvalidInput("unit")).
    /// A new active user of an active office; mustChangePassword as given.
    User addUser(const Actor& actor, User user, const std::string& password);
    /// Audited "edit-user", raising its version; a role change signs the user out everywhere.
    User editUser(const Actor& actor, Id userId, const UserChange& change);
    /// To another active office; signed out everywhere. Their unit stays when the new office has
    /// a unit of that name, else it is cleared.
    User moveUser(const Actor& actor, Id userId, Id officeId);
    /// Deactivated users cannot sign in; their history stays. Signed out everywhere.
    User setActive(const Actor& actor, Id userId, bool active);
    /// A new password set by an administrator; the user must change it at the next sign-in
    /// when mustChange. Signed out everywhere.
    User resetPassword(const Actor& actor, Id userId, const std::string& password,
                       bool mustChange = true);
    /// The user's own change (the current password checked by the caller): clears
    /// mustChangePassword; other sessions end.
    User changeOwnPassword(const Actor& actor, const std::string& newPassword);

    // Access-right notices (Phụ lục VI III.3c). Adding a user, changing a role, moving to
    // another office, deactivating and activating each leave a notice that administrators see
    // until one of them confirms it.
    /// Waiting notices, or the latest 200 of all, of the offices in the actor's scope.
    std::vector<AccessNotice> accessNotices(const Actor& actor, bool pendingOnly = true) const;
    /// Confirmed by an administrator (audited "confirm-access-change"); NotFound, Conflict when
    /// confirmed already, Forbidden for anyone but an administrator.
    AccessNotice confirmAccessNotice(const Actor& actor, Id noticeId);
    /// Repeated failed sign-ins to an account (Phụ lục VI III.3, issue 19 item 9): a notice
    /// "sign-in-failures" that the account's office's administrators see until one confirms it,
    /// and an audit entry "sign-in-alert". failures is how many failed in the last
    /// windowMinutes, from address, or from every address when address is "". Nothing for an
    /// account that does not exist (the failures themselves are audited by the caller).
    void noticeRepeatedSignInFailures(const std::string& username, const std::string& address,
                                      int failures, int windowMinutes);

    /// Sign-ins per month and account over a period (AccessStatistics, Phụ lục VI III.6b), of
    /// the accounts in the actor's scope.
    AccessReport accessStatistics(const Actor& actor, const std::string& from,
                                  const std::string& to) const;

    /// A page of the audit entries, newest first, that concern the actor's scope (for an office's
    /// administrator: among the latest 50,000 of the installation); the details of entries about
    /// a secret document (độ mật) are withheld, since no administrator may read it.
    Paged<AuditRecord> auditPage(const Actor& actor, const PageRequest& page) const;

    /// Which offices the actor administers.
    AdministrationScope scope(const Actor& actor) const;

    Office office(Id id) const;
    Office officeByCode(const std::string& code) const;
    User user(Id id) const;
    User userByName(const std::string& username) const;

    /// Forbidden(message), audited as "refused" on object, unless allowed: the one refusal of
    /// an administrator's change, here and in the server's keys, policy and axis pages.
    /// Called outside the refused change's transaction, so the audit entry stays.
    void refuseUnless(bool allowed, const Actor& actor, const std::string& object,
                      const std::string& message);

private:
    Office activeOffice(Id id) const;
    /// The office's unit unitId (NotFound otherwise).
    Unit unitOf(Id officeId, Id unitId) const;
    /// InvalidInput("unit") unless unit is "" or names a unit of the office.
    void requireUnit(Id officeId, const std::string& unit) const;
    /// refuseUnless for a change to user (their office in scope, not an installation
    /// administrator for an office's administrator).
    void requireUserInScope(const Actor& actor, const User& user);
    /// Whether an audit object ("document/N", "incoming/N") names a secret document.
    bool namesSecretDocument(const std::string& object) const;
    void record(const Actor& actor, const std::string& action, const std::string& object,
                const std::string& detail);
    /// A notice of a change of user's rights, in the caller's transaction.
    void noticeAccessChange(const Actor& actor, const User& user, const std::string& change,
                            const std::string& detail);

    Storage& storage_;
    AuditTrail& audit_;
};

} // namespace vanthu::docmgmt
