// Issuing a signed draft: the clerk's number and date go into the DocumentNumber and
// IssuePlaceDate text fields in a revision after the signer's signature (a form fill-in, which
// ISO 32000 allows after an approval signature), then the seal locks the document. The verifier
// must allow exactly that fill-in and keep rejecting anything else.
#include <catch2/catch.hpp>

#include "SigningFixtures.hpp"
#include "vanthu/signing/PadesSigner.hpp"
#include "vanthu/signing/RawPdf.hpp"
#include "vanthu/signing/RawPdfWriter.hpp"
#include "vanthu/templates/DocumentJson.hpp"
#include "vanthu/templates/IssueStamp.hpp"

using namespace vanthu::test;
using namespace vanthu::signing;
namespace raw = vanthu::signing::raw;

namespace {

struct Draft {
    std::string pdf;
    vanthu::templates::OfficialDocument issued;
};

/// The State draft rendered by the CLI, and the same document with its number and full date.
/// The sample draft rendered by the vanthu binary; the test fails when it cannot render.
std::optional<Draft> renderDraft(const TempDir& dir) {
    const auto input = sourceDir() / "samples" / "state-district-cv-draft.json";
    const auto render = runVanthu({"render", input.string(), "-o", (dir / "draft.pdf").string()});
    INFO(render.err);
    REQUIRE(render.exitCode == 0);
    Draft draft;
    draft.pdf = readFile(dir / "draft.pdf");
    draft.issued = vanthu::templates::parseDocumentJson(readFile(input));
    draft.issued.notation.number = 5;
    draft.issued.date.day = 7;
    return draft;
}

std::string signAs(const std::string& pdf, SignatureRole role, bool lock = false) {
    SignOptions options;
    options.role = role;
    options.lockDocument = lock || role == SignatureRole::Seal;
    options.imagePng =
        readFile(demoPkiDir() / (role == SignatureRole::Seal ? "seal.png" : "signature.png"));
    const auto key = demoKey(role == SignatureRole::Seal ? "seal" : "signer1");
    return PadesSigner(options).sign(pdf, *key);
}

ProcessResult verifyJson(const TempDir& dir, const std::string& pdf, const std::string& name) {
    writeFile(dir / name, pdf);
    return runVanthu(
        {"verify", (dir / name).string(), "--trust", (demoPkiDir() / "ca.pem").string(), "--json"});
}

/// Copies every object of the last revision of `from` into writer (the stamp's objects).
void copyLastRevision(raw::IncrementalWriter& writer, const raw::RawPdf& from) {
    const size_t last = from.revisions().size() - 1;
    for (const auto& [num, entry] : from.revisions()[last].entries) {
        if (num == 0 || !entry.inUse) {
            continue;
        }
        const auto object = from.object(num, last);
        REQUIRE(object);
        const std::string_view bytes = from.bytes();
        // The body between "N G obj" and "endobj", as it was.
        size_t begin = bytes.find("obj", object->offset) + 3;
        size_t end = bytes.rfind("endobj", object->end);
        writer.putRaw(object->ref, std::string(bytes.substr(begin, end - begin)));
    }
}

/// The page the field named `name` is on.
raw::Ref pageOfField(const raw::RawPdf& file, const std::string& name) {
    const size_t last = file.revisions().size() - 1;
    for (size_t num = 1; num < 100000; ++num) {
        const auto k = file.definingRevision(static_cast<int>(num), last);
        if (!k) {
            if (num > 2000) {
                break;
            }
            continue;
        }
        const auto object = file.object(static_cast<int>(num), last);
        if (!object || !object->value.is(raw::Value::Kind::Dict)) {
            continue;
        }
        const raw::Value* t = object->value.get("T");
        const raw::Value* p = object->value.get("P");
        if (t && p && raw::textString(t->text) == name) {
            return p->ref;
        }
    }
    FAIL("no field " << name);
    return {};
}

} // namespace

TEST_CASE("The issuing revision after the signer's signature is an allowed form fill-in",
          "[issue][cli]") {
    // As rendered, and rewritten by qpdf with object streams and a cross-reference stream (a
    // draft that went through another PDF tool): every revision after it is an xref stream.
    const bool xrefStream = GENERATE(false, true);
    INFO((xrefStream ? "cross-reference stream draft" : "classic draft"));
    TempDir dir;
    auto draft = renderDraft(dir);
    REQUIRE(draft);
    if (xrefStream) {
        const auto packed = run({"qpdf", "--object-streams=generate", (dir / "draft.pdf").string(),
                                 (dir / "packed.pdf").string()});
        REQUIRE(packed.exitCode == 0);
        draft->pdf = readFile(dir / "packed.pdf");
        REQUIRE(draft->pdf.find("/Type /ObjStm") != std::string::npos);
    }
    const std::string signedPdf = signAs(draft->pdf, SignatureRole::Signer);
    const std::string stamped = vanthu::templates::stampIssueDetails(signedPdf, draft->issued);
    REQUIRE(stamped.compare(0, signedPdf.size(), signedPdf) == 0);
    CHECK((stamped.find("/Type /XRef", signedPdf.size()) != std::string::npos) == xrefStream);
    const std::string sealed = signAs(stamped, SignatureRole::Seal);

    const auto verify = verifyJson(dir, sealed, "sealed.pdf");
    INFO(verify.out << verify.err);
    CHECK(verify.exitCode == 0);
    const size_t fill = verify.out.find("form fill-in of DocumentNumber/IssuePlaceDate");
    REQUIRE(fill != std::string::npos);
    CHECK(verify.out.substr(fill, 200).find("\"allowed\": true") != std::string::npos);
    CHECK(verify.out.find("\"allowed\": false") == std::string::npos);

    const auto sig = pdfsig(dir / "sealed.pdf");
    INFO(sig.out << sig.err);
    size_t valid = 0;
    for (size_t at = sig.out.find("Signature is Valid"); at != std::string::npos;
         at = sig.out.find("Signature is Valid", at + 1)) {
        ++valid;
    }
    CHECK(valid == 2);
    CHECK(sig.out.find("Total document signed") != std::string::npos);
    CHECK(run({"qpdf", "--check", (dir / "sealed.pdf").string()}).exitCode == 0);
    // The number is on the page.
    const auto text = run({"pdftotext", (dir / "sealed.pdf").string(), "-"});
    CHECK(text.out.find("05/UBND-NV") != std::string::npos);
}

TEST_CASE("Anything beyond the number and date fill-in is still rejected", "[issue][attack]") {
    TempDir dir;
    const auto draft = renderDraft(dir);
    REQUIRE(draft);
    const std::string signedPdf = signAs(draft->pdf, SignatureRole::Signer);
    const std::string stamped = vanthu::templates::stampIssueDetails(signedPdf, draft->issued);

    SECTION("the stamp revision also changes the page content") {
        const raw::RawPdf base(signedPdf);
        const raw::RawPdf stampFile(stamped);
        raw::IncrementalWriter writer(base);
        copyLastRevision(writer, stampFile);
        const raw::Ref page = pageOfField(base, "DocumentNumber");
        const raw::Ref overlay = writer.allocate();
        writer.putStream(overlay, raw::makeDict(), "1 1 1 rg 80 500 400 100 re f");
        raw::Value pageDict = writer.current(page);
        raw::Value contents = *pageDict.get("Contents");
        raw::Value list =
            contents.is(raw::Value::Kind::Array) ? contents : raw::makeArray({contents});
        raw::append(list, raw::makeRef(overlay));
        raw::setKey(pageDict, "Contents", list);
        writer.put(page, pageDict);
        const std::string attacked = signAs(writer.finish(), SignatureRole::Seal);
        const auto verify = verifyJson(dir, attacked, "content.pdf");
        INFO(verify.out);
        CHECK(verify.exitCode == 1);
        CHECK(verify.out.find("/Contents changed") != std::string::npos);
    }
    SECTION("the stamp after the seal") {
        const std::string sealed = signAs(signedPdf, SignatureRole::Seal);
        const std::string late = vanthu::templates::stampIssueDetails(sealed, draft->issued);
        const auto verify = verifyJson(dir, late, "late.pdf");
        INFO(verify.out);
        CHECK(verify.exitCode == 1);
        CHECK(verify.out.find("although this signature locks it") != std::string::npos);
    }
    SECTION("a signer signature that locks the fields (FieldMDP)") {
        const std::string locked = signAs(draft->pdf, SignatureRole::Signer, true);
        const std::string late = vanthu::templates::stampIssueDetails(locked, draft->issued);
        const auto verify = verifyJson(dir, late, "locked.pdf");
        INFO(verify.out);
        CHECK(verify.exitCode == 1);
        CHECK(verify.out.find("although this signature locks it") != std::string::npos);
    }
    SECTION("a /DR change without a fill-in") {
        const raw::RawPdf base(signedPdf);
        raw::IncrementalWriter writer(base);
        const raw::Value* root = raw::trailerKey(base, "Root");
        const raw::Value catalog = base.resolve(*root, base.revisions().size() - 1);
        const raw::Value* formRef = catalog.get("AcroForm");
        REQUIRE((formRef && formRef->is(raw::Value::Kind::Ref)));
        raw::Value form = writer.current(formRef->ref);
        raw::setKey(form, "DR", raw::makeDict());
        writer.put(formRef->ref, form);
        const auto verify = verifyJson(dir, writer.finish(), "dr.pdf");
        INFO(verify.out);
        CHECK(verify.exitCode == 1);
        CHECK(verify.out.find("/DR) changed without a form fill-in") != std::string::npos);
    }
}

TEST_CASE("Filling a text field other than the number and date is rejected", "[issue][attack]") {
    TempDir dir;
    const auto draft = renderDraft(dir);
    REQUIRE(draft);
    // The draft gets a third read-only text field before it is signed.
    std::string withOther;
    {
        const raw::RawPdf base(draft->pdf);
        raw::IncrementalWriter writer(base);
        const raw::Ref page = pageOfField(base, "DocumentNumber");
        const raw::Ref field = writer.allocate();
        raw::Value dict = raw::makeDict();
        raw::setKey(dict, "Type", raw::makeName("Annot"));
        raw::setKey(dict, "Subtype", raw::makeName("Widget"));
        raw::setKey(dict, "FT", raw::makeName("Tx"));
        raw::setKey(dict, "Ff", raw::makeInteger(1));
        raw::setKey(dict, "T", raw::makeText("Other"));
        raw::setKey(dict, "Rect",
                    raw::makeArray({raw::makeInteger(300), raw::makeInteger(600),
                                    raw::makeInteger(500), raw::makeInteger(620)}));
        raw::setKey(dict, "P", raw::makeRef(page));
        writer.put(field, dict);
        raw::Value pageDict = writer.current(page);
        raw::Value annots = base.resolve(*pageDict.get("Annots"), base.revisions().size() - 1);
        raw::append(annots, raw::makeRef(field));
        raw::setKey(pageDict, "Annots", annots);
        writer.put(page, pageDict);
        const raw::Value* root = raw::trailerKey(base, "Root");
        const raw::Value catalog = base.resolve(*root, base.revisions().size() - 1);
        const raw::Value* formRef = catalog.get("AcroForm");
        REQUIRE((formRef && formRef->is(raw::Value::Kind::Ref)));
        raw::Value form = writer.current(formRef->ref);
        raw::Value fields = *form.get("Fields");
        raw::append(fields, raw::makeRef(field));
        raw::setKey(form, "Fields", fields);
        writer.put(formRef->ref, form);
        withOther = writer.finish();
        // Fill it after signing.
        const std::string signedPdf = signAs(withOther, SignatureRole::Signer);
        const raw::RawPdf signedFile(signedPdf);
        raw::IncrementalWriter fill(signedFile);
        raw::Value filled = fill.current(field);
        raw::setKey(filled, "V", raw::makeText("forged"));
        fill.put(field, filled);
        const std::string attacked = signAs(fill.finish(), SignatureRole::Seal);
        const auto verify = verifyJson(dir, attacked, "other.pdf");
        INFO(verify.out);
        CHECK(verify.exitCode == 1);
        CHECK(verify.out.find("only DocumentNumber and IssuePlaceDate may be filled in") !=
              std::string::npos);
    }
}
