#pragma once
// The enveloped XML signature of a package (xml-security-c): made with the seal key, checked
// against trusted certificates only.
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <xercesc/dom/DOM.hpp>

#include <cstddef>
#include <stdexcept>
#include <vector>

#include "vanthu/signing/OpenSsl.hpp"

namespace vanthu::exchange::detail {

/// Inserts ds:Signature (RSA-SHA256 or ECDSA-SHA256 by the key's type, exclusive C14N, one
/// reference to the whole document with the enveloped-signature transform, the certificate
/// in KeyInfo, then the CA certificates of chain) into parent before the node `before` (null:
/// at the end), and signs. The document must be complete, whitespace included: the signature
/// covers all of it.
void appendSignature(xercesc::DOMDocument& document, xercesc::DOMElement& parent,
                     xercesc::DOMNode* before, EVP_PKEY* key, X509* certificate,
                     const std::vector<X509*>& chain = {});

/// The single ds:Signature element of the document: null when there is none; throws
/// RefusedPackage(BadSignature) when there are several or it is not the last element of
/// parent.
xercesc::DOMElement* findSignature(xercesc::DOMDocument& document,
                                   const xercesc::DOMElement& parent);

/// The certificate in the signature's KeyInfo/X509Data, or null (also when there are several).
X509* keyInfoCertificate(const xercesc::DOMElement& signature);
/// Every certificate in the signature's KeyInfo/X509Data, in order; empty when one is not a
/// certificate.
std::vector<signing::X509Ptr> keyInfoCertificates(const xercesc::DOMElement& signature);

/// Why a signature does not verify: the detail alone, callers word the message.
class BrokenSignature : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Checks the signature's shape (see ParsedPackage::verifySignature) and its value with the
/// certificate's key; throws BrokenSignature.
void checkSignatureValue(xercesc::DOMDocument& document, xercesc::DOMElement& signature,
                         X509* certificate);

/// Checks the signature (see ParsedPackage::verifySignature); returns the trusted index.
std::size_t verifySignature(xercesc::DOMDocument& document, xercesc::DOMElement* signature,
                            X509* embedded, const std::vector<X509*>& trusted);

} // namespace vanthu::exchange::detail
