#pragma once
// An OCSP (RFC 6960) client over HTTP: asks the responder a certificate names in its
// authorityInfoAccess (POST application/ocsp-request) and checks the answer (OcspStatus.hpp).
#include <string>
#include <vector>

#include "vanthu/signing/OcspSource.hpp"

namespace vanthu::signing {

class OcspClient : public OcspSource {
public:
    explicit OcspClient(int timeoutSeconds = 15);
    /// Asks these responders (http:// URLs), in order, instead of the one each certificate
    /// names: the first good answer counts (an installation's configured responders).
    OcspClient(std::vector<std::string> responders, int timeoutSeconds);
    /// Throws when the certificate names no responder (and none is configured), no responder
    /// can be reached or gives an answer that checks, or the certificate is revoked or unknown.
    Bytes ocspResponse(X509* certificate, X509* issuer) override;

private:
    Bytes ask(const std::string& url, X509* certificate, X509* issuer) const;
    int timeoutSeconds_;
    std::vector<std::string> responders_;
};

} // namespace vanthu::signing
