#pragma once
// RAII owners for OpenSSL handles and small helpers shared by the signing library. Every
// OpenSSL object the library creates lives in one of these; nothing is freed by hand.
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/pkcs12.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace vanthu::signing {

/// A failure inside OpenSSL; the message carries OpenSSL's own error queue.
class OpenSslError : public std::runtime_error {
public:
    explicit OpenSslError(const std::string& what);
};

/// Throws OpenSslError(what + OpenSSL's queued errors) when ok is false.
void check(bool ok, const char* what);
/// Empties OpenSSL's error queue into one line ("a; b; c"), empty when there was none.
std::string drainOpenSslErrors();

template <auto Free> struct OpenSslDeleter {
    template <typename T> void operator()(T* p) const noexcept { Free(p); }
};

using BioPtr = std::unique_ptr<BIO, OpenSslDeleter<BIO_free_all>>;
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, OpenSslDeleter<EVP_PKEY_free>>;
using EvpPkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, OpenSslDeleter<EVP_PKEY_CTX_free>>;
using EvpMdCtxPtr = std::unique_ptr<EVP_MD_CTX, OpenSslDeleter<EVP_MD_CTX_free>>;
using X509Ptr = std::unique_ptr<X509, OpenSslDeleter<X509_free>>;
using X509CrlPtr = std::unique_ptr<X509_CRL, OpenSslDeleter<X509_CRL_free>>;
using X509NamePtr = std::unique_ptr<X509_NAME, OpenSslDeleter<X509_NAME_free>>;
using X509ExtensionPtr = std::unique_ptr<X509_EXTENSION, OpenSslDeleter<X509_EXTENSION_free>>;
using X509StorePtr = std::unique_ptr<X509_STORE, OpenSslDeleter<X509_STORE_free>>;
using X509StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, OpenSslDeleter<X509_STORE_CTX_free>>;
using X509RevokedPtr = std::unique_ptr<X509_REVOKED, OpenSslDeleter<X509_REVOKED_free>>;
using Asn1IntegerPtr = std::unique_ptr<ASN1_INTEGER, OpenSslDeleter<ASN1_INTEGER_free>>;
using Asn1TimePtr = std::unique_ptr<ASN1_TIME, OpenSslDeleter<ASN1_TIME_free>>;
using Asn1ObjectPtr = std::unique_ptr<ASN1_OBJECT, OpenSslDeleter<ASN1_OBJECT_free>>;
using BignumPtr = std::unique_ptr<BIGNUM, OpenSslDeleter<BN_free>>;
using Pkcs12Ptr = std::unique_ptr<PKCS12, OpenSslDeleter<PKCS12_free>>;
using CmsPtr = std::unique_ptr<CMS_ContentInfo, OpenSslDeleter<CMS_ContentInfo_free>>;
using TsReqPtr = std::unique_ptr<TS_REQ, OpenSslDeleter<TS_REQ_free>>;
using TsRespPtr = std::unique_ptr<TS_RESP, OpenSslDeleter<TS_RESP_free>>;
using TsRespCtxPtr = std::unique_ptr<TS_RESP_CTX, OpenSslDeleter<TS_RESP_CTX_free>>;
using TsMsgImprintPtr = std::unique_ptr<TS_MSG_IMPRINT, OpenSslDeleter<TS_MSG_IMPRINT_free>>;
using TsTstInfoPtr = std::unique_ptr<TS_TST_INFO, OpenSslDeleter<TS_TST_INFO_free>>;
using X509AlgorPtr = std::unique_ptr<X509_ALGOR, OpenSslDeleter<X509_ALGOR_free>>;
using Pkcs7Ptr = std::unique_ptr<PKCS7, OpenSslDeleter<PKCS7_free>>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, OpenSslDeleter<GENERAL_NAMES_free>>;
using DistPointsPtr = std::unique_ptr<CRL_DIST_POINTS, OpenSslDeleter<CRL_DIST_POINTS_free>>;
using OcspRequestPtr = std::unique_ptr<OCSP_REQUEST, OpenSslDeleter<OCSP_REQUEST_free>>;
using OcspResponsePtr = std::unique_ptr<OCSP_RESPONSE, OpenSslDeleter<OCSP_RESPONSE_free>>;
using OcspBasicRespPtr = std::unique_ptr<OCSP_BASICRESP, OpenSslDeleter<OCSP_BASICRESP_free>>;
using OcspCertIdPtr = std::unique_ptr<OCSP_CERTID, OpenSslDeleter<OCSP_CERTID_free>>;

/// An owning STACK_OF(X509) (certificates freed with the stack).
struct X509StackDeleter {
    void operator()(STACK_OF(X509) * s) const noexcept { sk_X509_pop_free(s, X509_free); }
};
using X509StackPtr = std::unique_ptr<STACK_OF(X509), X509StackDeleter>;
struct X509CrlStackDeleter {
    void operator()(STACK_OF(X509_CRL) * s) const noexcept {
        sk_X509_CRL_pop_free(s, X509_CRL_free);
    }
};
using X509CrlStackPtr = std::unique_ptr<STACK_OF(X509_CRL), X509CrlStackDeleter>;

using Bytes = std::string; ///< binary data (DER, PDF bytes, digests)

/// Certificates and CRLs as DER / PEM.
Bytes toDer(const X509* cert);
Bytes toDer(const X509_CRL* crl);
X509Ptr certificateFromDer(std::string_view der);
X509CrlPtr crlFromDer(std::string_view der);
std::string toPem(const X509* cert);
std::string toPem(const X509_CRL* crl);
/// Every certificate in a PEM file's text (throws when there is none).
std::vector<X509Ptr> certificatesFromPem(std::string_view pem);
X509CrlPtr crlFromPemOrDer(std::string_view bytes);

/// SHA-256 / any digest of bytes.
Bytes sha256(std::string_view data);
Bytes digest(const EVP_MD* md, std::string_view data);

std::string toHex(std::string_view bytes, bool upper = false);
/// "CN=..., O=..." in RFC 2253 order, UTF-8.
std::string nameToString(const X509_NAME* name);
/// The subject's common name (UTF-8), or the whole subject when it has none.
std::string commonName(const X509* cert);
/// Seconds since the epoch of an ASN1_TIME / ASN1_GENERALIZEDTIME.
std::int64_t toUnixTime(const ASN1_TIME* time);
/// "2024-02-05T09:30:00+07:00" (Vietnam time) and "2024-02-05T02:30:00Z".
std::string isoVietnamTime(std::int64_t unixTime);
std::string isoUtcTime(std::int64_t unixTime);

/// The contents of a file, or throws std::runtime_error naming the file.
Bytes readBinaryFile(const std::string& path);
/// Writes through a temporary file and a rename; nothing is left on failure.
void writeBinaryFile(const std::string& path, std::string_view bytes);

} // namespace vanthu::signing
