#pragma once
// Login throttling: after maxFailures failed sign-ins within the window for one user name or one
// client address, further attempts for it are refused (429) until the oldest failure leaves the
// window. A success clears the user name's failures.
#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace vanthu::http {

class LoginThrottle {
public:
    using Clock = std::chrono::steady_clock;

    explicit LoginThrottle(int maxFailures = 5,
                           std::chrono::seconds window = std::chrono::minutes(5));

    /// Seconds to wait before trying again for this user or address; 0: go ahead.
    long retryAfter(const std::string& username, const std::string& address,
                    Clock::time_point now = Clock::now());
    void recordFailure(const std::string& username, const std::string& address,
                       Clock::time_point now = Clock::now());
    void recordSuccess(const std::string& username);

private:
    long retryAfterLocked(const std::string& key, Clock::time_point now);

    int maxFailures_;
    std::chrono::seconds window_;
    std::mutex mutex_;
    std::unordered_map<std::string, std::deque<Clock::time_point>> failures_;
};

} // namespace vanthu::http
