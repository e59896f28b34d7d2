#pragma once
// Each office's signing policy (issue 21, "letters that still verify in twenty years"): the
// PAdES level of the leader's signature and of the seal, the time-stamp authority (an outside
// RFC 3161 service by URL with optional HTTP Basic credentials, its password sealed by SecretBox
// like the other secrets, or the installation's built-in one, DIR/pki/tsa.p12 opened with the
// server-held keys' password), and where revocation data comes from (the OCSP responder each
// certificate names, the installation's configured responders, or the built-in responder of an
// installation that runs its own CA, the demo's). The trust list's CRLs serve any certificate
// OCSP gives nothing for. No stored policy: B-LTA with the built-in TSA when the installation
// has one, else B-B (with a warning). Changes are made by administrators and audited
// ("signing-policy"). The flow asks for an office's SigningEvidence at each signature.
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "vanthu/docmgmt/OutgoingFlow.hpp"
#include "vanthu/docmgmt/Storage.hpp"
#include "vanthu/signing/PadesSigner.hpp"

namespace vanthu::signing {
class TimeStampAuthority;
class OcspResponder;
} // namespace vanthu::signing

namespace vanthu::docmgmt {

class AuditTrail;
class TrustList;

/// What one signing step of one office signs with. Every failure to obtain a time-stamp or
/// revocation data is an EvidenceUnavailable (Vietnamese message, nothing written).
class SigningEvidence {
public:
    virtual ~SigningEvidence() = default;
    signing::PadesLevel signerLevel = signing::PadesLevel::BB;
    signing::PadesLevel sealLevel = signing::PadesLevel::BB;
    /// The level a signature itself is made at (B-B or B-T: validation data and the document
    /// time-stamp come once, after the seal).
    static signing::PadesLevel signatureLevel(signing::PadesLevel level);
    /// The time-stamp source for signature time-stamps (null when no TSA is configured).
    virtual signing::TimeStampSource* timeStamps() = 0;
    /// The issued letter completed after its seal: /DSS with validation data for every
    /// signature and time-stamp when a level is B-LT or more, then a document time-stamp when a
    /// level is B-LTA. Unchanged at B-B and B-T.
    virtual std::string completeLetter(const std::string& sealedPdf) = 0;
    /// A signed letter's long-term copy (issue 21 items 3 and 4), whatever the levels: /DSS with
    /// fresh validation data for every signature and time-stamp in it (certificates expired by
    /// now are left to the data gathered while they were valid), then a document time-stamp of
    /// the office's TSA. EvidenceUnavailable without a TSA or when the evidence cannot be had;
    /// CertificateRefused for a revoked certificate.
    virtual std::string preserve(const std::string& signedPdf) = 0;
};

class SigningPolicies {
public:
    /// pkiDir: DIR/pki (tsa.p12, issuing-ca.p12, ca.crl, issuing-ca.crl, secret.key);
    /// keyPassword: the server-held keys' password (the built-in TSA's and CA's). trust may be
    /// null (no trust list: no CRLs, no configured responders).
    SigningPolicies(Storage& storage, AuditTrail& audit, const TrustList* trust,
                    std::filesystem::path pkiDir, std::string keyPassword);
    ~SigningPolicies();
    SigningPolicies(const SigningPolicies&) = delete;
    SigningPolicies& operator=(const SigningPolicies&) = delete;

    /// DIR/pki/tsa.p12 exists: the built-in time-stamp authority can be used.
    bool hasBuiltInTsa() const;
    /// DIR/pki/issuing-ca.p12 exists (the demo's CA): the built-in OCSP responder can be used.
    bool hasBuiltInResponder() const;

    /// The policy of an office without a stored one.
    SigningPolicyRecord defaultPolicy(Id officeId) const;
    /// The stored policy, else the default.
    SigningPolicyRecord policyOf(Id officeId) const;
    /// Whether the office has a stored policy (else it follows the default).
    bool stored(Id officeId) const;
    /// Stores the office's policy: administrators only (Forbidden); the office must exist
    /// (NotFound); InvalidInput naming the field ("signerLevel", "sealLevel", "tsa", "tsaUrl",
    /// "revocation") for a wrong value or a level above B-B without a TSA. tsaPassword:
    /// nothing keeps the stored one, "" removes it, else it is sealed. Audited
    /// "signing-policy" on "office/<id>" with the levels, TSA and revocation source, raising
    /// its version. baseVersion: the version the form was loaded at (0: the default policy); a
    /// change from an older one is refused with StaleVersion, nothing written.
    SigningPolicyRecord change(const Actor& actor, Id officeId, SigningPolicyRecord wanted,
                               const std::optional<std::string>& tsaPassword,
                               std::optional<int> baseVersion = std::nullopt);
    /// What the administrator is warned of (Vietnamese sentences): a level below B-T, no TSA.
    static std::vector<std::string> warnings(const SigningPolicyRecord& policy);

    /// What the office's signatures are made with now.
    std::unique_ptr<SigningEvidence> evidenceFor(Id officeId) const;

private:
    signing::TimeStampAuthority& builtInTsa() const;
    signing::OcspResponder& builtInResponder() const;
    std::vector<std::string> installationCrls() const;

    Storage& storage_;
    AuditTrail& audit_;
    const TrustList* trust_;
    std::filesystem::path pki_;
    std::string keyPassword_;
    mutable std::mutex mutex_;
    mutable std::unique_ptr<signing::TimeStampAuthority> tsa_;
    mutable std::unique_ptr<signing::OcspResponder> responder_;
};

} // namespace vanthu::docmgmt
