#include "vanthu/signing/SignerCertificate.hpp"

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "vanthu/signing/OpenSsl.hpp"

namespace vanthu::signing {

std::string signerCertificateProblem(const std::vector<X509*>& chain,
                                     const std::string& trustAnchorsPem) {
    if (chain.empty() || !chain.front()) {
        return "Không có chứng thư số của người ký.";
    }
    X509* signer = chain.front();
    const std::uint32_t usage = X509_get_key_usage(signer);
    if (usage == UINT32_MAX || (usage & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) == 0) {
        return "Chứng thư số không dùng để ký (thiếu công dụng digitalSignature hoặc "
               "nonRepudiation).";
    }
    std::vector<X509Ptr> anchors;
    try {
        anchors =
            trustAnchorsPem.empty() ? std::vector<X509Ptr>{} : certificatesFromPem(trustAnchorsPem);
    } catch (const std::exception&) {
        anchors.clear();
    }
    if (anchors.empty()) {
        return "Máy chủ chưa có danh sách tổ chức chứng thực tin cậy; hãy báo quản trị hệ thống.";
    }
    X509StorePtr store(X509_STORE_new());
    check(store != nullptr, "cannot make a certificate store");
    for (const auto& anchor : anchors) {
        X509_STORE_add_cert(store.get(), anchor.get());
    }
    X509StackPtr untrusted(sk_X509_new_null());
    for (std::size_t i = 1; i < chain.size(); ++i) {
        X509_up_ref(chain[i]); // the stack owns what it holds
        sk_X509_push(untrusted.get(), chain[i]);
    }
    X509StoreCtxPtr ctx(X509_STORE_CTX_new());
    check(ctx && X509_STORE_CTX_init(ctx.get(), store.get(), signer, untrusted.get()) == 1,
          "cannot start certificate checking");
    const bool ok = X509_verify_cert(ctx.get()) == 1;
    const int error = X509_STORE_CTX_get_error(ctx.get());
    ERR_clear_error();
    if (ok) {
        return "";
    }
    if (error == X509_V_ERR_CERT_HAS_EXPIRED || error == X509_V_ERR_CERT_NOT_YET_VALID) {
        return "Chứng thư số của người ký chưa đến hoặc đã hết hạn dùng.";
    }
    return std::string("Chứng thư số không do tổ chức chứng thực tin cậy cấp (") +
           X509_verify_cert_error_string(error) + "); không ký được bằng chứng thư này.";
}

} // namespace vanthu::signing
