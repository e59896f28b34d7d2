#include "PageComposer.hpp"

#include <algorithm>

namespace vanthu::templates {
namespace {

class Paginator {
public:
    Paginator(const PageGeometry& page, const std::map<int, double>& footnoteHeights,
              double separatorHeight, double firstPageFooter)
        : page_(page), footnoteHeights_(footnoteHeights), separatorHeight_(separatorHeight),
          firstPageFooter_(firstPageFooter) {
        newPage(false);
    }

    /// Extra footnote space that items citing `numbers` would need on the current page.
    double footnoteGrowth(const std::vector<int>& numbers) const {
        double growth = 0;
        std::vector<int> seen = pages_.back().footnotes;
        for (int n : numbers) {
            if (std::find(seen.begin(), seen.end(), n) != seen.end()) {
                continue;
            }
            seen.push_back(n);
            growth += footnoteHeights_.at(n);
            if (seen.size() == 1) {
                growth += separatorHeight_;
            }
        }
        return growth;
    }

    double room() const { return limit() - cursor_; }
    bool atTop() const { return pages_.back().items.empty(); }

    bool fits(double height, const std::vector<int>& footnotes) const {
        return height + footnoteGrowth(footnotes) <= room() + 0.01;
    }

    void place(const FlowItem& item) {
        if (!atTop()) {
            cursor_ += item.spaceBefore;
        }
        pages_.back().items.push_back({&item, cursor_});
        cursor_ += item.height;
        for (int n : item.footnotes) {
            auto& notes = pages_.back().footnotes;
            if (std::find(notes.begin(), notes.end(), n) == notes.end()) {
                footnoteSpace_ += footnoteHeights_.at(n) + (notes.empty() ? separatorHeight_ : 0);
                notes.push_back(n);
            }
        }
    }

    void newPage(bool restartNumbering) {
        const int number = pages_.empty() || restartNumbering ? 1 : pages_.back().number + 1;
        pages_.push_back({{}, {}, number});
        cursor_ = page_.top;
        footnoteSpace_ = 0;
    }

    std::vector<ComposedPage> take() {
        if (pages_.size() > 1 && pages_.back().items.empty()) {
            pages_.pop_back();
        }
        return std::move(pages_);
    }

private:
    double limit() const {
        const double footer = pages_.size() == 1 ? firstPageFooter_ : 0;
        return page_.height - page_.bottom - footnoteSpace_ - footer;
    }

    const PageGeometry& page_;
    const std::map<int, double>& footnoteHeights_;
    double separatorHeight_;
    double firstPageFooter_;
    std::vector<ComposedPage> pages_;
    double cursor_ = 0;
    double footnoteSpace_ = 0;
};

} // namespace

std::vector<ComposedPage> composePages(const std::vector<FlowItem>& flow, const PageGeometry& page,
                                       const std::map<int, double>& footnoteHeights,
                                       double separatorHeight, double firstPageFooter) {
    Paginator paginator(page, footnoteHeights, separatorHeight, firstPageFooter);
    size_t i = 0;
    while (i < flow.size()) {
        if (flow[i].startsNewPage && !(paginator.atTop() && i == 0)) {
            paginator.newPage(flow[i].restartsNumbering);
        }
        // The chain of items held together by keep-with-next.
        size_t last = i;
        while (flow[last].keepWithNext && last + 1 < flow.size() && !flow[last + 1].startsNewPage) {
            ++last;
        }
        double chainHeight = 0;
        std::vector<int> chainFootnotes;
        for (size_t k = i; k <= last; ++k) {
            chainHeight += flow[k].height + (k > i || !paginator.atTop() ? flow[k].spaceBefore : 0);
            chainFootnotes.insert(chainFootnotes.end(), flow[k].footnotes.begin(),
                                  flow[k].footnotes.end());
        }
        if (!paginator.atTop() && !paginator.fits(chainHeight, chainFootnotes)) {
            paginator.newPage(false);
        }
        // A chain taller than a page is placed item by item.
        for (size_t k = i; k <= last; ++k) {
            const double need = flow[k].height + (paginator.atTop() ? 0 : flow[k].spaceBefore);
            if (!paginator.atTop() && !paginator.fits(need, flow[k].footnotes)) {
                paginator.newPage(false);
            }
            paginator.place(flow[k]);
        }
        i = last + 1;
    }
    return paginator.take();
}

} // namespace vanthu::templates
