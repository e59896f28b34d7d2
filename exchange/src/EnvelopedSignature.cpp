#include "vanthu/exchange/EnvelopedSignature.hpp"

#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/framework/Wrapper4InputSource.hpp>
#include <xercesc/util/XMLUni.hpp>

#include <stdexcept>

#include "XmlRuntime.hpp"
#include "XmlSignature.hpp"
#include "vanthu/exchange/PackageReader.hpp" // RefusedPackage from findSignature

using namespace xercesc;

namespace vanthu::exchange {

namespace {

/// The document, hardened and not validated; throws std::runtime_error.
detail::DocumentPtr parse(std::string_view xml) {
    if (xml.find("<!DOCTYPE") != std::string_view::npos ||
        xml.find("<!ENTITY") != std::string_view::npos) {
        throw std::runtime_error("tài liệu XML có khai báo DOCTYPE hay thực thể (entity)");
    }
    detail::ParseErrors errors;
    auto parser = detail::XmlRuntime::instance().newParser(errors);
    // the document outlives the parser
    parser->getDomConfig()->setParameter(XMLUni::fgXercesUserAdoptsDOMDocument, true);
    MemBufInputSource source(reinterpret_cast<const XMLByte*>(xml.data()), xml.size(),
                             "document.xml");
    source.setEncoding(u"UTF-8");
    Wrapper4InputSource input(&source, false);
    detail::DocumentPtr document;
    try {
        document.reset(parser->parse(&input));
    } catch (const DOMException& e) {
        throw std::runtime_error("tài liệu không phải XML hợp lệ: " + detail::utf8(e.getMessage()));
    } catch (const XMLException& e) {
        throw std::runtime_error("tài liệu không phải XML hợp lệ: " + detail::utf8(e.getMessage()));
    }
    if (!errors.message.empty() || document == nullptr ||
        document->getDocumentElement() == nullptr) {
        throw std::runtime_error("tài liệu không phải XML hợp lệ: " + errors.message);
    }
    return document;
}

} // namespace

std::string signXmlDocument(std::string_view xml, EVP_PKEY* key, X509* certificate,
                            const std::vector<X509*>& chain) {
    auto document = parse(xml);
    detail::appendSignature(*document, *document->getDocumentElement(), nullptr, key, certificate,
                            chain);
    return detail::XmlRuntime::instance().serialize(*document);
}

XmlDocumentSignature checkXmlDocumentSignature(std::string_view xml) {
    XmlDocumentSignature result;
    try {
        auto document = parse(xml);
        DOMElement* node = nullptr;
        try {
            node = detail::findSignature(*document, *document->getDocumentElement());
        } catch (const RefusedPackage&) {
            result.status = XmlDocumentSignature::Status::Broken;
            result.problem = "có nhiều hơn một chữ ký, hoặc chữ ký không nằm cuối phần tử gốc";
            return result;
        }
        if (node == nullptr) {
            result.status = XmlDocumentSignature::Status::Unsigned;
            return result;
        }
        auto certificates = detail::keyInfoCertificates(*node);
        result.status = XmlDocumentSignature::Status::Broken;
        if (certificates.empty()) {
            result.problem = "không có chứng thư số trong KeyInfo";
            return result;
        }
        result.signer = std::move(certificates.front());
        for (std::size_t i = 1; i < certificates.size(); ++i) {
            result.chain.push_back(std::move(certificates[i]));
        }
        detail::checkSignatureValue(*document, *node, result.signer.get());
        result.status = XmlDocumentSignature::Status::Intact;
    } catch (const std::runtime_error& e) {
        result.status = XmlDocumentSignature::Status::Broken;
        result.problem = e.what();
    }
    return result;
}

} // namespace vanthu::exchange
