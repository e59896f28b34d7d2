#pragma once
// Work that takes long (a draft's render, signing and issuing, a PDF's verification, a case
// file's package) runs on a small pool of threads of its own, apart from the request threads,
// with a bounded queue: however many such requests arrive, at most `threads` of them work and
// `queued` wait; the next is refused at once with 503 and Retry-After (LongWorkRefused), so that
// sign-in, health and the lists stay answered (issue 19 item 2, docs/security.md "Transport").
// The request thread waits for its work's result and writes the answer itself.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <type_traits>
#include <vector>

namespace vanthu::http {

struct LongWorkLimits {
    int threads = 2;                     ///< long works running at once
    int queued = 8;                      ///< long works waiting for a thread; more get 503
    std::chrono::seconds retryAfter{10}; ///< the Retry-After of a refusal
};

/// A long work refused: the pool and its queue are full, or the server is stopping (503).
class LongWorkRefused : public std::runtime_error {
public:
    LongWorkRefused(const std::string& message, std::chrono::seconds retryAfter)
        : std::runtime_error(message), retryAfter_(retryAfter) {}
    std::chrono::seconds retryAfter() const { return retryAfter_; }

private:
    std::chrono::seconds retryAfter_;
};

class LongWorkPool {
public:
    explicit LongWorkPool(LongWorkLimits limits);
    ~LongWorkPool(); ///< stop()
    LongWorkPool(const LongWorkPool&) = delete;
    LongWorkPool& operator=(const LongWorkPool&) = delete;

    /// Runs work on a pool thread and returns its result (or throws what it threw); throws
    /// LongWorkRefused at once when every thread is working and the queue is full, or when
    /// the pool has stopped (then also for work that was still waiting).
    template <typename Work> std::invoke_result_t<Work&> run(Work work) {
        using Result = std::invoke_result_t<Work&>;
        auto task = std::make_shared<std::packaged_task<Result()>>(std::move(work));
        auto result = task->get_future();
        // The queue holds the only reference: work dropped by close() breaks the future.
        submit([task = std::move(task)] { (*task)(); });
        try {
            return result.get();
        } catch (const std::future_error&) { // dropped from the queue by stop()
            throw stopping();
        }
    }

    /// Refuses new work and drops the waiting work (its callers get LongWorkRefused) without
    /// waiting for the running work.
    void close();
    /// close(), then waits for the running work to end (renders end early through their own
    /// stop flag).
    void stop();

    const LongWorkLimits& limits() const { return limits_; }
    int running() const;
    int waiting() const;

private:
    void submit(std::function<void()> task);
    void work();
    LongWorkRefused stopping() const;

    LongWorkLimits limits_;
    mutable std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::function<void()>> queue_;
    int running_ = 0;
    bool stopped_ = false;
    std::vector<std::thread> threads_;
};

} // namespace vanthu::http
