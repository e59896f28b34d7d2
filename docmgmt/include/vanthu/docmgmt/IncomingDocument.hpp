#pragma once
// An incoming document (văn bản đến) and its states: arrived → registered → assigned →
// in progress → done, or arrived → refused. The status codes sent back to the sender are those
// of edXML (QCVN 102:2016): 01 arrived, 02 refused, 03 registered, 04 assigned, 05 in progress,
// 06 done.
#include <optional>
#include <string>
#include <vector>

#include "vanthu/docmgmt/AccessLimit.hpp"
#include "vanthu/docmgmt/Directory.hpp"
#include "vanthu/docmgmt/Errors.hpp"

namespace vanthu::docmgmt {

enum class IncomingState { Arrived, Refused, Registered, Assigned, InProgress, Done };

std::string toString(IncomingState state); ///< "arrived", "refused", "registered", ...
std::optional<IncomingState> parseIncomingState(const std::string& text);

/// edXML status codes (MessageStatus/StatusCode).
inline constexpr const char* kStatusArrived = "01";
inline constexpr const char* kStatusRefused = "02";
inline constexpr const char* kStatusRegistered = "03";
inline constexpr const char* kStatusAssigned = "04";
inline constexpr const char* kStatusInProgress = "05";
inline constexpr const char* kStatusDone = "06";
inline constexpr const char* kStatusRecallRequest = "13"; ///< the sender asks to recall/replace
inline constexpr const char* kStatusRecallAgreed = "15";  ///< the receiver agreed
inline constexpr const char* kStatusRecallRefused = "16"; ///< the receiver refused
/// The status code that tells the sender an incoming document reached this state.
std::string statusCodeOf(IncomingState state);
/// "Đã đến", "Từ chối", "Đã vào sổ", "Đã giao xử lý", "Đang xử lý", "Đã xử lý xong".
std::string statusLabel(const std::string& statusCode);

/// How a document travelled: from an office on the same server, in an edXML package from a
/// peer server, or on paper (entered by the clerk from a scan).
inline constexpr const char* kChannelLocal = "local";
inline constexpr const char* kChannelEdxml = "edxml";
inline constexpr const char* kChannelPaper = "paper";

/// A file travelling with the document besides its signed PDF.
struct Attachment {
    std::string name;        ///< file name as sent
    std::string contentType; ///< "application/pdf", ...
    std::string bytes;       ///< in ArrivingDocument; empty when read back (use blob)
    std::string blob;        ///< SHA-256 name in the blob store once stored
};

/// What arrives: from an office on this server (at issue), from a peer (edXML package), or on
/// paper. The sender is identified by its office code; the receiver by its own.
struct ArrivingDocument {
    std::string channel = kChannelLocal; ///< kChannelLocal, kChannelEdxml or kChannelPaper
    /// Idempotency key: the same packageId twice for the same receiver creates one incoming
    /// document. Local dispatch uses "<exchangeId>/<receiverCode>"; paper entries get a random
    /// one when empty.
    std::string packageId;
    std::string exchangeId; ///< the sender's document identifier (edXML DocumentId), may be empty
    std::string senderCode, senderName;
    std::string senderPeer; ///< the peer server hosting the sender ("" for local and paper)
    std::string receiverCode;
    std::string number;     ///< "15" (CodeNumber)
    std::string notation;   ///< "15/UBND-NV" or "15-CV/TU" as printed
    std::string issuedDate; ///< ISO date
    std::string place;
    std::string typeCode, typeName;
    std::string subject;
    std::string signerName, signerPosition;
    std::vector<std::string> recipients;
    std::string dueDate; ///< ISO date, may be empty
    // Phần II metadata (lengths in FieldLimits.hpp), 0 or "" when not given:
    int issuedAmount = 0; ///< IssuedAmount: số lượng bản phát hành (edXML PromulgationAmount)
    int pageAmount = 0;      ///< PageAmount: số trang (edXML PageAmount)
    std::string language;    ///< Language
    std::string description; ///< Description: ghi chú
    std::string responseFor; ///< exchangeId of the receiver's own document this one answers
    std::string urgency, secrecy;
    std::string pdf; ///< the signed PDF (or the scan of a paper letter)
    std::vector<Attachment> attachments;
};

/// The verdict on the signatures of an arrived PDF.
inline constexpr const char* kSignaturesValid = "valid";     ///< every signature checks out
inline constexpr const char* kSignaturesInvalid = "invalid"; ///< a check failed: flagged
inline constexpr const char* kSignaturesNone = "none";       ///< no signature (paper scans)

/// A recall (thu hồi) or replacement (thay thế) the sender asked for, on the receiver's copy
/// (edXML status 13, answered by 15 agreed or 16 refused; a replacement is a package of
/// business type 3). Once agreed the copy's content is gone (its PDF and attachments no longer
/// referenced), its metadata and this trail kept.
inline constexpr const char* kRecallRequested = "requested"; ///< waiting for the clerk
inline constexpr const char* kRecallRefused = "refused";     ///< the clerk refused: copy live
inline constexpr const char* kRecallDone = "recalled";       ///< agreed: đã thu hồi
inline constexpr const char* kRecallReplaced = "replaced";   ///< agreed: đã được thay thế
inline constexpr const char* kRecallKindRecall = "recall";
inline constexpr const char* kRecallKindReplacement = "replacement";
/// Only on a receiver's copy: an update (edXML business type 2) from another system; handled as
/// a replacement by the updated letter (the copy's content goes on agreement, its trail stays).
inline constexpr const char* kRecallKindUpdate = "update";

struct IncomingRecall {
    std::string state;       ///< "" (none), kRecallRequested, kRecallRefused, kRecallDone, …
    std::string kind;        ///< kRecallKindRecall, kRecallKindReplacement or kRecallKindUpdate
    std::string reason;      ///< the sender's reason
    std::string requestedAt; ///< the sender's time of the request (idempotency with the copy)
    std::string answer;      ///< the clerk's note or reason for refusing
    std::string answeredAt;  ///< ISO 8601
    std::optional<Id> answeredBy;
    std::string replacedBy; ///< the exchangeId of the replacing letter (replacement)
    bool destroyed() const { return state == kRecallDone || state == kRecallReplaced; }
};

/// "Đã thu hồi", "Đã được thay thế", "Bên gửi đề nghị thu hồi", …; "" for none.
std::string recallLabel(const IncomingRecall& recall);

/// An incoming letter that looks like an earlier entry of the same receiving office (NĐ 30
/// Phụ lục VI III.1h): the same document identifier (edXML DocumentId), or the same issuing
/// body + number + notation (+ issue date when both have one). Marked on arrival, checked
/// again when the clerk registers it; the clerk may register it all the same with a reason.
inline constexpr const char* kDuplicateOfIncoming = "incoming"; ///< an incoming document
inline constexpr const char* kDuplicateOfImported = "imported"; ///< an imported document
inline constexpr const char* kMatchIdentifier = "identifier";   ///< same DocumentId
inline constexpr const char* kMatchNumber = "number"; ///< same issuer + number + notation (+date)

struct DuplicateMark {
    std::string kind;     ///< "" (none), kDuplicateOfIncoming or kDuplicateOfImported
    std::optional<Id> of; ///< the earlier entry's id (incoming/ID or imported/ID)
    std::string match;    ///< kMatchIdentifier or kMatchNumber
    std::string reason;   ///< the clerk's reason for registering it all the same
    bool marked() const { return of.has_value(); }
};

/// The earlier entry a possible duplicate points to, as the clerk is shown it.
struct EarlierEntry {
    std::string kind; ///< kDuplicateOfIncoming or kDuplicateOfImported
    Id id = 0;
    std::string match;                ///< kMatchIdentifier or kMatchNumber
    std::optional<int> arrivalNumber; ///< số đến, once registered (incoming only)
    std::string arrivalDate;          ///< ngày đến (ISO date), once registered
    std::string receivedAt;           ///< when it arrived (incoming) or was imported
    std::string state;                ///< "arrived", "registered", … ("imported")
    std::string channel;              ///< local, edxml, paper ("" for imported)
    std::string senderName, notation, issuedDate, subject;
};

/// A letter looks like an earlier entry and the clerk gave no reason to register it all the
/// same [409]; field() of the request is "duplicateReason". Nothing was changed.
class PossibleDuplicate : public Conflict {
public:
    PossibleDuplicate(const std::string& message, EarlierEntry earlier)
        : Conflict(message), earlier_(std::move(earlier)) {}
    const EarlierEntry& earlier() const { return earlier_; }

private:
    EarlierEntry earlier_;
};

/// Distribution (phân phối, NĐ 30 Phụ lục VI III.1m): one lead handler (chủ trì), any number of
/// co-handlers (phối hợp) and of people informed (để biết), each with their own status; one who
/// forwarded the letter keeps sight of it (role "forwarded").
inline constexpr const char* kHandlerLead = "lead";           ///< chủ trì
inline constexpr const char* kHandlerCo = "co";               ///< phối hợp
inline constexpr const char* kHandlerInformed = "informed";   ///< để biết
inline constexpr const char* kHandlerForwarded = "forwarded"; ///< đã chuyển cho người khác
// Their statuses: lead assigned → in_progress → done; co assigned → done (their opinion, góp
// ý, in note); informed unread → seen; forwarded forwarded.
inline constexpr const char* kHandlerAssigned = "assigned";
inline constexpr const char* kHandlerInProgress = "in_progress";
inline constexpr const char* kHandlerDone = "done";
inline constexpr const char* kHandlerUnread = "unread";
inline constexpr const char* kHandlerSeen = "seen";

struct IncomingHandler {
    Id userId = 0;
    std::string role;   ///< kHandlerLead, kHandlerCo, kHandlerInformed or kHandlerForwarded
    std::string status; ///< kHandlerAssigned, …
    std::string note;   ///< a co-handler's opinion, a forwarder's note
    std::optional<Id> assignedBy;
    std::string assignedAt, updatedAt;
};

/// "Chủ trì", "Phối hợp", "Để biết", "Đã chuyển".
std::string handlerRoleLabel(const std::string& role);
/// "Chưa xử lý", "Đang xử lý", "Đã xong", "Chờ góp ý", "Đã góp ý", "Chưa xem", "Đã xem", …
std::string handlerStatusLabel(const std::string& role, const std::string& status);

/// One entry of the leader's instructions (ý kiến chỉ đạo, bút phê): dated, never changed.
struct Instruction {
    Id id = 0;
    std::optional<Id> authorId;
    std::string givenAt; ///< ISO 8601
    std::string text;
};

struct IncomingDocument {
    Id id = 0;
    Id officeId = 0; ///< the receiving office
    IncomingState state = IncomingState::Arrived;
    std::string channel, packageId, exchangeId;
    std::string senderCode, senderName, senderPeer;
    std::string number, notation, issuedDate, place, typeCode, typeName, subject;
    std::string signerName, signerPosition;
    std::vector<std::string> recipients;
    std::string dueDate, responseFor, urgency, secrecy;
    int issuedAmount = 0, pageAmount = 0; ///< IssuedAmount, PageAmount (0: not given)
    std::string language, description;    ///< Language, Description (Phần II)
    std::string pdf;                      ///< blob name
    std::vector<Attachment> attachments;
    std::string signatureStatus; ///< kSignaturesValid, kSignaturesInvalid or kSignaturesNone
    std::string signatureReport; ///< the verifier's JSON report (docs/verify-report.md)
    std::string receivedAt;      ///< ISO 8601 when it arrived
    std::optional<Id> enteredBy; ///< the clerk who entered a paper letter
    std::string refuseReason;
    // Registering (vào sổ): the incoming register's number of the year, and the date.
    std::optional<int> arrivalNumber; ///< số đến
    std::string arrivalDate;          ///< ngày đến (ISO date)
    int arrivalYear = 0;
    // Assigning (giao xử lý) and handling.
    std::optional<Id> assigneeId;   ///< the person handling it
    std::string assignedUnit;       ///< or a unit ("Phòng Nội vụ"), as text
    std::optional<Id> assignedById; ///< the leader who assigned it
    std::string deadline;           ///< hạn xử lý (ISO date)
    std::string instructions; ///< ý kiến chỉ đạo: the latest (all in instructionHistory)
    std::string assignedAt, startedAt, doneAt;
    std::string doneNote;
    std::optional<Id> replyDocumentId; ///< the outgoing reply drafted from it
    IncomingRecall recall;             ///< a recall or replacement the sender asked for
    DuplicateMark duplicate;           ///< "có thể trùng": an earlier entry it looks like
    std::string updatedAt;
    /// The version of its distribution (giao xử lý): 0 until assigned, one more at each
    /// assignment and forwarding; an assignment from an older one is refused (issue 16).
    int assignmentVersion = 0;
    /// Limited to named people (a secret letter); the one handling it always sees it.
    AccessLimit access;
    /// Distribution: the lead handler (also assigneeId), co-handlers, people informed, and
    /// those who forwarded it (Storage::setIncomingHandlers), in order of assignment.
    std::vector<IncomingHandler> handlers;
    std::vector<Instruction> instructionHistory; ///< oldest first
    /// The person's entry among the handlers, if any.
    const IncomingHandler* handlerOf(Id userId) const;
};

/// Who may see an incoming document (docs/access-rules.md): active clerks and leaders of its
/// office, and the specialists it is distributed to (lead, co-handler, informed, or one who
/// forwarded it); of those, when the letter is limited to named people (doc.access), only the
/// named ones and its lead handler (assignee). Being a co-handler or informed does not lift
/// the limit.
bool canSeeIncoming(const User& user, const IncomingDocument& doc);

/// A row of the incoming register (sổ đăng ký văn bản đến, NĐ 30 Phụ lục IV).
struct IncomingRegisterEntry {
    Id incomingId = 0;
    std::string arrivalDate;       ///< Ngày đến
    int arrivalNumber = 0;         ///< Số đến
    std::string author;            ///< Tác giả: the sending office
    std::string notation;          ///< Số, ký hiệu
    std::string issuedDate;        ///< Ngày tháng
    std::string typeName, subject; ///< Tên loại và trích yếu
    std::string recipient;         ///< Đơn vị hoặc người nhận
    std::string handedAt;          ///< Ngày chuyển
    std::string note;              ///< Ghi chú (channel, "Mật", refused)
    std::string channel;
    std::string deadline; ///< Thời hạn giải quyết (tracking register)
    std::string progress; ///< Tiến độ
    std::string reply;    ///< Số, ký hiệu văn bản trả lời
    bool limited = false; ///< limited to named people: others see the row without its subject
};

} // namespace vanthu::docmgmt
