// Signed-in sessions (SessionStore).
#include "SqlStorageImpl.hpp"

namespace vanthu::docmgmt {

namespace {

SessionRecord sessionFrom(Rows& r) {
    SessionRecord session;
    session.tokenHash = text(r, "token_hash");
    session.userId = integer(r, "user_id");
    session.csrf = text(r, "csrf");
    session.createdAt = integer(r, "created_at");
    session.expiresAt = integer(r, "expires_at");
    return session;
}

} // namespace

// ---- sessions ----------------------------------------------------------------------------

void SqlStorage::addSession(const SessionRecord& s) {
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) "
             "VALUES (?, ?, ?, ?, ?)",
             s.tokenHash, s.userId, s.csrf, static_cast<Poco::Int64>(s.createdAt),
             static_cast<Poco::Int64>(s.expiresAt));
    });
}

std::optional<SessionRecord> SqlStorage::findSession(const std::string& tokenHash) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<SessionRecord>(
        query(impl_->db(),
              "SELECT token_hash, user_id, csrf, created_at, expires_at FROM sessions "
              "WHERE token_hash = ?",
              tokenHash),
        sessionFrom);
}

void SqlStorage::removeSession(const std::string& tokenHash) {
    impl_->inTransaction(
        [&] { exec(impl_->db(), "DELETE FROM sessions WHERE token_hash = ?", tokenHash); });
}

void SqlStorage::touchSession(const std::string& tokenHash, std::int64_t expiresAt) {
    impl_->inTransaction([&] {
        exec(impl_->db(), "UPDATE sessions SET expires_at = ? WHERE token_hash = ?",
             static_cast<Poco::Int64>(expiresAt), tokenHash);
    });
}

int SqlStorage::removeUserSessions(Id userId) {
    int removed = 0;
    impl_->inTransaction([&] {
        Poco::Int64 before = 0;
        impl_->db() << sql::statement(sql::engineOf(impl_->db()),
                                      "SELECT COUNT(*) FROM sessions WHERE user_id = ?"),
            bind(userId), into(before), Poco::Data::Keywords::now;
        exec(impl_->db(), "DELETE FROM sessions WHERE user_id = ?", userId);
        removed = static_cast<int>(before);
    });
    return removed;
}

int SqlStorage::removeExpiredSessions(std::int64_t now) {
    int removed = 0;
    impl_->inTransaction([&] {
        Poco::Int64 before = 0;
        impl_->db() << sql::statement(sql::engineOf(impl_->db()),
                                      "SELECT COUNT(*) FROM sessions WHERE expires_at < ?"),
            bind(static_cast<Poco::Int64>(now)), into(before), Poco::Data::Keywords::now;
        exec(impl_->db(), "DELETE FROM sessions WHERE expires_at < ?",
             static_cast<Poco::Int64>(now));
        removed = static_cast<int>(before);
    });
    return removed;
}

} // namespace vanthu::docmgmt
