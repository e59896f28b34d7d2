#include "vanthu/docmgmt/Passwords.hpp"
#include "vanthu/signing/Base64.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <stdexcept>
#include <vector>

#include "vanthu/signing/OpenSsl.hpp"

namespace vanthu::docmgmt {

namespace {

constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;
constexpr std::uint64_t kMaxMemory = 1ull << 30; // refuse encodings that would need more

std::string randomBytes(std::size_t count) {
    std::string bytes(count, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(count)) != 1) {
        throw std::runtime_error("the system's random number generator failed");
    }
    return bytes;
}

std::string scrypt(std::string_view password, std::string_view salt, const ScryptParameters& p) {
    std::string key(kHashBytes, '\0');
    const std::uint64_t memory = 128ull * p.r * p.n + 256ull * p.r * p.p + (1u << 20);
    if (EVP_PBE_scrypt(password.data(), password.size(),
                       reinterpret_cast<const unsigned char*>(salt.data()), salt.size(), p.n, p.r,
                       p.p, memory, reinterpret_cast<unsigned char*>(key.data()),
                       key.size()) != 1) {
        throw signing::OpenSslError("scrypt failed");
    }
    return key;
}

struct Decoded {
    ScryptParameters parameters;
    std::string salt, hash;
};

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == separator) {
            parts.push_back(text.substr(start, i - start));
            start = i + 1;
        }
    }
    return parts;
}

template <typename T> std::optional<T> number(std::string_view text) {
    T value{};
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

std::optional<Decoded> decode(std::string_view encoded) {
    const auto parts = split(encoded, '$');
    if (parts.size() != 6 || parts[0] != "scrypt") {
        return std::nullopt;
    }
    const auto n = number<std::uint64_t>(parts[1]);
    const auto r = number<std::uint32_t>(parts[2]);
    const auto p = number<std::uint32_t>(parts[3]);
    auto salt = signing::fromBase64(parts[4]);
    auto hash = signing::fromBase64(parts[5]);
    if (!n || !r || !p || !salt || !hash || *n < 2 || (*n & (*n - 1)) != 0 || *r == 0 || *p == 0 ||
        128ull * *r * *n > kMaxMemory || hash->size() != kHashBytes) {
        return std::nullopt;
    }
    return Decoded{{*n, *r, *p}, std::move(*salt), std::move(*hash)};
}

} // namespace

std::string hashPassword(std::string_view password, const ScryptParameters& parameters) {
    const std::string salt = randomBytes(kSaltBytes);
    const std::string hash = scrypt(password, salt, parameters);
    return "scrypt$" + std::to_string(parameters.n) + "$" + std::to_string(parameters.r) + "$" +
           std::to_string(parameters.p) + "$" + signing::toBase64(salt) + "$" +
           signing::toBase64(hash);
}

bool verifyPassword(std::string_view password, std::string_view encoded) {
    const auto decoded = decode(encoded);
    if (!decoded) {
        return false;
    }
    const std::string hash = scrypt(password, decoded->salt, decoded->parameters);
    return CRYPTO_memcmp(hash.data(), decoded->hash.data(), kHashBytes) == 0;
}

bool needsRehash(std::string_view encoded, const ScryptParameters& parameters) {
    const auto decoded = decode(encoded);
    return !decoded || decoded->parameters.n < parameters.n ||
           decoded->parameters.r < parameters.r || decoded->parameters.p < parameters.p;
}

std::string randomToken(std::size_t bytes) {
    std::string text = signing::toBase64(randomBytes(bytes));
    std::replace(text.begin(), text.end(), '+', '-');
    std::replace(text.begin(), text.end(), '/', '_');
    text.erase(std::remove(text.begin(), text.end(), '='), text.end());
    return text;
}

std::string generatePassword(std::size_t length) {
    static constexpr std::string_view kAlphabet =
        "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    std::string password;
    // Rejection sampling keeps every character equally likely.
    const unsigned limit = 256 - 256 % kAlphabet.size();
    while (password.size() < length) {
        for (unsigned char c : randomBytes(length)) {
            if (c < limit && password.size() < length) {
                password.push_back(kAlphabet[c % kAlphabet.size()]);
            }
        }
    }
    return password;
}

std::string sha256Hex(std::string_view text) {
    return signing::toHex(signing::sha256(text));
}

LoginThrottle::LoginThrottle(int maxFailures, std::chrono::seconds window)
    : maxFailures_(maxFailures), window_(window) {}

void LoginThrottle::prune(std::deque<Clock::time_point>& failures, Clock::time_point now) const {
    while (!failures.empty() && failures.front() + window_ <= now) {
        failures.pop_front();
    }
}

int LoginThrottle::retryAfter(const std::string& key, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    const auto it = failures_.find(key);
    if (it == failures_.end()) {
        return 0;
    }
    prune(it->second, now);
    if (static_cast<int>(it->second.size()) < maxFailures_) {
        if (it->second.empty()) {
            failures_.erase(it);
        }
        return 0;
    }
    const auto wait = it->second.front() + window_ - now;
    return std::max(1, static_cast<int>(std::chrono::ceil<std::chrono::seconds>(wait).count()));
}

void LoginThrottle::recordFailure(const std::string& key, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    auto& failures = failures_[key];
    prune(failures, now);
    failures.push_back(now);
}

void LoginThrottle::recordSuccess(const std::string& key) {
    std::lock_guard lock(mutex_);
    failures_.erase(key);
}

} // namespace vanthu::docmgmt
