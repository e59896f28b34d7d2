#pragma once
// Whether a certificate may sign a document (issues 19 and 13; Thông tư 15/2025/TT-BKHCN asks
// signing software to check the signer's certificate before signing): it is valid now, carries
// a signing key usage, chains to a trusted root through trusted or given intermediates, and is
// not revoked by a CRL of the trust list or by an OCSP responder that answers. Checked before
// every signature: the seal at issue, a leader's server-held key, two-phase prepare and complete.
#include <openssl/x509.h>

#include <string>
#include <vector>

namespace vanthu::signing {

/// What a signer's certificate is checked against: the installation's trust list.
struct SignerTrust {
    /// Trusted roots and intermediates (PEM, several may follow each other).
    std::string anchorsPem;
    /// CRLs (PEM or DER) of trusted CAs; a CRL whose issuer is not in the chain is ignored, and so
    /// is one whose signature does not check against its issuer.
    std::vector<std::string> crls;
    /// OCSP responders (http:// URLs) asked, in order, about the signer's certificate; one that
    /// cannot be reached or gives no usable answer is skipped (revocation is checked when
    /// reachable), "revoked" refuses the certificate.
    std::vector<std::string> ocspResponders;
    int ocspTimeoutSeconds = 5;
};

/// "" when `chain` (the signer's certificate first, then intermediates) may sign under trust;
/// else one Vietnamese sentence naming the holder ("con dấu", "người ký") and what is wrong,
/// e.g. "Chứng thư số của con dấu đã hết hạn ngày 05/12/2026; …".
std::string signerCertificateProblem(const std::vector<X509*>& chain, const SignerTrust& trust,
                                     const std::string& holder = "người ký");

/// The part of the check that needs no trust list: "" when `certificate` is valid now and has
/// the key usage digitalSignature or nonRepudiation, else one Vietnamese sentence (as above).
/// Used when a seal or a leader's certificate is registered.
std::string certificateUsageProblem(X509* certificate, const std::string& holder = "người ký");

/// dd/mm/yyyy of a certificate time, in Vietnam time (UTC+7).
std::string vietnameseDate(const ASN1_TIME* time);

} // namespace vanthu::signing
