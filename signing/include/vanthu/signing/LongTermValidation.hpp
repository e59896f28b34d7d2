#pragma once
// Validation data for a whole signed PDF (PAdES B-LT, ETSI EN 319 142-1 5.4): every certificate
// of every signature, signature time-stamp and document time-stamp in the file, their issuers,
// and for each certificate that is not a self-signed root an OCSP response or a CRL of its
// issuer, written as one /DSS revision. What the flow adds after the seal, before the document
// time-stamp (B-LTA).
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "vanthu/signing/AlgorithmPolicy.hpp"
#include "vanthu/signing/CertificateRevoked.hpp"
#include "vanthu/signing/OcspSource.hpp"
#include "vanthu/signing/OpenSsl.hpp"

namespace vanthu::signing {

/// A certificate for which no revocation data could be had (its OCSP responder did not answer
/// and no CRL of its issuer was given), or whose issuer is unknown, or which is revoked.
class ValidationDataMissing : public std::runtime_error {
public:
    ValidationDataMissing(const std::string& message, std::string certificate, bool revoked = false)
        : std::runtime_error(message), certificate_(std::move(certificate)), revoked_(revoked) {}
    /// The certificate's common name.
    const std::string& certificate() const { return certificate_; }
    /// An OCSP responder or a CRL said the certificate is revoked (an answer; retrying cannot
    /// help), rather than that nothing could be had.
    bool revoked() const { return revoked_; }

private:
    std::string certificate_;
    bool revoked_ = false;
};

/// Where revocation data comes from.
struct RevocationSources {
    /// Asked first about every certificate that is not self-signed; null: CRLs only.
    OcspSource* ocsp = nullptr;
    /// CRLs (PEM or DER): one issued and signed by a certificate's issuer serves it when OCSP
    /// gives nothing. A CRL that lists the certificate stops with ValidationDataMissing.
    std::vector<Bytes> crls;
    /// CA certificates (PEM) to find issuers among when the file does not carry them (the trust
    /// list's); those used go into /DSS as well.
    std::string caCertificatesPem;
    /// Renewal (issue 21 item 4): a certificate that has expired by now gets no new revocation
    /// data (none is published for it any more; the /DSS written while it was valid, proved by
    /// the document time-stamps since, keeps what shows it was good). Its issuers still do.
    bool skipExpired = false;
};

/// The newest document time-stamp of a PDF (the one over the longest revision): what protects
/// everything before it, and what the renewal of issue 21 item 4 watches.
struct NewestTimeStamp {
    std::int64_t expiresAt = 0; ///< its TSA certificate's notAfter, Unix seconds
    AlgorithmUse imprintHash;   ///< the hash of the message imprint over the document
    AlgorithmUse signatureHash; ///< the hash the TSA signed with
    AlgorithmUse key;           ///< the TSA's key
    /// The earliest date until which the policy accepts its algorithms.
    std::int64_t algorithmsAcceptedUntil(const AlgorithmPolicy& policy) const;
    /// The label of the algorithm accepted for the shortest time ("SHA-1", "RSA-2048").
    std::string weakestAlgorithm(const AlgorithmPolicy& policy) const;
};

class LongTermValidation {
public:
    explicit LongTermValidation(RevocationSources sources);

    /// Every certificate of the file's signatures (the CMS's certificates and those of its
    /// signature time-stamp) and document time-stamps, each once, in the order found.
    static std::vector<X509Ptr> certificatesOf(std::string_view pdf);

    /// pdf with a new incremental update holding /DSS: the certificates, the issuers used, and
    /// one OCSP response or CRL for each certificate that is not self-signed. Throws
    /// ValidationDataMissing naming the certificate that lacks one; std::runtime_error when the
    /// PDF cannot be read.
    Bytes addTo(std::string_view pdf) const;

    /// When the certificate of the newest document time-stamp of pdf (the one over the longest
    /// revision) expires, in Unix seconds; nothing when pdf has no document time-stamp. What the
    /// renewal of issue 21 item 4 watches.
    static std::optional<std::int64_t> newestTimeStampExpiry(std::string_view pdf);
    /// The newest document time-stamp's expiry and algorithms; nothing without one.
    static std::optional<NewestTimeStamp> newestTimeStamp(std::string_view pdf);
    /// The same of one time-stamp token (DER ContentInfo): its TSA certificate's expiry and its
    /// algorithms; nothing when it cannot be read or does not carry its TSA's certificate.
    static std::optional<NewestTimeStamp> timeStampOf(std::string_view tokenDer);

private:
    RevocationSources sources_;
};

} // namespace vanthu::signing
