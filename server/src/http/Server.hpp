#pragma once
// The HTTP(S) server of `vanthu serve`: a Poco HTTPServer with its own thread pool, keep-alive,
// time-outs, optional TLS, and a graceful stop that lets running requests finish.
#include <chrono>
#include <memory>
#include <string>

#include "http/Backend.hpp"
#include "http/ServerConfig.hpp"

namespace vanthu::http {

class Server {
public:
    /// Binds the socket (throws when it cannot) and starts answering.
    Server(ServerConfig config, Backend& backend);
    /// Stops if still running.
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    unsigned short port() const;
    /// "http://127.0.0.1:8080" or "https://…".
    std::string url() const;
    /// Stops accepting, lets running requests finish within grace, then closes the rest.
    void stop(std::chrono::milliseconds grace = std::chrono::seconds(10));

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Blocks SIGINT and SIGTERM in the calling thread and every thread it starts afterwards; call
/// first thing, before any thread exists, then waitForTerminationSignal().
void blockTerminationSignals();
/// Waits for SIGINT or SIGTERM (blocked beforehand); returns the signal's number.
int waitForTerminationSignal();

} // namespace vanthu::http
