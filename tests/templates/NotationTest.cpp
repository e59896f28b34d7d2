#include <catch2/catch.hpp>

#include "vanthu/templates/Notation.hpp"

using namespace vanthu::templates;

TEST_CASE("State number and notation has a colon, a slash and a leading zero below 10") {
    CHECK(Notation{5, "UBND-NV"}.line(DocumentSystem::State) == "Số: 05/UBND-NV");
    CHECK(Notation{15, "QĐ-BNV"}.line(DocumentSystem::State) == "Số: 15/QĐ-BNV");
    CHECK(Notation{5, "UBND-NV"}.text(DocumentSystem::State) == "05/UBND-NV");
}

TEST_CASE("Party number has no colon and a hyphen before the type") {
    CHECK(Notation{753, "CV/ĐU"}.line(DocumentSystem::Party) == "Số 753-CV/ĐU");
    CHECK(Notation{7, "TB/TU"}.text(DocumentSystem::Party) == "7-TB/TU");
}

TEST_CASE("A draft keeps the place of its number") {
    const Notation draft{std::nullopt, "UBND-NV"};
    CHECK(draft.text(DocumentSystem::State) == "/UBND-NV");
    CHECK(draft.line(DocumentSystem::State).starts_with("Số: "));
    CHECK(draft.line(DocumentSystem::State).ends_with(" /UBND-NV"));
}

TEST_CASE("Dates are written with leading zeros for days below 10 and months 1 and 2") {
    CHECK(CalendarDate::parse("2024-02-07").written() == "ngày 07 tháng 02 năm 2024");
    CHECK(CalendarDate::parse("2026-06-16").written() == "ngày 16 tháng 6 năm 2026");
    CHECK(CalendarDate::parse("2024-12-01").written() == "ngày 01 tháng 12 năm 2024");
    CHECK(CalendarDate::parse("2024-01-31").iso() == "2024-01-31");
}

TEST_CASE("A draft date leaves the day blank") {
    const auto draft = CalendarDate::parse("2024-06");
    CHECK_FALSE(draft.day.has_value());
    CHECK(draft.written().starts_with("ngày "));
    CHECK(draft.written().ends_with(" tháng 6 năm 2024"));
}

TEST_CASE("Impossible dates are refused") {
    for (const char* bad : {"2024-13-01", "2023-02-29", "2024-04-31", "24-01-01", "2024/01/01",
                            "2024-1-5", "", "2024-00", "abcd-ef-gh", "1900-01-01"}) {
        INFO(bad);
        CHECK_THROWS_AS(CalendarDate::parse(bad), std::invalid_argument);
    }
    CHECK(CalendarDate::parse("2024-02-29").day == 29);
}
