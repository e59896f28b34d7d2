// Signing PDFs as other writers make them (issue 12, item 2): inputs with cross-reference
// streams and object streams, linearized files and a hybrid-reference file are signed through
// pdf/ (libqpdf) with an incremental update in the form of the file's last cross-reference
// section, and the result is checked by independent tools: qpdf --check, pdfsig, and vanthu
// verify for intact signatures and no disallowed change. Encrypted inputs are refused.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <regex>

#include "SigningFixtures.hpp"
#include "vanthu/signing/PadesSigner.hpp"
#include "vanthu/signing/TimeStampAuthority.hpp"

using namespace vanthu::signing;
using namespace vanthu::test;

namespace {

/// A one-page PDF with a hybrid-reference section (PDF 32000 7.5.8.4): a classic table for the
/// plain objects and, through /XRefStm, a cross-reference stream for the page, which lives in an
/// object stream (so a reader that ignores /XRefStm finds no page).
std::string hybridPdf() {
    std::string out = "%PDF-1.5\n%\xe2\xe3\xcf\xd3\n";
    std::vector<std::size_t> offsets(8, 0);
    auto object = [&](int num, const std::string& body) {
        offsets[static_cast<std::size_t>(num)] = out.size();
        out += std::to_string(num) + " 0 obj\n" + body + "\nendobj\n";
    };
    const std::string content = "BT /F1 14 Tf 72 760 Td (Cong van so 12/UBND-VP) Tj ET";
    object(1, "<< /Type /Catalog /Pages 2 0 R >>");
    object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    object(4, "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content +
                  "\nendstream");
    object(5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    const std::string page = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 "
                             "0 R /Resources << /Font << /F1 5 0 R >> >> >>";
    const std::string header = "3 0 ";
    object(6, "<< /Type /ObjStm /N 1 /First " + std::to_string(header.size()) + " /Length " +
                  std::to_string(header.size() + page.size()) + " >>\nstream\n" + header + page +
                  "\nendstream");
    const std::string entries = std::string("\x02\x00\x00\x00\x06\x00\x00", 7);
    object(7, "<< /Type /XRef /Size 8 /W [1 4 2] /Index [3 1] /Length 7 >>\nstream\n" + entries +
                  "\nendstream");
    const std::size_t xref = out.size();
    char line[32];
    out += "xref\n0 3\n0000000000 65535 f \n";
    for (int num : {1, 2}) {
        std::snprintf(line, sizeof line, "%010zu 00000 n \n", offsets[num]);
        out += line;
    }
    out += "4 4\n";
    for (int num : {4, 5, 6, 7}) {
        std::snprintf(line, sizeof line, "%010zu 00000 n \n", offsets[num]);
        out += line;
    }
    out += "trailer\n<< /Size 8 /Root 1 0 R /XRefStm " + std::to_string(offsets[7]) +
           " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return out;
}

/// A classic PDF whose objects 1..n are the bodies (object 1 the catalog).
std::string classicPdf(const std::vector<std::string>& bodies) {
    std::string pdf = "%PDF-1.7\n";
    std::vector<std::size_t> offsets;
    for (const auto& body : bodies) {
        offsets.push_back(pdf.size());
        pdf += std::to_string(offsets.size()) + " 0 obj\n" + body + "\nendobj\n";
    }
    const std::size_t xref = pdf.size();
    pdf += "xref\n0 " + std::to_string(bodies.size() + 1) + "\n0000000000 65535 f \n";
    char line[32];
    for (const std::size_t offset : offsets) {
        std::snprintf(line, sizeof line, "%010zu 00000 n \n", offset);
        pdf += line;
    }
    return pdf + "trailer\n<< /Size " + std::to_string(bodies.size() + 1) +
           " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
}

enum class Input { XrefStream, Linearized, LinearizedClassic, Hybrid };

const char* describe(Input input) {
    switch (input) {
    case Input::XrefStream:
        return "cross-reference stream and object streams";
    case Input::Linearized:
        return "linearized, object streams";
    case Input::LinearizedClassic:
        return "linearized, classic tables";
    case Input::Hybrid:
        return "hybrid reference";
    }
    return "";
}

/// The input file of a kind, made by qpdf from the test letter (or by hand: hybrid).
std::filesystem::path makeInput(const TempDir& dir, Input input) {
    const auto path = dir / "input.pdf";
    if (input == Input::Hybrid) {
        writeFile(path, hybridPdf());
    } else {
        writeFile(dir / "classic.pdf", makeLetterPdf());
        std::vector<std::string> argv{"qpdf"};
        if (input != Input::LinearizedClassic) {
            argv.push_back("--object-streams=generate");
        }
        if (input != Input::XrefStream) {
            argv.push_back("--linearize");
        }
        argv.push_back((dir / "classic.pdf").string());
        argv.push_back(path.string());
        const auto made = run(argv);
        INFO(made.out << made.err);
        REQUIRE(made.exitCode == 0);
    }
    const auto check = run({"qpdf", "--check", path.string()});
    INFO(check.out << check.err);
    REQUIRE(check.exitCode == 0);
    return path;
}

bool usesXrefStreams(Input input) {
    return input == Input::XrefStream || input == Input::Linearized;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        ++n;
    }
    return n;
}

/// Every independent check of a signed file with `signatures` signatures.
void checkSigned(const std::filesystem::path& pdf, std::size_t signatures) {
    const auto check = run({"qpdf", "--check", pdf.string()});
    INFO(check.out << check.err);
    CHECK(check.exitCode == 0);
    const auto sig = pdfsig(pdf);
    INFO(sig.out << sig.err);
    CHECK(count(sig.out, "Signature is Valid.") == signatures);
    CHECK(sig.out.find("Total document signed") != std::string::npos);
    const auto verified =
        runVanthu({"verify", pdf.string(), "--trust", (demoPkiDir() / "ca.pem").string()});
    INFO(verified.out << verified.err);
    CHECK(verified.exitCode == 0);
    CHECK(verified.out.find("all signatures valid and trusted") != std::string::npos);
    CHECK(verified.out.find("NOT ALLOWED") == std::string::npos);
    CHECK(verified.out.find("cannot be analysed") == std::string::npos);
}

/// The update appended to `before`: its cross-reference section is a stream or a table.
void checkUpdateForm(const std::string& before, const std::string& after, bool stream) {
    REQUIRE(after.compare(0, before.size(), before) == 0);
    const std::string update = after.substr(before.size());
    CHECK((update.find("/Type /XRef") != std::string::npos) == stream);
    CHECK((update.find("\nxref\n") != std::string::npos) == !stream);
    CHECK(update.find("/Prev ") != std::string::npos);
}

} // namespace

TEST_CASE("vanthu sign on cross-reference-stream, linearized and hybrid files, then the seal",
          "[sign][cli][qpdf]") {
    const Input input =
        GENERATE(Input::XrefStream, Input::Linearized, Input::LinearizedClassic, Input::Hybrid);
    INFO(describe(input));
    TempDir dir;
    const auto pki = demoPkiDir();
    const auto in = makeInput(dir, input);
    const auto sign =
        runVanthu({"sign", in.string(), "-o", (dir / "signed.pdf").string(), "--p12",
                   (pki / "signer1.p12").string(), "--image", (pki / "signature.png").string()});
    INFO(sign.err);
    REQUIRE(sign.exitCode == 0);
    checkUpdateForm(readFile(in), readFile(dir / "signed.pdf"), usesXrefStreams(input));
    checkSigned(dir / "signed.pdf", 1);

    // The seal on top, in a field of its own locking the document.
    const auto seal =
        runVanthu({"sign", (dir / "signed.pdf").string(), "-o", (dir / "sealed.pdf").string(),
                   "--p12", (pki / "seal.p12").string(), "--role", "seal"});
    INFO(seal.err);
    REQUIRE(seal.exitCode == 0);
    checkUpdateForm(readFile(dir / "signed.pdf"), readFile(dir / "sealed.pdf"),
                    usesXrefStreams(input));
    checkSigned(dir / "sealed.pdf", 2);
}

TEST_CASE("Two-phase signing and B-T with a time-stamp on a cross-reference-stream file",
          "[sign][qpdf]") {
    TempDir dir;
    const auto in = makeInput(dir, Input::XrefStream);
    const std::string pdf = readFile(in);
    const auto key = demoKey("signer2");
    const auto tsa =
        TimeStampAuthority::fromPkcs12((demoPkiDir() / "tsa.p12").string(), kDemoPassword);
    SignOptions options;
    options.level = PadesLevel::BT;
    options.timeStamps = tsa.get();
    options.appearanceText = {"Nguyễn Văn A", "Chủ tịch"};
    const PadesSigner signer(options);
    const PreparedSignature prepared = signer.prepare(pdf, *key);
    const Bytes value = key->sign(prepared.signedAttributes, options.padding);
    const Bytes completed = signer.complete(prepared.pdf, *key, value);
    checkUpdateForm(pdf, completed, true);
    writeFile(dir / "bt.pdf", completed);
    checkSigned(dir / "bt.pdf", 1);
    const auto verified = runVanthu(
        {"verify", (dir / "bt.pdf").string(), "--trust", (demoPkiDir() / "ca.pem").string()});
    CHECK(verified.out.find("B-T") != std::string::npos);
}

TEST_CASE("B-LTA on a cross-reference-stream file: DSS and document time-stamp as xref streams",
          "[sign][qpdf]") {
    TempDir dir;
    const auto in = makeInput(dir, Input::XrefStream);
    const std::string pdf = readFile(in);
    const auto tsa =
        TimeStampAuthority::fromPkcs12((demoPkiDir() / "tsa.p12").string(), kDemoPassword);
    SignOptions options;
    options.level = PadesLevel::BLTA;
    options.timeStamps = tsa.get();
    options.crls = {readFile(demoPkiDir() / "ca.crl"), readFile(demoPkiDir() / "issuing-ca.crl")};
    for (auto& crl : options.crls) {
        crl = toDer(crlFromPemOrDer(crl).get());
    }
    const Bytes signedPdf = PadesSigner(options).sign(pdf, *demoKey("signer1"));
    checkUpdateForm(pdf, signedPdf, true);
    CHECK(count(signedPdf.substr(pdf.size()), "/Type /XRef") == 3); // signature, DSS, stamp
    writeFile(dir / "lta.pdf", signedPdf);
    const auto check = run({"qpdf", "--check", (dir / "lta.pdf").string()});
    INFO(check.out << check.err);
    CHECK(check.exitCode == 0);
    const auto sig = pdfsig(dir / "lta.pdf");
    INFO(sig.out);
    // pdfsig checks the signature; it lists the document time-stamp without checking it.
    CHECK(count(sig.out, "Signature is Valid.") == 1);
    CHECK(sig.out.find("DocumentTimeStamp") != std::string::npos);
    const auto verified = runVanthu(
        {"verify", (dir / "lta.pdf").string(), "--trust", (demoPkiDir() / "ca.pem").string()});
    INFO(verified.out << verified.err);
    CHECK(verified.exitCode == 0);
    CHECK(verified.out.find("all signatures valid and trusted") != std::string::npos);
    CHECK(verified.out.find("level: B-LTA") != std::string::npos);
    CHECK(verified.out.find("NOT ALLOWED") == std::string::npos);
    CHECK(verified.out.find("cannot be analysed") == std::string::npos);
}

TEST_CASE("vanthu sign refuses an encrypted PDF with one clear line", "[sign][cli][qpdf]") {
    TempDir dir;
    writeFile(dir / "letter.pdf", makeLetterPdf());
    const auto encrypted = run({"qpdf", "--encrypt", "", "owner", "256", "--",
                                (dir / "letter.pdf").string(), (dir / "encrypted.pdf").string()});
    INFO(encrypted.err);
    REQUIRE(encrypted.exitCode == 0);
    const auto sign =
        runVanthu({"sign", (dir / "encrypted.pdf").string(), "-o", (dir / "out.pdf").string(),
                   "--p12", (demoPkiDir() / "signer1.p12").string()});
    INFO(sign.out << sign.err);
    CHECK(sign.exitCode == 2);
    CHECK(sign.err.find("the file is encrypted; encrypted PDFs are not accepted") !=
          std::string::npos);
    CHECK(std::count(sign.err.begin(), sign.err.end(), '\n') == 1);
    CHECK_FALSE(std::filesystem::exists(dir / "out.pdf"));
}

TEST_CASE("vanthu sign refuses a page tree that lists a page twice", "[sign][cli][qpdf]") {
    // qpdf reads such a tree by copying the page in memory; the file has no object to give the
    // new field to, so signing stops with one line instead of writing a field on a phantom page.
    const std::string pdf = classicPdf({"<< /Type /Catalog /Pages 2 0 R >>",
                                        "<< /Type /Pages /Kids [3 0 R 3 0 R] /Count 2 >>",
                                        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"});
    TempDir dir;
    writeFile(dir / "twice.pdf", pdf);
    const auto sign =
        runVanthu({"sign", (dir / "twice.pdf").string(), "-o", (dir / "out.pdf").string(), "--p12",
                   (demoPkiDir() / "signer1.p12").string()});
    INFO(sign.out << sign.err);
    CHECK(sign.exitCode == 2);
    CHECK(sign.err.find("lists a page more than once") != std::string::npos);
    CHECK(std::count(sign.err.begin(), sign.err.end(), '\n') == 1);
    CHECK_FALSE(std::filesystem::exists(dir / "out.pdf"));
}

TEST_CASE("The signer finds fields through the form of an object-stream draft and names what it "
          "cannot sign",
          "[sign][qpdf]") {
    TempDir dir;
    const auto input = sourceDir() / "samples" / "state-district-cv-draft.json";
    const auto render = runVanthu({"render", input.string(), "-o", (dir / "draft.pdf").string()});
    INFO(render.err);
    REQUIRE(render.exitCode == 0);
    const auto packed = run({"qpdf", "--object-streams=generate", (dir / "draft.pdf").string(),
                             (dir / "packed.pdf").string()});
    REQUIRE(packed.exitCode == 0);
    const std::string draft = readFile(dir / "packed.pdf");
    const auto key = demoKey("signer1");

    SignOptions textField;
    textField.fieldName = "DocumentNumber";
    CHECK_THROWS_WITH(PadesSigner(textField).sign(draft, *key),
                      Catch::Contains("the field \"DocumentNumber\" is not a signature field"));

    // The renderer's empty SignerSignature (in an object stream now) is the one signed.
    const Bytes once = PadesSigner(SignOptions{}).sign(draft, *key);
    writeFile(dir / "once.pdf", once);
    const auto sig = pdfsig(dir / "once.pdf");
    INFO(sig.out);
    CHECK(sig.out.find("Signature Field Name: SignerSignature") != std::string::npos);
    CHECK(count(sig.out, "Signature is Valid.") == 1);
    CHECK_THROWS_WITH(PadesSigner(SignOptions{}).sign(once, *key),
                      Catch::Contains("the field \"SignerSignature\" is already signed"));
}

TEST_CASE("A form held directly in the catalog stays there, in an object stream too",
          "[sign][cli][qpdf]") {
    const bool packed = GENERATE(false, true);
    INFO((packed ? "object streams" : "classic"));
    TempDir dir;
    writeFile(dir / "classic.pdf",
              classicPdf({"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [] >> >>",
                          "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                          "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"}));
    auto input = dir / "classic.pdf";
    if (packed) {
        REQUIRE(run({"qpdf", "--object-streams=generate", input.string(),
                     (dir / "packed.pdf").string()})
                    .exitCode == 0);
        input = dir / "packed.pdf";
    }
    const auto pki = demoPkiDir();
    const auto sign = runVanthu({"sign", input.string(), "-o", (dir / "signed.pdf").string(),
                                 "--p12", (pki / "signer1.p12").string()});
    INFO(sign.err);
    REQUIRE(sign.exitCode == 0);
    checkSigned(dir / "signed.pdf", 1);
    // The catalog, as qpdf reads the signed file, still holds the form itself.
    const auto trailer = run({"qpdf", "--show-object=trailer", (dir / "signed.pdf").string()});
    std::smatch root;
    REQUIRE(std::regex_search(trailer.out, root, std::regex(R"(/Root (\d+) 0 R)")));
    const auto catalog =
        run({"qpdf", "--show-object=" + root[1].str(), (dir / "signed.pdf").string()});
    INFO(catalog.out);
    CHECK(std::regex_search(catalog.out, std::regex(R"(/AcroForm << /Fields \[ \d+ 0 R \])")));
    const auto seal =
        runVanthu({"sign", (dir / "signed.pdf").string(), "-o", (dir / "sealed.pdf").string(),
                   "--p12", (pki / "seal.p12").string(), "--role", "seal"});
    INFO(seal.err);
    REQUIRE(seal.exitCode == 0);
    checkSigned(dir / "sealed.pdf", 2);
}
