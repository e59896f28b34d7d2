// The one verification entry point and its trust anchors (signing/Verification.hpp), and the
// signing library's typed errors (SigningErrors.hpp), issue 12 item 7: callers can tell a bad
// PDF, a bad key, a weak key and a file that cannot be read apart.
#include <catch2/catch.hpp>

#include "SigningFixtures.hpp"
#include "vanthu/signing/PadesSigner.hpp"
#include "vanthu/signing/SigningErrors.hpp"
#include "vanthu/signing/Verification.hpp"

using namespace vanthu::signing;
using namespace vanthu::test;

TEST_CASE("trust anchors: one loading for PEM text, files and the server's optional file",
          "[verify][trust]") {
    TempDir dir;
    const std::string ca = readFile(demoPkiDir() / "ca.pem");
    const std::string issuing = readFile(demoPkiDir() / "issuing-ca.pem");
    CHECK(trustAnchorsFromPem("").empty());
    CHECK(trustAnchorsFromPem(" \n\t\n").empty());
    CHECK(trustAnchorsFromPem(ca).size() == 1);
    CHECK(trustAnchorsFromPem(ca + "\n" + issuing).size() == 2);
    CHECK_THROWS(trustAnchorsFromPem("not a certificate"));

    writeFile(dir / "both.pem", ca + issuing);
    CHECK(trustAnchorsFromFiles({(demoPkiDir() / "ca.pem").string(), (dir / "both.pem").string()})
              .size() == 3);
    CHECK_THROWS_AS(trustAnchorsFromFiles({(dir / "missing.pem").string()}), FileError);

    CHECK(trustAnchorsFromOptionalFile({}).empty());
    CHECK(trustAnchorsFromOptionalFile(dir / "missing.pem").empty());
    writeFile(dir / "blank.pem", "\n");
    CHECK(trustAnchorsFromOptionalFile(dir / "blank.pem").empty());
    CHECK(trustAnchorsFromOptionalFile(dir / "both.pem").size() == 2);
}

TEST_CASE("verifyDocument: the same verdicts in the child process and in process",
          "[verify][sandbox]") {
    const SignatureVerifier trusting(trustAnchorsFromPem(readFile(demoPkiDir() / "ca.pem")));
    const SignatureVerifier trustingNothing;
    for (const auto isolation : {Isolation::InProcess, Isolation::ChildProcess}) {
        INFO((isolation == Isolation::InProcess ? "in process" : "child process"));
        const auto good = verifyDocument(signedDemoLetter(), trusting, isolation);
        INFO(toText(good.report));
        CHECK(good.exitCode == 0);
        CHECK(good.report.ok);
        const auto untrusted = verifyDocument(signedDemoLetter(), trustingNothing, isolation);
        CHECK(untrusted.exitCode == 1);
        CHECK_FALSE(untrusted.report.ok);
        const auto unreadable = verifyDocument("%PDF-1.7\nnothing else", trusting, isolation);
        CHECK(unreadable.exitCode == 2);
        REQUIRE(unreadable.report.errors.size() == 1);
        CHECK(unreadable.report.errors[0].rfind("unreadable PDF: ", 0) == 0);
    }
}

TEST_CASE("typed errors: a bad key, a weak key and an unreadable file are told apart",
          "[sign][errors]") {
    TempDir dir;
    CHECK_THROWS_AS(Pkcs12Key::fromBytes("not a PKCS#12 file", kDemoPassword), BadKey);
    CHECK_THROWS_AS(Pkcs12Key::fromFile((demoPkiDir() / "signer1.p12").string(), "wrong"), BadKey);
    CHECK_THROWS_AS(Pkcs12Key::fromFile((dir / "missing.p12").string(), kDemoPassword), FileError);
    CHECK_THROWS_AS(readBinaryFile((dir / "missing.pdf").string()), FileError);

    // RSA 1024: refused before anything is written, naming the size.
    REQUIRE(run({"openssl", "req", "-x509", "-newkey", "rsa:1024", "-nodes", "-keyout",
                 (dir / "weak-key.pem").string(), "-out", (dir / "weak.pem").string(), "-subj",
                 "/CN=Weak key", "-days", "2", "-addext",
                 "keyUsage=critical,digitalSignature,nonRepudiation"})
                .exitCode == 0);
    REQUIRE(run({"openssl", "pkcs12", "-export", "-inkey", (dir / "weak-key.pem").string(), "-in",
                 (dir / "weak.pem").string(), "-passout", "pass:secret", "-out",
                 (dir / "weak.p12").string()})
                .exitCode == 0);
    const auto weak = Pkcs12Key::fromFile((dir / "weak.p12").string(), "secret");
    try {
        (void)PadesSigner(SignOptions{}).sign(makeLetterPdf(), *weak);
        FAIL("a 1024-bit RSA key signed");
    } catch (const WeakAlgorithm& e) {
        CHECK(std::string(e.what()).find("RSA-1024") != std::string::npos);
    }
    // A bad PDF is the reader's own error, not any of the above.
    CHECK_THROWS_AS(PadesSigner(SignOptions{}).sign("not a PDF", *demoKey("signer1")),
                    std::runtime_error);
}
