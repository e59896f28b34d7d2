// OCSP: the built-in responder (OcspResponder), B-LT embedding OCSP responses in /DSS, the
// verifier's checks of them (who signed, which certificate, revoked), and the CLI end to end:
// pki demo --ocsp-url, tsa serve --ocsp-ca, sign B-LT through it, openssl ocsp against it.
#include <catch2/catch.hpp>

#include "SigningFixtures.hpp"
#include "vanthu/signing/OcspResponder.hpp"
#include "vanthu/signing/OcspStatus.hpp"
#include "vanthu/signing/PadesSigner.hpp"
#include "vanthu/signing/SignatureVerifier.hpp"
#include "vanthu/signing/TimeStampAuthority.hpp"

using namespace vanthu::signing;
using namespace vanthu::test;

namespace {

X509Ptr copyOf(const X509Ptr& cert) {
    return X509Ptr(X509_dup(cert.get()));
}

EvpPkeyPtr shared(const EvpPkeyPtr& key) {
    EVP_PKEY_up_ref(key.get());
    return EvpPkeyPtr(key.get());
}

/// The issuing CA's responder: signed by `by` (the CA itself or its delegated responder).
OcspResponder responder(const DemoIdentity& by, const std::vector<long>& revoked = {}) {
    const DemoPki& pki = demoPkiWithOcsp();
    return OcspResponder(copyOf(pki.issuingCa().certificate), copyOf(by.certificate),
                         shared(by.key), pki.issuingCrl(revoked));
}

TimeStampAuthority& tsa() {
    static TimeStampAuthority authority(shared(demoPkiWithOcsp().tsa().key),
                                        copyOf(demoPkiWithOcsp().tsa().certificate), {});
    return authority;
}

std::unique_ptr<Pkcs12Key> keyOf(const DemoIdentity& identity) {
    return Pkcs12Key::fromBytes(demoPkiWithOcsp().pkcs12(identity, "key"), kDemoPassword);
}

SignOptions ltOptions(OcspSource& ocsp) {
    SignOptions options;
    options.level = PadesLevel::BLT;
    options.timeStamps = &tsa();
    options.ocsp = &ocsp;
    // The issuing CA's own certificate names no responder: the root's CRL covers it.
    options.crls = {toDer(demoPkiWithOcsp().rootCrl().get())};
    return options;
}

VerifyReport verifyWithDemoRoot(const std::string& pdf) {
    std::vector<X509Ptr> anchors;
    anchors.push_back(copyOf(demoPkiWithOcsp().root().certificate));
    return SignatureVerifier(std::move(anchors)).verify(pdf);
}

const VerifyCheck& checkNamed(const SignatureReport& report, const std::string& name) {
    for (const auto& check : report.checks) {
        if (check.name == name) {
            return check;
        }
    }
    throw std::runtime_error("no check " + name);
}

/// A B-T signature by identity with /DSS holding this OCSP response and the root's CRL.
std::string signedWithEmbeddedOcsp(const DemoIdentity& identity, const std::string& ocspDer) {
    SignOptions options;
    options.level = PadesLevel::BT;
    options.timeStamps = &tsa();
    const auto key = keyOf(identity);
    const std::string pdf = PadesSigner(options).sign(makeLetterPdf(), *key);
    const auto rootCrl = demoPkiWithOcsp().rootCrl();
    std::vector<X509*> certs{key->certificate()};
    for (X509* cert : key->chain()) {
        certs.push_back(cert);
    }
    return PadesSigner::addValidationData(pdf, certs, {rootCrl.get()}, {ocspDer});
}

std::string responseAbout(const DemoIdentity& identity, const OcspResponder& from) {
    return from.respond(makeOcspRequest(identity.certificate.get(),
                                        demoPkiWithOcsp().issuingCa().certificate.get(), false));
}

} // namespace

TEST_CASE(
    "B-LT embeds OCSP responses, and the verifier accepts the CA's and a delegated responder's",
    "[ocsp][sign][verify]") {
    const DemoPki& pki = demoPkiWithOcsp();
    CHECK(ocspResponderUrl(pki.signer1().certificate.get()) == "http://127.0.0.1:9/ocsp");
    CHECK(ocspResponderUrl(pki.issuingCa().certificate.get()).empty());
    for (const DemoIdentity* by : {&pki.ocspResponder(), &pki.issuingCa()}) {
        OcspResponder ocsp = responder(*by);
        const std::string pdf =
            PadesSigner(ltOptions(ocsp)).sign(makeLetterPdf(), *keyOf(pki.signer1()));
        CHECK(pdf.find("/OCSPs") != std::string::npos);
        const VerifyReport report = verifyWithDemoRoot(pdf);
        INFO(commonName(by->certificate.get()) << "\n" << toText(report));
        CHECK(report.ok);
        CHECK(report.signatures.at(0).level == "B-LT");
        const auto& revocation = checkNamed(report.signatures.at(0), "revocation");
        CHECK(revocation.status == "passed");
        CHECK(revocation.detail.find("OCSP responses and CRLs") != std::string::npos);
    }
    // Without the root's CRL the issuing CA's status is unknown: B-T, not B-LT.
    OcspResponder ocsp = responder(pki.ocspResponder());
    SignOptions options = ltOptions(ocsp);
    options.crls.clear();
    const VerifyReport report =
        verifyWithDemoRoot(PadesSigner(options).sign(makeLetterPdf(), *keyOf(pki.signer2())));
    INFO(toText(report));
    CHECK(report.ok);
    CHECK(report.signatures.at(0).level == "B-T");
    CHECK(checkNamed(report.signatures.at(0), "revocation").status == "unknown");
}

TEST_CASE("A revoked signer: B-LT refuses to sign, and an embedded revoked response fails",
          "[ocsp][sign][verify]") {
    const DemoPki& pki = demoPkiWithOcsp();
    OcspResponder ocsp = responder(pki.ocspResponder(), {DemoPki::kSigner2Serial});
    try {
        PadesSigner(ltOptions(ocsp)).sign(makeLetterPdf(), *keyOf(pki.signer2()));
        FAIL("signed with a revoked certificate");
    } catch (const std::runtime_error& e) {
        CHECK(std::string(e.what()).find("revoked") != std::string::npos);
    }
    const std::string answer = responseAbout(pki.signer2(), ocsp);
    CHECK(
        readOcspResponse(answer, pki.signer2().certificate.get(), pki.issuingCa().certificate.get())
            .state == OcspStatus::State::Revoked);
    const VerifyReport report = verifyWithDemoRoot(signedWithEmbeddedOcsp(pki.signer2(), answer));
    INFO(toText(report));
    CHECK_FALSE(report.ok);
    CHECK(exitCodeFor(report) == 1);
    const auto& revocation = checkNamed(report.signatures.at(0), "revocation");
    CHECK(revocation.status == "failed");
    CHECK(revocation.detail.find("revoked (OCSP response of \"Vanthu Demo OCSP Responder\"") !=
          std::string::npos);
}

TEST_CASE("OCSP responses the verifier does not trust give no revocation status",
          "[ocsp][verify]") {
    const DemoPki& pki = demoPkiWithOcsp();
    // Signed by a signer's key, which has no id-kp-OCSPSigning: not an authorised responder.
    OcspResponder impostor = responder(pki.signer1());
    const std::string forged = responseAbout(pki.signer2(), impostor);
    CHECK_THROWS_WITH(readOcspResponse(forged, pki.signer2().certificate.get(),
                                       pki.issuingCa().certificate.get()),
                      Catch::Contains("neither the issuer"));
    // A genuine response about another certificate.
    OcspResponder genuine = responder(pki.ocspResponder());
    const std::string aboutSeal = responseAbout(pki.seal(), genuine);
    CHECK_THROWS_WITH(readOcspResponse(aboutSeal, pki.signer2().certificate.get(),
                                       pki.issuingCa().certificate.get()),
                      Catch::Contains("says nothing about"));
    CHECK_THROWS(readOcspResponse("not DER", pki.signer2().certificate.get(),
                                  pki.issuingCa().certificate.get()));
    for (const std::string& der : {forged, aboutSeal}) {
        const VerifyReport report = verifyWithDemoRoot(signedWithEmbeddedOcsp(pki.signer2(), der));
        INFO(toText(report));
        CHECK(checkNamed(report.signatures.at(0), "revocation").status == "unknown");
        CHECK(report.signatures.at(0).level == "B-T");
    }
    // A malformed request gets a malformedRequest answer, not a crash.
    const std::string refused = genuine.respond("garbage");
    CHECK_THROWS_WITH(readOcspResponse(refused, pki.signer2().certificate.get(),
                                       pki.issuingCa().certificate.get()),
                      Catch::Contains("malformedrequest"));
}

TEST_CASE("pki demo --ocsp-url, tsa serve --ocsp-ca, sign B-LT through it, verify", "[ocsp][cli]") {
    TempDir dir;
    const auto pki = dir / "pki";
    const unsigned short port = freePort();
    const std::string base = "http://127.0.0.1:" + std::to_string(port) + "/";
    REQUIRE(
        runVanthu({"pki", "demo", pki.string(), "--ecdsa", "--ocsp-url", base + "ocsp"}).exitCode ==
        0);
    REQUIRE(std::filesystem::exists(pki / "ocsp.p12"));
    BackgroundVanthu server(
        {"tsa", "serve", "--port", std::to_string(port), "--p12", (pki / "tsa.p12").string(),
         "--ocsp-ca", (pki / "issuing-ca.p12").string(), "--ocsp-p12", (pki / "ocsp.p12").string(),
         "--ocsp-crl", (pki / "issuing-ca.crl").string()});
    REQUIRE(waitUntilAccepting(port));
    writeFile(dir / "letter.pdf", makeLetterPdf());
    const auto sign =
        runVanthu({"sign", (dir / "letter.pdf").string(), "-o", (dir / "lt.pdf").string(), "--p12",
                   (pki / "signer1.p12").string(), "--level", "B-LT", "--tsa", base, "--crl",
                   (pki / "ca.crl").string()});
    INFO(sign.err);
    REQUIRE(sign.exitCode == 0);
    const auto verify =
        runVanthu({"verify", (dir / "lt.pdf").string(), "--trust", (pki / "ca.pem").string()});
    INFO(verify.out << verify.err);
    CHECK(verify.exitCode == 0);
    CHECK(verify.out.find("level: B-LT") != std::string::npos);
    CHECK(verify.out.find("embedded OCSP responses and CRLs") != std::string::npos);
    CHECK(pdfsig(dir / "lt.pdf").out.find("Signature is Valid.") != std::string::npos);
    // openssl's own OCSP client agrees with the responder.
    REQUIRE(run({"openssl", "pkcs12", "-in", (pki / "signer1.p12").string(), "-nokeys", "-clcerts",
                 "-passin", "pass:vanthu", "-out", (dir / "signer1.pem").string()})
                .exitCode == 0);
    const auto ocsp =
        run({"openssl", "ocsp", "-issuer", (pki / "issuing-ca.pem").string(), "-cert",
             (dir / "signer1.pem").string(), "-url", base + "ocsp", "-CAfile",
             (pki / "ca.pem").string(), "-verify_other", (pki / "issuing-ca.pem").string()});
    INFO(ocsp.out << ocsp.err);
    CHECK(ocsp.out.find("signer1.pem: good") != std::string::npos);
    CHECK(ocsp.err.find("Response verify OK") != std::string::npos);
}
