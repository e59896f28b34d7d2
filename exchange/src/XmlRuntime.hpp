#pragma once
// Xerces-C and xml-security-c for the whole process: initialised once, on first use, with the
// edXML schema compiled once into a locked grammar pool that every parser shares (a locked
// pool is safe to share between threads). Also the UTF-8 <-> XMLCh conversions.
#include <xercesc/dom/DOM.hpp>
#include <xercesc/framework/XMLGrammarPool.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace vanthu::exchange::detail {

/// Releases a Xerces object made by a factory (parsers, serializers, documents).
struct XercesRelease {
    template <typename T> void operator()(T* p) const noexcept { p->release(); }
};
using DocumentPtr = std::unique_ptr<xercesc::DOMDocument, XercesRelease>;
using ParserPtr = std::unique_ptr<xercesc::DOMLSParser, XercesRelease>;

class XmlRuntime {
public:
    static XmlRuntime& instance();
    ~XmlRuntime();
    XmlRuntime(const XmlRuntime&) = delete;
    XmlRuntime& operator=(const XmlRuntime&) = delete;

    xercesc::DOMImplementation& implementation() const { return *implementation_; }
    /// A hardened parser: no DOCTYPE, no external anything, entity expansion capped, schema
    /// validation against the cached edXML grammar on every parse, whitespace kept (the
    /// signature covers it). Errors go to handler. validate false: the same hardening without
    /// the schema (to tell a malformed document from an invalid one).
    ParserPtr newParser(xercesc::DOMErrorHandler& handler, bool validate = true) const;
    /// An empty document whose root is edXML:edXML.
    DocumentPtr newDocument() const;
    /// The document as UTF-8 with an XML declaration.
    std::string serialize(const xercesc::DOMDocument& document) const;

private:
    XmlRuntime();
    void loadGrammar();

    xercesc::DOMImplementation* implementation_ = nullptr;
    std::unique_ptr<xercesc::XMLGrammarPool> grammars_;
};

/// UTF-8 → XMLCh (owning).
std::u16string xml(std::string_view utf8);
/// XMLCh → UTF-8 (empty for null).
std::string utf8(const XMLCh* text);

/// Keeps the first error of a parse.
class ParseErrors : public xercesc::DOMErrorHandler {
public:
    bool handleError(const xercesc::DOMError& error) override {
        if (error.getSeverity() == xercesc::DOMError::DOM_SEVERITY_WARNING) {
            return true;
        }
        if (message.empty()) {
            message = utf8(error.getMessage());
            if (const xercesc::DOMLocator* where = error.getLocation()) {
                line = where->getLineNumber();
            }
        }
        return false;
    }
    std::string message;
    XMLFileLoc line = 0;
};

/// The schema's text (exchange/schema/edxml.xsd, compiled in).
extern const std::string_view kEdxmlSchema;

} // namespace vanthu::exchange::detail
