#pragma once
// The status package (gói tin trạng thái): what happened to a document at a receiving office,
// sent back to the sender. Codes of QCVN 102 (amended 2022).
#include <string>
#include <vector>

#include "vanthu/exchange/EdxmlPackage.hpp"

namespace vanthu::exchange {

namespace status {
inline constexpr const char* kArrived = "01";    ///< đã đến
inline constexpr const char* kRefused = "02";    ///< từ chối tiếp nhận
inline constexpr const char* kRegistered = "03"; ///< đã tiếp nhận, vào sổ
inline constexpr const char* kAssigned = "04";   ///< đã phân công
inline constexpr const char* kInProgress = "05"; ///< đang xử lý
inline constexpr const char* kDone = "06";       ///< hoàn thành
} // namespace status

/// Who handled it at the receiving office.
struct StaffInfo {
    std::string department, staff, mobile, email; ///< staff required when any is set
    bool operator==(const StaffInfo&) const = default;
};

struct MessageStatus {
    ResponseFor responseFor; ///< the document (organId: its sender; documentId: its package)
    Organ from;              ///< the office reporting
    std::string statusCode;  ///< "01" … "06", "13", "15", "16"
    std::string description;
    std::string timestamp; ///< "YYYY/MM/DD HH:MM:SS"
    StaffInfo staffInfo;   ///< left out when staff is empty
    std::vector<TraceHeader> traceHeaders;
    bool operator==(const MessageStatus&) const = default;
};

} // namespace vanthu::exchange
