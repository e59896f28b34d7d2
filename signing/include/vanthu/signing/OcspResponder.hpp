#pragma once
// A built-in OCSP responder (RFC 6960) for one CA, the demo PKI's issuing CA: "revoked" for the
// serial numbers its CRL lists, "good" for any other certificate of that CA, "unknown" for
// certificates of other CAs. Responses are signed by the CA itself or by a delegated responder
// certificate (id-kp-OCSPSigning) and echo the request's nonce. Served over HTTP by
// TimeStampServer (`vanthu tsa serve --ocsp-ca ...`), used in process by tests.
#include <memory>
#include <mutex>
#include <string>

#include "vanthu/signing/OcspSource.hpp"
#include "vanthu/signing/OpenSsl.hpp"

namespace vanthu::signing {

class OcspResponder : public OcspSource {
public:
    /// ca: the CA answered for; signer and key: ca itself or a responder it delegated; crl: the
    /// CA's CRL (null: nothing revoked).
    OcspResponder(X509Ptr ca, X509Ptr signer, EvpPkeyPtr key, X509CrlPtr crl = nullptr);
    /// From PKCS#12 files: the CA's (issuing-ca.p12), optionally a delegated responder's
    /// (ocsp.p12; empty path: the CA signs), and optionally the CA's CRL (PEM or DER).
    static std::unique_ptr<OcspResponder> fromFiles(const std::string& caP12,
                                                    const std::string& responderP12,
                                                    const std::string& crlPath,
                                                    const std::string& password);

    /// The answer to one OCSPRequest (DER): always an OCSPResponse, malformedRequest when the
    /// request cannot be read.
    Bytes respond(std::string_view requestDer) const;
    /// In process: a response about certificate (no nonce); throws when it is revoked.
    Bytes ocspResponse(X509* certificate, X509* issuer) override;

    /// Replaces the CRL the statuses come from.
    void setCrl(X509CrlPtr crl);

private:
    X509Ptr ca_;
    X509Ptr signer_;
    EvpPkeyPtr key_;
    mutable std::mutex crlMutex_;
    X509CrlPtr crl_;
};

} // namespace vanthu::signing
