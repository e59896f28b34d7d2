#pragma once
// Xerces-C and xml-security-c for the whole process: initialised once, on first use. Also the
// UTF-8 <-> XMLCh conversions.
#include <xercesc/dom/DOM.hpp>

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
    /// A hardened, non-validating parser: no DOCTYPE, no external anything, entity expansion
    /// capped, whitespace kept (the signature covers it). Errors go to handler.
    ParserPtr newParser(xercesc::DOMErrorHandler& handler) const;
    /// An empty document whose root is edXML:edXML.
    DocumentPtr newDocument() const;
    /// The document as UTF-8 with an XML declaration.
    std::string serialize(const xercesc::DOMDocument& document) const;

private:
    XmlRuntime();

    xercesc::DOMImplementation* implementation_ = nullptr;
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

} // namespace vanthu::exchange::detail
