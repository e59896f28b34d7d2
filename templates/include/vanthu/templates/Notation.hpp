#pragma once
// Number and notation (số, ký hiệu) and place and date (địa danh, ngày tháng năm).
#include <optional>
#include <string>

#include "vanthu/templates/DocumentType.hpp"

namespace vanthu::templates {

struct Notation {
    std::optional<int> number; ///< empty while the document is a draft (the register gives it)
    std::string code;          ///< "UBND-NV" (State), "CV/ĐU" (Party)

    /// "Số: 05/UBND-NV", "Số 753-CV/ĐU"; a draft keeps the gap: "Số: /UBND-NV", "Số -CV/ĐU".
    std::string line(DocumentSystem system) const;
    /// "05/UBND-NV" or "753-CV/ĐU": the identifier registers and search use.
    std::string text(DocumentSystem system) const;
};

struct CalendarDate {
    int year = 0;
    int month = 0;
    std::optional<int> day; ///< empty while the document is a draft

    /// Parses "2024-06-25", or "2024-06" for a draft; throws std::invalid_argument otherwise.
    static CalendarDate parse(const std::string& text);
    /// "ngày 07 tháng 02 năm 2024": day below 10 and months 1–2 get a leading 0; a draft leaves
    /// the day blank ("ngày    tháng 6 năm 2024").
    std::string written() const;
    /// "2024-02-07" (or "2024-02" for a draft).
    std::string iso() const;
};

} // namespace vanthu::templates
