#pragma once
// The keys an installation signs with (issue 13): each office's seal, imported as a PKCS#12
// file (copied into DIR/pki/seals, its password sealed by SecretBox with the installation's key
// file, never a demo default) or configured as a PKCS#11 token slot (its PIN sealed the same
// way), and each leader's registered certificate, the only one two-phase signing accepts for
// them. Every change is audited ("seal-import", "leader-certificate-add", …). The flows ask it
// for the office's seal key and a leader's certificate at each signature, so a change made by
// `vanthu admin` while the server runs counts at once.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "vanthu/docmgmt/OutgoingFlow.hpp"
#include "vanthu/docmgmt/Storage.hpp"
#include "vanthu/signing/OpenSsl.hpp"
#include "vanthu/signing/SignerCertificate.hpp"
#include "vanthu/signing/SigningKey.hpp"

namespace vanthu::docmgmt {

class AuditTrail;
class TrustList;

class KeyRing {
public:
    /// pkiDir: DIR/pki (seals/, secret.key). legacyPassword: of PKCS#12 files set up by hand
    /// (Office::sealKey, User::signingKey: the demo, `serve --key-password-file`).
    KeyRing(Storage& storage, AuditTrail& audit, const TrustList& trust,
            std::filesystem::path pkiDir, std::string legacyPassword);

    /// The office's seal from a PKCS#12 file's bytes (at most 1 MiB) and its password: opened
    /// with it (InvalidInput("password") when it does not open), its certificate checked now
    /// (validity, key usage: CertificateRefused("seal"); the chain is checked at each signature,
    /// the trust list may get its CA later), copied into DIR/pki/seals/<code>.p12, the password
    /// sealed. Replaces an earlier seal of the office. Audited "seal-import".
    KeyRecord importSealPkcs12(const Actor& actor, const Office& office, const std::string& p12,
                               const std::string& password);
    /// The office's seal on a PKCS#11 token: the module loaded and the token opened with the PIN
    /// now (InvalidInput("pkcs11") with the reason when it does not), its certificate checked as
    /// above, the configuration stored and the PIN sealed. Audited "seal-token".
    KeyRecord useSealToken(const Actor& actor, const Office& office, const std::string& module,
                           const std::string& token, const std::string& label,
                           const std::string& pin);
    /// A leader's certificate (PEM, the first one counts) for two-phase signing: the user must
    /// be a leader (Conflict), the certificate valid now with a signing key usage
    /// (CertificateRefused("cert")). Replaces an earlier one. Audited "leader-certificate-add".
    KeyRecord registerLeaderCertificate(const Actor& actor, const User& user,
                                        const std::string& pem);
    /// NotFound when none is registered. Audited "leader-certificate-remove".
    void removeLeaderCertificate(const Actor& actor, const User& user);

    std::optional<KeyRecord> sealOf(Id officeId) const;
    std::optional<KeyRecord> leaderCertificateOf(Id userId) const;

    /// The key the office seals with: its imported seal or token, else (a folder set up by hand,
    /// the demo) Office::sealKey opened with the legacy password. Conflict when there is none;
    /// SecretError when the sealed password does not open.
    std::unique_ptr<signing::SigningKey> sealKey(const Office& office) const;
    /// The office's seal for what signs XML with it (the exchange's packages, archive
    /// manifests): sealKey (a PKCS#12 or a PKCS#11 token) with its certificate checked as before
    /// every signature (CertificateRefused("seal")). Conflict when the office has none.
    std::unique_ptr<signing::SigningKey> checkedSealKey(const Office& office) const;
    /// CertificateRefused(field) unless key's certificate may sign now under the trust list
    /// (signing::signerCertificateProblem, naming the holder).
    void requireTrusted(const signing::SigningKey& key, const std::string& holder,
                        const std::string& field) const;
    /// The certificate a leader must sign with in two phases: the registered one, else the one
    /// of their server-held key (User::signingKey); nothing when neither.
    signing::X509Ptr leaderCertificate(const User& user) const;
    /// What every signer's certificate is checked against (the trust list, read now).
    signing::SignerTrust signerTrust() const;

    static std::string sealOwner(Id officeId); ///< "seal/<id>"
    static std::string leaderOwner(Id userId); ///< "leader/<id>"

private:
    std::unique_ptr<signing::Pkcs12Key> openPkcs12(const Office& office) const;
    void record(const Actor& actor, const std::string& action, const std::string& object,
                const std::string& detail);
    Storage& storage_;
    AuditTrail& audit_;
    const TrustList& trust_;
    std::filesystem::path pki_;
    std::string legacyPassword_;
};

} // namespace vanthu::docmgmt
