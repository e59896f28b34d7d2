#include "vanthu/signing/DemoPki.hpp"

#include <openssl/rsa.h>

#include <ctime>

#include "OpenSslOwned.hpp"
#include "vanthu/signing/DemoImages.hpp"

namespace vanthu::signing {

namespace {

constexpr long kRootSerial = 1;
constexpr long kIssuingSerial = 2;

X509NamePtr makeName(const std::string& commonName) {
    X509NamePtr name(X509_NAME_new());
    check(name != nullptr, "out of memory");
    auto add = [&](const char* field, const std::string& value) {
        check(X509_NAME_add_entry_by_txt(name.get(), field, MBSTRING_UTF8,
                                         reinterpret_cast<const unsigned char*>(value.c_str()), -1,
                                         -1, 0) == 1,
              "cannot build a certificate name");
    };
    add("C", "VN");
    add("O", "Vanthu Demo");
    add("CN", commonName);
    return name;
}

void addExtension(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509ExtensionPtr extension(X509V3_EXT_nconf_nid(nullptr, &ctx, nid, value.c_str()));
    check(extension != nullptr, "cannot build a certificate extension");
    check(X509_add_ext(cert, extension.get(), -1) == 1, "cannot add a certificate extension");
}

struct CertSpec {
    std::string commonName;
    long serial = 0;
    bool ca = false;
    std::string keyUsage;
    std::string extendedKeyUsage;
    std::string crlUrl;
    std::string ocspUrl;
    bool ocspNoCheck = false;
    std::int64_t notBeforeOffset = -86400;
    std::int64_t notAfterOffset = 0;
};

X509Ptr makeCertificate(const CertSpec& spec, EVP_PKEY* subjectKey, X509* issuerCert,
                        EVP_PKEY* issuerKey) {
    X509Ptr cert(X509_new());
    check(cert != nullptr, "out of memory");
    check(X509_set_version(cert.get(), 2) == 1, "cannot set the certificate version");
    check(ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), spec.serial) == 1,
          "cannot set the serial number");
    const X509NamePtr subject = makeName(spec.commonName);
    check(X509_set_subject_name(cert.get(), subject.get()) == 1, "cannot set the subject");
    check(X509_set_issuer_name(cert.get(),
                               issuerCert ? X509_get_subject_name(issuerCert) : subject.get()) == 1,
          "cannot set the issuer");
    time_t now = std::time(nullptr);
    check(X509_time_adj_ex(X509_getm_notBefore(cert.get()), 0,
                           static_cast<long>(spec.notBeforeOffset), &now) != nullptr,
          "cannot set the validity");
    check(X509_time_adj_ex(X509_getm_notAfter(cert.get()), 0,
                           static_cast<long>(spec.notAfterOffset), &now) != nullptr,
          "cannot set the validity");
    check(X509_set_pubkey(cert.get(), subjectKey) == 1, "cannot set the public key");
    X509* issuer = issuerCert ? issuerCert : cert.get();
    if (spec.ca) {
        addExtension(cert.get(), issuer, NID_basic_constraints,
                     issuerCert ? "critical,CA:TRUE,pathlen:0" : "critical,CA:TRUE");
        addExtension(cert.get(), issuer, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else {
        addExtension(cert.get(), issuer, NID_basic_constraints, "critical,CA:FALSE");
        if (!spec.keyUsage.empty()) {
            addExtension(cert.get(), issuer, NID_key_usage, "critical," + spec.keyUsage);
        }
        if (!spec.extendedKeyUsage.empty()) {
            addExtension(cert.get(), issuer, NID_ext_key_usage, spec.extendedKeyUsage);
        }
    }
    addExtension(cert.get(), issuer, NID_subject_key_identifier, "hash");
    if (issuerCert) {
        addExtension(cert.get(), issuer, NID_authority_key_identifier, "keyid:always");
    }
    if (!spec.crlUrl.empty()) {
        addExtension(cert.get(), issuer, NID_crl_distribution_points, "URI:" + spec.crlUrl);
    }
    if (!spec.ocspUrl.empty()) {
        addExtension(cert.get(), issuer, NID_info_access, "OCSP;URI:" + spec.ocspUrl);
    }
    if (spec.ocspNoCheck) { // a delegated OCSP responder is not itself checked (RFC 6960)
        addExtension(cert.get(), issuer, NID_id_pkix_OCSP_noCheck, "ignored");
    }
    check(X509_sign(cert.get(), issuerKey, EVP_sha256()) > 0, "cannot sign a certificate");
    return cert;
}

X509CrlPtr makeCrl(const DemoIdentity& issuer, const std::vector<long>& revoked, long number) {
    X509CrlPtr crl(X509_CRL_new());
    check(crl != nullptr, "out of memory");
    check(X509_CRL_set_version(crl.get(), 1) == 1, "cannot set the CRL version");
    check(X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(issuer.certificate.get())) == 1,
          "cannot set the CRL issuer");
    time_t now = std::time(nullptr);
    Asn1TimePtr last(X509_time_adj_ex(nullptr, 0, -3600, &now));
    Asn1TimePtr next(X509_time_adj_ex(nullptr, 30, 0, &now));
    check(last && next, "out of memory");
    check(X509_CRL_set1_lastUpdate(crl.get(), last.get()) == 1 &&
              X509_CRL_set1_nextUpdate(crl.get(), next.get()) == 1,
          "cannot set the CRL dates");
    for (const long serial : revoked) {
        X509RevokedPtr entry(X509_REVOKED_new());
        Asn1IntegerPtr number(ASN1_INTEGER_new());
        check(entry && number && ASN1_INTEGER_set(number.get(), serial) == 1,
              "cannot build a CRL entry");
        check(X509_REVOKED_set_serialNumber(entry.get(), number.get()) == 1 &&
                  X509_REVOKED_set_revocationDate(entry.get(), last.get()) == 1,
              "cannot build a CRL entry");
        check(X509_CRL_add0_revoked(crl.get(), entry.get()) == 1, "cannot add a CRL entry");
        entry.release(); // owned by the CRL now
    }
    Asn1IntegerPtr crlNumber(ASN1_INTEGER_new());
    check(crlNumber && ASN1_INTEGER_set(crlNumber.get(), number) == 1, "out of memory");
    check(X509_CRL_add1_ext_i2d(crl.get(), NID_crl_number, crlNumber.get(), 0, 0) == 1,
          "cannot add the CRL number");
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer.certificate.get(), nullptr, nullptr, crl.get(), 0);
    X509ExtensionPtr aki(
        X509V3_EXT_nconf_nid(nullptr, &ctx, NID_authority_key_identifier, "keyid:always"));
    check(aki && X509_CRL_add_ext(crl.get(), aki.get(), -1) == 1,
          "cannot add the CRL authority key identifier");
    check(X509_CRL_sort(crl.get()) == 1, "cannot sort the CRL");
    check(X509_CRL_sign(crl.get(), issuer.key.get(), EVP_sha256()) > 0, "cannot sign the CRL");
    return crl;
}

constexpr const char* kSigningUsage = "digitalSignature,nonRepudiation";

} // namespace

EvpPkeyPtr DemoPki::newKey() const {
    EvpPkeyPtr key = options_.newKey
                         ? options_.newKey(options_.ecdsa)
                         : EvpPkeyPtr(options_.ecdsa ? EVP_EC_gen("P-256") : EVP_RSA_gen(2048));
    check(key != nullptr, "cannot generate a key");
    return key;
}

DemoIdentity DemoPki::makeCa(const std::string& commonName, long serial,
                             const DemoIdentity* issuer) const {
    DemoIdentity identity;
    identity.key = newKey();
    CertSpec spec;
    spec.commonName = commonName;
    spec.serial = serial;
    spec.ca = true;
    spec.notAfterOffset = 20LL * 365 * 86400;
    if (issuer) {
        spec.crlUrl = std::string(kDemoCrlBaseUrl) + "ca.crl";
        spec.notAfterOffset = 10LL * 365 * 86400;
    }
    identity.certificate =
        makeCertificate(spec, identity.key.get(), issuer ? issuer->certificate.get() : nullptr,
                        issuer ? issuer->key.get() : identity.key.get());
    return identity;
}

DemoIdentity DemoPki::issue(const std::string& commonName, long serial, const std::string& keyUsage,
                            const std::string& extendedKeyUsage, std::int64_t notBeforeOffset,
                            std::int64_t notAfterOffset) const {
    DemoIdentity identity;
    identity.key = newKey();
    CertSpec spec;
    spec.commonName = commonName;
    spec.serial = serial;
    spec.keyUsage = keyUsage;
    spec.extendedKeyUsage = extendedKeyUsage;
    spec.crlUrl = std::string(kDemoCrlBaseUrl) + "issuing-ca.crl";
    spec.ocspUrl = options_.ocspUrl;
    spec.notBeforeOffset = notBeforeOffset;
    spec.notAfterOffset = notAfterOffset;
    identity.certificate =
        makeCertificate(spec, identity.key.get(), issuing_.certificate.get(), issuing_.key.get());
    return identity;
}

DemoPki::DemoPki(const DemoPkiOptions& options) : options_(options) {
    root_ = makeCa("Vanthu Demo Root CA", kRootSerial, nullptr);
    issuing_ = makeCa("Vanthu Demo Issuing CA", kIssuingSerial, &root_);
    seal_ = issue("Văn phòng Bộ Nội vụ (Demo)", kSealSerial, kSigningUsage);
    signer1_ = issue("Nguyễn Văn An", kSigner1Serial, kSigningUsage);
    signer2_ = issue("Trần Thị Bình", kSigner2Serial, kSigningUsage);
    tsa_ = issue("Vanthu Demo TSA", kTsaSerial, kSigningUsage, "critical,timeStamping");
    if (!options_.ocspUrl.empty()) {
        ocsp_.key = newKey();
        CertSpec spec;
        spec.commonName = "Vanthu Demo OCSP Responder";
        spec.serial = kOcspSerial;
        spec.keyUsage = "digitalSignature";
        spec.extendedKeyUsage = "critical,OCSPSigning";
        spec.ocspNoCheck = true;
        spec.notAfterOffset = 3LL * 365 * 86400;
        ocsp_.certificate =
            makeCertificate(spec, ocsp_.key.get(), issuing_.certificate.get(), issuing_.key.get());
    }
}

X509CrlPtr DemoPki::issuingCrl(const std::vector<long>& revokedSerials) const {
    return makeCrl(issuing_, revokedSerials, 1);
}

X509CrlPtr DemoPki::rootCrl() const {
    return makeCrl(root_, {}, 1);
}

Bytes DemoPki::pkcs12(const DemoIdentity& identity, const std::string& friendlyName) const {
    X509StackPtr chain(sk_X509_new_null());
    check(chain != nullptr, "out of memory");
    for (const DemoIdentity* ca : {&issuing_, &root_}) {
        if (ca == &identity) {
            continue;
        }
        pushShared(chain.get(), ca->certificate.get());
    }
    Pkcs12Ptr p12(PKCS12_create(options_.password.c_str(), friendlyName.c_str(), identity.key.get(),
                                identity.certificate.get(), chain.get(), 0, 0, 0, 0, 0));
    check(p12 != nullptr, "cannot build a PKCS#12 file");
    return derOf(i2d_PKCS12, p12.get(), "cannot encode a PKCS#12 file");
}

std::vector<std::filesystem::path> DemoPki::writeTo(const std::filesystem::path& dir) const {
    std::filesystem::create_directories(dir);
    std::vector<std::filesystem::path> written;
    auto put = [&](const std::string& name, std::string_view bytes) {
        const auto path = dir / name;
        writeBinaryFile(path.string(), bytes);
        written.push_back(path);
    };
    put("ca.pem", toPem(root_.certificate.get()));
    put("ca.crl", toPem(rootCrl().get()));
    put("issuing-ca.pem", toPem(issuing_.certificate.get()));
    put("issuing-ca.crl", toPem(issuingCrl().get()));
    put("issuing-ca.p12", pkcs12(issuing_, "Vanthu Demo Issuing CA"));
    put("seal.p12", pkcs12(seal_, "seal"));
    put("signer1.p12", pkcs12(signer1_, "signer1"));
    put("signer2.p12", pkcs12(signer2_, "signer2"));
    put("tsa.p12", pkcs12(tsa_, "tsa"));
    if (ocsp_.certificate) {
        put("ocsp.p12", pkcs12(ocsp_, "ocsp"));
    }
    put("signature.png", DemoImages::signaturePng());
    put("seal.png", DemoImages::sealPng());
    return written;
}

} // namespace vanthu::signing
