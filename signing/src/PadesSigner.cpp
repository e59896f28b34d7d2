#include "vanthu/signing/PadesSigner.hpp"

#include <openssl/err.h>
#include <podofo/podofo.h>
#include <qpdf/QPDFExc.hh>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <tuple>

#include "PdfIncrementalUpdate.hpp"
#include "vanthu/pdf/IncrementalUpdate.hpp"
#include "vanthu/pdf/PdfDocument.hpp"
#include "vanthu/pdf/PodofoLock.hpp"
#include "vanthu/pdf/SignatureFields.hpp"
#include "vanthu/signing/AlgorithmPolicy.hpp"
#include "vanthu/signing/CadesSignedData.hpp"
#include "vanthu/signing/OcspClient.hpp"
#include "vanthu/signing/OcspStatus.hpp"
#include "vanthu/signing/SigningErrors.hpp"

namespace vanthu::signing {

PadesLevel parsePadesLevel(const std::string& text) {
    if (text == "B-B") {
        return PadesLevel::BB;
    }
    if (text == "B-T") {
        return PadesLevel::BT;
    }
    if (text == "B-LT") {
        return PadesLevel::BLT;
    }
    if (text == "B-LTA") {
        return PadesLevel::BLTA;
    }
    throw std::invalid_argument("unknown PAdES level \"" + text +
                                "\" (use B-B, B-T, B-LT or B-LTA)");
}

std::string toString(PadesLevel level) {
    switch (level) {
    case PadesLevel::BB:
        return "B-B";
    case PadesLevel::BT:
        return "B-T";
    case PadesLevel::BLT:
        return "B-LT";
    case PadesLevel::BLTA:
        return "B-LTA";
    }
    return "B-B";
}

std::string attachmentFontPath(const std::string& fallback) {
    for (const char* path : {"/usr/share/fonts/truetype/msttcorefonts/Times_New_Roman.ttf",
                             "/usr/share/fonts/truetype/msttcorefonts/times.ttf",
                             "/usr/share/fonts/truetype/times/times.ttf"}) {
        std::error_code ec;
        if (std::filesystem::is_regular_file(path, ec)) {
            return path;
        }
    }
    return fallback;
}

namespace {

constexpr std::string_view kByteRangeBeacon = "[0 1111111111 2222222222 3333333333]";

// ---- reading the document through libqpdf (pdf/) ----------------------------------------------

using Handle = QPDFObjectHandle;

struct Rect {
    double left = 0, bottom = 0, right = 0, top = 0;
    double width() const { return right - left; }
    double height() const { return top - bottom; }
};

std::optional<Rect> rectOf(Handle v) {
    if (!v.isArray() || v.getArrayNItems() != 4) {
        return std::nullopt;
    }
    double n[4];
    for (int i = 0; i < 4; ++i) {
        Handle item = v.getArrayItem(i);
        if (!item.isNumber()) {
            return std::nullopt;
        }
        n[i] = item.getNumericValue();
    }
    return Rect{std::min(n[0], n[2]), std::min(n[1], n[3]), std::max(n[0], n[2]),
                std::max(n[1], n[3])};
}

Handle number(double value) {
    return Handle::newReal(value, 4, true);
}

Handle rectValue(const Rect& r) {
    return Handle::newArray({number(r.left), number(r.bottom), number(r.right), number(r.top)});
}

Handle name(const char* text) {
    return Handle::newName(text);
}

Handle text(const std::string& utf8) {
    return Handle::newUnicodeString(utf8);
}

/// Bounds for a PDF to sign: the verifier's size limit. A file whose cross-reference data qpdf
/// read only with repairs is refused (a warning elsewhere, such as a trailer /Size that does not
/// match, is not): an incremental update must point (/Prev) at cross-reference data that every
/// reader finds as it is, and each validator repairs a damaged file its own way (found by the
/// pdf_sign fuzz target: a signature appended over a damaged cross-reference stream made a file
/// that no reader could open), and so is one with bytes before its header.
pdf::PdfDocument openToSign(std::string_view pdf) {
    // Bytes before the header shift every offset qpdf reads (it counts from "%PDF"), and the
    // appended update would point beside its own cross-reference data (found by the fuzzer).
    if (pdf.substr(0, 5) != "%PDF-") {
        throw pdf::DamagedPdf("the PDF to sign does not begin with its %PDF- header");
    }
    auto document = pdf::PdfDocument::open(pdf, pdf::PdfLimits{}, "PDF to sign");
    for (const auto& warning : document.warnings()) {
        std::string lower = warning;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (document.xrefReconstructed() || lower.find("xref") != std::string::npos ||
            lower.find("cross-reference") != std::string::npos) {
            throw pdf::DamagedPdf("the PDF to sign is damaged (" + warning +
                                  "): save it again with a PDF program, then sign it");
        }
    }
    return document;
}

/// The document as its last revision sees it, with everything a signature update needs. The
/// form's fields are found by pdf::findSignatureFields, the one AcroForm walker.
class Document {
public:
    explicit Document(const pdf::PdfDocument& file)
        : file_(file), catalog_(file.catalog()), root_(file.trailer().getKey("/Root")),
          fields_(pdf::findSignatureFields(file)), names_(pdf::fieldNames(file)),
          objectCount_(file.qpdf().getObjectCount()) {
        if (!root_.isIndirect()) {
            throw std::runtime_error("cannot sign this PDF: its catalog is not an indirect object");
        }
    }

    Handle root() const { return root_; }
    Handle catalog() const { return catalog_; }

    std::vector<Handle> pages() const {
        std::vector<Handle> result = file_.qpdf().getAllPages();
        if (result.empty()) {
            throw std::runtime_error("cannot sign this PDF: it has no pages");
        }
        // qpdf makes an in-memory copy of a page the page tree lists twice; the file has no
        // such object to add a field to.
        for (const Handle& page : result) {
            if (static_cast<std::size_t>(page.getObjectID()) > objectCount_) {
                throw std::runtime_error("cannot sign this PDF: its page tree lists a page more "
                                         "than once; rewrite it first, e.g. with qpdf");
            }
        }
        return result;
    }

    Rect mediaBox(Handle page) const {
        Handle node = page;
        for (int depth = 0; node.isDictionary() && depth < 32; ++depth) {
            if (auto rect = rectOf(node.getKey("/MediaBox"))) {
                return *rect;
            }
            node = node.getKey("/Parent");
        }
        return Rect{0, 0, 595.276, 841.89}; // A4
    }

    /// The catalog's /AcroForm as written (a reference or a direct dictionary, or null).
    Handle form() const { return catalog_.getKey("/AcroForm"); }

    /// Whether the form has a field of this full name, of any type.
    bool hasField(const std::string& fieldName) const {
        return std::find(names_.begin(), names_.end(), fieldName) != names_.end();
    }

    /// The signature field of this full name. Throws when a field of another type has it.
    std::optional<Handle> findField(const std::string& fieldName) const {
        for (const auto& field : fields_) {
            if (field.name == fieldName && field.field.indirect()) {
                return file_.qpdf().getObject(field.field.num, field.field.gen);
            }
        }
        if (hasField(fieldName)) {
            throw std::runtime_error("the field \"" + fieldName + "\" is not a signature field");
        }
        return std::nullopt;
    }

    /// The widget of a field: the field itself, or its first kid.
    std::optional<Handle> widgetOf(Handle field) const {
        Handle kids = field.getKey("/Kids");
        if (!kids.isArray()) {
            return field;
        }
        if (kids.getArrayNItems() == 0 || !kids.getArrayItem(0).isIndirect()) {
            return std::nullopt;
        }
        return kids.getArrayItem(0);
    }

private:
    const pdf::PdfDocument& file_;
    mutable Handle catalog_; // qpdf's handles have no const readers
    mutable Handle root_;
    std::vector<pdf::SignatureField> fields_;
    std::vector<std::string> names_;
    std::size_t objectCount_; ///< the highest object number before anything was added
};

// ---- appearances, drawn by PoDoFo in a scratch document and copied in -------------------------

/// A scratch PDF holding the appearance XObject and what it needs (image, font subset).
struct ScratchAppearance {
    std::string pdf;
    QPDFObjGen xobject;
};

ScratchAppearance drawAppearance(double width, double height, const std::string& imagePng,
                                 const std::vector<std::string>& lines, const std::string& fontPath,
                                 double fontSize) {
    using namespace PoDoFo;
    PdfError::EnableDebug(false);
    PdfError::EnableLogging(false);
    try {
        // A scratch document: made, drawn and written under the process's PoDoFo lock.
        const std::lock_guard podofo(pdf::podofoLock());
        PdfMemDocument doc;
        doc.SetPdfVersion(ePdfVersion_1_7);
        PdfXObject xobject(PdfRect(0, 0, width, height), &doc);
        PdfPainter painter;
        painter.SetPage(&xobject);
        if (!imagePng.empty()) {
            PdfImage image(&doc);
            image.LoadFromPngData(reinterpret_cast<const unsigned char*>(imagePng.data()),
                                  static_cast<pdf_long>(imagePng.size()));
            const double iw = image.GetWidth(), ih = image.GetHeight();
            if (iw <= 0 || ih <= 0) {
                throw std::runtime_error("the signature image is empty");
            }
            const double scale = std::min(width / iw, height / ih);
            painter.DrawImage((width - iw * scale) / 2, (height - ih * scale) / 2, &image, scale,
                              scale);
        } else if (!lines.empty()) {
            PdfFont* font =
                doc.CreateFontSubset("Liberation Serif", false, false, false,
                                     new PdfIdentityEncoding(0, 0xffff, true), fontPath.c_str());
            if (!font) {
                throw std::runtime_error("cannot load the font " + fontPath);
            }
            font->SetFontSize(static_cast<float>(fontSize));
            painter.SetFont(font);
            painter.SetColor(0, 0, 0);
            const double lineHeight = fontSize * 1.2;
            double y = height - fontSize - 2;
            for (const auto& line : lines) {
                painter.DrawText(2, y, PdfString(reinterpret_cast<const pdf_utf8*>(line.c_str())));
                y -= lineHeight;
            }
        }
        painter.FinishPage();
        const PdfReference ref = xobject.GetObject()->Reference();
        PdfRefCountedBuffer buffer;
        PdfOutputDevice device(&buffer);
        doc.Write(&device);
        return ScratchAppearance{
            std::string(buffer.GetBuffer(), device.GetLength()),
            QPDFObjGen(static_cast<int>(ref.ObjectNumber()), ref.GenerationNumber())};
    } catch (const PdfError& e) {
        throw std::runtime_error(std::string("cannot draw the signature appearance: ") +
                                 PdfError::ErrorMessage(e.GetError()));
    }
}

/// Image appearances are the same for every signature with the same image and field size:
/// drawn once per process (a few, least recently used first out).
std::shared_ptr<const ScratchAppearance> cachedImageAppearance(double width, double height,
                                                               const std::string& imagePng) {
    struct Entry {
        std::string key;
        std::shared_ptr<const ScratchAppearance> appearance;
    };
    static std::mutex mutex;
    static std::list<Entry> cache;
    char size[64];
    std::snprintf(size, sizeof size, "%.3f %.3f ", width, height);
    const std::string key = size + sha256(imagePng);
    {
        std::lock_guard lock(mutex);
        for (auto it = cache.begin(); it != cache.end(); ++it) {
            if (it->key == key) {
                cache.splice(cache.begin(), cache, it);
                return it->appearance;
            }
        }
    }
    auto drawn = std::make_shared<const ScratchAppearance>(
        drawAppearance(width, height, imagePng, {}, "", 0));
    std::lock_guard lock(mutex);
    cache.push_front(Entry{key, drawn});
    if (cache.size() > 8) {
        cache.pop_back();
    }
    return drawn;
}

/// Copies the appearance into the update; returns the XObject's new reference.
/// Copies the appearance into the update; returns the XObject's new reference.
Handle importAppearance(pdf::IncrementalUpdate& writer, const ScratchAppearance& appearance) {
    const pdf::PdfDocument scratch = pdf::PdfDocument::open(appearance.pdf, {}, "appearance");
    return pdf::importObjects(writer, {scratch.qpdf().getObject(appearance.xobject.getObj(),
                                                                appearance.xobject.getGen())})
        .front();
}

// ---- the signature revision -------------------------------------------------------------------

struct SignatureRevision {
    Bytes pdf;
    ContentsHole hole;
};

struct FieldRequest {
    std::string name;
    SignatureRole role = SignatureRole::Signer;
    bool visible = true;
    bool lock = false;
    bool topRightOfFirstPage = false;
    /// Draws the appearance for a widget of this size into the update; nullopt: none.
    std::function<std::optional<Handle>(pdf::IncrementalUpdate&, double, double)> appearance;
};

/// Appends ref to the array under key of the object `owner` (direct or an indirect array).
void appendToArrayKey(pdf::IncrementalUpdate& writer, Handle owner, const std::string& key,
                      Handle ref) {
    Handle dict = writer.current(owner);
    Handle value = dict.getKey(key);
    if (value.isIndirect()) {
        Handle array = writer.current(value);
        if (!array.isArray()) {
            throw std::runtime_error("the PDF's " + key + " is not an array");
        }
        array.appendItem(ref);
        writer.put(value, array);
        return;
    }
    if (value.isNull()) {
        dict.replaceKey(key, Handle::newArray({ref}));
        writer.put(owner, dict);
        return;
    }
    if (!value.isArray()) {
        throw std::runtime_error("the PDF's " + key + " is not an array");
    }
    value.appendItem(ref);
    dict.replaceKey(key, value);
    writer.put(owner, dict);
}

/// Where a new field goes when the renderer left none: the signer's block at the bottom right of
/// the last page; the seal over the left third of the signer's signature when there is one.
std::pair<Handle, Rect> defaultPlacement(const Document& doc, const std::vector<Handle>& pages,
                                         SignatureRole role) {
    Handle page = pages.back();
    const Rect media = doc.mediaBox(page);
    const double right = media.right - 70;
    Rect signer{right - 200, media.bottom + 120, right, media.bottom + 200};
    if (const auto signerField = doc.findField(kSignerFieldName)) {
        if (auto widget = doc.widgetOf(*signerField)) {
            if (auto rect = rectOf(widget->getKey("/Rect"))) {
                signer = *rect;
                Handle p = widget->getKey("/P");
                for (const Handle& candidate : pages) {
                    if (p.isIndirect() && candidate.getObjGen() == p.getObjGen()) {
                        page = candidate;
                    }
                }
            }
        }
    }
    if (role == SignatureRole::Signer) {
        return {page, signer};
    }
    const double size = 110; // about 39 mm, a real seal's size
    const double cx = signer.left + signer.width() / 6;
    const double cy = signer.bottom + signer.height() / 2;
    return {page, Rect{cx - size / 2, cy - size / 2, cx + size / 2, cy + size / 2}};
}

/// The AcroForm of an update: an object of its own (made when the file has none) or a
/// dictionary in the catalog.
class FormInUpdate {
public:
    FormInUpdate(pdf::IncrementalUpdate& writer, const Document& doc)
        : writer_(writer), root_(doc.root()) {
        Handle form = doc.form();
        if (form.isIndirect() && form.isDictionary()) {
            ref_ = form;
        } else if (!form.isIndirect() && form.isDictionary()) {
            return; // direct in the catalog
        } else {
            ref_ = writer.allocate();
            Handle fresh = Handle::newDictionary();
            fresh.replaceKey("/Fields", Handle::newArray());
            writer.put(*ref_, fresh);
            Handle catalog = writer.current(root_);
            catalog.replaceKey("/AcroForm", *ref_);
            writer.put(root_, catalog);
        }
    }

    Handle current() const {
        return ref_ ? writer_.current(*ref_) : writer_.current(root_).getKey("/AcroForm");
    }

    void save(Handle value) {
        if (ref_) {
            writer_.put(*ref_, value);
        } else {
            Handle catalog = writer_.current(root_);
            catalog.replaceKey("/AcroForm", value);
            writer_.put(root_, catalog);
        }
    }

private:
    pdf::IncrementalUpdate& writer_;
    Handle root_;
    std::optional<Handle> ref_;
};

/// One incremental update with a new signature dictionary (placeholders for /ByteRange and
/// /Contents) in the field of the request. sigKeys: the signature dictionary's other keys.
SignatureRevision writeSignatureRevision(std::string_view pdf, const char* type,
                                         const char* subFilter, std::size_t contentsSize,
                                         Handle sigKeys, const FieldRequest& request) {
    try {
        const pdf::PdfDocument file = openToSign(pdf);
        const Document doc(file);
        pdf::IncrementalUpdate writer(file);
        const Handle sigRef = writer.allocate();
        FormInUpdate form(writer, doc);

        std::optional<Handle> fieldRef =
            request.topRightOfFirstPage ? std::nullopt : doc.findField(request.name);
        const bool existingField = fieldRef.has_value();
        std::optional<Handle> existingLock; ///< the field's /Lock
        Handle widgetRef;
        std::optional<Rect> rect;
        if (fieldRef) {
            Handle field = *fieldRef;
            if (Handle lock = field.getKey("/Lock"); !lock.isNull()) {
                if (!lock.isDictionary()) {
                    throw std::runtime_error("the field \"" + request.name +
                                             "\" has a /Lock that is not a dictionary");
                }
                existingLock = lock;
            }
            if (!field.getKey("/V").isNull()) {
                throw std::runtime_error("the field \"" + request.name + "\" is already signed");
            }
            auto widget = doc.widgetOf(field);
            if (!widget || !widget->getKey("/Rect").isArray()) {
                throw std::runtime_error("the field \"" + request.name + "\" has no widget");
            }
            widgetRef = *widget;
            rect = rectOf(widget->getKey("/Rect"));
        } else {
            const std::vector<Handle> pages = doc.pages();
            Handle page = pages.back();
            Rect placed{0, 0, 0, 0};
            if (request.topRightOfFirstPage) {
                page = pages.front();
                const Rect media = doc.mediaBox(page);
                // 15 mm from the right edge, 10 mm from the top: two lines of 10 pt.
                placed = Rect{media.right - 42.5 - 200, media.top - 28.35 - 30, media.right - 42.5,
                              media.top - 28.35};
            } else if (request.visible) {
                std::tie(page, placed) = defaultPlacement(doc, pages, request.role);
            }
            fieldRef = writer.allocate();
            widgetRef = *fieldRef;
            rect = placed;
            Handle field = Handle::newDictionary();
            field.replaceKey("/Type", name("/Annot"));
            field.replaceKey("/Subtype", name("/Widget"));
            field.replaceKey("/FT", name("/Sig"));
            field.replaceKey("/T", text(request.name));
            field.replaceKey("/Rect", rectValue(placed));
            field.replaceKey("/P", page);
            writer.put(*fieldRef, field);
            appendToArrayKey(writer, page, "/Annots", *fieldRef);
            Handle currentForm = form.current();
            Handle fields = currentForm.getKey("/Fields");
            if (fields.isIndirect()) {
                Handle array = writer.current(fields);
                if (!array.isArray()) {
                    throw std::runtime_error("the PDF's /Fields is not an array");
                }
                array.appendItem(*fieldRef);
                writer.put(fields, array);
            } else {
                Handle array = fields.isArray() ? fields : Handle::newArray();
                array.appendItem(*fieldRef);
                currentForm.replaceKey("/Fields", array);
                form.save(currentForm);
            }
        }
        {
            Handle currentForm = form.current();
            int flags = 0;
            if (!currentForm.getKey("/SigFlags").getValueAsInt(flags) || flags != 3) {
                currentForm.replaceKey("/SigFlags", Handle::newInteger(3));
                form.save(currentForm);
            }
        }

        // The widget's appearance. A field that was already in the file changes only in /V and
        // the widget's /AP (ISO 32000-2 12.8.2.2: signing an empty field is allowed after another
        // signature; strict validators such as pyHanko reject any other key changed in it). A
        // field made here is new in this revision, so it gets its flags and lock at once.
        const bool newField = !existingField;
        Handle widget = writer.current(widgetRef);
        if (newField) {
            widget.replaceKey("/F", Handle::newInteger(132)); // Print|Locked
        }
        if (request.visible && rect && rect->width() > 0 && rect->height() > 0 &&
            request.appearance) {
            if (const auto ap = request.appearance(writer, rect->width(), rect->height())) {
                Handle apDict = Handle::newDictionary();
                apDict.replaceKey("/N", *ap);
                widget.replaceKey("/AP", apDict);
            }
        }
        writer.put(widgetRef, widget);
        Handle field = writer.current(*fieldRef);
        field.replaceKey("/V", sigRef);
        // What the signature locks: the field's own /Lock when the file declared one (its values
        // are copied into the FieldMDP transform, ISO 32000-2 12.7.5.5), else everything when
        // the caller asks for a lock. A lock dictionary shall be an indirect object.
        std::optional<Handle> lockParams = existingLock;
        if (!lockParams && request.lock) {
            Handle lock = Handle::newDictionary();
            lock.replaceKey("/Type", name("/SigFieldLock"));
            lock.replaceKey("/Action", name("/All"));
            lock.replaceKey("/P", Handle::newInteger(2));
            lockParams = lock;
            if (newField) {
                const Handle lockRef = writer.allocate();
                writer.put(lockRef, lock);
                field.replaceKey("/Lock", lockRef);
            }
        }
        writer.put(*fieldRef, field);

        // The signature dictionary, written by hand so the placeholders' places are known.
        std::string body = "<</Type/";
        body += type;
        body += "/Filter/Adobe.PPKLite/SubFilter/";
        body += subFilter;
        body += "/ByteRange";
        const std::size_t beaconAt = body.size();
        body += kByteRangeBeacon;
        body += "/Contents";
        const std::size_t contentsAt = body.size();
        body += '<';
        body.append(contentsSize * 2, '0');
        body += '>';
        const std::size_t contentsEnd = body.size();
        Handle rest = sigKeys.shallowCopy();
        if (lockParams) {
            Handle params = Handle::newDictionary();
            params.replaceKey("/Type", name("/TransformParams"));
            for (const char* key : {"/Action", "/Fields", "/P"}) {
                if (Handle value = lockParams->getKey(key); !value.isNull()) {
                    params.replaceKey(key, value.isIndirect() ? value : value.shallowCopy());
                }
            }
            params.replaceKey("/V", name("/1.2"));
            Handle reference = Handle::newDictionary();
            reference.replaceKey("/Type", name("/SigRef"));
            reference.replaceKey("/TransformMethod", name("/FieldMDP"));
            reference.replaceKey("/TransformParams", params);
            reference.replaceKey("/Data", doc.root());
            rest.replaceKey("/Reference", Handle::newArray({reference}));
        }
        const std::string restText = pdf::writeObject(rest);
        body += restText.substr(2); // without its "<<": the keys and the closing ">>"
        writer.putRaw(sigRef, std::move(body));

        SignatureRevision out;
        out.pdf = writer.finish();
        const std::size_t at = writer.bodyOffset(sigRef);
        out.hole = ContentsHole{at + contentsAt, at + contentsEnd};
        std::string range = "[0 " + std::to_string(out.hole.begin) + " " +
                            std::to_string(out.hole.end) + " " +
                            std::to_string(out.pdf.size() - out.hole.end) + "]";
        if (range.size() > kByteRangeBeacon.size()) {
            throw std::runtime_error("the PDF is too large to sign");
        }
        range.insert(range.size() - 1, kByteRangeBeacon.size() - range.size(), ' ');
        out.pdf.replace(at + beaconAt, range.size(), range);
        return out;
    } catch (const pdf::PdfError& e) {
        throw std::runtime_error(std::string("cannot sign this PDF: ") + e.what());
    } catch (const QPDFExc& e) {
        throw std::runtime_error(std::string("cannot sign this PDF: ") + e.getMessageDetail());
    }
}

std::string defaultFieldName(const SignOptions& options, std::string_view pdf) {
    if (!options.fieldName.empty()) {
        return options.fieldName;
    }
    if (!options.attachmentNotation.empty()) {
        // A separate attachment gets a field of its own; the renderer's empty seal field (if
        // the attachment has one) stays as it is.
        try {
            const pdf::PdfDocument file = openToSign(pdf);
            return Document(file).hasField(kSealFieldName) ? "AttachmentSeal" : kSealFieldName;
        } catch (const pdf::PdfError& e) {
            throw std::runtime_error(std::string("cannot sign this PDF: ") + e.what());
        }
    }
    return options.role == SignatureRole::Seal ? kSealFieldName : kSignerFieldName;
}

} // namespace

PadesSigner::PadesSigner(SignOptions options) : options_(std::move(options)) {
    if (options_.level != PadesLevel::BB && !options_.timeStamps) {
        throw std::invalid_argument("PAdES " + toString(options_.level) +
                                    " needs a time-stamp authority (--tsa URL)");
    }
}

namespace {

/// The prepared revision and where its /Contents is.
struct Prepared {
    PreparedSignature signature;
    ContentsHole hole;
};

/// Refuses a key whose signatures the verifier (and every strict validator) would reject as
/// too weak, before anything is written: a key AlgorithmPolicy does not accept today (RSA under
/// 2048 bits, a curve under 224 bits, an unknown family).
void requireStrongKey(const SigningKey& key) {
    const AlgorithmUse use = keyAlgorithm(X509_get0_pubkey(key.certificate()));
    if (!AlgorithmPolicy::standard().strongAt(use, std::time(nullptr))) {
        throw WeakAlgorithm("the signer's key " + use.label() +
                            " is too weak to sign with: at least RSA-2048 or EC-256 is required");
    }
}

Prepared prepareRevision(std::string_view pdf, const SigningKey& key, const SignOptions& options) {
    requireStrongKey(key);
    const std::size_t size = options.level == PadesLevel::BB
                                 ? PadesSigner::kContentsSize
                                 : PadesSigner::kContentsSizeWithTimeStamp;
    const std::int64_t when = options.signingTime ? options.signingTime : std::time(nullptr);
    Handle keys = Handle::newDictionary();
    keys.replaceKey("/M", text(pdfDate(when)));
    if (!options.reason.empty()) {
        keys.replaceKey("/Reason", text(options.reason));
    }
    if (!options.location.empty()) {
        keys.replaceKey("/Location", text(options.location));
    }
    keys.replaceKey("/Name", text(commonName(key.certificate())));

    FieldRequest request;
    request.role = options.role;
    request.lock = options.lockDocument;
    if (!options.attachmentNotation.empty()) {
        request.name = defaultFieldName(options, pdf);
        request.topRightOfFirstPage = options.fieldName.empty();
        const std::vector<std::string> lines{options.attachmentNotation, isoVietnamTime(when)};
        const std::string font = attachmentFontPath(options.fontPath);
        request.appearance = [lines, font](pdf::IncrementalUpdate& writer, double w, double h) {
            return std::optional<Handle>(
                importAppearance(writer, drawAppearance(w, h, {}, lines, font, 10)));
        };
    } else {
        request.name = defaultFieldName(options, pdf);
        if (!options.imagePng.empty()) {
            const std::string& png = options.imagePng;
            request.appearance = [&png](pdf::IncrementalUpdate& writer, double w, double h) {
                return std::optional<Handle>(
                    importAppearance(writer, *cachedImageAppearance(w, h, png)));
            };
        } else if (!options.appearanceText.empty()) {
            const auto& lines = options.appearanceText;
            const std::string& font = options.fontPath;
            request.appearance = [&lines, &font](pdf::IncrementalUpdate& writer, double w,
                                                 double h) {
                return std::optional<Handle>(
                    importAppearance(writer, drawAppearance(w, h, {}, lines, font, 10)));
            };
        }
    }
    SignatureRevision revision =
        writeSignatureRevision(pdf, "Sig", "ETSI.CAdES.detached", size, keys, request);
    Prepared prepared;
    prepared.hole = revision.hole;
    prepared.signature.pdf = std::move(revision.pdf);
    const Bytes documentDigest =
        sha256(PdfIncrementalUpdate::signedBytes(prepared.signature.pdf, prepared.hole));
    prepared.signature.signedAttributes =
        CadesSignedData::signedAttributes(documentDigest, key.certificate());
    prepared.signature.digest = sha256(prepared.signature.signedAttributes);
    return prepared;
}

} // namespace

PreparedSignature PadesSigner::prepare(std::string_view pdf, const SigningKey& key) const {
    return prepareRevision(pdf, key, options_).signature;
}

Bytes PadesSigner::sign(std::string_view pdf, const SigningKey& key) const {
    Prepared prepared = prepareRevision(pdf, key, options_);
    const Bytes value = key.sign(prepared.signature.signedAttributes, options_.padding);
    return finish(std::move(prepared.signature.pdf), prepared.hole.begin, prepared.hole.end, key,
                  prepared.signature.signedAttributes, value);
}

Bytes PadesSigner::complete(std::string_view preparedPdf, const SigningKey& key,
                            std::string_view signatureValue) const {
    // The empty signature of the prepared file, found through the form (pdf/): its /ByteRange,
    // filled in by prepare(), says where its /Contents is.
    std::optional<ContentsHole> hole;
    try {
        const pdf::PdfDocument file = openToSign(preparedPdf);
        for (const auto& field : pdf::findSignatureFields(file)) {
            const auto& sig = field.value;
            if (!sig || sig->type != "Sig" || !sig->contentsIsString || sig->contents.empty() ||
                sig->contents.find_first_not_of('\0') != std::string::npos) {
                continue;
            }
            const auto& range = sig->byteRange;
            if (!range || range->size() != 4 || (*range)[0] != 0 || (*range)[1] <= 0 ||
                (*range)[2] <= (*range)[1] || (*range)[3] < 0 ||
                static_cast<std::size_t>((*range)[2] + (*range)[3]) != preparedPdf.size() ||
                preparedPdf[static_cast<std::size_t>((*range)[1])] != '<' ||
                preparedPdf[static_cast<std::size_t>((*range)[2]) - 1] != '>') {
                throw std::runtime_error("the prepared PDF's empty signature has a bad /ByteRange");
            }
            if (hole) {
                throw std::runtime_error("the prepared PDF has more than one empty signature");
            }
            hole = ContentsHole{static_cast<std::size_t>((*range)[1]),
                                static_cast<std::size_t>((*range)[2])};
        }
    } catch (const pdf::PdfError& e) {
        throw std::runtime_error(std::string("cannot complete this PDF: ") + e.what());
    }
    if (!hole) {
        throw std::runtime_error("the prepared PDF has no empty signature to complete");
    }
    Bytes pdf(preparedPdf);
    const Bytes documentDigest = sha256(PdfIncrementalUpdate::signedBytes(pdf, *hole));
    const Bytes attributes = CadesSignedData::signedAttributes(documentDigest, key.certificate());
    return finish(std::move(pdf), hole->begin, hole->end, key, attributes, signatureValue);
}

Bytes PadesSigner::finish(Bytes pdf, std::size_t contentsBegin, std::size_t contentsEnd,
                          const SigningKey& key, std::string_view signedAttributes,
                          std::string_view signatureValue) const {
    // Check the value against the certificate before putting it in the file.
    if (!signatureMatches(key.certificate(), signedAttributes, signatureValue, options_.padding)) {
        throw std::runtime_error("the signature value does not match the signer's certificate "
                                 "and the prepared document");
    }
    Bytes token;
    if (options_.level != PadesLevel::BB) {
        token = options_.timeStamps->timeStamp(sha256(signatureValue));
    }
    const Bytes cms = CadesSignedData::assemble(signedAttributes, signatureValue, key.certificate(),
                                                key.chain(), token, options_.padding);
    PdfIncrementalUpdate::fillContents(pdf, ContentsHole{contentsBegin, contentsEnd}, cms);
    if (options_.level == PadesLevel::BLT || options_.level == PadesLevel::BLTA) {
        std::vector<X509*> certs{key.certificate()};
        for (X509* c : key.chain()) {
            certs.push_back(c);
        }
        std::vector<X509Ptr> extra;
        for (const auto& der : options_.extraCertificates) {
            extra.push_back(certificateFromDer(der));
            certs.push_back(extra.back().get());
        }
        std::vector<X509CrlPtr> owned;
        std::vector<X509_CRL*> crls;
        for (const auto& der : options_.crls) {
            owned.push_back(crlFromDer(der));
            crls.push_back(owned.back().get());
        }
        // OCSP for every certificate that names a responder (the root names none).
        std::vector<Bytes> ocspResponses;
        OcspClient client;
        OcspSource& ocsp = options_.ocsp ? *options_.ocsp : client;
        for (X509* cert : certs) {
            if (ocspResponderUrl(cert).empty()) {
                continue;
            }
            for (X509* issuer : certs) {
                if (X509_check_issued(issuer, cert) == X509_V_OK) {
                    ocspResponses.push_back(ocsp.ocspResponse(cert, issuer));
                    break;
                }
            }
        }
        if (crls.empty() && ocspResponses.empty()) {
            throw std::runtime_error(
                "PAdES B-LT needs revocation data: give the CRLs (--crl FILE)");
        }
        pdf = addValidationData(pdf, certs, crls, ocspResponses);
    }
    if (options_.level == PadesLevel::BLTA) {
        pdf = addDocumentTimeStamp(pdf, *options_.timeStamps);
    }
    return pdf;
}

Bytes PadesSigner::addValidationData(std::string_view pdf, const std::vector<X509*>& certificates,
                                     const std::vector<X509_CRL*>& crls,
                                     const std::vector<Bytes>& ocspResponses) {
    try {
        const pdf::PdfDocument file = openToSign(pdf);
        const Document doc(file);
        pdf::IncrementalUpdate writer(file);
        Handle catalog = writer.current(doc.root());
        Handle existing = catalog.getKey("/DSS");
        Handle dss = existing.isDictionary() ? existing.shallowCopy() : Handle::newDictionary();
        std::optional<Handle> dssRef;
        if (existing.isIndirect() && existing.isDictionary()) {
            dssRef = existing;
        } else {
            dssRef = writer.allocate();
            catalog.replaceKey("/DSS", *dssRef);
            writer.put(doc.root(), catalog);
        }
        dss.replaceKey("/Type", name("/DSS"));
        auto addStreams = [&](const char* key, const std::vector<Bytes>& items) {
            if (items.empty()) {
                return;
            }
            Handle array = Handle::newArray();
            if (Handle old = dss.getKey(key); old.isArray()) {
                array = old.shallowCopy();
            }
            for (const auto& item : items) {
                const Handle stream = writer.allocate();
                writer.putStream(stream, Handle::newDictionary(), item);
                array.appendItem(stream);
            }
            dss.replaceKey(key, array);
        };
        std::vector<Bytes> certDer, crlDer;
        for (X509* cert : certificates) {
            certDer.push_back(toDer(cert));
        }
        for (X509_CRL* crl : crls) {
            crlDer.push_back(toDer(crl));
        }
        addStreams("/Certs", certDer);
        addStreams("/CRLs", crlDer);
        addStreams("/OCSPs", ocspResponses);
        writer.put(*dssRef, dss);
        return writer.finish();
    } catch (const pdf::PdfError& e) {
        throw std::runtime_error(std::string("cannot add validation data: ") + e.what());
    }
}

Bytes PadesSigner::addDocumentTimeStamp(std::string_view pdf, TimeStampSource& timeStamps) {
    // A fresh invisible field per document time-stamp.
    std::string fieldName = "DocumentTimeStamp";
    try {
        const pdf::PdfDocument file = openToSign(pdf);
        const Document doc(file);
        for (int i = 2; doc.hasField(fieldName); ++i) {
            fieldName = "DocumentTimeStamp" + std::to_string(i);
        }
    } catch (const pdf::PdfError& e) {
        throw std::runtime_error(std::string("cannot add a document time-stamp: ") + e.what());
    }
    FieldRequest request;
    request.name = fieldName;
    request.visible = false;
    SignatureRevision revision = writeSignatureRevision(
        pdf, "DocTimeStamp", "ETSI.RFC3161", kContentsSize, Handle::newDictionary(), request);
    const Bytes token = timeStamps.timeStamp(
        sha256(PdfIncrementalUpdate::signedBytes(revision.pdf, revision.hole)));
    PdfIncrementalUpdate::fillContents(revision.pdf, revision.hole, token);
    return revision.pdf;
}

} // namespace vanthu::signing
