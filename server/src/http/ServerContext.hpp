#pragma once
// Everything a request handler shares: configuration, the backend, sessions, throttling.
#include "http/Backend.hpp"
#include "http/ExchangeGate.hpp"
#include "http/ServerConfig.hpp"
#include "http/SessionStore.hpp"
#include "vanthu/docmgmt/Passwords.hpp"

namespace vanthu::http {

struct ServerContext {
    ServerContext(ServerConfig config, Backend& backend)
        : config(std::move(config)), backend(backend), sessions(this->config.sessionIdleLimit),
          throttle(this->config.loginMaxFailures, this->config.loginWindow),
          exchangeGate(this->config.exchangeLimits) {}

    const ServerConfig config;
    Backend& backend;
    SessionStore sessions;
    /// Keys "user:<name>" and "addr:<address>": 5 failures in 5 minutes for either refuse.
    docmgmt::LoginThrottle throttle;
    /// How often peers and addresses may send exchange packages, and how many at once.
    ExchangeGate exchangeGate;
};

} // namespace vanthu::http
