#include "http/LoginThrottle.hpp"

#include <algorithm>

namespace vanthu::http {

namespace {

constexpr std::size_t kPruneAbove = 10000;

std::string userKey(const std::string& username) {
    return "user:" + username;
}
std::string addressKey(const std::string& address) {
    return "addr:" + address;
}

} // namespace

LoginThrottle::LoginThrottle(int maxFailures, std::chrono::seconds window)
    : maxFailures_(maxFailures), window_(window) {}

long LoginThrottle::retryAfter(const std::string& username, const std::string& address,
                               Clock::time_point now) {
    std::lock_guard lock(mutex_);
    return std::max(retryAfterLocked(userKey(username), now),
                    retryAfterLocked(addressKey(address), now));
}

long LoginThrottle::retryAfterLocked(const std::string& key, Clock::time_point now) {
    const auto it = failures_.find(key);
    if (it == failures_.end()) {
        return 0;
    }
    auto& times = it->second;
    while (!times.empty() && now - times.front() >= window_) {
        times.pop_front();
    }
    if (times.empty()) {
        failures_.erase(it);
        return 0;
    }
    if (static_cast<int>(times.size()) < maxFailures_) {
        return 0;
    }
    const auto wait =
        std::chrono::duration_cast<std::chrono::seconds>(times.front() + window_ - now);
    return std::max<long>(1, static_cast<long>(wait.count()));
}

void LoginThrottle::recordFailure(const std::string& username, const std::string& address,
                                  Clock::time_point now) {
    std::lock_guard lock(mutex_);
    if (failures_.size() > kPruneAbove) { // many user names tried: forget the stale ones
        std::erase_if(failures_,
                      [&](const auto& entry) { return now - entry.second.back() >= window_; });
    }
    for (const auto& key : {userKey(username), addressKey(address)}) {
        auto& times = failures_[key];
        times.push_back(now);
        while (static_cast<int>(times.size()) > maxFailures_) {
            times.pop_front();
        }
    }
}

void LoginThrottle::recordSuccess(const std::string& username) {
    std::lock_guard lock(mutex_);
    failures_.erase(userKey(username));
}

} // namespace vanthu::http
