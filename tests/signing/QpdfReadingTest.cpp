// The verifier reads PDFs through pdf/ (libqpdf): signed files with cross-reference streams and
// object streams as other signers write them, encrypted files refused with one line, a damaged
// cross-reference table read without a crash and reported, and the changes after a signature on
// such files analysed through qpdf (an honest second signature allowed, a shadow attack flagged).
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>

#include "SigningFixtures.hpp"

using namespace vanthu::test;

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

/// The letter rewritten by qpdf with object streams and a cross-reference stream (and, when
/// linearize, linearized).
std::filesystem::path xrefStreamLetter(const TempDir& dir, bool linearize = false) {
    writeFile(dir / "classic.pdf", makeLetterPdf());
    std::vector<std::string> argv{"qpdf", "--object-streams=generate"};
    if (linearize) {
        argv.push_back("--linearize");
    }
    argv.push_back((dir / "classic.pdf").string());
    argv.push_back((dir / "letter.pdf").string());
    const auto packed = run(argv);
    INFO(packed.out << packed.err);
    REQUIRE(packed.exitCode == 0);
    const std::string bytes = readFile(dir / "letter.pdf");
    REQUIRE(bytes.find("/Type /XRef") != std::string::npos);
    REQUIRE(bytes.find("/Type /ObjStm") != std::string::npos);
    REQUIRE(bytes.find("\nxref") == std::string::npos);
    REQUIRE((bytes.find("/Linearized") != std::string::npos) == linearize);
    return dir / "letter.pdf";
}

void pdfsigSign(const std::string& db, const std::filesystem::path& in,
                const std::filesystem::path& out, const std::string& field) {
    const auto added =
        run({"pdfsig", "-nssdir", db, "-add-signature", "-nick", "signer1", "-digest", "SHA256",
             "-new-signature-field-name", field, in.string(), out.string()});
    INFO(added.out << added.err);
    REQUIRE(std::filesystem::exists(out));
}

ProcessResult verify(const std::filesystem::path& pdf) {
    return runVanthu({"verify", pdf.string(), "--trust", (demoPkiDir() / "ca.pem").string()});
}

} // namespace

TEST_CASE("pdfsig on a cross-reference-stream PDF: vanthu verify calls it intact and trusted",
          "[qpdf][interop][cli]") {
    const bool linearize = GENERATE(false, true);
    INFO((linearize ? "linearized" : "not linearized"));
    TempDir dir;
    const auto db = nssWithSigner(dir);
    const auto letter = xrefStreamLetter(dir, linearize);
    pdfsigSign(db, letter, dir / "signed.pdf", "Foreign");
    // The independent checkers agree that the file is sound and the signature good.
    const auto check = run({"qpdf", "--check", (dir / "signed.pdf").string()});
    INFO(check.out << check.err);
    CHECK(check.exitCode == 0);
    const auto sig = run({"pdfsig", "-nssdir", db, (dir / "signed.pdf").string()});
    INFO(sig.out);
    REQUIRE(sig.out.find("Signature is Valid.") != std::string::npos);
    REQUIRE(sig.out.find("Certificate is Trusted.") != std::string::npos);

    const auto verified = verify(dir / "signed.pdf");
    INFO(verified.out << verified.err);
    CHECK(verified.exitCode == 0);
    CHECK(verified.out.find("all signatures valid and trusted") != std::string::npos);
    CHECK(verified.out.find("Foreign") != std::string::npos);
    CHECK(verified.out.find("cross-reference streams") == std::string::npos);

    // One byte changed inside the signed range: the digest no longer matches.
    std::string altered = readFile(dir / "signed.pdf");
    const auto at = altered.find("/MediaBox");
    REQUIRE(at != std::string::npos);
    altered[at + 1] = 'm';
    writeFile(dir / "altered.pdf", altered);
    const auto bad = verify(dir / "altered.pdf");
    INFO(bad.out << bad.err);
    CHECK(bad.exitCode == 1);
    CHECK(bad.out.find("digest does not match") != std::string::npos);
}

TEST_CASE("An encrypted PDF is refused with one clear line", "[qpdf][cli]") {
    TempDir dir;
    writeFile(dir / "letter.pdf", makeLetterPdf());
    const auto encrypted = run({"qpdf", "--encrypt", "", "owner", "256", "--",
                                (dir / "letter.pdf").string(), (dir / "encrypted.pdf").string()});
    INFO(encrypted.err);
    REQUIRE(encrypted.exitCode == 0);
    const auto verified = verify(dir / "encrypted.pdf");
    INFO(verified.out << verified.err);
    CHECK(verified.exitCode == 2);
    CHECK(verified.err.find("the file is encrypted; encrypted PDFs are not accepted") !=
          std::string::npos);
    CHECK(std::count(verified.err.begin(), verified.err.end(), '\n') == 1);
}

TEST_CASE("A signed file whose cross-reference table is damaged is read and reported, no crash",
          "[qpdf][cli]") {
    TempDir dir;
    const auto db = nssWithSigner(dir);
    writeFile(dir / "letter.pdf", makeLetterPdf());
    pdfsigSign(db, dir / "letter.pdf", dir / "signed.pdf", "Foreign");
    // Every offset of the last cross-reference table moved by one byte: qpdf rebuilds the
    // table from the objects; the signed bytes changed, and the damage is reported.
    std::string broken = readFile(dir / "signed.pdf");
    const auto table = broken.rfind("\nxref");
    REQUIRE(table != std::string::npos);
    for (auto at = broken.find(" 00000 n", table); at != std::string::npos;
         at = broken.find(" 00000 n", at + 1)) {
        broken[at - 1] = broken[at - 1] == '9' ? '0' : static_cast<char>(broken[at - 1] + 1);
    }
    writeFile(dir / "broken.pdf", broken);
    REQUIRE(run({"qpdf", "--check", (dir / "broken.pdf").string()}).exitCode != 0);
    const auto verified = verify(dir / "broken.pdf");
    INFO(verified.out << verified.err);
    CHECK(verified.exitCode == 1);
    CHECK(verified.out.find("cross-reference data is damaged") != std::string::npos);
    CHECK(verified.err.find("crash") == std::string::npos);
}

namespace {

/// `qpdf --show-object` of an object of pdf: its dictionary in PDF syntax.
std::string showObject(const std::filesystem::path& pdf, const std::string& number) {
    const auto shown = run({"qpdf", "--show-object=" + number, pdf.string()});
    INFO(shown.err);
    REQUIRE(shown.exitCode == 0);
    return shown.out;
}

} // namespace

TEST_CASE("Changes after a signature on a cross-reference-stream file are analysed through qpdf",
          "[qpdf][interop][cli][attack]") {
    TempDir dir;
    const auto db = nssWithSigner(dir);
    const auto letter = xrefStreamLetter(dir);
    pdfsigSign(db, letter, dir / "one.pdf", "First");

    // A second pdfsig signature (its revision written with a cross-reference stream): allowed.
    pdfsigSign(db, dir / "one.pdf", dir / "two.pdf", "Second");
    const auto two = verify(dir / "two.pdf");
    INFO(two.out << two.err);
    CHECK(two.exitCode == 0);
    CHECK(two.out.find("all signatures valid and trusted (3 revisions)") != std::string::npos);
    CHECK(two.out.find("signature fields added [allowed]") != std::string::npos);
    CHECK(two.out.find("cannot be analysed") == std::string::npos);

    // A shadow "replace" after the first signature: the page's /Contents pointed at new text, in
    // an incremental update whose classic table has /Prev to the cross-reference stream.
    const std::string signedBytes = readFile(dir / "one.pdf");
    const auto pages = run({"qpdf", "--show-pages", (dir / "one.pdf").string()});
    const auto colon = pages.out.find(": ");
    REQUIRE(colon != std::string::npos);
    const std::string page =
        pages.out.substr(colon + 2, pages.out.find(' ', colon + 2) - colon - 2);
    std::string pageDict = showObject(dir / "one.pdf", page);
    const auto contents = pageDict.find("/Contents ");
    REQUIRE(contents != std::string::npos);
    const auto sizeAt = signedBytes.rfind("/Size ");
    REQUIRE(sizeAt != std::string::npos);
    const int size = std::stoi(signedBytes.substr(sizeAt + 6));
    pageDict.replace(contents + 10, pageDict.find(" R", contents) + 2 - (contents + 10),
                     std::to_string(size) + " 0 R");
    const std::string text = "BT /Ft6 24 Tf 100 700 Td (PAY 1000000) Tj ET";
    std::string attacked = signedBytes;
    const std::size_t streamAt = attacked.size();
    attacked += std::to_string(size) + " 0 obj\n<< /Length " + std::to_string(text.size()) +
                " >>\nstream\n" + text + "\nendstream\nendobj\n";
    const std::size_t pageAt = attacked.size();
    attacked += page + " 0 obj\n" + pageDict + "\nendobj\n";
    const auto entry = [](std::size_t offset) {
        char line[21];
        std::snprintf(line, sizeof line, "%010zu 00000 n\r\n", offset);
        return std::string(line);
    };
    const auto startxrefAt = signedBytes.rfind("startxref");
    // pdfsig ends lines with CR LF; stoul skips the white space before the number.
    const std::string prev = std::to_string(std::stoul(signedBytes.substr(startxrefAt + 9)));
    const std::size_t xrefAt = attacked.size();
    const auto root = run({"qpdf", "--show-object=trailer", (dir / "one.pdf").string()});
    const auto rootAt = root.out.find("/Root ");
    REQUIRE(rootAt != std::string::npos);
    const std::string rootRef =
        root.out.substr(rootAt + 6, root.out.find(" R", rootAt) + 2 - (rootAt + 6));
    attacked += "xref\n0 1\n0000000000 65535 f\r\n" + page + " 1\n" + entry(pageAt) +
                std::to_string(size) + " 1\n" + entry(streamAt) + "trailer\n<< /Size " +
                std::to_string(size + 1) + " /Root " + rootRef + " /Prev " + prev +
                " >>\nstartxref\n" + std::to_string(xrefAt) + "\n%%EOF\n";
    writeFile(dir / "shadow.pdf", attacked);
    const auto check = run({"qpdf", "--check", (dir / "shadow.pdf").string()});
    INFO(check.out << check.err);
    REQUIRE(check.exitCode == 0);
    // A reader now shows the new content stream on the page (qpdf follows the new revision).
    const auto shown = run({"qpdf", "--show-pages", (dir / "shadow.pdf").string()});
    INFO(shown.out);
    REQUIRE(shown.out.find("    " + std::to_string(size) + " 0 R") != std::string::npos);

    const auto shadow = verify(dir / "shadow.pdf");
    INFO(shadow.out << shadow.err);
    CHECK(shadow.exitCode == 1);
    CHECK(shadow.out.find("change in revision 3 (" + page + " 0 R)") != std::string::npos);
    CHECK(shadow.out.find("[NOT ALLOWED]") != std::string::npos);
    CHECK(shadow.out.find("nothing changed after this signature") == std::string::npos);
    CHECK(shadow.out.find("cannot be analysed") == std::string::npos);
}
