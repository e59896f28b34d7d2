#include "http/SessionStore.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <stdexcept>

namespace vanthu::http {

std::string randomToken(std::size_t bytes) {
    std::string raw(bytes, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1) {
        throw std::runtime_error("RAND_bytes failed");
    }
    static constexpr char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (unsigned char c : raw) {
        buffer = (buffer << 8) | c;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += alphabet[(buffer >> bits) & 0x3f];
        }
    }
    if (bits > 0) {
        out += alphabet[(buffer << (6 - bits)) & 0x3f];
    }
    return out;
}

std::string sha256Hex(const std::string& text) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : digest) {
        out += hex[c >> 4];
        out += hex[c & 0xf];
    }
    return out;
}

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
