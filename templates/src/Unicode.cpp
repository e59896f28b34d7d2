#include "vanthu/templates/Unicode.hpp"

#include <stdexcept>

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

namespace vanthu::templates {
namespace {

icu::UnicodeString fromUtf8(std::string_view utf8) {
    // ICU replaces invalid sequences silently; refuse them instead so nothing is lost unseen.
    int32_t i = 0;
    const auto length = static_cast<int32_t>(utf8.size());
    while (i < length) {
        UChar32 c = 0;
        U8_NEXT(utf8.data(), i, length, c);
        if (c < 0) {
            throw std::invalid_argument("the text is not valid UTF-8");
        }
    }
    return icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), length));
}

std::string toUtf8(const icu::UnicodeString& text) {
    std::string out;
    text.toUTF8String(out);
    return out;
}

} // namespace

std::string toNfc(std::string_view utf8) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) {
        throw std::runtime_error("ICU NFC normaliser unavailable");
    }
    const icu::UnicodeString text = fromUtf8(utf8);
    if (nfc->isNormalized(text, status) && U_SUCCESS(status)) {
        return std::string(utf8);
    }
    status = U_ZERO_ERROR;
    icu::UnicodeString normalised = nfc->normalize(text, status);
    if (U_FAILURE(status)) {
        throw std::invalid_argument("the text cannot be normalised to NFC");
    }
    return toUtf8(normalised);
}

std::string toUpper(std::string_view utf8) {
    icu::UnicodeString text = fromUtf8(utf8);
    text.toUpper(icu::Locale("vi"));
    return toUtf8(text);
}

std::u32string toCodePoints(std::string_view utf8) {
    std::u32string out;
    int32_t i = 0;
    const auto length = static_cast<int32_t>(utf8.size());
    while (i < length) {
        UChar32 c = 0;
        U8_NEXT(utf8.data(), i, length, c);
        if (c < 0) {
            throw std::invalid_argument("the text is not valid UTF-8");
        }
        out += static_cast<char32_t>(c);
    }
    return out;
}

TextFault findTextFault(std::string_view utf8, bool severalLines) {
    TextFault fault;
    int32_t i = 0;
    const auto length = static_cast<int32_t>(utf8.size());
    while (i < length) {
        UChar32 c = 0;
        U8_NEXT(utf8.data(), i, length, c); // c < 0 for ill-formed bytes and for surrogates
        if (c < 0) {
            fault.kind = TextFault::InvalidUtf8;
            return fault;
        }
        const bool line = c == '\t' || c == '\n';
        if ((c < 0x20 && !(severalLines && line)) || (c >= 0x7F && c <= 0x9F)) {
            fault.kind = TextFault::Control;
        } else if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) {
            fault.kind = TextFault::DirectionOverride;
        }
        if (fault.kind != TextFault::None) {
            fault.codePoint = static_cast<char32_t>(c);
            return fault;
        }
        ++fault.characters;
    }
    return fault;
}

} // namespace vanthu::templates
