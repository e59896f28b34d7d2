#include "vanthu/templates/IssueStamp.hpp"

#include <stdexcept>

#include <podofo.h>

#include "DocumentLayout.hpp"
#include "FontSet.hpp"
#include "PdfFaces.hpp"

namespace vanthu::templates {

using namespace PoDoFo;

namespace {

const FontSet& sharedFonts() {
    static const FontSet fonts;
    return fonts;
}

PdfObject* resolve(PdfMemDocument& document, PdfObject* object) {
    return object && object->IsReference() ? document.GetObjects().GetObject(object->GetReference())
                                           : object;
}

PdfPage* pageOf(PdfMemDocument& document, PdfObject* widget) {
    PdfObject* pageRef = widget->GetDictionary().GetKey("P");
    for (int i = 0; pageRef && pageRef->IsReference() && i < document.GetPageCount(); ++i) {
        PdfPage* page = document.GetPage(i);
        if (page->GetObject()->Reference() == pageRef->GetReference()) {
            return page;
        }
    }
    throw std::runtime_error("a number or date field is not on a page of the document");
}

std::string textOf(const std::vector<PlacedLine>& lines) {
    std::string text;
    for (const auto& line : lines) {
        for (const auto& segment : line.line.segments) {
            text += segment.text;
        }
    }
    return text;
}

} // namespace

std::string stampIssueDetails(std::string_view pdf, const OfficialDocument& issued) {
    if (issued.isDraft()) {
        throw std::invalid_argument("issuing needs the document's number and full date");
    }
    PdfError::EnableDebug(false);
    PdfError::EnableLogging(false);
    const FontSet& fonts = sharedFonts();
    PdfMemDocument document;
    try {
        document.LoadFromBuffer(pdf.data(), static_cast<long>(pdf.size()), true);
    } catch (const PdfError& e) {
        throw std::runtime_error(std::string("cannot read the PDF to issue: ") +
                                 PdfError::ErrorMessage(e.GetError()));
    }
    // PoDoFo writes the load time into /Info /ModDate; /Info is no form field, and a change to it
    // after a signature is one no permission of ISO 32000-2 12.8.2.2 covers: keep it unwritten.
    if (PdfInfo* info = document.GetInfo()) {
        info->GetObject()->GetDictionary().SetDirty(false);
    }
    // _None: PoDoFo would otherwise add a Helvetica /DA and /DR to the form, a change that a
    // verifier rightly reports after a signature.
    PdfAcroForm* form =
        document.GetAcroForm(ePdfDontCreateObject, ePdfAcroFormDefaultAppearance_None);
    PdfObject* fields =
        form ? resolve(document, form->GetObject()->GetDictionary().GetKey("Fields")) : nullptr;
    if (!fields || !fields->IsArray()) {
        throw std::runtime_error("the PDF has no number and date fields: it is not a vanthu draft");
    }
    PdfFaces faces(document, fonts);
    int filled = 0;
    for (auto& entry : fields->GetArray()) {
        PdfObject* field = resolve(document, &entry);
        const PdfObject* name = field ? field->GetDictionary().GetKey("T") : nullptr;
        if (!name || !name->IsString()) {
            continue;
        }
        const std::string fieldName = name->GetString().GetStringUtf8();
        if (fieldName != kNumberField && fieldName != kPlaceDateField) {
            continue;
        }
        const PdfRect rect(field->GetDictionary().GetKey("Rect")->GetArray());
        PdfAnnotation widget(field, pageOf(document, field));
        const auto lines = issueFieldLines(issued, fieldName, rect.GetWidth(), fonts);
        faces.fillTextField(*field, widget, rect.GetWidth(), rect.GetHeight(), lines,
                            textOf(lines));
        ++filled;
    }
    if (filled != 2) {
        throw std::runtime_error(
            "the PDF lacks its number or date field: it is not a vanthu draft");
    }
    PdfRefCountedBuffer buffer;
    PdfOutputDevice device(&buffer);
    document.WriteUpdate(&device, true);
    std::string result(buffer.GetBuffer(), device.GetLength());
    if (result.compare(0, pdf.size(), pdf) != 0) {
        throw std::runtime_error("the PDF library changed earlier revisions; not issuing");
    }
    return result;
}

} // namespace vanthu::templates
