// The check of a signer's certificate before a signature (issue 13): validity with its date, key
// usage, the chain to the trust list (roots and intermediates), revocation by a trusted CRL, and
// an OCSP responder that cannot be reached skipped.
#include <catch2/catch.hpp>

#include "SigningFixtures.hpp"
#include "vanthu/signing/SignerCertificate.hpp"
#include "vanthu/signing/TimeStampServer.hpp"

using namespace vanthu;
using signing::SignerTrust;

namespace {

SignerTrust trustedRoot() {
    SignerTrust trust;
    trust.anchorsPem = signing::toPem(test::demoPki().root().certificate.get());
    return trust;
}

std::vector<X509*> chainOf(const signing::DemoIdentity& identity) {
    return {identity.certificate.get(), test::demoPki().issuingCa().certificate.get()};
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("a seal certificate chaining to a trusted root, valid and for signing, may sign",
          "[signing][trust]") {
    CHECK(signing::signerCertificateProblem(chainOf(test::demoPki().seal()), trustedRoot(),
                                            "con dấu") == "");
    // The intermediate in the trust list instead of the chain: found there.
    SignerTrust both = trustedRoot();
    both.anchorsPem += signing::toPem(test::demoPki().issuingCa().certificate.get());
    CHECK(signing::signerCertificateProblem({test::demoPki().seal().certificate.get()}, both,
                                            "con dấu") == "");
}

TEST_CASE("an expired or not yet valid certificate is refused with its date", "[signing][trust]") {
    const auto expired =
        test::demoPki().issue("Con dấu hết hạn", 0x7001, "digitalSignature,nonRepudiation", "",
                              -400 * 86400, -30 * 86400);
    const auto problem =
        signing::signerCertificateProblem(chainOf(expired), trustedRoot(), "con dấu");
    INFO(problem);
    CHECK(has(problem, "Chứng thư số của con dấu đã hết hạn ngày " +
                           signing::vietnameseDate(X509_get0_notAfter(expired.certificate.get()))));
    CHECK(problem.size() > 0);

    const auto future = test::demoPki().issue("Chưa hiệu lực", 0x7002, "digitalSignature", "",
                                              10 * 86400, 400 * 86400);
    CHECK(has(signing::signerCertificateProblem(chainOf(future), trustedRoot(), "người ký"),
              "Chứng thư số của người ký chưa có hiệu lực"));
    CHECK(has(signing::certificateUsageProblem(expired.certificate.get(), "con dấu"),
              "đã hết hạn ngày"));
}

TEST_CASE("a certificate without digitalSignature or nonRepudiation is refused",
          "[signing][trust]") {
    const auto encipher = test::demoPki().issue("Chỉ mã hóa", 0x7003, "keyEncipherment");
    const auto problem =
        signing::signerCertificateProblem(chainOf(encipher), trustedRoot(), "con dấu");
    CHECK(has(problem, "Chứng thư số của con dấu không dùng để ký"));
    CHECK(has(problem, "digitalSignature"));
}

TEST_CASE("no trust list, or a chain to another root, is refused", "[signing][trust]") {
    CHECK(has(signing::signerCertificateProblem(chainOf(test::demoPki().seal()), SignerTrust{},
                                                "con dấu"),
              "chưa có danh sách tổ chức chứng thực tin cậy"));
    const signing::DemoPki other;
    SignerTrust otherRoot;
    otherRoot.anchorsPem = signing::toPem(other.root().certificate.get());
    CHECK(has(
        signing::signerCertificateProblem(chainOf(test::demoPki().seal()), otherRoot, "con dấu"),
        "không do tổ chức chứng thực tin cậy cấp"));
}

TEST_CASE("a CRL of the trust list revokes, an unreachable OCSP responder is skipped",
          "[signing][trust]") {
    SignerTrust trust = trustedRoot();
    trust.crls.push_back(signing::toDer(test::demoPki().issuingCrl({}).get()));
    trust.ocspResponders.push_back("http://127.0.0.1:1/ocsp"); // nothing listens there
    trust.ocspTimeoutSeconds = 2;
    CHECK(signing::signerCertificateProblem(chainOf(test::demoPki().seal()), trust, "con dấu") ==
          "");

    trust.crls.push_back(
        signing::toPem(test::demoPki().issuingCrl({signing::DemoPki::kSealSerial}).get()));
    const auto problem =
        signing::signerCertificateProblem(chainOf(test::demoPki().seal()), trust, "con dấu");
    CHECK(has(problem, "Chứng thư số của con dấu đã bị thu hồi"));

    // A CRL signed by another CA with the same name does not count.
    const signing::DemoPki other;
    SignerTrust forged = trustedRoot();
    forged.crls.push_back(signing::toDer(other.issuingCrl({signing::DemoPki::kSealSerial}).get()));
    CHECK(signing::signerCertificateProblem(chainOf(test::demoPki().seal()), forged, "con dấu") ==
          "");
}

TEST_CASE("an OCSP responder of the trust list that says revoked refuses, good passes",
          "[signing][trust][ocsp]") {
    const auto& pki = test::demoPki();
    const auto copy = [](const signing::X509Ptr& certificate) {
        return signing::X509Ptr(X509_dup(certificate.get()));
    };
    const auto shared = [](const signing::EvpPkeyPtr& key) {
        EVP_PKEY_up_ref(key.get());
        return signing::EvpPkeyPtr(key.get());
    };
    signing::TimeStampAuthority tsa(shared(pki.tsa().key), copy(pki.tsa().certificate), {});
    // The issuing CA answers itself; it says the seal is revoked, signer1 good.
    const signing::OcspResponder ocsp(
        copy(pki.issuingCa().certificate), copy(pki.issuingCa().certificate),
        shared(pki.issuingCa().key), pki.issuingCrl({signing::DemoPki::kSealSerial}));
    signing::TimeStampServer server(tsa, 0, false, &ocsp);
    SignerTrust trust = trustedRoot();
    trust.ocspResponders = {"http://127.0.0.1:" + std::to_string(server.port()) + "/ocsp"};
    const auto revoked = signing::signerCertificateProblem(chainOf(pki.seal()), trust, "con dấu");
    INFO(revoked);
    CHECK(
        has(revoked, "Chứng thư số của con dấu đã bị thu hồi (trả lời OCSP của http://127.0.0.1:"));
    CHECK(signing::signerCertificateProblem(chainOf(pki.signer1()), trust, "người ký") == "");
}
