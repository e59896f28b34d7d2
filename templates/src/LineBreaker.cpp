#include "LineBreaker.hpp"

#include <algorithm>
#include <limits>

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
    bool glued = false;      ///< the next word continues this one: no space between them
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

std::string toUtf8(char32_t c) {
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
    return ch;
}

/// Where a long word (a URL, an e-mail address, a path) may break: after these.
bool breaksAfter(char32_t c) {
    return c == '/' || c == '.' || c == '-' || c == '_' || c == '?' || c == '&' || c == '=' ||
           c == '@' || c == '#';
}

/// A URL, an e-mail address or a domain: broken after its separators wherever a line ends.
bool isUrlLike(const Word& word) {
    std::string text;
    for (const auto& piece : word.pieces) {
        text += piece.text;
    }
    return text.find("://") != std::string::npos || text.find("www.") != std::string::npos ||
           (text.find('@') != std::string::npos && text.find('.') != std::string::npos);
}

/// Splits a word into glued parts, each ending after a '/' or '.' (or another separator of a
/// URL); a part still wider than `width` is split between characters.
std::vector<Word> splitWord(const Word& word, double width, const FontSet& fonts) {
    std::vector<Word> parts(1);
    for (const auto& piece : word.pieces) {
        const auto codePoints = toCodePoints(piece.text);
        for (size_t i = 0; i < codePoints.size(); ++i) {
            std::string ch = toUtf8(codePoints[i]);
            const double w = fonts.width(ch, piece.face, piece.size);
            if (!parts.back().pieces.empty() && parts.back().width + w > width) {
                parts.emplace_back();
            }
            addPiece(parts.back(), std::move(ch), piece.face, piece.size, piece.rise, fonts);
            if (breaksAfter(codePoints[i]) &&
                (i + 1 == codePoints.size() || !breaksAfter(codePoints[i + 1]))) {
                parts.emplace_back();
            }
        }
    }
    if (parts.size() > 1 && parts.back().pieces.empty()) {
        parts.pop_back();
    }
    for (auto& part : parts) {
        part.glued = true;
    }
    parts.back().glued = word.glued;
    parts.back().breakAfter = word.breakAfter;
    parts.back().extraGap = word.extraGap;
    return parts;
}

/// The space after words[i] when words[i + 1] follows it on the same line.
double gapAfter(const Word& word, double space) {
    return word.glued ? 0 : space + word.extraGap;
}

Line place(const std::vector<Word>& words, size_t first, size_t last, double left, double available,
           double space, Align align, bool lastLine) {
    double natural = 0;
    for (size_t i = first; i < last; ++i) {
        natural += words[i].width + (i > first ? gapAfter(words[i - 1], space) : 0);
    }
    size_t gaps = 0;
    for (size_t i = first; i + 1 < last; ++i) {
        gaps += words[i].glued ? 0 : 1;
    }
    double x = left;
    double stretch = 0;
    if (align == Align::Centre) {
        x += (available - natural) / 2;
    } else if (align == Align::Right) {
        x += available - natural;
    } else if (align == Align::Justify && !lastLine && gaps > 0) {
        stretch = (available - natural) / static_cast<double>(gaps);
    }
    Line line;
    for (size_t i = first; i < last; ++i) {
        double pieceX = x;
        for (size_t p = 0; p < words[i].pieces.size(); ++p) {
            const Piece& piece = words[i].pieces[p];
            const bool endOfWord = p + 1 == words[i].pieces.size();
            const bool spaceAfter = endOfWord && i + 1 < last && !words[i].glued;
            line.segments.push_back(
                {piece.text + (spaceAfter ? " " : ""), piece.face, piece.size, pieceX, piece.rise});
            pieceX += piece.width;
        }
        line.width = pieceX;
        x += words[i].width + (words[i].glued ? 0 : space + stretch + words[i].extraGap);
    }
    return line;
}

/// The words that start the place of a body: its administrative level.
const std::vector<std::vector<std::string>>& placeKinds() {
    static const std::vector<std::vector<std::string>> kinds{
        {"TỈNH"}, {"THÀNH", "PHỐ"}, {"HUYỆN"},       {"QUẬN"},      {"THỊ", "XÃ"},
        {"XÃ"},   {"PHƯỜNG"},       {"THỊ", "TRẤN"}, {"ĐẶC", "KHU"}};
    return kinds;
}

size_t kindLengthAt(const std::vector<std::string>& words, size_t at) {
    for (const auto& kind : placeKinds()) {
        if (at + kind.size() <= words.size() &&
            std::equal(kind.begin(), kind.end(), words.begin() + static_cast<long>(at))) {
            return kind.size();
        }
    }
    return 0;
}

/// Whether a break before words[at] falls where a place begins (and not inside "THỊ XÃ").
bool placeBoundary(const std::vector<std::string>& words, size_t at) {
    return at > 0 && kindLengthAt(words, at) > 0 && kindLengthAt(words, at - 1) < 2;
}

std::vector<std::string> splitWords(const std::string& text) {
    std::vector<std::string> words;
    std::string current;
    for (char c : text) {
        if (c == ' ' || c == '\t') {
            if (!current.empty()) {
                words.push_back(std::move(current));
                current.clear();
            }
        } else {
            current += c;
        }
    }
    if (!current.empty()) {
        words.push_back(std::move(current));
    }
    return words;
}

std::string joinWords(const std::vector<std::string>& words, size_t first, size_t last) {
    std::string line;
    for (size_t i = first; i < last; ++i) {
        line += (i > first ? " " : "") + words[i];
    }
    return line;
}

/// The best breaks of one paragraph of a name (see breakName).
std::vector<std::string> breakNameLine(const std::vector<std::string>& words, FaceStyle face,
                                       double size, double width, const FontSet& fonts) {
    const size_t n = words.size();
    auto lineWidth = [&](size_t first, size_t last) {
        return fonts.width(joinWords(words, first, last), face, size);
    };
    // A name longer than any real one is left to breakLines' greedy wrapping (the search below
    // grows with the cube of the words).
    constexpr size_t kLongestName = 40;
    if (n <= 1 || n > kLongestName || lineWidth(0, n) <= width + 0.001) {
        return {joinWords(words, 0, n)};
    }
    // best[i][k]: setting words[i..n) in k lines, each fitting and of two words or more (one
    // word only when nothing else fits), the widest line as narrow as can be; a break where a
    // place begins is worth a little width, so it wins when the lines are about as balanced.
    struct Choice {
        double widest = std::numeric_limits<double>::infinity();
        int places = 0;
        size_t next = 0;
        double score(double bonus) const { return widest - bonus * places; }
    };
    const double placeBonus = size * 3;
    for (size_t lines = 2; lines <= n; ++lines) {
        for (size_t minWords : {size_t{2}, size_t{1}}) {
            std::vector<std::vector<Choice>> best(n + 1, std::vector<Choice>(lines + 1));
            best[n][0].widest = 0;
            for (size_t k = 1; k <= lines; ++k) {
                for (size_t i = 0; i < n; ++i) {
                    for (size_t j = i + minWords; j <= n; ++j) {
                        const double w = lineWidth(i, j);
                        if (w > width + 0.001) {
                            break;
                        }
                        const Choice& rest = best[j][k - 1];
                        if (rest.widest == std::numeric_limits<double>::infinity()) {
                            continue;
                        }
                        const Choice candidate{std::max(w, rest.widest),
                                               rest.places + (j < n && placeBoundary(words, j)), j};
                        if (candidate.score(placeBonus) < best[i][k].score(placeBonus)) {
                            best[i][k] = candidate;
                        }
                    }
                }
            }
            if (best[0][lines].widest == std::numeric_limits<double>::infinity()) {
                continue;
            }
            std::vector<std::string> result;
            size_t i = 0;
            for (size_t k = lines; k > 0; --k) {
                result.push_back(joinWords(words, i, best[i][k].next));
                i = best[i][k].next;
            }
            return result;
        }
    }
    return {joinWords(words, 0, n)}; // a single word wider than the line: breakLines splits it
}

} // namespace

std::vector<std::string> breakName(const std::string& text, FaceStyle face, double size,
                                   double width, const FontSet& fonts) {
    std::vector<std::string> lines;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) {
            end = text.size();
        }
        for (auto& line :
             breakNameLine(splitWords(text.substr(start, end - start)), face, size, width, fonts)) {
            if (!line.empty()) {
                lines.push_back(std::move(line));
            }
        }
        start = end + 1;
    }
    return lines;
}

std::vector<TextRun> plain(const std::string& text, bool bold, bool italic) {
    return {TextRun{text, bold, italic, false}};
}

std::vector<Line> breakLines(const std::vector<TextRun>& runs, const LineStyle& style, double width,
                             const FontSet& fonts) {
    std::vector<Word> words;
    for (auto& word : toWords(runs, style.size, style.keepSpaces, fonts)) {
        const double narrowest = width - style.indent - style.firstIndent - style.hangingIndent;
        if (word.width > narrowest || isUrlLike(word)) {
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
                used + (last > first ? gapAfter(words[last - 1], space) : 0) + words[last].width;
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
