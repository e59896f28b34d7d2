// The office's seal on a PKCS#11 token (SoftHSM2) signs XML (issue 13 item 3): an edXML package
// and an enveloped XML document (the archive manifest's signature), RSA and ECDSA keys. The key
// never leaves the token: OpenSSL signs the digest through libp11. Checked by the package
// reader, by the document check and by xmlsec1, an independent XML-DSig implementation.
#include <catch2/catch.hpp>

#include "ExchangeFixture.hpp"
#include "TestSupport.hpp"
#include "vanthu/exchange/EnvelopedSignature.hpp"
#include "vanthu/exchange/PackageReader.hpp"
#include "vanthu/exchange/PackageWriter.hpp"
#include "vanthu/signing/Pkcs11Key.hpp"

using namespace vanthu;
using namespace vanthu::exchange;

namespace {

/// xmlsec1's verdict on a signed file, trusting the PKI's root and issuing CA.
test::ProcessResult xmlsec1Verify(const signing::DemoPki& pki, const test::TempDir& dir,
                                  const std::string& xml) {
    test::writeFile(dir / "root.pem", signing::toPem(pki.root().certificate.get()));
    test::writeFile(dir / "ca.pem", signing::toPem(pki.issuingCa().certificate.get()));
    test::writeFile(dir / "signed.xml", xml);
    return test::run({"xmlsec1", "--verify", "--trusted-pem", (dir / "root.pem").string(),
                      "--untrusted-pem", (dir / "ca.pem").string(), (dir / "signed.xml").string()});
}

} // namespace

TEST_CASE("A seal on a PKCS#11 token signs edXML packages and XML documents", "[pkcs11]") {
    const bool ecdsa = GENERATE(false, true);
    INFO((ecdsa ? "ECDSA P-256" : "RSA"));
    signing::DemoPkiOptions options;
    options.ecdsa = ecdsa;
    const signing::DemoPki pki(options);
    const std::string pin = "246813579";
    const test::SoftHsmToken token("CON DAU", pin, "seal", pki.pkcs12(pki.seal(), "seal"),
                                   options.password);
    const signing::Pkcs11Key seal(test::SoftHsmToken::kModule, "CON DAU", "seal", pin);
    REQUIRE(seal.privateKey() != nullptr);
    CHECK(X509_cmp(seal.certificate(), pki.seal().certificate.get()) == 0);

    // A status package: the reader takes it from a peer whose certificate is the token's.
    const auto package = writePackage(test::fullStatus(), &seal);
    const auto parsed = ParsedPackage::parse(package);
    CHECK(parsed.verifySignature({seal.certificate()}) == 0);
    CHECK(package.find(ecdsa ? "ecdsa-sha256" : "rsa-sha256") != std::string::npos);
    // … and not from one that trusts another key.
    CHECK_THROWS_AS(parsed.verifySignature({test::exchangeKeys().stranger->certificate()}),
                    RefusedPackage);

    // A document signed the archive manifest's way, its chain in KeyInfo.
    const std::string document = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                 "<ArchivePackage><FileCode>HS-01</FileCode></ArchivePackage>\n";
    const auto sealed = signXmlDocument(document, seal.privateKey(), seal.certificate(),
                                        {pki.issuingCa().certificate.get()});
    const auto check = checkXmlDocumentSignature(sealed);
    INFO(check.problem);
    CHECK(check.status == XmlDocumentSignature::Status::Intact);
    REQUIRE(check.signer);
    CHECK(X509_cmp(check.signer.get(), pki.seal().certificate.get()) == 0);

    test::TempDir dir;
    const auto independent = xmlsec1Verify(pki, dir, sealed);
    INFO(independent.err);
    CHECK(independent.exitCode == 0);
    const auto packageChecked = xmlsec1Verify(pki, dir, package);
    INFO(packageChecked.err);
    CHECK(packageChecked.exitCode == 0);
    // A changed byte is caught by both.
    std::string changed = sealed;
    changed.replace(changed.find("HS-01"), 5, "HS-02");
    CHECK(checkXmlDocumentSignature(changed).status == XmlDocumentSignature::Status::Broken);
    CHECK(xmlsec1Verify(pki, dir, changed).exitCode != 0);
}
