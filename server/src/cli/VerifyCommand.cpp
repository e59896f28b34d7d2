// vanthu verify IN.pdf [--trust CA.pem]... [--crl FILE]... [--json] [--no-sandbox |
// --child-process] By default the verification runs in this process under memory, CPU and
// wall-clock limits, a crash ending the process with exit code 2 (the CLI verifies one file and
// exits); --child-process runs it in the child process the server uses (vanthu-verify-sandbox);
// --no-sandbox without limits.
#ifdef VANTHU_HAVE_SIGNING
#include <iostream>

#include "cli/Command.hpp"
#include "cli/SigningArguments.hpp"
#include "vanthu/signing/ParseError.hpp"
#include "vanthu/signing/SignatureVerifier.hpp"

namespace vanthu::cli {

int runVerify(const Arguments& args) {
    const SigningArguments parsed(args, {"--trust", "--crl", "--max-memory-mb", "--timeout"},
                                  {"--json", "--no-sandbox", "--child-process"});
    if (parsed.positional().size() != 1) {
        throw UsageError("usage: vanthu verify IN.pdf [--trust CA.pem]... [--crl FILE]... [--json] "
                         "[--no-sandbox | --child-process]");
    }
    const std::string path = parsed.positional()[0];
    std::vector<signing::X509Ptr> anchors;
    for (const auto& file : parsed.all("--trust")) {
        for (auto& cert : signing::certificatesFromPem(signing::readBinaryFile(file))) {
            anchors.push_back(std::move(cert));
        }
    }
    std::vector<signing::X509CrlPtr> crls;
    for (const auto& file : parsed.all("--crl")) {
        crls.push_back(signing::crlFromPemOrDer(signing::readBinaryFile(file)));
    }
    const signing::SignatureVerifier verifier(std::move(anchors), std::move(crls));
    const std::string pdf = signing::readBinaryFile(path);
    signing::SandboxedVerification result;
    if (parsed.has("--no-sandbox")) {
        try {
            result.report = verifier.verify(pdf);
            result.exitCode = signing::exitCodeFor(result.report);
        } catch (const signing::raw::ParseError& e) {
            result.exitCode = 2;
            result.report.errors.push_back(std::string("unreadable PDF: ") + e.what());
        }
    } else {
        signing::SandboxLimits limits;
        if (parsed.has("--max-memory-mb")) {
            limits.memoryBytes = std::stoull(parsed.get("--max-memory-mb")) * 1024 * 1024;
        }
        if (parsed.has("--timeout")) {
            limits.wallSeconds = std::stoi(parsed.get("--timeout"));
            limits.cpuSeconds = limits.wallSeconds;
        }
        result = parsed.has("--child-process")
                     ? signing::verifyInChildProcess(pdf, verifier, limits)
                     : signing::verifyUnderLimits(pdf, verifier, limits, "vanthu: " + path + ": ");
    }
    result.report.file = path;
    if (result.exitCode == 2) {
        std::cerr << "vanthu: " << path << ": "
                  << (result.report.errors.empty() ? "unreadable" : result.report.errors.front())
                  << "\n";
        return 2;
    }
    std::cout << (parsed.has("--json") ? signing::toJson(result.report)
                                       : signing::toText(result.report));
    return result.exitCode;
}

} // namespace vanthu::cli
#endif
