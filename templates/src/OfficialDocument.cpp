#include "vanthu/templates/OfficialDocument.hpp"

#include <algorithm>

namespace vanthu::templates {

std::string urgencyMark(Urgency u) {
    switch (u) {
    case Urgency::Normal:
        return "";
    case Urgency::Khan:
        return "KHẨN";
    case Urgency::ThuongKhan:
        return "THƯỢNG KHẨN";
    case Urgency::HoaToc:
        return "HỎA TỐC";
    }
    return "";
}

std::string secrecyMark(Secrecy s) {
    switch (s) {
    case Secrecy::None:
        return "";
    case Secrecy::Mat:
        return "MẬT";
    case Secrecy::ToiMat:
        return "TỐI MẬT";
    case Secrecy::TuyetMat:
        return "TUYỆT MẬT";
    }
    return "";
}

std::string circulationMark(Circulation c) {
    switch (c) {
    case Circulation::None:
        return "";
    case Circulation::XemXongTraLai:
        return "XEM XONG TRẢ LẠI";
    case Circulation::LuuHanhNoiBo:
        return "LƯU HÀNH NỘI BỘ";
    }
    return "";
}

std::string OfficialDocument::issuingBodyName() const {
    std::string name = issuingBody;
    std::replace(name.begin(), name.end(), '\n', ' ');
    return name;
}

std::string OfficialDocument::title() const {
    if (type.isLetter) {
        return type.name + (subjectWithVv ? " V/v " : " ") + subject;
    }
    return subject.empty() ? type.name : type.name + " " + subject;
}

} // namespace vanthu::templates
