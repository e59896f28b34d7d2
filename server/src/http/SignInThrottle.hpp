#pragma once
// Password guessing, slowed without locking out the innocent (docs/security.md, "Transport").
// Failures are counted per (account, client address) pair: a pair may have at most `perPair`
// password checks per window, counted when they start (so parallel attempts cannot pass
// together), and after each failure waits 1 s, 2 s, 4 s, … before the next. Across addresses,
// an account with `perAccount` failures in the window is under attack: from then on only
// addresses that have not failed for it get their password checked. Nobody can lock out
// another account, or the same account from an address that has not failed.
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

namespace vanthu::http {

struct SignInLimits {
    int perPair = 5;     ///< password checks per (account, address) and window
    int perAccount = 50; ///< failures per account and window, all addresses, before it is guarded
    std::chrono::seconds window{300};
};

class SignInThrottle {
public:
    using Clock = std::chrono::steady_clock;

    explicit SignInThrottle(SignInLimits limits) : limits_(limits) {}

    /// A password check under way; counts as a failure unless succeeded() is called.
    class Attempt {
    public:
        Attempt(SignInThrottle& throttle, std::string account, std::string address)
            : throttle_(&throttle), account_(std::move(account)), address_(std::move(address)) {}
        Attempt(Attempt&& other) noexcept;
        Attempt& operator=(Attempt&&) = delete;
        ~Attempt();
        void succeeded() { succeeded_ = true; }
        /// Ends the attempt as a failure now; the failures counted with it.
        struct Failures {
            int pair = 0;    ///< of this account from this address in the window
            int account = 0; ///< of this account from every address in the window
        };
        Failures failed();

    private:
        SignInThrottle* throttle_;
        std::string account_, address_;
        bool succeeded_ = false;
    };

    /// An attempt that may check the password, or nothing and the seconds to wait.
    std::optional<Attempt> begin(const std::string& account, const std::string& address,
                                 int& retryAfter, Clock::time_point now = Clock::now());

private:
    struct Pair {
        std::deque<Clock::time_point> checks; ///< started in the window (failures and running)
        int failures = 0;                     ///< of those, failed
        int running = 0;
        Clock::time_point lastFailure;
    };
    Attempt::Failures finish(const std::string& account, const std::string& address,
                             bool succeeded);
    void pruneLocked(Clock::time_point now);

    SignInLimits limits_;
    std::mutex mutex_;
    std::map<std::pair<std::string, std::string>, Pair> pairs_;
    std::map<std::string, std::deque<Clock::time_point>> accountFailures_;

public:
    const SignInLimits& limits() const { return limits_; }
};

} // namespace vanthu::http
