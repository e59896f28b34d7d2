#pragma once
// Dates as Vietnamese offices write them: Vietnam time (UTC+7, no daylight saving).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace vanthu::docmgmt {

/// Seconds since the epoch; tests replace it to move through 31 December.
using Clock = std::function<std::int64_t()>;
Clock systemClock();

struct VietnamDate {
    int year = 0, month = 0, day = 0;
    std::string iso() const;      ///< "2026-06-16"
    std::string isoMonth() const; ///< "2026-06"
};

VietnamDate vietnamDate(std::int64_t unixTime);
/// "2026-06-16T09:30:00+07:00"
std::string vietnamTimestamp(std::int64_t unixTime);
/// "2026-06-16T09:30:00+07:00" → "09:30 ngày 16/06/2026" (the text is already Vietnam time);
/// a shorter text as it is.
std::string spokenTime(const std::string& iso);
/// "2026-06-16" (a longer text: its first 10 characters) → days since the epoch; nothing when
/// it is not a real date (31 February, month 13).
std::optional<std::int64_t> dayNumber(const std::string& isoDate);
/// Seconds since the epoch of 00:00 Vietnam time on that day (tests).
std::int64_t vietnamMidnight(int year, int month, int day);

} // namespace vanthu::docmgmt
