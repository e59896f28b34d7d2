#pragma once
// Keeping case files (lập hồ sơ): the yearly file list, opening a file from it, filing
// documents, closing, the warning before a file is due at the archive, and the archive package.
// Every call checks the rules of docs/access-rules.md (Case files) and writes its audit entry
// ("casefile/ID") in the same transaction; a refused call changes nothing.
//
// Errors (Errors.hpp): NotFound (no such file or document, or of another office), Forbidden (the
// role does not allow it), Conflict (the file is closed, the document is already in that file,
// ...), InvalidInput (a field is wrong: field() names it).
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "vanthu/docmgmt/CaseFile.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/OutgoingFlow.hpp"
#include "vanthu/docmgmt/Storage.hpp"
#include "vanthu/docmgmt/VietnamTime.hpp"

namespace vanthu::docmgmt {

class AuditTrail;
class BlobStore;
class KeyRing;

/// How many days before its due date a closed file is flagged (Phụ lục VI: 30 days).
inline constexpr int kArchiveWarningDays = 30;

/// A case file with what the office sees in a list.
struct CaseFileView {
    CaseFile file;
    std::string responsibleName; ///< the responsible user's full name, or ""
    /// Closed, not handed over, and not more than kArchiveWarningDays before (or past) its
    /// archive due date.
    bool archiveWarning = false;
    /// Handed over to the agency archive (III.5c), or nothing.
    std::optional<CaseFileHandover> handover;
    /// Handed on to the historical archive (III.5c), or nothing.
    std::optional<CaseFileHandover> historical;
    /// Frozen by an order (IV.1g), or nothing.
    std::optional<CaseFileFreeze> frozen;
};

class CaseFiles {
public:
    /// Finds a document of one kind as the user may see it: nothing when it does not exist or
    /// the user may not see it. The PDF stays in the blob store (FiledDocument::pdfBlob).
    using Source = std::function<std::optional<FiledDocument>(const User& viewer, Id id)>;

    CaseFiles(Storage& storage, BlobStore& blobs, AuditTrail& audit, Clock clock = systemClock());

    /// Adds (or replaces) the source of a kind. "outgoing" (issued outgoing documents),
    /// "incoming" (registered incoming documents) and "imported" are there from the start.
    void addSource(const std::string& kind, Source source);
    /// The password of the offices' seal PKCS#12 files (Office::sealKey), which seal archive
    /// packages; by default the one the server's outgoing flow uses (DemoDataOptions).
    void setSealKeyPassword(std::string password) { sealKeyPassword_ = std::move(password); }
    /// The installation's keys (Installation sets it; it must outlive this): an office's
    /// imported PKCS#12 seal seals its packages, else Office::sealKey with the password above.
    void setKeyRing(const KeyRing* keys) { keys_ = keys; }

    // The file list (danh mục hồ sơ): clerks and leaders of the office add entries; everyone
    // of the office reads it.
    FileListEntry addListEntry(const Actor& actor, FileListEntry entry);
    std::vector<FileListEntry> fileList(const Actor& actor, int year) const;

    /// Opens a case file from an entry of the list (clerk or leader).
    CaseFile open(const Actor& actor, Id listEntryId, const std::string& description = "");
    /// Files a document in an open case file (clerk or leader); the document must be visible to
    /// the actor and of the same office. A document may be in any number of case files, by
    /// reference, without a copy (NĐ 30 Phụ lục VI III.4e); Conflict when it is already in this
    /// one.
    CaseFile addDocument(const Actor& actor, Id caseFileId, const std::string& kind, Id documentId);
    /// Takes a document out of an open case file (clerk or leader; audited "remove-document");
    /// NotFound when it is not in that file, Conflict when the file is closed.
    CaseFile removeDocument(const Actor& actor, Id caseFileId, const std::string& kind,
                            Id documentId);
    /// Closes the file: start and end dates, document and page totals, archive due date; it
    /// never changes again. A document whose PDF cannot be read is a Conflict naming it.
    CaseFile close(const Actor& actor, Id caseFileId);
    /// The open file's own Phần II fields (clerk or leader; audited "describe"): Rights
    /// ("Công khai" or "Hạn chế"), Language (≤ 30 characters), Description (≤ 500) and the
    /// responsible person (Creator, a user of the office). Conflict when closed or frozen;
    /// StaleVersion (who described it last, when) when description.baseVersion is older than
    /// the file's version, nothing written. The file's version goes one up.
    CaseFile describe(const Actor& actor, Id caseFileId, const CaseFileDescription& description);

    /// Freezes the office's file with this code and year by an authorised order (IV.1g): an
    /// administrator whose scope covers the office (Forbidden otherwise), the order's reference
    /// required (InvalidInput); audited "freeze". Conflict when it is frozen already.
    CaseFileFreeze freeze(const Actor& admin, Id officeId, const std::string& code, int year,
                          const std::string& orderRef);
    /// Lifts a freeze by another order (the same administrators; audited "unfreeze").
    void unfreeze(const Actor& admin, Id caseFileId, const std::string& orderRef);
    /// The office's frozen files (the same administrators).
    std::vector<CaseFileFreeze> freezes(const Actor& admin, Id officeId) const;

    CaseFileView caseFile(const Actor& actor, Id id) const;
    std::vector<CaseFileView> list(const Actor& actor) const;
    /// The file's documents in order (DocOrdinal), with page counts.
    std::vector<FiledDocument> documents(const Actor& actor, Id caseFileId) const;
    /// The case files of the actor's office holding a document ("outgoing", 7) that the actor
    /// may see, oldest first; none for administrators and for documents of no file.
    std::vector<CaseFile> holdings(const Actor& actor, const std::string& kind,
                                   Id documentId) const;
    /// Closed files within kArchiveWarningDays of their due date, or past it, not handed over.
    std::vector<CaseFileView> dueForArchive(const Actor& actor) const;

    /// The file as one PDF (Phụ lục VI III.4g), open or closed, for whoever may see it: an index
    /// page (number, notation, date, subject, page), then every document in date order (of
    /// issue, then the order filed), one bookmark per document. Records "export-pdf". A
    /// document whose PDF cannot be read is a Conflict naming it.
    std::string exportPdf(const Actor& actor, Id caseFileId) const;
    /// The file's metadata as XML with the field names of Phụ lục VI Phần II (CaseFile: FileCode,
    /// Title, Maintenance …; one Document each: DocOrdinal, CodeNumber, CodeNotation, IssuedDate,
    /// Subject …), documents in the same date order as exportPdf.
    std::string exportMetadataXml(const Actor& actor, Id caseFileId) const;
    /// The index of documents in the file (mục lục văn bản, Phần V.5) as CSV: STT, number and
    /// notation, date, issuer, subject, pages, in date order.
    std::string documentIndexCsv(const Actor& actor, Id caseFileId) const;
    /// The index of the office's files of a year (mục lục hồ sơ, Phần V.6) as CSV: STT, code,
    /// title, dates, retention, documents, pages, state, handed over.
    std::string fileIndexCsv(const Actor& actor, int year) const;

    /// Hands a closed file over to the agency archive (clerk or leader; III.5c): the sealed
    /// package is built, kept in the blob store under its SHA-256, and the handover (who, when,
    /// that hash, the receiver) recorded and audited ("handover"). Conflict when the file is open
    /// or already handed over. The package download then always gives those same bytes.
    CaseFileHandover handOver(const Actor& actor, Id caseFileId, const std::string& receiver);
    /// Hands a permanent file (thời hạn bảo quản vĩnh viễn) on from the agency archive to the
    /// historical archive (lưu trữ lịch sử, III.5c; clerk or leader): the same sealed package as
    /// at the handover, its SHA-256, who, when and the receiver recorded once and audited
    /// ("transfer-historical"). Conflict when not handed over to the agency archive first, not
    /// permanent, frozen, or handed on already.
    CaseFileHandover transferToHistorical(const Actor& actor, Id caseFileId,
                                          const std::string& receiver);
    /// Sends the 30-day notice (III.5b) of each closed file not handed over and within
    /// kArchiveWarningDays of its due date (or past it), to the person responsible and to the
    /// office's active clerks, once per file and person; audited "archive-notice" (user "hệ
    /// thống"). Returns how many notices were sent. The server runs it every hour.
    int sendArchiveNotices();
    /// The actor's archive notices, newest first (unread only, or the latest 200).
    std::vector<CaseFileNotice> notices(const Actor& actor, bool unreadOnly = true) const;
    /// Marks one of the actor's notices read; NotFound when it is not theirs or already read.
    void markNoticeRead(const Actor& actor, Id noticeId);

    /// A closed file as an archive package (ArchivePackage.hpp: zip bytes), its manifest sealed
    /// with the office's seal key (Conflict when the office has none); records "export".
    std::string exportPackage(const Actor& actor, Id caseFileId) const;
    /// The same for the command line, which acts as no user (audit username "cli"): the closed
    /// file with this code, narrowed by office code and year when given. Throws NotFound, or
    /// InvalidInput when several files match.
    std::string exportPackage(const std::string& fileCode, const std::string& officeCode,
                              std::optional<int> year) const;

    /// The archive due date of a file closed on closedOn (ISO date): one year later (NĐ 30
    /// Điều 31: within one year of the work ending).
    static std::string archiveDueOn(const std::string& closedOn);
    /// Whether a file is flagged on today (ISO date).
    static bool archiveWarning(const CaseFile& file, const std::string& today);

private:
    User current(const Actor& actor) const;
    CaseFile visibleFile(const User& user, Id id) const;
    /// The refusal of a description from an older version: who described the file last, when.
    StaleVersion staleDescription(const CaseFile& file, int baseVersion) const;
    /// Conflict naming the order when the file is frozen.
    void requireNotFrozen(const CaseFile& file) const;
    CaseFileView view(const CaseFile& file) const;
    /// The file's documents; an unreadable PDF is a Conflict naming the document when forArchive
    /// (closing, packaging), else counted as 0 pages (so the file can still be seen and mended).
    std::vector<FiledDocument> resolveAll(const User& viewer, const CaseFile& file,
                                          bool forArchive = true) const;
    std::string buildPackage(const CaseFile& file, const std::vector<FiledDocument>& docs) const;
    /// The file's documents in date order (issued date, then filing order), for the reader.
    std::vector<FiledDocument> inDateOrder(const User& viewer, const CaseFile& file) const;

    Storage& storage_;
    BlobStore& blobs_;
    AuditTrail& audit_;
    Clock clock_;
    std::map<std::string, Source> sources_;
    std::string sealKeyPassword_;
    const KeyRing* keys_ = nullptr;
};

} // namespace vanthu::docmgmt
