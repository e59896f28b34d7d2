#include "ArchiveManifest.hpp"

#include <xercesc/dom/DOM.hpp>
#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/parsers/XercesDOMParser.hpp>
#include <xercesc/sax/EntityResolver.hpp>
#include <xercesc/sax/ErrorHandler.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/util/PlatformUtils.hpp>
#include <xercesc/util/SecurityManager.hpp>
#include <xercesc/util/TransService.hpp>
#include <xercesc/util/XMLString.hpp>
#include <xercesc/validators/common/Grammar.hpp>

#include <memory>

#include "vanthu/docmgmt/ArchivePackage.hpp"

namespace vanthu::docmgmt {

namespace {

namespace x = XERCES_CPP_NAMESPACE;

/// Xerces' global state for the lifetime of one parse (Initialize/Terminate are counted).
struct XercesSession {
    XercesSession() { x::XMLPlatformUtils::Initialize(); }
    ~XercesSession() { x::XMLPlatformUtils::Terminate(); }
    XercesSession(const XercesSession&) = delete;
    XercesSession& operator=(const XercesSession&) = delete;
};

std::string utf8(const XMLCh* text) {
    if (!text) {
        return {};
    }
    x::TranscodeToStr out(text, "UTF-8");
    return std::string(reinterpret_cast<const char*>(out.str()), out.length());
}

/// An XMLCh string from ASCII/UTF-8, freed on scope exit.
class Wide {
public:
    explicit Wide(const char* text) : text_(x::XMLString::transcode(text)) {}
    ~Wide() { x::XMLString::release(&text_); }
    Wide(const Wide&) = delete;
    Wide& operator=(const Wide&) = delete;
    const XMLCh* get() const { return text_; }

private:
    XMLCh* text_;
};

/// The first error, with its line; warnings are ignored.
class FirstError : public x::ErrorHandler {
public:
    void warning(const x::SAXParseException&) override {}
    void error(const x::SAXParseException& e) override { keep(e); }
    void fatalError(const x::SAXParseException& e) override { keep(e); }
    void resetErrors() override { message.clear(); }
    std::string message;

private:
    void keep(const x::SAXParseException& e) {
        if (message.empty()) {
            message = "line " + std::to_string(e.getLineNumber()) + ", column " +
                      std::to_string(e.getColumnNumber()) + ": " + utf8(e.getMessage());
        }
    }
};

/// Refuses every external entity, DTD or schema the document asks for.
class RefuseExternal : public x::EntityResolver {
public:
    x::InputSource* resolveEntity(const XMLCh* const, const XMLCh* const systemId) override {
        throw InvalidManifest("the manifest refers to an external resource (" + utf8(systemId) +
                              "); packages never do");
    }
};

x::DOMElement* optionalChild(const x::DOMElement* parent, const char* name) {
    const Wide wanted(name);
    for (auto* node = parent->getFirstElementChild(); node; node = node->getNextElementSibling()) {
        if (x::XMLString::equals(node->getLocalName(), wanted.get())) {
            return node;
        }
    }
    return nullptr;
}

x::DOMElement* child(const x::DOMElement* parent, const char* name) {
    if (auto* found = optionalChild(parent, name)) {
        return found;
    }
    throw InvalidManifest(std::string("the manifest has no ") + name + " element");
}

std::string textOf(const x::DOMElement* parent, const char* name) {
    return utf8(child(parent, name)->getTextContent());
}

std::string attribute(const x::DOMElement* element, const char* name) {
    const Wide wanted(name);
    return utf8(element->getAttribute(wanted.get()));
}

Manifest readManifest(const x::DOMElement* root) {
    Manifest manifest;
    const auto* file = child(root, "CaseFile");
    manifest.fileCode = textOf(file, "FileCode");
    manifest.title = textOf(file, "Title");
    manifest.docTotal = std::stoi(textOf(file, "DocTotal"));
    manifest.pageTotal = std::stoi(textOf(file, "PageTotal"));
    const auto* documents = child(root, "Documents");
    for (auto* doc = documents->getFirstElementChild(); doc; doc = doc->getNextElementSibling()) {
        ManifestDocument entry;
        entry.ordinal = std::stoi(textOf(doc, "DocOrdinal"));
        entry.pageAmount = std::stoi(textOf(doc, "PageAmount"));
        const auto* pdf = child(doc, "File");
        entry.path = attribute(pdf, "path");
        entry.sha256 = attribute(pdf, "sha256");
        entry.size = std::stoull(attribute(pdf, "size"));
        entry.signatures = std::stoi(attribute(pdf, "signatures"));
        const Wide attachmentName("Attachment");
        for (auto* file = pdf->getNextElementSibling(); file;
             file = file->getNextElementSibling()) {
            if (!x::XMLString::equals(file->getLocalName(), attachmentName.get())) {
                continue; // the Rendition, read below
            }
            ManifestAttachment attachment;
            attachment.path = attribute(file, "path");
            attachment.name = attribute(file, "name");
            attachment.sha256 = attribute(file, "sha256");
            attachment.size = std::stoull(attribute(file, "size"));
            entry.attachments.push_back(std::move(attachment));
        }
        if (const auto* rendition = optionalChild(doc, "Rendition")) {
            entry.renditionPath = attribute(rendition, "path");
            entry.renditionSha256 = attribute(rendition, "sha256");
            entry.renditionSize = std::stoull(attribute(rendition, "size"));
        }
        manifest.documents.push_back(std::move(entry));
    }
    return manifest;
}

} // namespace

Manifest parseManifest(std::string_view xml) {
    if (xml.find("<!DOCTYPE") != std::string_view::npos ||
        xml.find("<!ENTITY") != std::string_view::npos) {
        throw InvalidManifest("the manifest has a DOCTYPE or entity declaration; packages never "
                              "do");
    }
    const XercesSession session;
    FirstError errors;
    RefuseExternal refuse;
    x::SecurityManager security;
    security.setEntityExpansionLimit(100);
    x::XercesDOMParser parser;
    parser.setErrorHandler(&errors);
    parser.setEntityResolver(&refuse);
    parser.setSecurityManager(&security);
    parser.setLoadExternalDTD(false);
    parser.setDisableDefaultEntityResolution(true);
    parser.setCreateEntityReferenceNodes(false);
    parser.setDoNamespaces(true);
    parser.setDoSchema(true);
    parser.setValidationScheme(x::XercesDOMParser::Val_Always);
    parser.setValidationSchemaFullChecking(true);
    parser.setValidationConstraintFatal(true);
    parser.setLoadSchema(false); // only the schema loaded below, never one the document names
    parser.setHandleMultipleImports(false);

    const std::string_view xsd = archiveManifestSchema();
    const x::MemBufInputSource schema(reinterpret_cast<const XMLByte*>(xsd.data()), xsd.size(),
                                      "archive-manifest.xsd");
    if (!parser.loadGrammar(schema, x::Grammar::SchemaGrammarType, true) ||
        !errors.message.empty()) {
        throw std::logic_error("the compiled-in archive manifest schema does not load: " +
                               errors.message);
    }
    parser.useCachedGrammarInParse(true);

    const x::MemBufInputSource input(reinterpret_cast<const XMLByte*>(xml.data()), xml.size(),
                                     kManifestName);
    try {
        parser.parse(input);
    } catch (const x::XMLException& e) {
        throw InvalidManifest("manifest.xml: " + utf8(e.getMessage()));
    } catch (const x::DOMException& e) {
        throw InvalidManifest("manifest.xml: " + utf8(e.getMessage()));
    }
    if (!errors.message.empty() || parser.getErrorCount() > 0) {
        throw InvalidManifest("manifest.xml " + (errors.message.empty()
                                                     ? std::string("is not valid")
                                                     : errors.message));
    }
    const x::DOMDocument* document = parser.getDocument();
    const x::DOMElement* root = document ? document->getDocumentElement() : nullptr;
    const Wide ns(kArchiveNamespace);
    if (!root || !x::XMLString::equals(root->getNamespaceURI(), ns.get())) {
        throw InvalidManifest(std::string("manifest.xml is not in the namespace ") +
                              kArchiveNamespace);
    }
    try {
        return readManifest(root);
    } catch (const InvalidManifest&) {
        throw;
    } catch (const std::exception& e) {
        throw InvalidManifest(std::string("manifest.xml has a value out of range: ") + e.what());
    }
}

} // namespace vanthu::docmgmt
