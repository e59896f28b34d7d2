#include "vanthu/pdf/PageContentBox.hpp"

#include <qpdf/QPDFMatrix.hh>
#include <qpdf/QPDFPageObjectHelper.hh>

#include <algorithm>
#include <string>
#include <utility>

namespace vanthu::pdf {

namespace {

using Box = QPDFObjectHandle::Rectangle;

std::string nameOf(QPDFObjectHandle dict, const char* key) {
    QPDFObjectHandle value = dict.isStream() ? dict.getDict().getKey(key) : dict.getKey(key);
    return value.isName() ? value.getName().substr(1) : std::string{};
}

/// Follows the content stream's operators: the transformation (q, Q, cm), paths, the text
/// matrix and what is painted, adding a box for each.
class ContentParser : public QPDFObjectHandle::ParserCallbacks {
public:
    ContentParser(QPDFObjectHandle page, std::vector<Box>& boxes) : boxes_(boxes) {
        QPDFPageObjectHelper helper(page);
        QPDFObjectHandle media = helper.getMediaBox();
        page_ = media.isRectangle() ? media.getArrayAsRectangle() : Box(0, 0, 1e6, 1e6);
        resources_ = page.getKey("/Resources");
        try {
            helper.parseContents(this);
        } catch (const std::exception&) {
            whole();
        }
        QPDFObjectHandle annots = page.getKey("/Annots");
        for (int i = 0; annots.isArray() && i < annots.getArrayNItems(); ++i) {
            QPDFObjectHandle r = annots.getArrayItem(i).isDictionary()
                                     ? annots.getArrayItem(i).getKey("/Rect")
                                     : QPDFObjectHandle::newNull();
            if (r.isRectangle()) {
                add(r.getArrayAsRectangle());
            }
        }
    }

    void handleObject(QPDFObjectHandle object) override {
        if (!object.isOperator()) {
            if (operands_.size() < 64) {
                operands_.push_back(object);
            }
            return;
        }
        const std::string op = object.getOperatorValue();
        apply(op);
        operands_.clear();
    }
    void handleEOF() override {}

private:
    double number(std::size_t i) const {
        if (i >= operands_.size()) {
            return 0.0;
        }
        QPDFObjectHandle operand = operands_[i];
        return operand.isNumber() ? operand.getNumericValue() : 0.0;
    }
    QPDFMatrix matrixOperands() const {
        return QPDFMatrix(number(0), number(1), number(2), number(3), number(4), number(5));
    }

    void add(const Box& box) {
        if (boxes_.size() >= PageContentBox::kMaxBoxes) {
            return whole();
        }
        boxes_.push_back(box);
    }
    void whole() { boxes_.assign(1, page_); }
    void point(double x, double y) {
        double px = 0, py = 0;
        ctm_.transform(x, y, px, py);
        path_.push_back({px, py});
    }
    void endPath() {
        if (!path_.empty()) {
            Box b(path_[0].first, path_[0].second, path_[0].first, path_[0].second);
            for (const auto& [x, y] : path_) {
                b.llx = std::min(b.llx, x), b.urx = std::max(b.urx, x);
                b.lly = std::min(b.lly, y), b.ury = std::max(b.ury, y);
            }
            add(b);
        }
        path_.clear();
    }
    void newLine(double tx, double ty) {
        QPDFMatrix move;
        move.translate(tx, ty);
        lineMatrix_.concat(move);
        textMatrix_ = lineMatrix_;
    }
    void showText() {
        QPDFMatrix rendering = textMatrix_;
        rendering.concat(ctm_);
        const Box glyph = rendering.transformRectangle(
            Box(0, -0.3 * fontSize_, 1, fontSize_ == 0 ? 1 : fontSize_));
        add(Box(glyph.llx, glyph.lly, std::max(page_.urx, glyph.urx), glyph.ury));
    }
    void drawXObject() {
        Box unit(0, 0, 1, 1);
        QPDFMatrix m = ctm_;
        QPDFObjectHandle xobjects =
            resources_.isDictionary() ? resources_.getKey("/XObject") : resources_;
        QPDFObjectHandle xobject =
            xobjects.isDictionary() && !operands_.empty() && operands_[0].isName()
                ? xobjects.getKey(operands_[0].getName())
                : QPDFObjectHandle::newNull();
        if (xobject.isStream() && nameOf(xobject, "/Subtype") == "Form") {
            QPDFObjectHandle bbox = xobject.getDict().getKey("/BBox");
            QPDFObjectHandle matrix = xobject.getDict().getKey("/Matrix");
            if (!bbox.isRectangle()) {
                return whole();
            }
            unit = bbox.getArrayAsRectangle();
            if (matrix.isMatrix()) {
                m = QPDFMatrix(matrix.getArrayAsMatrix());
                m.concat(ctm_);
            }
        }
        add(m.transformRectangle(unit));
    }

    void apply(const std::string& op) {
        if (op == "q") {
            if (stack_.size() < 256) {
                stack_.push_back(ctm_);
            }
        } else if (op == "Q") {
            if (!stack_.empty()) {
                ctm_ = stack_.back();
                stack_.pop_back();
            }
        } else if (op == "cm") {
            ctm_.concat(matrixOperands());
        } else if (op == "m" || op == "l") {
            point(number(0), number(1));
        } else if (op == "c") {
            point(number(0), number(1)), point(number(2), number(3)), point(number(4), number(5));
        } else if (op == "v" || op == "y") {
            point(number(0), number(1)), point(number(2), number(3));
        } else if (op == "re") {
            point(number(0), number(1));
            point(number(0) + number(2), number(1) + number(3));
            point(number(0), number(1) + number(3));
            point(number(0) + number(2), number(1));
        } else if (op == "S" || op == "s" || op == "f" || op == "F" || op == "f*" || op == "B" ||
                   op == "B*" || op == "b" || op == "b*") {
            endPath();
        } else if (op == "n") {
            path_.clear();
        } else if (op == "BT") {
            textMatrix_ = lineMatrix_ = QPDFMatrix();
        } else if (op == "Tf") {
            fontSize_ = number(1);
        } else if (op == "TL") {
            leading_ = number(0);
        } else if (op == "Td") {
            newLine(number(0), number(1));
        } else if (op == "TD") {
            leading_ = -number(1);
            newLine(number(0), number(1));
        } else if (op == "Tm") {
            textMatrix_ = lineMatrix_ = matrixOperands();
        } else if (op == "T*") {
            newLine(0, -leading_);
        } else if (op == "Tj" || op == "TJ") {
            showText();
        } else if (op == "'" || op == "\"") {
            newLine(0, -leading_);
            showText();
        } else if (op == "Do" || op == "BI" || op == "ID" || op == "EI") {
            drawXObject();
        } else if (op == "sh") {
            whole();
        }
    }

    Box page_;
    QPDFObjectHandle resources_;
    std::vector<Box>& boxes_;
    std::vector<QPDFObjectHandle> operands_;
    std::vector<std::pair<double, double>> path_;
    QPDFMatrix ctm_, textMatrix_, lineMatrix_;
    std::vector<QPDFMatrix> stack_;
    double fontSize_ = 0, leading_ = 0;
};

} // namespace

PageContentBox::PageContentBox(QPDFObjectHandle page) {
    ContentParser parser(page, boxes_);
}

bool PageContentBox::meets(const QPDFObjectHandle::Rectangle& r) const {
    const double llx = std::min(r.llx, r.urx), urx = std::max(r.llx, r.urx);
    const double lly = std::min(r.lly, r.ury), ury = std::max(r.lly, r.ury);
    for (const Box& b : boxes_) {
        if (llx < b.urx && b.llx < urx && lly < b.ury && b.lly < ury) {
            return true;
        }
    }
    return false;
}

} // namespace vanthu::pdf
