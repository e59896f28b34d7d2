#pragma once
// An OCSP (RFC 6960) client over HTTP: asks the responder a certificate names in its
// authorityInfoAccess (POST application/ocsp-request) and checks the answer (OcspStatus.hpp).
#include "vanthu/signing/OcspSource.hpp"

namespace vanthu::signing {

class OcspClient : public OcspSource {
public:
    explicit OcspClient(int timeoutSeconds = 15);
    /// Throws when the certificate names no responder, the responder cannot be reached or its
    /// answer does not check, or the certificate is revoked or unknown to it.
    Bytes ocspResponse(X509* certificate, X509* issuer) override;

private:
    int timeoutSeconds_;
};

} // namespace vanthu::signing
