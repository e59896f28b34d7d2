#pragma once
// The report on outgoing handling (báo cáo tình hình xử lý văn bản đi, NĐ 30 Phụ lục VI Phần
// V): each letter the office issued in a period with each receiver's latest status (01 arrived
// … 06 done, 02 refused, 13/15/16 recall), its time and who did it there; as rows for the
// reports page and as CSV. Built on OutgoingFlow's own access rules (list and recipients).
#include <string>
#include <vector>

#include "vanthu/docmgmt/OutgoingFlow.hpp"

namespace vanthu::docmgmt {

struct OutgoingHandlingRow {
    OutgoingDocument document;
    std::vector<DispatchRecord> recipients;
};

struct OutgoingHandlingReport {
    std::string from, to;                  ///< ISO dates, inclusive (issued dates)
    std::vector<OutgoingHandlingRow> rows; ///< by issued date, then number
    /// Receivers per latest status code ("" for none yet), over every row.
    std::vector<std::pair<std::string, int>> byStatus;
};

/// At most this many letters in one report (InvalidInput asks for a shorter period).
inline constexpr std::size_t kMaxHandlingLetters = 5000;

/// The letters the actor may see that were issued from `from` to `to` (ISO dates; InvalidInput
/// when not dates or from is after to).
OutgoingHandlingReport outgoingHandlingReport(const OutgoingFlow& flow, const Actor& actor,
                                              const std::string& from, const std::string& to);
/// One line per receiver: STT, number and notation, date, subject, receiver, channel, status,
/// its time, note; UTF-8 with a BOM, formula cells defused.
std::string outgoingHandlingCsv(const OutgoingHandlingReport& report);

} // namespace vanthu::docmgmt
