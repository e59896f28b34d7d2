#pragma once
// Offices (cơ quan, tổ chức), users and their roles.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vanthu::docmgmt {

using Id = std::int64_t;

enum class OfficeSystem { State, Party };

std::string toString(OfficeSystem system); ///< "state", "party"
std::optional<OfficeSystem> parseOfficeSystem(const std::string& text);

struct Office {
    Id id = 0;
    std::string code;       ///< identifier code (mã định danh), "000.00.12.H35"
    std::string name;       ///< issuing body as printed: "ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN"
    std::string parentBody; ///< printed above the name, may be empty
    OfficeSystem system = OfficeSystem::State;
    std::optional<Id> parentId;
    std::string issuerCode; ///< in notations: "UBND", "TU", "HU", "ĐU"
    std::string place;      ///< địa danh: "Văn Quan"
    std::string sealKey;    ///< path of the seal's PKCS#12 (server-held keys), may be empty
    /// Party committees only: the term ("2020-2025") over which each document type is numbered
    /// (HD 36: no yearly reset). Empty: the Party register restarts each 1 January as well.
    std::string term;
    /// Empty: the office is hosted on this server. Otherwise the name of the peer server that
    /// hosts it (peers are configured for the exchange): the office is in the directory so that
    /// drafters can address it, and documents for it go through the exchange outbox.
    std::string peer;
    /// Dissolved (giải thể, sáp nhập) on this date (YYYY-MM-DD); empty: active. A dissolved
    /// office keeps its row, documents and registers; it takes no new users.
    std::string dissolvedOn;
    std::optional<Id> successorId; ///< the office that took over its work, if any
    /// Raised by each edit (Administration::editOffice): an edit from an older one is refused.
    int version = 1;
    bool isLocal() const { return peer.empty(); }
    bool dissolved() const { return !dissolvedOn.empty(); }
};

enum class Role {
    Clerk,         ///< văn thư: numbers, seals, issues; keeps the registers
    Specialist,    ///< chuyên viên: drafts
    Leader,        ///< lãnh đạo: approves, returns, signs
    Administrator, ///< quản trị: users, audit
};

std::string toString(Role role); ///< "clerk", "specialist", "leader", "administrator"
std::optional<Role> parseRole(const std::string& text);

struct User {
    Id id = 0;
    Id officeId = 0;
    std::string username;
    std::string fullName;
    Role role = Role::Specialist;
    std::string title;      ///< printed under the authority line: "PHÓ CHỦ TỊCH"
    std::string signingKey; ///< path of the leader's PKCS#12 (server-held keys), may be empty
    /// The unit (phòng, ban) inside the office: a name from the office's list (Unit), or empty.
    std::string unit;
    bool active = true;
    /// Set by an administrator's password reset: the user must choose a new password.
    bool mustChangePassword = false;
    /// An administrator of the whole installation (quản trị hệ thống: every office, the offices
    /// themselves and the server-wide settings); any other administrator manages only its own
    /// office and the offices below it (AdministrationScope).
    bool installationAdministrator = false;
    /// Where notices of waiting work are e-mailed (issue 14 item 7); empty: no e-mail.
    std::string email;
    /// Raised by each edit (Administration::editUser): an edit from an older one is refused.
    int version = 1;
};

/// A unit (phòng, ban: "Văn phòng", "Phòng Kinh tế") inside an office: the list a user's unit
/// is chosen from (Administration). Its name is unique within the office.
struct Unit {
    Id id = 0;
    Id officeId = 0;
    std::string name;
    int version = 1; ///< raised by each rename: a rename from an older one is refused
};

} // namespace vanthu::docmgmt
