// ECDSA P-256 keys (pki demo --ecdsa) and RSA-PSS signatures (sign --pss): vanthu verify, pdfsig
// and openssl cms agree.
#include <catch2/catch.hpp>

#include "SigningFixtures.hpp"
#include "vanthu/signing/TimeStampAuthority.hpp"
#include "vanthu/signing/TimeStampServer.hpp"

using namespace vanthu::signing;
using namespace vanthu::test;

namespace {

void checkAllAgree(const std::filesystem::path& pdf, const std::filesystem::path& ca,
                   const TempDir& dir, const std::string& level) {
    const auto verify = runVanthu({"verify", pdf.string(), "--trust", ca.string(), "--json"});
    INFO(pdf.filename() << "\n" << verify.out << verify.err);
    CHECK(verify.exitCode == 0);
    CHECK(verify.out.find("\"level\": \"" + level + "\"") != std::string::npos);
    const auto sig = pdfsig(pdf);
    INFO(sig.out << sig.err);
    CHECK(sig.out.find("Signature is Valid.") != std::string::npos);
    CHECK(sig.out.find("Total document signed") != std::string::npos);
    const auto cms = opensslCmsVerify(readFile(pdf), 0, ca, dir.path());
    INFO(cms.err);
    CHECK(cms.exitCode == 0);
}

std::string printCms(const TempDir& dir) {
    return run({"openssl", "cms", "-cmsout", "-print", "-inform", "DER", "-in",
                (dir / "sig.der").string()})
        .out;
}

} // namespace

TEST_CASE("ECDSA P-256: pki demo --ecdsa, B-B and B-LT, and vanthu, pdfsig and openssl agree",
          "[sign][ecdsa][cli]") {
    TempDir dir;
    const auto pki = dir / "pki";
    REQUIRE(runVanthu({"pki", "demo", pki.string(), "--ecdsa"}).exitCode == 0);
    auto authority = TimeStampAuthority::fromPkcs12((pki / "tsa.p12").string(), kDemoPassword);
    TimeStampServer tsa(*authority, 0);
    writeFile(dir / "letter.pdf", makeLetterPdf());
    const auto bb =
        runVanthu({"sign", (dir / "letter.pdf").string(), "-o", (dir / "bb.pdf").string(), "--p12",
                   (pki / "signer1.p12").string(), "--image", (pki / "signature.png").string()});
    INFO(bb.err);
    REQUIRE(bb.exitCode == 0);
    checkAllAgree(dir / "bb.pdf", pki / "ca.pem", dir, "B-B");
    CHECK(printCms(dir).find("ecdsa-with-SHA256") != std::string::npos);

    const auto lt =
        runVanthu({"sign", (dir / "bb.pdf").string(), "-o", (dir / "lt.pdf").string(), "--p12",
                   (pki / "seal.p12").string(), "--role", "seal", "--level", "B-LT", "--tsa",
                   "http://127.0.0.1:" + std::to_string(tsa.port()) + "/", "--crl",
                   (pki / "issuing-ca.crl").string(), "--crl", (pki / "ca.crl").string()});
    INFO(lt.err);
    REQUIRE(lt.exitCode == 0);
    const auto verify = runVanthu(
        {"verify", (dir / "lt.pdf").string(), "--trust", (pki / "ca.pem").string(), "--json"});
    INFO(verify.out);
    CHECK(verify.exitCode == 0);
    CHECK(verify.out.find("\"level\": \"B-LT\"") != std::string::npos);
    const auto sig = pdfsig(dir / "lt.pdf");
    CHECK(sig.out.find("Signature #2") != std::string::npos);
    CHECK(sig.out.find("Signature is Valid.", sig.out.find("Signature #2")) != std::string::npos);
    CHECK(opensslCmsVerify(readFile(dir / "lt.pdf"), 1, pki / "ca.pem", dir.path()).exitCode == 0);
}

TEST_CASE("RSA-PSS: sign --pss in one step and in two phases, and vanthu, pdfsig and openssl agree",
          "[sign][pss][cli]") {
    TempDir dir;
    const auto pki = demoPkiDir();
    writeFile(dir / "letter.pdf", makeLetterPdf());
    const auto signedPss =
        runVanthu({"sign", (dir / "letter.pdf").string(), "-o", (dir / "pss.pdf").string(), "--p12",
                   (pki / "signer1.p12").string(), "--pss"});
    INFO(signedPss.err);
    REQUIRE(signedPss.exitCode == 0);
    checkAllAgree(dir / "pss.pdf", pki / "ca.pem", dir, "B-B");
    const std::string printed = printCms(dir);
    CHECK(printed.find("rsassaPss") != std::string::npos);
    CHECK(printed.find("mgf1") != std::string::npos);

    // Two phases: openssl makes the PSS value over the digest.
    REQUIRE(run({"openssl", "pkcs12", "-in", (pki / "signer2.p12").string(), "-nocerts", "-nodes",
                 "-passin", "pass:vanthu", "-out", (dir / "key.pem").string()})
                .exitCode == 0);
    REQUIRE(run({"openssl", "pkcs12", "-in", (pki / "signer2.p12").string(), "-nokeys", "-clcerts",
                 "-passin", "pass:vanthu", "-out", (dir / "cert.pem").string()})
                .exitCode == 0);
    writeFile(dir / "chain.pem", readFile(dir / "cert.pem") + readFile(pki / "issuing-ca.pem"));
    REQUIRE(runVanthu({"sign", "prepare", (dir / "letter.pdf").string(), "-o",
                       (dir / "prepared.pdf").string(), "--cert", (dir / "chain.pem").string(),
                       "--digest-out", (dir / "digest.bin").string(), "--pss"})
                .exitCode == 0);
    REQUIRE(
        run({"openssl", "pkeyutl", "-sign", "-inkey", (dir / "key.pem").string(), "-in",
             (dir / "digest.bin").string(), "-out", (dir / "sig.bin").string(), "-pkeyopt",
             "digest:sha256", "-pkeyopt", "rsa_padding_mode:pss", "-pkeyopt", "rsa_pss_saltlen:32"})
            .exitCode == 0);
    const auto complete =
        runVanthu({"sign", "complete", (dir / "prepared.pdf").string(), "-o",
                   (dir / "two.pdf").string(), "--cert", (dir / "chain.pem").string(),
                   "--signature", (dir / "sig.bin").string(), "--pss"});
    INFO(complete.err);
    REQUIRE(complete.exitCode == 0);
    checkAllAgree(dir / "two.pdf", pki / "ca.pem", dir, "B-B");
    // The same value without --pss does not match what the CMS would claim: refused.
    const auto mismatch = runVanthu(
        {"sign", "complete", (dir / "prepared.pdf").string(), "-o", (dir / "bad.pdf").string(),
         "--cert", (dir / "chain.pem").string(), "--signature", (dir / "sig.bin").string()});
    CHECK(mismatch.exitCode == 2);

    // PSS is an RSA padding: an ECDSA key is refused with a reason.
    REQUIRE(runVanthu({"pki", "demo", (dir / "ec").string(), "--ecdsa"}).exitCode == 0);
    const auto ec =
        runVanthu({"sign", (dir / "letter.pdf").string(), "-o", (dir / "ec.pdf").string(), "--p12",
                   (dir / "ec" / "signer1.p12").string(), "--pss"});
    CHECK(ec.exitCode == 2);
    CHECK(ec.err.find("RSA-PSS needs an RSA key") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "ec.pdf"));
}
