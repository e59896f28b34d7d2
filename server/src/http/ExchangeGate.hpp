#pragma once
// What POST /api/exchange/packages checks before it reads a package's body or spends anything
// on its XML: how often one client address and one named peer may send, and how many packages
// are parsed at once (all peers together). The package's signature stays the authentication
// (ExchangeInbox); these limits only keep one sender from taking the server's time
// (docs/security.md, "Transport").
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace vanthu::http {

struct ExchangeLimits {
    int perPeerPerMinute = 120;    ///< packages a named peer may send per minute
    int perAddressPerMinute = 120; ///< exchange requests one client address may make per minute
    int concurrent = 2;            ///< packages read and checked at once, all peers together
};

class ExchangeGate {
public:
    using Clock = std::chrono::steady_clock;

    explicit ExchangeGate(ExchangeLimits limits) : limits_(limits) {}

    /// A place among the packages being checked; released when destroyed.
    class Pass {
    public:
        explicit Pass(ExchangeGate& gate) : gate_(&gate) {}
        Pass(Pass&& other) noexcept : gate_(other.gate_) { other.gate_ = nullptr; }
        Pass& operator=(Pass&&) = delete;
        ~Pass();

    private:
        ExchangeGate* gate_;
    };

    /// Counts one request from address; throws ApiError 429 naming the limit when it is over.
    void countAddress(const std::string& address, Clock::time_point now = Clock::now());
    /// Counts one package from peer and takes a place among those being checked; throws
    /// ApiError 429 naming the limit when the peer sends too often, LongWorkRefused (503
    /// "busy", Retry-After) when no place is free.
    Pass admit(const std::string& peer, Clock::time_point now = Clock::now());

private:
    /// Whether key may have one more event in the last minute (and records it when so).
    bool takeLocked(std::map<std::string, std::deque<Clock::time_point>>& windows,
                    const std::string& key, int limit, Clock::time_point now);

    ExchangeLimits limits_;
    std::mutex mutex_;
    std::map<std::string, std::deque<Clock::time_point>> byAddress_, byPeer_;
    int running_ = 0;
};

} // namespace vanthu::http
