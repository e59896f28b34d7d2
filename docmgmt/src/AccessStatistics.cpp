#include "vanthu/docmgmt/AccessStatistics.hpp"

#include <cstdio>
#include <map>

#include "Csv.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/Storage.hpp"
#include "vanthu/docmgmt/VietnamTime.hpp"

namespace vanthu::docmgmt {

namespace {

constexpr std::int64_t kLongestPeriodDays = 3660;

void add(AccessCounts& counts, const Storage::SignInTally& tally) {
    if (tally.action == "sign-in") {
        counts.signIns += tally.count;
        counts.lastSignIn = std::max(counts.lastSignIn, tally.lastAt);
    } else if (tally.action == "sign-in-failed") {
        counts.failedSignIns += tally.count;
    } else if (tally.action == "sign-in-throttled") {
        counts.heldBack += tally.count;
    } else if (tally.action == "sign-out") {
        counts.signOuts += tally.count;
    }
}

/// "2026-06" → "2026-07".
std::string nextMonth(const std::string& month) {
    int year = std::stoi(month.substr(0, 4));
    int number = std::stoi(month.substr(5, 2)) + 1;
    if (number > 12) {
        number = 1;
        ++year;
    }
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02d", year, number);
    return text;
}

std::string csvRow(const std::string& kind, const AccessCounts& c) {
    return csv::field(kind) + "," + csv::field(c.key) + "," + std::to_string(c.signIns) + "," +
           std::to_string(c.failedSignIns) + "," + std::to_string(c.heldBack) + "," +
           std::to_string(c.signOuts) + "," + csv::field(c.lastSignIn) + "\r\n";
}

} // namespace

AccessReport accessStatistics(const Storage& storage, const std::string& from,
                              const std::string& to,
                              const std::function<bool(const std::string&)>& counted) {
    const auto first = dayNumber(from);
    const auto last = dayNumber(to);
    if (!first || from.size() != 10) {
        throw InvalidInput("from", "Ngày bắt đầu phải là ngày dạng 2026-01-01.");
    }
    if (!last || to.size() != 10 || *last < *first) {
        throw InvalidInput("to", "Ngày kết thúc phải là ngày dạng 2026-12-31, không trước ngày "
                                 "bắt đầu.");
    }
    if (*last - *first > kLongestPeriodDays) {
        throw InvalidInput("to", "Mỗi lần thống kê tối đa mười năm.");
    }
    AccessReport report;
    report.from = from;
    report.to = to;
    report.total.key = "Tổng";
    std::map<std::string, AccessCounts> months, accounts;
    for (std::string month = from.substr(0, 7); month <= to.substr(0, 7);
         month = nextMonth(month)) {
        months[month].key = month;
    }
    for (const auto& tally : storage.signInTallies(from, to)) {
        if (counted && !counted(tally.username)) {
            continue;
        }
        add(months[tally.month], tally);
        auto& account = accounts[tally.username];
        account.key = tally.username;
        add(account, tally);
        add(report.total, tally);
    }
    for (auto& [key, counts] : months) {
        report.months.push_back(std::move(counts));
    }
    for (auto& [key, counts] : accounts) {
        report.accounts.push_back(std::move(counts));
    }
    return report;
}

std::string accessStatisticsCsv(const AccessReport& report) {
    std::string out = std::string(csv::kBom) +
                      "Loại,Tháng hoặc tài khoản,Đăng nhập,Đăng nhập sai,Bị tạm chặn,Đăng xuất,"
                      "Lần đăng nhập cuối\r\n";
    for (const auto& month : report.months) {
        out += csvRow("Tháng", month);
    }
    for (const auto& account : report.accounts) {
        out += csvRow("Tài khoản", account);
    }
    return out + csvRow("Tổng", report.total);
}

} // namespace vanthu::docmgmt
