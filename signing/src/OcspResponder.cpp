#include "vanthu/signing/OcspResponder.hpp"

#include <openssl/err.h>

#include "OpenSslOwned.hpp"
#include "vanthu/signing/CertificateRevoked.hpp"
#include "vanthu/signing/OcspStatus.hpp"
#include "vanthu/signing/SigningKey.hpp"

namespace vanthu::signing {

namespace {

constexpr long kValiditySeconds = 24 * 3600; ///< nextUpdate: a day after thisUpdate

Bytes encode(OCSP_RESPONSE* response) {
    return derOf(i2d_OCSP_RESPONSE, response, "cannot encode the OCSP response");
}

Bytes failure(int status) {
    OcspResponsePtr response(OCSP_response_create(status, nullptr));
    check(response != nullptr, "out of memory");
    return encode(response.get());
}

} // namespace

OcspResponder::OcspResponder(X509Ptr ca, X509Ptr signer, EvpPkeyPtr key, X509CrlPtr crl)
    : ca_(std::move(ca)), signer_(std::move(signer)), key_(std::move(key)), crl_(std::move(crl)) {
    if (!ca_ || !signer_ || !key_) {
        throw std::invalid_argument("an OCSP responder needs its CA, certificate and key");
    }
    if (X509_check_private_key(signer_.get(), key_.get()) != 1) {
        ERR_clear_error();
        throw std::runtime_error("the OCSP responder's key does not match its certificate");
    }
}

std::unique_ptr<OcspResponder> OcspResponder::fromFiles(const std::string& caP12,
                                                        const std::string& responderP12,
                                                        const std::string& crlPath,
                                                        const std::string& password) {
    auto ca = Pkcs12Key::fromFile(caP12, password);
    X509Ptr caCert(X509_dup(ca->certificate()));
    auto signer =
        responderP12.empty() ? std::move(ca) : Pkcs12Key::fromFile(responderP12, password);
    X509Ptr signerCert(X509_dup(signer->certificate()));
    EVP_PKEY* key = signer->privateKey();
    check(EVP_PKEY_up_ref(key) == 1, "cannot share the responder's key");
    X509CrlPtr crl;
    if (!crlPath.empty()) {
        crl = crlFromPemOrDer(readBinaryFile(crlPath));
    }
    return std::make_unique<OcspResponder>(std::move(caCert), std::move(signerCert),
                                           EvpPkeyPtr(key), std::move(crl));
}

void OcspResponder::setCrl(X509CrlPtr crl) {
    std::lock_guard lock(crlMutex_);
    crl_ = std::move(crl);
}

Bytes OcspResponder::respond(std::string_view requestDer) const {
    const auto* p = reinterpret_cast<const unsigned char*>(requestDer.data());
    OcspRequestPtr request(d2i_OCSP_REQUEST(nullptr, &p, static_cast<long>(requestDer.size())));
    const int count = request ? OCSP_request_onereq_count(request.get()) : 0;
    if (count <= 0) {
        ERR_clear_error();
        return failure(OCSP_RESPONSE_STATUS_MALFORMEDREQUEST);
    }
    OcspBasicRespPtr basic(OCSP_BASICRESP_new());
    check(basic != nullptr, "out of memory");
    Asn1TimePtr thisUpdate(X509_gmtime_adj(nullptr, 0));
    Asn1TimePtr nextUpdate(X509_gmtime_adj(nullptr, kValiditySeconds));
    check(thisUpdate && nextUpdate, "out of memory");
    std::lock_guard lock(crlMutex_);
    for (int i = 0; i < count; ++i) {
        OCSP_CERTID* id = OCSP_onereq_get0_id(OCSP_request_onereq_get0(request.get(), i));
        ASN1_OBJECT* hashOid = nullptr;
        ASN1_INTEGER* serial = nullptr;
        OCSP_id_get0_info(nullptr, &hashOid, nullptr, &serial, id);
        const EVP_MD* md = hashOid ? EVP_get_digestbyobj(hashOid) : nullptr;
        OcspCertIdPtr ours(md ? OCSP_cert_id_new(md, X509_get_subject_name(ca_.get()),
                                                 X509_get0_pubkey_bitstr(ca_.get()), serial)
                              : nullptr);
        int status = V_OCSP_CERTSTATUS_UNKNOWN;
        ASN1_TIME* revokedAt = nullptr;
        if (ours && OCSP_id_issuer_cmp(ours.get(), id) == 0) {
            status = V_OCSP_CERTSTATUS_GOOD;
            X509_REVOKED* entry = nullptr;
            if (crl_ && X509_CRL_get0_by_serial(crl_.get(), &entry, serial) == 1) {
                status = V_OCSP_CERTSTATUS_REVOKED;
                revokedAt = const_cast<ASN1_TIME*>(X509_REVOKED_get0_revocationDate(entry));
            }
        }
        check(OCSP_basic_add1_status(basic.get(), id, status, OCSP_REVOKED_STATUS_NOSTATUS,
                                     revokedAt, thisUpdate.get(), nextUpdate.get()) != nullptr,
              "cannot add a status to the OCSP response");
    }
    ERR_clear_error();
    check(OCSP_copy_nonce(basic.get(), request.get()) > 0, "cannot copy the request's nonce");
    // The responder's certificate goes in the response; the CA's is in every chain anyway.
    const unsigned long flags =
        OCSP_RESPID_KEY | (X509_cmp(signer_.get(), ca_.get()) == 0 ? OCSP_NOCERTS : 0UL);
    check(OCSP_basic_sign(basic.get(), signer_.get(), key_.get(), EVP_sha256(), nullptr, flags) ==
              1,
          "cannot sign the OCSP response");
    OcspResponsePtr response(OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, basic.get()));
    check(response != nullptr, "cannot build the OCSP response");
    return encode(response.get());
}

Bytes OcspResponder::ocspResponse(X509* certificate, X509* issuer) {
    const Bytes request = makeOcspRequest(certificate, issuer, false);
    Bytes response = respond(request);
    const OcspStatus status = readOcspResponse(response, certificate, issuer, {}, request);
    if (status.state == OcspStatus::State::Revoked) {
        throw CertificateRevoked("the certificate of \"" + commonName(certificate) +
                                 "\" is revoked (OCSP)");
    }
    if (status.state != OcspStatus::State::Good) {
        throw std::runtime_error("the certificate of \"" + commonName(certificate) + "\" is " +
                                 (status.state == OcspStatus::State::Revoked
                                      ? "revoked (OCSP)"
                                      : "unknown to the OCSP responder"));
    }
    return response;
}

} // namespace vanthu::signing
