// A letter issued the way docmgmt's OutgoingFlow issues it (rendered draft → leader's signature →
// number and date → seal), checked revision by revision with tools that are not vanthu's: qpdf
// shows each object as it was before and after a revision, pdfsig validates the signatures against
// an NSS database that trusts the demo root. What a strict validator (pyHanko, EU DSS, Acrobat)
// accepts after a signature is narrow (ISO 32000-2 12.8.2.2, docs/signatures.md "Revisions after a
// signature"): signing an empty field may add /V to it and /AP to its widget, nothing else.
#include <catch2/catch.hpp>

#include <cctype>
#include <map>
#include <set>
#include <string_view>

#include "SigningFixtures.hpp"
#include "vanthu/signing/DemoPki.hpp"
#include "vanthu/signing/PadesSigner.hpp"
#include "vanthu/signing/RawPdf.hpp"
#include "vanthu/signing/TimeStampAuthority.hpp"
#include "vanthu/templates/DocumentJson.hpp"
#include "vanthu/templates/IssueStamp.hpp"

using namespace vanthu::test;
using namespace vanthu::signing;
namespace raw = vanthu::signing::raw;

namespace {

/// Every file of the flow, each one a prefix of the next.
struct IssuedLetter {
    std::string draft, signedPdf, stamped, sealed;
};

IssuedLetter issueLetter(const TempDir& dir, PadesLevel level) {
    const auto input = sourceDir() / "samples" / "state-district-cv-draft.json";
    const auto render = runVanthu({"render", input.string(), "-o", (dir / "draft.pdf").string()});
    REQUIRE(render.exitCode == 0);
    IssuedLetter letter;
    letter.draft = readFile(dir / "draft.pdf");
    auto issued = vanthu::templates::parseDocumentJson(readFile(input));
    issued.notation.number = 5;
    issued.date.day = 7;

    const auto tsa =
        TimeStampAuthority::fromPkcs12((demoPkiDir() / "tsa.p12").string(), kDemoPassword);
    auto options = [&](SignatureRole role) {
        SignOptions o;
        o.role = role;
        o.level = level;
        o.lockDocument = role == SignatureRole::Seal; // as OutgoingFlow::sealOptions
        o.imagePng =
            readFile(demoPkiDir() / (role == SignatureRole::Seal ? "seal.png" : "signature.png"));
        if (level != PadesLevel::BB) {
            o.timeStamps = tsa.get();
        }
        if (level == PadesLevel::BLT || level == PadesLevel::BLTA) {
            o.crls = {readFile(demoPkiDir() / "ca.crl"), readFile(demoPkiDir() / "issuing-ca.crl")};
            for (auto& crl : o.crls) {
                crl = toDer(crlFromPemOrDer(crl).get());
            }
        }
        return o;
    };
    letter.signedPdf =
        PadesSigner(options(SignatureRole::Signer)).sign(letter.draft, *demoKey("signer1"));
    letter.stamped = vanthu::templates::stampIssueDetails(letter.signedPdf, issued);
    letter.sealed =
        PadesSigner(options(SignatureRole::Seal)).sign(letter.stamped, *demoKey("seal"));
    for (const auto& [name, bytes] :
         {std::pair{"signed.pdf", letter.signedPdf}, std::pair{"stamped.pdf", letter.stamped},
          std::pair{"sealed.pdf", letter.sealed}}) {
        writeFile(dir / name, bytes);
    }
    return letter;
}

std::size_t skipSpaces(const std::string& text, std::size_t i) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r')) {
        ++i;
    }
    return i;
}

/// Where the PDF value that starts at i ends (qpdf's printing: tokens separated by spaces).
std::size_t valueEnd(const std::string& text, std::size_t i) {
    REQUIRE(i < text.size());
    if (text.compare(i, 2, "<<") == 0 || text[i] == '[') {
        const bool dict = text[i] == '<';
        i += dict ? 2 : 1;
        while (true) {
            i = skipSpaces(text, i);
            REQUIRE(i < text.size());
            if (dict ? text.compare(i, 2, ">>") == 0 : text[i] == ']') {
                return i + (dict ? 2 : 1);
            }
            i = valueEnd(text, i);
        }
    }
    if (text[i] == '(') { // a literal string, escapes and balanced parentheses kept
        int nest = 0;
        for (; i < text.size(); ++i) {
            if (text[i] == '\\') {
                ++i;
            } else if (text[i] == '(') {
                ++nest;
            } else if (text[i] == ')' && --nest == 0) {
                return i + 1;
            }
        }
        FAIL("unterminated string");
    }
    if (text[i] == '<') {
        return text.find('>', i) + 1;
    }
    const bool name = text[i] == '/';
    std::size_t end = i + 1;
    while (end < text.size() &&
           std::string_view(" \n\r/[]<>()").find(text[end]) == std::string::npos) {
        ++end;
    }
    if (!name) { // "N G R"?
        const std::size_t g = skipSpaces(text, end);
        std::size_t gEnd = g;
        while (gEnd < text.size() && std::isdigit(static_cast<unsigned char>(text[gEnd]))) {
            ++gEnd;
        }
        const std::size_t r = skipSpaces(text, gEnd);
        if (gEnd > g && r < text.size() && text[r] == 'R') {
            return r + 1;
        }
    }
    return end;
}

/// The top-level keys of a dictionary as `qpdf --show-object` prints it, each with its value's
/// text: "<< /F 4 /P 25 0 R /Rect [ 1 2 3 4 ] >>" → {F: "4", P: "25 0 R", Rect: "[ 1 2 3 4 ]"}.
std::map<std::string, std::string> qpdfDictionary(const std::string& text) {
    std::map<std::string, std::string> keys;
    std::size_t i = text.find("<<");
    REQUIRE(i != std::string::npos);
    i += 2;
    while (true) {
        i = skipSpaces(text, i);
        REQUIRE(i < text.size());
        if (text.compare(i, 2, ">>") == 0) {
            return keys;
        }
        REQUIRE(text[i] == '/');
        const std::size_t keyEnd = valueEnd(text, i);
        const std::string key = text.substr(i + 1, keyEnd - i - 1);
        const std::size_t v = skipSpaces(text, keyEnd);
        const std::size_t vEnd = valueEnd(text, v);
        keys[key] = text.substr(v, vEnd - v);
        i = vEnd;
    }
}

/// `qpdf --show-object=N FILE`: the object as the file's last revision defines it.
std::string showObject(const std::filesystem::path& file, int num) {
    const auto shown = run({"qpdf", "--show-object=" + std::to_string(num), file.string()});
    INFO(shown.err);
    REQUIRE(shown.exitCode == 0);
    return shown.out;
}

/// The object number of the field named `name` in pdf (its last revision).
int fieldNumber(const std::string& pdf, const std::string& name) {
    const raw::RawPdf file(pdf);
    const std::size_t last = file.revisions().size() - 1;
    for (const auto& revision : file.revisions()) {
        for (const auto& [num, entry] : revision.entries) {
            if (num == 0 || !entry.inUse) {
                continue;
            }
            const auto object = file.object(num, last);
            if (!object || !object->value.is(raw::Value::Kind::Dict)) {
                continue;
            }
            const raw::Value* t = object->value.get("T");
            const raw::Value* ft = object->value.get("FT");
            if (t && ft && ft->isName("Sig") && raw::textString(t->text) == name) {
                return num;
            }
        }
    }
    FAIL("no signature field " << name);
    return 0;
}

/// The object numbers the last revision of pdf writes.
std::set<int> lastRevisionObjects(const std::string& pdf) {
    const raw::RawPdf file(pdf);
    std::set<int> numbers;
    for (const auto& [num, entry] : file.revisions().back().entries) {
        if (num != 0 && entry.inUse) {
            numbers.insert(num);
        }
    }
    return numbers;
}

/// Checks that `after` defines object `num` as `before` does, except for the keys in `mayAdd`,
/// which may appear (and nothing else may be added, removed or changed).
void checkOnlyAdded(const std::filesystem::path& before, const std::filesystem::path& after,
                    int num, const std::set<std::string>& mayAdd) {
    const auto old = qpdfDictionary(showObject(before, num));
    const auto now = qpdfDictionary(showObject(after, num));
    for (const auto& [key, value] : old) {
        INFO("object " << num << " key /" << key);
        REQUIRE(now.count(key) == 1);
        CHECK(now.at(key) == value);
    }
    for (const auto& [key, value] : now) {
        if (old.count(key) == 0) {
            INFO("object " << num << " gained /" << key << " " << value);
            CHECK(mayAdd.count(key) == 1);
        }
    }
}

/// A fresh NSS database that trusts the demo root, for pdfsig -nssdir.
std::string nssTrustingDemoRoot(const TempDir& dir) {
    const auto db = "sql:" + (dir / "nss").string();
    std::filesystem::create_directories(dir / "nss");
    const auto made = run({"certutil", "-N", "-d", db, "--empty-password"});
    INFO(made.err);
    REQUIRE(made.exitCode == 0);
    const auto added = run({"certutil", "-A", "-d", db, "-n", "demo-root", "-t", "CT,C,C", "-i",
                            (demoPkiDir() / "ca.pem").string()});
    INFO(added.err);
    REQUIRE(added.exitCode == 0);
    return db;
}

void checkSealRevision(const TempDir& dir, const IssuedLetter& letter) {
    const int signer = fieldNumber(letter.sealed, "SignerSignature");
    const int seal = fieldNumber(letter.sealed, "SealSignature");
    // Signer and seal fields are their own widgets (the renderer merges them), so /AP is the
    // widget's appearance and /V the field's value.
    SECTION("the seal's revision adds only /V and /AP to the seal field") {
        checkOnlyAdded(dir / "stamped.pdf", dir / "sealed.pdf", seal, {"V", "AP"});
    }
    SECTION("nothing after the leader's signature redefines the signer field") {
        checkOnlyAdded(dir / "signed.pdf", dir / "sealed.pdf", signer, {});
        const auto stampObjects = lastRevisionObjects(letter.stamped);
        CHECK(stampObjects.count(signer) == 0);
    }
    SECTION("the issuing revision leaves /Info alone") {
        const raw::RawPdf file(letter.signedPdf);
        const raw::Value* info = file.revisions().back().trailer.get("Info");
        REQUIRE(info);
        REQUIRE(info->is(raw::Value::Kind::Ref));
        CHECK(lastRevisionObjects(letter.stamped).count(info->ref.num) == 0);
    }
    SECTION("the seal's lock was declared in the draft, covered by the leader's signature") {
        const auto draftSeal = qpdfDictionary(showObject(dir / "signed.pdf", seal));
        REQUIRE(draftSeal.count("Lock") == 1);
        CHECK(draftSeal.at("Lock").find(" 0 R") != std::string::npos); // indirect, as required
    }
}

} // namespace

TEST_CASE("A flow-issued letter: the seal changes its field only in /V and /AP",
          "[issue][cli][interop]") {
    TempDir dir;
    const IssuedLetter letter = issueLetter(dir, PadesLevel::BB);
    checkSealRevision(dir, letter);
}

TEST_CASE("A flow-issued letter at B-LTA: revisions after each signature stay narrow",
          "[issue][cli][interop]") {
    TempDir dir;
    const IssuedLetter letter = issueLetter(dir, PadesLevel::BLTA);
    checkSealRevision(dir, letter);
}

TEST_CASE("pdfsig: both signatures of a flow-issued letter are valid and trusted",
          "[issue][cli][interop]") {
    TempDir dir;
    const IssuedLetter letter = issueLetter(dir, PadesLevel::BB);
    const auto db = nssTrustingDemoRoot(dir);
    const auto sig = run({"pdfsig", "-nssdir", db, (dir / "sealed.pdf").string()});
    INFO(sig.out << sig.err);
    REQUIRE(sig.exitCode == 0);
    CHECK(sig.out.find("Signature #1:") != std::string::npos);
    CHECK(sig.out.find("Signature #2:") != std::string::npos);
    CHECK(sig.out.find("Signature #3:") == std::string::npos);
    std::size_t valid = 0, trusted = 0;
    for (std::size_t at = 0; (at = sig.out.find("Signature is Valid.", at)) != std::string::npos;
         ++at) {
        ++valid;
    }
    for (std::size_t at = 0;
         (at = sig.out.find("Certificate is Trusted.", at)) != std::string::npos; ++at) {
        ++trusted;
    }
    CHECK(valid == 2);
    CHECK(trusted == 2);
    CHECK(sig.out.find("Total document signed") != std::string::npos);
}

TEST_CASE("PDFBox: every signature of a flow-issued letter verifies in PDFBox with BouncyCastle",
          "[issue][interop][pdfbox]") {
    // PdfBoxVerifier (tests/signing/java): PDDocument.getSignatureDictionaries(), getContents and
    // getSignedContent, CMSSignedData.verifySignatures; a document time-stamp's token checked
    // against its message imprint; every chain built to the demo root.
    const PadesLevel level =
        GENERATE(PadesLevel::BB, PadesLevel::BT, PadesLevel::BLT, PadesLevel::BLTA);
    INFO("level " << static_cast<int>(level));
    TempDir dir;
    issueLetter(dir, level);
    const auto own = pdfboxVerify(dir / "sealed.pdf");
    INFO(own.out << own.err);
    CHECK(own.exitCode == 0);
    CHECK(own.out.find("ALL VALID") != std::string::npos);
    CHECK(own.out.find("field=SignerSignature subfilter=ETSI.CAdES.detached cms=VALID "
                       "chain=TRUSTED covers=part") != std::string::npos);
    CHECK(own.out.find("field=SealSignature subfilter=ETSI.CAdES.detached cms=VALID "
                       "chain=TRUSTED") != std::string::npos);
    const bool timeStamped = level == PadesLevel::BLTA;
    CHECK((own.out.find("subfilter=ETSI.RFC3161 cms=VALID chain=TRUSTED covers=whole") !=
           std::string::npos) == timeStamped);
    CHECK(own.out.find("cms=INVALID") == std::string::npos);
}
