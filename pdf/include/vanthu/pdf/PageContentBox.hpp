#pragma once
// Where a page draws something, over-estimated, for judging whether an annotation added after a
// signature covers the page's content: the boxes of its paths, images and form XObjects under the
// current transformation, every text line from its origin to the page's right edge and one font
// size high (glyph widths are not measured), and the page's annotations. Content too much to
// bound (a shading, more than kMaxBoxes boxes, a content stream that does not parse) gives the
// whole page.
#include <cstddef>
#include <vector>

#include <qpdf/QPDFObjectHandle.hh>

namespace vanthu::pdf {

class PageContentBox {
public:
    static constexpr std::size_t kMaxBoxes = 100000;

    /// Reads the page's content streams (qpdf's content parser) and annotations.
    explicit PageContentBox(QPDFObjectHandle page);

    /// Whether the rectangle (in default user space) meets anything the page draws.
    bool meets(const QPDFObjectHandle::Rectangle& rectangle) const;

private:
    std::vector<QPDFObjectHandle::Rectangle> boxes_;
};

} // namespace vanthu::pdf
