#pragma once
// The archive package (gói hồ sơ nộp lưu) of a closed case file: one ZIP file (entries stored,
// not compressed, so every PDF is kept byte for byte with its signatures) holding
//   manifest.xml        the case file's and each document's metadata (Phụ lục VI), each PDF's
//                       size, SHA-256 and signature count; schema docmgmt/schema/
//                       archive-manifest.xsd (namespace kArchiveNamespace); sealed with the
//                       issuing office's seal key (an enveloped XML signature, ds:Signature
//                       the last child of the root), so the whole package is sealed
//   documents/NNN.pdf   the documents in DocOrdinal order
//   documents/NNN-KK.x  the files document NNN carries beside its PDF (an outgoing letter's
//                       attachments, issue 14 item 4), each listed under it in the manifest
//                       (Attachment: its name, size and SHA-256)
//   checksums.sha256    SHA-256 of manifest.xml and of every PDF, in `sha256sum` format
// verifyArchivePackage checks it all (docs/archive.md); an unpacked folder verifies the same.
#include <filesystem>
#include <string>
#include <vector>

#include "vanthu/docmgmt/CaseFile.hpp"
#include "vanthu/signing/OpenSsl.hpp"
#include "vanthu/signing/SigningKey.hpp"

namespace vanthu::docmgmt {

inline constexpr const char* kArchiveNamespace = "urn:vanthu:archive-package:1";
inline constexpr const char* kManifestName = "manifest.xml";
inline constexpr const char* kChecksumsName = "checksums.sha256";

/// A file a document carries beside its PDF (phụ lục, tài liệu kèm theo).
struct PackageAttachment {
    std::string name;  ///< the name it was added with
    std::string bytes; ///< as kept in the blob store
};

struct PackageDocument {
    FiledDocument meta;
    std::string pdf; ///< the bytes as kept in the blob store
    std::vector<PackageAttachment> attachments;
    /// Its PDF/A-2b rendition (III.5e, PdfaRendition.hpp); writeArchivePackage makes it when
    /// empty.
    std::string rendition;
};

/// What goes into a package.
struct PackageContents {
    CaseFile file;
    std::string organId;    ///< OrganId: the office's identifier code
    std::string organName;  ///< the office's name
    std::string creator;    ///< Creator: the responsible person (người lập hồ sơ)
    std::string exportedAt; ///< ISO 8601
    std::vector<PackageDocument> documents;
    /// The office's seal key (con dấu: the key that seals its outgoing documents); required by
    /// writeArchivePackage.
    const signing::SigningKey* seal = nullptr;
};

/// The package as ZIP bytes, its manifest sealed with contents.seal; beside each document's PDF
/// (documents/NNN.pdf, byte for byte) its PDF/A-2b rendition (renditions/NNN.pdf). Throws
/// std::runtime_error when a value does not fit the schema (the message names the field) or the
/// manifest cannot be sealed, std::invalid_argument without a seal key.
std::string writeArchivePackage(const PackageContents& contents);

/// The manifest alone, not sealed (tests, and the schema check with xmllint).
std::string archiveManifestXml(const PackageContents& contents);
/// The metadata of a case file and its documents in the order given, with the field names of
/// NĐ 30 Phụ lục VI Phần II (root CaseFileMetadata in kCaseFileNamespace; the PDFs are not read,
/// contents.seal is not used): the XML beside the one-PDF export of a file (III.4g).
std::string caseFileMetadataXml(const PackageContents& contents);
inline constexpr const char* kCaseFileNamespace = "urn:vanthu:case-file:1";
/// The XSD the manifest follows (compiled in from docmgmt/schema/archive-manifest.xsd).
std::string_view archiveManifestSchema();

struct ArchiveVerification {
    enum class Status { Valid, Invalid, Unreadable };
    Status status = Status::Unreadable;
    std::vector<std::string> problems; ///< one sentence each, the first is the main reason
    std::string fileCode, title;
    int documents = 0, pages = 0, signatures = 0;
    /// The subject of the certificate whose key sealed manifest.xml ("CN=..., O=..."), when
    /// the seal is intact.
    std::string sealedBy;
    int exitCode() const { return status == Status::Valid ? 0 : status == Status::Invalid ? 1 : 2; }
};

struct ArchiveVerifyOptions {
    /// Trust anchors: with them, every signature and the manifest's seal must be trusted (chain
    /// to one of them); without, every signature and the seal must still be intact (integrity,
    /// CMS, no disallowed change).
    std::vector<signing::X509Ptr> trustAnchors;
};

/// Verifies a package (a ZIP file or an unpacked folder): the manifest parsed without DTDs or
/// external entities and validated against the schema, the office seal on the manifest (a
/// manifest without one is invalid), every checksum in checksums.sha256 and in the manifest, no
/// missing and no extra file, totals, page counts, and every PDF's signatures (each verified in a
/// child process with limits).
ArchiveVerification verifyArchivePackage(const std::filesystem::path& package,
                                         const ArchiveVerifyOptions& options = {});

} // namespace vanthu::docmgmt
