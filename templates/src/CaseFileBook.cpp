#include "vanthu/templates/CaseFileBook.hpp"

#include <podofo.h>

#include <algorithm>

#include "FontSet.hpp"
#include "LineBreaker.hpp"
#include "PageComposer.hpp"
#include "PdfFaces.hpp"
#include "vanthu/pdf/PodofoLock.hpp"

namespace vanthu::templates {

using namespace PoDoFo;

namespace {

// A4 in points, margins as the documents' own (NĐ 30 Phụ lục I: left 30 mm, others 20 mm).
constexpr double kPageWidth = 595.28, kPageHeight = 841.89;
constexpr double kLeft = 85.0, kRight = 57.0, kTop = 57.0, kBottom = 57.0;
constexpr double kSize = 11.0, kLine = 14.0, kPad = 3.0;

struct Column {
    const char* heading;
    double width;
    Align align;
};
// STT, Số và ký hiệu, Ngày, Trích yếu nội dung, Trang: the index of documents (Phụ lục VI, V.5).
const std::vector<Column>& columns() {
    static const std::vector<Column> all = {
        {"STT", 30, Align::Centre},
        {"Số, ký hiệu", 100, Align::Left},
        {"Ngày", 66, Align::Centre},
        {"Trích yếu nội dung", 215.28, Align::Left}, // the rest of the 453.28 pt between margins
        {"Trang", 42, Align::Centre},
    };
    return all;
}

/// One cell's lines, broken to its column's width.
using Cell = std::vector<Line>;

struct Row {
    std::vector<Cell> cells;
    double height = 0;
    bool heading = false;
};

Row rowOf(const std::vector<std::string>& texts, bool bold, const FontSet& fonts) {
    Row row;
    row.heading = bold;
    std::size_t most = 1;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        LineStyle style;
        style.size = kSize;
        style.align = columns()[i].align;
        row.cells.push_back(
            breakLines(plain(texts[i], bold), style, columns()[i].width - 2 * kPad, fonts));
        most = std::max(most, row.cells.back().size());
    }
    row.height = static_cast<double>(most) * kLine + 2 * kPad;
    return row;
}

/// The documents' rows spread over pages: each page's rows, the table's heading first.
std::vector<std::vector<Row>> paginate(const std::vector<Row>& rows, const Row& heading,
                                       double firstPageTop) {
    std::vector<std::vector<Row>> pages(1, {heading});
    double y = firstPageTop + heading.height;
    for (const auto& row : rows) {
        if (y + row.height > kPageHeight - kBottom && pages.back().size() > 1) {
            pages.push_back({heading});
            y = kTop + heading.height;
        }
        pages.back().push_back(row);
        y += row.height;
    }
    return pages;
}

class IndexPainter {
public:
    IndexPainter(PdfMemDocument& document, const FontSet& fonts)
        : document_(document), fonts_(fonts), faces_(document, fonts) {}

    /// Lines of text centred on the page from `top`; returns the y below them.
    double centred(PdfPainter& painter, const std::string& text, bool bold, double size,
                   double top) {
        LineStyle style;
        style.size = size;
        style.align = Align::Centre;
        const double width = kPageWidth - kLeft - kRight;
        for (const auto& line : breakLines(plain(text, bold), style, width, fonts_)) {
            faces_.drawLine(painter, {kLeft, size * fonts_.ascent(), line}, kPageHeight, top);
            top += size * 1.3;
        }
        return top;
    }

    void rows(PdfPainter& painter, const std::vector<Row>& rows, double top) {
        painter.SetStrokeWidth(0.6);
        const double tableWidth = kPageWidth - kLeft - kRight;
        double y = top;
        for (const auto& row : rows) {
            double x = kLeft;
            for (std::size_t c = 0; c < row.cells.size(); ++c) {
                double lineTop = y + kPad;
                for (const auto& line : row.cells[c]) {
                    faces_.drawLine(painter, {x + kPad, kSize * fonts_.ascent(), line}, kPageHeight,
                                    lineTop);
                    lineTop += kLine;
                }
                x += columns()[c].width;
            }
            painter.DrawLine(kLeft, kPageHeight - y, kLeft + tableWidth, kPageHeight - y);
            y += row.height;
        }
        painter.DrawLine(kLeft, kPageHeight - y, kLeft + tableWidth, kPageHeight - y);
        double x = kLeft;
        for (std::size_t c = 0; c <= columns().size(); ++c) {
            painter.DrawLine(x, kPageHeight - top, x, kPageHeight - y);
            if (c < columns().size()) {
                x += columns()[c].width;
            }
        }
    }

private:
    PdfMemDocument& document_;
    const FontSet& fonts_;
    PdfFaces faces_;
};

std::string toBytes(PdfMemDocument& document) {
    PdfRefCountedBuffer buffer;
    PdfOutputDevice device(&buffer);
    {
        const std::lock_guard writing(pdf::podofoLock());
        document.Write(&device);
    }
    return std::string(buffer.GetBuffer(), device.GetLength());
}

} // namespace

WrittenBook writeCaseFileBook(const CaseFileBook& book) {
    // Each document opened first: its page count decides the index's page numbers.
    std::vector<std::unique_ptr<PdfMemDocument>> sources;
    for (std::size_t i = 0; i < book.documents.size(); ++i) {
        auto source = [] {
            const std::lock_guard making(pdf::podofoLock());
            return std::make_unique<PdfMemDocument>();
        }();
        try {
            const auto& pdf = book.documents[i].pdf;
            source->LoadFromBuffer(pdf.data(), static_cast<long>(pdf.size()));
            if (source->GetPageCount() < 1) {
                throw BookDocumentUnreadable(i, "the PDF has no pages");
            }
        } catch (const PdfError& e) {
            throw BookDocumentUnreadable(i, std::string("the PDF cannot be read: ") +
                                                PdfError::ErrorMessage(e.GetError()));
        }
        // The document's own bookmarks would mix with the book's.
        source->GetCatalog()->GetDictionary().RemoveKey("Outlines");
        sources.push_back(std::move(source));
    }

    const FontSet fonts;
    const double firstTop = kTop + 4 * 18.0 + 14.0 * static_cast<double>(book.fileInfo.size());
    const Row heading =
        rowOf({"STT", "Số, ký hiệu", "Ngày", "Trích yếu nội dung", "Trang"}, true, fonts);
    // Page numbers do not change a row's height (the column fits four digits), so the rows are
    // laid out once with blanks to count the index's pages, then with the numbers.
    auto layout = [&](const std::vector<int>& starts) {
        std::vector<Row> rows;
        for (std::size_t i = 0; i < book.documents.size(); ++i) {
            const auto& d = book.documents[i];
            rows.push_back(rowOf(
                {std::to_string(i + 1), d.number.empty() ? d.notation : d.number + "/" + d.notation,
                 d.date, d.subject, starts.empty() ? "" : std::to_string(starts[i])},
                false, fonts));
        }
        return paginate(rows, heading, firstTop);
    };
    WrittenBook written;
    written.indexPages = static_cast<int>(layout({}).size());
    int next = written.indexPages + 1;
    for (const auto& source : sources) {
        written.startPages.push_back(next);
        next += source->GetPageCount();
    }
    const auto pages = layout(written.startPages);

    std::unique_lock making(pdf::podofoLock());
    PdfMemDocument out;
    making.unlock();
    out.SetPdfVersion(ePdfVersion_1_7);
    IndexPainter index(out, fonts);
    for (std::size_t p = 0; p < pages.size(); ++p) {
        PdfPage* page = out.CreatePage(PdfRect(0, 0, kPageWidth, kPageHeight));
        PdfPainter painter;
        painter.SetPage(page);
        double top = kTop;
        if (p == 0) {
            top = index.centred(painter, book.organName, false, 13, top);
            top = index.centred(painter, book.heading, true, 14, top + 8);
            for (const auto& line : book.fileInfo) {
                top = index.centred(painter, line, false, 11, top);
            }
            top = std::max(top + 10, firstTop);
        }
        index.rows(painter, pages[p], top);
        painter.FinishPage();
    }
    for (const auto& source : sources) {
        out.Append(*source, true);
    }
    // Append merged the sources' AcroForms (their signature fields no longer sign anything here).
    out.GetCatalog()->GetDictionary().RemoveKey("AcroForm");

    PdfOutlineItem* root = out.GetOutlines()->CreateRoot(pdfText(book.title));
    PdfOutlineItem* item = root->CreateChild(pdfText(book.heading), PdfDestination(out.GetPage(0)));
    for (std::size_t i = 0; i < book.documents.size(); ++i) {
        const auto& d = book.documents[i];
        std::string label = std::to_string(i + 1) + ". ";
        label += d.number.empty() ? d.notation : d.number + "/" + d.notation;
        label += " (" + d.date + ") " + d.subject;
        item = item->CreateNext(pdfText(label),
                                PdfDestination(out.GetPage(written.startPages[i] - 1)));
    }
    out.SetPageMode(ePdfPageModeUseBookmarks);
    PdfInfo* info = out.GetInfo();
    info->SetTitle(pdfText(book.title));
    info->SetCreator(pdfText("vanthu"));
    written.pdf = toBytes(out);
    return written;
}

} // namespace vanthu::templates
