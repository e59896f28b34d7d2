#include "http/LongWork.hpp"

#include <algorithm>

namespace vanthu::http {

LongWorkPool::LongWorkPool(LongWorkLimits limits) : limits_(limits) {
    limits_.threads = std::max(1, limits_.threads);
    limits_.queued = std::max(0, limits_.queued);
    threads_.reserve(static_cast<std::size_t>(limits_.threads));
    for (int i = 0; i < limits_.threads; ++i) {
        threads_.emplace_back([this] { work(); });
    }
}

LongWorkPool::~LongWorkPool() {
    stop();
}

void LongWorkPool::submit(std::function<void()> task) {
    std::lock_guard lock(mutex_);
    if (stopped_) {
        throw stopping();
    }
    const int idle = limits_.threads - running_ - static_cast<int>(queue_.size());
    if (idle <= 0 && static_cast<int>(queue_.size()) >= limits_.queued) {
        throw LongWorkRefused("Máy chủ đang bận với nhiều việc dài (dựng bản PDF, ký, đóng gói "
                              "hồ sơ); xin thử lại sau " +
                                  std::to_string(limits_.retryAfter.count()) + " giây.",
                              limits_.retryAfter);
    }
    queue_.push_back(std::move(task));
    ready_.notify_one();
}

void LongWorkPool::work() {
    for (;;) {
        std::function<void()> task;
        {
            std::unique_lock lock(mutex_);
            ready_.wait(lock, [this] { return stopped_ || !queue_.empty(); });
            if (queue_.empty()) {
                return; // stopped
            }
            task = std::move(queue_.front());
            queue_.pop_front();
            ++running_;
        }
        task(); // a packaged_task: what the work throws goes to its caller
        task = nullptr;
        std::lock_guard lock(mutex_);
        --running_;
    }
}

void LongWorkPool::close() {
    std::deque<std::function<void()>> dropped;
    {
        std::lock_guard lock(mutex_);
        stopped_ = true;
        dropped.swap(queue_);
    }
    ready_.notify_all();
    dropped.clear(); // the waiting callers' futures break: LongWorkRefused
}

void LongWorkPool::stop() {
    close();
    for (auto& thread : threads_) {
        if (thread.joinable()) {
            thread.join();
        }
    }
    threads_.clear();
}

int LongWorkPool::running() const {
    std::lock_guard lock(mutex_);
    return running_;
}

int LongWorkPool::waiting() const {
    std::lock_guard lock(mutex_);
    return static_cast<int>(queue_.size());
}

LongWorkRefused LongWorkPool::stopping() const {
    return LongWorkRefused("Máy chủ đang dừng; xin thử lại sau ít phút.", limits_.retryAfter);
}

} // namespace vanthu::http
