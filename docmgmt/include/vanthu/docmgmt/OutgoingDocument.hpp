#pragma once
// An outgoing document (văn bản đi) and its states: draft → submitted → (returned → submitted)
// → approved → signed → issued. An issued document never changes again.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "vanthu/docmgmt/AccessLimit.hpp"
#include "vanthu/docmgmt/Directory.hpp"

namespace vanthu::docmgmt {

enum class DocumentState { Draft, Submitted, Returned, Approved, Signed, Issued };

std::string toString(DocumentState state); ///< "draft", "submitted", ...
std::optional<DocumentState> parseDocumentState(const std::string& text);

/// What a specialist fills in; the flow composes the rest from the office (issuing body,
/// system, place, notation) and the chosen signer (title, name).
struct DraftInput {
    std::string typeCode;
    std::string subject;
    std::vector<std::string> recipients;
    std::string body; ///< body markup
    std::vector<std::string> distribution;
    Id signerId = 0;              ///< a leader of the same office
    std::string authority;        ///< "", "TM", "KT", "TL", "TUQ", "Q" (or the Party's spelling)
    std::string authorityOf;      ///< "CHỦ TỊCH", "ỦY BAN NHÂN DÂN", "BAN THƯỜNG VỤ"
    std::string draftingUnit;     ///< công văn notation suffix and archive line: "NV"
    std::string urgency, secrecy; ///< as in the document format, may be empty
    /// Identifier codes (mã định danh) of the offices in the directory the document is sent to
    /// electronically when issued (chosen from the directory; the printed recipients and
    /// distribution lists stay text). Unknown codes are listed for paper dispatch.
    std::vector<std::string> recipientOffices;
    /// Processing deadline asked of the recipients (hạn trả lời, ISO date), may be empty.
    std::string dueDate;
    // Phần II metadata the author enters (NĐ 30/2020 Phụ lục VI; lengths in FieldLimits.hpp):
    int issuedAmount = 0;    ///< IssuedAmount: số lượng bản phát hành, 1..999, 0 not given
    std::string language;    ///< Language: "" means "Tiếng Việt"
    std::string description; ///< Description: ghi chú, at most 500 characters
};

/// The language written when none was entered (Language, Phần II).
inline constexpr const char* kDefaultLanguage = "Tiếng Việt";

/// What a draft may hold, checked when it is saved (createDraft, updateDraft) so that rendering
/// it stays bounded (docs/security.md, "Drafts"). A draft over a limit is refused with
/// InvalidInput naming the field and the limit in Vietnamese; nothing is stored. Its attachments
/// (LetterAttachment) are added one by one, each checked against the attachment limits.
struct DraftLimits {
    std::size_t bodyCharacters = 500'000; ///< the body markup, in characters
    std::size_t paragraphs = 5'000;       ///< blocks of the body (paragraphs, items, articles...)
    std::size_t footnotes = 500;
    std::size_t recipients = 100;         ///< printed "Kính gửi" lines
    std::size_t distribution = 100;       ///< printed "Nơi nhận" lines
    std::size_t recipientOffices = 1'000; ///< offices it is sent to electronically
    std::size_t draftsPerAuthor = 200;    ///< drafts and returned drafts one user has at once
    /// Attachments (phụ lục, tài liệu kèm theo): each file, how many, and all of them together
    /// (the edXML package carries them beside the PDF and must stay under a peer's body limit).
    std::size_t attachmentBytes = 5u << 20;
    std::size_t attachments = 10;
    std::size_t attachmentsTotalBytes = 8u << 20;
    std::size_t commentCharacters = 4'000; ///< one comment (góp ý)
};

/// DraftInput as the API's `draft` object (docs/api.md) and back; fromJson throws InvalidInput.
std::string toJson(const DraftInput& draft);
DraftInput draftFromJson(const std::string& json);

struct RegisterEntry { ///< a row of the outgoing register (sổ đăng ký văn bản đi)
    Id documentId = 0;
    int number = 0;
    std::string notation, issuedDate, typeName, subject, signerName, recipients, archiveCopy;
    std::string series;   ///< "thuong" / "mat" (State), the type code (Party)
    bool limited = false; ///< limited to named people: others see the row without its subject
};

struct OutgoingDocument {
    Id id = 0;
    Id officeId = 0;
    Id authorId = 0;
    std::optional<Id> signerId; ///< the leader who signs (chosen when drafting)
    DocumentState state = DocumentState::Draft;
    std::string typeCode; ///< "CV", "QĐ", ...
    std::string subject;  ///< trích yếu
    std::string content;  ///< the document JSON (docs/document-format.md) of the latest version
    DraftInput draft;     ///< what the author entered for the latest version
    int version = 1;      ///< draft versions are kept
    std::string returnComment;
    // Set on signing and issuing:
    std::string preparedPdf;      ///< two-phase signing: blob of the PDF awaiting its value
    std::string preparedChainPem; ///< two-phase signing: the certificates given to prepare
    std::string signedPdf;        ///< SHA-256 name in the blob store of the leader-signed PDF
    std::string issuedPdf;        ///< SHA-256 name of the issued (numbered, sealed) PDF
    std::optional<int> number;
    int year = 0;
    std::string series;     ///< register series it was numbered in (see RegisterEntry)
    std::string notation;   ///< "05/UBND-NV" once issued
    std::string issuedDate; ///< ISO date once issued
    /// Set on issue: the document's identifier in the exchange (random UUID, never changes).
    std::string exchangeId;
    /// A reply: the incoming document (văn bản đến) of this office it answers, and the
    /// exchangeId of the sender's document (edXML ResponseFor), set when the reply is drafted.
    std::optional<Id> replyToIncoming;
    std::string responseFor;
    std::string createdAt, updatedAt; ///< ISO 8601
    /// Limited to named people (a secret letter); the author and the signer always see it.
    AccessLimit access;
};

/// What a register row, a case-file row or a statistic shows instead of the subject of a
/// document limited to named people to someone not named (docs/access-rules.md).
inline constexpr const char* kHiddenSubject = "(Văn bản mật – chỉ người được giao mới xem được)";

/// Who may see an outgoing document (docs/access-rules.md): by role and state, and when it is
/// limited to named people (doc.access) only the named ones, its author and its signer.
bool canSeeOutgoing(const User& user, const OutgoingDocument& doc);

/// Who saved a kept version: its author, or a leader of the office editing the submitted draft
/// (NĐ 30 Phụ lục VI III.1n).
inline constexpr const char* kEditedByAuthor = "author";
inline constexpr const char* kEditedByLeader = "leader";

/// One kept version of a document's content.
struct DocumentVersion {
    Id documentId = 0;
    int version = 0;
    std::string content; ///< document JSON
    std::string draft;   ///< DraftInput JSON
    Id authorId = 0;     ///< who saved this version
    std::string createdAt;
    std::string editedAs = kEditedByAuthor; ///< kEditedByAuthor or kEditedByLeader
};

/// A comment (góp ý) on an outgoing document by someone who may see it, or (ý kiến) on an
/// incoming letter by its handlers (IncomingFlow::addComment): only ever added, never changed
/// nor deleted (the database refuses both), and audited.
struct DraftComment {
    Id id = 0;
    Id documentId = 0; ///< documents.id, or incoming_documents.id for an incoming letter's
    Id authorId = 0;
    int version = 0;       ///< the version it was written on (0 on an incoming letter)
    std::string writtenAt; ///< vietnamTimestamp
    std::string text;
};

/// A comment's text, on a draft or an incoming letter: required and at most `limit`
/// characters; InvalidInput "text" otherwise.
void checkCommentText(const std::string& text, std::size_t limit);

/// A file an outgoing letter carries beside its PDF (phụ lục, tài liệu kèm theo): added to the
/// draft, frozen at issue, sent with the letter (locally and in edXML) and kept with it.
struct LetterAttachment {
    Id id = 0;
    Id documentId = 0;
    std::string name;        ///< the file name as uploaded
    std::string contentType; ///< from the file's type (kAttachmentTypes)
    std::size_t size = 0;    ///< bytes
    std::string blob;        ///< SHA-256 name in the blob store
    Id addedBy = 0;
    std::string addedAt; ///< vietnamTimestamp
};

} // namespace vanthu::docmgmt
