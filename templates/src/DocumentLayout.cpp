#include "DocumentLayout.hpp"

#include <algorithm>

#include "vanthu/templates/IssueStamp.hpp"
#include "vanthu/templates/PdfRenderer.hpp"
#include "vanthu/templates/Unicode.hpp"

namespace vanthu::templates {
namespace {

/// Sizes (pt) of each element; State from NĐ 30 Phụ lục I, Party from HD 36.
struct Typography {
    double parentBody, issuingBody, nationalTitle, motto, number, placeDate, letterSubject;
    bool letterSubjectItalic;
    double typeName, subject, body, recipients, distributionLabel, distributionItem, authority,
        signerName, footnote, mark;
};

constexpr Typography kState{13, 13, 12, 13, 13, 14, 12, false, 14,
                            14, 14, 14, 12, 11, 14, 14, 11,    13};
constexpr Typography kParty{14, 14, 15, 0,  14, 14, 12, true, 16,
                            14, 14, 14, 14, 12, 14, 14, 11,   13};

constexpr double kLineFactor = 1.2;       ///< body line spacing: between single and 1.5
constexpr double kHeaderLineFactor = 1.1; ///< header lines sit close together
constexpr double kParagraphSpace = 6;     ///< ≥ 6 pt between paragraphs
const double kFirstIndent = mm(12.7);     ///< 1.27 cm first-line indent
constexpr double kSignatureSpace = 80;    ///< room for the signature image between title and name

/// Stacks lines downwards in a column of an item.
class Column {
public:
    Column(FlowItem& item, double x, double width, const FontSet& fonts, double top = 0)
        : item_(item), x_(x), width_(width), fonts_(fonts), cursor_(top) {}

    /// Adds wrapped lines; returns the width of the widest line.
    double text(const std::vector<TextRun>& runs, const LineStyle& style,
                double lineFactor = kHeaderLineFactor, bool red = false) {
        double widest = 0;
        const double lineHeight = style.size * lineFactor;
        const double halfLeading =
            (lineHeight - style.size * (fonts_.ascent() + fonts_.descent())) / 2;
        for (auto& line : breakLines(runs, style, width_, fonts_)) {
            widest = std::max(widest, lineWidth(line));
            item_.lines.push_back(
                {x_, cursor_ + halfLeading + style.size * fonts_.ascent(), std::move(line), red});
            cursor_ += lineHeight;
        }
        return widest;
    }

    /// A text field (filled in later) in place of lines on the page.
    void field(const std::string& name, std::vector<PlacedLine> lines, double height) {
        item_.textFields.push_back({name, x_, cursor_, width_, height, std::move(lines)});
        cursor_ += height;
    }

    /// A centred rule of `length` under the last line, `gap` below its line box (clear of the
    /// marks under letters such as "Ệ").
    void rule(double length, double gap = 3) {
        const double y = cursor_ + gap;
        const double x = x_ + (width_ - length) / 2;
        item_.rules.push_back({x, y, x + length, y, 0.6});
        cursor_ = y + 2;
    }

    void space(double points) { cursor_ += points; }
    double cursor() const { return cursor_; }
    void moveTo(double cursor) { cursor_ = cursor; }
    double x() const { return x_; }
    double width() const { return width_; }

private:
    static double lineWidth(const Line& line) {
        return line.segments.empty() ? 0 : line.width - line.segments.front().x;
    }

    FlowItem& item_;
    double x_, width_;
    const FontSet& fonts_;
    double cursor_;
};

LineStyle centred(double size) {
    return {size, Align::Centre, 0, 0, 0};
}

/// A name of a header or signer block, broken by breakName into balanced lines.
std::vector<TextRun> nameLines(const std::string& name, bool bold, double size, double width,
                               const FontSet& fonts) {
    std::string text;
    for (const auto& line :
         breakName(name, bold ? FaceStyle::Bold : FaceStyle::Regular, size, width, fonts)) {
        text += (text.empty() ? "" : "\n") + line;
    }
    return plain(text, bold);
}

/// Appends the punctuation the rules give a list entry (State ";", Party ","; the last "."),
/// unless the entry already ends in punctuation as written.
std::string listEntry(const std::string& text, bool last, DocumentSystem system) {
    if (!text.empty() && (text.back() == ';' || text.back() == ',' || text.back() == '.')) {
        return text;
    }
    return text + (last ? "." : (system == DocumentSystem::State ? ";" : ","));
}

class DocumentLayouter {
public:
    DocumentLayouter(const OfficialDocument& doc, const FontSet& fonts, const RenderBudget& budget)
        : doc_(doc), fonts_(fonts), budget_(budget),
          type_(doc.system == DocumentSystem::State ? kState : kParty) {
        layout_.page.top = mm(20);
        layout_.page.bottom = mm(20);
        layout_.page.left = mm(30);
        layout_.page.right = mm(15);
        layout_.pageNumberSize = 13;
    }

    DocumentLayout run() {
        header();
        titleBlock();
        recipients();
        body(doc_.body);
        closing();
        for (const auto& appendix : doc_.appendices) {
            appendixPages(appendix);
        }
        contactFooter();
        return std::move(layout_);
    }

private:
    double left() const { return layout_.page.left; }
    double width() const { return layout_.page.contentWidth(); }
    bool state() const { return doc_.system == DocumentSystem::State; }

    std::string nationalTitle() const {
        return state() ? "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" : "ĐẢNG CỘNG SẢN VIỆT NAM";
    }

    std::string placeAndDate() const { return doc_.place + ", " + doc_.date.written(); }

    double rightColumnWidth() const {
        double w = fonts_.width(nationalTitle(), FaceStyle::Bold, type_.nationalTitle);
        if (state()) {
            w = std::max(w,
                         fonts_.width("Độc lập - Tự do - Hạnh phúc", FaceStyle::Bold, type_.motto));
        }
        w = std::max(w, fonts_.width(placeAndDate(), FaceStyle::Italic, type_.placeDate));
        return std::min(w + 12, width() * 0.62);
    }

    void header() {
        FlowItem item;
        const double rightWidth = rightColumnWidth();
        const double leftWidth = width() - rightWidth;
        Column leftCol(item, left(), leftWidth, fonts_);
        Column rightCol(item, left() + leftWidth, rightWidth, fonts_);

        // Left: parent body, issuing body, and the rule (State) or star (Party) under it.
        if (!doc_.parentBody.empty()) {
            leftCol.text(nameLines(toUpper(doc_.parentBody), false, type_.parentBody,
                                   leftCol.width(), fonts_),
                         centred(type_.parentBody));
        }
        const double issuerWidth = leftCol.text(
            nameLines(toUpper(doc_.issuingBody), true, type_.issuingBody, leftCol.width(), fonts_),
            centred(type_.issuingBody));
        if (state()) {
            leftCol.rule(issuerWidth * 0.4);
        } else {
            leftCol.text(plain("*"), centred(type_.issuingBody));
        }

        // Right: national title and motto with the rule under it as long as it.
        const double titleWidth =
            rightCol.text(plain(nationalTitle(), true), centred(type_.nationalTitle));
        if (state()) {
            const double mottoWidth =
                rightCol.text(plain("Độc lập - Tự do - Hạnh phúc", true), centred(type_.motto));
            rightCol.rule(mottoWidth);
        } else {
            rightCol.rule(titleWidth);
        }

        // Number and place-date share a baseline.
        const double row = std::max(leftCol.cursor(), rightCol.cursor()) + 8;
        leftCol.moveTo(row);
        rightCol.moveTo(row);
        // A draft's number and date are form fields the clerk's issuing fills in (IssueStamp).
        if (doc_.isDraft()) {
            for (auto* col : {&leftCol, &rightCol}) {
                const char* name = col == &leftCol ? kNumberField : kPlaceDateField;
                double height = 0;
                auto lines = issueFieldLines(doc_, name, col->width(), fonts_, &height);
                col->field(name, std::move(lines), height);
            }
        } else {
            leftCol.text(plain(doc_.notation.line(doc_.system)), centred(type_.number));
            rightCol.text(plain(placeAndDate(), false, true), centred(type_.placeDate));
        }

        if (doc_.type.isLetter) {
            leftCol.space(state() ? 6 : 4);
            const std::string subject = (doc_.subjectWithVv ? "V/v " : "") + doc_.subject;
            leftCol.text(plain(subject, false, type_.letterSubjectItalic),
                         centred(type_.letterSubject));
        }
        marks(item, leftCol, rightCol);
        item.height = std::max(leftCol.cursor(), rightCol.cursor());
        layout_.flow.push_back(std::move(item));
    }

    /// Secrecy stamp and urgency frame under the number (left); circulation under the date.
    void marks(FlowItem& item, Column& leftCol, Column& rightCol) {
        auto framed = [&](Column& col, const std::string& text, double minWidth, bool red) {
            col.space(8);
            const double textWidth = fonts_.width(text, FaceStyle::Bold, type_.mark);
            const double boxWidth = std::max(minWidth, textWidth + 10);
            const double boxHeight = mm(8);
            const double x = col.x() + (col.width() - boxWidth) / 2;
            item.frames.push_back({x, col.cursor(), boxWidth, boxHeight, red});
            Column inside(item, x, boxWidth, fonts_,
                          col.cursor() + (boxHeight - type_.mark * kHeaderLineFactor) / 2);
            inside.text(plain(text, true), centred(type_.mark), kHeaderLineFactor, red);
            col.space(boxHeight);
        };
        if (doc_.secrecy != Secrecy::None) {
            framed(leftCol, secrecyMark(doc_.secrecy), mm(20), true);
        }
        switch (doc_.urgency) {
        case Urgency::Normal:
            break;
        case Urgency::Khan:
            framed(leftCol, urgencyMark(doc_.urgency), mm(20), true);
            break;
        case Urgency::ThuongKhan:
            framed(leftCol, urgencyMark(doc_.urgency), mm(40), true);
            break;
        case Urgency::HoaToc:
            framed(leftCol, urgencyMark(doc_.urgency), mm(30), true);
            break;
        }
        if (doc_.circulation != Circulation::None) {
            framed(rightCol, circulationMark(doc_.circulation), mm(40), false);
        }
    }

    /// Type name and subject, centred, with a short rule: not for a công văn.
    void titleBlock() {
        if (doc_.type.isLetter) {
            return;
        }
        FlowItem item;
        item.spaceBefore = 14;
        item.keepWithNext = true;
        Column col(item, left(), width(), fonts_);
        col.text(plain(toUpper(doc_.type.name), true), centred(type_.typeName));
        double subjectWidth = 0;
        if (!doc_.subject.empty()) {
            const double subjectMeasure = width() * 0.85;
            Column narrow(item, left() + (width() - subjectMeasure) / 2, subjectMeasure, fonts_,
                          col.cursor());
            subjectWidth = narrow.text(plain(doc_.subject, true), centred(type_.subject));
            col.moveTo(narrow.cursor());
        }
        col.rule(std::max(subjectWidth,
                          fonts_.width(toUpper(doc_.type.name), FaceStyle::Bold, type_.typeName)) /
                 3);
        item.height = col.cursor();
        layout_.flow.push_back(std::move(item));
    }

    /// Kính gửi: one recipient on one line; several as a list hanging after the colon.
    /// Each entry is an item of its own, so a long list runs across a page break; the first
    /// two entries stay together, and the last two with the body's first lines.
    void recipients() {
        if (doc_.recipients.empty()) {
            return;
        }
        const double size = type_.recipients;
        const std::string lead = "Kính gửi: ";
        const double leadWidth = fonts_.width(lead, FaceStyle::Regular, size);
        std::vector<std::string> entries;
        for (size_t i = 0; i < doc_.recipients.size(); ++i) {
            const bool last = i + 1 == doc_.recipients.size();
            entries.push_back(doc_.recipients.size() == 1
                                  ? listEntry(doc_.recipients[i], true, doc_.system)
                                  : "- " + listEntry(doc_.recipients[i], last, doc_.system));
        }
        double widest = 0;
        for (const auto& e : entries) {
            widest = std::max(widest, fonts_.width(e, FaceStyle::Regular, size));
        }
        // The block is centred on the page, its entries aligned after "Kính gửi: ".
        const double blockWidth = std::min(width(), leadWidth + widest);
        const double x = left() + std::max(mm(10), (width() - blockWidth) / 2);
        const double listWidth = left() + width() - x - leadWidth;
        for (size_t i = 0; i < entries.size(); ++i) {
            FlowItem item;
            item.spaceBefore = i == 0 ? 12 : 0;
            item.keepWithNext = i == 0 || i + 2 >= entries.size();
            if (i == 0) {
                Column leadCol(item, x, leadWidth + 1, fonts_);
                leadCol.text(plain(lead), {size, Align::Left}, kLineFactor);
            }
            Column list(item, x + leadWidth, listWidth, fonts_);
            const double dash =
                entries[i].rfind("- ", 0) == 0 ? fonts_.width("- ", FaceStyle::Regular, size) : 0;
            list.text(plain(entries[i]), {size, Align::Left, 0, 0, dash}, kLineFactor);
            item.height = list.cursor();
            layout_.flow.push_back(std::move(item));
        }
    }

    static LineStyle blockStyle(const Block& block, double size) {
        switch (block.kind) {
        case BlockKind::TypeLine:
        case BlockKind::Part:
        case BlockKind::Chapter:
        case BlockKind::Section:
            return {size, Align::Centre, 0, 0, 0};
        default:
            return {size, Align::Justify, kFirstIndent, 0, 0};
        }
    }

    /// Headings keep with what follows; an article is one only with a title ("Điều 1. Tên").
    static bool isHeading(const Block& block) {
        return block.kind == BlockKind::Part || block.kind == BlockKind::Chapter ||
               block.kind == BlockKind::Section || block.kind == BlockKind::TypeLine ||
               (block.kind == BlockKind::Article && block.titled);
    }

    /// One flow item per line, so pages break between lines; a paragraph keeps at least two
    /// lines on each side of a break (no widow, no orphan).
    void addLines(const std::vector<TextRun>& runs, const LineStyle& style, double spaceBefore,
                  bool keepWithNext) {
        const double lineHeight = style.size * kLineFactor;
        const double halfLeading =
            (lineHeight - style.size * (fonts_.ascent() + fonts_.descent())) / 2;
        auto lines = breakLines(runs, style, width(), fonts_);
        for (size_t i = 0; i < lines.size(); ++i) {
            FlowItem item;
            item.height = lineHeight;
            item.spaceBefore = i == 0 ? spaceBefore : 0;
            item.keepWithNext =
                keepWithNext || (i == 0 && lines.size() > 1) || (i + 2 == lines.size());
            for (const auto& segment : lines[i].segments) {
                if (segment.rise > 0) {
                    item.footnotes.push_back(std::stoi(segment.text));
                }
            }
            item.lines.push_back(
                {left(), halfLeading + style.size * fonts_.ascent(), std::move(lines[i]), false});
            layout_.flow.push_back(std::move(item));
        }
    }

    void body(const Body& body) {
        const double size = type_.body;
        for (size_t i = 0; i < body.blocks.size(); ++i) {
            budget_.check();
            const Block& block = body.blocks[i];
            const bool heading = isHeading(block);
            const bool legalBasisRun = block.kind == BlockKind::LegalBasis && i > 0 &&
                                       body.blocks[i - 1].kind == BlockKind::LegalBasis;
            const double before =
                legalBasisRun ? 0
                              : (heading || block.kind == BlockKind::Article ? 2 * kParagraphSpace
                                                                             : kParagraphSpace);
            addLines(block.runs, blockStyle(block, size), before, heading);
            if (!block.heading.empty()) {
                addLines(plain(toUpper(block.heading), true), centred(size), 0, true);
            }
        }
        for (const auto& note : body.footnotes) {
            footnoteItem(note);
        }
    }

    void footnoteItem(const Footnote& note) {
        FlowItem item;
        Column col(item, left(), width(), fonts_);
        std::vector<TextRun> runs{{std::to_string(note.number), false, false, true}};
        runs.push_back({" ", false, false, false});
        runs.insert(runs.end(), note.runs.begin(), note.runs.end());
        col.text(runs, {type_.footnote, Align::Justify, kFirstIndent / 2}, 1.15);
        item.height = col.cursor() + 2;
        layout_.footnoteHeights[note.number] = item.height;
        layout_.footnotes[note.number] = std::move(item);
        layout_.footnoteSeparator = 10;
    }

    /// Nơi nhận (left) beside the authority, title, signature space and name (right). The
    /// signer block is one item held together with the last two lines of the body; the entries
    /// of Nơi nhận that reach below it are items of their own, so a long list runs on.
    void closing() {
        for (size_t back = 1; back <= 2 && back <= layout_.flow.size(); ++back) {
            layout_.flow[layout_.flow.size() - back].keepWithNext = true;
        }
        FlowItem item;
        item.spaceBefore = 12;
        const double leftWidth = width() * 0.45;
        Column signer(item, left() + leftWidth, width() - leftWidth, fonts_);
        Column recipients(item, left(), leftWidth - 6, fonts_);

        const std::string prefix = authorityPrefix(doc_.signer.authority, doc_.system);
        if (!prefix.empty()) {
            signer.text(nameLines(prefix + " " + toUpper(doc_.signer.authorityOf), true,
                                  type_.authority, signer.width(), fonts_),
                        centred(type_.authority));
        }
        signer.text(
            nameLines(toUpper(doc_.signer.title), true, type_.authority, signer.width(), fonts_),
            centred(type_.authority));
        const double signatureTop = signer.cursor() + 4;
        signer.space(kSignatureSpace);
        signer.text(plain(doc_.signer.name, true), centred(type_.signerName));

        const double signerWidth = 140;
        const double signerX = signer.x() + (signer.width() - signerWidth) / 2;
        item.slots.push_back(
            {kSignerField, signerX, signatureTop, signerWidth, kSignatureSpace - 8});
        // The seal at real size (36 mm) over about the left third of the signer's image.
        const double seal = mm(36);
        item.slots.push_back({kSealField, signerX + signerWidth / 3 - seal,
                              signatureTop + (kSignatureSpace - 8 - seal) / 2, seal, seal});

        recipients.text(plain("Nơi nhận:", true, state()), {type_.distributionLabel, Align::Left},
                        kHeaderLineFactor);
        const double dash = fonts_.width("- ", FaceStyle::Regular, type_.distributionItem);
        const LineStyle entryStyle{type_.distributionItem, Align::Left, 0, 0, dash};
        std::vector<FlowItem> runOn; // the entries below the signer block
        for (size_t i = 0; i < doc_.distribution.size(); ++i) {
            const bool last = i + 1 == doc_.distribution.size();
            const auto entry = plain("- " + listEntry(doc_.distribution[i], last, doc_.system));
            if (runOn.empty()) {
                FlowItem probe;
                Column measure(probe, left(), leftWidth - 6, fonts_, recipients.cursor());
                measure.text(entry, entryStyle, kHeaderLineFactor);
                if (measure.cursor() <= signer.cursor() + 0.01) {
                    recipients.text(entry, entryStyle, kHeaderLineFactor);
                    continue;
                }
            }
            FlowItem line;
            Column col(line, left(), leftWidth - 6, fonts_);
            col.text(entry, entryStyle, kHeaderLineFactor);
            line.height = col.cursor();
            runOn.push_back(std::move(line));
        }
        if (!doc_.typistAndCopies.empty()) {
            FlowItem line;
            Column col(line, left(), leftWidth - 6, fonts_);
            col.space(4);
            col.text(plain(doc_.typistAndCopies), {type_.distributionItem, Align::Left});
            line.height = col.cursor();
            if (runOn.empty() && recipients.cursor() + line.height <= signer.cursor() + 0.01) {
                recipients.space(4);
                recipients.text(plain(doc_.typistAndCopies), {type_.distributionItem, Align::Left});
            } else {
                runOn.push_back(std::move(line));
            }
        }
        item.height = std::max(signer.cursor(), recipients.cursor());
        layout_.flow.push_back(std::move(item));
        for (auto& line : runOn) {
            layout_.flow.push_back(std::move(line));
        }
    }

    void appendixPages(const Appendix& appendix) {
        FlowItem item;
        item.startsNewPage = true;
        item.restartsNumbering = true;
        item.keepWithNext = true;
        Column col(item, left(), width(), fonts_);
        col.text(plain(appendix.label, true), centred(type_.body));
        if (!appendix.title.empty()) {
            col.text(plain(toUpper(appendix.title), true), centred(type_.body));
        }
        col.rule(width() / 4, 4);
        item.height = col.cursor() + 4;
        layout_.flow.push_back(std::move(item));
        body(appendix.body);
    }

    void contactFooter() {
        if (doc_.contact.empty()) {
            return;
        }
        FlowItem item;
        Column col(item, left(), width(), fonts_);
        item.rules.push_back({left(), 0, left() + width(), 0, 0.6});
        col.space(3);
        col.text(plain(doc_.contact), {11, Align::Left});
        item.height = col.cursor();
        layout_.firstPageFooter = std::move(item);
    }

    const OfficialDocument& doc_;
    const FontSet& fonts_;
    const RenderBudget& budget_;
    const Typography& type_;
    DocumentLayout layout_;
};

} // namespace

std::vector<PlacedLine> issueFieldLines(const OfficialDocument& document,
                                        const std::string& fieldName, double width,
                                        const FontSet& fonts, double* height) {
    const Typography& type = document.system == DocumentSystem::State ? kState : kParty;
    FlowItem scratch;
    Column col(scratch, 0, width, fonts);
    // A draft leaves room for the number and the day: its spaces keep their width.
    LineStyle style = centred(fieldName == kNumberField ? type.number : type.placeDate);
    style.keepSpaces = true;
    if (fieldName == kNumberField) {
        col.text(plain(document.notation.line(document.system)), style);
    } else {
        col.text(plain(document.place + ", " + document.date.written(), false, true), style);
    }
    if (height) {
        *height = col.cursor();
    }
    return scratch.lines;
}

DocumentLayout layoutDocument(const OfficialDocument& document, const FontSet& fonts,
                              const RenderBudget& budget) {
    return DocumentLayouter(document, fonts, budget).run();
}

} // namespace vanthu::templates
