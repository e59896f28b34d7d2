// vanthu-verify IN.pdf [--trust CA.pem]... [--crl FILE]... [--json] [--no-sandbox]
//     [--max-memory-mb N] [--timeout S]
// The verifier alone, linked with only what it needs (OpenSSL, zlib, Poco JSON): the same checks,
// report and exit codes as 'vanthu verify', without loading the libraries of every other verb
// (PoDoFo, fontconfig, ICU, Poco Net/Data/SSL, SQLite...), whose dynamic linking costs more than
// the verification itself (docs/performance.md).
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "vanthu/signing/RawPdf.hpp"
#include "vanthu/signing/SignatureVerifier.hpp"

using namespace vanthu::signing;

namespace {

int usage() {
    std::cerr << "usage: vanthu-verify IN.pdf [--trust CA.pem]... [--crl FILE]... [--json] "
                 "[--no-sandbox] [--max-memory-mb N] [--timeout S]\n";
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    std::string path;
    std::vector<std::string> trust, crlFiles;
    bool json = false, sandbox = true;
    SandboxLimits limits;
    try {
        for (int i = 1; i < argc; ++i) {
            const std::string arg = argv[i];
            const bool hasValue = i + 1 < argc;
            if (arg == "--trust" && hasValue) {
                trust.push_back(argv[++i]);
            } else if (arg == "--crl" && hasValue) {
                crlFiles.push_back(argv[++i]);
            } else if (arg == "--json") {
                json = true;
            } else if (arg == "--no-sandbox") {
                sandbox = false;
            } else if (arg == "--max-memory-mb" && hasValue) {
                limits.memoryBytes = std::stoull(argv[++i]) * 1024 * 1024;
            } else if (arg == "--timeout" && hasValue) {
                limits.wallSeconds = std::stoi(argv[++i]);
                limits.cpuSeconds = limits.wallSeconds;
            } else if (!arg.empty() && arg[0] != '-' && path.empty()) {
                path = arg;
            } else {
                return usage();
            }
        }
        if (path.empty()) {
            return usage();
        }
        std::vector<X509Ptr> anchors;
        for (const auto& file : trust) {
            for (auto& cert : certificatesFromPem(readBinaryFile(file))) {
                anchors.push_back(std::move(cert));
            }
        }
        std::vector<X509CrlPtr> crls;
        for (const auto& file : crlFiles) {
            crls.push_back(crlFromPemOrDer(readBinaryFile(file)));
        }
        const SignatureVerifier verifier(std::move(anchors), std::move(crls));
        const std::string pdf = readBinaryFile(path);
        SandboxedVerification result;
        if (sandbox) {
            result = verifyUnderLimits(pdf, verifier, limits, "vanthu-verify: " + path + ": ");
        } else {
            try {
                result.report = verifier.verify(pdf);
                result.exitCode = exitCodeFor(result.report);
            } catch (const raw::ParseError& e) {
                result.exitCode = 2;
                result.report.errors.push_back(std::string("unreadable PDF: ") + e.what());
            }
        }
        result.report.file = path;
        if (result.exitCode == 2) {
            std::cerr << "vanthu-verify: " << path << ": "
                      << (result.report.errors.empty() ? "unreadable"
                                                       : result.report.errors.front())
                      << "\n";
            return 2;
        }
        std::cout << (json ? toJson(result.report) : toText(result.report));
        return result.exitCode;
    } catch (const std::exception& e) {
        std::cerr << "vanthu-verify: " << e.what() << "\n";
        return 2;
    }
}
