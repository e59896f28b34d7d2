#pragma once
// System access statistics (thống kê truy cập hệ thống, Phụ lục VI III.6b): sign-ins, failed and
// held-back sign-ins and sign-outs per month and per account over a period, counted from the
// audit trail (where SessionHandler records each of them), for administrators and as CSV.
#include <functional>
#include <string>
#include <vector>

namespace vanthu::docmgmt {

class Storage;

/// The counts of one month ("2026-06") or one account (its user name).
struct AccessCounts {
    std::string key;
    long signIns = 0;
    long failedSignIns = 0; ///< wrong password or unknown account
    long heldBack = 0;      ///< refused by the sign-in throttle (too many failures)
    long signOuts = 0;
    std::string lastSignIn; ///< the latest successful one in the period, "" when none
};

struct AccessReport {
    std::string from, to;               ///< "2026-01-01", inclusive
    std::vector<AccessCounts> months;   ///< every month of the period, oldest first
    std::vector<AccessCounts> accounts; ///< accounts with any count, by user name
    AccessCounts total;                 ///< key "Tổng"
};

/// The report of the days from .. to (ISO dates); InvalidInput("from"/"to") when they are not
/// dates, when to is before from, or the period is longer than ten years. counted: which user
/// names the report covers (an office's administrator: its own users); empty: every one.
AccessReport accessStatistics(const Storage& storage, const std::string& from,
                              const std::string& to,
                              const std::function<bool(const std::string&)>& counted = {});
/// The months, then the accounts, then the total, as CSV (UTF-8 with BOM, CRLF; cells safe to
/// open in a spreadsheet).
std::string accessStatisticsCsv(const AccessReport& report);

} // namespace vanthu::docmgmt
