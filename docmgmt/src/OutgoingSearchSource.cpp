#include "vanthu/docmgmt/OutgoingSearchSource.hpp"

#include <Poco/JSON/Parser.h>

#include "vanthu/docmgmt/Recall.hpp"
#include "vanthu/templates/BodyMarkup.hpp"
#include "vanthu/templates/DocumentType.hpp"

namespace vanthu::docmgmt {

namespace {

void appendRuns(std::string& out, const std::vector<templates::TextRun>& runs) {
    for (const auto& run : runs) {
        if (!run.footnoteReference) {
            out += run.text;
        }
    }
}

/// The body markup as plain text, one block per paragraph.
std::string bodyText(const std::string& markup) {
    std::string out;
    try {
        const auto body = templates::parseBodyMarkup(markup);
        for (const auto& block : body.blocks) {
            if (!out.empty()) {
                out += "\n\n";
            }
            appendRuns(out, block.runs);
            if (!block.heading.empty()) {
                out += "\n" + block.heading;
            }
        }
        for (const auto& footnote : body.footnotes) {
            out += "\n\n";
            appendRuns(out, footnote.runs);
        }
    } catch (const std::invalid_argument&) {
        return markup; // a draft with broken markup is still found by its words
    }
    return out;
}

std::string secrecyName(const std::string& code) {
    if (code == "mat") {
        return "MẬT";
    }
    if (code == "toi-mat") {
        return "TỐI MẬT";
    }
    if (code == "tuyet-mat") {
        return "TUYỆT MẬT";
    }
    return code;
}

} // namespace

search::IndexedDocument OutgoingSearchSource::toIndexed(const OutgoingDocument& doc) {
    search::IndexedDocument d;
    d.kind = "outgoing";
    d.key = "outgoing/" + std::to_string(doc.id);
    d.registerName = "outgoing";
    d.notation = doc.notation;
    d.typeCode = doc.typeCode;
    if (const auto type = templates::findDocumentType(doc.typeCode)) {
        d.typeName = type->name;
    }
    d.status = toString(doc.state);
    d.secrecy = secrecyName(doc.draft.secrecy);
    d.subject = doc.subject;
    d.date = !doc.issuedDate.empty() ? doc.issuedDate : doc.updatedAt.substr(0, 10);
    d.recipients = doc.draft.recipients;
    d.deadline = doc.draft.dueDate;
    d.urgency = indexedUrgency(doc.draft.urgency);
    try {
        Poco::JSON::Parser parser;
        const auto json = parser.parse(doc.content).extract<Poco::JSON::Object::Ptr>();
        d.issuer = json->optValue<std::string>("issuingBody", "");
        d.text = bodyText(json->optValue<std::string>("body", ""));
        if (const auto signer = json->getObject("signer")) {
            d.signer = signer->optValue<std::string>("name", "");
        }
        if (d.secrecy.empty()) {
            d.secrecy = secrecyName(json->optValue<std::string>("secrecy", ""));
        }
    } catch (const Poco::Exception&) {
        d.text = doc.draft.body;
    }
    // Readers by docs/access-rules.md: the author always; leaders once submitted; clerks once
    // approved; every specialist of the office once issued.
    d.readers.push_back(userReaderToken(doc.authorId));
    if (doc.state != DocumentState::Draft) {
        d.readers.push_back(roleReaderToken(doc.officeId, Role::Leader));
    }
    if (doc.state == DocumentState::Approved || doc.state == DocumentState::Signed ||
        doc.state == DocumentState::Issued) {
        d.readers.push_back(roleReaderToken(doc.officeId, Role::Clerk));
    }
    if (doc.state == DocumentState::Issued) {
        d.readers.push_back(roleReaderToken(doc.officeId, Role::Specialist));
    }
    return d;
}

std::optional<search::IndexedDocument> OutgoingSearchSource::load(Id id) const {
    const auto doc = storage_.findDocument(id);
    if (!doc) {
        return std::nullopt;
    }
    auto indexed = toIndexed(*doc);
    indexed.handler = indexedUserName(storage_, doc->authorId); // người soạn
    indexed.caseFiles = indexedCaseFiles(storage_, kOutgoingKind, id);
    if (doc->state == DocumentState::Issued) {
        // A recalled or replaced letter is found as such (its row never changes).
        if (const auto recall = recallStatusOf(storage_, id); recall.frozen()) {
            indexed.status = recall.state;
        }
    }
    return indexed;
}

bool OutgoingSearchSource::canSee(const User& user, Id id) const {
    const auto doc = storage_.findDocument(id);
    return doc && flow_.canSee(user, *doc);
}

} // namespace vanthu::docmgmt
