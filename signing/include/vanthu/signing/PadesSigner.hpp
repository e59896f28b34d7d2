#pragma once
// PAdES baseline signing of a PDF (ETSI EN 319 142-1) as an incremental update: SubFilter
// ETSI.CAdES.detached, SHA-256, one SignerInfo, no signing-time attribute (the time goes in /M),
// optional signature time-stamp (B-T), validation data in /DSS (B-LT) and a document time-stamp
// (B-LTA). The signature fills the empty field the renderer left (SignerSignature or
// SealSignature), or a new field placed on the last page.
#include <cstdint>
#include <string>
#include <vector>

#include "vanthu/signing/OcspSource.hpp"
#include "vanthu/signing/OpenSsl.hpp"
#include "vanthu/signing/SigningKey.hpp"
#include "vanthu/signing/TimeStampSource.hpp"

namespace vanthu::signing {

enum class PadesLevel { BB, BT, BLT, BLTA };
enum class SignatureRole { Signer, Seal };

/// "B-B" ... "B-LTA"; throws std::invalid_argument otherwise.
PadesLevel parsePadesLevel(const std::string& text);
std::string toString(PadesLevel level);

inline constexpr const char* kSignerFieldName = "SignerSignature";
inline constexpr const char* kSealFieldName = "SealSignature";

struct SignOptions {
    SignatureRole role = SignatureRole::Signer;
    PadesLevel level = PadesLevel::BB;
    std::string fieldName; ///< empty: SignerSignature or SealSignature by role
    std::string imagePng;  ///< PNG bytes drawn in the field; empty: text appearance
    std::vector<std::string> appearanceText; ///< lines when there is no image (embedded font)
    std::string reason;
    std::string location;
    std::int64_t signingTime = 0;          ///< seconds since the epoch for /M; 0: now
    bool lockDocument = false;             ///< FieldMDP lock (all fields, P=2); seals set it
    TimeStampSource* timeStamps = nullptr; ///< needed from B-T up
    std::vector<Bytes> crls;               ///< DER CRLs: revocation data for B-LT (/DSS)
    /// B-LT: OCSP responses for the certificates that name a responder come from here; null:
    /// asked over HTTP from the responder each certificate names (OcspClient).
    OcspSource* ocsp = nullptr;
    std::vector<Bytes> extraCertificates;   ///< DER certificates for /DSS too (e.g. the root)
    RsaPadding padding = RsaPadding::Pkcs1; ///< RSA keys: PKCS#1 v1.5 or RSASSA-PSS
    std::string fontPath = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf";
    /// An attachment in a separate file (NĐ 30 Phụ lục I): when set, the (seal) signature goes
    /// in a new field at the top right of page 1, with no image, showing this number and
    /// notation and the signing time (ISO 8601, +07:00) in 10 pt of an embedded font (Times New
    /// Roman when installed, else fontPath).
    std::string attachmentNotation;
};

/// Times New Roman when installed (as NĐ 30 asks for the attachment text), else fallback.
std::string attachmentFontPath(const std::string& fallback);

/// The first phase of two-phase signing.
struct PreparedSignature {
    Bytes pdf;              ///< the PDF with the signature dictionary and an empty /Contents
    Bytes signedAttributes; ///< DER bytes the signer's key must sign (SHA-256 with its key)
    Bytes digest;           ///< SHA-256 of signedAttributes (what a token signs as a hash)
};

class PadesSigner {
public:
    explicit PadesSigner(SignOptions options);

    /// Signs pdf with key; returns the new file's bytes. Throws std::runtime_error.
    Bytes sign(std::string_view pdf, const SigningKey& key) const;

    /// Phase one: the PDF with a reserved /Contents and the bytes to sign.
    PreparedSignature prepare(std::string_view pdf, const SigningKey& certificates) const;
    /// Phase two: puts the CMS around signatureValue into the prepared PDF (time-stamp, DSS and
    /// document time-stamp as the options' level asks). certificates as given to prepare.
    Bytes complete(std::string_view preparedPdf, const SigningKey& certificates,
                   std::string_view signatureValue) const;

    /// Adds /DSS (certificates, CRLs and DER OCSPResponses) in a new incremental update.
    static Bytes addValidationData(std::string_view pdf, const std::vector<X509*>& certificates,
                                   const std::vector<X509_CRL*>& crls,
                                   const std::vector<Bytes>& ocspResponses = {});
    /// Adds a document time-stamp (SubFilter ETSI.RFC3161) in a new incremental update.
    static Bytes addDocumentTimeStamp(std::string_view pdf, TimeStampSource& timeStamps);

    /// Bytes reserved for the CMS in /Contents.
    static constexpr std::size_t kContentsSize = 8192;
    static constexpr std::size_t kContentsSizeWithTimeStamp = 16384;

private:
    Bytes finish(Bytes pdf, std::size_t contentsBegin, std::size_t contentsEnd,
                 const SigningKey& key, std::string_view signedAttributes,
                 std::string_view signatureValue) const;

    SignOptions options_;
};

} // namespace vanthu::signing
