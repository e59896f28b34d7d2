#include "vanthu/exchange/PackageReader.hpp"

#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/framework/Wrapper4InputSource.hpp>
#include <xercesc/util/XMLUni.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <variant>

#include "Prescan.hpp"
#include "XmlRuntime.hpp"
#include "XmlSignature.hpp"
#include "vanthu/exchange/Attachments.hpp"
#include "vanthu/signing/Base64.hpp"
#include "vanthu/signing/OpenSsl.hpp"

using namespace xercesc;

namespace vanthu::exchange {

namespace {

using detail::ParseErrors;
using detail::utf8;
using detail::xml;

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
    if (xml.substr(0, 3) == "\xEF\xBB\xBF") {
        xml.remove_prefix(3);
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

// ---- finding elements: edXML namespace and local name, any order ----------------------

bool isEdxml(const DOMElement* e, std::u16string_view name) {
    const XMLCh* ns = e->getNamespaceURI();
    const XMLCh* local = e->getLocalName();
    static const std::u16string edxml = xml(kEdxmlNamespace);
    return ns != nullptr && local != nullptr && edxml == ns && name == local;
}

const DOMElement* child(const DOMElement* parent, std::u16string_view name) {
    if (parent == nullptr) {
        return nullptr;
    }
    for (const DOMElement* e = parent->getFirstElementChild(); e != nullptr;
         e = e->getNextElementSibling()) {
        if (isEdxml(e, name)) {
            return e;
        }
    }
    return nullptr;
}

std::vector<const DOMElement*> children(const DOMElement* parent, std::u16string_view name) {
    std::vector<const DOMElement*> found;
    if (parent == nullptr) {
        return found;
    }
    for (const DOMElement* e = parent->getFirstElementChild(); e != nullptr;
         e = e->getNextElementSibling()) {
        if (isEdxml(e, name)) {
            found.push_back(e);
        }
    }
    return found;
}

std::string trimmed(std::string text) {
    const auto space = [](unsigned char c) { return std::isspace(c) != 0; };
    text.erase(text.begin(), std::find_if_not(text.begin(), text.end(), space));
    text.erase(std::find_if_not(text.rbegin(), text.rend(), space).base(), text.end());
    return text;
}

std::string textOf(const DOMElement* e) {
    return e == nullptr ? std::string() : trimmed(utf8(e->getTextContent()));
}

std::string text(const DOMElement* parent, std::u16string_view name) {
    return textOf(child(parent, name));
}

/// A number as written; empty or not a number: 0 (liberal; the fields that matter are checked
/// by the caller).
int number(const DOMElement* parent, std::u16string_view name) {
    const std::string value = text(parent, name);
    int n = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), n);
    return error == std::errc() && end == value.data() + value.size() && n >= 0 ? n : 0;
}

std::string path(std::initializer_list<const char*> names) {
    std::string out;
    for (const char* name : names) {
        out += (out.empty() ? "" : "/") + std::string(name);
    }
    return out;
}

// ---- reading the content, collecting problems ----------------------------------------

class Reading {
public:
    std::vector<std::string> problems;

    void require(const std::string& value, const std::string& element, const char* what) {
        if (value.empty()) {
            problems.push_back("Thiếu " + std::string(what) + " (" + element + ").");
        }
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

    static ResponseFor responseFor(const DOMElement* e) {
        return {text(e, u"OrganId"), text(e, u"Code"), text(e, u"PromulgationDate"),
                text(e, u"DocumentId")};
    }

    static std::vector<TraceHeader> traceHeaders(const DOMElement* list) {
        std::vector<TraceHeader> traces;
        for (const DOMElement* e : children(list, u"TraceHeader")) {
            traces.push_back({text(e, u"OrganId"), text(e, u"Timestamp")});
        }
        return traces;
    }

    EdxmlPackage document(const DOMElement* root, const DOMElement* header,
                          const DOMElement* message) {
        EdxmlPackage p;
        p.from = organ(child(message, u"From"));
        require(p.from.organId, "MessageHeader/From/OrganId", "mã định danh cơ quan gửi");
        for (const DOMElement* e : children(message, u"To")) {
            p.to.push_back(organ(e));
            require(p.to.back().organId, "MessageHeader/To/OrganId", "mã định danh cơ quan nhận");
        }
        if (p.to.empty()) {
            problems.push_back("Thiếu cơ quan nhận (MessageHeader/To).");
        }
        p.documentId = text(message, u"DocumentId");
        require(p.documentId, "MessageHeader/DocumentId", "mã văn bản");
        const DOMElement* code = child(message, u"Code");
        p.code = {text(code, u"CodeNumber"), text(code, u"CodeNotation")};
        require(p.code.codeNotation, "MessageHeader/Code/CodeNotation", "ký hiệu văn bản");
        const DOMElement* promulgation = child(message, u"PromulgationInfo");
        p.promulgationInfo = {text(promulgation, u"Place"),
                              text(promulgation, u"PromulgationDate")};
        const DOMElement* type = child(message, u"DocumentType");
        p.documentType = {number(type, u"Type"), text(type, u"TypeDetail"),
                          text(type, u"TypeName")};
        p.subject = text(message, u"Subject");
        require(p.subject, "MessageHeader/Subject", "trích yếu");
        p.content = text(message, u"Content");
        const DOMElement* signer = child(message, u"SignerInfo");
        p.signerInfo = {text(signer, u"Competence"), text(signer, u"Position"),
                        text(signer, u"FullName")};
        p.dueDate = text(message, u"DueDate");
        for (const DOMElement* e : children(child(message, u"ToPlaces"), u"Place")) {
            p.toPlaces.push_back(textOf(e));
        }
        if (const DOMElement* other = child(message, u"OtherInfo")) {
            OtherInfo o;
            o.priority = number(other, u"Priority");
            o.sphereOfPromulgation = text(other, u"SphereOfPromulgation");
            o.typerNotation = text(other, u"TyperNotation");
            o.promulgationAmount = number(other, u"PromulgationAmount");
            o.pageAmount = number(other, u"PageAmount");
            o.direction = text(other, u"Direction");
            for (const DOMElement* e : children(child(other, u"Appendixes"), u"Appendix")) {
                o.appendixes.push_back(textOf(e));
            }
            p.otherInfo = std::move(o);
        }
        for (const DOMElement* e : children(message, u"ResponseFor")) {
            p.responseFor.push_back(responseFor(e));
        }
        if (!text(message, u"SteeringType").empty()) {
            p.steeringType = number(message, u"SteeringType");
        }
        const DOMElement* traces = child(header, u"TraceHeaderList");
        p.traceHeaders = traceHeaders(traces);
        if (const DOMElement* bussiness = child(traces, u"Bussiness")) {
            p.bussiness = this->bussiness(bussiness);
        }
        p.attachments = attachments(
            root, child(child(child(root, u"edXMLEnvelope"), u"edXMLBody"), u"edXMLManifest"));
        return p;
    }

    Bussiness bussiness(const DOMElement* e) {
        Bussiness b;
        const std::string type = text(e, u"BussinessDocType");
        b.bussinessDocType = number(e, u"BussinessDocType");
        if (!type.empty() && (type.size() != 1 || type[0] < '0' || type[0] > '3')) {
            problems.push_back("Loại nghiệp vụ không rõ (Bussiness/BussinessDocType \"" + type +
                               "\"; nhận 0 mới, 1 thu hồi, 2 cập nhật, 3 thay thế).");
        }
        b.bussinessDocReason = text(e, u"BussinessDocReason");
        b.documentId = text(e, u"DocumentId");
        b.paper = text(e, u"Paper");
        for (const DOMElement* info : children(e, u"BussinessDocumentInfo")) {
            for (const DOMElement* list : children(info, u"ReceiverList")) {
                for (const DOMElement* receiver : children(list, u"Receiver")) {
                    b.receivers.push_back(
                        {text(receiver, u"OrganId"), text(receiver, u"ReceiverType")});
                }
            }
        }
        for (const DOMElement* list : children(e, u"ReplacementInfoList")) {
            for (const DOMElement* info : children(list, u"ReplacementInfo")) {
                ReplacementInfo r;
                r.documentId = text(info, u"DocumentId");
                for (const DOMElement* organ : children(child(info, u"OrganIdList"), u"OrganId")) {
                    r.organIds.push_back(textOf(organ));
                }
                b.replacements.push_back(std::move(r));
            }
        }
        if (b.bussinessDocType != bussiness::kNew && b.documentId.empty()) {
            problems.push_back("Thiếu mã văn bản bị thu hồi, cập nhật hay thay thế "
                               "(Bussiness/DocumentId).");
        }
        return b;
    }

    std::vector<Attachment> attachments(const DOMElement* root, const DOMElement* manifest) {
        std::vector<Attachment> found;
        for (const DOMElement* e : children(child(root, u"AttachmentEncoded"), u"Attachment")) {
            Attachment a;
            a.contentType = text(e, u"ContentType");
            a.contentId = bareContentId(text(e, u"ContentId"));
            a.description = text(e, u"Description");
            a.attachmentName = text(e, u"AttachmentName");
            std::string encoded = utf8(child(e, u"ContentTransferEncoded") == nullptr
                                           ? nullptr
                                           : child(e, u"ContentTransferEncoded")->getTextContent());
            encoded.erase(std::remove_if(encoded.begin(), encoded.end(),
                                         [](unsigned char c) { return std::isspace(c) != 0; }),
                          encoded.end());
            const std::string name = a.attachmentName.empty() ? a.contentId : a.attachmentName;
            auto bytes = signing::fromBase64(encoded);
            if (!bytes) {
                problems.push_back("Tệp đính kèm \"" + name +
                                   "\" không mã hóa đúng base64 "
                                   "(Attachment/ContentTransferEncoded).");
            } else {
                a.bytes = std::move(*bytes);
            }
            found.push_back(std::move(a));
        }
        for (const DOMElement* reference : children(manifest, u"Reference")) {
            const std::string id = bareContentId(text(reference, u"ContentId"));
            const bool present = std::any_of(
                found.begin(), found.end(), [&](const Attachment& a) { return a.contentId == id; });
            if (id.empty()) {
                problems.push_back("Thiếu mã nội dung của một tệp trong danh mục "
                                   "(edXMLManifest/Reference/ContentId).");
            } else if (!present) {
                problems.push_back("Danh mục gói tin nêu tệp \"" + id +
                                   "\" nhưng không có tệp đính kèm đó "
                                   "(edXMLManifest/Reference/ContentId).");
            }
        }
        return found;
    }

    MessageStatus status(const DOMElement* header, const DOMElement* message) {
        MessageStatus s;
        s.responseFor = responseFor(child(message, u"ResponseFor"));
        require(s.responseFor.documentId, path({"ResponseFor", "DocumentId"}),
                "mã văn bản được báo trạng thái");
        s.from = organ(child(message, u"From"));
        require(s.from.organId, "From/OrganId", "mã định danh cơ quan báo trạng thái");
        s.statusCode = text(message, u"StatusCode");
        static const char* const known[] = {"01", "02", "03", "04", "05", "06", "13", "15", "16"};
        if (std::none_of(std::begin(known), std::end(known),
                         [&](const char* code) { return s.statusCode == code; })) {
            problems.push_back("Mã trạng thái không rõ (StatusCode \"" + s.statusCode +
                               "\"; nhận 01–06, 13, 15, 16).");
        }
        s.description = text(message, u"Description");
        s.timestamp = text(message, u"Timestamp");
        if (const DOMElement* staff = child(message, u"StaffInfo")) {
            s.staffInfo = {text(staff, u"Department"), text(staff, u"Staff"),
                           text(staff, u"Mobile"), text(staff, u"Email")};
        }
        s.traceHeaders = traceHeaders(child(header, u"TraceHeaderList"));
        return s;
    }
};

/// The header child that holds a status: whatever its name, the one with a StatusCode.
const DOMElement* statusMessage(const DOMElement* header) {
    for (const DOMElement* e = header->getFirstElementChild(); e != nullptr;
         e = e->getNextElementSibling()) {
        if (child(e, u"StatusCode") != nullptr) {
            return e;
        }
    }
    return nullptr;
}

PackageSignature::Kind placeholderOrNone(const DOMElement* header) {
    return child(header, u"Signature") != nullptr || child(header, u"DigitalSignature") != nullptr
               ? PackageSignature::Kind::Placeholder
               : PackageSignature::Kind::None;
}

} // namespace

struct ParsedPackage::Impl {
    detail::ParserPtr parser; ///< owns the document
    DOMDocument* document = nullptr;
    DOMElement* header = nullptr;
    DOMElement* signature = nullptr;
    std::string signatureProblem; ///< a ds:Signature found misplaced or repeated
    signing::X509Ptr embedded;
    PackageSignature packageSignature;
    std::variant<EdxmlPackage, MessageStatus> content;

    void parse(std::string_view xml) {
        ParseErrors errors;
        parser = detail::XmlRuntime::instance().newParser(errors);
        MemBufInputSource source(reinterpret_cast<const XMLByte*>(xml.data()), xml.size(),
                                 "package.edxml");
        source.setEncoding(u"UTF-8");
        Wrapper4InputSource input(&source, false);
        try {
            document = parser->parse(&input);
            parser->getDomConfig()->setParameter(XMLUni::fgDOMErrorHandler,
                                                 static_cast<const void*>(nullptr));
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
            throw malformed(errors.message + where);
        }
        if (document == nullptr || document->getDocumentElement() == nullptr) {
            throw malformed("không có nội dung");
        }
    }

    void read() {
        const DOMElement* root = document->getDocumentElement();
        if (!isEdxml(root, u"edXML")) {
            throw RefusedPackage(Refusal::Invalid,
                                 "Không phải gói tin edXML: phần tử gốc phải là edXML trong "
                                 "không gian tên " +
                                     std::string(kEdxmlNamespace) + ".",
                                 {"Phần tử gốc không phải edXML."});
        }
        header = const_cast<DOMElement*>(child(child(root, u"edXMLEnvelope"), u"edXMLHeader"));
        if (header == nullptr) {
            throw RefusedPackage(Refusal::Invalid,
                                 "Gói tin không có phần đầu (edXMLEnvelope/edXMLHeader).",
                                 {"Thiếu edXMLEnvelope/edXMLHeader."});
        }
        Reading reading;
        if (const DOMElement* status = statusMessage(header)) {
            content = reading.status(header, status);
        } else if (const DOMElement* message = child(header, u"MessageHeader")) {
            content = reading.document(root, header, message);
        } else {
            reading.problems.push_back("Thiếu phần thông tin văn bản (edXMLHeader/MessageHeader).");
        }
        if (!reading.problems.empty()) {
            std::string message = "Gói tin không dùng được:";
            for (const auto& problem : reading.problems) {
                message += " " + problem;
            }
            throw RefusedPackage(Refusal::Invalid, message, std::move(reading.problems));
        }
    }

    /// Finds and checks the package signature with the key it carries; never refuses: what is
    /// wrong is reported, and verifySignature refuses for peers who must sign.
    void findSignature() {
        packageSignature.kind = placeholderOrNone(header);
        try {
            signature = detail::findSignature(*document, *header);
        } catch (const RefusedPackage& e) {
            signatureProblem = e.what();
            packageSignature.kind = PackageSignature::Kind::XmlDsig;
            packageSignature.problem = e.what();
            return;
        }
        if (signature == nullptr) {
            return;
        }
        packageSignature.kind = PackageSignature::Kind::XmlDsig;
        embedded.reset(detail::keyInfoCertificate(*signature));
        if (embedded == nullptr) {
            packageSignature.problem = "không có (đúng một) chứng thư số trong KeyInfo";
            return;
        }
        packageSignature.signer = signing::commonName(embedded.get());
        try {
            detail::checkSignatureValue(*document, *signature, embedded.get());
            packageSignature.intact = true;
        } catch (const detail::BrokenSignature& e) {
            packageSignature.problem = e.what();
        }
    }
};

ParsedPackage::ParsedPackage(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ParsedPackage::ParsedPackage(ParsedPackage&&) noexcept = default;
ParsedPackage& ParsedPackage::operator=(ParsedPackage&&) noexcept = default;
ParsedPackage::~ParsedPackage() = default;

ParsedPackage ParsedPackage::parse(std::string_view xml, const ReadLimits& limits) {
    screen(xml, limits);
    detail::prescan(xml, limits);
    auto impl = std::make_unique<Impl>();
    impl->parse(xml);
    try {
        impl->read();
        impl->findSignature();
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

const PackageSignature& ParsedPackage::packageSignature() const {
    return impl_->packageSignature;
}

X509* ParsedPackage::signerCertificate() const {
    return impl_->embedded.get();
}

std::size_t ParsedPackage::verifySignature(const std::vector<X509*>& trusted) const {
    if (!impl_->signatureProblem.empty()) {
        throw RefusedPackage(Refusal::BadSignature, impl_->signatureProblem);
    }
    return detail::verifySignature(*impl_->document, impl_->signature, impl_->embedded.get(),
                                   trusted);
}

} // namespace vanthu::exchange
