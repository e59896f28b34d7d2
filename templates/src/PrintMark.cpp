#include "vanthu/templates/PrintMark.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>
#include <vector>

#include <podofo.h>
#include <qpdf/QPDFPageObjectHelper.hh>

#include "vanthu/pdf/IncrementalUpdate.hpp"
#include "vanthu/pdf/PdfDocument.hpp"

#include "FontSet.hpp"
#include "PdfFaces.hpp"
#include "vanthu/pdf/PodofoLock.hpp"

namespace vanthu::templates {

namespace {

constexpr double kMarkSize = 8;       ///< points
constexpr double kMinMarkSize = 4.5;  ///< a long office name shrinks the line down to this
constexpr double kSideMargin = 28.35; ///< 10 mm from the page's left and right edges
constexpr double kFootMargin = 8.5;   ///< 3 mm above the bottom edge
constexpr const char* kMarkName = "/VanthuPrintMark";

const FontSet& sharedFonts() {
    static const FontSet fonts;
    return fonts;
}

struct Box {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

Box mediaBox(QPDFObjectHandle page) { // NOLINT(performance-unnecessary-value-param)
    QPDFObjectHandle box = QPDFPageObjectHelper(page).getMediaBox();
    if (!box.isArray() || box.getArrayNItems() != 4) {
        throw std::runtime_error("a page has no MediaBox");
    }
    double v[4];
    for (int i = 0; i < 4; ++i) {
        auto item = box.getArrayItem(i);
        if (!item.isNumber()) {
            throw std::runtime_error("a page's MediaBox is not four numbers");
        }
        v[i] = item.getNumericValue();
    }
    return {std::min(v[0], v[2]), std::min(v[1], v[3]), std::max(v[0], v[2]), std::max(v[1], v[3])};
}

/// The mark as a form XObject drawn by PoDoFo in a scratch document; its bytes and reference.
std::pair<std::string, PoDoFo::PdfReference> drawMark(const std::string& text, double size,
                                                      double width, const FontSet& fonts) {
    using namespace PoDoFo;
    PdfError::EnableDebug(false);
    PdfError::EnableLogging(false);
    const std::lock_guard podofo(pdf::podofoLock()); // a scratch document: made, drawn, written
    PdfMemDocument scratch;
    PdfFaces faces(scratch, fonts);
    const double height = size * 1.25;
    PdfXObject mark(PdfRect(0, 0, width, height), &scratch);
    PdfPainter painter;
    painter.SetPage(&mark);
    PlacedLine line;
    line.baseline = size * fonts.ascent();
    line.line.segments.push_back(Segment{text, FaceStyle::Regular, size, 0, 0});
    line.line.width = width;
    faces.drawLine(painter, line, height, 0);
    painter.FinishPage();
    const PdfReference ref = mark.GetObject()->Reference();
    PdfRefCountedBuffer buffer;
    PdfOutputDevice device(&buffer);
    scratch.Write(&device);
    return {std::string(buffer.GetBuffer(), device.GetLength()), ref};
}

/// A direct dictionary to change: a copy of `value` (the update's current one when indirect),
/// or a new one when value is not a dictionary.
QPDFObjectHandle editable(pdf::IncrementalUpdate& update, QPDFObjectHandle value) {
    if (value.isIndirect() && value.isDictionary()) {
        return update.current(value);
    }
    if (value.isDictionary()) {
        return value.shallowCopy();
    }
    return QPDFObjectHandle::newDictionary();
}

std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", value);
    return text;
}

} // namespace

std::string printMarkLine(const PrintMark& mark) {
    std::string line = "Bản in từ hệ thống vanthu";
    for (const auto* part : {&mark.office, &mark.person, &mark.time}) {
        if (!part->empty()) {
            line += " – " + *part;
        }
    }
    return line;
}

std::string markPrintedCopy(std::string_view pdf, const PrintMark& mark) {
    const FontSet& fonts = sharedFonts();
    const std::string text = printMarkLine(mark);
    try {
        const pdf::PdfDocument document = pdf::PdfDocument::open(pdf, {}, "PDF to print");
        std::vector<QPDFObjectHandle> pages = document.qpdf().getAllPages();
        if (pages.empty()) {
            throw std::runtime_error("the PDF has no page");
        }
        std::vector<Box> boxes;
        double narrowest = 1e9;
        for (auto& page : pages) {
            boxes.push_back(mediaBox(page));
            narrowest = std::min(narrowest, boxes.back().x1 - boxes.back().x0);
        }
        const double room = std::max(72.0, narrowest - 2 * kSideMargin);
        const double natural = fonts.width(text, FaceStyle::Regular, kMarkSize);
        const double size = std::max(kMinMarkSize, std::min(kMarkSize, kMarkSize * room / natural));
        const double width = fonts.width(text, FaceStyle::Regular, size) + 1;

        const auto [scratchBytes, ref] = drawMark(text, size, width, fonts);
        const pdf::PdfDocument scratch = pdf::PdfDocument::open(scratchBytes, {}, "print mark");
        pdf::IncrementalUpdate update(document);
        const QPDFObjectHandle markObject =
            pdf::importObjects(update,
                               {scratch.qpdf().getObject(static_cast<int>(ref.ObjectNumber()),
                                                         ref.GenerationNumber())})
                .front();
        // "q" before the page's own content and "Q" after it, so that whatever state the page
        // leaves, the mark is drawn in the page's default coordinates.
        const QPDFObjectHandle save = update.allocate();
        update.putStream(save, QPDFObjectHandle::newDictionary(), "q\n");
        for (std::size_t i = 0; i < pages.size(); ++i) {
            QPDFObjectHandle page = update.current(pages[i]);
            QPDFObjectHandle resources =
                editable(update, QPDFPageObjectHelper(pages[i]).getAttribute("/Resources", false));
            QPDFObjectHandle xobjects = editable(update, resources.getKey("/XObject"));
            xobjects.replaceKey(kMarkName, markObject);
            resources.replaceKey("/XObject", xobjects);
            page.replaceKey("/Resources", resources);

            const QPDFObjectHandle draw = update.allocate();
            update.putStream(draw, QPDFObjectHandle::newDictionary(),
                             "Q\nq 1 0 0 1 " + number(boxes[i].x0 + kSideMargin) + " " +
                                 number(boxes[i].y0 + kFootMargin) + " cm " + kMarkName +
                                 " Do Q\n");
            QPDFObjectHandle contents = QPDFObjectHandle::newArray();
            contents.appendItem(save);
            QPDFObjectHandle old = page.getKey("/Contents");
            if (old.isArray()) {
                for (int k = 0; k < old.getArrayNItems(); ++k) {
                    contents.appendItem(old.getArrayItem(k));
                }
            } else if (old.isStream()) {
                contents.appendItem(old);
            }
            contents.appendItem(draw);
            page.replaceKey("/Contents", contents);
            update.put(pages[i], page);
        }
        return update.finish();
    } catch (const pdf::PdfError& e) {
        throw std::runtime_error(std::string("cannot read the PDF to print: ") + e.what());
    } catch (const PoDoFo::PdfError& e) {
        throw std::runtime_error(std::string("cannot draw the print mark: ") +
                                 PoDoFo::PdfError::ErrorMessage(e.GetError()));
    }
}

} // namespace vanthu::templates
