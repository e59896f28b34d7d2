#pragma once
// A demonstration PKI shaped like a Vietnamese one: a root CA, an issuing CA with its CRL, the
// issuing body's seal key, two signers, and a time-stamping authority. Keys are fresh each time;
// names, serial numbers and file names are fixed so scripts can rely on them.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "vanthu/signing/OpenSsl.hpp"

namespace vanthu::signing {

inline constexpr const char* kDemoPassword = "vanthu";
inline constexpr const char* kDemoCrlBaseUrl = "http://pki.vanthu.invalid/";

struct DemoPkiOptions {
    std::string password = kDemoPassword; ///< protects every .p12 file
    bool ecdsa = false;                   ///< ECDSA P-256 instead of RSA 2048
    /// When set: the issuing CA's end-entity certificates name this OCSP responder
    /// (authorityInfoAccess), and a delegated responder key (ocsp.p12) is made.
    std::string ocspUrl;
    /// Where new keys come from (tests reuse cached keys); empty: freshly generated.
    std::function<EvpPkeyPtr(bool ecdsa)> newKey;
};

/// One key with its certificate.
struct DemoIdentity {
    EvpPkeyPtr key;
    X509Ptr certificate;
};

class DemoPki {
public:
    /// Creates every key and certificate in memory.
    explicit DemoPki(const DemoPkiOptions& options = {});

    /// Writes ca.pem, ca.crl, issuing-ca.pem, issuing-ca.crl, issuing-ca.p12, seal.p12,
    /// signer1.p12, signer2.p12, tsa.p12, signature.png and seal.png into dir (created if
    /// missing), and ocsp.p12 with an OCSP URL. Returns the paths written.
    std::vector<std::filesystem::path> writeTo(const std::filesystem::path& dir) const;

    /// A CRL of the issuing CA revoking the given serial numbers, valid for 30 days from now.
    X509CrlPtr issuingCrl(const std::vector<long>& revokedSerials = {}) const;
    /// The root's CRL (revokes nothing).
    X509CrlPtr rootCrl() const;

    /// A PKCS#12 file's bytes for an identity: key, certificate and the CA chain.
    Bytes pkcs12(const DemoIdentity& identity, const std::string& friendlyName) const;

    /// Issues an extra end-entity certificate (tests: expired, wrong key usage...).
    DemoIdentity issue(const std::string& commonName, long serial, const std::string& keyUsage,
                       const std::string& extendedKeyUsage = "",
                       std::int64_t notBeforeOffset = -86400,
                       std::int64_t notAfterOffset = 3LL * 365 * 86400) const;

    const DemoIdentity& root() const { return root_; }
    const DemoIdentity& issuingCa() const { return issuing_; }
    const DemoIdentity& seal() const { return seal_; }
    const DemoIdentity& signer1() const { return signer1_; }
    const DemoIdentity& signer2() const { return signer2_; }
    const DemoIdentity& tsa() const { return tsa_; }
    /// The delegated OCSP responder (id-kp-OCSPSigning); empty without an OCSP URL.
    const DemoIdentity& ocspResponder() const { return ocsp_; }
    const DemoPkiOptions& options() const { return options_; }

    static constexpr long kSealSerial = 0x1001;
    static constexpr long kSigner1Serial = 0x1002;
    static constexpr long kSigner2Serial = 0x1003;
    static constexpr long kTsaSerial = 0x1004;
    static constexpr long kOcspSerial = 0x1005;

private:
    EvpPkeyPtr newKey() const;
    DemoIdentity makeCa(const std::string& commonName, long serial,
                        const DemoIdentity* issuer) const;

    DemoPkiOptions options_;
    DemoIdentity root_, issuing_, seal_, signer1_, signer2_, tsa_, ocsp_;
};

} // namespace vanthu::signing
