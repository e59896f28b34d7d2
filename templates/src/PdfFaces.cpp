#include "PdfFaces.hpp"

#include "vanthu/pdf/PodofoLock.hpp"

#include <cstdio>
#include <stdexcept>

namespace vanthu::templates {

using namespace PoDoFo;

PdfString pdfText(const std::string& utf8) {
    return PdfString(reinterpret_cast<const pdf_utf8*>(utf8.c_str()));
}

PdfFaces::PdfFaces(PdfDocument& document, const FontSet& fonts)
    : document_(document), fonts_(fonts) {}

PdfFont* PdfFaces::font(FaceStyle style) {
    PdfFont*& font = created_[static_cast<int>(style)];
    if (!font) {
        const bool bold = style == FaceStyle::Bold || style == FaceStyle::BoldItalic;
        const bool italic = style == FaceStyle::Italic || style == FaceStyle::BoldItalic;
        // Identity-H with a subset and a ToUnicode map: copying text out gives the Vietnamese
        // back (podofo-notes.md). The font owns the encoding (auto-delete).
        font = document_.CreateFontSubset(fonts_.family().c_str(), bold, italic, false,
                                          new PdfIdentityEncoding(0, 0xffff, true),
                                          fonts_.path(style).c_str());
        if (!font) {
            throw std::runtime_error("cannot embed the font " + fonts_.path(style));
        }
    }
    return font;
}

void PdfFaces::drawLine(PdfPainter& painter, const PlacedLine& placed, double height, double top) {
    const double baseline = height - (top + placed.baseline);
    if (placed.red) {
        painter.SetColor(0.85, 0, 0);
    }
    for (const auto& segment : placed.line.segments) {
        PdfFont* f = font(segment.face);
        f->SetFontSize(static_cast<float>(segment.size));
        painter.SetFont(f);
        painter.DrawText(placed.x + segment.x, baseline + segment.rise, pdfText(segment.text));
    }
    if (placed.red) {
        painter.SetColor(0, 0, 0);
    }
}

namespace {

void setAppearance(PdfDocument& document, PdfFaces& faces, PdfAnnotation& widget, double width,
                   double height, const std::vector<PlacedLine>& lines) {
    PdfXObject appearance(PdfRect(0, 0, width, height), &document);
    PdfPainter painter;
    painter.SetPage(&appearance);
    for (const auto& line : lines) {
        faces.drawLine(painter, line, height, 0);
    }
    painter.FinishPage();
    widget.SetAppearanceStream(&appearance);
}

} // namespace

PdfAnnotation* PdfFaces::addWidget(PdfPage& page, const PdfRect& rect, const std::string& date) {
    PdfAnnotation* widget = nullptr;
    {
        const std::lock_guard dating(pdf::podofoLock());
        widget = page.CreateAnnotation(ePdfAnnotation_Widget, rect);
    }
    widget->SetFlags(ePdfAnnotationFlags_Print);
    widget->GetObject()->GetDictionary().AddKey("M", PdfString(date));
    return widget;
}

void PdfFaces::addTextField(PdfPage& page, double pageHeight, const TextFieldSlot& slot, double top,
                            const std::string& value, const std::string& date) {
    const double bottom = pageHeight - (top + slot.top + slot.height);
    PdfAcroForm* form = document_.GetAcroForm(ePdfCreateObject, ePdfAcroFormDefaultAppearance_None);
    PdfAnnotation* widget = addWidget(page, PdfRect(slot.x, bottom, slot.width, slot.height), date);
    PdfTextField field(widget, form);
    field.SetFieldName(PdfString(slot.fieldName));
    field.SetReadOnly(true);
    field.SetText(pdfText(value));
    setAppearance(document_, *this, *widget, slot.width, slot.height, slot.lines);
    // PoDoFo adds a default style naming Helvetica; the field's text uses the embedded face,
    // named in /DA and in the form's /DR instead.
    PdfDictionary& dict = widget->GetObject()->GetDictionary();
    dict.RemoveKey("DS");
    if (!slot.lines.empty() && !slot.lines.front().line.segments.empty()) {
        const Segment& first = slot.lines.front().line.segments.front();
        PdfFont* face = font(first.face);
        const std::string resource = "Vn" + std::to_string(static_cast<int>(first.face));
        PdfDictionary& formDict = form->GetObject()->GetDictionary();
        if (!formDict.HasKey("DR")) {
            formDict.AddKey("DR", PdfDictionary());
        }
        PdfDictionary& resources = formDict.GetKey("DR")->GetDictionary();
        if (!resources.HasKey("Font")) {
            resources.AddKey("Font", PdfDictionary());
        }
        resources.GetKey("Font")->GetDictionary().AddKey(resource, face->GetObject()->Reference());
        char da[64];
        std::snprintf(da, sizeof da, "/%s %.0f Tf 0 g", resource.c_str(), first.size);
        dict.AddKey("DA", PdfString(da));
    }
}

void PdfFaces::fillTextField(PdfObject& field, PdfAnnotation& widget, double width, double height,
                             const std::vector<PlacedLine>& lines, const std::string& value) {
    field.GetDictionary().AddKey("V", pdfText(value));
    setAppearance(document_, *this, widget, width, height, lines);
}

} // namespace vanthu::templates
