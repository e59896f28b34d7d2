#include "http/SignInThrottle.hpp"

#include <algorithm>
#include <utility>

namespace vanthu::http {

namespace {

constexpr std::size_t kMaxEntries = 100000; ///< pairs remembered before idle ones are dropped

int secondsUntil(SignInThrottle::Clock::time_point when, SignInThrottle::Clock::time_point now) {
    const auto left = std::chrono::ceil<std::chrono::seconds>(when - now).count();
    return static_cast<int>(std::max<long long>(1, left));
}

} // namespace

SignInThrottle::Attempt::Attempt(Attempt&& other) noexcept
    : throttle_(other.throttle_), account_(std::move(other.account_)),
      address_(std::move(other.address_)), succeeded_(other.succeeded_) {
    other.throttle_ = nullptr;
}

SignInThrottle::Attempt::~Attempt() {
    if (throttle_ != nullptr) {
        throttle_->finish(account_, address_, succeeded_);
    }
}

SignInThrottle::Attempt::Failures SignInThrottle::Attempt::failed() {
    if (throttle_ == nullptr) {
        return {};
    }
    auto* throttle = std::exchange(throttle_, nullptr);
    return throttle->finish(account_, address_, false);
}

std::optional<SignInThrottle::Attempt> SignInThrottle::begin(const std::string& account,
                                                             const std::string& address,
                                                             int& retryAfter,
                                                             Clock::time_point now) {
    std::lock_guard lock(mutex_);
    pruneLocked(now);
    const auto start = now - limits_.window;
    auto& pair = pairs_[{account, address}];
    while (!pair.checks.empty() && pair.checks.front() < start) {
        pair.checks.pop_front();
    }
    if (pair.lastFailure < start) {
        pair.failures = 0;
    }
    auto& accountFailures = accountFailures_[account];
    while (!accountFailures.empty() && accountFailures.front() < start) {
        accountFailures.pop_front();
    }
    const bool guarded = static_cast<int>(accountFailures.size()) >= limits_.perAccount;
    if (static_cast<int>(pair.checks.size()) >= limits_.perPair) {
        retryAfter = secondsUntil(pair.checks.front() + limits_.window, now);
        return std::nullopt;
    }
    if (pair.failures > 0) {
        if (guarded) { // this address has failed for an account under attack
            retryAfter = secondsUntil(pair.lastFailure + limits_.window, now);
            return std::nullopt;
        }
        const auto delay = std::chrono::seconds(1 << std::min(pair.failures - 1, 8));
        if (now < pair.lastFailure + delay) {
            retryAfter = secondsUntil(pair.lastFailure + delay, now);
            return std::nullopt;
        }
    }
    pair.checks.push_back(now);
    ++pair.running;
    retryAfter = 0;
    return Attempt(*this, account, address);
}

SignInThrottle::Attempt::Failures
SignInThrottle::finish(const std::string& account, const std::string& address, bool succeeded) {
    const auto now = Clock::now();
    std::lock_guard lock(mutex_);
    auto& pair = pairs_[{account, address}];
    --pair.running;
    if (succeeded) {
        pair.checks.clear();
        pair.failures = 0;
        return {};
    }
    ++pair.failures;
    pair.lastFailure = now;
    auto& accountFailures = accountFailures_[account];
    accountFailures.push_back(now);
    return {pair.failures, static_cast<int>(accountFailures.size())};
}

void SignInThrottle::pruneLocked(Clock::time_point now) {
    if (pairs_.size() + accountFailures_.size() < kMaxEntries) {
        return;
    }
    const auto start = now - limits_.window;
    std::erase_if(pairs_, [&](const auto& entry) {
        return entry.second.running == 0 &&
               (entry.second.checks.empty() || entry.second.checks.back() < start);
    });
    std::erase_if(accountFailures_, [&](const auto& entry) {
        return entry.second.empty() || entry.second.back() < start;
    });
}

} // namespace vanthu::http
