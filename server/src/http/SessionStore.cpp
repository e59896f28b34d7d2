#include "http/SessionStore.hpp"

#include <openssl/crypto.h>

#include "vanthu/docmgmt/Passwords.hpp"

namespace vanthu::http {

using docmgmt::randomToken;
using docmgmt::sha256Hex;

bool constantTimeEquals(const std::string& a, const std::string& b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

SessionStore::SessionStore(std::chrono::seconds idleLimit)
    : idleLimit_(idleLimit), lastPrune_(std::chrono::steady_clock::now()) {}

NewSession SessionStore::create(docmgmt::Id userId) {
    NewSession created{randomToken(), randomToken()};
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(mutex_);
    pruneLocked(now);
    sessions_[sha256Hex(created.token)] = Session{userId, created.csrf, now};
    return created;
}

std::optional<Session> SessionStore::find(const std::string& token) {
    if (token.empty()) {
        return std::nullopt;
    }
    const auto key = sha256Hex(token);
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(mutex_);
    const auto it = sessions_.find(key);
    if (it == sessions_.end()) {
        return std::nullopt;
    }
    if (now - it->second.lastUse > idleLimit_) {
        sessions_.erase(it);
        return std::nullopt;
    }
    it->second.lastUse = now;
    return it->second;
}

void SessionStore::remove(const std::string& token) {
    std::lock_guard lock(mutex_);
    sessions_.erase(sha256Hex(token));
}

void SessionStore::removeUser(docmgmt::Id userId) {
    std::lock_guard lock(mutex_);
    std::erase_if(sessions_, [&](const auto& entry) { return entry.second.userId == userId; });
}

void SessionStore::pruneLocked(std::chrono::steady_clock::time_point now) {
    if (now - lastPrune_ < std::chrono::minutes(1)) {
        return;
    }
    lastPrune_ = now;
    std::erase_if(sessions_,
                  [&](const auto& entry) { return now - entry.second.lastUse > idleLimit_; });
}

} // namespace vanthu::http
