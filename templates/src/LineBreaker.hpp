#pragma once
// Breaks styled text into lines of a given width and positions every word, justified or
// aligned. PoDoFo 0.9.8 has no justification (and Tw does not work with two-byte codes), so
// each word is placed at its own x; a space glyph stays after each word but the last so that
// text extraction sees the word breaks.
#include <string>
#include <vector>

#include "FontSet.hpp"
#include "vanthu/templates/BodyMarkup.hpp"

namespace vanthu::templates {

enum class Align { Left, Centre, Right, Justify };

/// A piece of text in one face, at x from the line's left edge, raised by `rise` (superscripts).
struct Segment {
    std::string text;
    FaceStyle face = FaceStyle::Regular;
    double size = 0;
    double x = 0;
    double rise = 0;
};

struct Line {
    std::vector<Segment> segments;
    double width = 0; ///< from the line's left edge to the end of its last glyph
};

struct LineStyle {
    double size = 14;
    Align align = Align::Justify;
    double firstIndent = 0;   ///< extra indent of the first line
    double indent = 0;        ///< indent of every line
    double hangingIndent = 0; ///< extra indent of every line but the first
    bool keepSpaces = false;  ///< runs of spaces keep their width (a draft's blank day)
};

/// A '\n' in a run forces a line break. Words wider than a line are split between characters.
std::vector<Line> breakLines(const std::vector<TextRun>& runs, const LineStyle& style, double width,
                             const FontSet& fonts);

/// The lines of a name in a header or signer block (an issuing body, a parent body, a Party
/// committee, an authority line), each fitting `width` in `face` at `size`: one line when it
/// fits; else as few lines as fit, balanced, never one word alone on a line, breaking where
/// the body's kind ends and its place begins ("ỦY BAN NHÂN DÂN / TỈNH LẠNG SƠN") when one of
/// the breaks allows it. A '\n' in `text` is the author's own break and is kept.
std::vector<std::string> breakName(const std::string& text, FaceStyle face, double size,
                                   double width, const FontSet& fonts);

/// One run of plain text in one style, for the many one-style lines of a document.
std::vector<TextRun> plain(const std::string& text, bool bold = false, bool italic = false);

} // namespace vanthu::templates
