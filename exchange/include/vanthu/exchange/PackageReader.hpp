#pragma once
// Reads an edXML package received from another server. Parsing is hardened: a DOCTYPE (and so
// any DTD, entity declaration or external entity) is refused before anything is expanded,
// input over the size limit is refused unread, only UTF-8 is accepted, nothing outside the
// bytes given is ever fetched, and every parse is validated against exchange/schema/edxml.xsd
// (compiled in and cached). The XML signature is checked separately, against the certificates
// the caller trusts (a peer's seal certificates), never against the key the package brings.
#include <openssl/x509.h>

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "vanthu/exchange/EdxmlPackage.hpp"
#include "vanthu/exchange/MessageStatus.hpp"

namespace vanthu::exchange {

enum class Refusal {
    TooLarge,      ///< over the size limit
    Malformed,     ///< not well-formed XML, a DOCTYPE/entity, not UTF-8
    Invalid,       ///< well-formed but not valid against the edXML schema
    Unsigned,      ///< no XML signature
    BadSignature,  ///< a signature that does not verify (tampered, wrong algorithm, wrapped)
    UnknownSigner, ///< signed by a certificate nobody configured
};

/// Why a package was refused; the message names what is wrong in words a clerk can pass on.
class RefusedPackage : public std::runtime_error {
public:
    RefusedPackage(Refusal reason, const std::string& message)
        : std::runtime_error(message), reason_(reason) {}
    Refusal reason() const { return reason_; }

private:
    Refusal reason_;
};

struct ReadLimits {
    std::size_t maxBytes = 64u << 20; ///< the whole package, base64 payload included
};

class ParsedPackage {
public:
    /// Parses and validates; throws RefusedPackage.
    static ParsedPackage parse(std::string_view xml, const ReadLimits& limits = {});

    ParsedPackage(ParsedPackage&&) noexcept;
    ParsedPackage& operator=(ParsedPackage&&) noexcept;
    ~ParsedPackage();

    bool isStatus() const;
    /// The document package (throws std::logic_error for a status package).
    const EdxmlPackage& document() const;
    /// The status package (throws std::logic_error for a document package).
    const MessageStatus& status() const;
    /// The certificate in the signature's KeyInfo, or null when there is none. Only a hint
    /// for choosing a peer: verifySignature decides.
    X509* signerCertificate() const;
    /// Checks the enveloped signature: exactly one, in edXMLHeader, over the whole package
    /// (one reference, URI ""), RSA-SHA256 or ECDSA-SHA256, its KeyInfo certificate one of
    /// trusted and the value verifying with that certificate's key. Returns the index of the
    /// certificate in trusted; throws RefusedPackage (Unsigned, UnknownSigner, BadSignature).
    std::size_t verifySignature(const std::vector<X509*>& trusted) const;

private:
    struct Impl;
    explicit ParsedPackage(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace vanthu::exchange
