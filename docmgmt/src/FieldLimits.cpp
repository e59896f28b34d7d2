#include "vanthu/docmgmt/FieldLimits.hpp"

#include <algorithm>
#include <array>

#include "vanthu/docmgmt/VietnamTime.hpp"

namespace vanthu::docmgmt {

namespace {

constexpr std::array kAll{
    limits::kSubject,     limits::kTypeName,     limits::kCodeNumber,      limits::kCodeNotation,
    limits::kOrganName,   limits::kSignerName,   limits::kSignerPosition,  limits::kLanguage,
    limits::kDescription, limits::kIssuedAmount, limits::kPageAmount,      limits::kDraftingUnit,
    limits::kAuthorityOf, limits::kOfficeName,   limits::kUserFullName,    limits::kUserTitle,
    limits::kFileCode,    limits::kFileTitle,    limits::kFileDescription,
};

/// 1234 → "1.234", as Vietnamese writes numbers.
std::string grouped(std::size_t n) {
    std::string digits = std::to_string(n);
    for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3) {
        digits.insert(static_cast<std::size_t>(at), ".");
    }
    return digits;
}

} // namespace

std::span<const FieldLimit> fieldLimits() {
    return kAll;
}

std::size_t characterCount(std::string_view utf8) {
    return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

void requireLength(const FieldLimit& limit, std::string_view text, const char* field) {
    const std::size_t count = characterCount(text);
    if (count > limit.max) {
        throw FieldTooLong(field ? field : limit.field,
                           std::string(limit.label) + " dài " + grouped(count) +
                               " ký tự, vượt giới hạn " + grouped(limit.max) +
                               " ký tự (Nghị định 30/2020, Phụ lục VI, Phần II).");
    }
}

void requireAmount(const FieldLimit& limit, int value, const char* field) {
    if (value < 0 || static_cast<std::size_t>(value) > limit.max) {
        throw FieldTooLong(field ? field : limit.field,
                           std::string(limit.label) + " phải từ 1 đến " + grouped(limit.max) +
                               " (để trống nếu không có); đã nhập " + std::to_string(value) + ".");
    }
}

void requireIsoDate(const char* field, const char* label, const std::string& text) {
    if (!text.empty() && !dayNumber(text)) {
        throw InvalidInput(field, std::string(label) + " phải là ngày dạng 2026-06-30.");
    }
}

} // namespace vanthu::docmgmt
