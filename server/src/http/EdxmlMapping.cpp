#include "http/EdxmlMapping.hpp"

#include <algorithm>

#include "vanthu/docmgmt/Dispatch.hpp"
#include "vanthu/exchange/Attachments.hpp"
#include "vanthu/pdf/PdfDocument.hpp"
#include "vanthu/templates/DocumentType.hpp"

namespace vanthu::http {

namespace {

std::string replaced(std::string text, char from, char to) {
    std::replace(text.begin(), text.end(), from, to);
    return text;
}

/// "05/UBND-NV" → {"05", "UBND-NV"}; "753-CV/ĐU" → {"753", "CV/ĐU"}.
exchange::Code splitNotation(const std::string& notation, const std::optional<int>& number) {
    const std::string digits = number ? std::to_string(*number) : std::string();
    if (!digits.empty() && notation.rfind(digits, 0) == 0 && notation.size() > digits.size() + 1 &&
        (notation[digits.size()] == '/' || notation[digits.size()] == '-')) {
        return {digits, notation.substr(digits.size() + 1)};
    }
    return {digits.empty() ? std::string("0") : digits, notation.empty() ? "-" : notation};
}

int priorityOf(const std::string& urgency) {
    if (urgency == "khan") {
        return 1;
    }
    if (urgency == "thuong-khan") {
        return 2;
    }
    return urgency == "hoa-toc" ? 3 : 0;
}

std::string urgencyOf(int priority) {
    switch (priority) {
    case 1:
        return "khan";
    case 2:
        return "thuong-khan";
    case 3:
        return "hoa-toc";
    default:
        return "";
    }
}

std::string competence(const docmgmt::DraftInput& draft) {
    if (draft.authority.empty()) {
        return {};
    }
    const bool party = draft.authority.find('/') != std::string::npos;
    return draft.authority + (party ? " " : ". ") + draft.authorityOf;
}

/// The type code for a type name ("Công văn" → "CV"), or "" when none matches.
std::string typeCodeOf(const std::string& typeName) {
    for (const auto& type : templates::documentTypes()) {
        if (type.name == typeName) {
            return type.code;
        }
    }
    return {};
}

exchange::Organ organ(const docmgmt::Office& office) {
    exchange::Organ o;
    o.organId = office.code;
    o.organName = office.name;
    o.organizationInCharge = office.parentBody;
    return o;
}

} // namespace

std::optional<docmgmt::Office> officeByCode(const docmgmt::Storage& storage,
                                            const std::string& code) {
    for (auto& office : storage.offices()) {
        if (office.code == code) {
            return office;
        }
    }
    return std::nullopt;
}

std::string edxmlDate(const std::string& iso) {
    return replaced(iso.substr(0, 10), '-', '/');
}

std::string isoDate(const std::string& edxml) {
    return replaced(edxml.substr(0, 10), '/', '-');
}

std::string edxmlTimestamp(const std::string& iso) {
    // vietnamTimestamp() strings are already in Vietnam time: "2026-06-16T09:30:00+07:00".
    if (iso.size() < 19) {
        return iso;
    }
    return replaced(iso.substr(0, 10), '-', '/') + " " + iso.substr(11, 8);
}

std::string isoTimestamp(const std::string& edxml) {
    if (edxml.size() < 19) {
        return edxml;
    }
    return replaced(edxml.substr(0, 10), '/', '-') + "T" + edxml.substr(11, 8) + "+07:00";
}

namespace {

/// The pages of an issued PDF (PageAmount), 0 when it cannot be read.
int pageCountOf(const std::string& pdf) {
    try {
        const auto document = pdf::PdfDocument::open(pdf, {}, "issued PDF");
        return static_cast<int>(document.qpdf().getAllPages().size());
    } catch (const std::exception&) {
        return 0;
    }
}

} // namespace

exchange::EdxmlPackage documentPackage(const docmgmt::OutboxDocument& outgoing,
                                       const docmgmt::OutboxItem& item,
                                       const std::optional<docmgmt::IncomingDocument>& replyTo,
                                       const std::string& now) {
    const auto& doc = outgoing.document;
    exchange::EdxmlPackage p;
    p.from = organ(outgoing.sender);
    p.to = {organ(outgoing.recipient)};
    p.code = splitNotation(doc.notation, doc.number);
    p.promulgationInfo = {outgoing.sender.place.empty() ? outgoing.sender.name
                                                        : outgoing.sender.place,
                          edxmlDate(doc.issuedDate)};
    p.documentType.type = 1;
    p.documentType.typeName = outgoing.typeName.empty() ? doc.typeCode : outgoing.typeName;
    p.subject = doc.subject.empty() ? doc.draft.subject : doc.subject;
    p.signerInfo = {competence(doc.draft), outgoing.signerPosition,
                    outgoing.signerName.empty() ? "-" : outgoing.signerName};
    p.dueDate = edxmlDate(doc.draft.dueDate);
    for (const auto& place : doc.draft.recipients) {
        if (!place.empty()) {
            p.toPlaces.push_back(place);
        }
    }
    const int priority = priorityOf(doc.draft.urgency);
    const int pages = pageCountOf(outgoing.pdf);
    if (priority != 0 || doc.draft.issuedAmount > 0 || pages > 0) {
        p.otherInfo = exchange::OtherInfo{};
        p.otherInfo->priority = priority;
        p.otherInfo->promulgationAmount = doc.draft.issuedAmount; // IssuedAmount (Phần II)
        p.otherInfo->pageAmount = pages;                          // PageAmount
    }
    if (!doc.responseFor.empty()) {
        exchange::ResponseFor response;
        response.organId = item.recipientCode;
        response.documentId = doc.responseFor;
        response.code = replyTo && !replyTo->notation.empty() ? replyTo->notation : "-";
        response.promulgationDate = edxmlDate(
            replyTo && !replyTo->issuedDate.empty() ? replyTo->issuedDate : doc.issuedDate);
        p.responseFor.push_back(response);
    }
    // Receivers on the axis split DocumentId on commas: the comma form, the same on every
    // retry. The internal UUID (exchangeId) stays the outbox's idempotency key.
    p.documentId = commaDocumentId(outgoing.sender, doc);
    p.traceHeaders = {{outgoing.sender.code, edxmlTimestamp(now)}};
    p.bussiness = exchange::Bussiness{};
    p.bussiness->documentId = p.documentId;
    exchange::Attachment pdf;
    pdf.contentId = docmgmt::newExchangeId();
    pdf.attachmentName = replaced(replaced(doc.notation, '/', '-'), ' ', '_') + ".pdf";
    pdf.contentType = "application/pdf";
    pdf.description = "Văn bản điện tử đã ký số";
    pdf.bytes = outgoing.pdf;
    p.attachments.push_back(std::move(pdf));
    for (const auto& attachment : outgoing.attachments) {
        exchange::Attachment a;
        a.contentId = docmgmt::newExchangeId();
        a.attachmentName = attachment.name;
        a.contentType =
            attachment.contentType.empty() ? "application/octet-stream" : attachment.contentType;
        a.bytes = attachment.bytes;
        p.attachments.push_back(std::move(a));
    }
    return p;
}

exchange::MessageStatus statusPackage(const docmgmt::OutboxItem& item,
                                      const docmgmt::Office& reporter,
                                      const docmgmt::IncomingDocument& incoming) {
    exchange::MessageStatus s;
    s.responseFor.organId = item.senderCode;
    s.responseFor.code = incoming.notation.empty() ? "-" : incoming.notation;
    s.responseFor.promulgationDate =
        edxmlDate(incoming.issuedDate.empty() ? incoming.receivedAt : incoming.issuedDate);
    s.responseFor.documentId = item.exchangeId;
    s.from = organ(reporter);
    s.statusCode = item.statusCode;
    s.description = item.statusDescription;
    s.timestamp = edxmlTimestamp(item.statusAt);
    s.staffInfo.staff = item.staff;
    return s;
}

exchange::MessageStatus recallRequestPackage(const docmgmt::OutboxItem& item,
                                             const docmgmt::Office& issuer,
                                             const docmgmt::OutgoingDocument& letter) {
    exchange::MessageStatus s;
    s.responseFor.organId = issuer.code;
    s.responseFor.code = letter.notation.empty() ? "-" : letter.notation;
    s.responseFor.promulgationDate = edxmlDate(letter.issuedDate);
    s.responseFor.documentId = commaDocumentId(issuer, letter);
    s.from = organ(issuer);
    s.statusCode = docmgmt::kStatusRecallRequest;
    s.description = item.statusDescription;
    s.timestamp = edxmlTimestamp(item.statusAt);
    s.staffInfo.staff = item.staff;
    return s;
}

void markReplacement(exchange::EdxmlPackage& package, const std::string& replacedDocumentId,
                     const std::string& reason, const std::vector<std::string>& receiverCodes,
                     bool update) {
    package.bussiness = exchange::Bussiness{};
    package.bussiness->bussinessDocType =
        update ? exchange::bussiness::kUpdate : exchange::bussiness::kReplacement;
    package.bussiness->bussinessDocReason = reason;
    package.bussiness->documentId = replacedDocumentId;
    for (const auto& code : receiverCodes) {
        package.bussiness->receivers.push_back({code, "1"});
    }
    package.bussiness->replacements = {{replacedDocumentId, receiverCodes}};
}

exchange::Organ organOf(const docmgmt::Office& office) {
    return organ(office);
}

docmgmt::ArrivingDocument arrivingDocument(const exchange::EdxmlPackage& package,
                                           const docmgmt::Office& sender,
                                           const std::string& receiverCode,
                                           const std::string& peer) {
    docmgmt::ArrivingDocument a;
    a.channel = docmgmt::kChannelEdxml;
    a.exchangeId = package.documentId;
    a.packageId = package.documentId + "/" + receiverCode;
    a.senderCode = package.from.organId;
    a.senderName = package.from.organName;
    a.senderPeer = peer;
    a.receiverCode = receiverCode;
    a.number = package.code.codeNumber;
    const char separator = sender.system == docmgmt::OfficeSystem::Party ? '-' : '/';
    a.notation = package.code.codeNumber + separator + package.code.codeNotation;
    a.issuedDate = isoDate(package.promulgationInfo.promulgationDate);
    a.place = package.promulgationInfo.place;
    a.typeName = package.documentType.typeName;
    a.typeCode = typeCodeOf(a.typeName);
    a.subject = package.subject;
    a.signerName = package.signerInfo.fullName;
    a.signerPosition = package.signerInfo.position;
    a.recipients = package.toPlaces;
    a.dueDate = isoDate(package.dueDate);
    for (const auto& response : package.responseFor) {
        if (response.organId == receiverCode) {
            a.responseFor = response.documentId;
        }
    }
    if (package.otherInfo) {
        a.urgency = urgencyOf(package.otherInfo->priority);
        a.issuedAmount = package.otherInfo->promulgationAmount; // IssuedAmount (Phần II)
        a.pageAmount = package.otherInfo->pageAmount;           // PageAmount
    }
    // The main document is the PDF (the first application/pdf, a "….signed.pdf" preferred);
    // files the sender zipped are unpacked.
    std::vector<exchange::Attachment> files;
    for (const auto& attachment : package.attachments) {
        files.push_back(exchange::unpacked(attachment));
    }
    const auto main = exchange::mainDocument(files);
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (main && i == *main) {
            a.pdf = std::move(files[i].bytes);
        } else {
            a.attachments.push_back(
                {files[i].attachmentName, files[i].contentType, std::move(files[i].bytes), ""});
        }
    }
    return a;
}

std::string commaDocumentId(const docmgmt::Office& sender, const docmgmt::OutgoingDocument& doc) {
    return exchange::commaDocumentId(sender.code, edxmlDate(doc.issuedDate),
                                     splitNotation(doc.notation, doc.number));
}

std::string ownExchangeId(const docmgmt::Storage& storage, const std::string& documentId) {
    if (documentId.empty() || storage.findDocumentByExchangeId(documentId)) {
        return documentId;
    }
    const auto comma = documentId.find(',');
    if (comma == std::string::npos) {
        return documentId;
    }
    const auto office = officeByCode(storage, documentId.substr(0, comma));
    if (!office || !office->isLocal()) {
        return documentId;
    }
    for (const auto& doc : storage.documents(office->id, docmgmt::DocumentState::Issued)) {
        if (commaDocumentId(*office, doc) == documentId) {
            return doc.exchangeId;
        }
    }
    return documentId;
}

} // namespace vanthu::http
