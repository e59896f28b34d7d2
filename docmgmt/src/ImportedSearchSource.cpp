#include "vanthu/docmgmt/ImportedSearchSource.hpp"

#include "vanthu/docmgmt/ScanReader.hpp"

namespace vanthu::docmgmt {

std::string ImportedSearchSource::fullNotation(const std::string& number,
                                               const std::string& notation) {
    if (number.empty() || notation.empty()) {
        return number + notation;
    }
    return number + (notation.find('/') != std::string::npos ? "-" : "/") + notation;
}

std::optional<search::IndexedDocument> ImportedSearchSource::load(Id id) const {
    const auto doc = storage_.findImportedDocument(id);
    if (!doc) {
        return std::nullopt;
    }
    search::IndexedDocument d;
    d.kind = "imported";
    d.key = "imported/" + std::to_string(doc->id);
    d.registerName = doc->direction == Direction::Outgoing ? "outgoing" : "incoming";
    d.notation = fullNotation(doc->number, doc->notation);
    d.typeName = doc->typeName;
    d.issuer = doc->issuer;
    d.signer = doc->signer;
    d.status = "imported";
    d.subject = doc->subject;
    d.date = doc->issuedDate;
    d.caseFiles = indexedCaseFiles(storage_, kImportedKind, doc->id);
    putPdfText(storage_, blobs_, doc->pdfBlob, d);
    for (const auto role : {Role::Clerk, Role::Leader, Role::Specialist}) {
        d.readers.push_back(roleReaderToken(doc->officeId, role));
    }
    return d;
}

bool canSeeImported(const User& user, const ImportedDocument& document) {
    return user.active && user.officeId == document.officeId && user.role != Role::Administrator;
}

bool ImportedSearchSource::canSee(const User& user, Id id) const {
    const auto doc = storage_.findImportedDocument(id);
    return doc && canSeeImported(user, *doc);
}

} // namespace vanthu::docmgmt
