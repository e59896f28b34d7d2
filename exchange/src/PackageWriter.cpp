#include "vanthu/exchange/PackageWriter.hpp"

#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/framework/Wrapper4InputSource.hpp>
#include <xercesc/util/XMLUni.hpp>

#include <stdexcept>
#include <string>

#include "XmlRuntime.hpp"
#include "XmlSignature.hpp"
#include "vanthu/exchange/Attachments.hpp"
#include "vanthu/exchange/PackageReader.hpp"
#include "vanthu/signing/Base64.hpp"
#include "vanthu/signing/SigningKey.hpp"

using namespace xercesc;

namespace vanthu::exchange {

namespace {

using detail::xml;

/// Builds the DOM with two-space indentation (whitespace the signature then covers).
class Builder {
public:
    /// A new package: edXML, edXMLEnvelope, edXMLHeader.
    Builder()
        : owner_(detail::XmlRuntime::instance().newDocument()), document_(*owner_),
          namespace_(xml(kEdxmlNamespace)) {
        envelope = element(root(), "edXMLEnvelope");
        header = element(envelope, "edXMLHeader");
    }

    DOMElement* root() const { return document_.getDocumentElement(); }
    DOMElement* envelope = nullptr;
    DOMElement* header = nullptr;

    /// Closes the header and the root, signs (the signature goes last into the header, after
    /// everything it covers is in place) and serializes.
    std::string finish(const signing::SigningKey* seal) {
        if (seal != nullptr) {
            header->appendChild(document_.createTextNode(u"\n      "));
        }
        close(header);
        root()->appendChild(document_.createTextNode(u"\n"));
        if (seal != nullptr) {
            detail::appendSignature(document_, *header, header->getLastChild(), seal->privateKey(),
                                    seal->certificate());
        }
        return detail::XmlRuntime::instance().serialize(document_);
    }

    /// A new element edXML:name under parent, indented.
    DOMElement* element(DOMElement* parent, const char* name) {
        indent(parent);
        DOMElement* child = document_.createElementNS(namespace_.c_str(),
                                                      xml(std::string("edXML:") + name).c_str());
        parent->appendChild(child);
        return child;
    }

    /// An element with text.
    DOMElement* text(DOMElement* parent, const char* name, const std::string& value) {
        DOMElement* child = element(parent, name);
        child->appendChild(document_.createTextNode(xml(value).c_str()));
        return child;
    }

    /// An element with text, left out when the text is empty.
    void optional(DOMElement* parent, const char* name, const std::string& value) {
        if (!value.empty()) {
            text(parent, name, value);
        }
    }

    /// Closes an element that has children: the newline before its end tag.
    void close(DOMElement* element) {
        std::u16string whitespace = u"\n" + std::u16string(2 * depth(element), u' ');
        element->appendChild(document_.createTextNode(whitespace.c_str()));
    }

    void organ(DOMElement* parent, const char* name, const Organ& organ) {
        DOMElement* e = element(parent, name);
        text(e, "OrganId", organ.organId);
        optional(e, "OrganizationInCharge", organ.organizationInCharge);
        text(e, "OrganName", organ.organName);
        optional(e, "OrganAdd", organ.organAdd);
        optional(e, "Email", organ.email);
        optional(e, "Telephone", organ.telephone);
        optional(e, "Fax", organ.fax);
        optional(e, "Website", organ.website);
        close(e);
    }

    /// ResponseFor in a document (the SDK: OrganId, Code, DocumentId, PromulgationDate) or a
    /// status (OrganId, Code, PromulgationDate, DocumentId).
    void responseFor(DOMElement* parent, const ResponseFor& response, bool status) {
        DOMElement* e = element(parent, "ResponseFor");
        text(e, "OrganId", response.organId);
        text(e, "Code", response.code);
        if (!status) {
            text(e, "DocumentId", response.documentId);
        }
        text(e, "PromulgationDate", response.promulgationDate);
        if (status) {
            text(e, "DocumentId", response.documentId);
        }
        close(e);
    }

    void traceHeaders(DOMElement* header, const std::vector<TraceHeader>& traces,
                      const std::optional<Bussiness>& bussiness) {
        DOMElement* list = element(header, "TraceHeaderList");
        for (const auto& trace : traces) {
            DOMElement* e = element(list, "TraceHeader");
            text(e, "OrganId", trace.organId);
            text(e, "Timestamp", trace.timestamp);
            close(e);
        }
        if (bussiness) {
            this->bussiness(list, *bussiness);
        }
        close(list);
    }

    void bussiness(DOMElement* list, const Bussiness& b) {
        DOMElement* e = element(list, "Bussiness");
        optional(e, "DocumentId", b.documentId);
        text(e, "BussinessDocType", std::to_string(b.bussinessDocType));
        optional(e, "BussinessDocReason", b.bussinessDocReason);
        text(e, "Paper", b.paper.empty() ? "0" : b.paper);
        if (!b.receivers.empty()) {
            DOMElement* info = element(e, "BussinessDocumentInfo");
            DOMElement* receivers = element(info, "ReceiverList");
            for (const auto& receiver : b.receivers) {
                DOMElement* r = element(receivers, "Receiver");
                text(r, "OrganId", receiver.organId);
                optional(r, "ReceiverType", receiver.receiverType);
                close(r);
            }
            close(receivers);
            close(info);
        }
        if (!b.replacements.empty()) {
            DOMElement* replacements = element(e, "ReplacementInfoList");
            for (const auto& replacement : b.replacements) {
                DOMElement* r = element(replacements, "ReplacementInfo");
                text(r, "DocumentId", replacement.documentId);
                DOMElement* organs = element(r, "OrganIdList");
                for (const auto& organ : replacement.organIds) {
                    text(organs, "OrganId", organ);
                }
                close(organs);
                close(r);
            }
            close(replacements);
        }
        close(e);
    }

private:
    void indent(DOMElement* parent) {
        std::u16string whitespace = u"\n" + std::u16string(2 * (depth(parent) + 1), u' ');
        parent->appendChild(document_.createTextNode(whitespace.c_str()));
    }

    static std::size_t depth(const DOMNode* node) {
        std::size_t d = 0;
        for (const DOMNode* p = node->getParentNode();
             p != nullptr && p->getNodeType() == DOMNode::ELEMENT_NODE; p = p->getParentNode()) {
            ++d;
        }
        return d;
    }

    detail::DocumentPtr owner_;
    DOMDocument& document_;
    std::u16string namespace_;
};

/// "cid:" and the bare identifier, as the SDK writes ContentIds.
std::string cid(const std::string& contentId) {
    return "cid:" + bareContentId(contentId);
}

} // namespace

std::string writePackage(const EdxmlPackage& package, const signing::SigningKey* seal) {
    Builder b;
    // The SDK's order (docs/exchange.md, "Dialects").
    DOMElement* message = b.element(b.header, "MessageHeader");
    b.organ(message, "From", package.from);
    for (const auto& to : package.to) {
        b.organ(message, "To", to);
    }
    b.text(message, "DocumentId", package.documentId);
    DOMElement* code = b.element(message, "Code");
    b.text(code, "CodeNumber", package.code.codeNumber);
    b.text(code, "CodeNotation", package.code.codeNotation);
    b.close(code);
    DOMElement* promulgation = b.element(message, "PromulgationInfo");
    b.text(promulgation, "Place", package.promulgationInfo.place);
    b.text(promulgation, "PromulgationDate", package.promulgationInfo.promulgationDate);
    b.close(promulgation);
    DOMElement* type = b.element(message, "DocumentType");
    b.text(type, "Type", std::to_string(package.documentType.type));
    b.optional(type, "TypeDetail", package.documentType.typeDetail);
    b.text(type, "TypeName", package.documentType.typeName);
    b.close(type);
    b.text(message, "Subject", package.subject);
    b.optional(message, "Content", package.content);
    DOMElement* signer = b.element(message, "SignerInfo");
    b.optional(signer, "Competence", package.signerInfo.competence);
    b.optional(signer, "Position", package.signerInfo.position);
    b.text(signer, "FullName", package.signerInfo.fullName);
    b.close(signer);
    b.optional(message, "DueDate", package.dueDate);
    if (package.otherInfo) {
        const OtherInfo& other = *package.otherInfo;
        DOMElement* e = b.element(message, "OtherInfo");
        b.text(e, "Priority", std::to_string(other.priority));
        b.optional(e, "SphereOfPromulgation", other.sphereOfPromulgation);
        b.optional(e, "TyperNotation", other.typerNotation);
        b.text(e, "PromulgationAmount", std::to_string(other.promulgationAmount));
        b.text(e, "PageAmount", std::to_string(other.pageAmount));
        b.optional(e, "Direction", other.direction);
        if (!other.appendixes.empty()) {
            DOMElement* appendixes = b.element(e, "Appendixes");
            for (const auto& appendix : other.appendixes) {
                b.text(appendixes, "Appendix", appendix);
            }
            b.close(appendixes);
        }
        b.close(e);
    }
    for (const auto& response : package.responseFor) {
        b.responseFor(message, response, false);
    }
    if (package.steeringType) {
        b.text(message, "SteeringType", std::to_string(*package.steeringType));
    }
    if (!package.toPlaces.empty()) {
        DOMElement* places = b.element(message, "ToPlaces");
        for (const auto& place : package.toPlaces) {
            b.text(places, "Place", place);
        }
        b.close(places);
    }
    b.close(message);
    b.traceHeaders(b.header, package.traceHeaders, package.bussiness);

    DOMElement* body = b.element(b.envelope, "edXMLBody");
    DOMElement* manifest = b.element(body, "edXMLManifest");
    manifest->setAttribute(u"version", u"1.0");
    for (const auto& attachment : package.attachments) {
        DOMElement* reference = b.element(manifest, "Reference");
        b.text(reference, "ContentId", cid(attachment.contentId));
        b.text(reference, "ContentType", attachment.contentType);
        b.optional(reference, "Description", attachment.description);
        b.text(reference, "AttachmentName", attachment.attachmentName);
        b.close(reference);
    }
    b.close(manifest);
    b.close(body);
    b.close(b.envelope);
    if (!package.attachments.empty()) {
        DOMElement* encoded = b.element(b.root(), "AttachmentEncoded");
        for (const auto& attachment : package.attachments) {
            DOMElement* e = b.element(encoded, "Attachment");
            b.text(e, "ContentId", cid(attachment.contentId));
            b.text(e, "AttachmentName", attachment.attachmentName);
            b.optional(e, "Description", attachment.description);
            b.text(e, "ContentType", attachment.contentType);
            b.text(e, "ContentTransferEncoded", signing::toBase64(attachment.bytes));
            b.close(e);
        }
        b.close(encoded);
    }
    return b.finish(seal);
}

std::string writePackage(const MessageStatus& status, const signing::SigningKey* seal) {
    // What the SDK's reader knows: MessageHeader with a StatusCode; no trace list, no body.
    Builder b;
    DOMElement* message = b.element(b.header, "MessageHeader");
    b.organ(message, "From", status.from);
    b.responseFor(message, status.responseFor, true);
    DOMElement* staff = b.element(message, "StaffInfo");
    b.text(staff, "Department", status.staffInfo.department);
    b.text(staff, "Staff", status.staffInfo.staff);
    b.text(staff, "Mobile", status.staffInfo.mobile);
    b.text(staff, "Email", status.staffInfo.email);
    b.close(staff);
    b.text(message, "StatusCode", status.statusCode);
    b.text(message, "Description", status.description);
    b.text(message, "Timestamp", status.timestamp);
    b.close(message);
    b.close(b.envelope);
    return b.finish(seal);
}

std::string signPackage(std::string_view xml, const signing::SigningKey& seal) {
    ParsedPackage::parse(xml); // bounded, and a usable package
    detail::ParseErrors errors;
    auto parser = detail::XmlRuntime::instance().newParser(errors);
    parser->getDomConfig()->setParameter(XMLUni::fgXercesUserAdoptsDOMDocument, true);
    MemBufInputSource source(reinterpret_cast<const XMLByte*>(xml.data()), xml.size(),
                             "package.edxml");
    source.setEncoding(u"UTF-8");
    Wrapper4InputSource input(&source, false);
    detail::DocumentPtr document(parser->parse(&input));
    const auto ns = detail::xml(kEdxmlNamespace);
    DOMElement* header = nullptr;
    if (DOMNodeList* found = document->getElementsByTagNameNS(ns.c_str(), u"edXMLHeader");
        found != nullptr && found->getLength() > 0) {
        header = static_cast<DOMElement*>(found->item(0));
    }
    if (header == nullptr) {
        throw RefusedPackage(Refusal::Invalid, "Gói tin không có edXMLHeader.");
    }
    header->appendChild(document->createTextNode(u"\n"));
    detail::appendSignature(*document, *header, nullptr, seal.privateKey(), seal.certificate());
    return detail::XmlRuntime::instance().serialize(*document);
}

} // namespace vanthu::exchange
