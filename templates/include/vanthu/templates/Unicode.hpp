#pragma once
// Unicode helpers backed by ICU.
#include <cstddef>
#include <string>
#include <string_view>

namespace vanthu::templates {

/// NFC normalisation of UTF-8 text; throws std::invalid_argument for invalid UTF-8.
std::string toNfc(std::string_view utf8);
/// Upper case by Vietnamese rules ("Ủy ban" → "ỦY BAN").
std::string toUpper(std::string_view utf8);
/// What keeps a text from being stored as it came (issue 19): the first fault, where found.
struct TextFault {
    enum Kind {
        None,
        InvalidUtf8,       ///< not UTF-8, or a surrogate (a lone "\ud800" decodes to one)
        Control,           ///< C0/C1 controls and DEL; tab and newline only where lines are allowed
        DirectionOverride, ///< U+202A–U+202E, U+2066–U+2069 (bidi embeddings, overrides, isolates)
    };
    Kind kind = None;
    char32_t codePoint = 0;     ///< the character at fault (Control, DirectionOverride)
    std::size_t characters = 0; ///< code points in the text (when kind is None)
};
/// Checks UTF-8 text a user sent: strictly valid UTF-8 (no surrogates, no overlongs), no
/// control characters except tab and newline when severalLines, no direction overrides.
TextFault findTextFault(std::string_view utf8, bool severalLines);

/// Code points of UTF-8 text.
std::u32string toCodePoints(std::string_view utf8);

} // namespace vanthu::templates
