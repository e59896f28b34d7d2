#pragma once
// The model of an official document (văn bản): every element that Nghị định 30/2020/NĐ-CP
// Phụ lục I and Hướng dẫn 36-HD/VPTW place on the page.
#include <optional>
#include <string>
#include <vector>

#include "vanthu/templates/Authority.hpp"
#include "vanthu/templates/BodyMarkup.hpp"
#include "vanthu/templates/DocumentType.hpp"
#include "vanthu/templates/Notation.hpp"

namespace vanthu::templates {

enum class Urgency { Normal, Khan /*KHẨN*/, ThuongKhan /*THƯỢNG KHẨN*/, HoaToc /*HỎA TỐC*/ };
enum class Secrecy { None, Mat /*MẬT*/, ToiMat /*TỐI MẬT*/, TuyetMat /*TUYỆT MẬT*/ };
enum class Circulation {
    None,
    XemXongTraLai /*XEM XONG TRẢ LẠI*/,
    LuuHanhNoiBo /*LƯU HÀNH NỘI BỘ*/
};

std::string urgencyMark(Urgency u); ///< "KHẨN", … ; empty for Normal
std::string secrecyMark(Secrecy s); ///< "MẬT", … ; empty for None
std::string circulationMark(Circulation c);

/// The signer block (phần ký): "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" / signature / "Triệu Đức Dũng".
struct SignerBlock {
    Authority authority = Authority::Own;
    std::string authorityOf; ///< after the prefix: "CHỦ TỊCH", "ỦY BAN NHÂN DÂN", "BAN THƯỜNG VỤ"
    std::string title; ///< the signer's own title: "PHÓ CHỦ TỊCH"
    std::string name;  ///< "Triệu Đức Dũng", no academic titles
};

/// An appendix (phụ lục) printed on its own pages, numbered on its own.
struct Appendix {
    std::string label; ///< "Phụ lục I"
    std::string title; ///< "DANH MỤC …"
    Body body;
};

struct OfficialDocument {
    DocumentSystem system = DocumentSystem::State;
    DocumentType type;
    std::string parentBody;  ///< cơ quan chủ quản, optional
    std::string issuingBody; ///< cơ quan ban hành
    Notation notation;
    std::string place; ///< địa danh
    CalendarDate date;
    std::string subject;                 ///< trích yếu
    bool subjectWithVv = true;           ///< công văn: lead the subject with "V/v"
    std::vector<std::string> recipients; ///< Kính gửi
    Body body;
    std::vector<Appendix> appendices;
    SignerBlock signer;
    std::vector<std::string> distribution; ///< Nơi nhận
    Urgency urgency = Urgency::Normal;
    Secrecy secrecy = Secrecy::None;
    Circulation circulation = Circulation::None;
    std::string typistAndCopies; ///< "PL.(300)"
    std::string contact;         ///< contact line under a rule at the foot of page 1
    std::string author;          ///< PDF metadata: who drafted it (defaults to the issuing body)
    std::optional<long long> timestamp; ///< seconds since the epoch for the PDF dates

    /// The issuing body on one line (a '\n' in `issuingBody` only breaks the printed header).
    std::string issuingBodyName() const;
    bool isDraft() const { return !notation.number || !date.day; }
    /// "Công văn V/v …", "Quyết định Về việc …": the PDF title and register entry.
    std::string title() const;
};

} // namespace vanthu::templates
