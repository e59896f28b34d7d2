#pragma once
// The vertical flow of a document and its pagination: items (a line, a header, the signer
// block) with heights, spacing and keep-with-next, footnotes reserved at the foot of the page
// that cites them, and page numbers that restart for each appendix.
#include <map>
#include <string>
#include <vector>

#include "LineBreaker.hpp"

namespace vanthu::templates {

/// A line at an absolute page x, its baseline measured down from the top of its item.
struct PlacedLine {
    double x = 0;
    double baseline = 0;
    Line line;
    bool red = false;
};

/// A straight rule, offsets measured down from the top of its item.
struct Rule {
    double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
    double width = 0.6;
};

/// A framed box (urgency and secrecy marks).
struct Frame {
    double x = 0, top = 0, width = 0, height = 0;
    bool red = false;
};

/// Where a signature belongs, measured down from the top of its item.
struct SignatureSlot {
    std::string fieldName;
    double x = 0, top = 0, width = 0, height = 0;
};

/// A read-only text field whose appearance shows `lines` (x and baselines relative to the
/// field's own top-left corner): the number and date of a draft, filled in at issue.
struct TextFieldSlot {
    std::string fieldName;
    double x = 0, top = 0, width = 0, height = 0;
    std::vector<PlacedLine> lines;
};

struct FlowItem {
    double height = 0;
    double spaceBefore = 0;    ///< dropped at the top of a page
    bool keepWithNext = false; ///< never the last item of a page when the next fits an empty page
    bool startsNewPage = false;
    bool restartsNumbering = false; ///< a new numbering (an appendix): its first page is unnumbered
    std::vector<int> footnotes;     ///< footnote numbers cited
    std::vector<PlacedLine> lines;
    std::vector<Rule> rules;
    std::vector<Frame> frames;
    std::vector<SignatureSlot> slots;
    std::vector<TextFieldSlot> textFields;
};

struct PageGeometry {
    double width = 595.276;                          ///< A4, 210 mm
    double height = 841.890;                         ///< 297 mm
    double top = 0, bottom = 0, left = 0, right = 0; ///< margins
    double contentWidth() const { return width - left - right; }
};

struct PlacedItem {
    const FlowItem* item = nullptr;
    double top = 0; ///< distance of the item's top from the page's top edge
};

struct ComposedPage {
    std::vector<PlacedItem> items;
    std::vector<int> footnotes; ///< printed at the foot of this page, in order
    int number = 1;             ///< within its numbering (the document, or one appendix)
};

/// Splits the flow into pages. `footnoteHeights` gives each footnote's printed height
/// (separator excluded); `separatorHeight` is added once on a page with footnotes;
/// `firstPageFooter` is reserved at the bottom of page 1 (the contact line).
std::vector<ComposedPage> composePages(const std::vector<FlowItem>& flow, const PageGeometry& page,
                                       const std::map<int, double>& footnoteHeights,
                                       double separatorHeight, double firstPageFooter);

} // namespace vanthu::templates
