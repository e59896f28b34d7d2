#include "vanthu/signing/SignerCertificate.hpp"

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "HttpPost.hpp"
#include "vanthu/signing/OcspStatus.hpp"
#include "vanthu/signing/OpenSsl.hpp"

namespace vanthu::signing {

namespace {

std::vector<X509Ptr> anchorsOf(const std::string& pem) {
    try {
        return pem.empty() ? std::vector<X509Ptr>{} : certificatesFromPem(pem);
    } catch (const std::exception&) {
        return {};
    }
}

/// The verified chain (signer first, anchor last), or the verification error.
struct ChainResult {
    std::vector<X509Ptr> chain;
    int error = X509_V_OK;
};

ChainResult buildChain(const std::vector<X509*>& given, const std::vector<X509Ptr>& anchors) {
    X509StorePtr store(X509_STORE_new());
    check(store != nullptr, "cannot make a certificate store");
    for (const auto& anchor : anchors) {
        X509_STORE_add_cert(store.get(), anchor.get());
    }
    X509StackPtr untrusted(sk_X509_new_null());
    for (std::size_t i = 1; i < given.size(); ++i) {
        X509_up_ref(given[i]); // the stack owns what it holds
        sk_X509_push(untrusted.get(), given[i]);
    }
    X509StoreCtxPtr ctx(X509_STORE_CTX_new());
    check(ctx && X509_STORE_CTX_init(ctx.get(), store.get(), given.front(), untrusted.get()) == 1,
          "cannot start certificate checking");
    ChainResult result;
    if (X509_verify_cert(ctx.get()) == 1) {
        STACK_OF(X509)* built = X509_STORE_CTX_get0_chain(ctx.get());
        for (int i = 0; i < sk_X509_num(built); ++i) {
            X509* certificate = sk_X509_value(built, i);
            X509_up_ref(certificate);
            result.chain.emplace_back(certificate);
        }
    } else {
        result.error = X509_STORE_CTX_get_error(ctx.get());
    }
    ERR_clear_error();
    return result;
}

/// The CA that revoked `certificate` by one of the CRLs (issued and signed by `issuer`), or "".
std::string revokedByCrl(X509* certificate, X509* issuer, const std::vector<std::string>& crls) {
    for (const auto& bytes : crls) {
        X509CrlPtr crl;
        try {
            crl = crlFromPemOrDer(bytes);
        } catch (const std::exception&) {
            continue;
        }
        if (X509_NAME_cmp(X509_CRL_get_issuer(crl.get()), X509_get_subject_name(issuer)) != 0) {
            continue;
        }
        EVP_PKEY* key = X509_get0_pubkey(issuer);
        if (!key || X509_CRL_verify(crl.get(), key) != 1) {
            ERR_clear_error();
            continue;
        }
        X509_REVOKED* revoked = nullptr;
        if (X509_CRL_get0_by_cert(crl.get(), &revoked, certificate) == 1) {
            return commonName(issuer);
        }
    }
    return "";
}

/// The responder that said `certificate` is revoked, or "" (good, or no responder answered).
std::string revokedByOcsp(X509* certificate, X509* issuer, const SignerTrust& trust) {
    for (const auto& url : trust.ocspResponders) {
        try {
            const Bytes request = makeOcspRequest(certificate, issuer, true);
            const Bytes response = httpPost(url, "application/ocsp-request", request,
                                            trust.ocspTimeoutSeconds, "the OCSP responder");
            const OcspStatus status = readOcspResponse(response, certificate, issuer, {}, request);
            if (status.state == OcspStatus::State::Revoked) {
                return url;
            }
            if (status.state == OcspStatus::State::Good) {
                return "";
            }
        } catch (const std::exception&) {
            ERR_clear_error(); // not reachable, or no usable answer: the next one
        }
    }
    return "";
}

} // namespace

std::string vietnameseDate(const ASN1_TIME* time) {
    const std::string iso = isoVietnamTime(toUnixTime(time)); // YYYY-MM-DDThh:mm:ss+07:00
    return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

std::string certificateUsageProblem(X509* signer, const std::string& holder) {
    const std::string whose = "Chứng thư số của " + holder;
    if (!signer) {
        return "Không có chứng thư số của " + holder + ".";
    }
    if (X509_cmp_current_time(X509_get0_notAfter(signer)) < 0) {
        return whose + " đã hết hạn ngày " + vietnameseDate(X509_get0_notAfter(signer)) +
               "; không ký được bằng chứng thư này.";
    }
    if (X509_cmp_current_time(X509_get0_notBefore(signer)) > 0) {
        return whose + " chưa có hiệu lực (từ ngày " + vietnameseDate(X509_get0_notBefore(signer)) +
               "); không ký được bằng chứng thư này.";
    }
    const std::uint32_t usage = X509_get_key_usage(signer);
    if (usage == UINT32_MAX || (usage & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) == 0) {
        return whose + " không dùng để ký (thiếu công dụng digitalSignature hoặc "
                       "nonRepudiation).";
    }
    return "";
}

std::string signerCertificateProblem(const std::vector<X509*>& chain, const SignerTrust& trust,
                                     const std::string& holder) {
    const std::string whose = "Chứng thư số của " + holder;
    if (chain.empty() || !chain.front()) {
        return "Không có chứng thư số của " + holder + ".";
    }
    X509* signer = chain.front();
    if (auto problem = certificateUsageProblem(signer, holder); !problem.empty()) {
        return problem;
    }
    const auto anchors = anchorsOf(trust.anchorsPem);
    if (anchors.empty()) {
        return "Máy chủ chưa có danh sách tổ chức chứng thực tin cậy; hãy báo quản trị hệ thống.";
    }
    const ChainResult built = buildChain(chain, anchors);
    if (built.error == X509_V_ERR_CERT_HAS_EXPIRED ||
        built.error == X509_V_ERR_CERT_NOT_YET_VALID) {
        return whose + ": chứng thư của tổ chức chứng thực cấp nó chưa đến hoặc đã hết hạn dùng.";
    }
    if (built.error != X509_V_OK) {
        return whose + " không do tổ chức chứng thực tin cậy cấp (" +
               X509_verify_cert_error_string(built.error) + "); không ký được bằng chứng thư này.";
    }
    for (std::size_t i = 0; i + 1 < built.chain.size(); ++i) {
        const std::string ca =
            revokedByCrl(built.chain[i].get(), built.chain[i + 1].get(), trust.crls);
        if (!ca.empty()) {
            return (i == 0 ? whose : "Chứng thư của tổ chức chứng thực cấp cho " + holder) +
                   " đã bị thu hồi (danh sách thu hồi của " + ca + ").";
        }
    }
    if (built.chain.size() >= 2) {
        const std::string responder =
            revokedByOcsp(built.chain[0].get(), built.chain[1].get(), trust);
        if (!responder.empty()) {
            return whose + " đã bị thu hồi (trả lời OCSP của " + responder + ").";
        }
    }
    return "";
}

} // namespace vanthu::signing
