#pragma once
// Case files (hồ sơ) and the office's yearly file list (danh mục hồ sơ): NĐ 30 Điều 28–31 and
// the case-file metadata of Phụ lục VI (FileCode, Title, Maintenance, Rights, Creator, Language,
// StartDate, EndDate, DocTotal, PageTotal, Description). A case file is opened from an entry of
// the list, collects documents (referenced by kind and id: outgoing, incoming, imported), and is
// closed once the work ends; a closed file never changes and is handed to the office archive
// (lưu trữ cơ quan) within one year, as an archive package (ArchivePackage.hpp).
#include <optional>
#include <string>
#include <vector>

#include "vanthu/docmgmt/AccessLimit.hpp"
#include "vanthu/docmgmt/Directory.hpp"
#include "vanthu/docmgmt/MetadataField.hpp"

namespace vanthu::docmgmt {

/// The kinds of documents a case file can hold, as written in references ("outgoing/7").
inline constexpr const char* kOutgoingKind = "outgoing"; ///< văn bản đi (OutgoingDocument)
inline constexpr const char* kIncomingKind = "incoming"; ///< văn bản đến
inline constexpr const char* kImportedKind = "imported"; ///< brought in by `vanthu import`

/// A retention period (thời hạn bảo quản): "vĩnh viễn" (permanent) or "N năm" (N years,
/// 1–99). Periods are set by other regulations (unconfirmed here), so each file carries its own.
struct Retention {
    std::optional<int> years; ///< nothing: permanent
    std::string text() const; ///< "10 năm", "vĩnh viễn"
};
/// Parses "10 năm", "10", "vĩnh viễn" (also without diacritics: "10 nam", "vinh vien");
/// nothing when it is none of these.
std::optional<Retention> parseRetention(const std::string& text);

/// An entry of the yearly file list (danh mục hồ sơ): what files the office plans to keep.
struct FileListEntry {
    Id id = 0;
    Id officeId = 0;
    int year = 0;
    std::string code;  ///< số và ký hiệu hồ sơ, unique in the office's list of the year
    std::string title; ///< tiêu đề hồ sơ
    std::string retention;           ///< thời hạn bảo quản, as Retention::text()
    std::optional<Id> responsibleId; ///< người lập hồ sơ: a user of the office
    std::string note;
};

enum class CaseFileState { Open, Closed };
std::string toString(CaseFileState state); ///< "open", "closed"

/// A case file (hồ sơ) opened from a list entry.
struct CaseFile {
    Id id = 0;
    Id officeId = 0;
    std::optional<Id> listEntryId;
    int year = 0;
    std::string code;      ///< FileCode
    std::string title;     ///< Title (S500)
    std::string retention; ///< Maintenance (S30)
    std::optional<Id> responsibleId;
    std::string rights = "Hạn chế"; ///< Rights: "Công khai" or "Hạn chế"
    std::string language = "Tiếng Việt";
    std::string description; ///< Description (S500)
    CaseFileState state = CaseFileState::Open;
    // Computed when the file is closed:
    std::string startDate, endDate; ///< ISO dates of the oldest and newest document
    int docTotal = 0, pageTotal = 0;
    std::string closedAt;     ///< ISO 8601
    std::string archiveDueOn; ///< ISO date: one year after closing (NĐ 30 Điều 31)
    Id createdBy = 0;
    std::string createdAt, updatedAt;
    /// The version of the file's own record as described (CaseFiles::describe): 1 when opened,
    /// one more at each description; a description from an older one is refused (issue 16).
    int version = 1;
    /// Limited to named people; the one who opened it and the person responsible always see it.
    AccessLimit access;
};

/// Whether the limit of a case file (file.access) lets this user see it: not limited, or the
/// user is named, opened it or is responsible for it. The office rule comes on top.
bool caseFileLets(const User& user, const CaseFile& file);

/// The handover of a closed case file to the agency archive (nộp lưu vào lưu trữ cơ quan,
/// Phụ lục VI III.5c): who handed it over, when, and the SHA-256 of the sealed package handed
/// over (kept in the blob store under that name). Written once, never changed.
struct CaseFileHandover {
    Id caseFileId = 0;
    Id handedBy = 0;
    std::string handedByName; ///< the user's full name (filled when read)
    std::string handedAt;     ///< ISO 8601
    std::string packageSha256;
    std::string receiver; ///< who received it at the archive, as the clerk wrote it
};

/// A case file frozen (phong tỏa) by an authorised order (Phụ lục VI IV.1g): while frozen no
/// document goes in or out and the file's own record does not change; lifted by another order.
struct CaseFileFreeze {
    Id caseFileId = 0;
    std::string code, title; ///< the file's (filled when read)
    int year = 0;
    std::string orderRef; ///< the order's number and date, as the administrator wrote it
    Id frozenBy = 0;
    std::string frozenByName; ///< filled when read
    std::string frozenAt;     ///< ISO 8601
};

/// What the person who manages an open file enters of its own Phần II fields (the rest comes
/// from its list entry and its documents).
struct CaseFileDescription {
    std::string rights = "Hạn chế";      ///< Rights: "Công khai" or "Hạn chế"
    std::string language = "Tiếng Việt"; ///< Language (S30)
    std::string description;             ///< Description (S500)
    std::optional<Id> responsibleId;     ///< Creator: người lập hồ sơ, a user of the office
    /// The file's version the form was loaded at (CaseFile::version): an older one than the
    /// stored one is refused with StaleVersion, nothing written; nothing: not checked.
    std::optional<int> baseVersion;
};

/// The notice that a closed file is due at the archive within kArchiveWarningDays (Phụ lục VI
/// III.5b), one per file and person: the person responsible and the office's clerks.
struct CaseFileNotice {
    Id id = 0;
    Id caseFileId = 0;
    Id userId = 0;
    Id officeId = 0;
    std::string dueOn;  ///< the file's archive due date (ISO)
    std::string sentAt; ///< ISO 8601
    std::string readAt; ///< "" until the person marks it read
    // Filled when read for a user:
    std::string fileCode, fileTitle;
};

/// A document in a case file, by reference.
struct CaseFileItem {
    Id caseFileId = 0;
    std::string kind; ///< kOutgoingKind, kIncomingKind, kImportedKind
    Id documentId = 0;
    int ordinal = 0; ///< DocOrdinal: 1, 2, … in the order added
    Id addedBy = 0;
    std::string addedAt;
};

/// What a case file and its archive package know of one referenced document: the document
/// metadata of Phụ lục VI and the PDF to keep.
struct FiledDocument {
    std::string kind;
    Id id = 0;
    Id officeId = 0;
    std::string codeNumber;   ///< CodeNumber: "05", "753"
    std::string codeNotation; ///< CodeNotation: "UBND-NV", "CV/ĐU"
    std::string issuedDate;   ///< IssuedDate, ISO
    std::string organName;    ///< OrganName: the issuing body
    std::string typeName;     ///< TypeName: "Công văn"
    std::string subject;      ///< Subject (trích yếu)
    std::string signerName;   ///< SignerInfo/FullName
    std::string signerPosition;
    std::string language = "Tiếng Việt";
    std::string pdfBlob;     ///< SHA-256 name in the blob store
    int pageAmount = 0;      ///< PageAmount
    int issuedAmount = 0;    ///< IssuedAmount (số lượng bản phát hành), 0: not given
    std::string description; ///< Description (ghi chú)
    std::string dueDate;     ///< DueDate (hạn trả lời), ISO, may be empty
    /// The values of the fields its office added (III.7c), in the order of the fields.
    std::vector<MetadataValue> extra;
};

} // namespace vanthu::docmgmt
