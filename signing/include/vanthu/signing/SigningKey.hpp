#pragma once
// Where a signature value comes from: a PKCS#12 file, a PKCS#11 token, or (two-phase signing)
// somewhere outside the process. Every source gives the signer's certificate and its chain.
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "vanthu/signing/OpenSsl.hpp"

namespace vanthu::signing {

class SigningKey {
public:
    virtual ~SigningKey() = default;
    /// The signer's certificate.
    virtual X509* certificate() const = 0;
    /// The CA certificates to embed (issuing CA first), without the signer's.
    virtual std::vector<X509*> chain() const = 0;
    /// A SHA-256 signature over data: PKCS#1 v1.5 for RSA, DER ECDSA-Sig-Value for EC keys.
    virtual Bytes sign(std::string_view data) const = 0;
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
    Bytes sign(std::string_view data) const override;
    EVP_PKEY* privateKey() const { return key_.get(); }

private:
    EvpPkeyPtr key_;
    X509Ptr certificate_;
    std::vector<X509Ptr> chain_;
    /// A signing context made once: setting one up costs OpenSSL 3 about as much as an RSA
    /// signature. Used under the mutex; a concurrent caller makes its own.
    mutable std::mutex signMutex_;
    mutable EvpPkeyCtxPtr signContext_;
};

/// Signs data with SHA-256 and an OpenSSL key (also a token's key through libp11).
Bytes signWithKey(EVP_PKEY* key, std::string_view data);

/// A certificate chain without a private key: two-phase signing fills the value in later.
class ExternalKey : public SigningKey {
public:
    /// chainPem: the signer's certificate first, then its CA certificates.
    explicit ExternalKey(std::vector<X509Ptr> certificates);
    X509* certificate() const override { return certificates_.front().get(); }
    std::vector<X509*> chain() const override;
    Bytes sign(std::string_view data) const override;

private:
    std::vector<X509Ptr> certificates_;
};

} // namespace vanthu::signing
