#include "vanthu/exchange/PackageReader.hpp"

#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/framework/Wrapper4InputSource.hpp>
#include <xercesc/util/XMLUni.hpp>

#include <algorithm>
#include <cctype>
#include <variant>

#include "XmlRuntime.hpp"
#include "XmlSignature.hpp"
#include "vanthu/signing/Base64.hpp"
#include "vanthu/signing/OpenSsl.hpp"

using namespace xercesc;

namespace vanthu::exchange {

namespace {

using detail::ParseErrors;
using detail::utf8;
using detail::xml;

/// Whether the bytes are well-formed XML (parsed again, hardened, without the schema): tells
/// an invalid package from a malformed one after a failed validating parse.
bool wellFormed(std::string_view xml) {
    ParseErrors errors;
    auto parser = detail::XmlRuntime::instance().newParser(errors, false);
    MemBufInputSource source(reinterpret_cast<const XMLByte*>(xml.data()), xml.size(),
                             "package.edxml");
    source.setEncoding(u"UTF-8");
    Wrapper4InputSource input(&source, false);
    try {
        parser->parse(&input);
    } catch (...) {
        return false;
    }
    return errors.message.empty();
}

RefusedPackage malformed(const std::string& detail) {
    return RefusedPackage(Refusal::Malformed, "Gói tin không phải XML hợp lệ: " + detail + ".");
}

bool contains(std::string_view text, std::string_view what) {
    return text.find(what) != std::string_view::npos;
}

/// Cheap checks before the parser sees anything: a DTD of any kind is refused here already
/// (the parser refuses it too), and so is any encoding but UTF-8.
void screen(std::string_view xml, const ReadLimits& limits) {
    if (xml.size() > limits.maxBytes) {
        throw RefusedPackage(Refusal::TooLarge,
                             "Gói tin quá lớn (" + std::to_string(xml.size() >> 20) +
                                 " MiB; tối đa " + std::to_string(limits.maxBytes >> 20) +
                                 " MiB).");
    }
    if (contains(xml, std::string_view("\0", 1)) || xml.substr(0, 2) == "\xFE\xFF" ||
        xml.substr(0, 2) == "\xFF\xFE") {
        throw malformed("chỉ nhận mã UTF-8");
    }
    if (contains(xml, "<!DOCTYPE") || contains(xml, "<!ENTITY")) {
        throw malformed("không nhận khai báo DOCTYPE/DTD hay thực thể (entity)");
    }
    if (xml.substr(0, 5) == "<?xml") {
        const auto end = xml.find("?>");
        std::string declaration(xml.substr(0, end == std::string_view::npos ? 0 : end));
        std::transform(declaration.begin(), declaration.end(), declaration.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        const auto at = declaration.find("encoding");
        if (at != std::string::npos && !contains(declaration.substr(at), "utf-8")) {
            throw malformed("chỉ nhận mã UTF-8");
        }
    }
}

const DOMElement* child(const DOMElement* parent, std::u16string_view name) {
    for (const DOMElement* e = parent->getFirstElementChild(); e != nullptr;
         e = e->getNextElementSibling()) {
        if (std::u16string_view(e->getLocalName()) == name) {
            return e;
        }
    }
    return nullptr;
}

std::vector<const DOMElement*> children(const DOMElement* parent, std::u16string_view name) {
    std::vector<const DOMElement*> found;
    for (const DOMElement* e = parent->getFirstElementChild(); e != nullptr;
         e = e->getNextElementSibling()) {
        if (std::u16string_view(e->getLocalName()) == name) {
            found.push_back(e);
        }
    }
    return found;
}

std::string text(const DOMElement* parent, std::u16string_view name) {
    const DOMElement* e = child(parent, name);
    return e == nullptr ? std::string() : utf8(e->getTextContent());
}

int number(const DOMElement* parent, std::u16string_view name) {
    const long long value = std::stoll(text(parent, name));
    if (value < 0 || value > 1'000'000'000) {
        throw RefusedPackage(Refusal::Invalid, "Gói tin có số quá lớn.");
    }
    return static_cast<int>(value);
}

Organ organ(const DOMElement* e) {
    Organ o;
    o.organId = text(e, u"OrganId");
    o.organizationInCharge = text(e, u"OrganizationInCharge");
    o.organName = text(e, u"OrganName");
    o.organAdd = text(e, u"OrganAdd");
    o.email = text(e, u"Email");
    o.telephone = text(e, u"Telephone");
    o.fax = text(e, u"Fax");
    o.website = text(e, u"Website");
    return o;
}

ResponseFor responseFor(const DOMElement* e) {
    return {text(e, u"OrganId"), text(e, u"Code"), text(e, u"PromulgationDate"),
            text(e, u"DocumentId")};
}

std::vector<TraceHeader> traceHeaders(const DOMElement* list) {
    std::vector<TraceHeader> traces;
    for (const DOMElement* e : children(list, u"TraceHeader")) {
        traces.push_back({text(e, u"OrganId"), text(e, u"Timestamp")});
    }
    return traces;
}

EdxmlPackage documentPackage(const DOMElement* root, const DOMElement* header,
                             const DOMElement* message) {
    EdxmlPackage p;
    p.from = organ(child(message, u"From"));
    for (const DOMElement* e : children(message, u"To")) {
        p.to.push_back(organ(e));
    }
    const DOMElement* code = child(message, u"Code");
    p.code = {text(code, u"CodeNumber"), text(code, u"CodeNotation")};
    const DOMElement* promulgation = child(message, u"PromulgationInfo");
    p.promulgationInfo = {text(promulgation, u"Place"), text(promulgation, u"PromulgationDate")};
    const DOMElement* type = child(message, u"DocumentType");
    p.documentType = {number(type, u"Type"), text(type, u"TypeName")};
    p.subject = text(message, u"Subject");
    p.content = text(message, u"Content");
    const DOMElement* signer = child(message, u"SignerInfo");
    p.signerInfo = {text(signer, u"Competence"), text(signer, u"Position"),
                    text(signer, u"FullName")};
    p.dueDate = text(message, u"DueDate");
    if (const DOMElement* places = child(message, u"ToPlaces")) {
        for (const DOMElement* e : children(places, u"Place")) {
            p.toPlaces.push_back(utf8(e->getTextContent()));
        }
    }
    if (const DOMElement* other = child(message, u"OtherInfo")) {
        OtherInfo o;
        o.priority = child(other, u"Priority") ? number(other, u"Priority") : 0;
        o.sphereOfPromulgation = text(other, u"SphereOfPromulgation");
        o.typerNotation = text(other, u"TyperNotation");
        o.promulgationAmount =
            child(other, u"PromulgationAmount") ? number(other, u"PromulgationAmount") : 0;
        o.pageAmount = child(other, u"PageAmount") ? number(other, u"PageAmount") : 0;
        if (const DOMElement* appendixes = child(other, u"Appendixes")) {
            for (const DOMElement* e : children(appendixes, u"Appendix")) {
                o.appendixes.push_back(utf8(e->getTextContent()));
            }
        }
        p.otherInfo = std::move(o);
    }
    for (const DOMElement* e : children(message, u"ResponseFor")) {
        p.responseFor.push_back(responseFor(e));
    }
    if (child(message, u"SteeringType")) {
        p.steeringType = number(message, u"SteeringType");
    }
    p.documentId = text(message, u"DocumentId");
    const DOMElement* traces = child(header, u"TraceHeaderList");
    p.traceHeaders = traceHeaders(traces);
    if (const DOMElement* bussiness = child(traces, u"Bussiness")) {
        p.bussiness = Bussiness{number(bussiness, u"BussinessDocType"),
                                text(bussiness, u"BussinessDocReason")};
    }
    if (const DOMElement* encoded = child(root, u"AttachmentEncoded")) {
        for (const DOMElement* e : children(encoded, u"Attachment")) {
            Attachment a;
            a.contentType = text(e, u"ContentType");
            a.contentId = text(e, u"ContentId");
            a.description = text(e, u"Description");
            a.attachmentName = text(e, u"AttachmentName");
            auto bytes = signing::fromBase64(text(e, u"ContentTransferEncoded"));
            if (!bytes) {
                throw RefusedPackage(Refusal::Invalid, "Tệp đính kèm \"" + a.attachmentName +
                                                           "\" không mã hóa đúng base64.");
            }
            a.bytes = std::move(*bytes);
            p.attachments.push_back(std::move(a));
        }
    }
    return p;
}

MessageStatus statusPackage(const DOMElement* header, const DOMElement* message) {
    MessageStatus s;
    s.responseFor = responseFor(child(message, u"ResponseFor"));
    s.from = organ(child(message, u"From"));
    s.statusCode = text(message, u"StatusCode");
    s.description = text(message, u"Description");
    s.timestamp = text(message, u"Timestamp");
    if (const DOMElement* staff = child(message, u"StaffInfo")) {
        s.staffInfo = {text(staff, u"Department"), text(staff, u"Staff"), text(staff, u"Mobile"),
                       text(staff, u"Email")};
    }
    s.traceHeaders = traceHeaders(child(header, u"TraceHeaderList"));
    return s;
}

} // namespace

struct ParsedPackage::Impl {
    detail::ParserPtr parser; ///< owns the document
    DOMDocument* document = nullptr;
    DOMElement* header = nullptr;
    DOMElement* signature = nullptr;
    signing::X509Ptr embedded;
    std::variant<EdxmlPackage, MessageStatus> content;
};

ParsedPackage::ParsedPackage(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ParsedPackage::ParsedPackage(ParsedPackage&&) noexcept = default;
ParsedPackage& ParsedPackage::operator=(ParsedPackage&&) noexcept = default;
ParsedPackage::~ParsedPackage() = default;

ParsedPackage ParsedPackage::parse(std::string_view xml, const ReadLimits& limits) {
    screen(xml, limits);
    auto& runtime = detail::XmlRuntime::instance();
    ParseErrors errors;
    auto impl = std::make_unique<Impl>();
    impl->parser = runtime.newParser(errors);
    MemBufInputSource source(reinterpret_cast<const XMLByte*>(xml.data()), xml.size(),
                             "package.edxml");
    source.setEncoding(u"UTF-8");
    Wrapper4InputSource input(&source, false);
    try {
        impl->document = impl->parser->parse(&input);
        impl->parser->getDomConfig()->setParameter(XMLUni::fgDOMErrorHandler,
                                                   static_cast<const void*>(nullptr));
    } catch (const RefusedPackage&) {
        throw;
    } catch (const std::exception& e) {
        // The resource resolver refuses anything external by throwing.
        throw malformed(e.what());
    } catch (...) {
        if (errors.message.empty()) {
            throw malformed("trình đọc XML dừng giữa chừng");
        }
    }
    if (!errors.message.empty()) {
        const std::string where =
            errors.line > 0 ? " (dòng " + std::to_string(errors.line) + ")" : std::string();
        if (wellFormed(xml)) {
            throw RefusedPackage(Refusal::Invalid, "Gói tin không đúng lược đồ edXML" + where +
                                                       ": " + errors.message);
        }
        throw malformed(errors.message + where);
    }
    if (impl->document == nullptr || impl->document->getDocumentElement() == nullptr) {
        throw malformed("không có nội dung");
    }
    try {
        const DOMElement* root = impl->document->getDocumentElement();
        const DOMElement* envelope = child(root, u"edXMLEnvelope");
        impl->header = const_cast<DOMElement*>(child(envelope, u"edXMLHeader"));
        if (const DOMElement* message = child(impl->header, u"MessageHeader")) {
            impl->content = documentPackage(root, impl->header, message);
        } else {
            impl->content = statusPackage(impl->header, child(impl->header, u"MessageStatus"));
        }
        impl->signature = detail::findSignature(*impl->document, *impl->header);
        if (impl->signature != nullptr) {
            impl->embedded.reset(detail::keyInfoCertificate(*impl->signature));
        }
    } catch (const RefusedPackage&) {
        throw;
    } catch (const std::exception& e) {
        throw RefusedPackage(Refusal::Invalid, std::string("Gói tin không đọc được: ") + e.what());
    }
    return ParsedPackage(std::move(impl));
}

bool ParsedPackage::isStatus() const {
    return std::holds_alternative<MessageStatus>(impl_->content);
}

const EdxmlPackage& ParsedPackage::document() const {
    if (isStatus()) {
        throw std::logic_error("a status package has no document");
    }
    return std::get<EdxmlPackage>(impl_->content);
}

const MessageStatus& ParsedPackage::status() const {
    if (!isStatus()) {
        throw std::logic_error("a document package is not a status");
    }
    return std::get<MessageStatus>(impl_->content);
}

X509* ParsedPackage::signerCertificate() const {
    return impl_->embedded.get();
}

std::size_t ParsedPackage::verifySignature(const std::vector<X509*>& trusted) const {
    return detail::verifySignature(*impl_->document, impl_->signature, impl_->embedded.get(),
                                   trusted);
}

} // namespace vanthu::exchange
