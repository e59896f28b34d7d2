#pragma once
// The installation's trust list (issue 13; Thông tư 15/2025/TT-BKHCN asks that the user can add
// and remove trusted authorities): trusted root and intermediate CAs, CRL files and OCSP
// responders, kept in DIR/pki (ca.pem, crl/<sha256>.crl, ocsp-responders) where every verifier
// of the installation reads them: the check of a signer's certificate before each signature
// (signerTrust()), the verification of arriving and stored PDFs, the exchange. Every change is
// audited ("trust-add", "trust-remove").
#include <filesystem>
#include <string>
#include <vector>

#include "vanthu/docmgmt/OutgoingFlow.hpp"
#include "vanthu/signing/SignerCertificate.hpp"

namespace vanthu::docmgmt {

class AuditTrail;

/// One entry of the trust list, as `vanthu admin trust list` and the API show it.
struct TrustEntry {
    std::string kind;        ///< "ca", "crl" or "ocsp"
    std::string id;          ///< the certificate's or CRL's SHA-256 (hex), or the URL
    std::string subject;     ///< the CA's subject, the CRL's issuer, or the URL
    std::string validUntil;  ///< dd/mm/yyyy: the CA's notAfter, the CRL's nextUpdate; "" for OCSP
    bool selfSigned = false; ///< a root (CA entries)
};

class TrustList {
public:
    /// The files live in pkiDir (DIR/pki), made when the first entry is added.
    TrustList(std::filesystem::path pkiDir, AuditTrail& audit);

    /// Adds every certificate of a PEM text (a root or an intermediate: basicConstraints CA,
    /// keyCertSign); InvalidInput("cert") for anything else, Conflict when all are present.
    std::vector<TrustEntry> addCertificates(const Actor& actor, const std::string& pem);
    /// Removes the certificates of a PEM text (or one given by its SHA-256 in hex);
    /// NotFound when none is in the list.
    std::vector<TrustEntry> removeCertificates(const Actor& actor, const std::string& pemOrId);
    /// A CRL (PEM or DER, at most 16 MiB) issued by a CA in the list and signed by it.
    TrustEntry addCrl(const Actor& actor, const std::string& bytes);
    /// By the CRL's bytes or its SHA-256 (hex); NotFound when absent.
    TrustEntry removeCrl(const Actor& actor, const std::string& bytesOrId);
    /// An http:// OCSP responder URL (at most 2048 characters).
    TrustEntry addOcsp(const Actor& actor, const std::string& url);
    TrustEntry removeOcsp(const Actor& actor, const std::string& url);

    std::vector<TrustEntry> entries() const;
    /// What a signer's certificate is checked against before each signature (read now: a
    /// change made by `vanthu admin` while the server runs counts at the next signature).
    signing::SignerTrust signerTrust() const;
    /// The trusted certificates as PEM (DIR/pki/ca.pem's text, "" when none).
    std::string anchorsPem() const;
    std::filesystem::path anchorsFile() const; ///< DIR/pki/ca.pem

private:
    void record(const Actor& actor, const std::string& action, const TrustEntry& entry);
    std::filesystem::path pki_;
    AuditTrail& audit_;
};

} // namespace vanthu::docmgmt
