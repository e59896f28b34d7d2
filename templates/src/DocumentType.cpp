#include "vanthu/templates/DocumentType.hpp"

#include "vanthu/templates/Unicode.hpp"

namespace vanthu::templates {
namespace {

/// Folds a code for lenient lookup: upper case, Đ→D (codes are short and ASCII otherwise).
std::string foldCode(std::string_view code) {
    std::string upper = toUpper(code);
    std::string out;
    for (size_t i = 0; i < upper.size(); ++i) {
        if (upper.compare(i, 2, "Đ") == 0) {
            out += 'D';
            ++i;
        } else {
            out += upper[i];
        }
    }
    return out;
}

} // namespace

const std::vector<DocumentType>& documentTypes() {
    // Phụ lục III of NĐ 30/2020 (State), and the Party's codes from HD 36 (standards.md §3–4).
    static const std::vector<DocumentType> types{
        {"CV", "Công văn", true, true, true},
        {"NQ", "Nghị quyết", false, true, true},
        {"QĐ", "Quyết định", false, true, true},
        {"CT", "Chỉ thị", false, true, true},
        {"QC", "Quy chế", false, true, true},
        {"QyĐ", "Quy định", false, true, false},
        {"TC", "Thông cáo", false, true, false},
        {"TB", "Thông báo", false, true, true},
        {"HD", "Hướng dẫn", false, true, true},
        {"CTr", "Chương trình", false, true, true},
        {"KH", "Kế hoạch", false, true, true},
        {"PA", "Phương án", false, true, true},
        {"ĐA", "Đề án", false, true, true},
        {"DA", "Dự án", false, true, false},
        {"BC", "Báo cáo", false, true, true},
        {"BB", "Biên bản", false, true, true},
        {"TTr", "Tờ trình", false, true, true},
        {"HĐ", "Hợp đồng", false, true, false},
        {"CĐ", "Công điện", false, true, false},
        {"BGN", "Bản ghi nhớ", false, true, false},
        {"BTT", "Bản thỏa thuận", false, true, false},
        {"GUQ", "Giấy ủy quyền", false, true, false},
        {"GM", "Giấy mời", false, true, false},
        {"GGT", "Giấy giới thiệu", false, true, false},
        {"GNP", "Giấy nghỉ phép", false, true, false},
        {"PG", "Phiếu gửi", false, true, false},
        {"PC", "Phiếu chuyển", false, true, false},
        {"PB", "Phiếu báo", false, true, false},
        {"KL", "Kết luận", false, false, true},
        {"TT", "Thông tri", false, false, true},
    };
    return types;
}

std::optional<DocumentType> findDocumentType(std::string_view code) {
    for (const auto& type : documentTypes()) {
        if (type.code == code) {
            return type;
        }
    }
    const std::string folded = foldCode(code);
    for (const auto& type : documentTypes()) {
        if (foldCode(type.code) == folded) {
            return type;
        }
    }
    return std::nullopt;
}

} // namespace vanthu::templates
