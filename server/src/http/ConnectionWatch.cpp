#include "http/ConnectionWatch.hpp"

#include <sys/socket.h>

namespace vanthu::http {

namespace {

thread_local ConnectionWatch::Watched* currentConnection = nullptr;

constexpr auto kRefusalLimit = std::chrono::seconds(2); ///< to say 429 to a refused connection
constexpr auto kLook = std::chrono::milliseconds(100);

bool waiting(ConnectionWatch::Phase phase) {
    return phase == ConnectionWatch::Phase::Waiting || phase == ConnectionWatch::Phase::Headers;
}

} // namespace

ConnectionWatch::Watched::Watched(ConnectionWatch& watch, const Poco::Net::StreamSocket& socket,
                                  std::string address)
    : watch_(watch), fd_(socket.impl()->sockfd()), address_(std::move(address)),
      since_(Clock::now()), deadline_(Clock::time_point::max()) {
    std::lock_guard lock(watch_.mutex_);
    auto& count = watch_.perAddress_[address_];
    const int cap = watch_.limits_.connectionsPerAddress;
    admitted_ = cap <= 0 || count < cap;
    if (admitted_) {
        ++count;
    } else {
        deadline_ = since_ + kRefusalLimit;
        if (count == 0) {
            watch_.perAddress_.erase(address_);
        }
    }
    watch_.connections_.insert(this);
    if (watch_.closing_) {
        watch_.shutLocked(*this, SHUT_RD);
    }
    currentConnection = this;
}

ConnectionWatch::Watched::~Watched() {
    currentConnection = nullptr;
    std::lock_guard lock(watch_.mutex_);
    watch_.connections_.erase(this);
    if (admitted_) {
        const auto it = watch_.perAddress_.find(address_);
        if (it != watch_.perAddress_.end() && --it->second <= 0) {
            watch_.perAddress_.erase(it);
        }
    }
}

void ConnectionWatch::Watched::expect(Phase phase, Clock::duration limit) {
    const auto now = Clock::now();
    std::lock_guard lock(watch_.mutex_);
    phase_ = phase;
    since_ = now;
    deadline_ = phase == Phase::Working ? Clock::time_point::max() : now + limit;
    if (watch_.closing_ && waiting(phase)) {
        watch_.shutLocked(*this, SHUT_RD);
    }
}

ConnectionWatch::ConnectionWatch(Limits limits) : limits_(limits), thread_([this] { run(); }) {}

ConnectionWatch::~ConnectionWatch() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

ConnectionWatch::Watched* ConnectionWatch::current() {
    return currentConnection;
}

void ConnectionWatch::shutLocked(Watched& watched, int how) {
    // Shutting the reading side wakes a thread blocked in recv() or poll() on this socket with
    // an end of stream; the writing side stays open for a 408. The socket is closed only after
    // its Watched is gone (under this mutex), so the descriptor cannot be another's yet.
    ::shutdown(watched.fd_, how);
    watched.cut_ = true;
}

void ConnectionWatch::closeWaiting() {
    std::lock_guard lock(mutex_);
    closing_ = true;
    for (auto* watched : connections_) {
        if (waiting(watched->phase_)) {
            shutLocked(*watched, SHUT_RD);
        }
    }
}

void ConnectionWatch::closeAll() {
    std::lock_guard lock(mutex_);
    closing_ = true;
    for (auto* watched : connections_) {
        shutLocked(*watched, SHUT_RDWR);
    }
}

std::size_t ConnectionWatch::size() const {
    std::lock_guard lock(mutex_);
    return connections_.size();
}

void ConnectionWatch::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        wake_.wait_for(lock, kLook);
        const auto now = Clock::now();
        const bool pressed =
            limits_.busyThreads > 0 && static_cast<int>(connections_.size()) >= limits_.busyThreads;
        for (auto* watched : connections_) {
            if (watched->cut_) {
                continue;
            }
            if (now >= watched->deadline_ || (pressed && waiting(watched->phase_) &&
                                              now - watched->since_ >= limits_.underPressure)) {
                shutLocked(*watched, SHUT_RD);
            }
        }
    }
}

} // namespace vanthu::http
