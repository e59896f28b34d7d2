#pragma once
// Vietnamese folding (bỏ dấu) for search: people type "cai cach hanh chinh" for "cải cách hành
// chính" and "d" for "đ". Two forms of each word are indexed: the exact form (lower case, NFC)
// and the folded form (lower case, no tone marks, no vowel marks ă â ê ô ơ ư, đ → d).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vanthu::search {

/// Lower case by Vietnamese rules, NFC ("Cải" → "cải", "ĐẢNG" → "đảng"). Other characters are
/// kept as they are.
std::string lowerExact(std::string_view text);

/// Lower case without tone marks or vowel marks, đ/Đ → d ("Đường" → "duong", "ƯU" → "uu").
/// Characters that are not letters are kept ("753-CV/ĐU" → "753-cv/du").
std::string fold(std::string_view text);

/// Whether the text carries any mark that fold() removes (a query word typed with diacritics).
bool hasMarks(std::string_view text);

/// A word of a text: letters and digits (a tone mark written as a combining character stays in
/// its word). begin/end are byte offsets into the text.
struct Token {
    std::size_t begin = 0, end = 0;
    std::string exact;  ///< lowerExact of the word
    std::string folded; ///< fold of the word
};

/// The words of a UTF-8 text in order. Invalid UTF-8 bytes separate words.
std::vector<Token> tokenize(std::string_view text);

/// Number-and-notation strings in a text ("Số 753-CV/ĐU", "05/UBND-NV", "45/2020/NĐ-CP"): runs
/// without spaces that hold a digit, a letter and a '/'; trailing punctuation is dropped.
std::vector<std::string> notationsIn(std::string_view text);

/// The form a notation is indexed and looked up by: folded, without a leading "số"
/// ("Số 753-CV/ĐU" → "753-cv/du").
std::string notationKey(std::string_view notation);

} // namespace vanthu::search
