// verifyInChildProcess: the verification in vanthu-verify-sandbox, a process of its own.
#include "TestPaths.hpp"
#include <catch2/catch.hpp>

#include <atomic>
#include <ctime>
#include <filesystem>
#include <thread>

#include "SigningFixtures.hpp"
#include "vanthu/signing/PadesSigner.hpp"
#include "vanthu/signing/SignatureVerifier.hpp"

using namespace vanthu::signing;
using namespace vanthu::test;

namespace {

const std::string& signedLetter() {
    return signedDemoLetter();
}

std::vector<X509Ptr> demoRoot() {
    std::vector<X509Ptr> anchors;
    anchors.push_back(certificateFromDer(toDer(demoPki().root().certificate.get())));
    return anchors;
}

long serialOf(const X509* certificate) {
    return ASN1_INTEGER_get(X509_get0_serialNumber(certificate));
}

/// The child's report is the one this process would make itself, field for field.
void checkSameAsInProcess(const SignatureVerifier& verifier) {
    const VerifyReport here = verifier.verify(signedLetter());
    const SandboxedVerification there = verifyInChildProcess(signedLetter(), verifier);
    REQUIRE(there.exitCode != 2);
    CHECK(toJson(there.report) == toJson(here));
    CHECK(there.exitCode == exitCodeFor(here));
}

} // namespace

TEST_CASE("sandbox: the child verifies with the caller's anchors, CRLs and validation time",
          "[sandbox]") {
    SECTION("trusted and valid") {
        const SignatureVerifier verifier(demoRoot());
        checkSameAsInProcess(verifier);
        CHECK(verifyInChildProcess(signedLetter(), verifier).exitCode == 0);
    }
    SECTION("no trust anchor: untrusted") {
        const SignatureVerifier verifier;
        checkSameAsInProcess(verifier);
        CHECK(verifyInChildProcess(signedLetter(), verifier).exitCode == 1);
    }
    SECTION("the signer's certificate revoked by an extra CRL") {
        std::vector<X509CrlPtr> crls;
        crls.push_back(demoPki().issuingCrl({serialOf(demoPki().signer1().certificate.get())}));
        crls.push_back(demoPki().rootCrl());
        const SignatureVerifier verifier(demoRoot(), std::move(crls));
        checkSameAsInProcess(verifier);
        CHECK(verifyInChildProcess(signedLetter(), verifier).exitCode == 1);
    }
    SECTION("validated fifty years from now: expired") {
        SignatureVerifier verifier(demoRoot());
        verifier.setValidationTime(std::time(nullptr) + 50LL * 365 * 24 * 3600);
        checkSameAsInProcess(verifier);
        CHECK(verifyInChildProcess(signedLetter(), verifier).exitCode == 1);
    }
}

TEST_CASE("sandbox: verifications answer while other threads allocate and use OpenSSL",
          "[sandbox]") {
    // A bare fork() here could copy a lock that a busy thread held (the allocator's, OpenSSL's)
    // into a child that then waits for it until the wall-clock limit; a spawned program cannot.
    const SignatureVerifier verifier(demoRoot());
    std::atomic<bool> stop{false};
    std::vector<std::thread> busy;
    for (int i = 0; i < 2; ++i) {
        busy.emplace_back([&stop] {
            std::string data(4096, 'x');
            while (!stop) {
                std::vector<std::string> blocks(64, data);
                data[0] = sha256(blocks.back())[0];
            }
        });
    }
    std::vector<int> exitCodes(12, -1);
    std::vector<std::thread> verifying;
    for (int t = 0; t < 3; ++t) {
        verifying.emplace_back([&, t] {
            for (int i = 0; i < 4; ++i) {
                SandboxLimits limits;
                limits.wallSeconds = 60;
                exitCodes[static_cast<size_t>(t * 4 + i)] =
                    verifyInChildProcess(signedLetter(), verifier, limits).exitCode;
            }
        });
    }
    for (auto& thread : verifying) {
        thread.join();
    }
    stop = true;
    for (auto& thread : busy) {
        thread.join();
    }
    for (const int code : exitCodes) {
        CHECK(code == 0);
    }
}

TEST_CASE("sandbox: a request that is not the parent's is refused by vanthu-verify-sandbox",
          "[sandbox]") {
    const std::string program =
        (std::filesystem::path(VANTHU_BINARY).parent_path() / "vanthu-verify-sandbox").string();
    const auto result =
        run({program, "1073741824", "20"}, "vanthu-verify-sandbox 1\npdf 99999\n%PDF-1.7");
    CHECK(result.exitCode == 0);
    CHECK(result.out == "2\nthe verification request is malformed");
    const auto usage = run({program});
    CHECK(usage.exitCode == 2);
    CHECK(usage.err.find("usage: vanthu-verify-sandbox") != std::string::npos);
}
