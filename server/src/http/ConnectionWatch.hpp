#pragma once
// Deadlines for the server's connections that arriving bytes do not extend. Poco 1.11's
// HTTPServer only has a receive time-out, restarted by every byte, so a client that sends one
// byte every few seconds holds a request thread for as long as it likes (slowloris). Each
// connection's thread registers here (HttpConnection) and says what it waits for; one thread
// of the watch looks every 100 ms and shuts the reading side of a connection whose deadline
// has passed, which ends the blocked read at once (the connection answers 408 when it can).
// The watch also counts connections per client address and refuses those over the cap, and,
// when most request threads are taken, gives connections that wait for a request or its
// headers only 1 s (docs/security.md, "Transport").
#include <Poco/Net/StreamSocket.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>

namespace vanthu::http {

class ConnectionWatch {
public:
    using Clock = std::chrono::steady_clock;

    enum class Phase {
        Waiting, ///< for the next request on a kept-alive connection
        Headers, ///< for the request line and headers
        Body,    ///< for the request body (and, for other than API requests, the answer)
        Working, ///< the request is being answered: no deadline
    };

    struct Limits {
        int connectionsPerAddress = 16; ///< 0: no cap
        int busyThreads = 12; ///< connections from which on waiting ones get only `underPressure`
        Clock::duration underPressure = std::chrono::seconds(1);
    };

    /// One connection, registered for as long as it lives (on its own thread).
    class Watched {
    public:
        Watched(ConnectionWatch& watch, const Poco::Net::StreamSocket& socket, std::string address);
        ~Watched();
        Watched(const Watched&) = delete;
        Watched& operator=(const Watched&) = delete;

        /// False when the address already has its cap of connections: answer 429 and close.
        bool admitted() const { return admitted_; }
        /// Now waiting for `phase`, which must be over within `limit` (Working: no limit).
        void expect(Phase phase, Clock::duration limit = {});
        /// Whether the watch has shut this connection's reading side (a deadline passed).
        bool cut() const { return cut_; }
        const std::string& address() const { return address_; }

    private:
        friend class ConnectionWatch;
        ConnectionWatch& watch_;
        int fd_;
        std::string address_;
        bool admitted_ = false;
        Phase phase_ = Phase::Headers;
        Clock::time_point since_, deadline_;
        std::atomic<bool> cut_{false};
    };

    explicit ConnectionWatch(Limits limits);
    ~ConnectionWatch();
    ConnectionWatch(const ConnectionWatch&) = delete;
    ConnectionWatch& operator=(const ConnectionWatch&) = delete;

    /// Ends every connection that waits for a request or its headers (stopping), and keeps
    /// ending those that come to wait from now on.
    void closeWaiting();
    /// Ends every connection, whatever it does (stopping, after the grace period).
    void closeAll();
    /// Connections registered now.
    std::size_t size() const;

    /// The connection served by the calling thread, or null (outside a connection's thread).
    static Watched* current();

private:
    void run();
    void shutLocked(Watched& watched, int how);

    Limits limits_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::set<Watched*> connections_;
    std::map<std::string, int> perAddress_;
    bool closing_ = false, stopping_ = false;
    std::thread thread_;
};

} // namespace vanthu::http
