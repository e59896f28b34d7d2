#pragma once
// Imported documents (văn bản nhập: an office's earlier documents brought in by bulk import) for
// the search index: their metadata, the text of their PDF (poppler; scanned pages read later by
// the ScanReader); every active member of the office but administrators sees them (as case files
// do, docs/archive.md).
#include "vanthu/docmgmt/BlobStore.hpp"
#include "vanthu/docmgmt/SearchSource.hpp"
#include "vanthu/docmgmt/Storage.hpp"

namespace vanthu::docmgmt {

class ImportedSearchSource : public SearchSource {
public:
    ImportedSearchSource(const Storage& storage, const BlobStore& blobs)
        : storage_(storage), blobs_(blobs) {}

    std::string kind() const override { return "imported"; }
    std::string auditPrefix() const override { return "imported/"; }
    std::optional<search::IndexedDocument> load(Id id) const override;
    bool canSee(const User& user, Id id) const override;
    bool holdsScans() const override { return true; }

    /// "753" + "CV/ĐU" → "753-CV/ĐU" (Party); "05" + "UBND-NV" → "05/UBND-NV" (State).
    static std::string fullNotation(const std::string& number, const std::string& notation);

private:
    const Storage& storage_;
    const BlobStore& blobs_;
};

} // namespace vanthu::docmgmt
