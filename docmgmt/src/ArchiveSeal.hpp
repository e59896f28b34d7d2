#pragma once
// The issuing office's seal (con dấu) on an archive package's manifest.xml: an enveloped XML
// signature (XML-DSig, the one edXML packages carry: vanthu/exchange/EnvelopedSignature.hpp)
// made with the office's seal key, the key that seals its outgoing documents. The manifest
// lists every PDF's SHA-256, so the seal covers the whole package: a forger who rewrites a PDF,
// its checksum and the manifest consistently breaks it (docs/archive.md).
#include <string>
#include <string_view>
#include <vector>

#include "vanthu/signing/OpenSsl.hpp"
#include "vanthu/signing/SigningKey.hpp"

namespace vanthu::docmgmt {

/// The manifest with ds:Signature appended to its root (the seal's certificate and CA chain in
/// KeyInfo). Throws std::runtime_error when it cannot be sealed.
std::string sealManifest(std::string_view manifest, const signing::SigningKey& seal);

struct ManifestSeal {
    bool ok = false;      ///< intact, and trusted when trust anchors were given
    std::string problem;  ///< why not ok: one sentence
    std::string sealedBy; ///< the seal certificate's subject ("CN=..., O=..."), when known
};

/// Checks the manifest's seal: present, intact (the manifest not changed since it was sealed)
/// and, with anchors, the seal certificate chaining to one of them now (the time the PDFs'
/// signatures are checked at too) with a key usage that allows signing.
ManifestSeal checkManifestSeal(std::string_view manifest,
                               const std::vector<signing::X509Ptr>& anchors);

} // namespace vanthu::docmgmt
