#pragma once
// Reads an edXML package as real systems write it: liberal in what it accepts (elements found
// by namespace and local name in any order, unknown elements and attributes ignored, empty
// optional elements, "cid:" ContentIds, statuses recognised by StatusCode whatever their
// container, placeholder Signature/DigitalSignature elements ignored), strict in what matters
// (the sender's and receivers' identifiers, a subject, a notation and a DocumentId on a
// document, a known status code on a status, base64 that decodes, every attachment the
// manifest names present: each problem names the element).
//
// Parsing is hardened and bounded before any of that: input over the size limit is refused
// unread; a linear pre-scan refuses documents too deep, with too many elements, too many
// attributes on one element or too long a text run (so the parser's cost stays linear in the
// body); a DOCTYPE (and so any DTD, entity declaration or external entity) is refused; only
// UTF-8 is accepted; nothing outside the bytes given is ever fetched; the parser's security
// manager caps entity expansion. A package signature in the XML-DSig namespace is checked
// with the key it carries and reported (packageSignature); verifySignature checks it against
// the certificates the caller trusts (a vanthu peer's seal certificates).
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
    Invalid,       ///< well-formed but not a usable package (see RefusedPackage::problems)
    Unsigned,      ///< no XML signature
    BadSignature,  ///< a signature that does not verify (tampered, wrong algorithm, wrapped)
    UnknownSigner, ///< signed by a certificate nobody configured
};

/// Why a package was refused; the message names what is wrong in words a clerk can pass on.
class RefusedPackage : public std::runtime_error {
public:
    RefusedPackage(Refusal reason, const std::string& message,
                   std::vector<std::string> problems = {})
        : std::runtime_error(message), reason_(reason), problems_(std::move(problems)) {}
    Refusal reason() const { return reason_; }
    /// Invalid: every problem found, one sentence each naming the element.
    const std::vector<std::string>& problems() const { return problems_; }

private:
    Refusal reason_;
    std::vector<std::string> problems_;
};

/// Bounds checked before the parser runs (docs/exchange.md, "Limits").
struct ReadLimits {
    std::size_t maxBytes = 64u << 20;  ///< the whole package, base64 payload included
    std::size_t maxDepth = 32;         ///< element nesting (a package needs 6)
    std::size_t maxElements = 100'000; ///< elements in the whole package
    std::size_t maxAttributes = 32; ///< attributes (namespace declarations included) on one element
    std::size_t maxTextBytes = 1u << 20; ///< one text run, except base64 in ContentTransferEncoded
};

/// The package-level signature, as found (never required from the national axis).
struct PackageSignature {
    enum class Kind {
        None,        ///< no signature element
        Placeholder, ///< Signature/DigitalSignature in the edXML namespace: ignored
        XmlDsig,     ///< ds:Signature (XML-DSig namespace)
    };
    Kind kind = Kind::None;
    bool intact = false; ///< XmlDsig: verifies with the key of its KeyInfo certificate
    std::string signer;  ///< XmlDsig: the KeyInfo certificate's common name
    std::string problem; ///< XmlDsig, not intact: why
};

class ParsedPackage {
public:
    /// Parses and checks; throws RefusedPackage.
    static ParsedPackage parse(std::string_view xml, const ReadLimits& limits = {});

    ParsedPackage(ParsedPackage&&) noexcept;
    ParsedPackage& operator=(ParsedPackage&&) noexcept;
    ~ParsedPackage();

    bool isStatus() const;
    /// The document package (throws std::logic_error for a status package).
    const EdxmlPackage& document() const;
    /// The status package (throws std::logic_error for a document package).
    const MessageStatus& status() const;
    /// The package signature found and whether it is intact (trust is the caller's decision).
    const PackageSignature& packageSignature() const;
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
