#pragma once
// Builds the CMS SignedData of a PAdES baseline signature byte by byte in DER: exactly one
// SignerInfo, SHA-256, signed attributes content-type, message-digest and signing-certificate-v2
// (no signing-time), the certificate chain, and optionally the signature-time-stamp.
#include <string_view>
#include <vector>

#include "vanthu/signing/OpenSsl.hpp"
#include "vanthu/signing/SigningKey.hpp"

namespace vanthu::signing {

class CadesSignedData {
public:
    /// The DER SET OF signed attributes (tag 0x31): the bytes the signer's key signs.
    static Bytes signedAttributes(std::string_view documentSha256, const X509* signer);
    /// The whole ContentInfo. signedAttributes as returned above; signatureValue over them,
    /// made with padding (RSA keys: rsaEncryption or id-RSASSA-PSS with its parameters).
    static Bytes assemble(std::string_view signedAttributes, std::string_view signatureValue,
                          const X509* signer, const std::vector<X509*>& chain,
                          std::string_view timeStampToken = {},
                          RsaPadding padding = RsaPadding::Pkcs1);
};

/// Minimal DER encoding helpers.
namespace der {
Bytes tlv(unsigned char tag, std::string_view content);
Bytes sequence(const std::vector<Bytes>& items);
/// A SET OF: items sorted by their encodings, as DER requires.
Bytes setOf(std::vector<Bytes> items, unsigned char tag = 0x31);
Bytes oid(const char* dotted);
Bytes octetString(std::string_view bytes);
Bytes null();
/// Splits a DER TLV at the start of bytes: returns the whole TLV's length (header + content),
/// or 0 when the header is malformed or runs past the end.
std::size_t tlvLength(std::string_view bytes);
/// The same for BER as other signers write it (BouncyCastle, `openssl cms -stream`): definite
/// lengths or, on constructed types, indefinite lengths closed by 00 00 (nesting at most 32 deep).
/// 0 when malformed or running past the end.
std::size_t berLength(std::string_view bytes);
} // namespace der

} // namespace vanthu::signing
