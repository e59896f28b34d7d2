#pragma once
// Whether a certificate may sign a document (issue 19): it chains to a trust anchor, is valid
// now and carries a signing key usage. Checked before two-phase prepare and one-step signing.
#include <openssl/x509.h>

#include <string>
#include <vector>

namespace vanthu::signing {

/// "" when `chain` (the signer's certificate first, then intermediates) chains to one of the
/// PEM trust anchors, every certificate is valid now, and the signer's certificate has the key
/// usage digitalSignature or nonRepudiation; else one Vietnamese sentence saying what is wrong.
std::string signerCertificateProblem(const std::vector<X509*>& chain,
                                     const std::string& trustAnchorsPem);

} // namespace vanthu::signing
