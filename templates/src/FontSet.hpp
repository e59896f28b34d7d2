#pragma once
// The serif family the renderer uses (Times New Roman when installed, else Liberation Serif
// 2.x), its four faces, and glyph advances read with FreeType: the same numbers PoDoFo writes
// into the PDF's /W arrays, so measured and drawn widths agree.
#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace vanthu::templates {

enum class FaceStyle { Regular = 0, Bold = 1, Italic = 2, BoldItalic = 3 };

FaceStyle faceStyle(bool bold, bool italic);

/// A character the chosen font cannot draw: the renderer refuses rather than print a box.
class MissingGlyph : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class FontSet {
public:
    /// Finds the family through fontconfig; throws std::runtime_error when no face covers
    /// Vietnamese.
    FontSet();
    ~FontSet();
    FontSet(const FontSet&) = delete;
    FontSet& operator=(const FontSet&) = delete;

    const std::string& family() const { return family_; }
    const std::string& path(FaceStyle style) const { return paths_[static_cast<int>(style)]; }

    /// Width in points of UTF-8 text at `size`; throws MissingGlyph for an uncovered character.
    double width(std::string_view utf8, FaceStyle style, double size) const;
    /// Ascent and descent (positive) of the family, per point of size.
    double ascent() const { return ascent_; }
    double descent() const { return descent_; }

private:
    struct Face;
    double advance(char32_t c, FaceStyle style) const;

    std::string family_;
    std::array<std::string, 4> paths_;
    std::array<std::unique_ptr<Face>, 4> faces_;
    double ascent_ = 0.891;
    double descent_ = 0.216;
};

} // namespace vanthu::templates
