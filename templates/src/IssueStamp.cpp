#include "vanthu/templates/IssueStamp.hpp"

#include <cmath>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include <podofo.h>

#include "vanthu/pdf/IncrementalUpdate.hpp"
#include "vanthu/pdf/PdfDocument.hpp"
#include "vanthu/pdf/SignatureFields.hpp"

#include "DocumentLayout.hpp"
#include "FontSet.hpp"
#include "PdfFaces.hpp"
#include "vanthu/pdf/PodofoLock.hpp"

namespace vanthu::templates {

namespace {

const FontSet& sharedFonts() {
    static const FontSet fonts;
    return fonts;
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

/// One field to fill: its object in the file, its size and the lines it shows.
struct FieldFill {
    QPDFObjectHandle field;
    double width = 0;
    double height = 0;
    std::vector<PlacedLine> lines;
};

/// The fields' appearances drawn by PoDoFo in a scratch document (the fonts subset once for
/// both); returns its bytes and the XObjects' object numbers in the order of fills.
std::pair<std::string, std::vector<PoDoFo::PdfReference>>
drawAppearances(const std::vector<FieldFill>& fills, const FontSet& fonts) {
    using namespace PoDoFo;
    PdfError::EnableDebug(false);
    PdfError::EnableLogging(false);
    const std::lock_guard podofo(pdf::podofoLock()); // a scratch document: made, drawn, written
    PdfMemDocument scratch;
    PdfFaces faces(scratch, fonts);
    std::vector<PdfReference> refs;
    for (const auto& fill : fills) {
        PdfXObject appearance(PdfRect(0, 0, fill.width, fill.height), &scratch);
        PdfPainter painter;
        painter.SetPage(&appearance);
        for (const auto& line : fill.lines) {
            faces.drawLine(painter, line, fill.height, 0);
        }
        painter.FinishPage();
        refs.push_back(appearance.GetObject()->Reference());
    }
    PdfRefCountedBuffer buffer;
    PdfOutputDevice device(&buffer);
    scratch.Write(&device);
    return {std::string(buffer.GetBuffer(), device.GetLength()), refs};
}

std::optional<double> number(QPDFObjectHandle value) {
    return value.isNumber() ? std::optional<double>(value.getNumericValue()) : std::nullopt;
}

} // namespace

std::string stampIssueDetails(std::string_view pdf, const OfficialDocument& issued) {
    if (issued.isDraft()) {
        throw std::invalid_argument("issuing needs the document's number and full date");
    }
    const FontSet& fonts = sharedFonts();
    try {
        const pdf::PdfDocument document = pdf::PdfDocument::open(pdf, {}, "PDF to issue");
        // The fields found by the one AcroForm walker of pdf/; only /V and the widget's /AP
        // change, in a new revision (the form fill-in a signature permits, ISO 32000-2
        // 12.8.2.2): no /Info, /DA or /DR is touched.
        std::vector<FieldFill> fills;
        std::vector<std::string> values;
        for (const auto& field : pdf::formFields(document)) {
            if (field.name != kNumberField && field.name != kPlaceDateField) {
                continue;
            }
            FieldFill fill;
            fill.field = document.qpdf().getObject(field.field.num, field.field.gen);
            QPDFObjectHandle rect = fill.field.getKey("/Rect");
            if (!field.field.indirect() || !fill.field.hasKey("/P") || !rect.isArray() ||
                rect.getArrayNItems() != 4 || !number(rect.getArrayItem(0)) ||
                !number(rect.getArrayItem(1)) || !number(rect.getArrayItem(2)) ||
                !number(rect.getArrayItem(3))) {
                throw std::runtime_error("a number or date field is not on a page of the document");
            }
            fill.width = std::abs(*number(rect.getArrayItem(2)) - *number(rect.getArrayItem(0)));
            fill.height = std::abs(*number(rect.getArrayItem(3)) - *number(rect.getArrayItem(1)));
            fill.lines = issueFieldLines(issued, field.name, fill.width, fonts);
            values.push_back(textOf(fill.lines));
            fills.push_back(std::move(fill));
        }
        if (fills.empty()) {
            throw std::runtime_error(
                "the PDF has no number and date fields: it is not a vanthu draft");
        }
        if (fills.size() != 2) {
            throw std::runtime_error(
                "the PDF lacks its number or date field: it is not a vanthu draft");
        }
        const auto [scratchBytes, refs] = drawAppearances(fills, fonts);
        const pdf::PdfDocument scratch = pdf::PdfDocument::open(scratchBytes, {}, "appearance");
        std::vector<QPDFObjectHandle> roots;
        for (const auto& ref : refs) {
            roots.push_back(scratch.qpdf().getObject(static_cast<int>(ref.ObjectNumber()),
                                                     ref.GenerationNumber()));
        }
        pdf::IncrementalUpdate update(document);
        const auto appearances = pdf::importObjects(update, roots);
        for (std::size_t i = 0; i < fills.size(); ++i) {
            QPDFObjectHandle dict = update.current(fills[i].field);
            dict.replaceKey("/V", QPDFObjectHandle::newUnicodeString(values[i]));
            QPDFObjectHandle ap = QPDFObjectHandle::newDictionary();
            ap.replaceKey("/N", appearances[i]);
            dict.replaceKey("/AP", ap);
            update.put(fills[i].field, dict);
        }
        return update.finish();
    } catch (const pdf::PdfError& e) {
        throw std::runtime_error(std::string("cannot read the PDF to issue: ") + e.what());
    } catch (const PoDoFo::PdfError& e) {
        throw std::runtime_error(std::string("cannot draw the number and date: ") +
                                 PoDoFo::PdfError::ErrorMessage(e.GetError()));
    }
}

} // namespace vanthu::templates
