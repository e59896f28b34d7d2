#include "FontSet.hpp"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <vector>

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_ADVANCES_H

#include "vanthu/templates/Unicode.hpp"

namespace vanthu::templates {
namespace {

struct FcPatternDeleter {
    void operator()(FcPattern* p) const { FcPatternDestroy(p); }
};
using FcPatternPtr = std::unique_ptr<FcPattern, FcPatternDeleter>;

struct FtLibraryDeleter {
    void operator()(FT_Library l) const { FT_Done_FreeType(l); }
};
/// FreeType wants FT_New_Face and FT_Done_Face on one FT_Library serialised (its docs: "use a
/// mutex around calls"); renderers and the issue stamp make their faces on different threads.
/// Never destroyed: a face may be destroyed at exit after every function-local static.
std::mutex& faceLifeMutex() {
    static auto* const mutex = new std::mutex;
    return *mutex;
}

struct FtFaceDeleter {
    void operator()(FT_Face f) const {
        std::lock_guard lock(faceLifeMutex());
        FT_Done_Face(f);
    }
};

constexpr const char* kStyleNames[] = {"Regular", "Bold", "Italic", "Bold Italic"};

/// Characters every Vietnamese text needs: a font without them prints boxes.
constexpr char32_t kVietnameseProbe[] = {U'ă', U'â', U'đ', U'ê', U'ô', U'ơ', U'ư',
                                         U'Đ', U'Ư', U'ạ', U'ệ', U'ữ', U'ỹ', U'Ỹ'};

/// The file fontconfig gives for family and style, only if the family really is that one
/// (fontconfig happily substitutes a look-alike).
std::string matchFile(const std::string& family, const char* style) {
    FcPatternPtr pattern(FcPatternCreate());
    FcPatternAddString(pattern.get(), FC_FAMILY, reinterpret_cast<const FcChar8*>(family.c_str()));
    FcPatternAddString(pattern.get(), FC_STYLE, reinterpret_cast<const FcChar8*>(style));
    FcConfigSubstitute(nullptr, pattern.get(), FcMatchPattern);
    FcDefaultSubstitute(pattern.get());
    FcResult result = FcResultNoMatch;
    FcPatternPtr match(FcFontMatch(nullptr, pattern.get(), &result));
    if (!match) {
        return "";
    }
    FcChar8* matchedFamily = nullptr;
    FcChar8* file = nullptr;
    if (FcPatternGetString(match.get(), FC_FAMILY, 0, &matchedFamily) != FcResultMatch ||
        FcPatternGetString(match.get(), FC_FILE, 0, &file) != FcResultMatch) {
        return "";
    }
    if (family != reinterpret_cast<const char*>(matchedFamily)) {
        return "";
    }
    const std::string path = reinterpret_cast<const char*>(file);
    // Only glyf-based TrueType subsets in PoDoFo 0.9.8 (an .otf fails at Write()).
    const auto ext = std::filesystem::path(path).extension().string();
    return ext == ".ttf" || ext == ".TTF" ? path : "";
}

using FreeType = std::shared_ptr<std::remove_pointer_t<FT_Library>>;

/// The one FT_Library. Each face holds it too, so that a face destroyed at exit after this
/// static (a font set kept by another static object) still finds its library.
FreeType freetype() {
    static const FreeType library = [] {
        FT_Library lib = nullptr;
        if (FT_Init_FreeType(&lib) != 0) {
            throw std::runtime_error("FreeType cannot start");
        }
        return FreeType(lib, FtLibraryDeleter());
    }();
    return library;
}

} // namespace

FaceStyle faceStyle(bool bold, bool italic) {
    return static_cast<FaceStyle>((bold ? 1 : 0) + (italic ? 2 : 0));
}

struct FontSet::Face {
    FreeType library = freetype(); ///< outlives face (members are destroyed in reverse order)
    std::unique_ptr<std::remove_pointer_t<FT_Face>, FtFaceDeleter> face;
    double unitsPerEm = 1000;
    // Advances per 1 pt of size for the Basic Latin … Latin Extended Additional range.
    // -1: not measured yet; -2: no glyph.
    mutable std::vector<float> advances = std::vector<float>(0x2000, -1.f);
    mutable std::unordered_map<char32_t, float> others;
    mutable std::mutex mutex;

    explicit Face(const std::string& path) {
        FT_Face raw = nullptr;
        std::unique_lock lock(faceLifeMutex());
        if (FT_New_Face(library.get(), path.c_str(), 0, &raw) != 0) {
            throw std::runtime_error("cannot read the font " + path);
        }
        lock.unlock();
        face.reset(raw);
        unitsPerEm = raw->units_per_EM;
    }

    bool covers(char32_t c) const { return FT_Get_Char_Index(face.get(), c) != 0; }

    float measure(char32_t c) const {
        const FT_UInt glyph = FT_Get_Char_Index(face.get(), c);
        if (glyph == 0) {
            return -2.f;
        }
        FT_Fixed advance = 0;
        FT_Get_Advance(face.get(), glyph, FT_LOAD_NO_SCALE, &advance);
        return static_cast<float>(advance / unitsPerEm);
    }
};

FontSet::FontSet() {
    std::string problem;
    for (const std::string family : {"Times New Roman", "Liberation Serif"}) {
        std::array<std::string, 4> paths;
        bool complete = true;
        for (int style = 0; style < 4 && complete; ++style) {
            paths[style] = matchFile(family, kStyleNames[style]);
            complete = !paths[style].empty();
        }
        if (!complete) {
            continue;
        }
        std::array<std::unique_ptr<Face>, 4> faces;
        for (int style = 0; style < 4 && complete; ++style) {
            faces[style] = std::make_unique<Face>(paths[style]);
            for (char32_t c : kVietnameseProbe) {
                if (!faces[style]->covers(c)) {
                    complete = false;
                    problem = family + " (" + paths[style] + ") has no Vietnamese glyphs";
                    break;
                }
            }
        }
        if (complete) {
            family_ = family;
            paths_ = paths;
            faces_ = std::move(faces);
            const FT_Face regular = faces_[0]->face.get();
            ascent_ = regular->ascender / faces_[0]->unitsPerEm;
            descent_ = -regular->descender / faces_[0]->unitsPerEm;
            return;
        }
    }
    throw std::runtime_error("no Vietnamese serif font: install Times New Roman or "
                             "fonts-liberation2 (scripts/bootstrap)" +
                             (problem.empty() ? std::string() : "; " + problem));
}

FontSet::~FontSet() = default;

double FontSet::advance(char32_t c, FaceStyle style) const {
    const Face& face = *faces_[static_cast<int>(style)];
    std::lock_guard lock(face.mutex);
    float value = 0;
    if (c < face.advances.size()) {
        float& cached = face.advances[c];
        if (cached == -1.f) {
            cached = face.measure(c);
        }
        value = cached;
    } else {
        auto it = face.others.find(c);
        if (it == face.others.end()) {
            it = face.others.emplace(c, face.measure(c)).first;
        }
        value = it->second;
    }
    if (value < 0) {
        char code[16];
        std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(c));
        throw MissingGlyph("the font " + family_ + " has no glyph for " + code +
                           "; remove or replace that character");
    }
    return value;
}

double FontSet::width(std::string_view utf8, FaceStyle style, double size) const {
    double total = 0;
    for (char32_t c : toCodePoints(utf8)) {
        total += advance(c, style);
    }
    return total * size;
}

} // namespace vanthu::templates
