#include "vanthu/signing/OcspClient.hpp"

#include "HttpPost.hpp"
#include "vanthu/signing/CertificateRevoked.hpp"
#include "vanthu/signing/OcspStatus.hpp"

namespace vanthu::signing {

OcspClient::OcspClient(int timeoutSeconds) : timeoutSeconds_(timeoutSeconds) {}

OcspClient::OcspClient(std::vector<std::string> responders, int timeoutSeconds)
    : timeoutSeconds_(timeoutSeconds), responders_(std::move(responders)) {}

Bytes OcspClient::ocspResponse(X509* certificate, X509* issuer) {
    if (responders_.empty()) {
        const std::string url = ocspResponderUrl(certificate);
        if (url.empty()) {
            throw std::runtime_error("the certificate of \"" + commonName(certificate) +
                                     "\" names no OCSP responder");
        }
        return ask(url, certificate, issuer);
    }
    std::string problems;
    for (const auto& url : responders_) {
        try {
            return ask(url, certificate, issuer);
        } catch (const CertificateRevoked&) {
            throw; // an answer: the other responders are not asked
        } catch (const std::exception& e) {
            problems += (problems.empty() ? "" : "; ") + std::string(e.what());
        }
    }
    throw std::runtime_error(problems);
}

Bytes OcspClient::ask(const std::string& url, X509* certificate, X509* issuer) const {
    const Bytes request = makeOcspRequest(certificate, issuer, true);
    Bytes response =
        httpPost(url, "application/ocsp-request", request, timeoutSeconds_, "the OCSP responder");
    const OcspStatus status = readOcspResponse(response, certificate, issuer, {}, request);
    if (status.state == OcspStatus::State::Revoked) {
        throw CertificateRevoked("the certificate of \"" + commonName(certificate) +
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
