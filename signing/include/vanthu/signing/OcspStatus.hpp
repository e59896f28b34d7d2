#pragma once
// Reading OCSP (RFC 6960) with OpenSSL 3's OCSP API: the responder a certificate names, requests,
// and what a response says about one certificate, checked as the verifier and the signer need
// (no network here: see OcspClient).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "vanthu/signing/OpenSsl.hpp"

namespace vanthu::signing {

struct OcspStatus {
    enum class State { Good, Revoked, Unknown };
    State state = State::Unknown;
    std::int64_t thisUpdate = 0;
    std::int64_t nextUpdate = 0; ///< 0: the response gives none
    std::int64_t revocationTime = 0;
    std::string responder; ///< common name of the certificate that signed the response
};

/// The OCSP responder URL in the certificate's authorityInfoAccess, or "" when it names none.
std::string ocspResponderUrl(X509* certificate);

/// The CertID of certificate (SHA-1 hashes, what responders expect).
OcspCertIdPtr ocspCertificateId(X509* certificate, X509* issuer);

/// An OCSPRequest (DER) for one certificate, with a random nonce when withNonce.
Bytes makeOcspRequest(X509* certificate, X509* issuer, bool withNonce = true);

/// What an OCSPResponse (DER) says about certificate. Throws std::runtime_error with the reason
/// unless the response is successful, signed by issuer itself or by a responder certificate that
/// issuer issued with the id-kp-OCSPSigning extended key usage (looked for in the response and
/// in otherCertificates), and has a SingleResponse for certificate. When requestDer (the request
/// it answers) is given, a nonce in the response must be the request's (a response without one
/// is accepted: nonces are optional). Validity times are returned, not judged.
OcspStatus readOcspResponse(std::string_view responseDer, X509* certificate, X509* issuer,
                            const std::vector<X509*>& otherCertificates = {},
                            std::string_view requestDer = {});

} // namespace vanthu::signing
