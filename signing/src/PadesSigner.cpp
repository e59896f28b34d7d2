#include "vanthu/signing/PadesSigner.hpp"

#include <openssl/err.h>

#include <cmath>
#include <ctime>
#include <stdexcept>

#include "PdfIncrementalUpdate.hpp"
#include "vanthu/signing/CadesSignedData.hpp"
#include "vanthu/signing/RawPdf.hpp"

namespace vanthu::signing {

using namespace PoDoFo;

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

namespace {

PdfObject* resolve(PdfMemDocument& doc, PdfObject* object) {
    for (int depth = 0; object && object->IsReference() && depth < 8; ++depth) {
        object = doc.GetObjects().GetObject(object->GetReference());
    }
    return object;
}

std::string fieldName(PdfObject* field) {
    if (field && field->IsDictionary() && field->GetDictionary().HasKey("T")) {
        const PdfObject* t = field->GetDictionary().GetKey("T");
        if (t->IsString() || t->IsHexString()) {
            return t->GetString().GetStringUtf8();
        }
    }
    return "";
}

/// Finds a terminal field by its (partial) name anywhere in the AcroForm tree.
PdfObject* findField(PdfMemDocument& doc, PdfObject* fields, const std::string& name,
                     int depth = 0) {
    fields = resolve(doc, fields);
    if (!fields || !fields->IsArray() || depth > 16) {
        return nullptr;
    }
    for (auto& item : fields->GetArray()) {
        PdfObject* field = resolve(doc, &item);
        if (!field || !field->IsDictionary()) {
            continue;
        }
        if (fieldName(field) == name) {
            return field;
        }
        if (field->GetDictionary().HasKey("Kids")) {
            if (PdfObject* found =
                    findField(doc, field->GetDictionary().GetKey("Kids"), name, depth + 1)) {
                return found;
            }
        }
    }
    return nullptr;
}

struct Placement {
    int pageIndex = 0;
    PdfRect rect;
};

int pageIndexOf(PdfMemDocument& doc, const PdfReference& pageRef) {
    for (int i = 0; i < doc.GetPageCount(); ++i) {
        if (doc.GetPage(i)->GetObject()->Reference() == pageRef) {
            return i;
        }
    }
    return -1;
}

PdfRect rectOf(PdfObject* widget) {
    PdfRect rect(widget->GetDictionary().GetKey("Rect")->GetArray());
    return rect;
}

/// Where a new field goes when the renderer left none: the signer's block at the bottom right of
/// the last page; the seal over the left third of the signer's signature when there is one.
Placement defaultPlacement(PdfMemDocument& doc, PdfObject* fields, SignatureRole role) {
    Placement placement;
    placement.pageIndex = doc.GetPageCount() - 1;
    const PdfRect media = doc.GetPage(placement.pageIndex)->GetMediaBox();
    const double right = media.GetLeft() + media.GetWidth() - 70;
    PdfRect signer(right - 200, media.GetBottom() + 120, 200, 80);
    if (PdfObject* signerField = findField(doc, fields, kSignerFieldName)) {
        PdfObject* widget = signerField;
        if (signerField->GetDictionary().HasKey("Kids")) {
            widget = resolve(doc, &signerField->GetDictionary().GetKey("Kids")->GetArray()[0]);
        }
        if (widget && widget->GetDictionary().HasKey("Rect")) {
            signer = rectOf(widget);
            if (widget->GetDictionary().HasKey("P")) {
                const int index =
                    pageIndexOf(doc, widget->GetDictionary().GetKey("P")->GetReference());
                if (index >= 0) {
                    placement.pageIndex = index;
                }
            }
        }
    }
    if (role == SignatureRole::Signer) {
        placement.rect = signer;
    } else {
        const double size = 110; // about 39 mm, a real seal's size
        const double cx = signer.GetLeft() + signer.GetWidth() / 6;
        const double cy = signer.GetBottom() + signer.GetHeight() / 2;
        placement.rect = PdfRect(cx - size / 2, cy - size / 2, size, size);
    }
    return placement;
}

/// Draws the appearance: the image fitted and centred, or lines of text in an embedded font.
PdfObject* buildAppearance(PdfMemDocument& doc, const PdfRect& rect, const SignOptions& options) {
    const double width = rect.GetWidth(), height = rect.GetHeight();
    PdfXObject xobject(PdfRect(0, 0, width, height), &doc);
    PdfPainter painter;
    painter.SetPage(&xobject);
    try {
        if (!options.imagePng.empty()) {
            PdfImage image(&doc);
            image.LoadFromPngData(reinterpret_cast<const unsigned char*>(options.imagePng.data()),
                                  static_cast<pdf_long>(options.imagePng.size()));
            const double iw = image.GetWidth(), ih = image.GetHeight();
            if (iw <= 0 || ih <= 0) {
                throw std::runtime_error("the signature image is empty");
            }
            const double scale = std::min(width / iw, height / ih);
            painter.DrawImage((width - iw * scale) / 2, (height - ih * scale) / 2, &image, scale,
                              scale);
        } else if (!options.appearanceText.empty()) {
            PdfFont* font = doc.CreateFontSubset("Liberation Serif", false, false, false,
                                                 new PdfIdentityEncoding(0, 0xffff, true),
                                                 options.fontPath.c_str());
            if (!font) {
                throw std::runtime_error("cannot load the font " + options.fontPath);
            }
            const double size = 10;
            font->SetFontSize(size);
            painter.SetFont(font);
            painter.SetColor(0, 0, 0);
            const double lineHeight = size * 1.2;
            double y = height - size - 2;
            for (const auto& line : options.appearanceText) {
                painter.DrawText(2, y, PdfString(reinterpret_cast<const pdf_utf8*>(line.c_str())));
                y -= lineHeight;
            }
        }
        painter.FinishPage();
    } catch (const PdfError& e) {
        throw std::runtime_error(std::string("cannot draw the signature appearance: ") +
                                 PdfError::ErrorMessage(e.GetError()));
    }
    return xobject.GetObject();
}

void appendToArrayKey(PdfMemDocument& doc, PdfObject* owner, const char* key,
                      const PdfReference& ref) {
    PdfDictionary& dict = owner->GetDictionary();
    if (!dict.HasKey(key)) {
        PdfArray array;
        array.push_back(ref);
        dict.AddKey(PdfName(key), array);
        return;
    }
    PdfObject* value = dict.GetKey(key);
    if (value->IsReference()) {
        PdfObject* array = resolve(doc, value);
        if (!array || !array->IsArray()) {
            throw std::runtime_error(std::string("the PDF's /") + key + " is not an array");
        }
        array->GetArray().push_back(ref);
    } else if (value->IsArray()) {
        value->GetArray().push_back(ref);
    } else {
        throw std::runtime_error(std::string("the PDF's /") + key + " is not an array");
    }
}

/// Fills (or creates) the signature field: its /V is the signature dictionary.
void attachSignature(PdfMemDocument& doc, PdfObject* signature, const SignOptions& options,
                     const std::string& name, bool visible) {
    PdfAcroForm* form = doc.GetAcroForm(true, ePdfAcroFormDefaultAppearance_None);
    PdfObject* formObject = form->GetObject();
    if (!formObject->GetDictionary().HasKey("Fields")) {
        formObject->GetDictionary().AddKey(PdfName("Fields"), PdfArray());
    }
    formObject->GetDictionary().AddKey(PdfName("SigFlags"), PdfObject(static_cast<pdf_int64>(3)));
    PdfObject* fields = formObject->GetDictionary().GetKey("Fields");

    PdfObject* field = findField(doc, fields, name);
    PdfObject* widget = nullptr;
    Placement placement;
    if (field) {
        const PdfObject* ft = field->GetDictionary().GetKey("FT");
        if (!ft || !ft->IsName() || ft->GetName() != PdfName("Sig")) {
            throw std::runtime_error("the field \"" + name + "\" is not a signature field");
        }
        if (field->GetDictionary().HasKey("V")) {
            throw std::runtime_error("the field \"" + name + "\" is already signed");
        }
        widget = field;
        if (field->GetDictionary().HasKey("Kids")) {
            widget = resolve(doc, &field->GetDictionary().GetKey("Kids")->GetArray()[0]);
        }
        if (!widget || !widget->GetDictionary().HasKey("Rect")) {
            throw std::runtime_error("the field \"" + name + "\" has no widget");
        }
    } else {
        placement = visible ? defaultPlacement(doc, fields, options.role) : Placement{};
        if (!visible) {
            placement.pageIndex = doc.GetPageCount() - 1;
            placement.rect = PdfRect(0, 0, 0, 0);
        }
        PdfPage* page = doc.GetPage(placement.pageIndex);
        field = doc.GetObjects().CreateObject("Annot");
        PdfDictionary& dict = field->GetDictionary();
        dict.AddKey(PdfName("Subtype"), PdfName("Widget"));
        dict.AddKey(PdfName("FT"), PdfName("Sig"));
        dict.AddKey(PdfName("T"), PdfString(reinterpret_cast<const pdf_utf8*>(name.c_str())));
        PdfVariant rect;
        placement.rect.ToVariant(rect);
        dict.AddKey(PdfName("Rect"), rect);
        dict.AddKey(PdfName("P"), page->GetObject()->Reference());
        appendToArrayKey(doc, page->GetObject(), "Annots", field->Reference());
        appendToArrayKey(doc, formObject, "Fields", field->Reference());
        widget = field;
    }
    widget->GetDictionary().AddKey(PdfName("F"),
                                   PdfObject(static_cast<pdf_int64>(132))); // Print|Locked
    if (visible) {
        const PdfRect rect = rectOf(widget);
        if (rect.GetWidth() > 0 && rect.GetHeight() > 0 &&
            (!options.imagePng.empty() || !options.appearanceText.empty())) {
            PdfObject* appearance = buildAppearance(doc, rect, options);
            PdfDictionary ap;
            ap.AddKey(PdfName("N"), appearance->Reference());
            widget->GetDictionary().AddKey(PdfName("AP"), ap);
        }
    }
    field->GetDictionary().AddKey(PdfName("V"), signature->Reference());
    if (options.lockDocument) {
        PdfDictionary lock;
        lock.AddKey(PdfName("Type"), PdfName("SigFieldLock"));
        lock.AddKey(PdfName("Action"), PdfName("All"));
        lock.AddKey(PdfName("P"), PdfObject(static_cast<pdf_int64>(2)));
        field->GetDictionary().AddKey(PdfName("Lock"), lock);
        PdfDictionary params;
        params.AddKey(PdfName("Type"), PdfName("TransformParams"));
        params.AddKey(PdfName("Action"), PdfName("All"));
        params.AddKey(PdfName("P"), PdfObject(static_cast<pdf_int64>(2)));
        params.AddKey(PdfName("V"), PdfName("1.2"));
        PdfDictionary reference;
        reference.AddKey(PdfName("Type"), PdfName("SigRef"));
        reference.AddKey(PdfName("TransformMethod"), PdfName("FieldMDP"));
        reference.AddKey(PdfName("TransformParams"), params);
        reference.AddKey(PdfName("Data"), doc.GetCatalog()->Reference());
        PdfArray references;
        references.push_back(reference);
        signature->GetDictionary().AddKey(PdfName("Reference"), references);
    }
}

std::string defaultFieldName(const SignOptions& options) {
    if (!options.fieldName.empty()) {
        return options.fieldName;
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

struct PadesSigner::Placeholder {};

PreparedSignature PadesSigner::prepare(std::string_view pdf, const SigningKey& key) const {
    PdfIncrementalUpdate update(pdf);
    PdfMemDocument& doc = update.document();
    const std::size_t size =
        options_.level == PadesLevel::BB ? kContentsSize : kContentsSizeWithTimeStamp;
    PdfObject* signature = update.newSignatureDictionary("Sig", "ETSI.CAdES.detached", size);
    PdfDictionary& dict = signature->GetDictionary();
    const std::int64_t when = options_.signingTime ? options_.signingTime : std::time(nullptr);
    dict.AddKey(PdfName("M"), PdfString(pdfDate(when)));
    if (!options_.reason.empty()) {
        dict.AddKey(PdfName("Reason"),
                    PdfString(reinterpret_cast<const pdf_utf8*>(options_.reason.c_str())));
    }
    if (!options_.location.empty()) {
        dict.AddKey(PdfName("Location"),
                    PdfString(reinterpret_cast<const pdf_utf8*>(options_.location.c_str())));
    }
    const std::string name = commonName(key.certificate());
    dict.AddKey(PdfName("Name"), PdfString(reinterpret_cast<const pdf_utf8*>(name.c_str())));
    attachSignature(doc, signature, options_, defaultFieldName(options_), true);

    ContentsHole hole;
    PreparedSignature prepared;
    prepared.pdf = update.write(&hole);
    const Bytes documentDigest = sha256(PdfIncrementalUpdate::signedBytes(prepared.pdf, hole));
    prepared.signedAttributes =
        CadesSignedData::signedAttributes(documentDigest, key.certificate());
    prepared.digest = sha256(prepared.signedAttributes);
    return prepared;
}

Bytes PadesSigner::sign(std::string_view pdf, const SigningKey& key) const {
    PreparedSignature prepared = prepare(pdf, key);
    const Bytes value = key.sign(prepared.signedAttributes);
    return complete(prepared.pdf, key, value);
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
    {
        EvpMdCtxPtr ctx(EVP_MD_CTX_new());
        check(ctx != nullptr, "out of memory");
        const int ok = EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr,
                                            X509_get0_pubkey(key.certificate())) == 1 &&
                       EVP_DigestVerify(
                           ctx.get(), reinterpret_cast<const unsigned char*>(signatureValue.data()),
                           signatureValue.size(),
                           reinterpret_cast<const unsigned char*>(signedAttributes.data()),
                           signedAttributes.size()) == 1;
        ERR_clear_error();
        if (!ok) {
            throw std::runtime_error("the signature value does not match the signer's certificate "
                                     "and the prepared document");
        }
    }
    Bytes token;
    if (options_.level != PadesLevel::BB) {
        token = options_.timeStamps->timeStamp(sha256(signatureValue));
    }
    const Bytes cms = CadesSignedData::assemble(signedAttributes, signatureValue, key.certificate(),
                                                key.chain(), token);
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
        if (crls.empty()) {
            throw std::runtime_error(
                "PAdES B-LT needs revocation data: give the CRLs (--crl FILE)");
        }
        pdf = addValidationData(pdf, certs, crls);
    }
    if (options_.level == PadesLevel::BLTA) {
        pdf = addDocumentTimeStamp(pdf, *options_.timeStamps);
    }
    return pdf;
}

Bytes PadesSigner::addValidationData(std::string_view pdf, const std::vector<X509*>& certificates,
                                     const std::vector<X509_CRL*>& crls) {
    PdfIncrementalUpdate update(pdf);
    PdfMemDocument& doc = update.document();
    PdfObject* catalog = doc.GetCatalog();
    PdfObject* dss = nullptr;
    if (catalog->GetDictionary().HasKey("DSS")) {
        dss = resolve(doc, catalog->GetDictionary().GetKey("DSS"));
    }
    if (!dss || !dss->IsDictionary()) {
        dss = doc.GetObjects().CreateObject("DSS");
        catalog->GetDictionary().AddKey(PdfName("DSS"), dss->Reference());
    }
    auto addStreams = [&](const char* key, const std::vector<Bytes>& items) {
        if (items.empty()) {
            return;
        }
        PdfArray array;
        if (dss->GetDictionary().HasKey(key)) {
            PdfObject* existing = resolve(doc, dss->GetDictionary().GetKey(key));
            if (existing && existing->IsArray()) {
                array = existing->GetArray();
            }
        }
        for (const auto& item : items) {
            PdfObject* stream = doc.GetObjects().CreateObject();
            stream->GetStream()->Set(item.data(), static_cast<pdf_long>(item.size()),
                                     TVecFilters());
            array.push_back(stream->Reference());
        }
        dss->GetDictionary().AddKey(PdfName(key), array);
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
    return update.write();
}

Bytes PadesSigner::addDocumentTimeStamp(std::string_view pdf, TimeStampSource& timeStamps) {
    PdfIncrementalUpdate update(pdf);
    PdfMemDocument& doc = update.document();
    PdfObject* signature =
        update.newSignatureDictionary("DocTimeStamp", "ETSI.RFC3161", kContentsSize);
    SignOptions options;
    // A fresh invisible field per document time-stamp.
    std::string name = "DocumentTimeStamp";
    PdfAcroForm* form = doc.GetAcroForm(true, ePdfAcroFormDefaultAppearance_None);
    PdfObject* fields = form->GetObject()->GetDictionary().HasKey("Fields")
                            ? form->GetObject()->GetDictionary().GetKey("Fields")
                            : nullptr;
    for (int i = 2; fields && findField(doc, fields, name); ++i) {
        name = "DocumentTimeStamp" + std::to_string(i);
    }
    attachSignature(doc, signature, options, name, false);
    ContentsHole hole;
    Bytes out = update.write(&hole);
    const Bytes token = timeStamps.timeStamp(sha256(PdfIncrementalUpdate::signedBytes(out, hole)));
    PdfIncrementalUpdate::fillContents(out, hole, token);
    return out;
}

} // namespace vanthu::signing
