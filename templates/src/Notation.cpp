#include "vanthu/templates/Notation.hpp"

#include <charconv>
#include <stdexcept>

namespace vanthu::templates {
namespace {

std::string twoDigits(int value) {
    return value < 10 ? "0" + std::to_string(value) : std::to_string(value);
}

int parseField(const std::string& text, size_t pos, size_t len) {
    int value = 0;
    const char* first = text.data() + pos;
    const char* last = first + len;
    auto [end, ec] = std::from_chars(first, last, value);
    if (ec != std::errc() || end != last) {
        throw std::invalid_argument("not a number");
    }
    return value;
}

bool isLeapYear(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int daysInMonth(int year, int month) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && isLeapYear(year) ? 29 : days[month - 1];
}

} // namespace

std::string Notation::text(DocumentSystem system) const {
    const std::string numberText =
        number ? (system == DocumentSystem::State ? twoDigits(*number) : std::to_string(*number))
               : "";
    return numberText + (system == DocumentSystem::State ? "/" : "-") + code;
}

std::string Notation::line(DocumentSystem system) const {
    // State: "Số: 05/UBND-NV" (numbers below 10 get a leading 0); Party: "Số 753-CV/ĐU".
    // A draft keeps the place for the number: "Số:      /UBND-NV".
    const std::string lead = system == DocumentSystem::State ? "Số: " : "Số ";
    if (!number) {
        return lead + "     " + text(system);
    }
    return lead + text(system);
}

CalendarDate CalendarDate::parse(const std::string& text) {
    const bool full = text.size() == 10;
    if (!(full || text.size() == 7) || text[4] != '-' || (full && text[7] != '-')) {
        throw std::invalid_argument("\"" + text +
                                    "\" is not a date (YYYY-MM-DD, or YYYY-MM for a draft)");
    }
    try {
        CalendarDate date;
        date.year = parseField(text, 0, 4);
        date.month = parseField(text, 5, 2);
        if (full) {
            date.day = parseField(text, 8, 2);
        }
        if (date.year < 1945 || date.month < 1 || date.month > 12 ||
            (date.day && (*date.day < 1 || *date.day > daysInMonth(date.year, date.month)))) {
            throw std::invalid_argument("out of range");
        }
        return date;
    } catch (const std::invalid_argument&) {
        throw std::invalid_argument("\"" + text +
                                    "\" is not a date (YYYY-MM-DD, or YYYY-MM for a draft)");
    }
}

std::string CalendarDate::written() const {
    // NĐ 30: day below 10 and months 1 and 2 get a leading zero ("tháng 02", but "tháng 6").
    const std::string monthText = month <= 2 ? twoDigits(month) : std::to_string(month);
    const std::string dayText = day ? twoDigits(*day) : "    ";
    return "ngày " + dayText + " tháng " + monthText + " năm " + std::to_string(year);
}

std::string CalendarDate::iso() const {
    std::string result = std::to_string(year) + "-" + twoDigits(month);
    if (day) {
        result += "-" + twoDigits(*day);
    }
    return result;
}

} // namespace vanthu::templates
