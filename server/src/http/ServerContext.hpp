#pragma once
// Everything a request handler shares: configuration, the backend, sessions, throttling.
#include "http/Backend.hpp"
#include "http/ExchangeGate.hpp"
#include "http/ServerConfig.hpp"
#include "http/SessionStore.hpp"
#include "http/SignInThrottle.hpp"

namespace vanthu::http {

struct ServerContext {
    ServerContext(ServerConfig config, Backend& backend)
        : config(std::move(config)), backend(backend),
          sessions(this->config.sessionIdleLimit, backend.sessionStorage()),
          throttle(SignInLimits{this->config.loginMaxFailures, this->config.loginAccountFailures,
                                this->config.loginWindow}),
          exchangeGate(this->config.exchangeLimits), longWork(this->config.longWork) {}

    const ServerConfig config;
    Backend& backend;
    SessionStore sessions;
    /// Password checks per (account, address) pair and failures per account (SignInThrottle).
    SignInThrottle throttle;
    /// How often peers and addresses may send exchange packages, and how many at once.
    ExchangeGate exchangeGate;
    /// The threads that renders, signing, verifications and packages run on (LongWorkPool).
    LongWorkPool longWork;
};

} // namespace vanthu::http
