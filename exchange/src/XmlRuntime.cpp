#include "XmlRuntime.hpp"

#include <xercesc/framework/MemBufFormatTarget.hpp>
#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/framework/Wrapper4InputSource.hpp>
#include <xercesc/util/PlatformUtils.hpp>
#include <xercesc/util/SecurityManager.hpp>
#include <xercesc/util/XMLUni.hpp>
#include <xsec/utils/XSECPlatformUtils.hpp>

#include <stdexcept>

#include "vanthu/exchange/EdxmlPackage.hpp"

using namespace xercesc;

namespace vanthu::exchange::detail {

namespace {

/// Refuses every external resource a document or the schema could ask for.
class NoResources : public DOMLSResourceResolver {
public:
    DOMLSInput* resolveResource(const XMLCh*, const XMLCh*, const XMLCh*, const XMLCh*,
                                const XMLCh*) override {
        throw std::runtime_error("external resource refused");
    }
};

NoResources& noResources() {
    static NoResources resolver;
    return resolver;
}

SecurityManager& securityManager() {
    // At most this many entity references in one document; edXML needs none beyond the five
    // predefined ones, which are not counted.
    static SecurityManager manager;
    static const bool configured = [] {
        manager.setEntityExpansionLimit(100);
        return true;
    }();
    (void)configured;
    return manager;
}

} // namespace

XmlRuntime& XmlRuntime::instance() {
    static XmlRuntime runtime;
    return runtime;
}

XmlRuntime::XmlRuntime() {
    XMLPlatformUtils::Initialize();
    XSECPlatformUtils::Initialise();
    static const XMLCh ls[] = {chLatin_L, chLatin_S, chNull};
    implementation_ = DOMImplementationRegistry::getDOMImplementation(ls);
}

XmlRuntime::~XmlRuntime() {
    XSECPlatformUtils::Terminate();
    XMLPlatformUtils::Terminate();
}

ParserPtr XmlRuntime::newParser(DOMErrorHandler& handler) const {
    ParserPtr parser(
        implementation_->createLSParser(DOMImplementationLS::MODE_SYNCHRONOUS, nullptr));
    auto* config = parser->getDomConfig();
    config->setParameter(XMLUni::fgDOMNamespaces, true);
    config->setParameter(XMLUni::fgDOMValidate, false);
    config->setParameter(XMLUni::fgXercesSchema, false);
    config->setParameter(XMLUni::fgXercesLoadSchema, false);
    config->setParameter(XMLUni::fgXercesLoadExternalDTD, false);
    config->setParameter(XMLUni::fgXercesDisableDefaultEntityResolution, true);
    config->setParameter(XMLUni::fgDOMDisallowDoctype, true);
    config->setParameter(XMLUni::fgXercesSecurityManager, &securityManager());
    config->setParameter(XMLUni::fgDOMEntities, false);
    config->setParameter(XMLUni::fgDOMElementContentWhitespace, true);
    config->setParameter(XMLUni::fgXercesValidationErrorAsFatal, true);
    config->setParameter(XMLUni::fgXercesContinueAfterFatalError, false);
    config->setParameter(XMLUni::fgDOMResourceResolver, &noResources());
    config->setParameter(XMLUni::fgDOMErrorHandler, &handler);
    return parser;
}

DocumentPtr XmlRuntime::newDocument() const {
    DocumentPtr document(implementation_->createDocument(xml(kEdxmlNamespace).c_str(),
                                                         xml("edXML:edXML").c_str(), nullptr));
    // Declared as an attribute, not left to the serializer: the signature's canonical form is
    // made from the DOM and must already contain it.
    document->getDocumentElement()->setAttributeNS(XMLUni::fgXMLNSURIName, u"xmlns:edXML",
                                                   xml(kEdxmlNamespace).c_str());
    return document;
}

std::string XmlRuntime::serialize(const DOMDocument& document) const {
    std::unique_ptr<DOMLSSerializer, XercesRelease> serializer(
        implementation_->createLSSerializer());
    std::unique_ptr<DOMLSOutput, XercesRelease> output(implementation_->createLSOutput());
    MemBufFormatTarget target;
    output->setByteStream(&target);
    const auto encoding = xml("UTF-8");
    output->setEncoding(encoding.c_str());
    serializer->getDomConfig()->setParameter(XMLUni::fgDOMXMLDeclaration, true);
    if (!serializer->write(&document, output.get())) {
        throw std::runtime_error("the edXML package could not be written");
    }
    return std::string(reinterpret_cast<const char*>(target.getRawBuffer()), target.getLen());
}

std::u16string xml(std::string_view text) {
    // UTF-8 to UTF-16 by hand: needs no initialised Xerces; malformed bytes become U+FFFD.
    std::u16string out;
    out.reserve(text.size());
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const auto* end = p + text.size();
    while (p < end) {
        char32_t c = *p;
        int extra = c < 0x80           ? 0
                    : (c >> 5) == 0x6  ? 1
                    : (c >> 4) == 0xE  ? 2
                    : (c >> 3) == 0x1E ? 3
                                       : -1;
        if (extra < 0 || end - p <= extra) {
            out.push_back(u'\uFFFD');
            ++p;
            continue;
        }
        c &= extra == 0 ? 0x7F : (0x3F >> extra);
        bool valid = true;
        for (int i = 1; i <= extra; ++i) {
            if ((p[i] & 0xC0) != 0x80) {
                valid = false;
                break;
            }
            c = (c << 6) | (p[i] & 0x3F);
        }
        static constexpr char32_t kMinimum[] = {0, 0x80, 0x800, 0x10000};
        if (!valid || c < kMinimum[extra] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
            out.push_back(u'\uFFFD');
            ++p;
            continue;
        }
        p += extra + 1;
        if (c >= 0x10000) {
            c -= 0x10000;
            out.push_back(static_cast<char16_t>(0xD800 + (c >> 10)));
            out.push_back(static_cast<char16_t>(0xDC00 + (c & 0x3FF)));
        } else {
            out.push_back(static_cast<char16_t>(c));
        }
    }
    return out;
}

std::string utf8(const XMLCh* text) {
    std::string out;
    if (text == nullptr) {
        return out;
    }
    for (; *text != 0; ++text) {
        char32_t c = *text;
        if (c >= 0xD800 && c <= 0xDBFF && text[1] >= 0xDC00 && text[1] <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (text[1] - 0xDC00);
            ++text;
        }
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
        } else if (c < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (c >> 6)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        } else if (c < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (c >> 12)));
            out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (c >> 18)));
            out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        }
    }
    return out;
}

} // namespace vanthu::exchange::detail
