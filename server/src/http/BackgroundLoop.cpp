#include "http/BackgroundLoop.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <iostream>

namespace vanthu::http {

BackgroundLoop::BackgroundLoop(std::string name, std::chrono::milliseconds poll, Round round,
                               bool lowPriority)
    : name_(std::move(name)), poll_(poll), round_(std::move(round)), lowPriority_(lowPriority) {}

BackgroundLoop::~BackgroundLoop() {
    stop();
}

void BackgroundLoop::start() {
    if (thread_.joinable()) {
        return;
    }
    stopping_ = false;
    thread_ = std::thread([this] {
        if (lowPriority_) {
            // Linux: the nice value of this thread only (best effort).
            setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10);
        }
        std::unique_lock lock(mutex_);
        while (!stopping_) {
            lock.unlock();
            bool more = false;
            try {
                more = round_();
            } catch (const std::exception& e) {
                std::cerr << "vanthu: " << name_ << ": " << e.what() << std::endl;
            }
            lock.lock();
            if (!more) {
                wake_.wait_for(lock, poll_, [this] { return stopping_; });
            }
        }
    });
}

void BackgroundLoop::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

bool BackgroundLoop::stopRequested() {
    std::lock_guard lock(mutex_);
    return stopping_;
}

} // namespace vanthu::http
