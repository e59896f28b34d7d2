#pragma once
// How `vanthu serve` runs: where it listens, with which limits, TLS files, web assets.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "http/ExchangeGate.hpp"
#include "http/LongWork.hpp"

namespace vanthu::http {

class ExchangeInbox;
class AxisLink;
class PeerDirectory;
} // namespace vanthu::http
namespace vanthu::signing {
class TimeStampAuthority;
} // namespace vanthu::signing
namespace vanthu::http {

struct ServerConfig {
    std::string host = "127.0.0.1";
    unsigned short port = 8080;                   ///< 0: any free port (tests)
    std::filesystem::path tlsCertificate, tlsKey; ///< both set: HTTPS
    std::filesystem::path webRoot; ///< the UI bundle; empty or missing: a placeholder page
    std::size_t maxBodyBytes = 16 * 1024 * 1024; ///< larger requests get 413
    /// Request threads. A thread waits for a connection's headers and body (bounded by the
    /// deadlines below), so slow clients hold threads: 64 leave room for 32 slowloris
    /// connections (two addresses at the per-address cap) beside the offices' own clients; the
    /// work itself is bounded elsewhere (one render at a time, two exchange packages at once).
    int maxThreads = 64;
    int maxQueued = 256;
    std::chrono::seconds requestTimeout{60};
    std::chrono::seconds keepAliveTimeout{10};
    /// From the start of a request (or of a new connection) to its last header; bytes that
    /// arrive do not extend it.
    std::chrono::seconds headerTimeout{10};
    /// From a request's last header to the end of its body; bytes do not extend it.
    std::chrono::seconds bodyTimeout{60};
    int maxConnectionsPerAddress = 16; ///< more from one client address get 429; 0: no cap
    /// Renders, signing, issuing, verifications and packages: on a pool of their own threads
    /// with a bounded queue (LongWorkPool); more get 503 with Retry-After.
    LongWorkLimits longWork;
    int loginMaxFailures = 5;      ///< password checks per (account, address) and window
    int loginAccountFailures = 50; ///< failures of an account, all addresses, before it is guarded
    std::chrono::seconds loginWindow{300};
    std::chrono::seconds sessionIdleLimit{8 * 3600};
    /// Receives edXML packages from peer servers (`--peers`); null: no exchange endpoint.
    ExchangeInbox* exchangeInbox = nullptr;
    /// The peers the exchange endpoint takes packages from: a package whose X-Vanthu-Peer
    /// header names none of them is refused before its body is read. Administrators change it
    /// through /api/exchange/peers (http/PeerHandler).
    PeerDirectory* exchangePeers = nullptr;
    ExchangeLimits exchangeLimits;
    /// The national document axis (the "axis" section of --peers): /api/axis and the offices'
    /// `viaAxis`; null: none.
    AxisLink* axis = nullptr;
    /// The first-run page's one-time code (`vanthu serve --setup` on an installation with no
    /// user; http/SetupHandler); empty: no first run.
    std::string setupCode;
    /// The RFC 3161 time-stamp authority answered at /tsa (`--tsa-p12`); null: none.
    signing::TimeStampAuthority* timeStampAuthority = nullptr;

    /// The signing agent on the leaders' computers (`vanthu agent`, docs/signing-agent.md): the
    /// web UI looks for it there, and the Content-Security-Policy lets pages connect to it.
    std::string signingAgent = "http://127.0.0.1:8765";

    /// The PKCS#11 modules an administrator may name for an office's seal through the API
    /// (`--pkcs11-module`): a module is loaded into the server, so only these.
    std::vector<std::string> pkcs11Modules;

    bool tls() const { return !tlsCertificate.empty() && !tlsKey.empty(); }
};

} // namespace vanthu::http
