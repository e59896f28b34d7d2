#include "vanthu/signing/Verification.hpp"

#include <algorithm>
#include <cctype>
#include <new>

#include "vanthu/signing/ParseError.hpp"

namespace vanthu::signing {

std::vector<X509Ptr> trustAnchorsFromPem(std::string_view pem) {
    const bool blank = std::all_of(pem.begin(), pem.end(), [](char c) {
        return std::isspace(static_cast<unsigned char>(c)) != 0;
    });
    return blank ? std::vector<X509Ptr>{} : certificatesFromPem(pem);
}

std::vector<X509Ptr> trustAnchorsFromFiles(const std::vector<std::string>& paths) {
    std::vector<X509Ptr> anchors;
    for (const auto& path : paths) {
        for (auto& cert : certificatesFromPem(readBinaryFile(path))) {
            anchors.push_back(std::move(cert));
        }
    }
    return anchors;
}

std::vector<X509Ptr> trustAnchorsFromOptionalFile(const std::filesystem::path& path) {
    std::error_code error;
    if (path.empty() || !std::filesystem::exists(path, error)) {
        return {};
    }
    return trustAnchorsFromPem(readBinaryFile(path.string()));
}

namespace {

SandboxedVerification verifyHere(std::string_view pdf, const SignatureVerifier& verifier) {
    SandboxedVerification result;
    try {
        result.report = verifier.verify(pdf);
        result.exitCode = exitCodeFor(result.report);
        return result;
    } catch (const raw::ParseError& e) {
        result.report.errors.push_back(std::string("unreadable PDF: ") + e.what());
    } catch (const std::bad_alloc&) {
        result.report.errors.push_back("the file needs more memory to verify than allowed");
    } catch (const std::exception& e) {
        result.report.errors.push_back(std::string("cannot verify: ") + e.what());
    }
    result.exitCode = 2;
    return result;
}

} // namespace

SandboxedVerification verifyDocument(std::string_view pdf, const SignatureVerifier& verifier,
                                     Isolation isolation, const SandboxLimits& limits,
                                     const std::string& crashPrefix) {
    switch (isolation) {
    case Isolation::ChildProcess:
        return verifyInChildProcess(pdf, verifier, limits);
    case Isolation::ThisProcessLimited:
        return verifyUnderLimits(pdf, verifier, limits, crashPrefix);
    case Isolation::InProcess:
        break;
    }
    return verifyHere(pdf, verifier);
}

} // namespace vanthu::signing
