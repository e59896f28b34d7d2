#include "vanthu/signing/OcspStatus.hpp"
#include "OpenSslOwned.hpp"

#include <openssl/err.h>

namespace vanthu::signing {

namespace {

struct StringStackDeleter {
    void operator()(STACK_OF(OPENSSL_STRING) * s) const noexcept { X509_email_free(s); }
};
using StringStackPtr = std::unique_ptr<STACK_OF(OPENSSL_STRING), StringStackDeleter>;

std::int64_t timeOrZero(const ASN1_GENERALIZEDTIME* time) {
    return time ? toUnixTime(time) : 0;
}

/// The responder is the issuer itself, or a certificate the issuer signed for OCSP (RFC 6960
/// section 4.2.2.2).
bool authorisedResponder(X509* responder, X509* issuer) {
    if (X509_cmp(responder, issuer) == 0) {
        return true;
    }
    const bool issued = X509_check_issued(issuer, responder) == X509_V_OK &&
                        X509_verify(responder, X509_get0_pubkey(issuer)) == 1;
    const bool ocspSigning = (X509_get_extension_flags(responder) & EXFLAG_XKUSAGE) != 0 &&
                             (X509_get_extended_key_usage(responder) & XKU_OCSP_SIGN) != 0;
    ERR_clear_error();
    return issued && ocspSigning;
}

} // namespace

std::string ocspResponderUrl(X509* certificate) {
    StringStackPtr urls(X509_get1_ocsp(certificate));
    if (!urls || sk_OPENSSL_STRING_num(urls.get()) == 0) {
        return "";
    }
    return sk_OPENSSL_STRING_value(urls.get(), 0);
}

OcspCertIdPtr ocspCertificateId(X509* certificate, X509* issuer) {
    OcspCertIdPtr id(OCSP_cert_to_id(EVP_sha1(), certificate, issuer));
    check(id != nullptr, "cannot name the certificate for OCSP");
    return id;
}

Bytes makeOcspRequest(X509* certificate, X509* issuer, bool withNonce) {
    OcspRequestPtr request(OCSP_REQUEST_new());
    check(request != nullptr, "out of memory");
    OcspCertIdPtr id = ocspCertificateId(certificate, issuer);
    check(OCSP_request_add0_id(request.get(), id.get()) != nullptr,
          "cannot build the OCSP request");
    id.release(); // owned by the request now
    if (withNonce) {
        check(OCSP_request_add1_nonce(request.get(), nullptr, -1) == 1, "cannot add a nonce");
    }
    return derOf(i2d_OCSP_REQUEST, request.get(), "cannot encode the OCSP request");
}

OcspStatus readOcspResponse(std::string_view responseDer, X509* certificate, X509* issuer,
                            const std::vector<X509*>& otherCertificates,
                            std::string_view requestDer) {
    const auto* p = reinterpret_cast<const unsigned char*>(responseDer.data());
    OcspResponsePtr response(d2i_OCSP_RESPONSE(nullptr, &p, static_cast<long>(responseDer.size())));
    if (!response) {
        ERR_clear_error();
        throw std::runtime_error("the OCSP response cannot be read");
    }
    const int status = OCSP_response_status(response.get());
    if (status != OCSP_RESPONSE_STATUS_SUCCESSFUL) {
        throw std::runtime_error(std::string("the OCSP responder refused: ") +
                                 OCSP_response_status_str(status));
    }
    OcspBasicRespPtr basic(OCSP_response_get1_basic(response.get()));
    if (!basic) {
        ERR_clear_error();
        throw std::runtime_error("the OCSP response is not a basic response");
    }
    // The signature, by the certificate the response names (in it, or among the others).
    X509StackPtr others(sk_X509_new_null());
    check(others != nullptr, "out of memory");
    for (X509* cert : otherCertificates) {
        pushShared(others.get(), cert);
    }
    pushShared(others.get(), issuer);
    X509* responder = nullptr;
    if (OCSP_resp_get0_signer(basic.get(), &responder, others.get()) != 1 || !responder) {
        ERR_clear_error();
        throw std::runtime_error("the OCSP responder's certificate is missing");
    }
    X509StorePtr store(X509_STORE_new());
    check(store != nullptr, "out of memory");
    if (OCSP_basic_verify(basic.get(), others.get(), store.get(), OCSP_NOVERIFY) != 1) {
        ERR_clear_error();
        throw std::runtime_error("the OCSP response's signature does not verify");
    }
    if (!authorisedResponder(responder, issuer)) {
        throw std::runtime_error("the OCSP response is signed by \"" + commonName(responder) +
                                 "\", neither the issuer of the certificate nor a responder it "
                                 "authorised (id-kp-OCSPSigning)");
    }
    if (!requestDer.empty()) {
        const auto* q = reinterpret_cast<const unsigned char*>(requestDer.data());
        OcspRequestPtr request(d2i_OCSP_REQUEST(nullptr, &q, static_cast<long>(requestDer.size())));
        if (request && OCSP_check_nonce(request.get(), basic.get()) == 0) {
            throw std::runtime_error("the OCSP response does not answer this request (nonce)");
        }
        ERR_clear_error();
    }
    // The SingleResponse about this certificate, whatever hash its CertID uses.
    for (int i = 0; i < OCSP_resp_count(basic.get()); ++i) {
        OCSP_SINGLERESP* single = OCSP_resp_get0(basic.get(), i);
        ASN1_OBJECT* hashOid = nullptr;
        OCSP_id_get0_info(nullptr, &hashOid, nullptr, nullptr,
                          const_cast<OCSP_CERTID*>(OCSP_SINGLERESP_get0_id(single)));
        const EVP_MD* md = hashOid ? EVP_get_digestbyobj(hashOid) : nullptr;
        if (!md) {
            continue;
        }
        OcspCertIdPtr id(OCSP_cert_to_id(md, certificate, issuer));
        if (!id || OCSP_id_cmp(id.get(), OCSP_SINGLERESP_get0_id(single)) != 0) {
            continue;
        }
        int reason = 0;
        ASN1_GENERALIZEDTIME *revoked = nullptr, *thisUpdate = nullptr, *nextUpdate = nullptr;
        const int state =
            OCSP_single_get0_status(single, &reason, &revoked, &thisUpdate, &nextUpdate);
        OcspStatus result;
        result.state = state == V_OCSP_CERTSTATUS_GOOD      ? OcspStatus::State::Good
                       : state == V_OCSP_CERTSTATUS_REVOKED ? OcspStatus::State::Revoked
                                                            : OcspStatus::State::Unknown;
        result.thisUpdate = timeOrZero(thisUpdate);
        result.nextUpdate = timeOrZero(nextUpdate);
        result.revocationTime = timeOrZero(revoked);
        result.responder = commonName(responder);
        ERR_clear_error();
        return result;
    }
    ERR_clear_error();
    throw std::runtime_error("the OCSP response says nothing about the certificate of \"" +
                             commonName(certificate) + "\"");
}

} // namespace vanthu::signing
