#include "vanthu/docmgmt/OutgoingHandling.hpp"

#include <algorithm>
#include <map>

#include "Csv.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/FieldLimits.hpp"
#include "vanthu/docmgmt/IncomingDocument.hpp"

namespace vanthu::docmgmt {

namespace {

const char* channelName(DispatchChannel channel) {
    switch (channel) {
    case DispatchChannel::Local:
        return "Điện tử (cùng máy chủ)";
    case DispatchChannel::Edxml:
        return "Điện tử (liên thông)";
    case DispatchChannel::Paper:
        break;
    }
    return "Bản giấy";
}

} // namespace

OutgoingHandlingReport outgoingHandlingReport(const OutgoingFlow& flow, const Actor& actor,
                                              const std::string& from, const std::string& to) {
    requireIsoDate("from", "Từ ngày", from);
    requireIsoDate("to", "Đến ngày", to);
    if (from.empty() || to.empty() || from > to) {
        throw InvalidInput("from", "Khoảng thời gian không hợp lệ: “từ ngày” phải trước "
                                   "“đến ngày”.");
    }
    OutgoingHandlingReport report;
    report.from = from;
    report.to = to;
    for (auto& doc : flow.list(actor, DocumentState::Issued)) {
        if (doc.issuedDate < from || doc.issuedDate > to) {
            continue;
        }
        if (report.rows.size() >= kMaxHandlingLetters) {
            throw InvalidInput("from", "Khoảng thời gian có hơn " +
                                           std::to_string(kMaxHandlingLetters) +
                                           " văn bản; xin chọn khoảng ngắn hơn.");
        }
        report.rows.push_back({std::move(doc), {}});
    }
    std::sort(report.rows.begin(), report.rows.end(), [](const auto& a, const auto& b) {
        return std::make_pair(a.document.issuedDate, a.document.number.value_or(0)) <
               std::make_pair(b.document.issuedDate, b.document.number.value_or(0));
    });
    std::map<std::string, int> counts;
    for (auto& row : report.rows) {
        row.recipients = flow.recipients(actor, row.document.id);
        for (const auto& r : row.recipients) {
            ++counts[r.statusCode];
        }
    }
    report.byStatus.assign(counts.begin(), counts.end());
    return report;
}

std::string outgoingHandlingCsv(const OutgoingHandlingReport& report) {
    std::string out = csv::kBom;
    out += "STT,Số và ký hiệu,Ngày văn bản,Trích yếu,Nơi nhận,Cách gửi,Tình trạng xử lý,"
           "Thời điểm,Ghi chú\r\n";
    int ordinal = 0;
    for (const auto& row : report.rows) {
        ++ordinal;
        const auto& d = row.document;
        const auto line = [&](const DispatchRecord* r) {
            out += std::to_string(ordinal) + "," + csv::field(d.notation) + "," +
                   csv::field(csv::writtenDate(d.issuedDate)) + "," + csv::field(d.subject) + ",";
            if (r) {
                const std::string status =
                    r->statusCode.empty() ? "Chưa có phản hồi" : statusLabel(r->statusCode);
                std::string note = r->statusDescription;
                if (!r->note.empty()) {
                    note += (note.empty() ? "" : "; ") + r->note;
                }
                out += csv::field(r->recipientName.empty() ? r->recipientCode : r->recipientName) +
                       "," + csv::field(channelName(r->channel)) + "," + csv::field(status) + "," +
                       csv::field(r->statusAt) + "," + csv::field(note);
            } else {
                out += ",,,,";
            }
            out += "\r\n";
        };
        if (row.recipients.empty()) {
            line(nullptr);
        }
        for (const auto& r : row.recipients) {
            line(&r);
        }
    }
    return out;
}

} // namespace vanthu::docmgmt
