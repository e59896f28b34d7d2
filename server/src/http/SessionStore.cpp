#include "http/SessionStore.hpp"

#include <openssl/crypto.h>

#include "vanthu/docmgmt/Passwords.hpp"
#include "vanthu/docmgmt/Storage.hpp"

namespace vanthu::http {

using docmgmt::randomToken;
using docmgmt::sha256Hex;

namespace {

std::int64_t secondsNow() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// A session's expiry is written again only when a minute of it has been used up, so that a
/// busy user does not turn every request into a database write.
constexpr std::int64_t kTouchEvery = 60;

} // namespace

bool constantTimeEquals(const std::string& a, const std::string& b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

SessionStore::SessionStore(std::chrono::seconds idleLimit, docmgmt::Storage* storage, Clock clock)
    : idleLimit_(idleLimit), storage_(storage), clock_(clock ? std::move(clock) : secondsNow) {}

NewSession SessionStore::create(docmgmt::Id userId) {
    NewSession created{randomToken(), randomToken()};
    const auto now = clock_();
    const Session session{userId, created.csrf, now + idleLimit_.count()};
    prune(now);
    if (storage_) {
        storage_->addSession(
            {sha256Hex(created.token), userId, created.csrf, now, session.expiresAt});
    } else {
        std::lock_guard lock(mutex_);
        memory_[sha256Hex(created.token)] = session;
    }
    return created;
}

std::optional<Session> SessionStore::find(const std::string& token) {
    if (token.empty()) {
        return std::nullopt;
    }
    const auto key = sha256Hex(token);
    const auto now = clock_();
    const auto renewed = now + idleLimit_.count();
    if (storage_) {
        const auto stored = storage_->findSession(key);
        if (!stored) {
            return std::nullopt;
        }
        if (stored->expiresAt < now) {
            storage_->removeSession(key);
            return std::nullopt;
        }
        Session session{stored->userId, stored->csrf, stored->expiresAt};
        if (renewed - stored->expiresAt >= kTouchEvery) {
            storage_->touchSession(key, renewed);
            session.expiresAt = renewed;
        }
        return session;
    }
    std::lock_guard lock(mutex_);
    const auto it = memory_.find(key);
    if (it == memory_.end()) {
        return std::nullopt;
    }
    if (it->second.expiresAt < now) {
        memory_.erase(it);
        return std::nullopt;
    }
    it->second.expiresAt = renewed;
    return it->second;
}

void SessionStore::remove(const std::string& token) {
    if (storage_) {
        storage_->removeSession(sha256Hex(token));
        return;
    }
    std::lock_guard lock(mutex_);
    memory_.erase(sha256Hex(token));
}

void SessionStore::removeUser(docmgmt::Id userId) {
    if (storage_) {
        storage_->removeUserSessions(userId);
        return;
    }
    std::lock_guard lock(mutex_);
    std::erase_if(memory_, [&](const auto& entry) { return entry.second.userId == userId; });
}

void SessionStore::prune(std::int64_t now) {
    {
        std::lock_guard lock(mutex_);
        if (now - lastPrune_ < 60) {
            return;
        }
        lastPrune_ = now;
        std::erase_if(memory_, [&](const auto& entry) { return entry.second.expiresAt < now; });
    }
    if (storage_) {
        storage_->removeExpiredSessions(now);
    }
}

} // namespace vanthu::http
