#include "vanthu/signing/OcspClient.hpp"

#include "HttpPost.hpp"
#include "vanthu/signing/OcspStatus.hpp"

namespace vanthu::signing {

OcspClient::OcspClient(int timeoutSeconds) : timeoutSeconds_(timeoutSeconds) {}

Bytes OcspClient::ocspResponse(X509* certificate, X509* issuer) {
    const std::string url = ocspResponderUrl(certificate);
    if (url.empty()) {
        throw std::runtime_error("the certificate of \"" + commonName(certificate) +
                                 "\" names no OCSP responder");
    }
    const Bytes request = makeOcspRequest(certificate, issuer, true);
    Bytes response =
        httpPost(url, "application/ocsp-request", request, timeoutSeconds_, "the OCSP responder");
    const OcspStatus status = readOcspResponse(response, certificate, issuer, {}, request);
    if (status.state == OcspStatus::State::Revoked) {
        throw std::runtime_error("the certificate of \"" + commonName(certificate) +
                                 "\" is revoked (OCSP responder " + url + ")");
    }
    if (status.state == OcspStatus::State::Unknown) {
        throw std::runtime_error("the OCSP responder " + url +
                                 " does not know the certificate of \"" + commonName(certificate) +
                                 "\"");
    }
    return response;
}

} // namespace vanthu::signing
