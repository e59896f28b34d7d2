#pragma once
// Something that answers OCSP (RFC 6960) for a certificate: the responder the certificate names
// over HTTP (OcspClient), or the built-in responder in process (OcspResponder).
#include "vanthu/signing/OpenSsl.hpp"

namespace vanthu::signing {

class OcspSource {
public:
    virtual ~OcspSource() = default;
    /// A checked OCSPResponse (DER) about certificate, issued by issuer. Throws on failure, and
    /// when the response says the certificate is revoked.
    virtual Bytes ocspResponse(X509* certificate, X509* issuer) = 0;
};

} // namespace vanthu::signing
