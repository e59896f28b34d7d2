#pragma once
// Where a signature value comes from: a PKCS#12 file, a PKCS#11 token, or (two-phase signing)
// somewhere outside the process. Every source gives the signer's certificate and its chain.
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "vanthu/signing/OpenSsl.hpp"

namespace vanthu::signing {

/// How an RSA key signs: PKCS#1 v1.5 (the default, what Vietnamese CAs' tokens do) or RSASSA-PSS
/// (SHA-256, MGF1 with SHA-256, 32-byte salt). EC keys always sign ECDSA.
enum class RsaPadding { Pkcs1, Pss };

class SigningKey {
public:
    virtual ~SigningKey() = default;
    /// The signer's certificate.
    virtual X509* certificate() const = 0;
    /// The CA certificates to embed (issuing CA first), without the signer's.
    virtual std::vector<X509*> chain() const = 0;
    /// A SHA-256 signature over data: PKCS#1 v1.5 or PSS for RSA, DER ECDSA-Sig-Value for EC.
    virtual Bytes sign(std::string_view data, RsaPadding padding) const = 0;
    Bytes sign(std::string_view data) const { return sign(data, RsaPadding::Pkcs1); }
    /// The private key as an OpenSSL key (a PKCS#12 file's, or a token's through libp11), for
    /// what signs a digest it made itself (XML signatures); null when the signature value comes
    /// from outside the process (two-phase signing).
    virtual EVP_PKEY* privateKey() const { return nullptr; }
};

/// A key and certificates read from a PKCS#12 file.
class Pkcs12Key : public SigningKey {
public:
    /// Throws std::runtime_error with a clerk-readable message (wrong password, no key...).
    static std::unique_ptr<Pkcs12Key> fromBytes(std::string_view der, const std::string& password);
    static std::unique_ptr<Pkcs12Key> fromFile(const std::string& path,
                                               const std::string& password);

    X509* certificate() const override { return certificate_.get(); }
    std::vector<X509*> chain() const override;
    using SigningKey::sign;
    Bytes sign(std::string_view data, RsaPadding padding) const override;
    EVP_PKEY* privateKey() const override { return key_.get(); }

private:
    EvpPkeyPtr key_;
    X509Ptr certificate_;
    std::vector<X509Ptr> chain_;
    /// A signing context made once (per padding): setting one up costs OpenSSL 3 about as much
    /// as an RSA signature. Used under the mutex; a concurrent caller makes its own.
    mutable std::mutex signMutex_;
    mutable EvpPkeyCtxPtr signContext_[2];
};

/// Signs data with SHA-256 and an OpenSSL key (also a token's key through libp11).
Bytes signWithKey(EVP_PKEY* key, std::string_view data, RsaPadding padding = RsaPadding::Pkcs1);
/// Checks a SHA-256 signature value over data against a certificate's public key.
bool signatureMatches(const X509* certificate, std::string_view data, std::string_view value,
                      RsaPadding padding);

/// A certificate chain without a private key: two-phase signing fills the value in later.
class ExternalKey : public SigningKey {
public:
    /// chainPem: the signer's certificate first, then its CA certificates.
    explicit ExternalKey(std::vector<X509Ptr> certificates);
    X509* certificate() const override { return certificates_.front().get(); }
    std::vector<X509*> chain() const override;
    using SigningKey::sign;
    Bytes sign(std::string_view data, RsaPadding padding) const override;

private:
    std::vector<X509Ptr> certificates_;
};

} // namespace vanthu::signing
