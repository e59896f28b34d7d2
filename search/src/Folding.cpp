#include "vanthu/search/Folding.hpp"

#include <array>
#include <cctype>
#include <stdexcept>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

namespace vanthu::search {

namespace {

/// What folding does with one code point; built once from ICU for the Latin blocks, where every
/// Vietnamese letter lives, so that indexing a million documents does not call ICU per letter.
struct CharInfo {
    char32_t lower = 0;  ///< lower case
    char32_t folded = 0; ///< lower case, base letter; 0: dropped (a combining mark)
    bool word = false;   ///< letter, digit or combining mark
};

constexpr char32_t kTableSize = 0x2000; // up to Latin Extended Additional (U+1E00–1EFF)

CharInfo computeInfo(char32_t c) {
    CharInfo info;
    const auto cp = static_cast<UChar32>(c);
    info.lower = static_cast<char32_t>(u_tolower(cp));
    const bool mark = u_charType(cp) == U_NON_SPACING_MARK;
    info.word = u_isalnum(cp) || mark;
    if (mark) {
        info.folded = 0;
        return info;
    }
    if (info.lower == U'đ') {
        info.folded = U'd';
        return info;
    }
    info.folded = info.lower;
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    if (U_FAILURE(status)) {
        throw std::runtime_error("ICU NFD normaliser unavailable");
    }
    icu::UnicodeString decomposed;
    if (nfd->getDecomposition(static_cast<UChar32>(info.lower), decomposed) &&
        decomposed.length() > 0) {
        const UChar32 base = decomposed.char32At(0);
        bool restAreMarks = true;
        for (int32_t i = U16_LENGTH(base); i < decomposed.length();) {
            const UChar32 next = decomposed.char32At(i);
            restAreMarks = restAreMarks && u_charType(next) == U_NON_SPACING_MARK;
            i += U16_LENGTH(next);
        }
        if (restAreMarks) {
            info.folded = static_cast<char32_t>(base);
        }
    }
    return info;
}

const std::array<CharInfo, kTableSize>& table() {
    static const auto built = [] {
        std::array<CharInfo, kTableSize> t{};
        for (char32_t c = 0; c < kTableSize; ++c) {
            t[c] = computeInfo(c);
        }
        return t;
    }();
    return built;
}

CharInfo info(char32_t c) {
    if (c < kTableSize) {
        return table()[c];
    }
    CharInfo i;
    const auto cp = static_cast<UChar32>(c);
    i.lower = static_cast<char32_t>(u_tolower(cp));
    const bool mark = u_charType(cp) == U_NON_SPACING_MARK;
    i.word = u_isalnum(cp) || mark;
    i.folded = mark ? 0 : i.lower;
    return i;
}

void append(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
        return;
    }
    char buffer[4];
    int32_t length = 0;
    UBool error = false;
    U8_APPEND(buffer, length, 4, static_cast<UChar32>(c), error);
    if (!error) {
        out.append(buffer, static_cast<std::size_t>(length));
    }
}

/// Calls f(code point, byte offset, byte length) for each code point; invalid bytes come as
/// U+FFFD.
template <typename F> void forEachCodePoint(std::string_view text, F&& f) {
    const auto length = static_cast<int32_t>(text.size());
    int32_t i = 0;
    while (i < length) {
        const int32_t start = i;
        const auto byte = static_cast<unsigned char>(text[static_cast<std::size_t>(i)]);
        if (byte < 0x80) {
            ++i;
            f(static_cast<char32_t>(byte), static_cast<std::size_t>(start), std::size_t{1});
            continue;
        }
        UChar32 c = 0;
        U8_NEXT(text.data(), i, length, c);
        f(c < 0 ? U'\uFFFD' : static_cast<char32_t>(c), static_cast<std::size_t>(start),
          static_cast<std::size_t>(i - start));
    }
}

std::string nfc(std::string_view text) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* normalizer = icu::Normalizer2::getNFCInstance(status);
    const auto u = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    if (U_FAILURE(status) || normalizer->isNormalized(u, status)) {
        return std::string(text);
    }
    status = U_ZERO_ERROR;
    const auto normalised = normalizer->normalize(u, status);
    std::string out;
    if (U_FAILURE(status)) {
        return std::string(text);
    }
    normalised.toUTF8String(out);
    return out;
}

bool hasNonAscii(std::string_view text) {
    for (const char ch : text) {
        if (static_cast<unsigned char>(ch) >= 0x80) {
            return true;
        }
    }
    return false;
}

} // namespace

std::string lowerExact(std::string_view text) {
    const std::string normal = hasNonAscii(text) ? nfc(text) : std::string(text);
    std::string out;
    out.reserve(normal.size());
    forEachCodePoint(normal,
                     [&](char32_t c, std::size_t, std::size_t) { append(out, info(c).lower); });
    return out;
}

std::string fold(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    forEachCodePoint(text, [&](char32_t c, std::size_t, std::size_t) {
        const auto i = info(c);
        if (i.folded != 0) {
            append(out, i.folded);
        }
    });
    return out;
}

bool hasMarks(std::string_view text) {
    bool marks = false;
    forEachCodePoint(text, [&](char32_t c, std::size_t, std::size_t) {
        const auto i = info(c);
        marks = marks || (i.folded != i.lower);
    });
    return marks;
}

std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> tokens;
    Token current;
    bool inWord = false;
    bool combining = false; // the text has combining marks (not NFC): exact forms need NFC
    auto finish = [&](std::size_t end) {
        if (inWord) {
            current.end = end;
            if (!current.folded.empty()) {
                tokens.push_back(std::move(current));
            }
            current = Token{};
            inWord = false;
        }
    };
    forEachCodePoint(text, [&](char32_t c, std::size_t offset, std::size_t length) {
        const auto i = info(c);
        if (!i.word) {
            finish(offset);
            return;
        }
        if (!inWord) {
            inWord = true;
            current.begin = offset;
        }
        append(current.exact, i.lower);
        if (i.folded != 0) {
            append(current.folded, i.folded);
        } else {
            combining = true;
        }
        current.end = offset + length;
    });
    finish(text.size());
    // A word written with combining marks (NFD) is brought to NFC so that it meets the index's
    // exact terms.
    if (combining) {
        for (auto& token : tokens) {
            token.exact = nfc(token.exact);
        }
    }
    return tokens;
}

std::vector<std::string> notationsIn(std::string_view text) {
    std::vector<std::string> found;
    std::size_t i = 0;
    const auto isSpace = [](char ch) {
        return ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' || ch == '(' || ch == ')' ||
               ch == '"' || ch == '[' || ch == ']';
    };
    while (i < text.size()) {
        while (i < text.size() && isSpace(text[i])) {
            ++i;
        }
        std::size_t end = i;
        while (end < text.size() && !isSpace(text[end])) {
            ++end;
        }
        std::string_view run = text.substr(i, end - i);
        while (!run.empty() &&
               std::string_view(",;.:!?*'").find(run.back()) != std::string_view::npos) {
            run.remove_suffix(1);
        }
        bool digit = false, letter = false, slash = false;
        for (const char ch : run) {
            const auto u = static_cast<unsigned char>(ch);
            digit = digit || (ch >= '0' && ch <= '9');
            letter = letter || std::isalpha(u) || u >= 0x80;
            slash = slash || ch == '/';
        }
        if (digit && letter && slash && run.size() >= 4 && (run[0] >= '0' && run[0] <= '9')) {
            found.emplace_back(run);
        }
        i = end;
    }
    return found;
}

std::string notationKey(std::string_view notation) {
    std::string key = fold(notation);
    const auto first = key.find_first_not_of(" \t");
    key.erase(0, first == std::string::npos ? key.size() : first);
    if (key.rfind("so ", 0) == 0 || key.rfind("so:", 0) == 0) {
        key.erase(0, 3);
    }
    const auto start = key.find_first_not_of(" \t:");
    key.erase(0, start == std::string::npos ? key.size() : start);
    while (!key.empty() && (key.back() == ' ' || key.back() == '.' || key.back() == ',')) {
        key.pop_back();
    }
    return key;
}

} // namespace vanthu::search
