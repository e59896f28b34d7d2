#pragma once
// Incoming documents (văn bản đến) for the search index: the sender, number and notation, type,
// subject and signer as registered, the text of the PDF as it arrived (poppler; scanned pages
// with OCR when an engine is given), readers by IncomingFlow's rules (the office's clerks and
// leaders, the assignee), and IncomingFlow::canSee for every result.
#include "vanthu/docmgmt/BlobStore.hpp"
#include "vanthu/docmgmt/IncomingFlow.hpp"
#include "vanthu/docmgmt/SearchSource.hpp"
#include "vanthu/docmgmt/Storage.hpp"
#include "vanthu/search/Ocr.hpp"

namespace vanthu::docmgmt {

class IncomingSearchSource : public SearchSource {
public:
    /// ocr: reads scanned pages (slow: seconds a page); nullptr indexes their metadata only.
    IncomingSearchSource(const Storage& storage, const BlobStore& blobs, const IncomingFlow& flow,
                         search::Ocr* ocr = nullptr)
        : storage_(storage), blobs_(blobs), flow_(flow), ocr_(ocr) {}

    std::string kind() const override { return "incoming"; }
    std::string auditPrefix() const override { return "incoming/"; }
    std::optional<search::IndexedDocument> load(Id id) const override;
    bool canSee(const User& user, Id id) const override;

private:
    const Storage& storage_;
    const BlobStore& blobs_;
    const IncomingFlow& flow_;
    search::Ocr* ocr_;
};

} // namespace vanthu::docmgmt
