#include "vanthu/docmgmt/IncomingSearchSource.hpp"

#include "vanthu/search/PdfText.hpp"

namespace vanthu::docmgmt {

std::optional<search::IndexedDocument> IncomingSearchSource::load(Id id) const {
    const auto doc = storage_.findIncoming(id);
    if (!doc) {
        return std::nullopt;
    }
    search::IndexedDocument d;
    d.kind = "incoming";
    d.key = "incoming/" + std::to_string(doc->id);
    d.registerName = "incoming";
    d.notation = doc->notation;
    d.typeCode = doc->typeCode;
    d.typeName = doc->typeName;
    d.issuer = doc->senderName;
    d.signer = doc->signerName;
    d.status = toString(doc->state);
    d.secrecy = doc->secrecy;
    d.subject = doc->subject;
    d.date = !doc->issuedDate.empty() ? doc->issuedDate : doc->receivedAt.substr(0, 10);
    if (!doc->pdf.empty()) {
        try {
            d.text = search::joinPages(search::extractPdfText(blobs_.get(doc->pdf), ocr_));
        } catch (const std::exception&) {
            // A PDF without readable text is still found by its metadata.
        }
    }
    d.readers = {roleReaderToken(doc->officeId, Role::Clerk),
                 roleReaderToken(doc->officeId, Role::Leader)};
    if (doc->assigneeId) {
        d.readers.push_back(userReaderToken(*doc->assigneeId));
    }
    return d;
}

bool IncomingSearchSource::canSee(const User& user, Id id) const {
    const auto doc = storage_.findIncoming(id);
    return doc && flow_.canSee(user, *doc);
}

} // namespace vanthu::docmgmt
