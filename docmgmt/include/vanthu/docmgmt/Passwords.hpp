#pragma once
// Passwords hashed with scrypt (OpenSSL), stored self-describing as
// "scrypt$N$r$p$<salt base64>$<hash base64>"; login throttling; random tokens.
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace vanthu::docmgmt {

struct ScryptParameters {
    std::uint64_t n = 1u << 15; ///< CPU/memory cost (32 MiB with r = 8)
    std::uint32_t r = 8;
    std::uint32_t p = 1;
};

/// A new random salt each time. Throws std::runtime_error when OpenSSL fails.
std::string hashPassword(std::string_view password, const ScryptParameters& parameters = {});
/// Constant-time comparison; false for a malformed or unknown encoding.
bool verifyPassword(std::string_view password, std::string_view encoded);
/// True when the encoding uses weaker parameters than these (re-hash after a good sign-in).
bool needsRehash(std::string_view encoded, const ScryptParameters& parameters = {});

/// bytes random bytes as base64url without padding (session tokens, CSRF tokens).
std::string randomToken(std::size_t bytes = 32);
/// A password people can type: letters and digits without look-alikes (0/O, 1/l/I).
std::string generatePassword(std::size_t length = 12);
/// Hex SHA-256 of text (what the storage keeps of a session token).
std::string sha256Hex(std::string_view text);

/// Refuses sign-in after too many failures for a key (a username, a client address) within a
/// window: docs/api.md asks for 5 failures in 5 minutes. Thread-safe, in memory.
class LoginThrottle {
public:
    using Clock = std::chrono::steady_clock;
    explicit LoginThrottle(int maxFailures = 5,
                           std::chrono::seconds window = std::chrono::minutes(5));

    /// Seconds until key may try again, 0 when it may now.
    int retryAfter(const std::string& key, Clock::time_point now = Clock::now());
    void recordFailure(const std::string& key, Clock::time_point now = Clock::now());
    /// A successful sign-in forgets the key's failures.
    void recordSuccess(const std::string& key);

private:
    void prune(std::deque<Clock::time_point>& failures, Clock::time_point now) const;

    int maxFailures_;
    std::chrono::seconds window_;
    std::mutex mutex_;
    std::map<std::string, std::deque<Clock::time_point>> failures_;
};

} // namespace vanthu::docmgmt
