#include "LineBreaker.hpp"

#include "vanthu/templates/Unicode.hpp"

namespace vanthu::templates {
namespace {

constexpr double kSuperscriptScale = 0.6;
constexpr double kSuperscriptRise = 0.35;

struct Piece {
    std::string text;
    FaceStyle face;
    double size;
    double rise;
    double width;
};

struct Word {
    std::vector<Piece> pieces;
    double width = 0;
    double extraGap = 0;     ///< width of the spaces beyond the first after this word
    bool breakAfter = false; ///< a forced line break follows
};

void addPiece(Word& word, std::string text, FaceStyle face, double size, double rise,
              const FontSet& fonts) {
    const double width = fonts.width(text, face, size);
    word.width += width;
    if (!word.pieces.empty() && word.pieces.back().face == face &&
        word.pieces.back().size == size && word.pieces.back().rise == rise) {
        word.pieces.back().text += text;
        word.pieces.back().width += width;
    } else {
        word.pieces.push_back({std::move(text), face, size, rise, width});
    }
}

std::vector<Word> toWords(const std::vector<TextRun>& runs, double size, bool keepSpaces,
                          const FontSet& fonts) {
    const double space = fonts.width(" ", FaceStyle::Regular, size);
    std::vector<Word> words(1);
    for (const auto& run : runs) {
        if (run.footnoteReference) {
            addPiece(words.back(), run.text, FaceStyle::Regular, size * kSuperscriptScale,
                     size * kSuperscriptRise, fonts);
            continue;
        }
        const FaceStyle face = faceStyle(run.bold, run.italic);
        std::string current;
        auto flush = [&] {
            if (!current.empty()) {
                addPiece(words.back(), current, face, size, 0, fonts);
                current.clear();
            }
        };
        for (char c : run.text) {
            if (c == ' ' || c == '\t' || c == '\n') {
                flush();
                if (!words.back().pieces.empty()) {
                    words.emplace_back();
                } else if (c == ' ' && keepSpaces && words.size() >= 2) {
                    words[words.size() - 2].extraGap += space;
                }
                if (c == '\n' && words.size() >= 2) {
                    words[words.size() - 2].breakAfter = true;
                }
            } else {
                current += c;
            }
        }
        flush();
    }
    if (words.back().pieces.empty()) {
        words.pop_back();
    }
    return words;
}

/// Splits a word wider than `width` into parts that fit, between characters.
std::vector<Word> splitWord(const Word& word, double width, const FontSet& fonts) {
    std::vector<Word> parts(1);
    for (const auto& piece : word.pieces) {
        for (char32_t c : toCodePoints(piece.text)) {
            std::string ch;
            if (c < 0x80) {
                ch += static_cast<char>(c);
            } else if (c < 0x800) {
                ch += static_cast<char>(0xC0 | (c >> 6));
                ch += static_cast<char>(0x80 | (c & 0x3F));
            } else if (c < 0x10000) {
                ch += static_cast<char>(0xE0 | (c >> 12));
                ch += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
                ch += static_cast<char>(0x80 | (c & 0x3F));
            } else {
                ch += static_cast<char>(0xF0 | (c >> 18));
                ch += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
                ch += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
                ch += static_cast<char>(0x80 | (c & 0x3F));
            }
            const double w = fonts.width(ch, piece.face, piece.size);
            if (!parts.back().pieces.empty() && parts.back().width + w > width) {
                parts.emplace_back();
            }
            addPiece(parts.back(), ch, piece.face, piece.size, piece.rise, fonts);
        }
    }
    parts.back().breakAfter = word.breakAfter;
    parts.back().extraGap = word.extraGap;
    return parts;
}

Line place(const std::vector<Word>& words, size_t first, size_t last, double left, double available,
           double space, Align align, bool lastLine) {
    double natural = 0;
    for (size_t i = first; i < last; ++i) {
        natural += words[i].width + (i > first ? space + words[i - 1].extraGap : 0);
    }
    double x = left;
    double gap = space;
    if (align == Align::Centre) {
        x += (available - natural) / 2;
    } else if (align == Align::Right) {
        x += available - natural;
    } else if (align == Align::Justify && !lastLine && last - first > 1) {
        gap += (available - natural) / static_cast<double>(last - first - 1);
    }
    Line line;
    for (size_t i = first; i < last; ++i) {
        double pieceX = x;
        for (size_t p = 0; p < words[i].pieces.size(); ++p) {
            const Piece& piece = words[i].pieces[p];
            const bool endOfWord = p + 1 == words[i].pieces.size();
            line.segments.push_back({piece.text + (endOfWord && i + 1 < last ? " " : ""),
                                     piece.face, piece.size, pieceX, piece.rise});
            pieceX += piece.width;
        }
        line.width = pieceX;
        x += words[i].width + gap + words[i].extraGap;
    }
    return line;
}

} // namespace

std::vector<TextRun> plain(const std::string& text, bool bold, bool italic) {
    return {TextRun{text, bold, italic, false}};
}

std::vector<Line> breakLines(const std::vector<TextRun>& runs, const LineStyle& style, double width,
                             const FontSet& fonts) {
    std::vector<Word> words;
    for (auto& word : toWords(runs, style.size, style.keepSpaces, fonts)) {
        const double narrowest = width - style.indent - style.firstIndent - style.hangingIndent;
        if (word.width > narrowest) {
            auto parts = splitWord(word, narrowest, fonts);
            words.insert(words.end(), parts.begin(), parts.end());
        } else {
            words.push_back(std::move(word));
        }
    }
    const double space = fonts.width(" ", FaceStyle::Regular, style.size);
    std::vector<Line> lines;
    size_t first = 0;
    while (first < words.size()) {
        const double left =
            style.indent + (lines.empty() ? style.firstIndent : style.hangingIndent);
        const double available = width - left;
        size_t last = first;
        double used = 0;
        while (last < words.size()) {
            const double next =
                used + (last > first ? space + words[last - 1].extraGap : 0) + words[last].width;
            if (last > first && next > available + 0.001) {
                break;
            }
            used = next;
            ++last;
            if (words[last - 1].breakAfter) {
                break;
            }
        }
        const bool lastLine = last == words.size() || words[last - 1].breakAfter;
        lines.push_back(place(words, first, last, left, available, space, style.align, lastLine));
        first = last;
    }
    return lines;
}

} // namespace vanthu::templates
