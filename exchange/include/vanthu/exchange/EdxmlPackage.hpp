#pragma once
// The edXML document package (gói tin văn bản điện tử) of QCVN 102:2016/BTTTT: a header with
// the sender and receivers, the document's number, date, type, subject and signer, the trace
// of offices it passed through, and the signed PDF with its attachments as payload. Field names
// follow the standard's element names (docs/exchange.md).
#include <optional>
#include <string>
#include <vector>

namespace vanthu::exchange {

/// The namespace of every edXML element.
inline constexpr const char* kEdxmlNamespace = "http://www.mic.gov.vn/TBT/QCVN_102_2016";

/// An office (cơ quan, tổ chức) as the sender or a receiver.
struct Organ {
    std::string organId;   ///< mã định danh, "000.00.12.H35"
    std::string organName; ///< "ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN"
    // Optional details, left out of the XML when empty.
    std::string organizationInCharge, organAdd, email, telephone, fax, website;
    bool operator==(const Organ&) const = default;
};

/// Số, ký hiệu: "05" and "UBND-NV" (State), "753" and "CV/ĐU" (Party).
struct Code {
    std::string codeNumber, codeNotation;
    bool operator==(const Code&) const = default;
};

/// Địa danh and ngày ban hành; dates are "YYYY/MM/DD".
struct PromulgationInfo {
    std::string place, promulgationDate;
    bool operator==(const PromulgationInfo&) const = default;
};

struct DocumentType {
    /// Writers disagree: 1 administrative / 2 legal normative in some, the 2022 amendment's
    /// code list (18 Công văn…) in others; both are read as they come.
    int type = 1;
    std::string typeDetail; ///< the type's code in the writer's list, optional
    std::string typeName;   ///< "Công văn", "Quyết định"…
    bool operator==(const DocumentType&) const = default;
};

struct SignerInfo {
    std::string competence; ///< thẩm quyền: "TM. ỦY BAN NHÂN DÂN", "T/M BAN THƯỜNG VỤ"
    std::string position;   ///< "CHỦ TỊCH"
    std::string fullName;
    bool operator==(const SignerInfo&) const = default;
};

struct OtherInfo {
    int priority = 0; ///< độ khẩn: 0 normal … 3 hỏa tốc
    std::string sphereOfPromulgation, typerNotation;
    int promulgationAmount = 0, pageAmount = 0;
    std::string direction; ///< as written ("true"/"false", "0"/"1"), optional
    std::vector<std::string> appendixes;
    bool operator==(const OtherInfo&) const = default;
};

/// The document this one answers (or a status is about).
struct ResponseFor {
    std::string organId, code, promulgationDate, documentId;
    bool operator==(const ResponseFor&) const = default;
};

/// One office the package passed through; timestamps are "YYYY/MM/DD HH:MM:SS" (Vietnam).
struct TraceHeader {
    std::string organId, timestamp;
    bool operator==(const TraceHeader&) const = default;
};

/// A receiver named by a recall, update or replacement (BussinessDocumentInfo/ReceiverList).
struct BussinessReceiver {
    std::string organId;
    std::string receiverType; ///< as written
    bool operator==(const BussinessReceiver&) const = default;
};

/// A document replaced by this one, and the offices that hold it (ReplacementInfoList).
struct ReplacementInfo {
    std::string documentId;
    std::vector<std::string> organIds;
    bool operator==(const ReplacementInfo&) const = default;
};

namespace bussiness {
inline constexpr int kNew = 0;
inline constexpr int kRecall = 1;
inline constexpr int kUpdate = 2;
inline constexpr int kReplacement = 3;
} // namespace bussiness

/// The standard's spelling. bussinessDocType: 0 new, 1 recall, 2 update, 3 replacement;
/// documentId: the document affected (for 0 usually the package's own DocumentId).
struct Bussiness {
    int bussinessDocType = 0;
    std::string bussinessDocReason;
    std::string documentId;
    std::string paper; ///< whether a paper copy follows, as written ("0"/"1")
    std::vector<BussinessReceiver> receivers;
    std::vector<ReplacementInfo> replacements;
    bool operator==(const Bussiness&) const = default;
};

/// A payload file: listed in the manifest (edXMLManifest/Reference) and carried base64
/// encoded (AttachmentEncoded/Attachment).
struct Attachment {
    /// Unique in the package, without the "cid:" the wire form carries (a UUID).
    std::string contentId;
    std::string attachmentName; ///< file name shown to the clerk
    std::string contentType;    ///< "application/pdf"
    std::string description;
    std::string bytes; ///< the file itself
    bool operator==(const Attachment&) const = default;
};

/// A document package.
struct EdxmlPackage {
    Organ from;
    std::vector<Organ> to; ///< at least one
    Code code;
    PromulgationInfo promulgationInfo;
    DocumentType documentType;
    std::string subject; ///< trích yếu
    std::string content; ///< optional
    SignerInfo signerInfo;
    std::string dueDate;               ///< hạn xử lý "YYYY/MM/DD", optional
    std::vector<std::string> toPlaces; ///< nơi nhận as printed
    std::optional<OtherInfo> otherInfo;
    std::vector<ResponseFor> responseFor;
    std::optional<int> steeringType;
    /// The package's identifier: the same on every retry, so receipt is idempotent. vanthu
    /// writes the comma form "OrganId,yyyy/MM/dd,number/notation" (see commaDocumentId).
    std::string documentId;
    std::vector<TraceHeader> traceHeaders;
    std::optional<Bussiness> bussiness;
    std::vector<Attachment> attachments; ///< the signed PDF first
    bool operator==(const EdxmlPackage&) const = default;
};

/// The DocumentId form receivers on the national axis expect: "000.00.00.G22,2015/09/30,
/// 7816/VPCP-TTĐT" (sender, promulgation date, number/notation).
std::string commaDocumentId(const std::string& organId, const std::string& promulgationDate,
                            const Code& code);

} // namespace vanthu::exchange
