#pragma once
// The signing agent's access to the leader's USB tokens through one PKCS#11 module (libp11):
// the certificates they hold, and a SHA-256 digest signed with a chosen key. The module is
// loaded for each request and unloaded after it, so that a token plugged in or pulled out
// between two requests is seen as it is now (docs/signing-agent.md).
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "vanthu/signing/OpenSsl.hpp"

namespace vanthu::agent {

/// A refusal with its HTTP status, a stable code for programs and a Vietnamese message for the
/// leader (docs/signing-agent.md, "Errors").
class AgentError : public std::runtime_error {
public:
    AgentError(int status, std::string code, const std::string& message)
        : std::runtime_error(message), status_(status), code_(std::move(code)) {}
    int status() const { return status_; }
    const std::string& code() const { return code_; }

private:
    int status_;
    std::string code_;
};

/// A signer's certificate found on a token, with the CA certificates stored beside it.
struct TokenCertificate {
    std::string token;                 ///< the token's label
    std::string label;                 ///< the certificate object's label (the key's, usually)
    std::string id;                    ///< the object's CKA_ID in hex: names the key to sign with
    signing::X509Ptr certificate;      ///< the signer's certificate
    std::vector<signing::X509Ptr> cas; ///< CA certificates on the same token, issuer first
};

/// Asks the leader for the PIN of a token: returns it, or throws AgentError (cancelled).
class PinSource {
public:
    virtual ~PinSource() = default;
    virtual std::string pin(const std::string& token, const std::string& signerName) = 0;
};

/// One PKCS#11 module, loaded for the lifetime of the object.
class TokenModule {
public:
    /// Throws AgentError (500 module-error) when the module cannot be loaded.
    explicit TokenModule(const std::string& modulePath);
    ~TokenModule();
    TokenModule(const TokenModule&) = delete;
    TokenModule& operator=(const TokenModule&) = delete;

    /// The end-entity certificates on every token present (read without a PIN: certificates are
    /// public objects), each with the CA certificates stored beside it.
    std::vector<TokenCertificate> certificates() const;

    /// Signs a SHA-256 digest (32 bytes) with the key of CKA_ID `id` on token `tokenLabel`,
    /// after checking that its certificate is in its validity period and asking `pins` for the
    /// PIN. Returns the raw signature value (PKCS#1 v1.5 for RSA, DER ECDSA-Sig-Value for EC).
    /// Throws AgentError: token-missing, key-missing, certificate-expired, wrong-pin,
    /// pin-locked, pin-cancelled, token-error.
    std::string signDigest(const std::string& tokenLabel, const std::string& id,
                           const std::string& digest, PinSource& pins) const;

private:
    struct Context;
    std::unique_ptr<Context> context_;
};

} // namespace vanthu::agent
