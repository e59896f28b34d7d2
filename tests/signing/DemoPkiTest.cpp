#include <catch2/catch.hpp>

#include "SigningFixtures.hpp"
#include "vanthu/signing/DemoPki.hpp"

using namespace vanthu::signing;
using vanthu::test::run;
using vanthu::test::TempDir;

TEST_CASE("DemoPki writes a chain that openssl verifies", "[pki]") {
    TempDir dir;
    DemoPkiOptions options;
    options.newKey = vanthu::test::cachedDemoKey; // RSA 2048 keys made once per build folder
    const DemoPki pki(options);
    pki.writeTo(dir.path());
    for (const char* name :
         {"ca.pem", "ca.crl", "issuing-ca.pem", "issuing-ca.crl", "seal.p12", "signer1.p12",
          "signer2.p12", "tsa.p12", "signature.png", "seal.png"}) {
        CHECK(std::filesystem::exists(dir / name));
    }
    // The signer's certificate out of its PKCS#12, checked against the chain and the CRLs.
    const auto pem = run({"openssl", "pkcs12", "-in", (dir / "signer1.p12").string(), "-nokeys",
                          "-clcerts", "-passin", "pass:vanthu", "-out", (dir / "s1.pem").string()});
    REQUIRE(pem.exitCode == 0);
    vanthu::test::writeFile(dir / "crls.pem", vanthu::test::readFile(dir / "ca.crl") +
                                                  vanthu::test::readFile(dir / "issuing-ca.crl"));
    const auto verify = run({"openssl", "verify", "-CAfile", (dir / "ca.pem").string(),
                             "-untrusted", (dir / "issuing-ca.pem").string(), "-crl_check_all",
                             "-CRLfile", (dir / "crls.pem").string(), (dir / "s1.pem").string()});
    INFO(verify.out << verify.err);
    CHECK(verify.exitCode == 0);
    const auto text = run({"openssl", "x509", "-in", (dir / "s1.pem").string(), "-noout", "-text"});
    CHECK(text.out.find("Digital Signature, Non Repudiation") != std::string::npos);
    CHECK(text.out.find("URI:http://pki.vanthu.invalid/issuing-ca.crl") != std::string::npos);
    CHECK(text.out.find("Public-Key: (2048 bit)") != std::string::npos);
}

TEST_CASE("DemoPki gives the TSA a critical timeStamping usage and can use ECDSA", "[pki]") {
    DemoPkiOptions options;
    options.ecdsa = true;
    options.password = "secret";
    TempDir dir;
    DemoPki(options).writeTo(dir.path());
    const auto pem =
        run({"openssl", "pkcs12", "-in", (dir / "tsa.p12").string(), "-nokeys", "-clcerts",
             "-passin", "pass:secret", "-out", (dir / "tsa.pem").string()});
    REQUIRE(pem.exitCode == 0);
    const auto text =
        run({"openssl", "x509", "-in", (dir / "tsa.pem").string(), "-noout", "-text"});
    CHECK(text.out.find("X509v3 Extended Key Usage: critical") != std::string::npos);
    CHECK(text.out.find("Time Stamping") != std::string::npos);
    CHECK(text.out.find("prime256v1") != std::string::npos);
}

TEST_CASE("Demo images are transparent PNGs", "[pki]") {
    TempDir dir;
    DemoPkiOptions options;
    options.newKey = vanthu::test::cachedDemoKey;
    DemoPki(options).writeTo(dir.path());
    const std::string png = vanthu::test::readFile(dir / "seal.png");
    REQUIRE(png.substr(1, 3) == "PNG");
    CHECK(static_cast<unsigned char>(png[25]) == 6); // colour type RGBA
}
