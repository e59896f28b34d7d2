// CadesSignedData, the CMS code of vanthu's signer (issue 12 item 7: a test file per class): the
// signed attributes it builds are DER with exactly the attributes PAdES baseline asks for, and
// the ContentInfo it assembles is read and verified by OpenSSL itself (`openssl cms -verify`,
// independent of vanthu's verifier); the DER helpers measure DER and BER as other signers write.
#include <catch2/catch.hpp>

#include "SigningFixtures.hpp"
#include "vanthu/signing/CadesSignedData.hpp"

using namespace vanthu::signing;
using namespace vanthu::test;

namespace {

std::string printed(const TempDir& dir, const Bytes& der) {
    writeFile(dir / "cms.der", der);
    const auto out = run({"openssl", "cms", "-cmsout", "-print", "-inform", "DER", "-in",
                          (dir / "cms.der").string()});
    INFO(out.err);
    REQUIRE(out.exitCode == 0);
    return out.out;
}

} // namespace

TEST_CASE("CadesSignedData: signed attributes are one DER SET of the three PAdES attributes",
          "[cms]") {
    const auto key = demoKey("signer1");
    const Bytes digest = sha256("the signed bytes");
    const Bytes attributes = CadesSignedData::signedAttributes(digest, key->certificate());
    REQUIRE(!attributes.empty());
    CHECK(static_cast<unsigned char>(attributes[0]) == 0x31);
    CHECK(der::tlvLength(attributes) == attributes.size()); // one DER object, nothing after
    CHECK(attributes.find(digest) != std::string::npos);    // the message-digest's value
    // content-type, message-digest, signing-certificate-v2; no signing-time (PAdES baseline).
    CHECK(attributes.find(der::oid("1.2.840.113549.1.9.3")) != std::string::npos);
    CHECK(attributes.find(der::oid("1.2.840.113549.1.9.4")) != std::string::npos);
    CHECK(attributes.find(der::oid("1.2.840.113549.1.9.16.2.47")) != std::string::npos);
    CHECK(attributes.find(der::oid("1.2.840.113549.1.9.5")) == std::string::npos);
}

TEST_CASE("CadesSignedData: the assembled ContentInfo verifies in openssl cms over the content",
          "[cms]") {
    TempDir dir;
    const auto key = demoKey("signer1");
    const std::string content = "%PDF-1.7 the bytes a /ByteRange covers";
    const Bytes attributes = CadesSignedData::signedAttributes(sha256(content), key->certificate());
    const Bytes value = key->sign(attributes, RsaPadding::Pkcs1);
    const Bytes cms =
        CadesSignedData::assemble(attributes, value, key->certificate(), key->chain());
    CHECK(der::tlvLength(cms) == cms.size());
    CHECK(der::berLength(cms) == cms.size()); // DER is BER too
    writeFile(dir / "content.bin", content);
    writeFile(dir / "sig.der", cms);
    const auto verify =
        run({"openssl", "cms", "-verify", "-inform", "DER", "-in", (dir / "sig.der").string(),
             "-binary", "-content", (dir / "content.bin").string(), "-CAfile",
             (demoPkiDir() / "ca.pem").string(), "-purpose", "any", "-out", "/dev/null"});
    INFO(verify.out << verify.err);
    CHECK(verify.exitCode == 0);
    const std::string text = printed(dir, cms);
    CHECK(text.find("sha256") != std::string::npos);
    CHECK(text.find("eContent: <ABSENT>") != std::string::npos); // detached
    // Another content fails: the check above can say no.
    writeFile(dir / "other.bin", content + " changed");
    CHECK(run({"openssl", "cms", "-verify", "-inform", "DER", "-in", (dir / "sig.der").string(),
               "-binary", "-content", (dir / "other.bin").string(), "-CAfile",
               (demoPkiDir() / "ca.pem").string(), "-purpose", "any", "-out", "/dev/null"})
              .exitCode != 0);
}

TEST_CASE("CadesSignedData: RSA-PSS is named with its parameters", "[cms][pss]") {
    TempDir dir;
    const auto key = demoKey("signer1");
    const Bytes attributes = CadesSignedData::signedAttributes(sha256("x"), key->certificate());
    const Bytes cms =
        CadesSignedData::assemble(attributes, key->sign(attributes, RsaPadding::Pss),
                                  key->certificate(), key->chain(), {}, RsaPadding::Pss);
    const std::string text = printed(dir, cms);
    CHECK(text.find("rsassaPss") != std::string::npos);
    CHECK(text.find("mgf1") != std::string::npos);
}

TEST_CASE("der: lengths of DER and of BER with indefinite lengths, and 0 for malformed input",
          "[cms][der]") {
    const Bytes octets = der::octetString("abc");
    CHECK(octets == std::string("\x04\x03"
                                "abc",
                                5));
    CHECK(der::tlvLength(octets + "trailing") == 5);
    // A SEQUENCE of indefinite length holding the octet string, closed by 00 00.
    const Bytes ber = std::string("\x30\x80", 2) + octets + std::string("\x00\x00", 2);
    CHECK(der::berLength(ber) == ber.size());
    CHECK(der::tlvLength(ber) == 0);                           // not DER
    CHECK(der::berLength(ber.substr(0, ber.size() - 1)) == 0); // unterminated
    CHECK(der::tlvLength(std::string("\x04\x05"
                                     "abc",
                                     5)) == 0); // runs past the end
    // SET OF sorts its members by encoding.
    CHECK(der::setOf({der::octetString("b"), der::octetString("a")}) ==
          der::tlv(0x31, der::octetString("a") + der::octetString("b")));
}
