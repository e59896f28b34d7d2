#pragma once
// Offices, users and units of the directory, and what goes with a person or an office:
// access-right notices, limits to named people, seals and leaders' certificates, signing
// policies, saved searches. Part of Storage (Storage.hpp);
// SqlStorage implements it in docmgmt/src/sql/DirectorySql.cpp.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "vanthu/docmgmt/Directory.hpp"
#include "vanthu/docmgmt/Paging.hpp"
#include "vanthu/docmgmt/SavedSearch.hpp"

namespace vanthu::docmgmt {

/// A key the installation signs with, or a certificate it accepts, for one owner (issue 13):
/// an office's seal (PKCS#12 imported into DIR/pki/seals, or a PKCS#11 token slot) or a
/// leader's registered certificate for two-phase signing. Passwords and PINs only sealed
/// (SecretBox).
struct KeyRecord {
    std::string owner;          ///< "seal/<office id>" or "leader/<user id>"
    std::string kind;           ///< "pkcs12", "pkcs11" or "certificate"
    std::string location;       ///< the PKCS#12 file (relative to DIR/pki), or the PKCS#11 module
    std::string token;          ///< PKCS#11: the token's label (its slot)
    std::string label;          ///< PKCS#11: the key's label
    std::string certificatePem; ///< the signer's certificate (PEM)
    std::string secret;         ///< the sealed password or PIN; "" for a certificate
    std::string changedAt;      ///< ISO 8601, Vietnam time
};

/// An office's signing policy as stored (issue 21; docmgmt::SigningPolicies reads and checks it).
struct SigningPolicyRecord {
    Id officeId = 0;
    std::string signerLevel; ///< "B-B", "B-T", "B-LT" or "B-LTA": the leader's signature
    std::string sealLevel;   ///< the same for the seal (and the letter's later revisions)
    std::string tsa;         ///< "none", "builtin" or "url"
    std::string tsaUrl;      ///< tsa "url": http://…
    std::string tsaUsername; ///< HTTP Basic user name for tsaUrl, may be empty
    std::string tsaSecret;   ///< its password sealed by SecretBox, "" when none
    std::string revocation;  ///< "aia", "responders" or "builtin"
    std::string changedAt;   ///< ISO 8601, Vietnam time
    std::string changedBy;   ///< user name
    int version = 0;         ///< raised by each change; 0: none stored (the default policy)
};

/// A change of a user's access rights (thông báo thay đổi quyền truy cập, Phụ lục VI III.3c):
/// shown to administrators until one of them confirms it.
struct AccessNotice {
    Id id = 0;
    Id userId = 0;         ///< whose rights changed
    Id officeId = 0;       ///< the user's office after the change
    std::string change;    ///< "create-user", "role", "move", "deactivate", "activate"
    std::string detail;    ///< what changed, e.g. "role: specialist → leader"
    std::string changedBy; ///< the actor's user name
    std::string changedAt; ///< vietnamTimestamp
    std::optional<Id> confirmedBy;
    std::string confirmedAt; ///< "" while it waits
    bool pending() const { return confirmedAt.empty(); }
};

/// A secret document or case file limited to named people (SecretAccess): the limit itself,
/// and each person named on it.
struct AccessLimitRecord {
    std::string object; ///< "document/7", "incoming/3", "casefile/2"
    Id officeId = 0;
    Id limitedBy = 0;
    std::string limitedAt; ///< vietnamTimestamp
};

struct AccessGrant {
    Id userId = 0;
    Id grantedBy = 0;
    std::string grantedAt; ///< vietnamTimestamp
};
class DirectoryStore {
public:
    virtual ~DirectoryStore() = default;

    // Offices. addOffice throws Conflict when the code is taken.
    virtual Id addOffice(const Office& office) = 0;
    virtual void updateOffice(const Office& office) = 0;
    virtual std::optional<Office> findOffice(Id id) const = 0;
    virtual std::vector<Office> offices() const = 0;
    // Users. addUser throws Conflict when the username is taken.
    virtual Id addUser(const User& user, const std::string& passwordHash) = 0;
    virtual void updateUser(const User& user) = 0;
    virtual void setPasswordHash(Id userId, const std::string& passwordHash) = 0;
    virtual std::optional<User> findUser(Id id) const = 0;
    virtual std::optional<User> findUserByName(const std::string& username) const = 0;
    /// The stored password hash (Passwords.hpp), empty when the user does not exist.
    virtual std::string passwordHash(Id userId) const = 0;
    /// All users, or those of one office.
    virtual std::vector<User> users(std::optional<Id> officeId = std::nullopt) const = 0;
    // Units (phòng, ban) of an office. addUnit and renameUnit throw Conflict when the office has
    // a unit of that name.
    virtual Id addUnit(const Unit& unit) = 0;
    virtual void renameUnit(Id unitId, const std::string& name) = 0;
    virtual void removeUnit(Id unitId) = 0;
    virtual std::optional<Unit> findUnit(Id unitId) const = 0;
    /// An office's units by name.
    virtual std::vector<Unit> units(Id officeId) const = 0;
    // Access-right notices (Administration), newest first.
    virtual Id addAccessNotice(const AccessNotice& notice) = 0;
    virtual std::optional<AccessNotice> findAccessNotice(Id id) const = 0;
    /// Those still waiting, or all of them (at most limit, newest first).
    virtual std::vector<AccessNotice> accessNotices(bool pendingOnly, std::size_t limit) const = 0;
    /// Sets confirmedBy and confirmedAt once (Conflict when it was confirmed already).
    virtual void confirmAccessNotice(Id id, Id confirmedBy, const std::string& confirmedAt) = 0;
    // Secret documents and case files limited to named people (SecretAccess).
    virtual std::optional<AccessLimitRecord> findAccessLimit(const std::string& object) const = 0;
    virtual void addAccessLimit(const AccessLimitRecord& limit) = 0;
    /// Removes the limit and every grant on the object; false when it was not limited.
    virtual bool removeAccessLimit(const std::string& object) = 0;
    /// The people named on an object, in order of user id.
    virtual std::vector<AccessGrant> accessGrants(const std::string& object) const = 0;
    /// False when the person was named already.
    virtual bool addAccessGrant(const std::string& object, const AccessGrant& grant) = 0;
    /// False when the person was not named.
    virtual bool removeAccessGrant(const std::string& object, Id userId) = 0;
    // Seals and leaders' certificates (issue 13), one record per owner.
    virtual std::optional<KeyRecord> findKeyRecord(const std::string& owner) const = 0;
    /// Adds or replaces the owner's record.
    virtual void saveKeyRecord(const KeyRecord& record) = 0;
    /// False when the owner had none.
    virtual bool removeKeyRecord(const std::string& owner) = 0;
    virtual std::vector<KeyRecord> keyRecords() const = 0;
    /// A page of the users (of one office, or all), in order of id.
    virtual Paged<User> userPage(std::optional<Id> officeId, const PageRequest& page) const = 0;
    /// A page of the offices, in order of id.
    virtual Paged<Office> officePage(const PageRequest& page) const = 0;
    // Signing policies (issue 21), one per office; none stored: the installation's default.
    virtual std::optional<SigningPolicyRecord> findSigningPolicy(Id officeId) const = 0;
    /// Adds or replaces the office's policy.
    virtual void saveSigningPolicy(const SigningPolicyRecord& record) = 0;
    // Saved searches (6e; docmgmt::SavedSearches checks who may do what).
    virtual Id addSavedSearch(const SavedSearch& search) = 0;
    virtual void updateSavedSearch(const SavedSearch& search) = 0;
    virtual void removeSavedSearch(Id id) = 0;
    virtual std::optional<SavedSearch> findSavedSearch(Id id) const = 0;
    /// The user's own and those shared in the office, by name.
    virtual std::vector<SavedSearch> savedSearches(Id officeId, Id userId) const = 0;
};

} // namespace vanthu::docmgmt
