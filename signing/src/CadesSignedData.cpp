#include "vanthu/signing/CadesSignedData.hpp"
#include "OpenSslOwned.hpp"

#include <algorithm>

namespace vanthu::signing {

namespace der {

Bytes tlv(unsigned char tag, std::string_view content) {
    Bytes out(1, static_cast<char>(tag));
    const size_t length = content.size();
    if (length < 0x80) {
        out += static_cast<char>(length);
    } else {
        Bytes digits;
        for (size_t n = length; n > 0; n >>= 8) {
            digits.insert(digits.begin(), static_cast<char>(n & 0xff));
        }
        out += static_cast<char>(0x80 | digits.size());
        out += digits;
    }
    out.append(content);
    return out;
}

Bytes sequence(const std::vector<Bytes>& items) {
    Bytes content;
    for (const auto& item : items) {
        content += item;
    }
    return tlv(0x30, content);
}

Bytes setOf(std::vector<Bytes> items, unsigned char tag) {
    std::sort(items.begin(), items.end(), [](const Bytes& a, const Bytes& b) {
        return std::lexicographical_compare(
            a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
                return static_cast<unsigned char>(x) < static_cast<unsigned char>(y);
            });
    });
    Bytes content;
    for (const auto& item : items) {
        content += item;
    }
    return tlv(tag, content);
}

Bytes oid(const char* dotted) {
    Asn1ObjectPtr object(OBJ_txt2obj(dotted, 1));
    check(object != nullptr, "bad object identifier");
    return derOf(i2d_ASN1_OBJECT, object.get(), "cannot encode an object identifier");
}

Bytes octetString(std::string_view bytes) {
    return tlv(0x04, bytes);
}
Bytes null() {
    return Bytes("\x05\x00", 2);
}

std::size_t tlvLength(std::string_view bytes) {
    if (bytes.size() < 2) {
        return 0;
    }
    const auto first = static_cast<unsigned char>(bytes[1]);
    size_t header = 2, length = 0;
    if (first < 0x80) {
        length = first;
    } else {
        const size_t count = first & 0x7f;
        if (count == 0 || count > 4 || bytes.size() < 2 + count) {
            return 0; // indefinite length (BER) or absurd
        }
        for (size_t i = 0; i < count; ++i) {
            length = (length << 8) | static_cast<unsigned char>(bytes[2 + i]);
        }
        header += count;
    }
    if (length > bytes.size() - header) {
        return 0;
    }
    return header + length;
}

namespace {

/// The length of the BER TLV at bytes[at...], or 0; depth bounds the nesting of indefinite
/// lengths (each level costs a stack frame).
std::size_t berLengthAt(std::string_view bytes, std::size_t at, int depth) {
    if (depth > 32 || bytes.size() - at < 2) {
        return 0;
    }
    std::size_t i = at;
    const auto tag = static_cast<unsigned char>(bytes[i++]);
    if ((tag & 0x1f) == 0x1f) { // high tag number: base-128 digits
        for (int n = 0;; ++n) {
            if (i >= bytes.size() || n > 4) {
                return 0;
            }
            if ((static_cast<unsigned char>(bytes[i++]) & 0x80) == 0) {
                break;
            }
        }
    }
    if (i >= bytes.size()) {
        return 0;
    }
    const auto first = static_cast<unsigned char>(bytes[i++]);
    if (first != 0x80) {
        // Definite length: the same header rules as DER (at most four length bytes).
        std::size_t length = 0, header = i - at;
        if (first < 0x80) {
            length = first;
        } else {
            const std::size_t count = first & 0x7f;
            if (count > 4 || bytes.size() - i < count) {
                return 0;
            }
            for (std::size_t k = 0; k < count; ++k) {
                length = (length << 8) | static_cast<unsigned char>(bytes[i + k]);
            }
            header += count;
        }
        if (length > bytes.size() - at - header) {
            return 0;
        }
        return header + length;
    }
    if ((tag & 0x20) == 0) {
        return 0; // indefinite length on a primitive type
    }
    while (true) { // children up to the end-of-contents octets 00 00
        if (bytes.size() - i < 2) {
            return 0;
        }
        if (bytes[i] == 0 && bytes[i + 1] == 0) {
            return i + 2 - at;
        }
        const std::size_t child = berLengthAt(bytes, i, depth + 1);
        if (child == 0) {
            return 0;
        }
        i += child;
    }
}

} // namespace

std::size_t berLength(std::string_view bytes) {
    return bytes.empty() ? 0 : berLengthAt(bytes, 0, 0);
}

} // namespace der

namespace {

constexpr const char* kIdData = "1.2.840.113549.1.7.1";
constexpr const char* kIdSignedData = "1.2.840.113549.1.7.2";
constexpr const char* kContentType = "1.2.840.113549.1.9.3";
constexpr const char* kMessageDigest = "1.2.840.113549.1.9.4";
constexpr const char* kSigningCertificateV2 = "1.2.840.113549.1.9.16.2.47";
constexpr const char* kTimeStampToken = "1.2.840.113549.1.9.16.2.14";
constexpr const char* kSha256 = "2.16.840.1.101.3.4.2.1";
constexpr const char* kRsaEncryption = "1.2.840.113549.1.1.1";
constexpr const char* kEcdsaWithSha256 = "1.2.840.10045.4.3.2";
constexpr const char* kRsassaPss = "1.2.840.113549.1.1.10";
constexpr const char* kMgf1 = "1.2.840.113549.1.1.8";

Bytes attribute(const char* type, const Bytes& value) {
    return der::sequence({der::oid(type), der::setOf({value})});
}

Bytes encodeName(const X509_NAME* name) {
    return derOf(i2d_X509_NAME, name, "cannot encode a name");
}

Bytes encodeInteger(const ASN1_INTEGER* value) {
    return derOf(i2d_ASN1_INTEGER, value, "cannot encode an integer");
}

Bytes sha256Algorithm() {
    return der::sequence({der::oid(kSha256)});
}

/// RSASSA-PSS-params (RFC 4055): SHA-256, MGF1 with SHA-256, salt length 32, trailer 1 (default,
/// omitted); the hash identifiers with NULL parameters, as RFC 4055 section 2.1 lists them.
Bytes pssAlgorithm() {
    const Bytes sha256WithNull = der::sequence({der::oid(kSha256), der::null()});
    return der::sequence({
        der::oid(kRsassaPss),
        der::sequence({
            der::tlv(0xa0, sha256WithNull),
            der::tlv(0xa1, der::sequence({der::oid(kMgf1), sha256WithNull})),
            der::tlv(0xa2, der::tlv(0x02, Bytes(1, '\x20'))),
        }),
    });
}

Bytes signatureAlgorithm(const X509* signer, RsaPadding padding) {
    const EVP_PKEY* key = X509_get0_pubkey(signer);
    check(key != nullptr, "the certificate has no public key");
    switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
        if (padding == RsaPadding::Pss) {
            return pssAlgorithm();
        }
        return der::sequence({der::oid(kRsaEncryption), der::null()});
    case EVP_PKEY_EC:
        if (padding == RsaPadding::Pss) {
            throw std::runtime_error("RSA-PSS needs an RSA key; the signer's key is ECDSA");
        }
        return der::sequence({der::oid(kEcdsaWithSha256)});
    default:
        throw std::runtime_error("the signer's key type is not supported (use RSA or ECDSA)");
    }
}

} // namespace

Bytes CadesSignedData::signedAttributes(std::string_view documentSha256, const X509* signer) {
    const Bytes issuer = encodeName(X509_get_issuer_name(signer));
    const Bytes serial = encodeInteger(X509_get0_serialNumber(signer));
    // ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256 (omitted), certHash, issuerSerial }
    const Bytes issuerSerial = der::sequence(
        {der::sequence({der::tlv(0xa4, issuer)}), serial}); // GeneralNames{directoryName}
    const Bytes certId = der::sequence({der::octetString(sha256(toDer(signer))), issuerSerial});
    const Bytes signingCertificateV2 = der::sequence({der::sequence({certId})});
    return der::setOf({
        attribute(kContentType, der::oid(kIdData)),
        attribute(kMessageDigest, der::octetString(documentSha256)),
        attribute(kSigningCertificateV2, signingCertificateV2),
    });
}

Bytes CadesSignedData::assemble(std::string_view signedAttributes, std::string_view signatureValue,
                                const X509* signer, const std::vector<X509*>& chain,
                                std::string_view timeStampToken, RsaPadding padding) {
    if (signedAttributes.empty() || static_cast<unsigned char>(signedAttributes[0]) != 0x31) {
        throw std::invalid_argument("signed attributes must be a DER SET");
    }
    Bytes implicitAttributes(signedAttributes);
    implicitAttributes[0] = static_cast<char>(0xa0); // [0] IMPLICIT
    const Bytes sid = der::sequence(
        {encodeName(X509_get_issuer_name(signer)), encodeInteger(X509_get0_serialNumber(signer))});
    std::vector<Bytes> signerInfo = {
        der::tlv(0x02, Bytes(1, '\x01')), // version 1
        sid,
        sha256Algorithm(),
        implicitAttributes,
        signatureAlgorithm(signer, padding),
        der::octetString(signatureValue),
    };
    if (!timeStampToken.empty()) {
        signerInfo.push_back(
            der::setOf({attribute(kTimeStampToken, Bytes(timeStampToken))}, 0xa1)); // [1] IMPLICIT
    }
    std::vector<Bytes> certificates = {toDer(signer)};
    for (const X509* cert : chain) {
        certificates.push_back(toDer(cert));
    }
    const Bytes signedData = der::sequence({
        der::tlv(0x02, Bytes(1, '\x01')), // version 1
        der::setOf({sha256Algorithm()}),
        der::sequence({der::oid(kIdData)}), // detached: no eContent
        der::setOf(certificates, 0xa0),     // [0] IMPLICIT certificates
        der::setOf({der::sequence(signerInfo)}),
    });
    return der::sequence({der::oid(kIdSignedData), der::tlv(0xa0, signedData)});
}

} // namespace vanthu::signing
