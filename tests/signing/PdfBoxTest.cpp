// Apache PDFBox 2 with BouncyCastle as a peer (issue 12 items 5 and 6). PDFBox signs the test
// letter (tests/signing/java/PdfBoxSigner.java, compiled by the build) on a classic-xref PDF and
// on a cross-reference-stream PDF (`qpdf --object-streams=generate`), writing BER CMS as
// BouncyCastle does: `vanthu verify` calls each intact and trusted, `vanthu sign` seals after it,
// and every signature stays valid in pdfsig, vanthu verify and PDFBox's own check
// (PdfBoxVerifier.java). The other way round, PDFBox's check of vanthu's signatures is in
// IssuedLetterRevisionsTest.cpp; the attacks on a PDFBox-signed file in PdfBoxAttackTest.cpp.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>

#include "SigningFixtures.hpp"
#include "vanthu/signing/LongTermValidation.hpp"
#include "vanthu/signing/OcspResponder.hpp"
#include "vanthu/signing/TimeStampAuthority.hpp"
#include "vanthu/signing/TimeStampServer.hpp"

using namespace vanthu::test;
using namespace vanthu::signing;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        ++n;
    }
    return n;
}

/// The test letter with its empty SignerSignature and SealSignature fields, classic or packed.
std::filesystem::path letter(const TempDir& dir, bool xrefStream) {
    writeFile(dir / "classic.pdf", makeLetterPdf());
    if (!xrefStream) {
        return dir / "classic.pdf";
    }
    const auto packed = run({"qpdf", "--object-streams=generate", (dir / "classic.pdf").string(),
                             (dir / "packed.pdf").string()});
    INFO(packed.out << packed.err);
    REQUIRE(packed.exitCode == 0);
    REQUIRE(readFile(dir / "packed.pdf").find("/Type /XRef") != std::string::npos);
    return dir / "packed.pdf";
}

void checkVanthuVerifies(const std::filesystem::path& pdf, std::size_t signatures) {
    const auto verified =
        runVanthu({"verify", pdf.string(), "--trust", (demoPkiDir() / "ca.pem").string()});
    INFO(verified.out << verified.err);
    CHECK(verified.exitCode == 0);
    CHECK(verified.out.find("all signatures valid and trusted") != std::string::npos);
    CHECK(count(verified.out, "): OK") == signatures);
    CHECK(verified.out.find("NOT ALLOWED") == std::string::npos);
    CHECK(verified.out.find("cannot be analysed") == std::string::npos);
    CHECK(verified.out.find("damaged") == std::string::npos);
}

} // namespace

TEST_CASE(
    "PDFBox signatures (BER CMS) on classic and xref-stream PDFs: vanthu verifies, then seals",
    "[interop][pdfbox][cli]") {
    const bool xrefStream = GENERATE(false, true);
    const bool cades = GENERATE(false, true);
    INFO((xrefStream ? "cross-reference stream" : "classic table")
         << (cades ? ", ETSI.CAdES.detached" : ", adbe.pkcs7.detached"));
    TempDir dir;
    const auto in = letter(dir, xrefStream);
    std::vector<std::string> options{"--field", "SignerSignature"};
    if (cades) {
        options.push_back("--cades");
    }
    const auto signedByPdfBox = pdfboxSign(in, dir / "pdfbox.pdf", "signer1", options);
    INFO(signedByPdfBox.out << signedByPdfBox.err);
    REQUIRE(signedByPdfBox.exitCode == 0);
    const std::string before = readFile(in);
    const std::string after = readFile(dir / "pdfbox.pdf");

    // An incremental update in the input's form, with BouncyCastle's BER CMS.
    REQUIRE(after.compare(0, before.size(), before) == 0);
    const std::string update = after.substr(before.size());
    CHECK((update.find("/Type /XRef") != std::string::npos) == xrefStream);
    CHECK((update.find("\nxref\n") != std::string::npos) == !xrefStream);
    std::smatch range;
    REQUIRE(std::regex_search(
        update, range, std::regex(R"(/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\])")));
    const std::size_t gap = std::stoul(range[2]);
    REQUIRE(after.at(gap) == '<');
    CHECK(after.substr(gap + 1, 4) == "3080"); // a SEQUENCE of indefinite length: BER

    checkVanthuVerifies(dir / "pdfbox.pdf", 1);
    const auto verified = runVanthu(
        {"verify", (dir / "pdfbox.pdf").string(), "--trust", (demoPkiDir() / "ca.pem").string()});
    INFO(verified.out);
    CHECK(verified.out.find("signature 1 (SignerSignature, signer): OK") != std::string::npos);
    CHECK(verified.out.find("BER (signed attributes verified as DER)") != std::string::npos);
    CHECK(verified.out.find(cades ? "level: B-B" : "level: none (adbe.pkcs7.detached") !=
          std::string::npos);
    {
        const auto sig = pdfsig(dir / "pdfbox.pdf");
        INFO(sig.out);
        CHECK(count(sig.out, "Signature is Valid.") == 1);
        CHECK(sig.out.find("Total document signed") != std::string::npos);
        const auto own = pdfboxVerify(dir / "pdfbox.pdf");
        INFO(own.out << own.err);
        CHECK(own.exitCode == 0);
        CHECK(own.out.find("field=SignerSignature") != std::string::npos);
        CHECK(own.out.find("ALL VALID") != std::string::npos);
    }

    // vanthu's seal in the other empty field: every signature stays valid everywhere.
    const auto seal =
        runVanthu({"sign", (dir / "pdfbox.pdf").string(), "-o", (dir / "sealed.pdf").string(),
                   "--p12", (demoPkiDir() / "seal.p12").string(), "--role", "seal"});
    INFO(seal.out << seal.err);
    REQUIRE(seal.exitCode == 0);
    const std::string sealed = readFile(dir / "sealed.pdf");
    REQUIRE(sealed.compare(0, after.size(), after) == 0);
    CHECK((sealed.substr(after.size()).find("/Type /XRef") != std::string::npos) == xrefStream);
    const auto check = run({"qpdf", "--check", (dir / "sealed.pdf").string()});
    INFO(check.out << check.err);
    CHECK(check.out.find("No syntax or stream encoding errors") != std::string::npos);
    checkVanthuVerifies(dir / "sealed.pdf", 2);
    const auto sig = pdfsig(dir / "sealed.pdf");
    INFO(sig.out);
    CHECK(count(sig.out, "Signature is Valid.") == 2);
    const auto own = pdfboxVerify(dir / "sealed.pdf");
    INFO(own.out << own.err);
    CHECK(own.exitCode == 0);
    CHECK(count(own.out, " cms=VALID chain=TRUSTED") == 2);
    CHECK(own.out.find("field=SealSignature") != std::string::npos);
}

TEST_CASE("PDFBox's own check catches a changed signed byte", "[interop][pdfbox]") {
    // The validator must be able to say no, or its "ALL VALID" elsewhere proves nothing.
    TempDir dir;
    const auto in = letter(dir, false);
    REQUIRE(
        pdfboxSign(in, dir / "pdfbox.pdf", "signer1", {"--field", "SignerSignature"}).exitCode ==
        0);
    std::string pdf = readFile(dir / "pdfbox.pdf");
    REQUIRE(pdf.compare(0, 7, "%PDF-1.") == 0);
    pdf[7] = pdf[7] == '4' ? '5' : '4';
    writeFile(dir / "altered.pdf", pdf);
    const auto own = pdfboxVerify(dir / "altered.pdf");
    INFO(own.out << own.err);
    CHECK(own.exitCode == 1);
    CHECK(own.out.find("cms=INVALID") != std::string::npos);
}

TEST_CASE("PDFBox at B-T (a signature time-stamp from the loopback TSA), then B-LT by vanthu's "
          "/DSS: vanthu verify, pdfsig and PDFBox agree",
          "[interop][pdfbox][pades-bt][ltv]") {
    const bool xrefStream = GENERATE(false, true);
    INFO((xrefStream ? "cross-reference stream" : "classic table"));
    TempDir dir;
    const auto in = letter(dir, xrefStream);
    auto authority =
        TimeStampAuthority::fromPkcs12((demoPkiDir() / "tsa.p12").string(), kDemoPassword);
    TimeStampServer tsa(*authority, 0);
    const auto signedByPdfBox =
        pdfboxSign(in, dir / "pdfbox-bt.pdf", "signer1",
                   {"--field", "SignerSignature", "--cades", "--tsa",
                    "http://127.0.0.1:" + std::to_string(tsa.port()) + "/"});
    INFO(signedByPdfBox.out << signedByPdfBox.err);
    REQUIRE(signedByPdfBox.exitCode == 0);

    // vanthu: intact, trusted, its time-stamp checked, PAdES B-T.
    checkVanthuVerifies(dir / "pdfbox-bt.pdf", 1);
    const auto json = runVanthu({"verify", (dir / "pdfbox-bt.pdf").string(), "--trust",
                                 (demoPkiDir() / "ca.pem").string(), "--json"});
    INFO(json.out);
    CHECK(json.exitCode == 0);
    CHECK(json.out.find("\"level\": \"B-T\"") != std::string::npos);
    CHECK(json.out.find("\"timeStampTime\": \"20") != std::string::npos);
    // pdfsig: the CMS over the byte range and the chain; PDFBox with BouncyCastle: the same and
    // the token (its signature, its imprint of the signature value, the TSA's chain).
    {
        const auto sig = pdfsig(dir / "pdfbox-bt.pdf");
        INFO(sig.out);
        CHECK(count(sig.out, "Signature is Valid.") == 1);
        CHECK(sig.out.find("Total document signed") != std::string::npos);
        const auto own = pdfboxVerify(dir / "pdfbox-bt.pdf");
        INFO(own.out << own.err);
        CHECK(own.exitCode == 0);
        CHECK(own.out.find("timestamp=VALID") != std::string::npos);
        CHECK(own.out.find("ALL VALID") != std::string::npos);
    }

    // B-LT: vanthu's /DSS (OCSP from the issuing CA, the root's CRL) on the PDFBox signature.
    const DemoPki& pki = demoPki();
    OcspResponder ocsp(
        X509Ptr(X509_dup(pki.issuingCa().certificate.get())),
        X509Ptr(X509_dup(pki.issuingCa().certificate.get())),
        [&] {
            EVP_PKEY_up_ref(pki.issuingCa().key.get());
            return EvpPkeyPtr(pki.issuingCa().key.get());
        }(),
        pki.issuingCrl());
    RevocationSources sources;
    sources.ocsp = &ocsp;
    sources.crls = {toDer(pki.rootCrl().get()), toDer(pki.issuingCrl().get())};
    sources.caCertificatesPem = toPem(pki.root().certificate.get());
    const std::string bt = readFile(dir / "pdfbox-bt.pdf");
    const std::string lt = LongTermValidation(sources).addTo(bt);
    REQUIRE(lt.compare(0, bt.size(), bt) == 0);
    CHECK((lt.substr(bt.size()).find("/Type /XRef") != std::string::npos) == xrefStream);
    writeFile(dir / "pdfbox-lt.pdf", lt);
    checkVanthuVerifies(dir / "pdfbox-lt.pdf", 1);
    const auto ltJson = runVanthu({"verify", (dir / "pdfbox-lt.pdf").string(), "--trust",
                                   (demoPkiDir() / "ca.pem").string(), "--json"});
    INFO(ltJson.out);
    CHECK(ltJson.out.find("\"level\": \"B-LT\"") != std::string::npos);
    const auto check = run({"qpdf", "--check", (dir / "pdfbox-lt.pdf").string()});
    INFO(check.out << check.err);
    CHECK(check.out.find("No syntax or stream encoding errors") != std::string::npos);
    const auto sig = pdfsig(dir / "pdfbox-lt.pdf");
    INFO(sig.out);
    CHECK(count(sig.out, "Signature is Valid.") == 1);
    const auto own = pdfboxVerify(dir / "pdfbox-lt.pdf");
    INFO(own.out << own.err);
    CHECK(own.exitCode == 0);
    CHECK(own.out.find("timestamp=VALID") != std::string::npos);
}

TEST_CASE("PDFBox at B-T with SHA-384 or SHA-512 (the signature's digest and the time-stamp's "
          "imprint): vanthu verify accepts it as B-T, pdfsig and PDFBox agree",
          "[interop][pdfbox][pades-bt][algorithms]") {
    // Other vendors' signers and TSAs do not all use SHA-256: the imprint is computed in the
    // token's own hash, which the algorithm policy accepts.
    const std::string digest = GENERATE(std::string("SHA-384"), std::string("SHA-512"));
    INFO(digest);
    TempDir dir;
    const auto in = letter(dir, false);
    auto authority =
        TimeStampAuthority::fromPkcs12((demoPkiDir() / "tsa.p12").string(), kDemoPassword);
    TimeStampServer tsa(*authority, 0);
    const auto signedByPdfBox =
        pdfboxSign(in, dir / "pdfbox-bt.pdf", "signer1",
                   {"--field", "SignerSignature", "--cades", "--digest", digest, "--tsa",
                    "http://127.0.0.1:" + std::to_string(tsa.port()) + "/"});
    INFO(signedByPdfBox.out << signedByPdfBox.err);
    REQUIRE(signedByPdfBox.exitCode == 0);
    const auto json = runVanthu({"verify", (dir / "pdfbox-bt.pdf").string(), "--trust",
                                 (demoPkiDir() / "ca.pem").string(), "--json"});
    INFO(json.out);
    CHECK(json.exitCode == 0);
    CHECK(json.out.find("\"level\": \"B-T\"") != std::string::npos);
    CHECK(json.out.find("signature time-stamp at ") != std::string::npos);
    checkVanthuVerifies(dir / "pdfbox-bt.pdf", 1);
    const auto sig = pdfsig(dir / "pdfbox-bt.pdf");
    INFO(sig.out);
    CHECK(count(sig.out, "Signature is Valid.") == 1);
    CHECK(sig.out.find(digest == "SHA-512" ? "SHA-512" : "SHA-384") != std::string::npos);
    const auto own = pdfboxVerify(dir / "pdfbox-bt.pdf");
    INFO(own.out << own.err);
    CHECK(own.exitCode == 0);
    CHECK(own.out.find("timestamp=VALID") != std::string::npos);
}
