#include "vanthu/signing/TimeStampAuthority.hpp"

#include <openssl/err.h>
#include <openssl/rand.h>

#include <ctime>

#include "OpenSslOwned.hpp"
#include "vanthu/signing/SigningKey.hpp"

namespace vanthu::signing {

namespace {

ASN1_INTEGER* nextSerial(TS_RESP_CTX*, void* data) {
    auto* counter = static_cast<std::atomic<unsigned long long>*>(data);
    // Time-ordered and unique within this process run: seconds << 20 | counter.
    const unsigned long long value =
        (static_cast<unsigned long long>(std::time(nullptr)) << 20) | ((*counter)++ & 0xfffff);
    Asn1IntegerPtr serial(ASN1_INTEGER_new());
    if (!serial || ASN1_INTEGER_set_uint64(serial.get(), value) != 1) {
        return nullptr;
    }
    return serial.release(); // OpenSSL owns it
}

bool hasTimeStampingUsage(X509* cert) {
    return (X509_get_extension_flags(cert) & EXFLAG_XKUSAGE) &&
           (X509_get_extended_key_usage(cert) & XKU_TIMESTAMP);
}

} // namespace

TimeStampAuthority::TimeStampAuthority(EvpPkeyPtr key, X509Ptr certificate,
                                       std::vector<X509Ptr> chain)
    : key_(std::move(key)), certificate_(std::move(certificate)), chain_(std::move(chain)) {
    if (!hasTimeStampingUsage(certificate_.get())) {
        throw std::runtime_error("the TSA certificate lacks the timeStamping extended key usage");
    }
}

std::unique_ptr<TimeStampAuthority> TimeStampAuthority::fromPkcs12(const std::string& path,
                                                                   const std::string& password) {
    const Bytes der = readBinaryFile(path);
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    Pkcs12Ptr p12(d2i_PKCS12(nullptr, &p, static_cast<long>(der.size())));
    EVP_PKEY* key = nullptr;
    X509* cert = nullptr;
    STACK_OF(X509)* ca = nullptr;
    if (!p12 || PKCS12_parse(p12.get(), password.c_str(), &key, &cert, &ca) != 1) {
        ERR_clear_error();
        throw std::runtime_error("cannot open the TSA's PKCS#12 file " + path +
                                 ": wrong password?");
    }
    EvpPkeyPtr ownedKey(key);
    X509Ptr ownedCert(cert);
    X509StackPtr stack(ca);
    std::vector<X509Ptr> chain;
    while (stack && sk_X509_num(stack.get()) > 0) {
        chain.emplace_back(sk_X509_shift(stack.get()));
    }
    if (!ownedKey || !ownedCert) {
        throw std::runtime_error("the TSA's PKCS#12 file has no key with its certificate");
    }
    return std::make_unique<TimeStampAuthority>(std::move(ownedKey), std::move(ownedCert),
                                                std::move(chain));
}

Bytes TimeStampAuthority::respond(std::string_view requestDer) {
    TsRespCtxPtr ctx(TS_RESP_CTX_new());
    check(ctx != nullptr, "out of memory");
    check(TS_RESP_CTX_set_signer_cert(ctx.get(), certificate_.get()) == 1,
          "the TSA certificate cannot sign time-stamps");
    check(TS_RESP_CTX_set_signer_key(ctx.get(), key_.get()) == 1, "bad TSA key");
    X509StackPtr certs(sk_X509_new_null());
    check(certs != nullptr, "out of memory");
    for (const auto& cert : chain_) {
        check(sk_X509_push(certs.get(), cert.get()) > 0, "out of memory");
        X509_up_ref(cert.get());
    }
    check(TS_RESP_CTX_set_certs(ctx.get(), certs.get()) == 1, "cannot set the TSA chain");
    Asn1ObjectPtr policy(OBJ_txt2obj(kDemoTsaPolicy, 1));
    check(policy && TS_RESP_CTX_set_def_policy(ctx.get(), policy.get()) == 1, "bad TSA policy");
    for (const EVP_MD* md : {EVP_sha256(), EVP_sha384(), EVP_sha512()}) {
        check(TS_RESP_CTX_add_md(ctx.get(), md) == 1, "cannot set TSA digests");
    }
    check(TS_RESP_CTX_set_signer_digest(ctx.get(), signerDigest_.load()) == 1 &&
              TS_RESP_CTX_set_ess_cert_id_digest(ctx.get(), EVP_sha256()) == 1,
          "cannot set the TSA signing digest");
    check(TS_RESP_CTX_set_accuracy(ctx.get(), 1, 0, 0) == 1, "cannot set the accuracy");
    TS_RESP_CTX_set_serial_cb(ctx.get(), nextSerial, &serial_);
    BioPtr request(BIO_new_mem_buf(requestDer.data(), static_cast<int>(requestDer.size())));
    check(request != nullptr, "out of memory");
    TsRespPtr response(TS_RESP_create_response(ctx.get(), request.get()));
    check(response != nullptr, "the TSA could not answer");
    return derOf(i2d_TS_RESP, response.get(), "cannot encode the TSA's answer");
}

Bytes TimeStampAuthority::timeStamp(std::string_view sha256Digest) {
    Bytes nonce;
    const Bytes request = makeTimeStampRequest(sha256Digest, &nonce);
    return tokenFromResponse(respond(request), sha256Digest, nonce);
}

Bytes makeTimeStampRequest(std::string_view sha256Digest, Bytes* nonce) {
    TsReqPtr request(TS_REQ_new());
    TsMsgImprintPtr imprint(TS_MSG_IMPRINT_new());
    X509AlgorPtr algorithm(X509_ALGOR_new());
    check(request && imprint && algorithm, "out of memory");
    X509_ALGOR_set_md(algorithm.get(), EVP_sha256());
    check(TS_MSG_IMPRINT_set_algo(imprint.get(), algorithm.get()) == 1 &&
              TS_MSG_IMPRINT_set_msg(
                  imprint.get(),
                  reinterpret_cast<unsigned char*>(const_cast<char*>(sha256Digest.data())),
                  static_cast<int>(sha256Digest.size())) == 1,
          "cannot build the time-stamp request");
    check(TS_REQ_set_version(request.get(), 1) == 1 &&
              TS_REQ_set_msg_imprint(request.get(), imprint.get()) == 1 &&
              TS_REQ_set_cert_req(request.get(), 1) == 1,
          "cannot build the time-stamp request");
    unsigned char random[8];
    check(RAND_bytes(random, sizeof random) == 1, "no randomness for the nonce");
    random[0] &= 0x7f;
    random[0] |= 0x01; // positive, no leading zero byte
    BignumPtr bn(BN_bin2bn(random, sizeof random, nullptr));
    Asn1IntegerPtr value(bn ? BN_to_ASN1_INTEGER(bn.get(), nullptr) : nullptr);
    check(value && TS_REQ_set_nonce(request.get(), value.get()) == 1, "cannot set the nonce");
    if (nonce) {
        *nonce = Bytes(reinterpret_cast<char*>(random), sizeof random);
    }
    return derOf(i2d_TS_REQ, request.get(), "cannot encode the time-stamp request");
}

Bytes tokenFromResponse(std::string_view responseDer, std::string_view sha256Digest,
                        std::string_view nonce) {
    const auto* p = reinterpret_cast<const unsigned char*>(responseDer.data());
    TsRespPtr response(d2i_TS_RESP(nullptr, &p, static_cast<long>(responseDer.size())));
    if (!response) {
        ERR_clear_error();
        throw std::runtime_error("the time-stamp authority's answer is not an RFC 3161 response");
    }
    const ASN1_INTEGER* status =
        TS_STATUS_INFO_get0_status(TS_RESP_get_status_info(response.get()));
    const long code = ASN1_INTEGER_get(status);
    if (code != 0 && code != 1) {
        throw std::runtime_error("the time-stamp authority refused the request (status " +
                                 std::to_string(code) + ")");
    }
    TS_TST_INFO* info = TS_RESP_get_tst_info(response.get());
    PKCS7* token = TS_RESP_get_token(response.get());
    if (!info || !token) {
        throw std::runtime_error("the time-stamp authority's answer has no token");
    }
    const ASN1_OCTET_STRING* imprint = TS_MSG_IMPRINT_get_msg(TS_TST_INFO_get_msg_imprint(info));
    if (Bytes(reinterpret_cast<const char*>(ASN1_STRING_get0_data(imprint)),
              static_cast<size_t>(ASN1_STRING_length(imprint))) != sha256Digest) {
        throw std::runtime_error("the time-stamp token is for other data");
    }
    if (!nonce.empty()) {
        const ASN1_INTEGER* got = TS_TST_INFO_get_nonce(info);
        BignumPtr bn(got ? ASN1_INTEGER_to_BN(got, nullptr) : nullptr);
        Bytes gotBytes(bn ? static_cast<size_t>(BN_num_bytes(bn.get())) : 0, '\0');
        if (bn) {
            BN_bn2bin(bn.get(), reinterpret_cast<unsigned char*>(gotBytes.data()));
        }
        if (gotBytes != nonce) {
            throw std::runtime_error("the time-stamp token's nonce does not match the request");
        }
    }
    return derOf(i2d_PKCS7, token, "cannot encode the time-stamp token");
}

} // namespace vanthu::signing
