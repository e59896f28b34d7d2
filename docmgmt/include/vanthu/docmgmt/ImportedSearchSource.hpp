#pragma once
// Imported documents (văn bản nhập: an office's earlier documents brought in by bulk import) for
// the search index: their metadata, the text of their PDF (poppler; scanned pages with OCR when an
// engine is given); every active member of the office but administrators sees them (as case files
// do, docs/archive.md).
#include "vanthu/docmgmt/BlobStore.hpp"
#include "vanthu/docmgmt/SearchSource.hpp"
#include "vanthu/docmgmt/Storage.hpp"
#include "vanthu/search/Ocr.hpp"

namespace vanthu::docmgmt {

class ImportedSearchSource : public SearchSource {
public:
    /// ocr: reads scanned pages (slow: seconds a page); nullptr indexes their metadata only.
    ImportedSearchSource(const Storage& storage, const BlobStore& blobs, search::Ocr* ocr = nullptr)
        : storage_(storage), blobs_(blobs), ocr_(ocr) {}

    std::string kind() const override { return "imported"; }
    std::string auditPrefix() const override { return "imported/"; }
    std::optional<search::IndexedDocument> load(Id id) const override;
    bool canSee(const User& user, Id id) const override;

    /// "753" + "CV/ĐU" → "753-CV/ĐU" (Party); "05" + "UBND-NV" → "05/UBND-NV" (State).
    static std::string fullNotation(const std::string& number, const std::string& notation);

private:
    const Storage& storage_;
    const BlobStore& blobs_;
    search::Ocr* ocr_;
};

} // namespace vanthu::docmgmt
