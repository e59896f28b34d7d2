#pragma once
// Signed-in sessions, kept in the database so that they survive a restart of the server. Part of
// Storage (Storage.hpp); SqlStorage implements it in docmgmt/src/sql/SessionSql.cpp.
#include <cstdint>
#include <optional>
#include <string>

#include "vanthu/docmgmt/Directory.hpp"

namespace vanthu::docmgmt {

/// A signed-in session; the server keeps only a hash of the token.
struct SessionRecord {
    std::string tokenHash;
    Id userId = 0;
    std::string csrf;
    std::int64_t createdAt = 0, expiresAt = 0; ///< seconds since the epoch
};
class SessionStore {
public:
    virtual ~SessionStore() = default;

    // Sessions: the server keeps them here, so that they survive its restart.
    virtual void addSession(const SessionRecord& session) = 0;
    virtual std::optional<SessionRecord> findSession(const std::string& tokenHash) const = 0;
    /// Moves a session's expiry (kept alive by use).
    virtual void touchSession(const std::string& tokenHash, std::int64_t expiresAt) = 0;
    virtual void removeSession(const std::string& tokenHash) = 0;
    /// Ends every session of a user (sign-out elsewhere, password or role changed); returns how
    /// many.
    virtual int removeUserSessions(Id userId) = 0;
    /// Removes sessions that expired before now; returns how many.
    virtual int removeExpiredSessions(std::int64_t now) = 0;
};

} // namespace vanthu::docmgmt
