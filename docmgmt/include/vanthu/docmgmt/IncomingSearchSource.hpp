#pragma once
// Incoming documents (văn bản đến) for the search index: the sender, number and notation, type,
// subject and signer as registered, the text of the PDF as it arrived (poppler; scanned pages
// read later by the ScanReader), readers by IncomingFlow's rules (the office's clerks and
// leaders, the assignee), and IncomingFlow::canSee for every result.
#include "vanthu/docmgmt/BlobStore.hpp"
#include "vanthu/docmgmt/IncomingFlow.hpp"
#include "vanthu/docmgmt/SearchSource.hpp"
#include "vanthu/docmgmt/Storage.hpp"

namespace vanthu::docmgmt {

class IncomingSearchSource : public SearchSource {
public:
    IncomingSearchSource(const Storage& storage, const BlobStore& blobs, const IncomingFlow& flow)
        : storage_(storage), blobs_(blobs), flow_(flow) {}

    std::string kind() const override { return "incoming"; }
    std::string auditPrefix() const override { return "incoming/"; }
    std::optional<search::IndexedDocument> load(Id id) const override;
    bool canSee(const User& user, Id id) const override;
    bool holdsScans() const override { return true; }

private:
    const Storage& storage_;
    const BlobStore& blobs_;
    const IncomingFlow& flow_;
};

} // namespace vanthu::docmgmt
