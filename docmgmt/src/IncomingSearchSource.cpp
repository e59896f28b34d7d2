#include "vanthu/docmgmt/IncomingSearchSource.hpp"

#include "vanthu/docmgmt/ScanReader.hpp"

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
    d.status = doc->recall.destroyed() ? doc->recall.state : toString(doc->state);
    d.secrecy = doc->secrecy;
    d.subject = doc->subject;
    d.date = !doc->issuedDate.empty() ? doc->issuedDate : doc->receivedAt.substr(0, 10);
    d.arrivalNumber = doc->arrivalNumber ? std::to_string(*doc->arrivalNumber) : std::string();
    d.handler = doc->assigneeId ? indexedUserName(storage_, doc->assigneeId) : doc->assignedUnit;
    d.deadline = doc->deadline;
    d.recipients = doc->recipients;
    d.urgency = indexedUrgency(doc->urgency);
    d.caseFiles = indexedCaseFiles(storage_, kIncomingKind, doc->id);
    putPdfText(storage_, blobs_, doc->pdf, d);
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
