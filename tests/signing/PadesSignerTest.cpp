#include <catch2/catch.hpp>

#include "SigningFixtures.hpp"
#include "vanthu/signing/PadesSigner.hpp"

using namespace vanthu::signing;
using namespace vanthu::test;

namespace {

std::string signLetter(const std::string& pdf, const std::string& keyName, SignatureRole role) {
    SignOptions options;
    options.role = role;
    options.imagePng =
        readFile(demoPkiDir() / (role == SignatureRole::Seal ? "seal.png" : "signature.png"));
    options.lockDocument = role == SignatureRole::Seal;
    options.reason = "Ký ban hành văn bản";
    options.location = "Hà Nội";
    return PadesSigner(options).sign(pdf, *demoKey(keyName));
}

} // namespace

TEST_CASE("PadesSigner signs the signer field, and pdfsig and openssl cms agree", "[sign]") {
    TempDir dir;
    const std::string signedPdf = signLetter(makeLetterPdf(), "signer1", SignatureRole::Signer);
    writeFile(dir / "signed.pdf", signedPdf);
    const auto sig = pdfsig(dir / "signed.pdf");
    INFO(sig.out << sig.err);
    CHECK(sig.out.find("Signature is Valid.") != std::string::npos);
    CHECK(sig.out.find("Total document signed") != std::string::npos);
    CHECK(sig.out.find("ETSI.CAdES.detached") != std::string::npos);

    const auto extracted = extractSignature(signedPdf, 0);
    writeFile(dir / "sig.der", extracted.cms);
    writeFile(dir / "content.bin", extracted.signedBytes);
    const auto cms =
        run({"openssl", "cms", "-verify", "-inform", "DER", "-in", (dir / "sig.der").string(),
             "-binary", "-content", (dir / "content.bin").string(), "-CAfile",
             (demoPkiDir() / "ca.pem").string(), "-purpose", "any", "-out", "/dev/null"});
    INFO(cms.err);
    CHECK(cms.exitCode == 0);
    const auto print = run({"openssl", "cms", "-cmsout", "-print", "-inform", "DER", "-in",
                            (dir / "sig.der").string()});
    CHECK(print.out.find("signingTime") == std::string::npos);
    CHECK(print.out.find("id-smime-aa-signingCertificateV2") != std::string::npos);
    const auto qpdf = run({"qpdf", "--check", (dir / "signed.pdf").string()});
    INFO(qpdf.out << qpdf.err);
    CHECK(qpdf.exitCode == 0);
}

TEST_CASE("Signer then seal: two revisions, both valid, the seal covers the whole file", "[sign]") {
    TempDir dir;
    const std::string one = signLetter(makeLetterPdf(), "signer1", SignatureRole::Signer);
    const std::string two = signLetter(one, "seal", SignatureRole::Seal);
    REQUIRE(two.compare(0, one.size(), one) == 0);
    writeFile(dir / "two.pdf", two);
    const auto sig = pdfsig(dir / "two.pdf");
    INFO(sig.out << sig.err);
    CHECK(sig.out.find("Signature #2") != std::string::npos);
    size_t valid = 0;
    for (size_t at = sig.out.find("Signature is Valid."); at != std::string::npos;
         at = sig.out.find("Signature is Valid.", at + 1)) {
        ++valid;
    }
    CHECK(valid == 2);
    CHECK(sig.out.find("Total document signed") != std::string::npos);
    const auto qpdf = run({"qpdf", "--check", (dir / "two.pdf").string()});
    CHECK(qpdf.exitCode == 0);
}

TEST_CASE("Without fields the signature gets a new field on the last page", "[sign]") {
    TempDir dir;
    const std::string signedPdf =
        signLetter(makeLetterPdf(false), "signer2", SignatureRole::Signer);
    writeFile(dir / "signed.pdf", signedPdf);
    const auto sig = pdfsig(dir / "signed.pdf");
    INFO(sig.out << sig.err);
    CHECK(sig.out.find("Signature is Valid.") != std::string::npos);
}
