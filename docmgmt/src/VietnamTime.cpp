#include "vanthu/docmgmt/VietnamTime.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <optional>

namespace vanthu::docmgmt {

namespace {
constexpr std::int64_t kOffset = 7 * 3600;

std::tm vietnamTm(std::int64_t unixTime) {
    const std::time_t shifted = static_cast<std::time_t>(unixTime + kOffset);
    std::tm tm{};
    gmtime_r(&shifted, &tm);
    return tm;
}
} // namespace

Clock systemClock() {
    return [] {
        return static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                             std::chrono::system_clock::now().time_since_epoch())
                                             .count());
    };
}

std::string VietnamDate::iso() const {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
    return text;
}

std::string VietnamDate::isoMonth() const {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d", year, month);
    return text;
}

VietnamDate vietnamDate(std::int64_t unixTime) {
    const std::tm tm = vietnamTm(unixTime);
    return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

std::string vietnamTimestamp(std::int64_t unixTime) {
    const std::tm tm = vietnamTm(unixTime);
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d+07:00", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return text;
}

std::int64_t vietnamMidnight(int year, int month, int day) {
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    return static_cast<std::int64_t>(timegm(&tm)) - kOffset;
}

/// "2026-06-16" → days since the epoch; nothing when it is not a date.
std::optional<std::int64_t> dayNumber(const std::string& text) {
    int y = 0, m = 0, d = 0;
    char tail = 0;
    if (text.size() < 10 ||
        std::sscanf(text.substr(0, 10).c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) {
        return std::nullopt;
    }
    if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 9999) {
        return std::nullopt;
    }
    const std::int64_t midnight = vietnamMidnight(y, m, d);
    if (vietnamDate(midnight).day != d) { // 31 February and the like
        return std::nullopt;
    }
    return (midnight + 7 * 3600) / 86400;
}

std::string spokenTime(const std::string& iso) {
    if (iso.size() < 16) {
        return iso;
    }
    return iso.substr(11, 5) + " ngày " + iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" +
           iso.substr(0, 4);
}

} // namespace vanthu::docmgmt
