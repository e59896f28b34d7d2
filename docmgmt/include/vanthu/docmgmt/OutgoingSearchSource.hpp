#pragma once
// Outgoing documents (văn bản đi) for the search index: the subject and the body's text from the
// document JSON (the body markup read as text), the register number and notation once issued,
// readers by docs/access-rules.md, and OutgoingFlow::canSee for every result.
#include "vanthu/docmgmt/OutgoingFlow.hpp"
#include "vanthu/docmgmt/SearchSource.hpp"
#include "vanthu/docmgmt/Storage.hpp"

namespace vanthu::docmgmt {

class OutgoingSearchSource : public SearchSource {
public:
    OutgoingSearchSource(const Storage& storage, const OutgoingFlow& flow)
        : storage_(storage), flow_(flow) {}

    std::string kind() const override { return "outgoing"; }
    std::string auditPrefix() const override { return "document/"; }
    std::optional<search::IndexedDocument> load(Id id) const override;
    bool canSee(const User& user, Id id) const override;

    /// The index's view of a document (also for bulk loading without the storage round trip).
    static search::IndexedDocument toIndexed(const OutgoingDocument& doc);

private:
    const Storage& storage_;
    const OutgoingFlow& flow_;
};

} // namespace vanthu::docmgmt
