#pragma once
// Everything a request handler shares: configuration, the backend, sessions, throttling.
#include "http/Backend.hpp"
#include "http/LoginThrottle.hpp"
#include "http/ServerConfig.hpp"
#include "http/SessionStore.hpp"

namespace vanthu::http {

struct ServerContext {
    ServerContext(ServerConfig config, Backend& backend)
        : config(std::move(config)), backend(backend), sessions(this->config.sessionIdleLimit),
          throttle(this->config.loginMaxFailures, this->config.loginWindow) {}

    const ServerConfig config;
    Backend& backend;
    SessionStore sessions;
    LoginThrottle throttle;
};

} // namespace vanthu::http
