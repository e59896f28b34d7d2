#include "vanthu/signing/SigningKey.hpp"

#include <openssl/err.h>
#include <openssl/rsa.h>

#include "vanthu/signing/SigningErrors.hpp"

namespace vanthu::signing {

std::unique_ptr<Pkcs12Key> Pkcs12Key::fromBytes(std::string_view der, const std::string& password) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    Pkcs12Ptr p12(d2i_PKCS12(nullptr, &p, static_cast<long>(der.size())));
    if (!p12) {
        ERR_clear_error();
        throw BadKey("the key file is not a PKCS#12 (.p12) file");
    }
    EVP_PKEY* key = nullptr;
    X509* cert = nullptr;
    STACK_OF(X509)* ca = nullptr;
    if (PKCS12_parse(p12.get(), password.c_str(), &key, &cert, &ca) != 1) {
        ERR_clear_error();
        throw BadKey("cannot open the PKCS#12 file: wrong password?");
    }
    auto result = std::unique_ptr<Pkcs12Key>(new Pkcs12Key);
    result->key_.reset(key);
    result->certificate_.reset(cert);
    X509StackPtr stack(ca);
    if (!result->key_ || !result->certificate_) {
        throw BadKey("the PKCS#12 file holds no private key with its certificate");
    }
    while (stack && sk_X509_num(stack.get()) > 0) {
        result->chain_.emplace_back(sk_X509_shift(stack.get()));
    }
    return result;
}

std::unique_ptr<Pkcs12Key> Pkcs12Key::fromFile(const std::string& path,
                                               const std::string& password) {
    return fromBytes(readBinaryFile(path), password);
}

std::vector<X509*> Pkcs12Key::chain() const {
    std::vector<X509*> result;
    for (const auto& cert : chain_) {
        result.push_back(cert.get());
    }
    return result;
}

namespace {

/// PSS as CadesSignedData encodes it: SHA-256, MGF1 with SHA-256, a salt as long as the digest.
void usePss(EVP_PKEY_CTX* ctx) {
    check(EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING) == 1 &&
              EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, RSA_PSS_SALTLEN_DIGEST) == 1 &&
              EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, EVP_sha256()) == 1,
          "cannot use RSA-PSS with this key");
}

void usePadding(EVP_PKEY* key, EVP_PKEY_CTX* ctx, RsaPadding padding) {
    if (!EVP_PKEY_is_a(key, "RSA")) {
        if (padding == RsaPadding::Pss) {
            throw std::runtime_error("RSA-PSS needs an RSA key; this key is not one");
        }
        return;
    }
    if (padding == RsaPadding::Pss) {
        usePss(ctx);
    } else {
        check(EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1,
              "cannot set PKCS#1 padding");
    }
}

EvpPkeyCtxPtr newSignContext(EVP_PKEY* key, RsaPadding padding) {
    EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new(key, nullptr));
    check(ctx != nullptr, "out of memory");
    check(EVP_PKEY_sign_init(ctx.get()) == 1, "cannot start signing with this key");
    check(EVP_PKEY_CTX_set_signature_md(ctx.get(), EVP_sha256()) == 1,
          "cannot sign SHA-256 digests with this key");
    usePadding(key, ctx.get(), padding);
    return ctx;
}

Bytes signDigest(EVP_PKEY_CTX* ctx, std::string_view digest) {
    size_t length = 0;
    const auto* in = reinterpret_cast<const unsigned char*>(digest.data());
    check(EVP_PKEY_sign(ctx, nullptr, &length, in, digest.size()) == 1, "cannot sign");
    Bytes signature(length, '\0');
    check(EVP_PKEY_sign(ctx, reinterpret_cast<unsigned char*>(signature.data()), &length, in,
                        digest.size()) == 1,
          "signing failed");
    signature.resize(length);
    return signature;
}

} // namespace

Bytes Pkcs12Key::sign(std::string_view data, RsaPadding padding) const {
    // The same PKCS#1 v1.5 / PSS / ECDSA value as EVP_DigestSign with SHA-256 gives.
    const Bytes digest = sha256(data);
    std::unique_lock lock(signMutex_, std::try_to_lock);
    if (!lock.owns_lock()) {
        return signDigest(newSignContext(key_.get(), padding).get(), digest);
    }
    EvpPkeyCtxPtr& context = signContext_[padding == RsaPadding::Pss ? 1 : 0];
    if (!context) {
        context = newSignContext(key_.get(), padding);
    }
    try {
        return signDigest(context.get(), digest);
    } catch (...) {
        context.reset();
        throw;
    }
}

Bytes signWithKey(EVP_PKEY* key, std::string_view data, RsaPadding padding) {
    EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    check(ctx != nullptr, "out of memory");
    EVP_PKEY_CTX* keyContext = nullptr;
    check(EVP_DigestSignInit(ctx.get(), &keyContext, EVP_sha256(), nullptr, key) == 1,
          "cannot start signing with this key");
    usePadding(key, keyContext, padding);
    size_t length = 0;
    check(EVP_DigestSign(ctx.get(), nullptr, &length,
                         reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1,
          "cannot sign");
    Bytes signature(length, '\0');
    check(EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                         reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1,
          "signing failed");
    signature.resize(length);
    return signature;
}

bool signatureMatches(const X509* certificate, std::string_view data, std::string_view value,
                      RsaPadding padding) {
    EVP_PKEY* key = X509_get0_pubkey(certificate);
    EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* keyContext = nullptr;
    bool ok =
        key && ctx && EVP_DigestVerifyInit(ctx.get(), &keyContext, EVP_sha256(), nullptr, key) == 1;
    if (ok && EVP_PKEY_is_a(key, "RSA") && padding == RsaPadding::Pss) {
        usePss(keyContext);
    }
    ok = ok && EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(value.data()),
                                value.size(), reinterpret_cast<const unsigned char*>(data.data()),
                                data.size()) == 1;
    ERR_clear_error();
    return ok;
}

ExternalKey::ExternalKey(std::vector<X509Ptr> certificates)
    : certificates_(std::move(certificates)) {
    if (certificates_.empty()) {
        throw std::runtime_error("no signer certificate given");
    }
}

std::vector<X509*> ExternalKey::chain() const {
    std::vector<X509*> result;
    for (size_t i = 1; i < certificates_.size(); ++i) {
        result.push_back(certificates_[i].get());
    }
    return result;
}

Bytes ExternalKey::sign(std::string_view, RsaPadding) const {
    throw std::logic_error("an external key signs outside this process (two-phase signing)");
}

} // namespace vanthu::signing
