#include "http/AxisAgencies.hpp"

#include <algorithm>

#include "vanthu/docmgmt/DirectorySync.hpp"
#include "vanthu/docmgmt/Errors.hpp"

namespace vanthu::http {

namespace {

constexpr std::size_t kMaxName = 300;
constexpr std::size_t kMaxMail = 254;
constexpr std::size_t kMaxPhone = 32;

bool hasControl(const std::string& text) {
    return std::any_of(text.begin(), text.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

void checkPhone(const std::string& field, const std::string& value) {
    const bool ok =
        value.size() <= kMaxPhone && std::all_of(value.begin(), value.end(), [](char c) {
            return (c >= '0' && c <= '9') || c == ' ' || c == '+' || c == '.' || c == '-' ||
                   c == '(' || c == ')';
        });
    if (!ok) {
        throw docmgmt::InvalidInput(field,
                                    "Số " + std::string(field == "fax" ? "fax" : "điện thoại") +
                                        " chỉ gồm chữ số, dấu cách, + . - ( ) và không quá " +
                                        std::to_string(kMaxPhone) + " ký tự.");
    }
}

} // namespace

void checkSubUnitCode(const std::string& code) {
    if (!docmgmt::usableOfficeCode(code)) {
        throw docmgmt::InvalidInput("code", "Mã đơn vị phải có 1–32 ký tự gồm chữ, số, '.', "
                                            "'-', '_'.");
    }
}

exchange::AxisAgencyRegistration subUnitRegistration(const std::vector<docmgmt::Office>& offices,
                                                     const std::string& systemId,
                                                     const SubUnitInput& input) {
    checkSubUnitCode(input.code);
    const auto office = std::find_if(offices.begin(), offices.end(),
                                     [&](const auto& o) { return o.code == input.code; });
    if (office == offices.end() || !office->isLocal() || office->dissolved()) {
        throw docmgmt::NotFound("Không có cơ quan mã " + input.code +
                                " đang hoạt động trên máy chủ này để đăng ký với trục liên thông.");
    }
    exchange::AxisAgencyRegistration r;
    r.code = input.code;
    r.name = input.name.empty() ? office->name : input.name;
    if (r.name.size() > kMaxName || hasControl(r.name)) {
        throw docmgmt::InvalidInput("name", "Tên đơn vị không quá " + std::to_string(kMaxName) +
                                                " byte, trên một dòng.");
    }
    r.parentCode = input.parentCode;
    if (r.parentCode.empty()) {
        r.parentCode = systemId; // under the centre, unless its parent office is hosted here
        if (office->parentId) {
            for (const auto& parent : offices) {
                if (parent.id == *office->parentId && parent.isLocal()) {
                    r.parentCode = parent.code;
                }
            }
        }
    }
    if (!docmgmt::usableOfficeCode(r.parentCode) || r.parentCode == r.code) {
        throw docmgmt::InvalidInput("parentCode", "Mã đơn vị cấp trên phải là một mã khác, 1–32 "
                                                  "ký tự gồm chữ, số, '.', '-', '_'.");
    }
    r.mail = input.mail;
    if (r.mail.size() > kMaxMail || hasControl(r.mail) ||
        (!r.mail.empty() && r.mail.find('@') == std::string::npos)) {
        throw docmgmt::InvalidInput("mail", "Thư điện tử không quá " + std::to_string(kMaxMail) +
                                                " ký tự, có dấu @.");
    }
    checkPhone("mobile", input.mobile);
    checkPhone("fax", input.fax);
    r.mobile = input.mobile;
    r.fax = input.fax;
    return r;
}

std::string subUnitDetail(const exchange::AxisAgencyRegistration& registration) {
    return registration.code + " " + registration.name + " (cấp trên " + registration.parentCode +
           ")";
}

} // namespace vanthu::http
