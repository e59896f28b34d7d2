// Known attacks on PDF signatures (USF, ISA, SWA, shadow), built from a signed letter; the
// verifier must reject each with a clear reason, and must never crash on damaged input.
#include <catch2/catch.hpp>

#include <map>
#include <random>

#include "SigningFixtures.hpp"
#include "vanthu/signing/PadesSigner.hpp"
#include "vanthu/signing/RawPdf.hpp"
#include "vanthu/signing/SignatureVerifier.hpp"

using namespace vanthu::signing;
using namespace vanthu::test;

namespace {

const std::string& signedLetter() {
    return signedDemoLetter();
}

VerifyReport verify(const std::string& pdf) {
    std::vector<X509Ptr> anchors;
    anchors.push_back(certificateFromDer(toDer(demoPki().root().certificate.get())));
    return SignatureVerifier(std::move(anchors)).verify(pdf);
}

/// Appends an incremental revision that (re)defines objects (number -> "<< ... >>" or with a
/// stream), with a correct cross-reference table and trailer.
std::string appendRevision(const std::string& pdf, const std::map<int, std::string>& objects) {
    const raw::RawPdf file(pdf);
    const auto& last = file.revisions().back();
    std::string out = pdf;
    if (out.back() != '\n') {
        out += '\n';
    }
    std::map<int, size_t> offsets;
    for (const auto& [num, body] : objects) {
        offsets[num] = out.size();
        out += std::to_string(num) + " 0 obj\n" + body + "\nendobj\n";
    }
    const size_t xref = out.size();
    out += "xref\n0 1\n0000000000 65535 f \n";
    for (const auto& [num, offset] : offsets) {
        char line[32];
        std::snprintf(line, sizeof line, "%010zu 00000 n \n", offset);
        out += std::to_string(num) + " 1\n" + line;
    }
    int size = static_cast<int>(last.trailer.get("Size")->integer);
    for (const auto& [num, body] : objects) {
        size = std::max(size, num + 1);
    }
    out += "trailer\n<< /Size " + std::to_string(size) + " /Root " +
           raw::serialize(*last.trailer.get("Root")) + " /Prev " + std::to_string(last.xrefOffset) +
           " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return out;
}

struct PageInfo {
    int pageNum = 0;
    raw::Value page;
    int contentsNum = 0;
    int nextFree = 0;
};

PageInfo firstPage(const std::string& pdf) {
    const raw::RawPdf file(pdf);
    const size_t last = file.revisions().size() - 1;
    PageInfo info;
    info.nextFree = static_cast<int>(file.revisions().back().trailer.get("Size")->integer);
    for (int num = 1; num < info.nextFree; ++num) {
        const auto object = file.object(num, last);
        if (object && object->value.get("Type") && object->value.get("Type")->isName("Page")) {
            info.pageNum = num;
            info.page = object->value;
            info.contentsNum = object->value.get("Contents")->ref.num;
            return info;
        }
    }
    throw std::runtime_error("no page");
}

/// The page dictionary with one key replaced.
std::string pageWith(const raw::Value& page, const std::string& key, const std::string& value) {
    std::string out = "<<";
    for (const auto& [k, v] : *page.dict) {
        if (k != key) {
            out += " /" + k + " " + raw::serialize(v);
        }
    }
    return out + " /" + key + " " + value + " >>";
}

std::string replaceOnce(std::string text, const std::string& from, const std::string& to) {
    const size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    REQUIRE(from.size() == to.size());
    text.replace(at, from.size(), to);
    return text;
}

std::string rejectionText(const std::string& pdf) {
    try {
        const VerifyReport report = verify(pdf);
        REQUIRE_FALSE(report.ok);
        return toText(report);
    } catch (const raw::ParseError& e) {
        return std::string("unreadable: ") + e.what();
    }
}

std::string byteRangeText(const std::string& pdf) {
    const size_t at = pdf.find("/ByteRange[");
    REQUIRE(at != std::string::npos);
    return pdf.substr(at, pdf.find(']', at) - at + 1);
}

} // namespace

TEST_CASE("The untouched signed letter verifies", "[attack]") {
    CHECK(verify(signedLetter()).ok);
}

TEST_CASE("USF: empty, missing, null or malformed /Contents and /ByteRange are rejected",
          "[attack]") {
    const std::string& pdf = signedLetter();
    const size_t open = pdf.find("/Contents<", pdf.find("/Type/Sig")) + 9;
    const size_t close = pdf.find('>', open);
    const std::string hex = pdf.substr(open + 1, close - open - 1);
    {
        std::string zeroed = pdf;
        zeroed.replace(open + 1, hex.size(), std::string(hex.size(), '0'));
        CHECK(rejectionText(zeroed).find("/Contents is empty") != std::string::npos);
    }
    {
        const std::string gone =
            replaceOnce(pdf, "/Contents<" + hex.substr(0, 8), "/Contentz<" + hex.substr(0, 8));
        CHECK(rejectionText(gone).find("/Contents is missing") != std::string::npos);
    }
    {
        std::string broken = pdf;
        broken.replace(open + 1, 8, "31313131"); // not a SEQUENCE any more
        const std::string why = rejectionText(broken);
        CHECK((why.find("not one DER object") != std::string::npos ||
               why.find("not a readable CMS") != std::string::npos));
    }
    {
        std::string flipped = pdf;
        flipped[open + 1 + 2000] = flipped[open + 1 + 2000] == 'A' ? 'B' : 'A';
        CHECK(rejectionText(flipped).find("failed") != std::string::npos);
    }
    const std::string range = byteRangeText(pdf);
    {
        std::string nulled = range;
        nulled.replace(0, nulled.size(), "/ByteRange null");
        nulled.resize(range.size(), ' ');
        CHECK(rejectionText(replaceOnce(pdf, range, nulled)).find("/ByteRange is missing") !=
              std::string::npos);
    }
    {
        std::string three = "/ByteRange[0 1 2]";
        three.resize(range.size(), ' ');
        CHECK(rejectionText(replaceOnce(pdf, range, three)).find("exactly two ranges") !=
              std::string::npos);
    }
}

TEST_CASE("SWA: moved, shortened or overlapping byte ranges are rejected", "[attack]") {
    const std::string& pdf = signedLetter();
    const std::string range = byteRangeText(pdf);
    long long a = 0, b = 0, c = 0, d = 0;
    REQUIRE(std::sscanf(range.c_str(), "/ByteRange[%lld %lld %lld %lld", &a, &b, &c, &d) == 4);
    auto with = [&](long long w, long long x, long long y, long long z) {
        std::string text = "/ByteRange[" + std::to_string(w) + " " + std::to_string(x) + " " +
                           std::to_string(y) + " " + std::to_string(z) + "]";
        text.resize(range.size(), ' ');
        return replaceOnce(pdf, range, text);
    };
    CHECK(rejectionText(with(0, b - 10, c, d)).find("not exactly this signature's /Contents") !=
          std::string::npos);
    CHECK(rejectionText(with(0, b, c, d - 100)).find("revision's %%EOF") != std::string::npos);
    CHECK(rejectionText(with(0, b + 10, c - 10, d)).find("failed") != std::string::npos);
    CHECK(rejectionText(with(5, b, c, d)).find("start at byte 0") != std::string::npos);
    // The signature dictionary replaced by a copy in a new revision (the wrapping move).
    const raw::RawPdf file(pdf);
    int sigNum = 0;
    for (const auto& [num, entry] : file.revisions().back().entries) {
        const auto object = num ? file.object(num, file.revisions().size() - 1) : std::nullopt;
        if (object && object->value.get("Type") && object->value.get("Type")->isName("Sig")) {
            sigNum = num;
        }
    }
    REQUIRE(sigNum != 0);
    const auto sig = file.object(sigNum, file.revisions().size() - 1);
    const std::string copy(pdf.substr(sig->offset, sig->end - sig->offset));
    const std::string body = copy.substr(copy.find("<<"), copy.rfind(">>") + 2 - copy.find("<<"));
    const std::string moved = rejectionText(appendRevision(pdf, {{sigNum, body}}));
    CHECK((moved.find("replaced in a later revision") != std::string::npos ||
           moved.find("not exactly this signature's /Contents") != std::string::npos));
}

TEST_CASE("ISA: appended revisions changing content, objects or annotations are reported",
          "[attack]") {
    const std::string& pdf = signedLetter();
    const PageInfo page = firstPage(pdf);
    {
        // Replace the page content stream.
        const std::string forged = "BT /F1 24 Tf 72 400 Td (FORGED) Tj ET";
        const std::string stream = "<< /Length " + std::to_string(forged.size()) + " >>\nstream\n" +
                                   forged + "\nendstream";
        const std::string why = rejectionText(appendRevision(pdf, {{page.contentsNum, stream}}));
        CHECK(why.find("stream changed") != std::string::npos);
        CHECK(why.find("NOT ALLOWED") != std::string::npos);
    }
    {
        // Point the page at new content (hide-and-replace).
        const int n = page.nextFree;
        const std::string forged = "BT 72 400 Td ET";
        const std::string stream = "<< /Length " + std::to_string(forged.size()) + " >>\nstream\n" +
                                   forged + "\nendstream";
        const std::string attacked = appendRevision(
            pdf, {{n, stream},
                  {page.pageNum, pageWith(page.page, "Contents", std::to_string(n) + " 0 R")}});
        CHECK(rejectionText(attacked).find("page: /Contents changed") != std::string::npos);
    }
    {
        // Delete an object.
        std::string attacked = appendRevision(pdf, {});
        const size_t at = attacked.rfind("xref\n0 1\n0000000000 65535 f \n");
        attacked.insert(at + 29, std::to_string(page.contentsNum) + " 1\n0000000000 00001 f \n");
        const size_t sx = attacked.rfind("startxref");
        (void)sx;
        CHECK(rejectionText(attacked).find("deleted") != std::string::npos);
    }
    {
        // Bytes appended after the last %%EOF.
        CHECK(
            rejectionText(pdf + "\n1 0 obj << >> endobj\n").find("appended after the last %%EOF") !=
            std::string::npos);
    }
}

TEST_CASE("Shadow: an overlay annotation or a replaced font is a disallowed change", "[attack]") {
    const std::string& pdf = signedLetter();
    const PageInfo page = firstPage(pdf);
    const int n = page.nextFree;
    std::string annots = "[";
    if (const raw::Value* old = page.page.get("Annots")) {
        for (const auto& item : *old->array) {
            annots += raw::serialize(item) + " ";
        }
    }
    annots += std::to_string(n) + " 0 R]";
    const std::string overlay =
        "<< /Type /Annot /Subtype /Square /Rect [60 680 560 780] /IC [1 1 1] /C [1 1 1] /F 4 >>";
    const std::string hidden =
        appendRevision(pdf, {{n, overlay}, {page.pageNum, pageWith(page.page, "Annots", annots)}});
    CHECK(rejectionText(hidden).find("annotation that is not a signature") != std::string::npos);

    // Replace the font resources of the page (shadow replace through resources).
    const std::string replaced =
        appendRevision(pdf, {{page.pageNum, pageWith(page.page, "Resources", "<< >>")}});
    CHECK(rejectionText(replaced).find("/Resources changed") != std::string::npos);

    // A seal's lock: a later signature in a new field is reported.
    SignOptions seal;
    seal.role = SignatureRole::Seal;
    seal.lockDocument = true;
    const std::string sealed = PadesSigner(seal).sign(pdf, *demoKey("seal"));
    SignOptions late;
    late.fieldName = "LateSignature";
    const std::string after = PadesSigner(late).sign(sealed, *demoKey("signer2"));
    CHECK(rejectionText(after).find("after the document was locked") != std::string::npos);
}

TEST_CASE("Damaged files never crash the verifier", "[attack][fuzz]") {
    const std::string& pdf = signedLetter();
    std::mt19937 random(20240205);
    std::vector<std::string> inputs = {"",
                                       "%PDF-1.7\n",
                                       "%PDF-1.7\n%%EOF",
                                       "%PDF-1.7\nstartxref\n99999999\n%%EOF\n",
                                       pdf.substr(0, pdf.size() / 2),
                                       pdf.substr(pdf.size() / 3),
                                       "%PDF-1.7\nxref\n0 1\n0000000000 65535 f \ntrailer\n<< "
                                       "/Root 1 0 R /Prev 9 >>\nstartxref\n9\n%%EOF\n",
                                       "%PDF-1.7\n" + std::string(5000, '[') + "\n%%EOF"};
    for (int i = 0; i < 150; ++i) {
        std::string damaged = pdf;
        const int flips = 1 + static_cast<int>(random() % 8);
        for (int k = 0; k < flips; ++k) {
            damaged[random() % damaged.size()] = static_cast<char>(random() % 256);
        }
        inputs.push_back(std::move(damaged));
    }
    int rejected = 0;
    for (const auto& input : inputs) {
        try {
            const VerifyReport report = verify(input);
            rejected += report.ok ? 0 : 1;
        } catch (const raw::ParseError&) {
            ++rejected;
        }
    }
    // Flips inside the image or font streams of the first revision are caught by the digest;
    // a flip can land only where nothing is checked (the padding zeros, white space in the
    // unsigned gap): those few may still verify.
    CHECK(rejected >= static_cast<int>(inputs.size()) - 30);
}

TEST_CASE("The sandbox turns a crash or a hang into exit code 2", "[attack][sandbox]") {
    std::vector<X509Ptr> anchors;
    anchors.push_back(certificateFromDer(toDer(demoPki().root().certificate.get())));
    const SignatureVerifier verifier(std::move(anchors));
    const auto good = verifyInChildProcess(signedLetter(), verifier);
    CHECK(good.exitCode == 0);
    CHECK(good.report.signatures.size() == 1);
    const auto junk = verifyInChildProcess("%PDF-1.7\ngarbage", verifier);
    CHECK(junk.exitCode == 2);
    CHECK(junk.report.errors.at(0).find("unreadable PDF") != std::string::npos);
}

TEST_CASE("Verifying under limits in this process gives the same answers", "[attack][sandbox]") {
    std::vector<X509Ptr> anchors;
    anchors.push_back(certificateFromDer(toDer(demoPki().root().certificate.get())));
    const SignatureVerifier verifier(std::move(anchors));
    const auto good = verifyUnderLimits(signedLetter(), verifier);
    CHECK(good.exitCode == 0);
    CHECK(good.report.signatures.size() == 1);
    const auto junk = verifyUnderLimits("%PDF-1.7\ngarbage", verifier);
    CHECK(junk.exitCode == 2);
    CHECK(junk.report.errors.at(0).find("unreadable PDF") != std::string::npos);
    // The limits are lifted afterwards: this process goes on normally.
    const auto again = verifyUnderLimits(signedLetter(), verifier);
    CHECK(again.exitCode == 0);
}
