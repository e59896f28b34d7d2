// The shadow attacks (Mainka et al., 2021) and the certification attacks (Evil Annotation,
// Sneaky Signature) on a cross-reference-stream letter signed by Apache PDFBox 2 (BER CMS,
// tests/signing/java/PdfBoxSigner.java) and, with the same generators, by vanthu's signer
// (issue 12 item 5). The test prepares the shadowed document (`qpdf --object-streams=generate`
// of the test letter, then a revision with the hidden content and a text field the attacks use),
// has it signed, then appends the manipulation as an attacker's tool would: an incremental update
// in the file's own form, a cross-reference stream, written through pdf::IncrementalUpdate
// (libqpdf; ChangeAnalysisTest.cpp does the same attacks with classic tables on a vanthu-signed
// letter). Every one must be flagged by the change analysis with the offending object named,
// while the signature itself stays intact (pdfsig agrees: "Signature is Valid.", "Not total
// document signed").
#include <catch2/catch.hpp>

#include <qpdf/QPDFObjectHandle.hh>

#include <map>
#include <sstream>

#include "SigningFixtures.hpp"
#include "vanthu/pdf/IncrementalUpdate.hpp"
#include "vanthu/pdf/PdfDocument.hpp"
#include "vanthu/signing/PadesSigner.hpp"
#include "vanthu/signing/SignatureVerifier.hpp"

using namespace vanthu;
using namespace vanthu::signing;
using namespace vanthu::test;
using Handle = QPDFObjectHandle;

namespace {

enum class Signer { PdfBox, Vanthu };

const char* describe(Signer signer) {
    return signer == Signer::PdfBox ? "signed by PDFBox" : "signed by vanthu";
}

/// The objects of the letter an attacker aims at, as the document's last revision has them.
struct Letter {
    Handle catalog, pages, page, contents, font, form, signerField, numberField, shadow;
    std::string fontName; ///< the page's font resource name
};

std::string ref(Handle object) {
    return std::to_string(object.getObjectID()) + " " + std::to_string(object.getGeneration()) +
           " R";
}

Handle fieldNamed(Handle form, const std::string& name) {
    Handle fields = form.getKey("/Fields");
    for (int i = 0; i < fields.getArrayNItems(); ++i) {
        Handle field = fields.getArrayItem(i);
        if (field.getKey("/T").isString() && field.getKey("/T").getUTF8Value() == name) {
            return field;
        }
    }
    return Handle::newNull();
}

Letter inspect(const pdf::PdfDocument& document) {
    Letter letter;
    letter.catalog = document.trailer().getKey("/Root");
    letter.pages = letter.catalog.getKey("/Pages");
    letter.page = letter.pages.getKey("/Kids").getArrayItem(0);
    letter.contents = letter.page.getKey("/Contents");
    Handle fonts = letter.page.getKey("/Resources").getKey("/Font");
    letter.fontName = *fonts.getKeys().begin();
    letter.font = fonts.getKey(letter.fontName);
    letter.form = letter.catalog.getKey("/AcroForm");
    letter.signerField = fieldNamed(letter.form, "SignerSignature");
    letter.numberField = fieldNamed(letter.form, "DocumentNumber");
    Handle xobjects = letter.page.getKey("/Resources").getKey("/XObject");
    if (xobjects.isDictionary() && xobjects.hasKey("/Shadow")) {
        letter.shadow = xobjects.getKey("/Shadow");
    }
    REQUIRE(letter.contents.isIndirect());
    REQUIRE(letter.font.isIndirect());
    REQUIRE(letter.signerField.isIndirect());
    return letter;
}

Handle rect(int llx, int lly, int urx, int ury) {
    Handle r = Handle::newArray();
    for (const int v : {llx, lly, urx, ury}) {
        r.appendItem(Handle::newInteger(v));
    }
    return r;
}

Handle name(const std::string& n) {
    return Handle::newName(n);
}

/// A white form XObject (an appearance or overlay that hides what is under it).
Handle whiteBox(pdf::IncrementalUpdate& update, int width, int height,
                const std::string& extra = "") {
    Handle dict = Handle::newDictionary();
    dict.replaceKey("/Type", name("/XObject"));
    dict.replaceKey("/Subtype", name("/Form"));
    dict.replaceKey("/BBox", rect(0, 0, width, height));
    Handle box = update.allocate();
    update.putStream(box, dict,
                     "1 1 1 rg 0 0 " + std::to_string(width) + " " + std::to_string(height) +
                         " re f" + extra);
    return box;
}

/// The shadowed document: the test letter packed by qpdf (cross-reference and object streams),
/// then one xref-stream revision that hides a replacement text in an unused form XObject of the
/// page (/Shadow, drawn by nothing: the hide-and-replace attack only has to point at it later),
/// adds the clerk's DocumentNumber text field and, for a certification by vanthu's signer, a
/// /Lock with /P on SignerSignature (vanthu copies it into its FieldMDP transform).
std::string shadowedDraft(int lockPermission) {
    TempDir dir;
    writeFile(dir / "classic.pdf", makeLetterPdf());
    const auto packed = run({"qpdf", "--object-streams=generate", (dir / "classic.pdf").string(),
                             (dir / "packed.pdf").string()});
    REQUIRE(packed.exitCode == 0);
    const auto document = pdf::PdfDocument::open(readFile(dir / "packed.pdf"));
    Letter letter = inspect(document);
    pdf::IncrementalUpdate update(document);
    REQUIRE(update.form() == pdf::XrefForm::Stream);

    Handle shadowDict = Handle::newDictionary();
    shadowDict.replaceKey("/Type", name("/XObject"));
    shadowDict.replaceKey("/Subtype", name("/Form"));
    shadowDict.replaceKey("/BBox", rect(0, 0, 595, 842));
    Handle shadowResources = Handle::newDictionary();
    Handle shadowFonts = Handle::newDictionary();
    shadowFonts.replaceKey(letter.fontName, letter.font);
    shadowResources.replaceKey("/Font", shadowFonts);
    shadowDict.replaceKey("/Resources", shadowResources);
    Handle shadow = update.allocate();
    update.putStream(shadow, shadowDict,
                     "1 1 1 rg 0 0 595 842 re f 0 g BT " + letter.fontName +
                         " 14 Tf 70 700 Td (PAY 1000000) Tj ET");
    Handle page = update.current(letter.page);
    Handle resources = page.getKey("/Resources").shallowCopy();
    Handle xobjects = Handle::newDictionary();
    xobjects.replaceKey("/Shadow", shadow);
    resources.replaceKey("/XObject", xobjects);
    page.replaceKey("/Resources", resources);

    Handle number = update.allocate();
    Handle field = Handle::newDictionary();
    field.replaceKey("/Type", name("/Annot"));
    field.replaceKey("/Subtype", name("/Widget"));
    field.replaceKey("/FT", name("/Tx"));
    field.replaceKey("/T", Handle::newUnicodeString("DocumentNumber"));
    field.replaceKey("/Rect", rect(70, 600, 250, 620));
    field.replaceKey("/F", Handle::newInteger(4));
    field.replaceKey("/P", letter.page);
    update.put(number, field);
    Handle annots = page.getKey("/Annots").shallowCopy();
    annots.appendItem(number);
    page.replaceKey("/Annots", annots);
    update.put(letter.page, page);
    Handle form = update.current(letter.form);
    Handle fields = form.getKey("/Fields").shallowCopy();
    fields.appendItem(number);
    form.replaceKey("/Fields", fields);
    update.put(letter.form, form);

    if (lockPermission > 0) {
        Handle lock = Handle::newDictionary();
        lock.replaceKey("/Type", name("/SigFieldLock"));
        lock.replaceKey("/Action", name("/Include"));
        Handle locked = Handle::newArray();
        locked.appendItem(Handle::newUnicodeString("SignerSignature"));
        lock.replaceKey("/Fields", locked);
        lock.replaceKey("/P", Handle::newInteger(lockPermission));
        Handle lockRef = update.allocate();
        update.put(lockRef, lock);
        Handle signerField = update.current(letter.signerField);
        signerField.replaceKey("/Lock", lockRef);
        update.put(letter.signerField, signerField);
    }
    return update.finish();
}

/// The shadowed draft signed in SignerSignature; a certification signature at P=certify (0: an
/// approval signature). PDFBox certifies with a DocMDP transform and /Perms, vanthu through the
/// field's /Lock.
std::string signedLetter(Signer signer, int certify = 0) {
    const std::string draft = shadowedDraft(signer == Signer::Vanthu ? certify : 0);
    if (signer == Signer::Vanthu) {
        SignOptions options;
        options.signingTime = 1707100200;
        return PadesSigner(options).sign(draft, *demoKey("signer1"));
    }
    TempDir dir;
    writeFile(dir / "draft.pdf", draft);
    std::vector<std::string> options{"--field", "SignerSignature"};
    if (certify > 0) {
        options.insert(options.end(), {"--certify", std::to_string(certify)});
    }
    const auto signedByPdfBox =
        pdfboxSign(dir / "draft.pdf", dir / "signed.pdf", "signer1", options);
    INFO(signedByPdfBox.out << signedByPdfBox.err);
    REQUIRE(signedByPdfBox.exitCode == 0);
    const std::string pdf = readFile(dir / "signed.pdf");
    REQUIRE(pdf.compare(0, draft.size(), draft) == 0);
    REQUIRE(pdf.find("/Type /XRef", draft.size()) != std::string::npos);
    return pdf;
}

/// A signed letter per signer, made once per test process.
const std::string& signedOnce(Signer signer) {
    static std::map<Signer, std::string> cache;
    auto it = cache.find(signer);
    if (it == cache.end()) {
        it = cache.emplace(signer, signedLetter(signer)).first;
    }
    return it->second;
}

struct Verdict {
    bool valid = false;
    bool changesOk = false;
    std::vector<DocumentChange> rejected;
    std::string text;
};

Verdict judge(const std::string& pdf, std::size_t signature = 0) {
    std::vector<X509Ptr> anchors;
    anchors.push_back(certificateFromDer(toDer(demoPki().root().certificate.get())));
    const VerifyReport report = SignatureVerifier(std::move(anchors)).verify(pdf);
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
        if (!change.allowed) {
            verdict.rejected.push_back(change);
        }
    }
    return verdict;
}

/// The attacked file: appended in the signed file's form (a cross-reference stream), and the
/// signature still intact for pdfsig.
void checkAttackedFile(const std::string& signedPdf, const std::string& attacked) {
    REQUIRE(attacked.compare(0, signedPdf.size(), signedPdf) == 0);
    CHECK(attacked.find("/Type /XRef", signedPdf.size()) != std::string::npos);
    TempDir dir;
    writeFile(dir / "attacked.pdf", attacked);
    const auto sig = pdfsig(dir / "attacked.pdf");
    INFO(sig.out << sig.err);
    CHECK(sig.out.find("Signature is Valid.") != std::string::npos);
    CHECK(sig.out.find("Not total document signed") != std::string::npos);
}

/// The first signature is intact, its changes check failed, and a rejected change names
/// `object` with `what` in its description.
void requireFlagged(const std::string& signedPdf, const std::string& attacked,
                    const std::string& object, const std::string& what) {
    checkAttackedFile(signedPdf, attacked);
    const Verdict verdict = judge(attacked);
    INFO(verdict.text);
    CHECK(verdict.valid);
    CHECK_FALSE(verdict.changesOk);
    CHECK(verdict.text.find("nothing changed after this signature") == std::string::npos);
    bool named = false;
    for (const auto& change : verdict.rejected) {
        named = named || ((object.empty() || change.object == object) &&
                          change.description.find(what) != std::string::npos);
    }
    INFO("expected a rejected change of " << object << " saying: " << what);
    CHECK(named);
}

Handle textAnnotation(const std::string& subtype, Handle page) {
    Handle annot = Handle::newDictionary();
    annot.replaceKey("/Type", name("/Annot"));
    annot.replaceKey("/Subtype", name(subtype));
    annot.replaceKey("/Rect", rect(60, 680, 560, 780));
    annot.replaceKey("/F", Handle::newInteger(4));
    annot.replaceKey("/P", page);
    return annot;
}

/// Adds an annotation to the first page; returns the file and the annotation's reference.
std::pair<std::string, std::string> withAnnotation(const std::string& pdf, Handle annotation) {
    const auto document = pdf::PdfDocument::open(pdf);
    Letter letter = inspect(document);
    pdf::IncrementalUpdate update(document);
    Handle annot = update.allocate();
    annotation.replaceKey("/P", letter.page);
    update.put(annot, annotation);
    Handle page = update.current(letter.page);
    Handle annots = page.getKey("/Annots").shallowCopy();
    annots.appendItem(annot);
    page.replaceKey("/Annots", annots);
    update.put(letter.page, page);
    return {update.finish(), ref(annot)};
}

} // namespace

TEST_CASE("The shadowed letter, signed by PDFBox or vanthu, verifies before any attack",
          "[change-analysis][attack][pdfbox]") {
    const Signer signer = GENERATE(Signer::PdfBox, Signer::Vanthu);
    INFO(describe(signer));
    const std::string& pdf = signedOnce(signer);
    const Verdict verdict = judge(pdf);
    INFO(verdict.text);
    CHECK(verdict.valid);
    CHECK(verdict.changesOk);
    TempDir dir;
    writeFile(dir / "signed.pdf", pdf);
    const auto check = run({"qpdf", "--check", (dir / "signed.pdf").string()});
    INFO(check.out << check.err);
    CHECK(check.exitCode != 2); // 3: warnings only
    CHECK(check.out.find("ERROR") == std::string::npos);
    // PDFBox's only blemish: its cross-reference stream counts itself in /Size, not in /Index.
    std::istringstream warnings(check.err);
    for (std::string line; std::getline(warnings, line);) {
        if (line.find("WARNING") != std::string::npos) {
            CHECK(signer == Signer::PdfBox);
            CHECK(line.find("reported number of objects") != std::string::npos);
        }
    }
}

TEST_CASE("Shadow attacks on an xref-stream letter signed by PDFBox or vanthu are flagged",
          "[change-analysis][attack][pdfbox]") {
    const Signer signer = GENERATE(Signer::PdfBox, Signer::Vanthu);
    INFO(describe(signer));
    const std::string& pdf = signedOnce(signer);
    const auto document = pdf::PdfDocument::open(pdf);
    Letter letter = inspect(document);
    REQUIRE(letter.shadow.isIndirect());
    REQUIRE(letter.numberField.isIndirect());

    SECTION("replace: the page's /Contents pointed at new text") {
        pdf::IncrementalUpdate update(document);
        Handle forged = update.allocate();
        update.putStream(forged, Handle::newDictionary(),
                         "BT " + letter.fontName + " 24 Tf 70 700 Td (PAY 1000000) Tj ET");
        Handle page = update.current(letter.page);
        page.replaceKey("/Contents", forged);
        update.put(letter.page, page);
        const std::string attacked = update.finish();
        requireFlagged(pdf, attacked, ref(letter.page),
                       "page: /Contents changed (page 1: was " + ref(letter.contents) + ", now " +
                           ref(forged) + ")");
        requireFlagged(pdf, attacked, ref(forged), "no allowed change accounts for");
    }
    SECTION("replace by overwrite: the content stream redefined in place") {
        pdf::IncrementalUpdate update(document);
        update.putStream(letter.contents, Handle::newDictionary(),
                         "BT " + letter.fontName + " 24 Tf 70 700 Td (PAY 1000000) Tj ET");
        requireFlagged(pdf, update.finish(), ref(letter.contents),
                       "stream changed (page 1 /Contents)");
    }
    SECTION("hide: a white XObject drawn over the text by a second content stream") {
        pdf::IncrementalUpdate update(document);
        Handle box = whiteBox(update, 500, 120);
        Handle draw = update.allocate();
        update.putStream(draw, Handle::newDictionary(), "q 1 0 0 1 60 680 cm /Hide Do Q");
        Handle page = update.current(letter.page);
        Handle contents = Handle::newArray();
        contents.appendItem(letter.contents);
        contents.appendItem(draw);
        page.replaceKey("/Contents", contents);
        Handle resources = page.getKey("/Resources").shallowCopy();
        Handle xobjects = resources.getKey("/XObject").shallowCopy();
        xobjects.replaceKey("/Hide", box);
        resources.replaceKey("/XObject", xobjects);
        page.replaceKey("/Resources", resources);
        update.put(letter.page, page);
        const std::string attacked = update.finish();
        requireFlagged(pdf, attacked, ref(letter.page), "page: /Contents changed");
        requireFlagged(pdf, attacked, ref(letter.page), "page: /Resources changed");
    }
    SECTION("hide: a Square annotation (overlay) over the text") {
        const auto [attacked, annot] = withAnnotation(pdf, textAnnotation("/Square", letter.page));
        requireFlagged(pdf, attacked, "",
                       "an annotation that is not a signature was added on page 1 (/Subtype "
                       "/Square");
    }
    SECTION("hide-and-replace: the page drawn from the shadow prepared before signing") {
        // The replacement was signed, hidden: the page's content only gains a one-operator
        // stream drawing the /Shadow XObject (white page, other text).
        pdf::IncrementalUpdate update(document);
        Handle draw = update.allocate();
        update.putStream(draw, Handle::newDictionary(), "/Shadow Do");
        Handle page = update.current(letter.page);
        Handle contents = Handle::newArray();
        contents.appendItem(letter.contents);
        contents.appendItem(draw);
        page.replaceKey("/Contents", contents);
        update.put(letter.page, page);
        requireFlagged(pdf, update.finish(), ref(letter.page),
                       "page: /Contents changed (page 1: was " + ref(letter.contents) + ", now [ " +
                           ref(letter.contents) + " " + ref(draw) + " ])");
    }
    SECTION("changed object references: /Kids pointed at a byte-identical twin of the page") {
        pdf::IncrementalUpdate update(document);
        Handle twin = update.allocate();
        update.put(twin, update.current(letter.page));
        Handle pages = update.current(letter.pages);
        Handle kids = Handle::newArray();
        kids.appendItem(twin);
        pages.replaceKey("/Kids", kids);
        update.put(letter.pages, pages);
        requireFlagged(pdf, update.finish(), ref(letter.pages), "/Kids (was [ " + ref(letter.page));
    }
    SECTION("form over text: the DocumentNumber field moved over the salutation when filled in") {
        pdf::IncrementalUpdate update(document);
        Handle box = whiteBox(update, 500, 120, " 0 g BT /Helv 12 Tf 2 5 Td (05/UBND-NV) Tj ET");
        Handle field = update.current(letter.numberField);
        field.replaceKey("/V", Handle::newUnicodeString("05/UBND-NV"));
        Handle ap = Handle::newDictionary();
        ap.replaceKey("/N", box);
        field.replaceKey("/AP", ap);
        field.replaceKey("/Rect", rect(60, 680, 560, 800));
        update.put(letter.numberField, field);
        requireFlagged(pdf, update.finish(), ref(letter.numberField),
                       "form field \"DocumentNumber\": /Rect changed");
    }
    SECTION("font replacement: the page font's /BaseFont swapped") {
        pdf::IncrementalUpdate update(document);
        Handle font = update.current(letter.font);
        font.replaceKey("/BaseFont", name("/AAAAAA+Forged"));
        update.put(letter.font, font);
        requireFlagged(pdf, update.finish(), ref(letter.font), "/BaseFont (was");
    }
    SECTION("font replacement: the embedded font program replaced") {
        pdf::IncrementalUpdate update(document);
        Handle descriptor =
            letter.font.getKey("/DescendantFonts").getArrayItem(0).getKey("/FontDescriptor");
        REQUIRE(descriptor.isIndirect());
        Handle dict = update.current(descriptor);
        Handle program = update.allocate();
        update.putStream(program, Handle::newDictionary(), "not a font");
        dict.replaceKey("/FontFile2", program);
        update.put(descriptor, dict);
        requireFlagged(pdf, update.finish(), ref(descriptor), "/FontFile2 (was");
    }
}

TEST_CASE("Certification attacks on an xref-stream letter certified by PDFBox or vanthu",
          "[change-analysis][attack][certification][pdfbox]") {
    const Signer signer = GENERATE(Signer::PdfBox, Signer::Vanthu);
    INFO(describe(signer));
    const std::string certified = signedLetter(signer, 2);
    {
        const Verdict untouched = judge(certified);
        INFO(untouched.text);
        REQUIRE(untouched.valid);
        REQUIRE(untouched.changesOk);
    }
    const pdf::PdfDocument document = pdf::PdfDocument::open(certified);
    Letter letter = inspect(document);

    SECTION("Evil Annotation: a FreeText annotation over the salutation at P=2") {
        Handle annot = textAnnotation("/FreeText", letter.page);
        annot.replaceKey("/Rect", rect(60, 690, 560, 730));
        annot.replaceKey("/Contents", Handle::newUnicodeString("Kính gửi: Công ty ABC."));
        annot.replaceKey("/DA", Handle::newString("/Helv 14 Tf 0 g"));
        const auto [attacked, ref] = withAnnotation(certified, annot);
        // "P=2", not "no certification": the DocMDP transform (or the lock) was read.
        requireFlagged(certified, attacked, "", "(P=2 allows no annotations; Evil Annotation)");
        requireFlagged(certified, attacked, "", "/Subtype /FreeText");
    }
    SECTION("Sneaky Signature: another signer's real signature in a new visible field") {
        // The attacker places the field (over the salutation), then signs it: vanthu's signer
        // would otherwise put a new field where SignerSignature is, which PDFBox made invisible.
        pdf::IncrementalUpdate update(document);
        const Handle sneaky = update.allocate();
        Handle field = Handle::newDictionary();
        field.replaceKey("/Type", name("/Annot"));
        field.replaceKey("/Subtype", name("/Widget"));
        field.replaceKey("/FT", name("/Sig"));
        field.replaceKey("/T", Handle::newUnicodeString("Sneaky"));
        field.replaceKey("/Rect", rect(60, 690, 560, 730));
        field.replaceKey("/F", Handle::newInteger(4));
        field.replaceKey("/P", letter.page);
        update.put(sneaky, field);
        Handle page = update.current(letter.page);
        Handle annots = page.getKey("/Annots").shallowCopy();
        annots.appendItem(sneaky);
        page.replaceKey("/Annots", annots);
        update.put(letter.page, page);
        Handle form = update.current(letter.form);
        Handle fields = form.getKey("/Fields").shallowCopy();
        fields.appendItem(sneaky);
        form.replaceKey("/Fields", fields);
        update.put(letter.form, form);
        const std::string placed = update.finish();
        SignOptions options;
        options.fieldName = "Sneaky";
        const std::string attacked = PadesSigner(options).sign(placed, *demoKey("signer2"));
        checkAttackedFile(certified, attacked);
        const Verdict verdict = judge(attacked);
        INFO(verdict.text);
        CHECK(verdict.valid);
        CHECK_FALSE(verdict.changesOk);
        bool flagged = false;
        for (const auto& change : verdict.rejected) {
            flagged =
                flagged || (!change.object.empty() &&
                            change.description.find("a new visible signature field \"Sneaky\"") !=
                                std::string::npos);
        }
        CHECK(flagged);
        CHECK(judge(attacked, 1).valid);
    }
    SECTION("honest: vanthu's seal in the empty SealSignature field is what P=2 allows") {
        SignOptions options;
        options.role = SignatureRole::Seal;
        const std::string sealed = PadesSigner(options).sign(certified, *demoKey("seal"));
        const Verdict verdict = judge(sealed);
        INFO(verdict.text);
        CHECK(verdict.changesOk);
        CHECK(verdict.rejected.empty());
    }
}
