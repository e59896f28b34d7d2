#pragma once
// Case files and imported documents (CaseFiles, BulkImport): the yearly file list, case
// files with their documents, handovers, transfers, freezes and notices, imported documents,
// and the metadata fields an office adds. Part of Storage (Storage.hpp);
// SqlStorage implements it in docmgmt/src/sql/CaseFileSql.cpp.
#include <optional>
#include <string>
#include <vector>

#include "vanthu/docmgmt/CaseFile.hpp"
#include "vanthu/docmgmt/Directory.hpp"
#include "vanthu/docmgmt/ImportedDocument.hpp"
#include "vanthu/docmgmt/MetadataField.hpp"

namespace vanthu::docmgmt {

class CaseFileStore {
public:
    virtual ~CaseFileStore() = default;

    // ---- case files and imported documents (CaseFiles, BulkImport) ----------------------
    // The yearly file list. addFileListEntry throws Conflict when the office's list of that
    // year already has the code.
    virtual Id addFileListEntry(const FileListEntry& entry) = 0;
    virtual std::optional<FileListEntry> findFileListEntry(Id id) const = 0;
    virtual std::vector<FileListEntry> fileList(Id officeId, int year) const = 0;
    // Case files. addCaseFile throws Conflict when the office already has a file with that code
    // in that year; updateCaseFile throws Conflict for a closed file (the database refuses).
    virtual Id addCaseFile(const CaseFile& file) = 0;
    virtual void updateCaseFile(const CaseFile& file) = 0;
    virtual std::optional<CaseFile> findCaseFile(Id id) const = 0;
    /// An office's case files, newest first.
    virtual std::vector<CaseFile> caseFiles(Id officeId) const = 0;
    /// addCaseFileItem throws Conflict when the document is already in that case file (it may be
    /// in any number of others: NĐ 30 Phụ lục VI III.4e).
    virtual void addCaseFileItem(const CaseFileItem& item) = 0;
    /// Takes a document out of a case file; false when it was not in it.
    virtual bool removeCaseFileItem(Id caseFileId, const std::string& kind, Id documentId) = 0;
    /// A file's documents in their order.
    virtual std::vector<CaseFileItem> caseFileItems(Id caseFileId) const = 0;
    /// The case files holding a document, oldest first (none, one or several).
    virtual std::vector<Id> caseFilesHolding(const std::string& kind, Id documentId) const = 0;
    /// A closed file's handover to the archive; addCaseFileHandover throws Conflict when the
    /// file was already handed over.
    virtual void addCaseFileHandover(const CaseFileHandover& handover) = 0;
    virtual std::optional<CaseFileHandover> findCaseFileHandover(Id caseFileId) const = 0;
    // A permanent file handed on to the historical archive (III.5c), once.
    virtual void addCaseFileTransfer(const CaseFileHandover& transfer) = 0;
    virtual std::optional<CaseFileHandover> findCaseFileTransfer(Id caseFileId) const = 0;
    // Freezes of case files by an order (IV.1g); the database refuses changes to a frozen file.
    virtual void addCaseFileFreeze(const CaseFileFreeze& freeze) = 0;
    virtual void removeCaseFileFreeze(Id caseFileId) = 0;
    virtual std::optional<CaseFileFreeze> findCaseFileFreeze(Id caseFileId) const = 0;
    virtual std::vector<CaseFileFreeze> caseFileFreezes(Id officeId) const = 0;
    /// Archive notices: add one unless that person already has one for that file (false then);
    /// a user's notices, newest first (unread only, or all); mark one read (false when it is
    /// not that user's or already read).
    virtual bool addCaseFileNotice(const CaseFileNotice& notice) = 0;
    virtual std::vector<CaseFileNotice> caseFileNotices(Id userId, bool unreadOnly) const = 0;
    virtual bool markCaseFileNoticeRead(Id noticeId, Id userId, const std::string& at) = 0;
    // Imported documents. addImportedDocument throws Conflict when the office already has one
    // with the same number, notation and issuer in the same year (of its date).
    virtual Id addImportedDocument(const ImportedDocument& document) = 0;
    virtual std::optional<ImportedDocument> findImportedDocument(Id id) const = 0;
    virtual std::optional<ImportedDocument>
    findImportedDuplicate(Id officeId, int year, const std::string& number,
                          const std::string& notation, const std::string& issuer) const = 0;
    virtual std::vector<ImportedDocument> importedDocuments(Id officeId) const = 0;
    /// The office's imported incoming documents with this number (digits, leading zeros
    /// ignored), oldest first: the duplicate check's candidates.
    virtual std::vector<ImportedDocument> importedCandidates(Id officeId,
                                                             const std::string& number) const = 0;
    // Metadata fields an office adds (III.7c; docmgmt::MetadataFields checks who and what).
    virtual Id addMetadataField(const MetadataField& field) = 0;
    virtual void removeMetadataField(Id id) = 0;
    virtual std::optional<MetadataField> findMetadataField(Id id) const = 0;
    /// The office's fields in the order they were defined.
    virtual std::vector<MetadataField> metadataFields(Id officeId) const = 0;
    virtual bool metadataFieldInUse(Id id) const = 0;
    /// A document's values, in the order of its office's fields.
    virtual std::vector<MetadataValue> metadataValues(const std::string& kind,
                                                      Id documentId) const = 0;
    virtual void replaceMetadataValues(const std::string& kind, Id documentId,
                                       const std::vector<MetadataValue>& values) = 0;
};

} // namespace vanthu::docmgmt
