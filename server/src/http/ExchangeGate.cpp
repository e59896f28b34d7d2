#include "http/ExchangeGate.hpp"

#include "http/ApiError.hpp"
#include "http/LongWork.hpp"

namespace vanthu::http {

namespace {

constexpr std::size_t kMaxKeys = 10000; ///< addresses remembered before old ones are dropped

ApiError tooMany(const std::string& message) {
    return ApiError::tooManyRequests(message);
}

} // namespace

ExchangeGate::Pass::~Pass() {
    if (gate_ != nullptr) {
        std::lock_guard lock(gate_->mutex_);
        --gate_->running_;
    }
}

bool ExchangeGate::takeLocked(std::map<std::string, std::deque<Clock::time_point>>& windows,
                              const std::string& key, int limit, Clock::time_point now) {
    const auto start = now - std::chrono::minutes(1);
    if (windows.size() > kMaxKeys) {
        std::erase_if(windows, [&](const auto& entry) {
            return entry.second.empty() || entry.second.back() < start;
        });
    }
    auto& times = windows[key];
    while (!times.empty() && times.front() < start) {
        times.pop_front();
    }
    if (static_cast<int>(times.size()) >= limit) {
        return false;
    }
    times.push_back(now);
    return true;
}

void ExchangeGate::countAddress(const std::string& address, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    if (!takeLocked(byAddress_, address, limits_.perAddressPerMinute, now)) {
        throw tooMany("Địa chỉ " + address + " gửi quá " +
                      std::to_string(limits_.perAddressPerMinute) +
                      " yêu cầu trao đổi mỗi phút; xin gửi lại sau.");
    }
}

ExchangeGate::Pass ExchangeGate::admit(const std::string& peer, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    if (running_ >= limits_.concurrent) {
        // The server is busy, not the sender too fast: 503 "busy" with Retry-After, as the
        // long-work pool refuses (docs/security.md, "Transport").
        throw LongWorkRefused("Máy chủ đang kiểm tra " + std::to_string(running_) +
                                  " gói tin trao đổi (tối đa cùng lúc); xin gửi lại sau.",
                              std::chrono::seconds(10));
    }
    if (!takeLocked(byPeer_, peer, limits_.perPeerPerMinute, now)) {
        throw tooMany("Máy chủ \"" + peer + "\" gửi quá " +
                      std::to_string(limits_.perPeerPerMinute) +
                      " gói tin mỗi phút; xin gửi lại sau.");
    }
    ++running_;
    return Pass(*this);
}

} // namespace vanthu::http
