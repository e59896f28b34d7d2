#pragma once
// Signed-in sessions. A token is 256 random bits; only its SHA-256 is kept, so a copy of the
// database or of the server's memory does not hand out sessions. Each session has its own CSRF
// token for cookie requests. Sessions end on sign-out, when the user's password or role changes
// (docmgmt::Administration removes them), or after an idle period. With a docmgmt::Storage they
// are kept in the database and survive a restart of the server; without one (tests of the HTTP
// machinery on a fake backend) in memory. Tokens come from docmgmt::randomToken (OpenSSL
// RAND_bytes), hashes from docmgmt::sha256Hex.
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "vanthu/docmgmt/Directory.hpp"

namespace vanthu::docmgmt {
class Storage;
}

namespace vanthu::http {

struct Session {
    docmgmt::Id userId = 0;
    std::string csrf;
    std::int64_t expiresAt = 0; ///< seconds since the epoch; moved on by use
};

struct NewSession {
    std::string token; ///< given to the client once, never stored
    std::string csrf;
};

class SessionStore {
public:
    /// Seconds since the epoch.
    using Clock = std::function<std::int64_t()>;

    /// storage: where sessions are kept (nullptr: in memory).
    explicit SessionStore(std::chrono::seconds idleLimit = std::chrono::hours(8),
                          docmgmt::Storage* storage = nullptr, Clock clock = {});

    NewSession create(docmgmt::Id userId);
    /// The session for this token, kept alive; nothing when unknown or expired.
    std::optional<Session> find(const std::string& token);
    void remove(const std::string& token);
    /// Ends every session of a user (deactivated, password changed).
    void removeUser(docmgmt::Id userId);

private:
    void prune(std::int64_t now);

    std::chrono::seconds idleLimit_;
    docmgmt::Storage* storage_;
    Clock clock_;
    std::mutex mutex_;
    std::unordered_map<std::string, Session> memory_; ///< by SHA-256 of the token (hex)
    std::int64_t lastPrune_ = 0;
};

/// Comparison whose time does not depend on where the strings differ.
bool constantTimeEquals(const std::string& a, const std::string& b);

} // namespace vanthu::http
