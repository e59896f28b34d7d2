// vanthu tsa serve --port N --p12 TSA.p12 [--password-file F] [--bind-all]
//     [--ocsp-ca ISSUING-CA.p12 [--ocsp-p12 OCSP.p12] [--ocsp-crl ISSUING-CA.crl]]
// The demo PKI's online services on one port: RFC 3161 time-stamps, and with --ocsp-ca an OCSP
// responder for that CA (signed by the CA, or by the delegated responder of --ocsp-p12; revoked
// are the serial numbers of --ocsp-crl).
#ifdef VANTHU_HAVE_SIGNING
#include <pthread.h>

#include <csignal>
#include <iostream>

#include "cli/Command.hpp"
#include "cli/SigningArguments.hpp"
#include "vanthu/signing/DemoPki.hpp"
#include "vanthu/signing/TimeStampServer.hpp"

namespace vanthu::cli {

int runTsa(const Arguments& args) {
    const SigningArguments parsed(
        args, {"--port", "--p12", "--password-file", "--ocsp-ca", "--ocsp-p12", "--ocsp-crl"},
        {"--bind-all"});
    if (parsed.positional().size() != 1 || parsed.positional()[0] != "serve" ||
        !parsed.has("--p12") ||
        ((parsed.has("--ocsp-p12") || parsed.has("--ocsp-crl")) && !parsed.has("--ocsp-ca"))) {
        throw UsageError("usage: vanthu tsa serve --port N --p12 TSA.p12 [--password-file F] "
                         "[--bind-all] [--ocsp-ca ISSUING-CA.p12 [--ocsp-p12 OCSP.p12] "
                         "[--ocsp-crl ISSUING-CA.crl]]");
    }
    int port = 0;
    try {
        port = std::stoi(parsed.get("--port", "3161"));
    } catch (const std::exception&) {
        port = -1;
    }
    if (port < 0 || port > 65535) {
        throw UsageError("--port must be a number from 0 to 65535");
    }
    std::string password = signing::kDemoPassword;
    if (parsed.has("--password-file")) {
        password = signing::readBinaryFile(parsed.get("--password-file"));
        password = password.substr(0, password.find_first_of("\r\n"));
    }
    // Block the termination signals in every thread; the main thread waits for them.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    auto authority = signing::TimeStampAuthority::fromPkcs12(parsed.get("--p12"), password);
    std::unique_ptr<signing::OcspResponder> ocsp;
    if (parsed.has("--ocsp-ca")) {
        ocsp = signing::OcspResponder::fromFiles(parsed.get("--ocsp-ca"), parsed.get("--ocsp-p12"),
                                                 parsed.get("--ocsp-crl"), password);
    }
    signing::TimeStampServer server(*authority, static_cast<unsigned short>(port),
                                    parsed.has("--bind-all"), ocsp.get());
    std::cout << "vanthu: time-stamp authority" << (ocsp ? " and OCSP responder" : "")
              << " listening on http://127.0.0.1:" << server.port() << "/" << std::endl;
    server.waitForTermination();
    return 0;
}

} // namespace vanthu::cli
#endif
