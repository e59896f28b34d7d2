#include "ArchiveSeal.hpp"

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "vanthu/docmgmt/ArchivePackage.hpp"
#include "vanthu/exchange/EnvelopedSignature.hpp"

namespace vanthu::docmgmt {

namespace {

/// Why the certificate does not chain to one of the anchors now (with the CA certificates
/// the signature carries as intermediates), or "" when it does.
std::string chainProblem(X509* certificate, const std::vector<signing::X509Ptr>& carried,
                         const std::vector<signing::X509Ptr>& anchors) {
    const signing::X509StorePtr store(X509_STORE_new());
    signing::X509StackPtr untrusted(sk_X509_new_null());
    const signing::X509StoreCtxPtr context(X509_STORE_CTX_new());
    signing::check(store && untrusted && context, "cannot start certificate checking");
    for (const auto& anchor : anchors) {
        X509_STORE_add_cert(store.get(), anchor.get());
    }
    for (const auto& ca : carried) {
        X509_up_ref(ca.get());
        sk_X509_push(untrusted.get(), ca.get());
    }
    signing::check(X509_STORE_CTX_init(context.get(), store.get(), certificate, untrusted.get()) ==
                       1,
                   "cannot start certificate checking");
    const bool chains = X509_verify_cert(context.get()) == 1;
    const int error = X509_STORE_CTX_get_error(context.get());
    ERR_clear_error();
    if (!chains) {
        return X509_verify_cert_error_string(error);
    }
    if ((X509_get_extension_flags(certificate) & EXFLAG_KUSAGE) != 0 &&
        (X509_get_key_usage(certificate) & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) == 0) {
        return "its key usage does not allow signing";
    }
    return {};
}

} // namespace

std::string sealManifest(std::string_view manifest, const signing::SigningKey& seal) {
    return exchange::signXmlDocument(manifest, seal.privateKey(), seal.certificate(), seal.chain());
}

ManifestSeal checkManifestSeal(std::string_view manifest,
                               const std::vector<signing::X509Ptr>& anchors) {
    using Status = exchange::XmlDocumentSignature::Status;
    const auto signature = exchange::checkXmlDocumentSignature(manifest);
    ManifestSeal seal;
    if (signature.signer) {
        seal.sealedBy = signing::nameToString(X509_get_subject_name(signature.signer.get()));
    }
    const std::string name = kManifestName;
    switch (signature.status) {
    case Status::Unsigned:
        seal.problem = name + " is not sealed (no XML signature of the issuing office); a package "
                              "exported before sealing, or one whose seal was removed: export "
                              "the case file again";
        return seal;
    case Status::Broken:
        seal.problem = name +
                       " does not match the office seal on it (changed after it was sealed"
                       ", or a damaged seal): " +
                       signature.problem;
        return seal;
    case Status::Intact:
        break;
    }
    if (!anchors.empty()) {
        const std::string why = chainProblem(signature.signer.get(), signature.chain, anchors);
        if (!why.empty()) {
            seal.problem =
                "the seal on " + name + " (" + seal.sealedBy + ") is not trusted: " + why;
            return seal;
        }
    }
    seal.ok = true;
    return seal;
}

} // namespace vanthu::docmgmt
