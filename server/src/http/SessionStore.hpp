#pragma once
// Signed-in sessions. A token is 256 random bits; only its SHA-256 is kept, so a copy of the
// server's memory does not hand out sessions. Each session has its own CSRF token for cookie
// requests. Sessions end on sign-out or after an idle period. Tokens come from
// docmgmt::randomToken (OpenSSL RAND_bytes), hashes from docmgmt::sha256Hex.
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "vanthu/docmgmt/Directory.hpp"

namespace vanthu::http {

struct Session {
    docmgmt::Id userId = 0;
    std::string csrf;
    std::chrono::steady_clock::time_point lastUse;
};

struct NewSession {
    std::string token; ///< given to the client once, never stored
    std::string csrf;
};

class SessionStore {
public:
    explicit SessionStore(std::chrono::seconds idleLimit = std::chrono::hours(8));

    NewSession create(docmgmt::Id userId);
    /// The session for this token, refreshed; nothing when unknown or expired.
    std::optional<Session> find(const std::string& token);
    void remove(const std::string& token);
    /// Ends every session of a user (deactivated, password changed).
    void removeUser(docmgmt::Id userId);

private:
    void pruneLocked(std::chrono::steady_clock::time_point now);

    std::chrono::seconds idleLimit_;
    std::mutex mutex_;
    std::unordered_map<std::string, Session> sessions_; ///< by SHA-256 of the token (hex)
    std::chrono::steady_clock::time_point lastPrune_;
};

/// Comparison whose time does not depend on where the strings differ.
bool constantTimeEquals(const std::string& a, const std::string& b);

} // namespace vanthu::http
