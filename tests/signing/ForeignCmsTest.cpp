// CMS as other signers write it: a signature made by OpenSSL's CMS code (`openssl cms -sign
// -cades`: signing-certificate-v2 and a signing-time attribute), re-encoded the way
// BouncyCastle-based Java and .NET signers write it (the ContentInfo, its [0] and the SignedData
// with indefinite lengths, BER), put into a PDF that `vanthu sign prepare` reserved. vanthu verify
// must call it intact and trusted and report the BER and the signing-time; pdfsig agrees.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>

#include "SigningFixtures.hpp"

using namespace vanthu::test;

namespace {

/// Header length and content length of the definite-length TLV at der[at...].
std::pair<std::size_t, std::size_t> header(const std::string& der, std::size_t at) {
    REQUIRE(der.size() > at + 1);
    const auto first = static_cast<unsigned char>(der[at + 1]);
    if (first < 0x80) {
        return {2, first};
    }
    const std::size_t count = first & 0x7f;
    std::size_t length = 0;
    for (std::size_t i = 0; i < count; ++i) {
        length = (length << 8) | static_cast<unsigned char>(der[at + 2 + i]);
    }
    return {2 + count, length};
}

/// The constructed TLV `der` with an indefinite length; its children that are constructed
/// (SEQUENCE or [0]) and not the first child of a SEQUENCE get the same, `levels` deep.
std::string indefinite(const std::string& der, int levels) {
    const auto [h, l] = header(der, 0);
    std::string body = der.substr(h, l);
    if (levels > 1) {
        std::string out;
        for (std::size_t i = 0, index = 0; i < body.size(); ++index) {
            const auto [ch, cl] = header(body, i);
            std::string child = body.substr(i, ch + cl);
            const auto tag = static_cast<unsigned char>(body[i]);
            const bool convert = tag == 0xa0 || (tag == 0x30 && (index > 0 || der[0] == '\xa0'));
            out += convert ? indefinite(child, levels - 1) : child;
            i += ch + cl;
        }
        body = out;
    }
    return std::string{der[0], '\x80'} + body + std::string(2, '\0');
}

std::string hex(const std::string& bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (const unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

} // namespace

TEST_CASE("A BER-encoded foreign CMS with signing-time verifies, reported for what it is",
          "[cms][cli][interop]") {
    TempDir dir;
    const auto p12 = (demoPkiDir() / "signer1.p12").string();
    REQUIRE(run({"openssl", "pkcs12", "-in", p12, "-passin", "pass:vanthu", "-nocerts", "-nodes",
                 "-out", (dir / "key.pem").string()})
                .exitCode == 0);
    REQUIRE(run({"openssl", "pkcs12", "-in", p12, "-passin", "pass:vanthu", "-nokeys", "-clcerts",
                 "-out", (dir / "cert.pem").string()})
                .exitCode == 0);
    writeFile(dir / "letter.pdf", makeLetterPdf());
    const auto prepare = runVanthu(
        {"sign", "prepare", (dir / "letter.pdf").string(), "-o", (dir / "prepared.pdf").string(),
         "--cert", (dir / "cert.pem").string(), "--digest-out", (dir / "digest.bin").string()});
    INFO(prepare.err);
    REQUIRE(prepare.exitCode == 0);
    std::string pdf = readFile(dir / "prepared.pdf");

    // The bytes /ByteRange covers, signed by OpenSSL's CMS code as a foreign signer would.
    std::smatch range;
    REQUIRE(std::regex_search(
        pdf, range, std::regex(R"(/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\])")));
    const std::size_t b = std::stoul(range[2]), c = std::stoul(range[3]), d = std::stoul(range[4]);
    writeFile(dir / "tbs.bin", pdf.substr(0, b) + pdf.substr(c, d));
    const auto sign =
        run({"openssl", "cms", "-sign", "-binary", "-cades", "-md", "sha256", "-outform", "DER",
             "-in", (dir / "tbs.bin").string(), "-signer", (dir / "cert.pem").string(), "-inkey",
             (dir / "key.pem").string(), "-certfile", (demoPkiDir() / "issuing-ca.pem").string(),
             "-out", (dir / "cms.der").string()});
    INFO(sign.err);
    REQUIRE(sign.exitCode == 0);
    const std::string der = readFile(dir / "cms.der");
    const std::string ber = indefinite(der, 3);
    REQUIRE(ber.size() == der.size()); // same bytes, 0x80 and 00 00 instead of definite lengths
    REQUIRE(ber != der);
    const std::string prepared = pdf;
    const std::string contents = hex(ber);
    const std::size_t slot = c - 1 - (b + 1); // between < and >
    REQUIRE(contents.size() <= slot);
    pdf.replace(b + 1, contents.size(), contents);
    writeFile(dir / "foreign.pdf", pdf);

    const auto verified = runVanthu(
        {"verify", (dir / "foreign.pdf").string(), "--trust", (demoPkiDir() / "ca.pem").string()});
    INFO(verified.out << verified.err);
    CHECK(verified.exitCode == 0);
    CHECK(verified.out.find("all signatures valid and trusted") != std::string::npos);
    CHECK(verified.out.find("BER (signed attributes verified as DER)") != std::string::npos);
    CHECK(verified.out.find("a signing-time attribute") != std::string::npos);
    const auto sig = pdfsig(dir / "foreign.pdf");
    INFO(sig.out);
    CHECK(sig.out.find("Signature is Valid.") != std::string::npos);

    SECTION("SHA-1 fails, and says so") {
        REQUIRE(
            run({"openssl", "cms", "-sign", "-binary", "-cades", "-md", "sha1", "-outform", "DER",
                 "-in", (dir / "tbs.bin").string(), "-signer", (dir / "cert.pem").string(),
                 "-inkey", (dir / "key.pem").string(), "-out", (dir / "sha1.der").string()})
                .exitCode == 0);
        std::string weak = prepared;
        const std::string weakHex = hex(readFile(dir / "sha1.der"));
        REQUIRE(weakHex.size() <= slot);
        weak.replace(b + 1, weakHex.size(), weakHex);
        writeFile(dir / "sha1.pdf", weak);
        const auto refused = runVanthu(
            {"verify", (dir / "sha1.pdf").string(), "--trust", (demoPkiDir() / "ca.pem").string()});
        INFO(refused.out << refused.err);
        CHECK(refused.exitCode != 0);
        CHECK(refused.out.find("the digest algorithm SHA-1 is too weak: accepted until "
                               "2013-12-31") != std::string::npos);
        // The algorithm policy is applied at the time the signature is proven to exist (here the
        // validation time asked for): in 2013 SHA-1 was still accepted, so only the
        // certificate (made today) fails then, not the algorithm.
        const auto in2013 = runVanthu({"verify", (dir / "sha1.pdf").string(), "--trust",
                                       (demoPkiDir() / "ca.pem").string(), "--at", "2013-06-01"});
        INFO(in2013.out << in2013.err);
        CHECK(in2013.out.find("too weak") == std::string::npos);
        CHECK(in2013.out.find("signature verifies") != std::string::npos);
    }
    SECTION("an RSA key under 2048 bits fails, and says so") {
        REQUIRE(run({"openssl", "req", "-x509", "-newkey", "rsa:1024", "-nodes", "-keyout",
                     (dir / "weak-key.pem").string(), "-out", (dir / "weak.pem").string(), "-subj",
                     "/CN=Weak key", "-days", "2", "-addext",
                     "keyUsage=critical,digitalSignature,nonRepudiation"})
                    .exitCode == 0);
        REQUIRE(
            run({"openssl", "cms", "-sign", "-binary", "-cades", "-md", "sha256", "-outform", "DER",
                 "-in", (dir / "tbs.bin").string(), "-signer", (dir / "weak.pem").string(),
                 "-inkey", (dir / "weak-key.pem").string(), "-out", (dir / "weak.der").string()})
                .exitCode == 0);
        std::string weak = prepared;
        const std::string weakHex = hex(readFile(dir / "weak.der"));
        REQUIRE(weakHex.size() <= slot);
        weak.replace(b + 1, weakHex.size(), weakHex);
        writeFile(dir / "weak.pdf", weak);
        const auto refused = runVanthu(
            {"verify", (dir / "weak.pdf").string(), "--trust", (dir / "weak.pem").string()});
        INFO(refused.out << refused.err);
        CHECK(refused.exitCode != 0);
        CHECK(refused.out.find("the signer's key RSA-1024 is too weak") != std::string::npos);
    }
    SECTION("an EC key on a curve under 224 bits fails, and says so (the algorithm policy)") {
        REQUIRE(run({"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                     "ec_paramgen_curve:prime192v1", "-nodes", "-keyout",
                     (dir / "small-key.pem").string(), "-out", (dir / "small.pem").string(),
                     "-subj", "/CN=Small curve", "-days", "2", "-addext",
                     "keyUsage=critical,digitalSignature,nonRepudiation"})
                    .exitCode == 0);
        REQUIRE(
            run({"openssl", "cms", "-sign", "-binary", "-cades", "-md", "sha256", "-outform", "DER",
                 "-in", (dir / "tbs.bin").string(), "-signer", (dir / "small.pem").string(),
                 "-inkey", (dir / "small-key.pem").string(), "-out", (dir / "small.der").string()})
                .exitCode == 0);
        std::string small = prepared;
        const std::string smallHex = hex(readFile(dir / "small.der"));
        REQUIRE(smallHex.size() <= slot);
        small.replace(b + 1, smallHex.size(), smallHex);
        writeFile(dir / "small.pdf", small);
        const auto refused = runVanthu(
            {"verify", (dir / "small.pdf").string(), "--trust", (dir / "small.pem").string()});
        INFO(refused.out << refused.err);
        CHECK(refused.exitCode != 0);
        CHECK(refused.out.find("the signer's key EC-192 is too weak") != std::string::npos);
    }
    SECTION("a change to the BER-signed bytes is still caught") {
        std::string altered = pdf;
        REQUIRE(altered.compare(0, 7, "%PDF-1.") == 0);
        altered[7] = altered[7] == '4' ? '5' : '4'; // the header's minor version: signed bytes
        writeFile(dir / "altered.pdf", altered);
        const auto bad = runVanthu({"verify", (dir / "altered.pdf").string(), "--trust",
                                    (demoPkiDir() / "ca.pem").string()});
        CHECK(bad.exitCode != 0);
        CHECK(bad.out.find("digest does not match") != std::string::npos);
    }
}

namespace {

/// An NSS database holding signer1's key and trusting the demo root, for pdfsig.
std::string nssWithSigner(const TempDir& dir) {
    const auto db = "sql:" + (dir / "nss").string();
    std::filesystem::create_directories(dir / "nss");
    REQUIRE(run({"certutil", "-N", "-d", db, "--empty-password"}).exitCode == 0);
    const auto imported =
        run({"pk12util", "-i", (demoPkiDir() / "signer1.p12").string(), "-d", db, "-W", "vanthu"});
    INFO(imported.out << imported.err);
    REQUIRE(imported.exitCode == 0);
    REQUIRE(run({"certutil", "-A", "-d", db, "-n", "demo-root", "-t", "CT,C,C", "-i",
                 (demoPkiDir() / "ca.pem").string()})
                .exitCode == 0);
    return db;
}

} // namespace

TEST_CASE("pdfsig -add-signature (poppler with NSS): adbe.pkcs7.detached, intact and trusted",
          "[cms][cli][interop]") {
    TempDir dir;
    const auto db = nssWithSigner(dir);
    writeFile(dir / "letter.pdf", makeLetterPdf());
    auto addSignature = [&](const std::string& out, const std::string& digest) {
        // poppler 22 signs only with SHA-256 here.
        const auto added = run({"pdfsig", "-nssdir", db, "-add-signature", "-nick", "signer1",
                                "-digest", digest, "-new-signature-field-name", "Foreign",
                                (dir / "letter.pdf").string(), (dir / out).string()});
        INFO(added.out << added.err);
        REQUIRE(std::filesystem::exists(dir / out));
    };
    addSignature("foreign.pdf", "SHA256");
    const auto verified = runVanthu(
        {"verify", (dir / "foreign.pdf").string(), "--trust", (demoPkiDir() / "ca.pem").string()});
    INFO(verified.out << verified.err);
    CHECK(verified.exitCode == 0);
    CHECK(verified.out.find("all signatures valid and trusted") != std::string::npos);
    CHECK(verified.out.find("level: none (adbe.pkcs7.detached: a PDF signature, not PAdES)") !=
          std::string::npos);

    // vanthu seals after the foreign signature: both stay valid, in vanthu verify and in pdfsig.
    const auto sealed =
        runVanthu({"sign", (dir / "foreign.pdf").string(), "-o", (dir / "sealed.pdf").string(),
                   "--p12", (demoPkiDir() / "seal.p12").string(), "--role", "seal"});
    INFO(sealed.err);
    REQUIRE(sealed.exitCode == 0);
    const auto both = runVanthu(
        {"verify", (dir / "sealed.pdf").string(), "--trust", (demoPkiDir() / "ca.pem").string()});
    INFO(both.out << both.err);
    CHECK(both.exitCode == 0);
    CHECK(both.out.find("all signatures valid and trusted") != std::string::npos);
    const auto sig = run({"pdfsig", "-nssdir", db, (dir / "sealed.pdf").string()});
    INFO(sig.out);
    std::size_t trusted = 0;
    for (std::size_t at = 0;
         (at = sig.out.find("Certificate is Trusted.", at)) != std::string::npos; ++at) {
        ++trusted;
    }
    CHECK(trusted == 2);
    CHECK(sig.out.find("Signature is Valid.") != sig.out.rfind("Signature is Valid."));
}
