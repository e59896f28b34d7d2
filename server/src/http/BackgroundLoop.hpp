#pragma once
// A thread of `vanthu serve` that does one round of work, waits (a poll interval, or until
// stopped), and again, until stop(): the exchange outbox worker and the reading of scanned pages
// run on one each. A round that throws is logged and the loop goes on.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace vanthu::http {

class BackgroundLoop {
public:
    /// One round; true when more work waits (the next round starts at once, unless stopped).
    /// A long round may look at stopRequested() to end early.
    using Round = std::function<bool()>;

    /// name: what the loop does, for the log ("hộp thư đi trao đổi"); lowPriority: the thread
    /// runs niced (OCR must not slow down the answers to requests).
    BackgroundLoop(std::string name, std::chrono::milliseconds poll, Round round,
                   bool lowPriority = false);
    /// Stops the thread if running.
    ~BackgroundLoop();
    BackgroundLoop(const BackgroundLoop&) = delete;
    BackgroundLoop& operator=(const BackgroundLoop&) = delete;

    void start();
    /// Lets the current round finish, then ends the thread.
    void stop();
    bool stopRequested();

private:
    std::string name_;
    std::chrono::milliseconds poll_;
    Round round_;
    bool lowPriority_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace vanthu::http
