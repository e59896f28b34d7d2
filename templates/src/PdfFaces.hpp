#pragma once
// The document's fonts as PoDoFo subset fonts (Identity-H, ToUnicode), created on first use,
// and the drawing of laid-out lines and form-field appearances with them. Shared by the
// renderer and by IssueStamp, which adds a revision to an existing PDF.
#include <array>
#include <string>

#include <podofo.h>

#include "FontSet.hpp"
#include "PageComposer.hpp"

namespace vanthu::templates {

/// A UTF-8 string as a PDF text string.
PoDoFo::PdfString pdfText(const std::string& utf8);

class PdfFaces {
public:
    PdfFaces(PoDoFo::PdfDocument& document, const FontSet& fonts);

    PoDoFo::PdfFont* font(FaceStyle style);

    /// Draws a line whose baseline is `top + line.baseline` below the top of a canvas `height`
    /// points tall.
    void drawLine(PoDoFo::PdfPainter& painter, const PlacedLine& line, double height, double top);

    /// A printed widget annotation on `page` over `rect`, its /M the document's `date` (so the
    /// output is reproducible). PoDoFo stamps a new annotation with PdfDate(), which reads
    /// localtime's shared buffer: the annotation is made under pdf::podofoLock().
    static PoDoFo::PdfAnnotation* addWidget(PoDoFo::PdfPage& page, const PoDoFo::PdfRect& rect,
                                            const std::string& date);

    /// A read-only text field on `page` at the slot (x, and `top` from the page's top edge)
    /// whose value is `value` and whose appearance draws the slot's lines.
    void addTextField(PoDoFo::PdfPage& page, double pageHeight, const TextFieldSlot& slot,
                      double top, const std::string& value, const std::string& date);

    /// Replaces an existing text field's value and appearance.
    void fillTextField(PoDoFo::PdfObject& field, PoDoFo::PdfAnnotation& widget, double width,
                       double height, const std::vector<PlacedLine>& lines,
                       const std::string& value);

private:
    PoDoFo::PdfDocument& document_;
    const FontSet& fonts_;
    std::array<PoDoFo::PdfFont*, 4> created_{};
};

} // namespace vanthu::templates
