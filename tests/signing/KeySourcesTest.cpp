// Two-phase signing with the openssl CLI doing the middle step, PKCS#11 with SoftHSM2, and the
// time-stamp authority over HTTP.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "SigningFixtures.hpp"
#include "vanthu/signing/SignatureVerifier.hpp"
#include "vanthu/signing/TimeStampAuthority.hpp"
#include "vanthu/signing/TimeStampClient.hpp"
#include "vanthu/signing/TimeStampServer.hpp"

using namespace vanthu::signing;
using namespace vanthu::test;

namespace {

void exportKeyAndChain(const TempDir& dir, const std::string& name) {
    const auto p12 = (demoPkiDir() / (name + ".p12")).string();
    REQUIRE(run({"openssl", "pkcs12", "-in", p12, "-nocerts", "-nodes", "-passin", "pass:vanthu",
                 "-out", (dir / "key.pem").string()})
                .exitCode == 0);
    REQUIRE(run({"openssl", "pkcs12", "-in", p12, "-nokeys", "-clcerts", "-passin", "pass:vanthu",
                 "-out", (dir / "cert.pem").string()})
                .exitCode == 0);
    writeFile(dir / "chain.pem",
              readFile(dir / "cert.pem") + readFile(demoPkiDir() / "issuing-ca.pem"));
}

/// The demo PKI's key `name` on a fresh SoftHSM2 token "vanthu-test" (pin 1234), with its CA
/// certificates beside it, as a leader's USB token holds them.
SoftHsmToken demoKeyToken(const std::filesystem::path& pki, const std::string& name) {
    return SoftHsmToken("vanthu-test", "1234", name, readFile(pki / (name + ".p12")),
                        kDemoPassword);
}

std::string verifyText(const std::filesystem::path& pdf) {
    const auto result =
        runVanthu({"verify", pdf.string(), "--trust", (demoPkiDir() / "ca.pem").string()});
    return std::to_string(result.exitCode) + "\n" + result.out + result.err;
}

} // namespace

TEST_CASE("Two-phase signing: prepare, openssl signs the digest, complete", "[two-phase][cli]") {
    TempDir dir;
    exportKeyAndChain(dir, "signer2");
    writeFile(dir / "letter.pdf", makeLetterPdf());
    const auto prepare = runVanthu(
        {"sign", "prepare", (dir / "letter.pdf").string(), "-o", (dir / "prepared.pdf").string(),
         "--cert", (dir / "chain.pem").string(), "--digest-out", (dir / "digest.bin").string(),
         "--image", (demoPkiDir() / "signature.png").string()});
    INFO(prepare.err);
    REQUIRE(prepare.exitCode == 0);
    CHECK(readFile(dir / "digest.bin").size() == 32);
    const auto sign = run({"openssl", "pkeyutl", "-sign", "-inkey", (dir / "key.pem").string(),
                           "-in", (dir / "digest.bin").string(), "-out", (dir / "sig.bin").string(),
                           "-pkeyopt", "digest:sha256"});
    REQUIRE(sign.exitCode == 0);
    const auto complete = runVanthu(
        {"sign", "complete", (dir / "prepared.pdf").string(), "-o", (dir / "signed.pdf").string(),
         "--cert", (dir / "chain.pem").string(), "--signature", (dir / "sig.bin").string()});
    INFO(complete.err);
    REQUIRE(complete.exitCode == 0);
    const std::string verified = verifyText(dir / "signed.pdf");
    INFO(verified);
    CHECK(verified[0] == '0');
    CHECK(verified.find("Trần Thị Bình") != std::string::npos);
    CHECK(pdfsig(dir / "signed.pdf").out.find("Signature is Valid.") != std::string::npos);
    // A wrong signature value is refused before it reaches the file.
    writeFile(dir / "bad.bin", std::string(256, 'x'));
    const auto bad = runVanthu({"sign", "complete", (dir / "prepared.pdf").string(), "-o",
                                (dir / "bad.pdf").string(), "--cert", (dir / "chain.pem").string(),
                                "--signature", (dir / "bad.bin").string()});
    CHECK(bad.exitCode == 2);
    CHECK(bad.err.find("does not match") != std::string::npos);
}

TEST_CASE("PKCS#11: signing with a key on a SoftHSM2 token", "[pkcs11][cli]") {
    TempDir dir;
    const auto token = demoKeyToken(demoPkiDir(), "signer1");
    const std::string module = SoftHsmToken::kModule;
    writeFile(dir / "pin", "1234\n");
    writeFile(dir / "letter.pdf", makeLetterPdf());
    const auto sign =
        runVanthu({"sign", (dir / "letter.pdf").string(), "-o", (dir / "signed.pdf").string(),
                   "--pkcs11-module", module, "--token", "vanthu-test", "--key", "signer1",
                   "--pin-file", (dir / "pin").string()});
    INFO(sign.err);
    REQUIRE(sign.exitCode == 0);
    const std::string verified = verifyText(dir / "signed.pdf");
    INFO(verified);
    CHECK(verified[0] == '0');
    writeFile(dir / "wrong", "0000\n");
    const auto wrong =
        runVanthu({"sign", (dir / "letter.pdf").string(), "-o", (dir / "x.pdf").string(),
                   "--pkcs11-module", module, "--token", "vanthu-test", "--key", "signer1",
                   "--pin-file", (dir / "wrong").string()});
    CHECK(wrong.exitCode == 2);
    CHECK(wrong.err.find("wrong PIN") != std::string::npos);
}

TEST_CASE("The TSA answers over HTTP and openssl ts accepts its tokens", "[tsa]") {
    auto authority =
        TimeStampAuthority::fromPkcs12((demoPkiDir() / "tsa.p12").string(), kDemoPassword);
    TimeStampServer server(*authority, 0);
    TimeStampClient client("http://127.0.0.1:" + std::to_string(server.port()) + "/");
    const std::string data = "văn bản cần đóng dấu thời gian";
    const Bytes token = client.timeStamp(sha256(data));
    TempDir dir;
    writeFile(dir / "token.der", token);
    writeFile(dir / "data.txt", data);
    writeFile(dir / "chain.pem", readFile(demoPkiDir() / "issuing-ca.pem"));
    const auto verify =
        run({"openssl", "ts", "-verify", "-data", (dir / "data.txt").string(), "-in",
             (dir / "token.der").string(), "-token_in", "-CAfile",
             (demoPkiDir() / "ca.pem").string(), "-untrusted", (dir / "chain.pem").string()});
    INFO(verify.out << verify.err);
    CHECK(verify.exitCode == 0);
    // A wrong digest length is refused by the TSA, not answered.
    CHECK_THROWS(client.timeStamp("short"));
}

TEST_CASE("PKCS#11 at B-LT with OCSP on a cross-reference-stream PDF: vanthu verify, pdfsig and "
          "qpdf --check accept it",
          "[pkcs11][ocsp][xref-stream][cli]") {
    TempDir dir;
    const auto pki = dir / "pki";
    const unsigned short port = freePort();
    const std::string base = "http://127.0.0.1:" + std::to_string(port) + "/";
    REQUIRE(runVanthu({"pki", "demo", pki.string(), "--ocsp-url", base + "ocsp"}).exitCode == 0);
    BackgroundVanthu services(
        {"tsa", "serve", "--port", std::to_string(port), "--p12", (pki / "tsa.p12").string(),
         "--ocsp-ca", (pki / "issuing-ca.p12").string(), "--ocsp-p12", (pki / "ocsp.p12").string(),
         "--ocsp-crl", (pki / "issuing-ca.crl").string()});
    REQUIRE(waitUntilAccepting(port));
    const auto token = demoKeyToken(pki, "signer1");
    writeFile(dir / "pin", "1234\n");
    writeFile(dir / "classic.pdf", makeLetterPdf());
    REQUIRE(run({"qpdf", "--object-streams=generate", (dir / "classic.pdf").string(),
                 (dir / "packed.pdf").string()})
                .exitCode == 0);
    const std::string packed = readFile(dir / "packed.pdf");
    REQUIRE(packed.find("/Type /XRef") != std::string::npos);

    const auto sign =
        runVanthu({"sign", (dir / "packed.pdf").string(), "-o", (dir / "lt.pdf").string(),
                   "--pkcs11-module", SoftHsmToken::kModule, "--token", "vanthu-test", "--key",
                   "signer1", "--pin-file", (dir / "pin").string(), "--level", "B-LT", "--tsa",
                   base, "--crl", (pki / "ca.crl").string()});
    INFO(sign.out << sign.err);
    REQUIRE(sign.exitCode == 0);
    const std::string lt = readFile(dir / "lt.pdf");
    REQUIRE(lt.compare(0, packed.size(), packed) == 0); // incremental updates
    const std::string updates = lt.substr(packed.size());
    CHECK(updates.find("/Type /XRef") != std::string::npos); // in the input's form
    CHECK(updates.find("\nxref\n") == std::string::npos);
    CHECK(updates.find("/DSS") != std::string::npos);
    CHECK(updates.find("/OCSPs") != std::string::npos);

    const auto verify =
        runVanthu({"verify", (dir / "lt.pdf").string(), "--trust", (pki / "ca.pem").string()});
    INFO(verify.out << verify.err);
    CHECK(verify.exitCode == 0);
    CHECK(verify.out.find("all signatures valid and trusted") != std::string::npos);
    CHECK(verify.out.find("level: B-LT") != std::string::npos);
    CHECK(verify.out.find("embedded OCSP responses and CRLs") != std::string::npos);
    const auto check = run({"qpdf", "--check", (dir / "lt.pdf").string()});
    INFO(check.out << check.err);
    CHECK(check.exitCode == 0);
    CHECK(check.out.find("No syntax or stream encoding errors") != std::string::npos);
    const auto sig = run({"pdfsig", (dir / "lt.pdf").string()});
    INFO(sig.out << sig.err);
    CHECK(sig.out.find("Signature is Valid.") != std::string::npos);
}
