#pragma once
// Turns an OfficialDocument into the flow of items that the page composer paginates: the
// two-column header, type line and subject, recipients, body, the signer block beside the
// distribution list, and appendices, with the sizes and styles of NĐ 30/2020 Phụ lục I (State)
// and HD 36-HD/VPTW (Party). standards.md §2–4 lists the rules.
#include <map>
#include <optional>

#include "FontSet.hpp"
#include "PageComposer.hpp"
#include "vanthu/templates/OfficialDocument.hpp"
#include "vanthu/templates/PdfRenderer.hpp"

namespace vanthu::templates {

struct DocumentLayout {
    PageGeometry page;
    std::vector<FlowItem> flow;
    std::map<int, FlowItem> footnotes; ///< each footnote's lines, from the item top
    std::map<int, double> footnoteHeights;
    double footnoteSeparator = 0;
    std::optional<FlowItem> firstPageFooter; ///< contact line
    double pageNumberSize = 13;
};

/// `budget` is checked before each block of the body (RenderStopped).
DocumentLayout layoutDocument(const OfficialDocument& document, const FontSet& fonts,
                              const RenderBudget& budget = {});

/// The lines of a draft's number field or place-and-date field (kNumberField,
/// kPlaceDateField), relative to the field's top-left corner; `height` receives their height.
std::vector<PlacedLine> issueFieldLines(const OfficialDocument& document,
                                        const std::string& fieldName, double width,
                                        const FontSet& fonts, double* height = nullptr);

/// Millimetres to PDF points.
constexpr double mm(double millimetres) {
    return millimetres * 72.0 / 25.4;
}

} // namespace vanthu::templates
