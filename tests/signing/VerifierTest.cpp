#include <catch2/catch.hpp>

#include "SigningFixtures.hpp"
#include "vanthu/signing/PadesSigner.hpp"
#include "vanthu/signing/SignatureVerifier.hpp"
#include "vanthu/signing/TimeStampAuthority.hpp"

using namespace vanthu::signing;
using namespace vanthu::test;

namespace {

SignatureVerifier demoVerifier(std::vector<X509CrlPtr> crls = {}) {
    std::vector<X509Ptr> anchors;
    anchors.push_back(certificateFromDer(toDer(demoPki().root().certificate.get())));
    return SignatureVerifier(std::move(anchors), std::move(crls));
}

std::string signAs(const std::string& pdf, const std::string& key, SignatureRole role,
                   PadesLevel level = PadesLevel::BB, TimeStampSource* tsa = nullptr) {
    SignOptions options;
    options.role = role;
    options.level = level;
    options.timeStamps = tsa;
    options.lockDocument = role == SignatureRole::Seal;
    options.imagePng =
        readFile(demoPkiDir() / (role == SignatureRole::Seal ? "seal.png" : "signature.png"));
    options.crls = {toDer(demoPki().issuingCrl().get()), toDer(demoPki().rootCrl().get())};
    return PadesSigner(options).sign(pdf, *demoKey(key));
}

TimeStampAuthority& demoTsa() {
    static auto tsa =
        TimeStampAuthority::fromPkcs12((demoPkiDir() / "tsa.p12").string(), kDemoPassword);
    return *tsa;
}

} // namespace

TEST_CASE("A signer and a seal signature verify, with roles and the lock", "[verify]") {
    const std::string pdf = signAs(signAs(makeLetterPdf(), "signer1", SignatureRole::Signer),
                                   "seal", SignatureRole::Seal);
    const VerifyReport report = demoVerifier().verify(pdf);
    INFO(toText(report));
    REQUIRE(report.ok);
    REQUIRE(report.signatures.size() == 2);
    CHECK(report.signatures[0].role == "signer");
    CHECK(report.signatures[0].signer == "Nguyễn Văn An");
    CHECK(report.signatures[0].level == "B-B");
    CHECK_FALSE(report.signatures[0].coversWholeDocument);
    CHECK(report.signatures[1].role == "seal");
    CHECK(report.signatures[1].locksDocument);
    CHECK(report.signatures[1].coversWholeDocument);
    CHECK(report.signatures[1].claimedTime.find("+07:00") != std::string::npos);
}

TEST_CASE("Without a trust anchor the signature is valid but not trusted", "[verify]") {
    const std::string pdf = signAs(makeLetterPdf(), "signer2", SignatureRole::Signer);
    const VerifyReport report = SignatureVerifier().verify(pdf);
    REQUIRE(report.signatures.size() == 1);
    CHECK(report.signatures[0].valid);
    CHECK_FALSE(report.signatures[0].trusted);
    CHECK_FALSE(report.ok);
}

TEST_CASE("A revoked signer is rejected", "[verify]") {
    const std::string pdf = signAs(makeLetterPdf(), "signer2", SignatureRole::Signer);
    std::vector<X509CrlPtr> crls;
    crls.push_back(demoPki().issuingCrl({DemoPki::kSigner2Serial}));
    crls.push_back(demoPki().rootCrl());
    const VerifyReport report = demoVerifier(std::move(crls)).verify(pdf);
    INFO(toText(report));
    CHECK_FALSE(report.ok);
    CHECK(toText(report).find("is revoked") != std::string::npos);
}

TEST_CASE("B-T, B-LT and B-LTA with the in-process TSA reach their levels", "[verify][tsa]") {
    const std::string letter = makeLetterPdf();
    for (const auto& [level, expected] : std::vector<std::pair<PadesLevel, std::string>>{
             {PadesLevel::BT, "B-T"}, {PadesLevel::BLT, "B-LT"}, {PadesLevel::BLTA, "B-LTA"}}) {
        const std::string pdf = signAs(letter, "signer1", SignatureRole::Signer, level, &demoTsa());
        const VerifyReport report = demoVerifier().verify(pdf);
        INFO(toText(report));
        CHECK(report.ok);
        CHECK(report.signatures.at(0).level == expected);
        CHECK_FALSE(report.signatures.at(0).timeStampTime.empty());
    }
}

TEST_CASE("vanthu verify exits 0, 1 and 2 and prints JSON", "[verify][cli]") {
    TempDir dir;
    writeFile(dir / "good.pdf", signAs(makeLetterPdf(), "signer1", SignatureRole::Signer));
    const auto ca = (demoPkiDir() / "ca.pem").string();
    const auto good = runVanthu({"verify", (dir / "good.pdf").string(), "--trust", ca, "--json"});
    INFO(good.out << good.err);
    CHECK(good.exitCode == 0);
    CHECK(good.out.find("\"format\": \"vanthu-verify-report/1\"") != std::string::npos);
    CHECK(runVanthu({"verify", (dir / "good.pdf").string()}).exitCode == 1);
    writeFile(dir / "junk.pdf", "not a pdf at all");
    const auto junk = runVanthu({"verify", (dir / "junk.pdf").string(), "--trust", ca});
    CHECK(junk.exitCode == 2);
    CHECK(junk.err.rfind("vanthu: ", 0) == 0);
}

TEST_CASE("pdfsig, openssl and vanthu agree on a signed and sealed letter made with the CLI",
          "[verify][cli]") {
    TempDir dir;
    writeFile(dir / "letter.pdf", makeLetterPdf());
    const auto pki = demoPkiDir();
    REQUIRE(
        runVanthu({"sign", (dir / "letter.pdf").string(), "-o", (dir / "s1.pdf").string(), "--p12",
                   (pki / "signer1.p12").string(), "--image", (pki / "signature.png").string()})
            .exitCode == 0);
    REQUIRE(runVanthu({"sign", (dir / "s1.pdf").string(), "-o", (dir / "s2.pdf").string(), "--p12",
                       (pki / "seal.p12").string(), "--role", "seal", "--image",
                       (pki / "seal.png").string()})
                .exitCode == 0);
    const auto verify =
        runVanthu({"verify", (dir / "s2.pdf").string(), "--trust", (pki / "ca.pem").string()});
    INFO(verify.out << verify.err);
    CHECK(verify.exitCode == 0);
    const auto sig = pdfsig(dir / "s2.pdf");
    CHECK(sig.out.find("Total document signed") != std::string::npos);
    CHECK(run({"qpdf", "--check", (dir / "s2.pdf").string()}).exitCode == 0);
    const std::string bytes = readFile(dir / "s2.pdf");
    for (int i = 0; i < 2; ++i) {
        const auto extracted = extractSignature(bytes, i);
        writeFile(dir / "sig.der", extracted.cms);
        writeFile(dir / "content.bin", extracted.signedBytes);
        const auto cms =
            run({"openssl", "cms", "-verify", "-inform", "DER", "-in", (dir / "sig.der").string(),
                 "-binary", "-content", (dir / "content.bin").string(), "-CAfile",
                 (pki / "ca.pem").string(), "-purpose", "any", "-out", "/dev/null"});
        CHECK(cms.exitCode == 0);
    }
}

TEST_CASE("provedAt: a signature's own time-stamp, else the earliest document time-stamp after "
          "it, else nothing",
          "[verify][tsa]") {
    const std::string bb = signAs(makeLetterPdf(), "signer1", SignatureRole::Signer);
    CHECK(demoVerifier().verify(bb).signatures.at(0).provedAt.empty());

    const std::string bt =
        signAs(makeLetterPdf(), "signer1", SignatureRole::Signer, PadesLevel::BT, &demoTsa());
    const auto timeStamped = demoVerifier().verify(bt).signatures.at(0);
    CHECK_FALSE(timeStamped.provedAt.empty());
    CHECK(timeStamped.provedAt == timeStamped.timeStampTime);

    // A B-B signature later covered by a document time-stamp is proved at that time-stamp.
    const std::string stamped = PadesSigner::addDocumentTimeStamp(bb, demoTsa());
    const VerifyReport report = demoVerifier().verify(stamped);
    INFO(toText(report));
    REQUIRE(report.signatures.size() == 2);
    CHECK(report.signatures[1].kind == "document-time-stamp");
    CHECK(report.signatures[0].provedAt == report.signatures[1].timeStampTime);
    CHECK(toText(report).find("proved at: " + report.signatures[0].provedAt) != std::string::npos);
    CHECK(toJson(report).find("\"provedAt\": \"" + report.signatures[0].provedAt + "\"") !=
          std::string::npos);
}

TEST_CASE("vanthu verify --at judges the certificates as of that date", "[verify][cli]") {
    TempDir dir;
    writeFile(dir / "good.pdf", signAs(makeLetterPdf(), "signer1", SignatureRole::Signer));
    const auto ca = (demoPkiDir() / "ca.pem").string();
    const auto file = (dir / "good.pdf").string();
    CHECK(runVanthu({"verify", file, "--trust", ca}).exitCode == 0);
    // Long before the demo PKI existed: its certificates were not valid yet.
    const auto before = runVanthu({"verify", file, "--trust", ca, "--at", "2001-01-01"});
    INFO(before.out << before.err);
    CHECK(before.exitCode == 1);
    CHECK(before.out.find("chain: failed") != std::string::npos);
    CHECK(runVanthu({"verify", file, "--trust", ca, "--at", "01/01/2030"}).exitCode == 2);
}
