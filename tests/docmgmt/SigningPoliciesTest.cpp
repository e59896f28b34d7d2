// SigningPolicies (issue 21): each office's policy (levels, TSA, revocation source), its
// default, the administrator's change (checked, audited, warned below B-T), and the flow signing
// by it: a letter issued at B-LTA (the project's verifier, pdfsig, openssl ts), and a TSA that
// does not answer refusing the issue with nothing changed, the number not used up.
#include <catch2/catch.hpp>

#include <fstream>

#include "DocmgmtFixtures.hpp"
#include "PolicyWorld.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/SigningPolicies.hpp"
#include "vanthu/signing/OpenSsl.hpp"
#include "vanthu/signing/SignatureVerifier.hpp"

using namespace vanthu::docmgmt;
using vanthu::test::DemoWorld;
using vanthu::test::PolicyWorld;
using vanthu::test::verified;
namespace fs = std::filesystem;

namespace {

/// The DER token in the last /Contents of the file (the document time-stamp's).
std::string lastContents(const std::string& pdf) {
    const auto at = pdf.rfind("/Contents<");
    REQUIRE(at != std::string::npos);
    const auto end = pdf.find('>', at);
    std::string der;
    for (auto i = at + 10; i + 1 < end; i += 2) {
        der += static_cast<char>(std::stoi(pdf.substr(i, 2), nullptr, 16));
    }
    REQUIRE(der.size() > 4);
    REQUIRE(static_cast<unsigned char>(der[1]) == 0x82); // SEQUENCE, two length bytes
    const std::size_t length =
        (static_cast<unsigned char>(der[2]) << 8) | static_cast<unsigned char>(der[3]);
    return der.substr(0, length + 4);
}

} // namespace

TEST_CASE("SigningPolicies: B-LTA by default with the installation's TSA, B-B with a warning "
          "without one",
          "[policy]") {
    PolicyWorld p;
    const Id office = p.w.officeOf("vanthu.vq").id;
    const auto withTsa = p.policies->policyOf(office);
    CHECK(withTsa.signerLevel == "B-LTA");
    CHECK(withTsa.sealLevel == "B-LTA");
    CHECK(withTsa.tsa == "builtin");
    CHECK(withTsa.revocation == "builtin");
    CHECK(SigningPolicies::warnings(withTsa).empty());
    CHECK_FALSE(p.policies->stored(office));

    vanthu::test::TempDir empty;
    SigningPolicies bare(*p.w.storage, *p.w.audit, nullptr, empty.path(), "");
    const auto without = bare.policyOf(office);
    CHECK(without.signerLevel == "B-B");
    CHECK(without.tsa == "none");
    CHECK(without.revocation == "aia");
    CHECK(SigningPolicies::warnings(without).size() == 2);
}

TEST_CASE("SigningPolicies: only an administrator changes a policy, it is checked, audited, and "
          "below B-T warned",
          "[policy]") {
    PolicyWorld p;
    const Id office = p.w.officeOf("vanthu.vq").id;
    const auto admin = p.w.actor("quantri.vq");
    CHECK_THROWS_AS(p.policies->change(p.w.actor("vanthu.vq"), office, p.policy("B-B", "none"), {}),
                    Forbidden);
    try {
        p.policies->change(admin, office, p.policy("B-T", "none"), {});
        FAIL("B-T without a TSA was accepted");
    } catch (const InvalidInput& e) {
        CHECK(e.field() == "tsa");
    }
    try {
        p.policies->change(admin, office, p.policy("B-LTA", "url", "https://tsa.example"), {});
        FAIL("an https:// TSA was accepted");
    } catch (const InvalidInput& e) {
        CHECK(e.field() == "tsaUrl");
    }
    try {
        p.policies->change(admin, office, p.policy("B-XL", "builtin"), {});
        FAIL("a made-up level was accepted");
    } catch (const InvalidInput& e) {
        CHECK(e.field() == "signerLevel");
    }
    CHECK_FALSE(p.policies->stored(office));

    const auto low = p.policies->change(admin, office, p.policy("B-B", "none"), {});
    CHECK(low.signerLevel == "B-B");
    CHECK(SigningPolicies::warnings(low).size() == 2);
    CHECK(p.policies->stored(office));
    const auto entries = p.w.audit->about("office/" + std::to_string(office));
    REQUIRE_FALSE(entries.empty());
    CHECK(entries.back().action == "signing-policy");
    CHECK(entries.back().username == "quantri.vq");
    CHECK(entries.back().detail.find("B-B") != std::string::npos);
    CHECK(entries.back().detail.find("cảnh báo") != std::string::npos);

    auto outside = p.policy("B-LTA", "url", "http://tsa.example.vn/tsa");
    outside.tsaUsername = "vanthu";
    const auto saved = p.policies->change(admin, office, outside, std::string("bí mật 123"));
    CHECK(saved.tsaSecret.rfind("v1:", 0) == 0);
    CHECK(saved.tsaSecret.find("bí mật") == std::string::npos);
    CHECK(SigningPolicies::warnings(saved).empty());
    // Saved again without a password: the same service keeps it.
    const auto again = p.policies->change(admin, office, outside, std::nullopt);
    CHECK(again.tsaSecret == saved.tsaSecret);
    CHECK(p.policies->policyOf(office).tsaUrl == "http://tsa.example.vn/tsa");
    CHECK(p.w.audit->verify().intact);
}

TEST_CASE("SigningPolicies: the flow issues a B-LTA letter, and a TSA that does not answer "
          "refuses the issue with nothing changed",
          "[policy][flow]") {
    PolicyWorld p;
    const Id office = p.w.officeOf("vanthu.vq").id;
    const auto clerk = p.w.actor("vanthu.vq");
    const Id id = p.signedLetter("chính sách ký B-LTA");
    const auto registerBefore = p.flow->outgoingRegister(clerk, 2026).size();

    // The TSA goes away (a closed loopback port): the issue is refused, nothing moves.
    p.policies->change(p.w.actor("quantri.vq"), office,
                       p.policy("B-LTA", "url", "http://127.0.0.1:9/tsa"), {});
    const auto auditBefore = p.w.storage->lastAudit()->seq;
    try {
        p.flow->issue(clerk, id);
        FAIL("issued without a time-stamp");
    } catch (const EvidenceUnavailable& e) {
        CHECK(e.code() == "tsa-unavailable");
        CHECK(std::string(e.what()).find("chưa được ký hay phát hành") != std::string::npos);
    }
    const auto after = *p.w.storage->findDocument(id);
    CHECK(after.state == DocumentState::Signed);
    CHECK_FALSE(after.number);
    CHECK(after.issuedPdf.empty());
    CHECK(p.flow->outgoingRegister(clerk, 2026).size() == registerBefore);
    CHECK(p.w.storage->lastAudit()->seq == auditBefore);

    // Back to the built-in TSA: the clerk tries again and the letter gets the next number.
    p.policies->change(p.w.actor("quantri.vq"), office, p.policy("B-LTA", "builtin"), {});
    const auto issued = p.flow->issue(clerk, id);
    REQUIRE(issued.number);
    CHECK(p.flow->outgoingRegister(clerk, 2026).size() == registerBefore + 1);
    const std::string pdf = p.w.blobs->get(issued.issuedPdf);

    const auto report = verified(pdf, p.pki);
    INFO(vanthu::signing::toText(report));
    CHECK(report.ok);
    REQUIRE(report.signatures.size() == 3);
    CHECK(report.signatures[0].field == "SignerSignature");
    CHECK(report.signatures[0].level == "B-LTA");
    CHECK(report.signatures[1].field == "SealSignature");
    CHECK(report.signatures[1].level == "B-LTA");
    CHECK(report.signatures[2].kind == "document-time-stamp");
    CHECK(report.signatures[2].coversWholeDocument); // the last revision
    CHECK(pdf.find("/DSS") != std::string::npos);
    CHECK(pdf.find("/OCSPs") != std::string::npos);

    // Independently: the last revision's token is an RFC 3161 reply openssl reads.
    vanthu::test::TempDir dir;
    const auto token = dir.path() / "token.der";
    std::ofstream(token, std::ios::binary) << lastContents(pdf);
    const auto text = vanthu::test::run(
        {"openssl", "ts", "-reply", "-in", token.string(), "-token_in", "-text", "-token_out"});
    INFO(text.out << text.err);
    CHECK(text.exitCode == 0);
    CHECK(text.out.find("Policy OID: 1.3.6.1.4.1.99999.3161.1") != std::string::npos);
    CHECK(text.out.find("Hash Algorithm: sha256") != std::string::npos);
    const auto file = dir.path() / "issued.pdf";
    std::ofstream(file, std::ios::binary) << pdf;
    const auto sig = vanthu::test::run({"pdfsig", file.string()});
    INFO(sig.out);
    // poppler 22 cannot check an ETSI.RFC3161 time-stamp ("Signature Type: unknown") but reads
    // it as the third signature, the one that covers the whole file.
    const auto third = sig.out.find("Signature #3:");
    REQUIRE(third != std::string::npos);
    CHECK(sig.out.find("Signature Field Name: DocumentTimeStamp", third) != std::string::npos);
    CHECK(sig.out.find("Signer Certificate Common Name: Vanthu Demo TSA") != std::string::npos);
    CHECK(sig.out.find("Total document signed") != std::string::npos);
}

TEST_CASE(
    "SigningPolicies: no revocation data for a certificate refuses the issue, nothing changed",
    "[policy][flow]") {
    PolicyWorld p;
    const Id office = p.w.officeOf("vanthu.vq").id;
    const auto clerk = p.w.actor("vanthu.vq");
    const Id id = p.signedLetter("không có dữ liệu thu hồi");
    // An installation without its own CA and without CRLs: the demo certificates name no OCSP
    // responder, so "aia" finds nothing for them.
    auto policy = p.policy("B-LTA", "builtin");
    policy.revocation = "aia";
    p.policies->change(p.w.actor("quantri.vq"), office, policy, {});
    for (const char* name : {"issuing-ca.p12", "ca.crl", "issuing-ca.crl"}) {
        fs::remove(p.pki / name);
    }
    const auto auditBefore = p.w.storage->lastAudit()->seq;
    try {
        p.flow->issue(clerk, id);
        FAIL("issued without validation data");
    } catch (const EvidenceUnavailable& e) {
        CHECK(e.code() == "revocation-unavailable");
        CHECK(std::string(e.what()).find("chưa được phát hành") != std::string::npos);
    }
    const auto after = *p.w.storage->findDocument(id);
    CHECK(after.state == DocumentState::Signed);
    CHECK_FALSE(after.number);
    CHECK(after.issuedPdf.empty());
    CHECK(p.w.storage->lastAudit()->seq == auditBefore);
}

TEST_CASE("SigningPolicies: a change from an older version is refused, naming who changed it",
          "[policy][storage]") {
    PolicyWorld p;
    const Id office = p.w.officeOf("vanthu.vq").id;
    const auto admin = p.w.actor("quantri.vq");
    CHECK(p.policies->policyOf(office).version == 0); // the default: none stored
    const auto first = p.policies->change(admin, office, p.policy("B-LT", "builtin"), {}, 0);
    CHECK(first.version == 1);
    CHECK(p.policies->policyOf(office).version == 1);
    try {
        p.policies->change(admin, office, p.policy("B-T", "builtin"), {}, 0);
        FAIL("a change from the default was taken over version 1");
    } catch (const StaleVersion& e) {
        CHECK(e.currentVersion() == 1);
        CHECK(e.changedBy() == admin.user.fullName);
        CHECK(std::string(e.what()).find("Chính sách ký số") != std::string::npos);
    }
    CHECK(p.policies->policyOf(office).signerLevel == "B-LT");
    CHECK(p.policies->change(admin, office, p.policy("B-T", "builtin"), {}, 1).version == 2);
}
