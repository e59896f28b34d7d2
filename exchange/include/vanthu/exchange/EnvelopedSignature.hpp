#pragma once
// The enveloped XML signature of edXML packages for any XML document (XML-DSig, xml-security-c):
// RSA-SHA256 or ECDSA-SHA256 by the key's type, exclusive C14N, one reference to the whole
// document with the enveloped-signature transform, the signer's certificate and its CA
// certificates in KeyInfo/X509Data, ds:Signature the last child of the root element. Parsing is
// hardened as for packages (no DOCTYPE, nothing external, entity expansion capped) and does not
// validate: the caller validates against its own schema.
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <string>
#include <string_view>
#include <vector>

#include "vanthu/signing/OpenSsl.hpp"

namespace vanthu::exchange {

/// Signs a complete UTF-8 document: ds:Signature appended to the root element. Returns the
/// signed document (serialized again, with an XML declaration). Throws std::runtime_error when
/// the document cannot be parsed or signed.
std::string signXmlDocument(std::string_view xml, EVP_PKEY* key, X509* certificate,
                            const std::vector<X509*>& chain = {});

/// What checkXmlDocumentSignature found.
struct XmlDocumentSignature {
    enum class Status {
        Unsigned, ///< no ds:Signature
        Broken,   ///< a signature that does not verify, is misplaced, repeated or of another shape
        Intact,   ///< verifies with the key of the first KeyInfo certificate
    };
    Status status = Status::Unsigned;
    std::string problem;                 ///< why Broken, in words a clerk can pass on
    signing::X509Ptr signer;             ///< the first KeyInfo certificate (when there is one)
    std::vector<signing::X509Ptr> chain; ///< the other KeyInfo certificates
};

/// Checks the document's own signature with the key of the certificate it carries: proves the
/// document unchanged since that key signed it. Whether that key is to be trusted (a chain to a
/// CA, a pinned certificate) is the caller's decision.
XmlDocumentSignature checkXmlDocumentSignature(std::string_view xml);

} // namespace vanthu::exchange
