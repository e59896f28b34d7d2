#pragma once
// An answer, not a failure to get one: the OCSP responder (OcspClient, OcspResponder) or a CRL
// says the certificate is revoked. Retrying cannot help, unlike a responder that did not answer
// (issue 21: the flow tells the two apart).
#include <stdexcept>
#include <string>

namespace vanthu::signing {

class CertificateRevoked : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace vanthu::signing
