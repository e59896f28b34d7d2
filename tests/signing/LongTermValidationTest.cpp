// LongTermValidation: the validation data of a whole letter (both signatures, their signature
// time-stamps, the TSA's chain) in one /DSS revision after the seal, then the document
// time-stamp: the verifier calls both signatures B-LTA; without revocation data for one
// certificate nothing is added and the certificate is named.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "SigningFixtures.hpp"
#include "vanthu/signing/LongTermValidation.hpp"
#include "vanthu/signing/OcspResponder.hpp"
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

TimeStampAuthority& tsa() {
    static TimeStampAuthority authority(
        shared(demoPki().tsa().key), copyOf(demoPki().tsa().certificate), [] {
            std::vector<X509Ptr> chain;
            chain.push_back(copyOf(demoPki().issuingCa().certificate));
            return chain;
        }());
    return authority;
}

/// The issuing CA answering for its own certificates, in process.
OcspResponder responder() {
    const DemoPki& pki = demoPki();
    return OcspResponder(copyOf(pki.issuingCa().certificate), copyOf(pki.issuingCa().certificate),
                         shared(pki.issuingCa().key), pki.issuingCrl());
}

/// A letter signed by the leader and sealed, both at B-T (as the flow signs them).
std::string sealedAtBt() {
    SignOptions signer;
    signer.level = PadesLevel::BT;
    signer.timeStamps = &tsa();
    const std::string signedPdf = PadesSigner(signer).sign(makeLetterPdf(), *demoKey("signer1"));
    SignOptions seal = signer;
    seal.role = SignatureRole::Seal;
    seal.lockDocument = true;
    return PadesSigner(seal).sign(signedPdf, *demoKey("seal"));
}

VerifyReport verified(const std::string& pdf) {
    std::vector<X509Ptr> anchors;
    anchors.push_back(copyOf(demoPki().root().certificate));
    return SignatureVerifier(std::move(anchors)).verify(pdf);
}

} // namespace

TEST_CASE("LongTermValidation: every certificate of both signatures and their time-stamps",
          "[ltv]") {
    const auto certificates = LongTermValidation::certificatesOf(sealedAtBt());
    std::vector<std::string> names;
    for (const auto& c : certificates) {
        names.push_back(commonName(c.get()));
    }
    INFO(Catch::StringMaker<std::vector<std::string>>::convert(names));
    const auto has = [&](const std::string& name) {
        return std::find(names.begin(), names.end(), name) != names.end();
    };
    CHECK(has(commonName(demoPki().signer1().certificate.get())));
    CHECK(has(commonName(demoPki().seal().certificate.get())));
    CHECK(has(commonName(demoPki().tsa().certificate.get())));
    CHECK(has(commonName(demoPki().issuingCa().certificate.get())));
    // Each once, although the TSA signed two tokens.
    CHECK(std::count(names.begin(), names.end(), commonName(demoPki().tsa().certificate.get())) ==
          1);
}

TEST_CASE("LongTermValidation after the seal and a document time-stamp make both signatures B-LTA",
          "[ltv]") {
    OcspResponder ocsp = responder();
    RevocationSources sources;
    sources.ocsp = &ocsp;
    // The root's CRL for the issuing CA's own certificate; the issuing CA's CRL as well, which
    // the end-entity certificates (they name no OCSP responder, only a CRL distribution point)
    // get beside their OCSP responses.
    sources.crls = {toDer(demoPki().rootCrl().get()), toDer(demoPki().issuingCrl().get())};
    sources.caCertificatesPem = toPem(demoPki().root().certificate.get());
    const std::string sealed = sealedAtBt();
    const std::string withDss = LongTermValidation(sources).addTo(sealed);
    REQUIRE(withDss.size() > sealed.size());
    CHECK(withDss.compare(0, sealed.size(), sealed) == 0); // an incremental update
    CHECK(withDss.find("/DSS") != std::string::npos);
    const auto crls = withDss.find("/CRLs", sealed.size());
    REQUIRE(crls != std::string::npos);
    const auto crlList = withDss.substr(crls, withDss.find(']', crls) - crls);
    std::size_t references = 0;
    for (auto at = crlList.find(" 0 R"); at != std::string::npos;
         at = crlList.find(" 0 R", at + 1)) {
        ++references;
    }
    CHECK(references == 2); // both CRLs, each once
    CHECK(withDss.find("/OCSPs", sealed.size()) != std::string::npos);
    const auto lt = verified(withDss);
    REQUIRE(lt.signatures.size() == 2);
    for (const auto& s : lt.signatures) {
        INFO(s.field);
        CHECK(s.ok);
        CHECK(s.level == "B-LT");
    }
    const std::string lta = PadesSigner::addDocumentTimeStamp(withDss, tsa());
    const auto report = verified(lta);
    INFO(toText(report));
    CHECK(report.ok);
    REQUIRE(report.signatures.size() == 3);
    CHECK(report.signatures[0].level == "B-LTA");
    CHECK(report.signatures[1].level == "B-LTA");
    CHECK(report.signatures[2].kind == "document-time-stamp");
}

TEST_CASE("LongTermValidation without revocation data for a certificate names it and adds nothing",
          "[ltv]") {
    const std::string sealed = sealedAtBt();
    SECTION("no OCSP and no CRL of the issuing CA") {
        RevocationSources sources;
        sources.crls = {toDer(demoPki().rootCrl().get())};
        try {
            (void)LongTermValidation(sources).addTo(sealed);
            FAIL("no exception");
        } catch (const ValidationDataMissing& e) {
            CHECK(!e.certificate().empty());
            CHECK(std::string(e.what()).find("no revocation data") != std::string::npos);
            CHECK_FALSE(e.revoked()); // nothing could be had: worth trying again
        }
    }
    SECTION("an OCSP responder that says the seal is revoked (an answer, not an outage)") {
        const DemoPki& pki = demoPki();
        OcspResponder revoking(copyOf(pki.issuingCa().certificate),
                               copyOf(pki.issuingCa().certificate), shared(pki.issuingCa().key),
                               pki.issuingCrl({DemoPki::kSealSerial}));
        RevocationSources sources;
        sources.ocsp = &revoking;
        sources.crls = {toDer(demoPki().rootCrl().get())};
        try {
            (void)LongTermValidation(sources).addTo(sealed);
            FAIL("no exception");
        } catch (const ValidationDataMissing& e) {
            CHECK(e.certificate() == commonName(demoPki().seal().certificate.get()));
            CHECK(std::string(e.what()).find("revoked") != std::string::npos);
            CHECK(e.revoked());
        }
    }
    SECTION("a CRL that revokes the seal") {
        RevocationSources sources;
        sources.crls = {toDer(demoPki().rootCrl().get()),
                        toDer(demoPki().issuingCrl({DemoPki::kSealSerial}).get())};
        try {
            (void)LongTermValidation(sources).addTo(sealed);
            FAIL("no exception");
        } catch (const ValidationDataMissing& e) {
            CHECK(e.certificate() == commonName(demoPki().seal().certificate.get()));
            CHECK(std::string(e.what()).find("revoked") != std::string::npos);
            CHECK(e.revoked());
        }
    }
}

TEST_CASE("Expiry (issue 21 item 6): a leader's certificate that lives seconds, after it expired "
          "a B-LTA letter still verifies and a B-B one does not",
          "[ltv][expiry]") {
    const DemoPki& pki = demoPki();
    // A leader's certificate valid from a minute ago for 4 seconds more.
    const auto shortLived = pki.issue("Lãnh đạo chứng thư ngắn hạn (Demo)", 0x3001,
                                      "digitalSignature,nonRepudiation", "", -60, 4);
    const auto key = Pkcs12Key::fromBytes(pki.pkcs12(shortLived, "short"), kDemoPassword);
    const auto expires = std::chrono::system_clock::now() + std::chrono::seconds(4);

    const std::string bb = PadesSigner(SignOptions{}).sign(makeLetterPdf(), *key);
    SignOptions timeStamped;
    timeStamped.level = PadesLevel::BT;
    timeStamped.timeStamps = &tsa();
    OcspResponder ocsp = responder();
    RevocationSources sources;
    sources.ocsp = &ocsp;
    sources.crls = {toDer(pki.rootCrl().get()), toDer(pki.issuingCrl().get())};
    sources.caCertificatesPem = toPem(pki.root().certificate.get());
    const std::string lta = PadesSigner::addDocumentTimeStamp(
        LongTermValidation(sources).addTo(PadesSigner(timeStamped).sign(makeLetterPdf(), *key)),
        tsa());
    REQUIRE(verified(bb).signatures.at(0).ok); // both good while the certificate lives
    REQUIRE(verified(lta).signatures.at(0).ok);

    std::this_thread::sleep_until(expires + std::chrono::seconds(2));
    REQUIRE(X509_cmp_current_time(X509_get0_notAfter(shortLived.certificate.get())) < 0);
    const auto late = verified(bb);
    INFO(toText(late));
    CHECK_FALSE(late.signatures.at(0).ok);
    CHECK(late.signatures.at(0).provedAt.empty());
    const auto kept = verified(lta);
    INFO(toText(kept));
    CHECK(kept.ok);
    CHECK(kept.signatures.at(0).ok);
    CHECK(kept.signatures.at(0).level == "B-LTA");
    CHECK_FALSE(kept.signatures.at(0).provedAt.empty());

    // The same with `vanthu verify` on the files.
    TempDir dir;
    writeFile(dir / "bb.pdf", bb);
    writeFile(dir / "lta.pdf", lta);
    const auto ca = (demoPkiDir() / "ca.pem").string();
    const auto bbRun = runVanthu({"verify", (dir / "bb.pdf").string(), "--trust", ca});
    INFO(bbRun.out << bbRun.err);
    CHECK(bbRun.exitCode != 0);
    const auto ltaRun = runVanthu({"verify", (dir / "lta.pdf").string(), "--trust", ca});
    INFO(ltaRun.out << ltaRun.err);
    CHECK(ltaRun.exitCode == 0);
    CHECK(ltaRun.out.find("proved at:") != std::string::npos);
}

TEST_CASE("Expiry (issue 21 item 6): the TSA's certificate expires too: a B-LTA letter renewed "
          "before verifies after the signer's and the TSA's certificates expire, the same letter "
          "not renewed and a B-B letter do not",
          "[ltv][expiry]") {
    const DemoPki& pki = demoPki();
    // The leader's and the TSA's certificates, valid from a minute ago for 6 seconds more.
    const auto shortSigner = pki.issue("Lãnh đạo chứng thư ngắn hạn 2 (Demo)", 0x3002,
                                       "digitalSignature,nonRepudiation", "", -60, 6);
    const auto shortTsaIdentity =
        pki.issue("TSA chứng thư ngắn hạn (Demo)", 0x3003, "digitalSignature,nonRepudiation",
                  "critical,timeStamping", -60, 6);
    const auto expires = std::chrono::system_clock::now() + std::chrono::seconds(6);
    const auto key = Pkcs12Key::fromBytes(pki.pkcs12(shortSigner, "short2"), kDemoPassword);
    TimeStampAuthority shortTsa(shared(shortTsaIdentity.key), copyOf(shortTsaIdentity.certificate),
                                [] {
                                    std::vector<X509Ptr> chain;
                                    chain.push_back(copyOf(demoPki().issuingCa().certificate));
                                    return chain;
                                }());
    OcspResponder ocsp = responder();
    RevocationSources sources;
    sources.ocsp = &ocsp;
    sources.crls = {toDer(pki.rootCrl().get()), toDer(pki.issuingCrl().get())};
    sources.caCertificatesPem = toPem(pki.root().certificate.get());

    // Issued at B-LTA with the short-lived TSA; renewed while both certificates are valid: new
    // validation data (the short TSA's certificate included) and a document time-stamp of the
    // long-lived TSA.
    SignOptions timeStamped;
    timeStamped.level = PadesLevel::BT;
    timeStamped.timeStamps = &shortTsa;
    const std::string lta = PadesSigner::addDocumentTimeStamp(
        LongTermValidation(sources).addTo(PadesSigner(timeStamped).sign(makeLetterPdf(), *key)),
        shortTsa);
    const std::string renewed =
        PadesSigner::addDocumentTimeStamp(LongTermValidation(sources).addTo(lta), tsa());
    const std::string bb = PadesSigner(SignOptions{}).sign(makeLetterPdf(), *key);
    REQUIRE(verified(lta).ok);
    REQUIRE(verified(renewed).ok);
    REQUIRE(verified(bb).signatures.at(0).ok);

    std::this_thread::sleep_until(expires + std::chrono::seconds(2));
    REQUIRE(X509_cmp_current_time(X509_get0_notAfter(shortSigner.certificate.get())) < 0);
    REQUIRE(X509_cmp_current_time(X509_get0_notAfter(shortTsaIdentity.certificate.get())) < 0);

    const auto kept = verified(renewed);
    INFO(toText(kept));
    CHECK(kept.ok);
    REQUIRE(kept.signatures.size() == 3);
    CHECK(kept.signatures[0].ok);
    CHECK(kept.signatures[0].level == "B-LTA");
    CHECK_FALSE(kept.signatures[0].provedAt.empty());
    CHECK(kept.signatures[1].kind == "document-time-stamp");
    CHECK(kept.signatures[1].ok); // the expired TSA's time-stamp, proved by the renewal's
    CHECK(kept.signatures[2].ok);

    const auto lapsed = verified(lta);
    INFO(toText(lapsed));
    CHECK_FALSE(lapsed.ok);
    CHECK_FALSE(lapsed.signatures.at(0).ok);
    const auto plain = verified(bb);
    CHECK_FALSE(plain.ok);
    CHECK_FALSE(plain.signatures.at(0).ok);

    // The same with `vanthu verify` on the files.
    TempDir dir;
    writeFile(dir / "renewed.pdf", renewed);
    writeFile(dir / "lta.pdf", lta);
    writeFile(dir / "bb.pdf", bb);
    const auto ca = (demoPkiDir() / "ca.pem").string();
    const auto renewedRun = runVanthu({"verify", (dir / "renewed.pdf").string(), "--trust", ca});
    INFO(renewedRun.out << renewedRun.err);
    CHECK(renewedRun.exitCode == 0);
    CHECK(runVanthu({"verify", (dir / "lta.pdf").string(), "--trust", ca}).exitCode != 0);
    CHECK(runVanthu({"verify", (dir / "bb.pdf").string(), "--trust", ca}).exitCode != 0);
}
