#pragma once
// `vanthu agent`: the signing agent on the leader's computer. A small HTTP server on 127.0.0.1
// that answers only the configured vanthu server's web origin (CORS for exactly that origin),
// lists the certificates on the USB tokens and signs a SHA-256 digest with a chosen key, asking
// for the PIN itself. The protocol: docs/signing-agent.md.
#include <memory>
#include <string>

#include "agent/TokenModule.hpp"

namespace vanthu::agent {

/// The port the web UI looks for the agent on unless the server says otherwise.
constexpr unsigned short kDefaultPort = 8765;

struct AgentSettings {
    std::string serverOrigin; ///< e.g. "https://vanthu.example.gov.vn": the only origin answered
    std::string modulePath;   ///< the token's PKCS#11 module
    unsigned short port = kDefaultPort; ///< on 127.0.0.1; 0 picks a free one
    std::shared_ptr<PinSource> pins;    ///< asked for the PIN before each signature
};

/// The PIN printed by a program the agent runs (`--pin-command`, through /bin/sh -c): a desktop
/// PIN dialog such as `zenity --password`, or `printf 1234` in tests. The program gets the
/// token's label in VANTHU_TOKEN and the signer's name in VANTHU_SIGNER; it has two minutes.
/// A program that fails or prints nothing means the leader cancelled.
class CommandPinSource : public PinSource {
public:
    explicit CommandPinSource(std::string command) : command_(std::move(command)) {}
    std::string pin(const std::string& token, const std::string& signerName) override;

private:
    std::string command_;
};

/// A running agent; stops when destroyed.
class SigningAgent {
public:
    /// Listens on 127.0.0.1 only. Throws std::runtime_error when the port is taken.
    explicit SigningAgent(AgentSettings settings);
    ~SigningAgent();
    SigningAgent(const SigningAgent&) = delete;
    SigningAgent& operator=(const SigningAgent&) = delete;

    unsigned short port() const;

private:
    struct Running;
    std::unique_ptr<Running> running_;
};

} // namespace vanthu::agent
