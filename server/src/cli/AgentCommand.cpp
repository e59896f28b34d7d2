// vanthu agent --server-origin https://vanthu.example.gov.vn --pkcs11-module PATH
//     --pin-command CMD [--listen 127.0.0.1:8765]
// The signing agent on a leader's computer: lets the pages of one vanthu server list the
// certificates on the USB tokens and sign a digest, asking for the PIN with its own program
// (docs/signing-agent.md).
#ifdef VANTHU_HAVE_SIGNING
#include <pthread.h>

#include <csignal>
#include <iostream>

#include "agent/SigningAgent.hpp"
#include "cli/Command.hpp"
#include "cli/SigningArguments.hpp"

namespace vanthu::cli {
namespace {

constexpr const char* kUsage =
    "usage: vanthu agent --server-origin https://HOST[:PORT] --pkcs11-module MODULE.so "
    "--pin-command COMMAND [--listen 127.0.0.1:PORT]";

/// "https://host[:port]" or "http://host[:port]", nothing after: a web origin as browsers send it.
bool isOrigin(const std::string& text) {
    const auto scheme = text.find("://");
    if (scheme == std::string::npos) {
        return false;
    }
    const std::string name = text.substr(0, scheme);
    const std::string rest = text.substr(scheme + 3);
    return (name == "https" || name == "http") && !rest.empty() &&
           rest.find_first_of("/?#@ ") == std::string::npos;
}

unsigned short listenPort(const std::string& listen) {
    const auto colon = listen.rfind(':');
    const std::string host = colon == std::string::npos ? listen : listen.substr(0, colon);
    if (host != "127.0.0.1" && host != "localhost") {
        throw UsageError("the signing agent listens on 127.0.0.1 only (--listen 127.0.0.1:PORT)");
    }
    if (colon == std::string::npos) {
        return agent::kDefaultPort;
    }
    try {
        const int port = std::stoi(listen.substr(colon + 1));
        if (port >= 0 && port <= 65535) {
            return static_cast<unsigned short>(port);
        }
    } catch (const std::exception&) {
    }
    throw UsageError("--listen needs 127.0.0.1:PORT with a port from 0 to 65535");
}

} // namespace

int runAgent(const Arguments& args) {
    const SigningArguments parsed(
        args, {"--server-origin", "--pkcs11-module", "--pin-command", "--listen"}, {});
    if (!parsed.positional().empty() || !parsed.has("--server-origin") ||
        !parsed.has("--pkcs11-module") || !parsed.has("--pin-command")) {
        throw UsageError(kUsage);
    }
    agent::AgentSettings settings;
    settings.serverOrigin = parsed.get("--server-origin");
    if (!isOrigin(settings.serverOrigin)) {
        throw UsageError("--server-origin must be the server's web origin, e.g. "
                         "https://vanthu.example.gov.vn (no path)");
    }
    settings.modulePath = parsed.get("--pkcs11-module");
    settings.port = listenPort(parsed.get("--listen", "127.0.0.1:8765"));
    settings.pins = std::make_shared<agent::CommandPinSource>(parsed.get("--pin-command"));
    // Block the termination signals in every thread; the main thread waits for them.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    const agent::SigningAgent running(settings);
    std::cout << "vanthu: signing agent for " << settings.serverOrigin
              << " listening on http://127.0.0.1:" << running.port() << "/" << std::endl;
    int received = 0;
    sigwait(&set, &received);
    return 0;
}

} // namespace vanthu::cli
#endif
