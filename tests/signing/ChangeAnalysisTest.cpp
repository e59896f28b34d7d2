// The change analysis rejects by default (issue 12 item 4): the shadow attacks (Mainka et al.,
// 2021: hide, replace, hide-and-replace by overlay, overwrite, changed object references, font
// replacement) and the certification attacks (Evil Annotation, Sneaky Signature), each built
// here as an incremental update after a signature made by vanthu's signer, must be flagged with
// the offending object named; vanthu's own revisions after a signature must stay allowed. pdfsig
// checks that each attack left the signature itself intact (it does no change analysis, so only
// the analysis can catch these).
#include <catch2/catch.hpp>

#include <map>
#include <random>

#include "SigningFixtures.hpp"
#include "vanthu/signing/PadesSigner.hpp"
#include "vanthu/signing/RawPdf.hpp"
#include "vanthu/signing/RawPdfWriter.hpp"
#include "vanthu/signing/SignatureVerifier.hpp"

using namespace vanthu::signing;
using namespace vanthu::test;

namespace {

using Kind = raw::Value::Kind;

VerifyReport verify(const std::string& pdf) {
    std::vector<X509Ptr> anchors;
    anchors.push_back(certificateFromDer(toDer(demoPki().root().certificate.get())));
    return SignatureVerifier(std::move(anchors)).verify(pdf);
}

/// The objects of a letter an attacker aims at, as its last revision sees them.
struct Letter {
    raw::Ref root, pages, page, contents, form, font, signerField;
};

raw::Value resolved(const raw::RawPdf& file, const raw::Value& value) {
    return file.resolve(value, file.revisions().size() - 1);
}

Letter inspect(const raw::RawPdf& file) {
    Letter letter;
    letter.root = raw::trailerKey(file, "Root")->ref;
    const raw::Value catalog = resolved(file, raw::makeRef(letter.root));
    letter.pages = catalog.get("Pages")->ref;
    letter.form = catalog.get("AcroForm")->ref;
    const raw::Value pages = resolved(file, raw::makeRef(letter.pages));
    letter.page = (*pages.get("Kids")->array).at(0).ref;
    const raw::Value page = resolved(file, raw::makeRef(letter.page));
    letter.contents = page.get("Contents")->ref;
    const raw::Value resources = resolved(file, *page.get("Resources"));
    const raw::Value fonts = resolved(file, *resources.get("Font"));
    letter.font = fonts.dict->at(0).second.ref;
    const raw::Value form = resolved(file, raw::makeRef(letter.form));
    for (const auto& item : *resolved(file, *form.get("Fields")).array) {
        const raw::Value field = resolved(file, item);
        if (raw::textString(field.get("T")->text) == "SignerSignature") {
            letter.signerField = item.ref;
        }
    }
    REQUIRE(letter.signerField.num != 0);
    return letter;
}

std::string sign(const std::string& pdf, SignatureRole role, const std::string& field = {},
                 const std::string& key = "signer1") {
    SignOptions options;
    options.role = role;
    options.fieldName = field;
    options.signingTime = 1707100200; // 2024-02-05 09:30 +07:00
    return PadesSigner(options).sign(pdf, *demoKey(key));
}

/// The letter with SignerSignature declaring a DocMDP permission in its /Lock (PDF 2.0 12.7.5.5,
/// which vanthu's signer copies into the signature's FieldMDP transform): signing it makes a
/// certification signature at P=permission.
std::string certifiedLetter(int permission) {
    const std::string draft = makeLetterPdf();
    const raw::RawPdf file(draft);
    const Letter letter = inspect(file);
    raw::IncrementalWriter writer(file);
    raw::Value lock = raw::makeDict();
    raw::setKey(lock, "Type", raw::makeName("SigFieldLock"));
    raw::setKey(lock, "Action", raw::makeName("Include"));
    raw::setKey(lock, "Fields", raw::makeArray({raw::makeText("SignerSignature")}));
    raw::setKey(lock, "P", raw::makeInteger(permission));
    const raw::Ref lockRef = writer.allocate();
    writer.put(lockRef, lock);
    raw::Value field = writer.current(letter.signerField);
    raw::setKey(field, "Lock", raw::makeRef(lockRef));
    writer.put(letter.signerField, field);
    return sign(writer.finish(), SignatureRole::Signer);
}

const std::string& signedLetter() {
    static const std::string pdf = sign(makeLetterPdf(), SignatureRole::Signer);
    return pdf;
}

/// A stream dictionary with nothing but what putStream adds.
raw::Value streamDict() {
    return raw::makeDict();
}

raw::Value rect(int llx, int lly, int urx, int ury) {
    return raw::makeArray({raw::makeInteger(llx), raw::makeInteger(lly), raw::makeInteger(urx),
                           raw::makeInteger(ury)});
}

/// A white form XObject of the given size (an appearance that hides what is under it).
raw::Ref whiteBox(raw::IncrementalWriter& writer, int width, int height,
                  const std::string& extra = "") {
    raw::Value dict = raw::makeDict();
    raw::setKey(dict, "Type", raw::makeName("XObject"));
    raw::setKey(dict, "Subtype", raw::makeName("Form"));
    raw::setKey(dict, "BBox", rect(0, 0, width, height));
    const raw::Ref ref = writer.allocate();
    writer.putStream(ref, dict,
                     "1 1 1 rg 0 0 " + std::to_string(width) + " " + std::to_string(height) +
                         " re f" + extra);
    return ref;
}

/// Adds an annotation to the first page's /Annots.
std::string withAnnotation(const std::string& pdf, raw::Value annotation) {
    const raw::RawPdf file(pdf);
    const Letter letter = inspect(file);
    raw::IncrementalWriter writer(file);
    const raw::Ref ref = writer.allocate();
    raw::setKey(annotation, "P", raw::makeRef(letter.page));
    writer.put(ref, annotation);
    raw::Value page = writer.current(letter.page);
    raw::Value annots = page.get("Annots") ? resolved(file, *page.get("Annots")) : raw::makeArray();
    raw::append(annots, raw::makeRef(ref));
    raw::setKey(page, "Annots", annots);
    writer.put(letter.page, page);
    return writer.finish();
}

/// What the verifier says of the first signature of an attacked file.
struct Verdict {
    bool valid = false;     ///< the signature itself is intact
    bool changesOk = false; ///< the changes check passed
    std::vector<DocumentChange> rejected;
    std::vector<DocumentChange> allowed;
    std::string text;
};

Verdict judge(const std::string& pdf, size_t signature = 0) {
    const VerifyReport report = verify(pdf);
    Verdict verdict;
    verdict.text = toText(report);
    REQUIRE(report.signatures.size() > signature);
    const SignatureReport& s = report.signatures[signature];
    verdict.valid = s.valid;
    for (const auto& check : s.checks) {
        if (check.name == "changes") {
            verdict.changesOk = check.status == "passed";
        }
    }
    for (const auto& change : s.changes) {
        (change.allowed ? verdict.allowed : verdict.rejected).push_back(change);
    }
    return verdict;
}

std::string objectName(raw::Ref ref) {
    return std::to_string(ref.num) + " " + std::to_string(ref.gen) + " R";
}

/// A rejected change of that object whose description says what.
bool names(const Verdict& verdict, raw::Ref object, const std::string& what) {
    for (const auto& change : verdict.rejected) {
        if (change.object == objectName(object) &&
            change.description.find(what) != std::string::npos) {
            return true;
        }
    }
    return false;
}

/// pdfsig finds the (first) signature valid over part of the document: the attack kept it
/// intact, so only the change analysis can see it.
void pdfsigSeesAnIntactPartialSignature(const std::string& pdf) {
    TempDir dir;
    writeFile(dir.path() / "attacked.pdf", pdf);
    const auto result = pdfsig(dir.path() / "attacked.pdf");
    INFO(result.out << result.err);
    CHECK(result.out.find("Signature is Valid.") != std::string::npos);
    CHECK(result.out.find("Not total document signed") != std::string::npos);
}

void requireFlagged(const Verdict& verdict, raw::Ref object, const std::string& what) {
    INFO(verdict.text);
    CHECK(verdict.valid);
    CHECK_FALSE(verdict.changesOk);
    CHECK(names(verdict, object, what));
    CHECK(verdict.text.find("nothing changed after this signature") == std::string::npos);
}

} // namespace

TEST_CASE("Shadow replace: the page's /Contents pointed at new text", "[change-analysis][attack]") {
    const std::string& pdf = signedLetter();
    const raw::RawPdf file(pdf);
    const Letter letter = inspect(file);
    raw::IncrementalWriter writer(file);
    const raw::Ref forged = writer.allocate();
    writer.putStream(forged, streamDict(), "BT /F1 24 Tf 70 700 Td (PAY 1000000) Tj ET");
    raw::Value page = writer.current(letter.page);
    raw::setKey(page, "Contents", raw::makeRef(forged));
    writer.put(letter.page, page);
    const std::string attacked = writer.finish();
    const Verdict verdict = judge(attacked);
    requireFlagged(verdict, letter.page,
                   "page: /Contents changed (page 1: was " + objectName(letter.contents) +
                       ", now " + objectName(forged) + ")");
    CHECK(names(verdict, forged, "no allowed change accounts for"));
    pdfsigSeesAnIntactPartialSignature(attacked);
}

TEST_CASE("Shadow replace by overwrite: the content stream redefined in place",
          "[change-analysis][attack]") {
    const raw::RawPdf file(signedLetter());
    const Letter letter = inspect(file);
    raw::IncrementalWriter writer(file);
    writer.putStream(letter.contents, streamDict(), "BT /F1 24 Tf 70 700 Td (PAY 1000000) Tj ET");
    const Verdict verdict = judge(writer.finish());
    requireFlagged(verdict, letter.contents, "stream changed (page 1 /Contents)");
}

TEST_CASE("Shadow hide: an overlay over the text", "[change-analysis][attack]") {
    const std::string& pdf = signedLetter();
    const raw::RawPdf file(pdf);
    const Letter letter = inspect(file);

    SECTION("an XObject drawn over the page by a second content stream") {
        raw::IncrementalWriter writer(file);
        const raw::Ref box = whiteBox(writer, 500, 120);
        const raw::Ref draw = writer.allocate();
        writer.putStream(draw, streamDict(), "q 1 0 0 1 60 680 cm /Hide Do Q");
        raw::Value page = writer.current(letter.page);
        raw::setKey(page, "Contents",
                    raw::makeArray({raw::makeRef(letter.contents), raw::makeRef(draw)}));
        raw::Value resources = resolved(file, *page.get("Resources"));
        raw::Value xobjects = raw::makeDict();
        raw::setKey(xobjects, "Hide", raw::makeRef(box));
        raw::setKey(resources, "XObject", xobjects);
        raw::setKey(page, "Resources", resources);
        writer.put(letter.page, page);
        const Verdict verdict = judge(writer.finish());
        requireFlagged(verdict, letter.page, "page: /Contents changed");
        CHECK(names(verdict, letter.page, "page: /Resources changed"));
    }
    SECTION("a square annotation with a white appearance over the text") {
        raw::IncrementalWriter scratch(file);
        raw::Value annot = raw::makeDict();
        raw::setKey(annot, "Type", raw::makeName("Annot"));
        raw::setKey(annot, "Subtype", raw::makeName("Square"));
        raw::setKey(annot, "Rect", rect(60, 680, 560, 800));
        raw::setKey(annot, "F", raw::makeInteger(4));
        const std::string attacked = withAnnotation(pdf, annot);
        const Verdict verdict = judge(attacked);
        const Letter after = inspect(raw::RawPdf(attacked));
        (void)after;
        INFO(verdict.text);
        bool flagged = false;
        for (const auto& change : verdict.rejected) {
            flagged = flagged || change.description.find("an annotation that is not a signature "
                                                         "was added on page 1 (/Subtype "
                                                         "/Square") != std::string::npos;
        }
        CHECK(flagged);
        CHECK_FALSE(verdict.changesOk);
        pdfsigSeesAnIntactPartialSignature(attacked);
    }
}

TEST_CASE("Shadow replace by font: the font object swapped", "[change-analysis][attack]") {
    const raw::RawPdf file(signedLetter());
    const Letter letter = inspect(file);
    SECTION("the font dictionary redefined") {
        raw::IncrementalWriter writer(file);
        raw::Value font = writer.current(letter.font);
        raw::setKey(font, "BaseFont", raw::makeName("AAAAAA+Forged"));
        writer.put(letter.font, font);
        const Verdict verdict = judge(writer.finish());
        requireFlagged(verdict, letter.font, "/BaseFont (was");
        CHECK(names(verdict, letter.font, "page 1 /Resources /Font"));
    }
    SECTION("the font's embedded program replaced") {
        raw::IncrementalWriter writer(file);
        const raw::Value font = writer.current(letter.font);
        const raw::Value descendant =
            resolved(file, (*resolved(file, *font.get("DescendantFonts")).array).at(0));
        const raw::Ref descriptor = descendant.get("FontDescriptor")->ref;
        raw::Value dict = writer.current(descriptor);
        const raw::Ref program = writer.allocate();
        writer.putStream(program, streamDict(), "not a font");
        raw::setKey(dict, "FontFile2", raw::makeRef(program));
        writer.put(descriptor, dict);
        const Verdict verdict = judge(writer.finish());
        requireFlagged(verdict, descriptor, "/FontFile2 (was");
    }
}

TEST_CASE("Changed object references: the page tree pointed at a copy of the page",
          "[change-analysis][attack]") {
    const raw::RawPdf file(signedLetter());
    const Letter letter = inspect(file);
    SECTION("a new page object with other content") {
        raw::IncrementalWriter writer(file);
        const raw::Ref forged = writer.allocate();
        writer.putStream(forged, streamDict(), "BT /F1 24 Tf 70 700 Td (PAY 1000000) Tj ET");
        raw::Value copy = writer.current(letter.page);
        raw::setKey(copy, "Contents", raw::makeRef(forged));
        const raw::Ref newPage = writer.allocate();
        writer.put(newPage, copy);
        raw::Value pages = writer.current(letter.pages);
        raw::setKey(pages, "Kids", raw::makeArray({raw::makeRef(newPage)}));
        writer.put(letter.pages, pages);
        const Verdict verdict = judge(writer.finish());
        requireFlagged(verdict, letter.pages, "/Kids (was [ " + objectName(letter.page));
        // The old page is gone from the tree; the new one is accounted for by no allowed change.
        CHECK(names(verdict, newPage, "no allowed change accounts for"));
    }
    SECTION("an object redefined with identical bytes under a new number and used instead") {
        raw::IncrementalWriter writer(file);
        const raw::Ref twin = writer.allocate();
        writer.put(twin, writer.current(letter.page));
        raw::Value pages = writer.current(letter.pages);
        raw::setKey(pages, "Kids", raw::makeArray({raw::makeRef(twin)}));
        writer.put(letter.pages, pages);
        const Verdict verdict = judge(writer.finish());
        requireFlagged(verdict, letter.pages, "/Kids");
    }
    SECTION("an object redefined with identical bytes under its own number is no change") {
        raw::IncrementalWriter writer(file);
        writer.put(letter.page, writer.current(letter.page));
        const Verdict verdict = judge(writer.finish());
        INFO(verdict.text);
        CHECK(verdict.changesOk);
        CHECK(verdict.rejected.empty());
    }
}

TEST_CASE("/NeedAppearances set after a signature", "[change-analysis][attack]") {
    const raw::RawPdf file(signedLetter());
    const Letter letter = inspect(file);
    raw::IncrementalWriter writer(file);
    raw::Value form = writer.current(letter.form);
    raw::setKey(form, "NeedAppearances", raw::makeBool(true));
    writer.put(letter.form, form);
    requireFlagged(judge(writer.finish()), letter.form, "/NeedAppearances set");
}

TEST_CASE("Evil Annotation: a FreeText annotation after a certification at P=1 and P=2",
          "[change-analysis][attack][certification]") {
    const int permission = GENERATE(1, 2);
    const std::string certified = certifiedLetter(permission);
    {
        const Verdict untouched = judge(certified);
        INFO(untouched.text);
        REQUIRE(untouched.valid);
    }
    raw::Value annot = raw::makeDict();
    raw::setKey(annot, "Type", raw::makeName("Annot"));
    raw::setKey(annot, "Subtype", raw::makeName("FreeText"));
    raw::setKey(annot, "Rect", rect(60, 690, 560, 730));
    raw::setKey(annot, "Contents", raw::makeText("Kính gửi: Công ty ABC."));
    raw::setKey(annot, "DA", raw::makeText("/Helv 14 Tf 0 g"));
    raw::setKey(annot, "F", raw::makeInteger(4));
    const std::string attacked = withAnnotation(certified, annot);
    const Verdict verdict = judge(attacked);
    INFO(verdict.text);
    CHECK(verdict.valid);
    CHECK_FALSE(verdict.changesOk);
    bool flagged = false;
    for (const auto& change : verdict.rejected) {
        flagged = flagged || (change.description.find("/Subtype /FreeText") != std::string::npos &&
                              change.description.find("P=" + std::to_string(permission)) !=
                                  std::string::npos &&
                              change.description.find("Evil Annotation") != std::string::npos);
    }
    CHECK(flagged);
    pdfsigSeesAnIntactPartialSignature(attacked);
}

TEST_CASE("Sneaky Signature: a new visible signature field after a certification",
          "[change-analysis][attack][certification]") {
    const std::string certified = certifiedLetter(2);
    // A real signature by another signer in a new field that vanthu's signer makes visible.
    const std::string attacked = sign(certified, SignatureRole::Signer, "Sneaky", "signer2");
    const Verdict verdict = judge(attacked);
    INFO(verdict.text);
    CHECK(verdict.valid);
    CHECK_FALSE(verdict.changesOk);
    bool flagged = false;
    for (const auto& change : verdict.rejected) {
        flagged = flagged || change.description.find("a new visible signature field \"Sneaky\"") !=
                                 std::string::npos;
    }
    CHECK(flagged);
    // The second signature itself is intact and covers the whole file.
    CHECK(judge(attacked, 1).valid);

    // Signing the empty SealSignature field instead is what P=2 allows.
    const std::string sealed = sign(certified, SignatureRole::Seal, {}, "seal");
    const Verdict honest = judge(sealed);
    INFO(honest.text);
    CHECK(honest.changesOk);
    REQUIRE(honest.allowed.size() == 1);
    CHECK(honest.allowed[0].description.find("an empty signature field was signed") !=
          std::string::npos);
}

TEST_CASE("vanthu's own revisions after a signature stay allowed", "[change-analysis]") {
    const std::string& pdf = signedLetter();
    SECTION("a seal in the empty field, then /DSS") {
        const std::string sealed = sign(pdf, SignatureRole::Seal, {}, "seal");
        std::vector<X509*> certificates{demoPki().root().certificate.get()};
        const std::string withDss = PadesSigner::addValidationData(sealed, certificates, {});
        const Verdict signer = judge(withDss, 0);
        INFO(signer.text);
        CHECK(signer.changesOk);
        CHECK(signer.rejected.empty());
        const Verdict seal = judge(withDss, 1);
        CHECK(seal.changesOk);
        bool dss = false;
        for (const auto& change : seal.allowed) {
            dss = dss || change.description.find("/DSS") != std::string::npos;
        }
        CHECK(dss);
    }
    SECTION("a second signature in a new visible field (no certification)") {
        const std::string second = sign(pdf, SignatureRole::Signer, "Second", "signer2");
        const Verdict verdict = judge(second);
        INFO(verdict.text);
        CHECK(verdict.changesOk);
        REQUIRE(verdict.allowed.size() == 1);
        CHECK(verdict.allowed[0].description.find("signature fields added") != std::string::npos);
    }
}

TEST_CASE("A revision that cannot be read fails the changes check and says why",
          "[change-analysis][attack]") {
    const std::string& pdf = signedLetter();
    const raw::RawPdf file(pdf);
    const Letter letter = inspect(file);
    raw::IncrementalWriter writer(file);
    writer.put(letter.page, writer.current(letter.page));
    std::string attacked = writer.finish();
    // The new revision's table points its entry at the wrong byte: qpdf must rebuild it.
    const size_t table = attacked.rfind("\nxref");
    const size_t entry = attacked.find(" 00000 n", table);
    REQUIRE(entry != std::string::npos);
    attacked[entry - 1] =
        attacked[entry - 1] == '9' ? '0' : static_cast<char>(attacked[entry - 1] + 1);
    const VerifyReport report = verify(attacked);
    const std::string text = toText(report);
    INFO(text);
    CHECK_FALSE(report.ok);
    CHECK(text.find("nothing changed after this signature") == std::string::npos);
}

TEST_CASE("At P=3 an annotation may be added where the page shows nothing, never over text",
          "[change-analysis][attack][certification]") {
    const std::string certified = certifiedLetter(3);
    raw::Value note = raw::makeDict();
    raw::setKey(note, "Type", raw::makeName("Annot"));
    raw::setKey(note, "Subtype", raw::makeName("Text"));
    raw::setKey(note, "Contents", raw::makeText("Đã xem."));
    raw::setKey(note, "F", raw::makeInteger(4));

    SECTION("a sticky note in the empty middle of the page is allowed") {
        raw::setKey(note, "Rect", rect(100, 400, 130, 430));
        const Verdict verdict = judge(withAnnotation(certified, note));
        INFO(verdict.text);
        CHECK(verdict.changesOk);
        REQUIRE(verdict.allowed.size() == 1);
        CHECK(verdict.allowed[0].description.find("outside the page content (P=3)") !=
              std::string::npos);
    }
    SECTION("the same note over the salutation line is not") {
        raw::setKey(note, "Rect", rect(100, 695, 130, 725));
        const Verdict verdict = judge(withAnnotation(certified, note));
        INFO(verdict.text);
        CHECK_FALSE(verdict.changesOk);
        CHECK(verdict.rejected.at(0).description.find("it covers page content") !=
              std::string::npos);
    }
    SECTION("a note over the signer's own signature appearance is not") {
        raw::setKey(note, "Rect", rect(400, 200, 430, 230));
        const Verdict verdict = judge(withAnnotation(certified, note));
        INFO(verdict.text);
        CHECK_FALSE(verdict.changesOk);
    }
}

TEST_CASE("Shadow hide by a form field: the number field moved over the text when filled in",
          "[change-analysis][attack]") {
    // The draft gets the (read-only) DocumentNumber text field the renderer leaves for the clerk.
    std::string draft;
    raw::Ref field;
    {
        const std::string letterPdf = makeLetterPdf();
        const raw::RawPdf file(letterPdf);
        const Letter letter = inspect(file);
        raw::IncrementalWriter writer(file);
        field = writer.allocate();
        raw::Value dict = raw::makeDict();
        raw::setKey(dict, "Type", raw::makeName("Annot"));
        raw::setKey(dict, "Subtype", raw::makeName("Widget"));
        raw::setKey(dict, "FT", raw::makeName("Tx"));
        raw::setKey(dict, "Ff", raw::makeInteger(1));
        raw::setKey(dict, "T", raw::makeText("DocumentNumber"));
        raw::setKey(dict, "Rect", rect(70, 600, 250, 620));
        raw::setKey(dict, "F", raw::makeInteger(4));
        raw::setKey(dict, "P", raw::makeRef(letter.page));
        writer.put(field, dict);
        raw::Value page = writer.current(letter.page);
        raw::Value annots = resolved(file, *page.get("Annots"));
        raw::append(annots, raw::makeRef(field));
        raw::setKey(page, "Annots", annots);
        writer.put(letter.page, page);
        raw::Value form = writer.current(letter.form);
        raw::Value fields = resolved(file, *form.get("Fields"));
        raw::append(fields, raw::makeRef(field));
        raw::setKey(form, "Fields", fields);
        writer.put(letter.form, form);
        draft = writer.finish();
    }
    const std::string signedPdf = sign(draft, SignatureRole::Signer);
    const raw::RawPdf file(signedPdf);
    auto fill = [&](bool move) {
        raw::IncrementalWriter writer(file);
        const raw::Ref box =
            whiteBox(writer, 180, 20, " 0 g BT /Helv 12 Tf 2 5 Td (05/UBND-NV) Tj ET");
        raw::Value dict = writer.current(field);
        raw::setKey(dict, "V", raw::makeText("05/UBND-NV"));
        raw::Value ap = raw::makeDict();
        raw::setKey(ap, "N", raw::makeRef(box));
        raw::setKey(dict, "AP", ap);
        if (move) {
            raw::setKey(dict, "Rect", rect(60, 680, 560, 800));
        }
        writer.put(field, dict);
        return writer.finish();
    };
    SECTION("filled in where it was: the issuing fill-in, allowed") {
        const Verdict verdict = judge(fill(false));
        INFO(verdict.text);
        CHECK(verdict.changesOk);
        REQUIRE(verdict.allowed.size() == 1);
        CHECK(verdict.allowed[0].description.find("form fill-in of DocumentNumber") !=
              std::string::npos);
    }
    SECTION("moved over the salutation and filled in with a white appearance") {
        const std::string attacked = fill(true);
        requireFlagged(judge(attacked), field, "form field \"DocumentNumber\": /Rect changed");
        pdfsigSeesAnIntactPartialSignature(attacked);
    }
}

TEST_CASE("An empty signature field given an existing signature dictionary as its value",
          "[change-analysis][attack]") {
    const std::string& pdf = signedLetter();
    const raw::RawPdf file(pdf);
    const Letter letter = inspect(file);
    const raw::Value signer = resolved(file, raw::makeRef(letter.signerField));
    const raw::Ref signature = signer.get("V")->ref;
    const raw::Value form = resolved(file, raw::makeRef(letter.form));
    raw::Ref seal;
    for (const auto& item : *resolved(file, *form.get("Fields")).array) {
        if (raw::textString(resolved(file, item).get("T")->text) == "SealSignature") {
            seal = item.ref;
        }
    }
    REQUIRE(seal.num != 0);
    raw::IncrementalWriter writer(file);
    raw::Value field = writer.current(seal);
    raw::setKey(field, "V", raw::makeRef(signature));
    writer.put(seal, field);
    requireFlagged(judge(writer.finish()), seal, "not a new signature dictionary");
}

TEST_CASE("Sneaky Signature in two steps: a hidden field added, then shown and signed",
          "[change-analysis][attack][certification]") {
    const std::string certified = certifiedLetter(2);
    // Revision 3: a new empty signature field, hidden (F 2): invisible, so allowed at P=2.
    raw::Ref field;
    std::string hidden;
    {
        const raw::RawPdf file(certified);
        const Letter letter = inspect(file);
        raw::IncrementalWriter writer(file);
        field = writer.allocate();
        raw::Value dict = raw::makeDict();
        raw::setKey(dict, "Type", raw::makeName("Annot"));
        raw::setKey(dict, "Subtype", raw::makeName("Widget"));
        raw::setKey(dict, "FT", raw::makeName("Sig"));
        raw::setKey(dict, "T", raw::makeText("Later"));
        raw::setKey(dict, "Rect", rect(60, 690, 560, 730));
        raw::setKey(dict, "F", raw::makeInteger(2));
        raw::setKey(dict, "P", raw::makeRef(letter.page));
        writer.put(field, dict);
        raw::Value page = writer.current(letter.page);
        raw::Value annots = resolved(file, *page.get("Annots"));
        raw::append(annots, raw::makeRef(field));
        raw::setKey(page, "Annots", annots);
        writer.put(letter.page, page);
        raw::Value form = writer.current(letter.form);
        raw::Value fields = resolved(file, *form.get("Fields"));
        raw::append(fields, raw::makeRef(field));
        raw::setKey(form, "Fields", fields);
        writer.put(letter.form, form);
        hidden = writer.finish();
    }
    {
        const Verdict verdict = judge(hidden);
        INFO(verdict.text);
        CHECK(verdict.changesOk);
    }
    // Revision 4: the field shown (F 4) with a white appearance over the salutation.
    const raw::RawPdf file(hidden);
    raw::IncrementalWriter writer(file);
    const raw::Ref box = whiteBox(writer, 500, 40);
    raw::Value dict = writer.current(field);
    raw::setKey(dict, "F", raw::makeInteger(4));
    raw::Value ap = raw::makeDict();
    raw::setKey(ap, "N", raw::makeRef(box));
    raw::setKey(dict, "AP", ap);
    writer.put(field, dict);
    requireFlagged(judge(writer.finish()), field, "was made visible (\"Later\")");
}

TEST_CASE("Damaged later revisions never crash the change analysis nor pass as unchanged",
          "[change-analysis][attack][fuzz]") {
    const std::string& pdf = signedLetter();
    const raw::RawPdf file(pdf);
    const Letter letter = inspect(file);
    raw::IncrementalWriter writer(file);
    const raw::Ref forged = writer.allocate();
    writer.putStream(forged, streamDict(), "BT /F1 24 Tf 70 700 Td (PAY 1000000) Tj ET");
    raw::Value page = writer.current(letter.page);
    raw::setKey(page, "Contents", raw::makeRef(forged));
    writer.put(letter.page, page);
    const std::string attacked = writer.finish();
    std::mt19937 random(20261205);
    int analysed = 0;
    for (int i = 0; i < 300; ++i) {
        std::string damaged = attacked;
        const int flips = 1 + static_cast<int>(random() % 4);
        for (int k = 0; k < flips; ++k) {
            const size_t at = pdf.size() + random() % (attacked.size() - pdf.size());
            damaged[at] = static_cast<char>(random() % 256);
        }
        try {
            const VerifyReport report = verify(damaged);
            INFO(toText(report));
            CHECK_FALSE(report.ok);
            if (!report.signatures.empty() && !report.signatures[0].changes.empty()) {
                ++analysed;
            }
        } catch (const raw::ParseError&) {
            // unreadable as a whole: refused, which is fine
        }
    }
    CHECK(analysed > 100); // most damaged revisions are still read and their change reported
}

namespace {

/// Appends a revision that puts the given objects (number -> dictionary syntax) in an object
/// stream, indexed by a cross-reference stream (no classic table), as modern writers do.
std::string appendWithObjectStream(const std::string& pdf,
                                   const std::map<int, std::string>& objects) {
    const raw::RawPdf file(pdf);
    const auto& last = file.revisions().back();
    int size = static_cast<int>(last.trailer.get("Size")->integer);
    for (const auto& [num, body] : objects) {
        size = std::max(size, num + 1);
    }
    const int streamNum = size;
    const int xrefNum = size + 1;
    std::string header, data;
    for (const auto& [num, body] : objects) {
        header += std::to_string(num) + " " + std::to_string(data.size()) + " ";
        data += body + "\n";
    }
    std::string out = pdf;
    const size_t streamAt = out.size();
    out += std::to_string(streamNum) + " 0 obj\n<< /Type /ObjStm /N " +
           std::to_string(objects.size()) + " /First " + std::to_string(header.size()) +
           " /Length " + std::to_string(header.size() + data.size()) + " >>\nstream\n" + header +
           data + "\nendstream\nendobj\n";
    const size_t xrefAt = out.size();
    // Entries: type (1 byte), field 2 (4 bytes), field 3 (2 bytes).
    std::string rows, index;
    auto row = [&](int type, std::size_t two, int three) {
        rows += static_cast<char>(type);
        for (int shift = 24; shift >= 0; shift -= 8) {
            rows += static_cast<char>((two >> shift) & 0xff);
        }
        rows += static_cast<char>((three >> 8) & 0xff);
        rows += static_cast<char>(three & 0xff);
    };
    int i = 0;
    for (const auto& [num, body] : objects) {
        index += std::to_string(num) + " 1 ";
        row(2, static_cast<std::size_t>(streamNum), i++);
    }
    index += std::to_string(streamNum) + " 2";
    row(1, streamAt, 0);
    row(1, xrefAt, 0);
    out += std::to_string(xrefNum) + " 0 obj\n<< /Type /XRef /W [1 4 2] /Index [" + index +
           "] /Size " + std::to_string(xrefNum + 1) + " /Root " +
           raw::serialize(*last.trailer.get("Root")) + " /Prev " + std::to_string(last.xrefOffset) +
           " /Length " + std::to_string(rows.size()) + " >>\nstream\n" + rows +
           "\nendstream\nendobj\nstartxref\n" + std::to_string(xrefAt) + "\n%%EOF\n";
    return out;
}

} // namespace

TEST_CASE("Shadow replace written in an object stream with a cross-reference stream",
          "[change-analysis][attack][qpdf]") {
    const std::string& pdf = signedLetter();
    const raw::RawPdf file(pdf);
    const Letter letter = inspect(file);
    raw::Value page = resolved(file, raw::makeRef(letter.page));
    // The page's content drawn twice (a changed reference, no new object).
    raw::setKey(page, "Contents",
                raw::makeArray({raw::makeRef(letter.contents), raw::makeRef(letter.contents)}));
    const std::string attacked =
        appendWithObjectStream(pdf, {{letter.page.num, raw::serialize(page)}});
    TempDir dir;
    writeFile(dir / "objstm.pdf", attacked);
    const auto check = run({"qpdf", "--check", (dir / "objstm.pdf").string()});
    INFO(check.out << check.err);
    REQUIRE(check.exitCode == 0);
    requireFlagged(judge(attacked), letter.page,
                   "page: /Contents changed (page 1: was " + objectName(letter.contents) +
                       ", now [ " + objectName(letter.contents) + " " +
                       objectName(letter.contents) + " ])");
    pdfsigSeesAnIntactPartialSignature(attacked);
}
