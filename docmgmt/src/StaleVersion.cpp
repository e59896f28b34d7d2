// The one sentence of a refused stale save (issue 16: two tabs cannot overwrite each other).
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/VietnamTime.hpp"

namespace vanthu::docmgmt {

StaleVersion StaleVersion::of(const std::string& what, int currentVersion, int baseVersion,
                              const std::string& by, const std::string& at) {
    std::string when = at.empty() ? std::string() : " lúc " + spokenTime(at);
    return StaleVersion(what + " đã được " + (by.empty() ? std::string("người khác") : by) +
                            " lưu" + when + " (phiên bản " + std::to_string(currentVersion) +
                            ", bạn đang sửa phiên bản " + std::to_string(baseVersion) +
                            "), có thể ở một cửa sổ khác. Bản của bạn chưa được lưu và không có "
                            "gì bị ghi đè: hãy tải lại bản mới hoặc so sánh hai bản.",
                        currentVersion, by, at);
}

} // namespace vanthu::docmgmt
