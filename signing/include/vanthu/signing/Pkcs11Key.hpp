#pragma once
// A key on a PKCS#11 token (USB token, HSM, SoftHSM2) through libp11.
#include <memory>
#include <string>
#include <vector>

#include "vanthu/signing/SigningKey.hpp"

namespace vanthu::signing {

class Pkcs11Key : public SigningKey {
public:
    /// Loads the module, finds the token by label, logs in with pin, finds the private key and
    /// the certificate with the same label (or the same id). Extra CA certificates on the token
    /// become the chain. Throws std::runtime_error with a clerk-readable message.
    Pkcs11Key(const std::string& modulePath, const std::string& tokenLabel,
              const std::string& keyLabel, const std::string& pin);
    ~Pkcs11Key() override;
    Pkcs11Key(const Pkcs11Key&) = delete;
    Pkcs11Key& operator=(const Pkcs11Key&) = delete;

    X509* certificate() const override { return certificate_.get(); }
    std::vector<X509*> chain() const override;
    using SigningKey::sign;
    Bytes sign(std::string_view data, RsaPadding padding) const override;
    /// The token's key through libp11: OpenSSL signs with it on the token.
    EVP_PKEY* privateKey() const override;

private:
    struct Session;
    std::unique_ptr<Session> session_;
    X509Ptr certificate_;
    std::vector<X509Ptr> chain_;
};

} // namespace vanthu::signing
