#pragma once
// The one table of how long each field of a document's metadata may be, checked where the field
// is entered (drafts, incoming registration, arriving packages, bulk import, offices and users,
// case files) so that nothing accepted at entry can later break an export. The lengths are those
// of NĐ 30/2020 Phụ lục VI Phần II (../shared/standards.md), which the archive package's schema
// (docmgmt/schema/archive-manifest.xsd) binds: a field within its limit here fits the manifest.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "vanthu/docmgmt/Errors.hpp"

namespace vanthu::docmgmt {

/// One field: its name in the API, its Vietnamese label and its limit. For texts `max` counts
/// characters (Unicode code points); for numbers (`number`) it is the largest value.
struct FieldLimit {
    const char* field;
    const char* label;
    std::size_t max;
    bool number = false;
};

namespace limits {
// Document metadata (Phần II): name, type, length.
inline constexpr FieldLimit kSubject{"subject", "Trích yếu nội dung", 500};             // S500
inline constexpr FieldLimit kTypeName{"typeName", "Tên loại văn bản", 100};             // S100
inline constexpr FieldLimit kCodeNumber{"number", "Số của văn bản", 11};                // S11
inline constexpr FieldLimit kCodeNotation{"notation", "Ký hiệu của văn bản", 30};       // S30
inline constexpr FieldLimit kOrganName{"senderName", "Tên cơ quan ban hành", 200};      // S200
inline constexpr FieldLimit kSignerName{"signerName", "Họ tên người ký", 50};           // S50
inline constexpr FieldLimit kSignerPosition{"signerPosition", "Chức vụ người ký", 100}; // S100
inline constexpr FieldLimit kLanguage{"language", "Ngôn ngữ", 30};                      // S30
inline constexpr FieldLimit kDescription{"description", "Ghi chú", 500};                // S500
inline constexpr FieldLimit kIssuedAmount{"issuedAmount", "Số lượng bản phát hành", 999, true};
inline constexpr FieldLimit kPageAmount{"pageAmount", "Số trang", 999, true}; // N3
// What composes an outgoing document's CodeNotation and SignerInfo.
inline constexpr FieldLimit kDraftingUnit{"draftingUnit", "Đơn vị soạn thảo", 10};
inline constexpr FieldLimit kAuthorityOf{"authorityOf", "Thẩm quyền ký (thay mặt ai)", 100};
// Offices and users, whose names are written in every document's manifest.
inline constexpr FieldLimit kOfficeName{"name", "Tên cơ quan", 200}; // S200
inline constexpr FieldLimit kUserFullName{"fullName", "Họ tên", 50}; // S50
inline constexpr FieldLimit kUserTitle{"title", "Chức vụ", 100};     // S100
// Case files (Phần II, hồ sơ).
inline constexpr FieldLimit kFileCode{"code", "Số và ký hiệu hồ sơ", 20};           // S20
inline constexpr FieldLimit kFileTitle{"title", "Tiêu đề hồ sơ", 500};              // S500
inline constexpr FieldLimit kFileDescription{"description", "Chú giải hồ sơ", 500}; // S500
} // namespace limits

/// Every limit above, for the documentation and the API's GET /api/field-limits.
std::span<const FieldLimit> fieldLimits();

/// A text longer than its field allows, or a number out of its range [400]. The message names
/// the field's label and the limit in Vietnamese.
class FieldTooLong : public InvalidInput {
public:
    using InvalidInput::InvalidInput;
};

/// Characters (code points) of UTF-8 text.
std::size_t characterCount(std::string_view utf8);

/// Throws FieldTooLong naming limit.label when text has more than limit.max characters.
/// `field` overrides the API name (e.g. "issuer" where the import calls it so).
void requireLength(const FieldLimit& limit, std::string_view text, const char* field = nullptr);
/// Throws FieldTooLong when value is not 0 (absent) nor within 1..limit.max.
void requireAmount(const FieldLimit& limit, int value, const char* field = nullptr);
/// Throws InvalidInput naming the field unless text is empty or an ISO date (YYYY-MM-DD).
void requireIsoDate(const char* field, const char* label, const std::string& text);

} // namespace vanthu::docmgmt
