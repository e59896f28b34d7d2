#include "vanthu/signing/PadesSigner.hpp"

#include <openssl/err.h>
#include <podofo/podofo.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <functional>
#include <list>
#include <mutex>
#include <set>
#include <stdexcept>

#include "PdfIncrementalUpdate.hpp"
#include "vanthu/signing/CadesSignedData.hpp"
#include "vanthu/signing/OcspClient.hpp"
#include "vanthu/signing/OcspStatus.hpp"
#include "vanthu/signing/RawPdf.hpp"
#include "vanthu/signing/RawPdfWriter.hpp"

namespace vanthu::signing {

using raw::Ref;
using raw::Value;
using Kind = raw::Value::Kind;

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

// ---- reading the document with RawPdf ---------------------------------------------------------

struct Rect {
    double left = 0, bottom = 0, right = 0, top = 0;
    double width() const { return right - left; }
    double height() const { return top - bottom; }
};

bool isNumber(const Value& v) {
    return v.is(Kind::Integer) || v.is(Kind::Real);
}
double numberOf(const Value& v) {
    return v.is(Kind::Integer) ? static_cast<double>(v.integer) : v.real;
}

std::optional<Rect> rectOf(const Value& v) {
    if (!v.is(Kind::Array) || v.array->size() != 4) {
        return std::nullopt;
    }
    for (const Value& n : *v.array) {
        if (!isNumber(n)) {
            return std::nullopt;
        }
    }
    const auto& a = *v.array;
    const double x0 = numberOf(a[0]), y0 = numberOf(a[1]), x1 = numberOf(a[2]), y1 = numberOf(a[3]);
    return Rect{std::min(x0, x1), std::min(y0, y1), std::max(x0, x1), std::max(y0, y1)};
}

Value rectValue(const Rect& r) {
    return raw::makeArray({raw::makeReal(r.left), raw::makeReal(r.bottom), raw::makeReal(r.right),
                           raw::makeReal(r.top)});
}

/// The document as its last revision sees it, with everything a signature update needs.
class Document {
public:
    explicit Document(const raw::RawPdf& file) : file_(file), last_(file.revisions().size() - 1) {
        const Value* root = raw::trailerKey(file, "Root");
        if (!root || !root->is(Kind::Ref)) {
            throw std::runtime_error("cannot sign this PDF: the trailer has no /Root");
        }
        rootRef_ = root->ref;
        catalog_ = resolve(*root);
        if (!catalog_.is(Kind::Dict)) {
            throw std::runtime_error("cannot sign this PDF: the catalog is not a dictionary");
        }
    }

    Value resolve(const Value& v) const { return file_.resolve(v, last_); }
    Ref rootRef() const { return rootRef_; }
    const Value& catalog() const { return catalog_; }

    std::vector<Ref> pages() const {
        std::vector<Ref> result;
        std::set<int> seen;
        std::function<void(const Value&, int)> walk = [&](const Value& node, int depth) {
            if (!node.is(Kind::Ref) || depth > 32 || !seen.insert(node.ref.num).second) {
                return;
            }
            const Value dict = resolve(node);
            const Value* type = dict.get("Type");
            const Value* kids = dict.get("Kids");
            if (type && type->isName("Page")) {
                result.push_back(node.ref);
            } else if (kids) {
                const Value array = resolve(*kids);
                if (array.is(Kind::Array)) {
                    for (const Value& kid : *array.array) {
                        walk(kid, depth + 1);
                    }
                }
            }
        };
        if (const Value* pages = catalog_.get("Pages")) {
            walk(*pages, 0);
        }
        if (result.empty()) {
            throw std::runtime_error("cannot sign this PDF: it has no pages");
        }
        return result;
    }

    Rect mediaBox(Ref page) const {
        Value node = resolve(raw::makeRef(page));
        for (int depth = 0; node.is(Kind::Dict) && depth < 32; ++depth) {
            if (const Value* box = node.get("MediaBox")) {
                if (auto rect = rectOf(resolve(*box))) {
                    return *rect;
                }
            }
            const Value* parent = node.get("Parent");
            if (!parent) {
                break;
            }
            node = resolve(*parent);
        }
        return Rect{0, 0, 595.276, 841.89}; // A4
    }

    /// The AcroForm: its reference when it is an object of its own, and its value.
    std::optional<Ref> formRef() const {
        const Value* form = catalog_.get("AcroForm");
        return form && form->is(Kind::Ref) ? std::optional<Ref>(form->ref) : std::nullopt;
    }
    Value form() const {
        const Value* form = catalog_.get("AcroForm");
        return form ? resolve(*form) : Value{};
    }

    /// A field by its (partial) name anywhere in the AcroForm tree.
    std::optional<Ref> findField(const std::string& name) const {
        const Value f = form();
        const Value* fields = f.is(Kind::Dict) ? f.get("Fields") : nullptr;
        if (!fields) {
            return std::nullopt;
        }
        std::set<int> seen;
        std::function<std::optional<Ref>(const Value&, int)> walk =
            [&](const Value& list, int depth) -> std::optional<Ref> {
            const Value array = resolve(list);
            if (!array.is(Kind::Array) || depth > 16) {
                return std::nullopt;
            }
            for (const Value& item : *array.array) {
                if (!item.is(Kind::Ref) || !seen.insert(item.ref.num).second) {
                    continue;
                }
                const Value field = resolve(item);
                if (!field.is(Kind::Dict)) {
                    continue;
                }
                if (const Value* t = field.get("T");
                    t && t->is(Kind::String) && raw::textString(t->text) == name) {
                    return item.ref;
                }
                if (const Value* kids = field.get("Kids")) {
                    if (auto found = walk(*kids, depth + 1)) {
                        return found;
                    }
                }
            }
            return std::nullopt;
        };
        return walk(*fields, 0);
    }

    /// The widget of a field: the field itself, or its first kid.
    std::optional<Ref> widgetOf(Ref field) const {
        const Value dict = resolve(raw::makeRef(field));
        const Value* kids = dict.get("Kids");
        if (!kids) {
            return field;
        }
        const Value array = resolve(*kids);
        if (!array.is(Kind::Array) || array.array->empty() || !(*array.array)[0].is(Kind::Ref)) {
            return std::nullopt;
        }
        return (*array.array)[0].ref;
    }

private:
    const raw::RawPdf& file_;
    std::size_t last_;
    Ref rootRef_;
    Value catalog_;
};

// ---- appearances, drawn by PoDoFo in a scratch document and copied in -------------------------

/// A scratch PDF holding the appearance XObject and what it needs (image, font subset).
struct ScratchAppearance {
    std::string pdf;
    Ref xobject;
};

ScratchAppearance drawAppearance(double width, double height, const std::string& imagePng,
                                 const std::vector<std::string>& lines, const std::string& fontPath,
                                 double fontSize) {
    using namespace PoDoFo;
    PdfError::EnableDebug(false);
    PdfError::EnableLogging(false);
    try {
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
        return ScratchAppearance{std::string(buffer.GetBuffer(), device.GetLength()),
                                 Ref{static_cast<int>(ref.ObjectNumber()), ref.GenerationNumber()}};
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
Ref importAppearance(raw::IncrementalWriter& writer, const ScratchAppearance& appearance) {
    const raw::RawPdf scratch(appearance.pdf);
    return raw::importObjects(writer, scratch, appearance.xobject);
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
    std::function<std::optional<Ref>(raw::IncrementalWriter&, double, double)> appearance;
};

/// Appends ref to the array under key of the object `owner` (direct or an indirect array).
void appendToArrayKey(raw::IncrementalWriter& writer, const Document& doc, Ref owner,
                      const std::string& key, Ref ref) {
    Value dict = writer.current(owner);
    const Value* value = dict.get(key);
    if (!value) {
        raw::setKey(dict, key, raw::makeArray({raw::makeRef(ref)}));
        writer.put(owner, dict);
        return;
    }
    if (value->is(Kind::Ref)) {
        const Ref arrayRef = value->ref;
        Value array = writer.current(arrayRef);
        if (!array.is(Kind::Array)) {
            throw std::runtime_error("the PDF's /" + key + " is not an array");
        }
        raw::append(array, raw::makeRef(ref));
        writer.put(arrayRef, array);
        return;
    }
    if (!value->is(Kind::Array)) {
        throw std::runtime_error("the PDF's /" + key + " is not an array");
    }
    Value array = *value;
    raw::append(array, raw::makeRef(ref));
    raw::setKey(dict, key, array);
    writer.put(owner, dict);
    (void)doc;
}

/// Where a new field goes when the renderer left none: the signer's block at the bottom right of
/// the last page; the seal over the left third of the signer's signature when there is one.
std::pair<Ref, Rect> defaultPlacement(const Document& doc, const std::vector<Ref>& pages,
                                      SignatureRole role) {
    Ref page = pages.back();
    const Rect media = doc.mediaBox(page);
    const double right = media.right - 70;
    Rect signer{right - 200, media.bottom + 120, right, media.bottom + 200};
    if (const auto signerField = doc.findField(kSignerFieldName)) {
        if (const auto widgetRef = doc.widgetOf(*signerField)) {
            const Value widget = doc.resolve(raw::makeRef(*widgetRef));
            if (const Value* r = widget.get("Rect")) {
                if (auto rect = rectOf(doc.resolve(*r))) {
                    signer = *rect;
                    if (const Value* p = widget.get("P"); p && p->is(Kind::Ref)) {
                        if (std::find(pages.begin(), pages.end(), p->ref) != pages.end()) {
                            page = p->ref;
                        }
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

/// One incremental update with a new signature dictionary (placeholders for /ByteRange and
/// /Contents) in the field of the request. sigKeys: the signature dictionary's other keys.
SignatureRevision writeSignatureRevision(std::string_view pdf, const char* type,
                                         const char* subFilter, std::size_t contentsSize,
                                         const Value& sigKeys, const FieldRequest& request) {
    std::optional<raw::RawPdf> parsed;
    try {
        parsed.emplace(pdf);
    } catch (const raw::ParseError& e) {
        throw std::runtime_error(std::string("cannot sign this PDF: ") + e.what());
    }
    const raw::RawPdf& file = *parsed;
    try {
        const Document doc(file);
        raw::IncrementalWriter writer(file);
        const Ref sigRef = writer.allocate();

        // The form: an object of its own (made when there is none) or a dictionary in the
        // catalog.
        std::optional<Ref> formRef = doc.formRef();
        Value form = doc.form();
        bool formInCatalog = false;
        if (!formRef) {
            if (form.is(Kind::Dict)) {
                formInCatalog = true;
            } else {
                formRef = writer.allocate();
                form = raw::makeDict();
                raw::setKey(form, "Fields", raw::makeArray());
                writer.put(*formRef, form);
                Value catalog = doc.catalog();
                raw::setKey(catalog, "AcroForm", raw::makeRef(*formRef));
                writer.put(doc.rootRef(), catalog);
            }
        }
        auto saveForm = [&](const Value& value) {
            if (formRef) {
                writer.put(*formRef, value);
            } else {
                Value catalog = writer.current(doc.rootRef());
                raw::setKey(catalog, "AcroForm", value);
                writer.put(doc.rootRef(), catalog);
            }
        };
        (void)formInCatalog;

        std::optional<Ref> fieldRef =
            request.topRightOfFirstPage ? std::nullopt : doc.findField(request.name);
        const bool existingField = fieldRef.has_value();
        std::optional<Value> existingLock; ///< the field's /Lock, resolved
        Ref widgetRef{};
        std::optional<Rect> rect;
        if (fieldRef) {
            const Value field = doc.resolve(raw::makeRef(*fieldRef));
            if (const Value* lock = field.get("Lock")) {
                const Value resolved = doc.resolve(*lock);
                if (!resolved.is(Kind::Dict)) {
                    throw std::runtime_error("the field \"" + request.name +
                                             "\" has a /Lock that is not a dictionary");
                }
                existingLock = resolved;
            }
            const Value* ft = field.get("FT");
            if (!ft || !ft->isName("Sig")) {
                throw std::runtime_error("the field \"" + request.name +
                                         "\" is not a signature field");
            }
            if (const Value* v = field.get("V"); v && !v->is(Kind::Null)) {
                throw std::runtime_error("the field \"" + request.name + "\" is already signed");
            }
            const auto widget = doc.widgetOf(*fieldRef);
            const Value widgetValue = widget ? doc.resolve(raw::makeRef(*widget)) : Value{};
            const Value* r = widgetValue.get("Rect");
            if (!widget || !r) {
                throw std::runtime_error("the field \"" + request.name + "\" has no widget");
            }
            widgetRef = *widget;
            rect = rectOf(doc.resolve(*r));
        } else {
            const std::vector<Ref> pages = doc.pages();
            Ref page = pages.back();
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
            Value field = raw::makeDict();
            raw::setKey(field, "Type", raw::makeName("Annot"));
            raw::setKey(field, "Subtype", raw::makeName("Widget"));
            raw::setKey(field, "FT", raw::makeName("Sig"));
            raw::setKey(field, "T", raw::makeText(request.name));
            raw::setKey(field, "Rect", rectValue(placed));
            raw::setKey(field, "P", raw::makeRef(page));
            writer.put(*fieldRef, field);
            appendToArrayKey(writer, doc, page, "Annots", *fieldRef);
            Value currentForm = formRef ? writer.current(*formRef) : form;
            const Value* fields = currentForm.get("Fields");
            if (fields && fields->is(Kind::Ref)) {
                Value array = writer.current(fields->ref);
                if (!array.is(Kind::Array)) {
                    throw std::runtime_error("the PDF's /Fields is not an array");
                }
                raw::append(array, raw::makeRef(*fieldRef));
                writer.put(fields->ref, array);
            } else {
                Value array = fields && fields->is(Kind::Array) ? *fields : raw::makeArray();
                raw::append(array, raw::makeRef(*fieldRef));
                raw::setKey(currentForm, "Fields", array);
                saveForm(currentForm);
            }
        }
        {
            Value currentForm = formRef ? writer.current(*formRef) : writer.current(doc.rootRef());
            if (!formRef) {
                currentForm = *currentForm.get("AcroForm");
            }
            const Value* flags = currentForm.get("SigFlags");
            if (!flags || !flags->is(Kind::Integer) || flags->integer != 3) {
                raw::setKey(currentForm, "SigFlags", raw::makeInteger(3));
                saveForm(currentForm);
            }
        }

        // The widget's appearance. A field that was already in the file changes only in /V and
        // the widget's /AP (ISO 32000-2 12.8.2.2: signing an empty field is allowed after another
        // signature; strict validators such as pyHanko reject any other key changed in it). A
        // field made here is new in this revision, so it gets its flags and lock at once.
        const bool newField = !existingField;
        Value widget = writer.current(widgetRef);
        if (newField) {
            raw::setKey(widget, "F", raw::makeInteger(132)); // Print|Locked
        }
        if (request.visible && rect && rect->width() > 0 && rect->height() > 0 &&
            request.appearance) {
            if (const auto ap = request.appearance(writer, rect->width(), rect->height())) {
                Value apDict = raw::makeDict();
                raw::setKey(apDict, "N", raw::makeRef(*ap));
                raw::setKey(widget, "AP", apDict);
            }
        }
        writer.put(widgetRef, widget);
        Value field = writer.current(*fieldRef);
        raw::setKey(field, "V", raw::makeRef(sigRef));
        // What the signature locks: the field's own /Lock when the file declared one (its values
        // are copied into the FieldMDP transform, ISO 32000-2 12.7.5.5), else everything when
        // the caller asks for a lock. A lock dictionary shall be an indirect object.
        std::optional<Value> lockParams = existingLock;
        if (!lockParams && request.lock) {
            Value lock = raw::makeDict();
            raw::setKey(lock, "Type", raw::makeName("SigFieldLock"));
            raw::setKey(lock, "Action", raw::makeName("All"));
            raw::setKey(lock, "P", raw::makeInteger(2));
            lockParams = lock;
            if (newField) {
                const Ref lockRef = writer.allocate();
                writer.put(lockRef, lock);
                raw::setKey(field, "Lock", raw::makeRef(lockRef));
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
        Value rest = sigKeys;
        if (lockParams) {
            Value params = raw::makeDict();
            raw::setKey(params, "Type", raw::makeName("TransformParams"));
            for (const char* key : {"Action", "Fields", "P"}) {
                if (const Value* value = lockParams->get(key)) {
                    raw::setKey(params, key, *value);
                }
            }
            raw::setKey(params, "V", raw::makeName("1.2"));
            Value reference = raw::makeDict();
            raw::setKey(reference, "Type", raw::makeName("SigRef"));
            raw::setKey(reference, "TransformMethod", raw::makeName("FieldMDP"));
            raw::setKey(reference, "TransformParams", params);
            raw::setKey(reference, "Data", raw::makeRef(doc.rootRef()));
            raw::setKey(rest, "Reference", raw::makeArray({reference}));
        }
        const std::string restText = raw::writeValue(rest, {});
        body += restText.substr(2); // without its "<<": the keys and the closing ">>"
        writer.putRaw(sigRef, std::move(body));

        SignatureRevision out;
        out.pdf = writer.finish();
        const std::size_t at = writer.bodyOffset(sigRef.num);
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
    } catch (const raw::ParseError& e) {
        throw std::runtime_error(std::string("cannot sign this PDF: ") + e.what());
    }
}

std::string defaultFieldName(const SignOptions& options, const raw::RawPdf* file) {
    if (!options.fieldName.empty()) {
        return options.fieldName;
    }
    if (!options.attachmentNotation.empty() && file) {
        // A separate attachment gets a field of its own; the renderer's empty seal field (if
        // the attachment has one) stays as it is.
        const Document doc(*file);
        return doc.findField(kSealFieldName) ? "AttachmentSeal" : kSealFieldName;
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

Prepared prepareRevision(std::string_view pdf, const SigningKey& key, const SignOptions& options) {
    const std::size_t size = options.level == PadesLevel::BB
                                 ? PadesSigner::kContentsSize
                                 : PadesSigner::kContentsSizeWithTimeStamp;
    const std::int64_t when = options.signingTime ? options.signingTime : std::time(nullptr);
    Value keys = raw::makeDict();
    raw::setKey(keys, "M", raw::makeText(pdfDate(when)));
    if (!options.reason.empty()) {
        raw::setKey(keys, "Reason", raw::makeText(options.reason));
    }
    if (!options.location.empty()) {
        raw::setKey(keys, "Location", raw::makeText(options.location));
    }
    raw::setKey(keys, "Name", raw::makeText(commonName(key.certificate())));

    FieldRequest request;
    request.role = options.role;
    request.lock = options.lockDocument;
    if (!options.attachmentNotation.empty()) {
        std::optional<raw::RawPdf> file;
        try {
            file.emplace(pdf);
        } catch (const raw::ParseError& e) {
            throw std::runtime_error(std::string("cannot sign this PDF: ") + e.what());
        }
        request.name = defaultFieldName(options, &*file);
        request.topRightOfFirstPage = options.fieldName.empty();
        const std::vector<std::string> lines{options.attachmentNotation, isoVietnamTime(when)};
        const std::string font = attachmentFontPath(options.fontPath);
        request.appearance = [lines, font](raw::IncrementalWriter& writer, double w, double h) {
            return std::optional<Ref>(
                importAppearance(writer, drawAppearance(w, h, {}, lines, font, 10)));
        };
    } else {
        request.name = defaultFieldName(options, nullptr);
        if (!options.imagePng.empty()) {
            const std::string& png = options.imagePng;
            request.appearance = [&png](raw::IncrementalWriter& writer, double w, double h) {
                return std::optional<Ref>(
                    importAppearance(writer, *cachedImageAppearance(w, h, png)));
            };
        } else if (!options.appearanceText.empty()) {
            const auto& lines = options.appearanceText;
            const std::string& font = options.fontPath;
            request.appearance = [&lines, &font](raw::IncrementalWriter& writer, double w,
                                                 double h) {
                return std::optional<Ref>(
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
    // Find the empty /Contents of the last revision with our own reader.
    const raw::RawPdf file(preparedPdf);
    const auto& last = file.revisions().back();
    std::optional<ContentsHole> hole;
    for (const auto& [num, entry] : last.entries) {
        if (!entry.inUse || num == 0) {
            continue;
        }
        const auto object = file.object(num, file.revisions().size() - 1);
        if (!object || !object->value.is(raw::Value::Kind::Dict)) {
            continue;
        }
        const raw::Value* contents = object->value.get("Contents");
        const raw::Value* type = object->value.get("Type");
        if (contents && type && type->isName("Sig") && contents->is(raw::Value::Kind::String) &&
            contents->text.find_first_not_of('\0') == std::string::npos) {
            if (hole) {
                throw std::runtime_error("the prepared PDF has more than one empty signature");
            }
            hole = ContentsHole{contents->begin, contents->end};
        }
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
    std::optional<raw::RawPdf> parsed;
    try {
        parsed.emplace(pdf);
    } catch (const raw::ParseError& e) {
        throw std::runtime_error(std::string("cannot add validation data: ") + e.what());
    }
    const Document doc(*parsed);
    raw::IncrementalWriter writer(*parsed);
    Value catalog = doc.catalog();
    Value dss = raw::makeDict();
    Ref dssRef{};
    if (const Value* existing = catalog.get("DSS"); existing && existing->is(Kind::Ref)) {
        dss = doc.resolve(*existing);
        dssRef = existing->ref;
    } else if (existing && existing->is(Kind::Dict)) {
        dss = *existing;
    }
    if (!dss.is(Kind::Dict)) {
        dss = raw::makeDict();
    }
    if (dssRef.num == 0) {
        dssRef = writer.allocate();
        raw::setKey(catalog, "DSS", raw::makeRef(dssRef));
        writer.put(doc.rootRef(), catalog);
    }
    raw::setKey(dss, "Type", raw::makeName("DSS"));
    auto addStreams = [&](const char* key, const std::vector<Bytes>& items) {
        if (items.empty()) {
            return;
        }
        Value array = raw::makeArray();
        if (const Value* existing = dss.get(key)) {
            const Value resolved = doc.resolve(*existing);
            if (resolved.is(Kind::Array)) {
                array = resolved;
            }
        }
        for (const auto& item : items) {
            const Ref stream = writer.allocate();
            writer.putStream(stream, raw::makeDict(), item);
            raw::append(array, raw::makeRef(stream));
        }
        raw::setKey(dss, key, array);
    };
    std::vector<Bytes> certDer, crlDer;
    for (X509* cert : certificates) {
        certDer.push_back(toDer(cert));
    }
    for (X509_CRL* crl : crls) {
        crlDer.push_back(toDer(crl));
    }
    addStreams("Certs", certDer);
    addStreams("CRLs", crlDer);
    addStreams("OCSPs", ocspResponses);
    writer.put(dssRef, dss);
    return writer.finish();
}

Bytes PadesSigner::addDocumentTimeStamp(std::string_view pdf, TimeStampSource& timeStamps) {
    // A fresh invisible field per document time-stamp.
    std::string name = "DocumentTimeStamp";
    {
        std::optional<raw::RawPdf> parsed;
        try {
            parsed.emplace(pdf);
        } catch (const raw::ParseError& e) {
            throw std::runtime_error(std::string("cannot add a document time-stamp: ") + e.what());
        }
        const Document doc(*parsed);
        for (int i = 2; doc.findField(name); ++i) {
            name = "DocumentTimeStamp" + std::to_string(i);
        }
    }
    FieldRequest request;
    request.name = name;
    request.visible = false;
    SignatureRevision revision = writeSignatureRevision(pdf, "DocTimeStamp", "ETSI.RFC3161",
                                                        kContentsSize, raw::makeDict(), request);
    const Bytes token = timeStamps.timeStamp(
        sha256(PdfIncrementalUpdate::signedBytes(revision.pdf, revision.hole)));
    PdfIncrementalUpdate::fillContents(revision.pdf, revision.hole, token);
    return revision.pdf;
}

} // namespace vanthu::signing
