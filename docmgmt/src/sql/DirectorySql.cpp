// Offices, users and units, access-right notices, limits to named people, seals and
// leaders' certificates, signing policies and saved searches (DirectoryStore).
#include "SqlStorageImpl.hpp"

namespace vanthu::docmgmt {

namespace {

Office officeFrom(Rows& r) {
    Office office;
    office.id = integer(r, "id");
    office.code = text(r, "code");
    office.name = text(r, "name");
    office.parentBody = text(r, "parent_body");
    office.system = parseOfficeSystem(text(r, "system")).value_or(OfficeSystem::State);
    office.parentId = optionalInteger(r, "parent_id");
    office.issuerCode = text(r, "issuer_code");
    office.place = text(r, "place");
    office.sealKey = text(r, "seal_key");
    office.term = text(r, "term");
    office.peer = text(r, "peer");
    office.dissolvedOn = text(r, "dissolved_on");
    office.successorId = optionalInteger(r, "successor_id");
    office.version = static_cast<int>(integer(r, "version"));
    return office;
}

User userFrom(Rows& r) {
    User user;
    user.id = integer(r, "id");
    user.officeId = integer(r, "office_id");
    user.username = text(r, "username");
    user.fullName = text(r, "full_name");
    user.role = parseRole(text(r, "role")).value_or(Role::Specialist);
    user.title = text(r, "title");
    user.signingKey = text(r, "signing_key");
    user.active = integer(r, "active") != 0;
    user.unit = text(r, "unit");
    user.mustChangePassword = integer(r, "must_change_password") != 0;
    user.installationAdministrator = integer(r, "installation_admin") != 0;
    user.email = text(r, "email");
    user.version = static_cast<int>(integer(r, "version"));
    return user;
}

constexpr const char* kOfficeColumns =
    "id, code, name, parent_body, system, parent_id, issuer_code, place, seal_key, term, peer, "
    "dissolved_on, successor_id, version";

constexpr const char* kUserColumns =
    "id, office_id, username, full_name, role, title, signing_key, active, unit, "
    "must_change_password, installation_admin, email, version";

} // namespace

// ---- offices -----------------------------------------------------------------------------

Id SqlStorage::addOffice(const Office& office) {
    Id id = 0;
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "INSERT INTO offices (code, name, parent_body, system, parent_id, issuer_code, "
                 "place, seal_key, term, peer, dissolved_on, successor_id) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 office.code, office.name, office.parentBody, toString(office.system),
                 nullable(office.parentId), office.issuerCode, office.place, office.sealKey,
                 office.term, office.peer, office.dissolvedOn, nullable(office.successorId));
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Mã định danh " + office.code + " đã được dùng cho một cơ quan khác.");
        }
        id = impl_->lastInsertId();
    });
    return id;
}

void SqlStorage::updateOffice(const Office& office) {
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "UPDATE offices SET code = ?, name = ?, parent_body = ?, system = ?, "
                 "parent_id = ?, issuer_code = ?, place = ?, seal_key = ?, term = ?, peer = ?, "
                 "dissolved_on = ?, successor_id = ?, version = ? WHERE id = ?",
                 office.code, office.name, office.parentBody, toString(office.system),
                 nullable(office.parentId), office.issuerCode, office.place, office.sealKey,
                 office.term, office.peer, office.dissolvedOn, nullable(office.successorId),
                 office.version, office.id);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Mã định danh " + office.code + " đã được dùng cho một cơ quan khác.");
        }
    });
}

std::optional<Office> SqlStorage::findOffice(Id id) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<Office>(
        query(impl_->db(), std::string("SELECT ") + kOfficeColumns + " FROM offices WHERE id = ?",
              id),
        officeFrom);
}

std::vector<Office> SqlStorage::offices() const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<Office>(
        query(impl_->db(), std::string("SELECT ") + kOfficeColumns + " FROM offices ORDER BY id"),
        officeFrom);
}

// ---- users -------------------------------------------------------------------------------

Id SqlStorage::addUser(const User& user, const std::string& passwordHash) {
    Id id = 0;
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "INSERT INTO users (office_id, username, full_name, role, title, signing_key, "
                 "password_hash, active, unit, must_change_password, installation_admin, "
                 "email) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 user.officeId, user.username, user.fullName, toString(user.role), user.title,
                 user.signingKey, passwordHash, user.active ? 1 : 0, user.unit,
                 user.mustChangePassword ? 1 : 0, user.installationAdministrator ? 1 : 0,
                 user.email);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Tên đăng nhập " + user.username +
                           " đã có người dùng hoặc cơ quan không tồn tại.");
        }
        id = impl_->lastInsertId();
    });
    return id;
}

void SqlStorage::updateUser(const User& user) {
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "UPDATE users SET office_id = ?, username = ?, full_name = ?, role = ?, "
                 "title = ?, signing_key = ?, active = ?, unit = ?, must_change_password = ?, "
                 "installation_admin = ?, email = ?, version = ? WHERE id = ?",
                 user.officeId, user.username, user.fullName, toString(user.role), user.title,
                 user.signingKey, user.active ? 1 : 0, user.unit, user.mustChangePassword ? 1 : 0,
                 user.installationAdministrator ? 1 : 0, user.email, user.version, user.id);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Tên đăng nhập " + user.username + " đã có người dùng.");
        }
    });
}

void SqlStorage::setPasswordHash(Id userId, const std::string& passwordHash) {
    impl_->inTransaction([&] {
        exec(impl_->db(), "UPDATE users SET password_hash = ? WHERE id = ?", passwordHash, userId);
    });
}

std::optional<User> SqlStorage::findUser(Id id) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<User>(
        query(impl_->db(), std::string("SELECT ") + kUserColumns + " FROM users WHERE id = ?", id),
        userFrom);
}

std::optional<User> SqlStorage::findUserByName(const std::string& username) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<User>(query(impl_->db(),
                                std::string("SELECT ") + kUserColumns +
                                    " FROM users WHERE lower(username) = lower(?)",
                                username),
                          userFrom);
}

std::string SqlStorage::passwordHash(Id userId) const {
    std::lock_guard lock(impl_->mutex);
    const auto hash = firstRow<std::string>(
        query(impl_->db(), "SELECT password_hash FROM users WHERE id = ?", userId),
        [](Rows& r) { return text(r, "password_hash"); });
    return hash.value_or("");
}

std::vector<User> SqlStorage::users(std::optional<Id> officeId) const {
    std::lock_guard lock(impl_->mutex);
    const std::string select = std::string("SELECT ") + kUserColumns + " FROM users";
    if (officeId) {
        return mapRows<User>(
            query(impl_->db(), select + " WHERE office_id = ? ORDER BY id", *officeId), userFrom);
    }
    return mapRows<User>(query(impl_->db(), select + " ORDER BY id"), userFrom);
}

// ---- seals and leaders' certificates ------------------------------------------------------

namespace {

constexpr const char* kKeyColumns =
    "owner, kind, location, token, label, certificate, secret, changed_at";

KeyRecord keyRecordFrom(Rows& r) {
    KeyRecord record;
    record.owner = text(r, "owner");
    record.kind = text(r, "kind");
    record.location = text(r, "location");
    record.token = text(r, "token");
    record.label = text(r, "label");
    record.certificatePem = text(r, "certificate");
    record.secret = text(r, "secret");
    record.changedAt = text(r, "changed_at");
    return record;
}

} // namespace

std::optional<KeyRecord> SqlStorage::findKeyRecord(const std::string& owner) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<KeyRecord>(
        query(impl_->db(),
              std::string("SELECT ") + kKeyColumns + " FROM key_records WHERE owner = ?", owner),
        keyRecordFrom);
}

void SqlStorage::saveKeyRecord(const KeyRecord& r) {
    std::lock_guard lock(impl_->mutex);
    exec(impl_->db(),
         std::string("INSERT INTO key_records (") + kKeyColumns +
             ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (owner) DO UPDATE SET "
             "kind = excluded.kind, location = excluded.location, token = excluded.token, "
             "label = excluded.label, certificate = excluded.certificate, "
             "secret = excluded.secret, changed_at = excluded.changed_at",
         r.owner, r.kind, r.location, r.token, r.label, r.certificatePem, r.secret, r.changedAt);
}

bool SqlStorage::removeKeyRecord(const std::string& owner) {
    std::lock_guard lock(impl_->mutex);
    const bool present =
        firstRow<int>(query(impl_->db(), "SELECT 1 AS one FROM key_records WHERE owner = ?", owner),
                      [](Rows&) { return 1; })
            .has_value();
    exec(impl_->db(), "DELETE FROM key_records WHERE owner = ?", owner);
    return present;
}

std::vector<KeyRecord> SqlStorage::keyRecords() const {
    std::lock_guard lock(impl_->mutex);
    std::vector<KeyRecord> out;
    auto rs = query(impl_->db(),
                    std::string("SELECT ") + kKeyColumns + " FROM key_records ORDER BY owner");
    for (bool more = rs.moveFirst(); more; more = rs.moveNext()) {
        out.push_back(keyRecordFrom(rs));
    }
    return out;
}

namespace {

constexpr const char* kPolicyColumns =
    "office_id, signer_level, seal_level, tsa, tsa_url, tsa_username, tsa_secret, revocation, "
    "changed_at, changed_by, version";

SigningPolicyRecord signingPolicyFrom(Rows& r) {
    SigningPolicyRecord record;
    record.officeId = integer(r, "office_id");
    record.signerLevel = text(r, "signer_level");
    record.sealLevel = text(r, "seal_level");
    record.tsa = text(r, "tsa");
    record.tsaUrl = text(r, "tsa_url");
    record.tsaUsername = text(r, "tsa_username");
    record.tsaSecret = text(r, "tsa_secret");
    record.revocation = text(r, "revocation");
    record.changedAt = text(r, "changed_at");
    record.changedBy = text(r, "changed_by");
    record.version = static_cast<int>(integer(r, "version"));
    return record;
}

} // namespace

std::optional<SigningPolicyRecord> SqlStorage::findSigningPolicy(Id officeId) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<SigningPolicyRecord>(query(impl_->db(),
                                               std::string("SELECT ") + kPolicyColumns +
                                                   " FROM signing_policies WHERE office_id = ?",
                                               officeId),
                                         signingPolicyFrom);
}

void SqlStorage::saveSigningPolicy(const SigningPolicyRecord& r) {
    std::lock_guard lock(impl_->mutex);
    exec(impl_->db(),
         std::string("INSERT INTO signing_policies (") + kPolicyColumns +
             ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (office_id) DO UPDATE SET "
             "signer_level = excluded.signer_level, seal_level = excluded.seal_level, "
             "tsa = excluded.tsa, tsa_url = excluded.tsa_url, "
             "tsa_username = excluded.tsa_username, tsa_secret = excluded.tsa_secret, "
             "revocation = excluded.revocation, changed_at = excluded.changed_at, "
             "changed_by = excluded.changed_by, version = excluded.version",
         r.officeId, r.signerLevel, r.sealLevel, r.tsa, r.tsaUrl, r.tsaUsername, r.tsaSecret,
         r.revocation, r.changedAt, r.changedBy, r.version);
}

// ---- saved searches ----------------------------------------------------------------------

namespace {

constexpr const char* kSavedSearchColumns =
    "id, office_id, owner_id, name, query, columns, shared, created_at, updated_at, version";

SavedSearch savedSearchFrom(Rows& r) {
    SavedSearch s;
    s.id = integer(r, "id");
    s.officeId = integer(r, "office_id");
    s.ownerId = integer(r, "owner_id");
    s.name = text(r, "name");
    s.query = text(r, "query");
    s.columns = text(r, "columns");
    s.shared = integer(r, "shared") != 0;
    s.createdAt = text(r, "created_at");
    s.updatedAt = text(r, "updated_at");
    s.version = static_cast<int>(integer(r, "version"));
    return s;
}

} // namespace

Id SqlStorage::addSavedSearch(const SavedSearch& s) {
    Id id = 0;
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "INSERT INTO saved_searches (office_id, owner_id, name, query, columns, shared, "
             "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
             s.officeId, s.ownerId, s.name, s.query, s.columns, s.shared ? 1 : 0, s.createdAt,
             s.updatedAt);
        id = impl_->lastInsertId();
    });
    return id;
}

void SqlStorage::updateSavedSearch(const SavedSearch& s) {
    std::lock_guard lock(impl_->mutex);
    exec(impl_->db(),
         "UPDATE saved_searches SET name = ?, query = ?, columns = ?, shared = ?, updated_at = ?, "
         "version = ? WHERE id = ?",
         s.name, s.query, s.columns, s.shared ? 1 : 0, s.updatedAt, s.version, s.id);
}

void SqlStorage::removeSavedSearch(Id id) {
    std::lock_guard lock(impl_->mutex);
    exec(impl_->db(), "DELETE FROM saved_searches WHERE id = ?", id);
}

std::optional<SavedSearch> SqlStorage::findSavedSearch(Id id) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<SavedSearch>(
        query(impl_->db(),
              std::string("SELECT ") + kSavedSearchColumns + " FROM saved_searches WHERE id = ?",
              id),
        savedSearchFrom);
}

std::vector<SavedSearch> SqlStorage::savedSearches(Id officeId, Id userId) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<SavedSearch>(
        query(impl_->db(),
              std::string("SELECT ") + kSavedSearchColumns +
                  " FROM saved_searches WHERE owner_id = ? OR (office_id = ? AND shared = 1) "
                  "ORDER BY name, id",
              userId, officeId),
        savedSearchFrom);
}

namespace {

constexpr const char* kAccessNoticeColumns =
    "id, user_id, office_id, change, detail, changed_by, changed_at, confirmed_by, confirmed_at";

AccessNotice accessNoticeFrom(Rows& r) {
    AccessNotice n;
    n.id = integer(r, "id");
    n.userId = integer(r, "user_id");
    n.officeId = integer(r, "office_id");
    n.change = text(r, "change");
    n.detail = text(r, "detail");
    n.changedBy = text(r, "changed_by");
    n.changedAt = text(r, "changed_at");
    n.confirmedBy = optionalInteger(r, "confirmed_by");
    n.confirmedAt = text(r, "confirmed_at");
    return n;
}

} // namespace

// ---- units (phòng, ban) of an office -----------------------------------------------------

namespace {

Unit unitFrom(Rows& r) {
    Unit unit;
    unit.id = integer(r, "id");
    unit.officeId = integer(r, "office_id");
    unit.name = text(r, "name");
    unit.version = static_cast<int>(integer(r, "version"));
    return unit;
}

Conflict unitTaken(const std::string& name) {
    return Conflict("Cơ quan đã có đơn vị \"" + name + "\".");
}

} // namespace

Id SqlStorage::addUnit(const Unit& unit) {
    Id id = 0;
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(), "INSERT INTO units (office_id, name) VALUES (?, ?)", unit.officeId,
                 unit.name);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw unitTaken(unit.name);
        }
        id = impl_->lastInsertId();
    });
    return id;
}

void SqlStorage::renameUnit(Id unitId, const std::string& name) {
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(), "UPDATE units SET name = ?, version = version + 1 WHERE id = ?", name,
                 unitId);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw unitTaken(name);
        }
    });
}

void SqlStorage::removeUnit(Id unitId) {
    impl_->inTransaction([&] { exec(impl_->db(), "DELETE FROM units WHERE id = ?", unitId); });
}

std::optional<Unit> SqlStorage::findUnit(Id unitId) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<Unit>(
        query(impl_->db(), "SELECT id, office_id, name, version FROM units WHERE id = ?", unitId),
        unitFrom);
}

std::vector<Unit> SqlStorage::units(Id officeId) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<Unit>(query(impl_->db(),
                               "SELECT id, office_id, name, version FROM units WHERE office_id = ? "
                               "ORDER BY id",
                               officeId),
                         unitFrom);
}

Id SqlStorage::addAccessNotice(const AccessNotice& n) {
    Id id = 0;
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "INSERT INTO access_notices (user_id, office_id, change, detail, changed_by, "
             "changed_at) VALUES (?, ?, ?, ?, ?, ?)",
             n.userId, n.officeId, n.change, n.detail, n.changedBy, n.changedAt);
        id = impl_->lastInsertId();
    });
    return id;
}

std::optional<AccessNotice> SqlStorage::findAccessNotice(Id id) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<AccessNotice>(
        query(impl_->db(),
              std::string("SELECT ") + kAccessNoticeColumns + " FROM access_notices WHERE id = ?",
              id),
        accessNoticeFrom);
}

std::vector<AccessNotice> SqlStorage::accessNotices(bool pendingOnly, std::size_t limit) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<AccessNotice>(
        query(impl_->db(),
              std::string("SELECT ") + kAccessNoticeColumns + " FROM access_notices" +
                  (pendingOnly ? " WHERE confirmed_at = ''" : "") + " ORDER BY id DESC LIMIT ?",
              static_cast<Poco::Int64>(limit)),
        accessNoticeFrom);
}

void SqlStorage::confirmAccessNotice(Id id, Id confirmedBy, const std::string& confirmedAt) {
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "UPDATE access_notices SET confirmed_by = ?, confirmed_at = ? WHERE id = ?",
                 confirmedBy, confirmedAt, id);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            // The trigger: confirmed already.
            throw Conflict("Thông báo này đã được xác nhận.");
        }
    });
}

// ---- secret access and document reads (SecretAccess, issue 14 item 6) ----------------------

std::optional<AccessLimitRecord> SqlStorage::findAccessLimit(const std::string& object) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<AccessLimitRecord>(
        query(impl_->db(),
              "SELECT object, office_id, limited_by, limited_at FROM access_limits WHERE object "
              "= ?",
              object),
        [](Rows& r) {
            AccessLimitRecord limit;
            limit.object = text(r, "object");
            limit.officeId = integer(r, "office_id");
            limit.limitedBy = integer(r, "limited_by");
            limit.limitedAt = text(r, "limited_at");
            return limit;
        });
}

void SqlStorage::addAccessLimit(const AccessLimitRecord& limit) {
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "INSERT OR IGNORE INTO access_limits (object, office_id, limited_by, limited_at) "
             "VALUES (?, ?, ?, ?)",
             limit.object, limit.officeId, limit.limitedBy, limit.limitedAt);
    });
}

bool SqlStorage::removeAccessLimit(const std::string& object) {
    bool removed = false;
    impl_->inTransaction([&] {
        removed = findAccessLimit(object).has_value();
        exec(impl_->db(), "DELETE FROM access_grants WHERE object = ?", object);
        exec(impl_->db(), "DELETE FROM access_limits WHERE object = ?", object);
    });
    return removed;
}

std::vector<AccessGrant> SqlStorage::accessGrants(const std::string& object) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<AccessGrant>(
        query(impl_->db(),
              "SELECT user_id, granted_by, granted_at FROM access_grants WHERE object = ? "
              "ORDER BY user_id",
              object),
        [](Rows& r) {
            AccessGrant grant;
            grant.userId = integer(r, "user_id");
            grant.grantedBy = integer(r, "granted_by");
            grant.grantedAt = text(r, "granted_at");
            return grant;
        });
}

bool SqlStorage::addAccessGrant(const std::string& object, const AccessGrant& grant) {
    bool added = false;
    impl_->inTransaction([&] {
        Poco::Int64 named = 0;
        impl_->db() << sql::statement(sql::engineOf(impl_->db()),
                                      "SELECT COUNT(*) FROM access_grants WHERE object = ? AND "
                                      "user_id = ?"),
            bind(object), bind(grant.userId), into(named), now;
        if (named == 0) {
            exec(impl_->db(),
                 "INSERT INTO access_grants (object, user_id, granted_by, granted_at) VALUES "
                 "(?, ?, ?, ?)",
                 object, grant.userId, grant.grantedBy, grant.grantedAt);
            added = true;
        }
    });
    return added;
}

bool SqlStorage::removeAccessGrant(const std::string& object, Id userId) {
    bool removed = false;
    impl_->inTransaction([&] {
        Poco::Int64 named = 0;
        impl_->db() << sql::statement(sql::engineOf(impl_->db()),
                                      "SELECT COUNT(*) FROM access_grants WHERE object = ? AND "
                                      "user_id = ?"),
            bind(object), bind(userId), into(named), now;
        if (named > 0) {
            exec(impl_->db(), "DELETE FROM access_grants WHERE object = ? AND user_id = ?", object,
                 userId);
            removed = true;
        }
    });
    return removed;
}

Paged<User> SqlStorage::userPage(std::optional<Id> officeId, const PageRequest& page) const {
    std::lock_guard lock(impl_->mutex);
    Conditions where;
    if (officeId) {
        where.add("office_id = ?", *officeId);
    }
    return pageOf<User>(impl_->db(), kUserColumns, "users", where, "id", "id DESC", page, userFrom);
}

Paged<Office> SqlStorage::officePage(const PageRequest& page) const {
    std::lock_guard lock(impl_->mutex);
    return pageOf<Office>(impl_->db(), kOfficeColumns, "offices", Conditions(), "id", "id DESC",
                          page, officeFrom);
}

} // namespace vanthu::docmgmt
