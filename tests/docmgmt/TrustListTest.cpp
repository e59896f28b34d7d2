// The trust list (issue 13): trusted roots and intermediates, CRLs signed by a trusted CA, OCSP
// responders; kept in DIR/pki where every verifier reads it; every change audited. On both
// engines: the [storage] tests run on PostgreSQL as well.
#include <catch2/catch.hpp>

#include "DocmgmtFixtures.hpp"
#include "TestSupport.hpp"
#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/SqlStorage.hpp"
#include "vanthu/docmgmt/TrustList.hpp"
#include "vanthu/signing/DemoPki.hpp"

using namespace vanthu;
using namespace vanthu::docmgmt;

namespace {

Actor admin() {
    Actor actor;
    actor.user.username = "cli:test";
    actor.address = "local";
    return actor;
}

const signing::DemoPki& pki() {
    static const signing::DemoPki instance;
    return instance;
}

} // namespace

TEST_CASE("TrustList: CAs, CRLs and OCSP responders added, listed, removed, audited",
          "[trust][storage]") {
    test::TempDir dir;
    auto storage = test::openStorage(dir / "vanthu.db");
    AuditTrail audit(*storage);
    TrustList trust(dir / "pki", audit);
    CHECK(trust.entries().empty());
    CHECK(trust.anchorsPem().empty());

    const auto rootPem = signing::toPem(pki().root().certificate.get());
    const auto issuingPem = signing::toPem(pki().issuingCa().certificate.get());
    const auto added = trust.addCertificates(admin(), rootPem + issuingPem);
    REQUIRE(added.size() == 2);
    CHECK(added[0].selfSigned);
    CHECK_FALSE(added[1].selfSigned);
    CHECK(added[0].subject.find("CN=") != std::string::npos);
    CHECK(std::filesystem::exists(trust.anchorsFile()));
    CHECK(trust.anchorsFile() == dir / "pki" / "ca.pem");
    CHECK_THROWS_AS(trust.addCertificates(admin(), rootPem), Conflict);

    // Not a CA, not PEM.
    try {
        trust.addCertificates(admin(), signing::toPem(pki().seal().certificate.get()));
        FAIL("an end-entity certificate was trusted");
    } catch (const InvalidInput& e) {
        CHECK(e.field() == "cert");
        CHECK(std::string(e.what()).find("không phải của tổ chức chứng thực") != std::string::npos);
    }
    CHECK_THROWS_AS(trust.addCertificates(admin(), "not a certificate"), InvalidInput);

    // A CRL of the issuing CA; one of an unknown CA is refused.
    const auto crl = trust.addCrl(admin(), signing::toDer(pki().issuingCrl({0x1002}).get()));
    CHECK(crl.kind == "crl");
    const signing::DemoPki other;
    CHECK_THROWS_AS(trust.addCrl(admin(), signing::toDer(other.issuingCrl().get())), InvalidInput);
    CHECK_THROWS_AS(trust.addCrl(admin(), "garbage"), InvalidInput);

    trust.addOcsp(admin(), "http://ocsp.ca.gov.vn/");
    CHECK_THROWS_AS(trust.addOcsp(admin(), "http://ocsp.ca.gov.vn/"), Conflict);
    CHECK_THROWS_AS(trust.addOcsp(admin(), "ftp://x"), InvalidInput);
    CHECK_THROWS_AS(trust.addOcsp(admin(), "http://a b"), InvalidInput);

    CHECK(trust.entries().size() == 4);
    const auto signer = trust.signerTrust();
    CHECK(signer.anchorsPem == trust.anchorsPem());
    CHECK(signer.crls.size() == 1);
    CHECK(signer.ocspResponders == std::vector<std::string>{"http://ocsp.ca.gov.vn/"});

    // Removed by the certificate's file or its SHA-256, the CRL by its id.
    CHECK(trust.removeCertificates(admin(), issuingPem).size() == 1);
    CHECK_THROWS_AS(trust.removeCertificates(admin(), issuingPem), NotFound);
    CHECK(trust.removeCertificates(admin(), added[0].id).size() == 1);
    CHECK(trust.anchorsPem().empty());
    trust.removeCrl(admin(), crl.id);
    CHECK_THROWS_AS(trust.removeCrl(admin(), crl.id), NotFound);
    trust.removeOcsp(admin(), "http://ocsp.ca.gov.vn/");
    CHECK(trust.entries().empty());

    int adds = 0;
    int removes = 0;
    for (const auto& entry : storage->latestAudit(100)) {
        adds += entry.action == "trust-add" ? 1 : 0;
        removes += entry.action == "trust-remove" ? 1 : 0;
        CHECK(entry.username == "cli:test");
    }
    CHECK(adds == 4);
    CHECK(removes == 4);
    CHECK(audit.verify().intact);
}
