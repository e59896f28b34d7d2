// vanthu verify IN.pdf [--trust CA.pem]... [--crl FILE]... [--json] [--no-sandbox |
// --child-process]
//               [--at YYYY-MM-DD]
// By default the verification runs in this process under memory, CPU and wall-clock limits, a
// crash ending the process with exit code 2 (the CLI verifies one file and exits); --child-process
// runs it in the child process the server uses (vanthu-verify-sandbox); --no-sandbox without
// limits.
#ifdef VANTHU_HAVE_SIGNING
#include <cstdio>
#include <ctime>
#include <iostream>

#include "cli/Command.hpp"
#include "cli/SigningArguments.hpp"
#include "vanthu/signing/ParseError.hpp"
#include "vanthu/signing/SignatureVerifier.hpp"
#include "vanthu/signing/Verification.hpp"

namespace vanthu::cli {

namespace {

/// --at YYYY-MM-DD: the end of that day in Vietnam time (UTC+7), as seconds since the epoch.
std::int64_t endOfVietnamDay(const std::string& text) {
    int year = 0, month = 0, day = 0;
    char tail = 0;
    if (text.size() != 10 ||
        std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &year, &month, &day, &tail) != 3 ||
        year < 1970 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) {
        throw UsageError("--at must be a date YYYY-MM-DD, not \"" + text + "\"");
    }
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = 23;
    tm.tm_min = 59;
    tm.tm_sec = 59;
    return static_cast<std::int64_t>(::timegm(&tm)) - 7 * 3600;
}

} // namespace

int runVerify(const Arguments& args) {
    const SigningArguments parsed(args,
                                  {"--trust", "--crl", "--max-memory-mb", "--timeout", "--at"},
                                  {"--json", "--no-sandbox", "--child-process"});
    if (parsed.positional().size() != 1) {
        throw UsageError("usage: vanthu verify IN.pdf [--trust CA.pem]... [--crl FILE]... [--json] "
                         "[--no-sandbox | --child-process] [--at YYYY-MM-DD]");
    }
    const std::string path = parsed.positional()[0];
    auto anchors = signing::trustAnchorsFromFiles(parsed.all("--trust"));
    std::vector<signing::X509CrlPtr> crls;
    for (const auto& file : parsed.all("--crl")) {
        crls.push_back(signing::crlFromPemOrDer(signing::readBinaryFile(file)));
    }
    signing::SignatureVerifier verifier(std::move(anchors), std::move(crls));
    if (parsed.has("--at")) {
        // Certificates are judged as of the end of that day (Vietnam time), not now.
        verifier.setValidationTime(endOfVietnamDay(parsed.get("--at")));
    }
    const std::string pdf = signing::readBinaryFile(path);
    signing::SandboxLimits limits;
    if (parsed.has("--max-memory-mb")) {
        limits.memoryBytes = std::stoull(parsed.get("--max-memory-mb")) * 1024 * 1024;
    }
    if (parsed.has("--timeout")) {
        limits.wallSeconds = std::stoi(parsed.get("--timeout"));
        limits.cpuSeconds = limits.wallSeconds;
    }
    const auto isolation = parsed.has("--no-sandbox")      ? signing::Isolation::InProcess
                           : parsed.has("--child-process") ? signing::Isolation::ChildProcess
                                                           : signing::Isolation::ThisProcessLimited;
    auto result =
        signing::verifyDocument(pdf, verifier, isolation, limits, "vanthu: " + path + ": ");
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
