#include "vanthu/signing/LongTermValidation.hpp"

#include <openssl/err.h>

#include <algorithm>
#include <ctime>
#include <optional>

#include "vanthu/pdf/PdfDocument.hpp"
#include "vanthu/pdf/PdfError.hpp"
#include "vanthu/pdf/SignatureFields.hpp"
#include "vanthu/signing/OcspStatus.hpp"
#include "vanthu/signing/PadesSigner.hpp"

namespace vanthu::signing {

namespace {

CmsPtr readCms(std::string_view der) {
    BioPtr in(BIO_new_mem_buf(der.data(), static_cast<int>(der.size())));
    check(in != nullptr, "out of memory");
    CmsPtr cms(d2i_CMS_bio(in.get(), nullptr));
    ERR_clear_error();
    return cms;
}

/// Adds the certificates a CMS carries to out, each once (by DER).
void collect(CMS_ContentInfo* cms, std::vector<X509Ptr>& out, std::vector<Bytes>& seen) {
    STACK_OF(X509)* certificates = CMS_get1_certs(cms);
    if (!certificates) {
        ERR_clear_error();
        return;
    }
    X509StackPtr owned(certificates);
    for (int i = 0; i < sk_X509_num(certificates); ++i) {
        X509* certificate = sk_X509_value(certificates, i);
        Bytes der = toDer(certificate);
        bool known = false;
        for (const auto& s : seen) {
            known = known || s == der;
        }
        if (!known) {
            seen.push_back(std::move(der));
            X509_up_ref(certificate);
            out.emplace_back(certificate);
        }
    }
}

/// The signature time-stamp tokens (DER) of a CAdES signature's signer infos.
std::vector<Bytes> signatureTimeStamps(CMS_ContentInfo* cms) {
    std::vector<Bytes> tokens;
    STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms);
    for (int i = 0; infos && i < sk_CMS_SignerInfo_num(infos); ++i) {
        CMS_SignerInfo* si = sk_CMS_SignerInfo_value(infos, i);
        for (int at = CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, -1); at >= 0;
             at = CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, at)) {
            const ASN1_TYPE* value = X509_ATTRIBUTE_get0_type(CMS_unsigned_get_attr(si, at), 0);
            if (value && value->type == V_ASN1_SEQUENCE) {
                tokens.emplace_back(
                    reinterpret_cast<const char*>(ASN1_STRING_get0_data(value->value.sequence)),
                    static_cast<std::size_t>(ASN1_STRING_length(value->value.sequence)));
            }
        }
    }
    return tokens;
}

bool selfSigned(X509* certificate) {
    const bool result = X509_check_issued(certificate, certificate) == X509_V_OK;
    ERR_clear_error();
    return result;
}

X509* issuerAmong(X509* certificate, const std::vector<X509Ptr>& pool) {
    for (const auto& candidate : pool) {
        if (candidate.get() != certificate &&
            X509_check_issued(candidate.get(), certificate) == X509_V_OK) {
            ERR_clear_error();
            return candidate.get();
        }
    }
    ERR_clear_error();
    return nullptr;
}

} // namespace

LongTermValidation::LongTermValidation(RevocationSources sources) : sources_(std::move(sources)) {}

std::vector<X509Ptr> LongTermValidation::certificatesOf(std::string_view pdf) {
    std::vector<X509Ptr> out;
    std::vector<Bytes> seen;
    try {
        const pdf::PdfDocument document = pdf::PdfDocument::open(pdf);
        for (const auto& field : pdf::findSignatureFields(document)) {
            if (!field.value || !field.value->contentsIsString || field.value->contents.empty()) {
                continue;
            }
            CmsPtr cms = readCms(field.value->contents);
            if (!cms) {
                continue; // not a CMS: nothing this function can use
            }
            collect(cms.get(), out, seen);
            if (field.value->type != "DocTimeStamp") {
                for (const auto& token : signatureTimeStamps(cms.get())) {
                    if (CmsPtr stamp = readCms(token)) {
                        collect(stamp.get(), out, seen);
                    }
                }
            }
        }
    } catch (const pdf::PdfError& e) {
        throw std::runtime_error(std::string("cannot read the signatures: ") + e.what());
    }
    return out;
}

std::optional<std::int64_t> LongTermValidation::newestTimeStampExpiry(std::string_view pdf) {
    const auto newest = newestTimeStamp(pdf);
    return newest ? std::optional<std::int64_t>(newest->expiresAt) : std::nullopt;
}

namespace {

/// The hash of the token's message imprint (its TSTInfo), "(unknown)" when it cannot be read.
AlgorithmUse imprintHash(CMS_ContentInfo* token) {
    ASN1_OCTET_STRING** content = CMS_get0_content(token);
    if (!content || !*content) {
        return hashAlgorithm(NID_undef);
    }
    const unsigned char* p = ASN1_STRING_get0_data(*content);
    TsTstInfoPtr info(d2i_TS_TST_INFO(nullptr, &p, ASN1_STRING_length(*content)));
    if (!info) {
        ERR_clear_error();
        return hashAlgorithm(NID_undef);
    }
    const X509_ALGOR* algorithm = TS_MSG_IMPRINT_get_algo(TS_TST_INFO_get_msg_imprint(info.get()));
    const ASN1_OBJECT* oid = nullptr;
    X509_ALGOR_get0(&oid, nullptr, nullptr, algorithm);
    return hashAlgorithm(OBJ_obj2nid(oid));
}

/// A time-stamp token's TSA certificate expiry and algorithms; nothing when its signer's
/// certificate is not in it or cannot be read.
std::optional<NewestTimeStamp> describeToken(CMS_ContentInfo* token) {
    STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(token);
    X509StackPtr certificates(CMS_get1_certs(token));
    X509* tsaCertificate = nullptr;
    for (int i = 0; infos && certificates && i < sk_X509_num(certificates.get()); ++i) {
        X509* candidate = sk_X509_value(certificates.get(), i);
        if (sk_CMS_SignerInfo_num(infos) > 0 &&
            CMS_SignerInfo_cert_cmp(sk_CMS_SignerInfo_value(infos, 0), candidate) == 0) {
            tsaCertificate = candidate;
        }
    }
    ERR_clear_error();
    if (!tsaCertificate) {
        return std::nullopt;
    }
    std::tm tm{};
    if (ASN1_TIME_to_tm(X509_get0_notAfter(tsaCertificate), &tm) != 1) {
        ERR_clear_error();
        return std::nullopt;
    }
    X509_ALGOR* digestAlgorithm = nullptr;
    CMS_SignerInfo_get0_algs(sk_CMS_SignerInfo_value(infos, 0), nullptr, nullptr, &digestAlgorithm,
                             nullptr);
    const ASN1_OBJECT* digestOid = nullptr;
    X509_ALGOR_get0(&digestOid, nullptr, nullptr, digestAlgorithm);
    NewestTimeStamp found;
    found.expiresAt = static_cast<std::int64_t>(timegm(&tm));
    found.imprintHash = imprintHash(token);
    found.signatureHash = hashAlgorithm(OBJ_obj2nid(digestOid));
    found.key = keyAlgorithm(X509_get0_pubkey(tsaCertificate));
    ERR_clear_error();
    return found;
}

} // namespace

std::optional<NewestTimeStamp> LongTermValidation::timeStampOf(std::string_view tokenDer) {
    CmsPtr token = readCms(tokenDer);
    return token ? describeToken(token.get()) : std::nullopt;
}

std::optional<NewestTimeStamp> LongTermValidation::newestTimeStamp(std::string_view pdf) {
    std::optional<NewestTimeStamp> newest;
    std::int64_t newestEnd = -1;
    try {
        const pdf::PdfDocument document = pdf::PdfDocument::open(pdf);
        for (const auto& field : pdf::findSignatureFields(document)) {
            const auto& value = field.value;
            if (!value || !value->contentsIsString || value->contents.empty() ||
                (value->type != "DocTimeStamp" && value->subFilter != "ETSI.RFC3161") ||
                !value->byteRange || value->byteRange->size() != 4) {
                continue;
            }
            const std::int64_t end = (*value->byteRange)[2] + (*value->byteRange)[3];
            if (end <= newestEnd) {
                continue;
            }
            CmsPtr token = readCms(value->contents);
            if (!token) {
                continue;
            }
            if (auto found = describeToken(token.get())) {
                newestEnd = end;
                newest = std::move(found);
            }
        }
    } catch (const pdf::PdfError& e) {
        throw std::runtime_error(std::string("cannot read the signatures: ") + e.what());
    }
    return newest;
}

std::int64_t NewestTimeStamp::algorithmsAcceptedUntil(const AlgorithmPolicy& policy) const {
    return std::min({policy.acceptedUntil(imprintHash), policy.acceptedUntil(signatureHash),
                     policy.acceptedUntil(key)});
}

std::string NewestTimeStamp::weakestAlgorithm(const AlgorithmPolicy& policy) const {
    const AlgorithmUse* weakest = &imprintHash;
    for (const AlgorithmUse* use : {&signatureHash, &key}) {
        if (policy.acceptedUntil(*use) < policy.acceptedUntil(*weakest)) {
            weakest = use;
        }
    }
    return weakest->label();
}

Bytes LongTermValidation::addTo(std::string_view pdf) const {
    std::vector<X509Ptr> certificates = certificatesOf(pdf);
    std::vector<X509Ptr> cas;
    if (!sources_.caCertificatesPem.empty()) {
        try {
            cas = certificatesFromPem(sources_.caCertificatesPem);
        } catch (const std::exception&) {
            cas.clear();
        }
    }
    std::vector<X509CrlPtr> crls;
    for (const auto& bytes : sources_.crls) {
        try {
            crls.push_back(crlFromPemOrDer(bytes));
        } catch (const std::exception&) {
            ERR_clear_error(); // an unreadable CRL serves no certificate
        }
    }
    std::vector<Bytes> responses;
    std::vector<X509_CRL*> usedCrls;
    // Certificates may grow: an issuer found among the CAs joins the list and is served too.
    for (std::size_t i = 0; i < certificates.size(); ++i) {
        X509* certificate = certificates[i].get();
        if (selfSigned(certificate)) {
            continue; // a root is trusted as such; there is no one to revoke it
        }
        if (sources_.skipExpired && X509_cmp_current_time(X509_get0_notAfter(certificate)) < 0) {
            ERR_clear_error();
            continue; // renewal: its data was gathered while it was valid
        }
        const std::string name = commonName(certificate);
        X509* issuer = issuerAmong(certificate, certificates);
        if (!issuer) {
            if (X509* ca = issuerAmong(certificate, cas)) {
                X509_up_ref(ca);
                certificates.emplace_back(ca);
                issuer = ca;
            }
        }
        if (!issuer) {
            throw ValidationDataMissing("the certificate of the issuer of \"" + name +
                                            "\" is neither in the file nor in the trust list",
                                        name);
        }
        // The issuer's CRL among those given (one that lists the certificate stops here).
        X509_CRL* crlOfIssuer = nullptr;
        for (const auto& crl : crls) {
            if (X509_NAME_cmp(X509_CRL_get_issuer(crl.get()), X509_get_subject_name(issuer)) != 0 ||
                X509_CRL_verify(crl.get(), X509_get0_pubkey(issuer)) != 1) {
                ERR_clear_error();
                continue;
            }
            X509_REVOKED* entry = nullptr;
            if (X509_CRL_get0_by_cert(crl.get(), &entry, certificate) == 1) {
                throw ValidationDataMissing("the certificate of \"" + name +
                                                "\" is revoked (CRL of \"" + commonName(issuer) +
                                                "\")",
                                            name, /*revoked=*/true);
            }
            crlOfIssuer = crl.get();
            break;
        }
        std::string ocspProblem;
        bool answered = false;
        if (sources_.ocsp) {
            try {
                responses.push_back(sources_.ocsp->ocspResponse(certificate, issuer));
                answered = true;
            } catch (const CertificateRevoked& e) {
                ERR_clear_error();
                throw ValidationDataMissing(e.what(), name, /*revoked=*/true);
            } catch (const std::exception& e) {
                ocspProblem = e.what();
                ERR_clear_error();
            }
        }
        if (!answered && !crlOfIssuer) {
            throw ValidationDataMissing(
                "no revocation data for the certificate of \"" + name + "\"" +
                    (ocspProblem.empty() ? std::string(": no OCSP source and no CRL of its issuer")
                                         : ": " + ocspProblem + "; and no CRL of its issuer"),
                name);
        }
        // The CRL goes in when OCSP gave nothing, and also when the certificate names no OCSP
        // responder: a validator that follows the certificate's own pointers (its CRL
        // distribution point; pyHanko's long-term profiles) looks for a CRL there.
        const bool crlWanted = crlOfIssuer && (!answered || ocspResponderUrl(certificate).empty());
        if (crlWanted &&
            std::find(usedCrls.begin(), usedCrls.end(), crlOfIssuer) == usedCrls.end()) {
            usedCrls.push_back(crlOfIssuer);
        }
    }
    std::vector<X509*> all;
    for (const auto& certificate : certificates) {
        all.push_back(certificate.get());
    }
    return PadesSigner::addValidationData(pdf, all, usedCrls, responses);
}

} // namespace vanthu::signing
