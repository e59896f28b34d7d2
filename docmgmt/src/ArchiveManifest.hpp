#pragma once
// Reading an archive package's manifest.xml safely: Xerces-C with no DTD (a DOCTYPE is refused
// before parsing), no external entities or schemas (an entity resolver that refuses
// everything), an entity expansion limit, and validation against the compiled-in schema
// (docmgmt/schema/archive-manifest.xsd).
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace vanthu::docmgmt {

/// The manifest is not well-formed or does not follow the schema; the message says where.
class InvalidManifest : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A file listed under a document (Attachment).
struct ManifestAttachment {
    std::string path, name, sha256;
    std::uint64_t size = 0;
};

struct ManifestDocument {
    int ordinal = 0;
    int pageAmount = 0;
    std::string path, sha256;
    std::uint64_t size = 0;
    int signatures = 0;
    std::vector<ManifestAttachment> attachments;
    /// The PDF/A rendition (III.5e), when the package has one.
    std::string renditionPath, renditionSha256;
    std::uint64_t renditionSize = 0;
};

struct Manifest {
    std::string fileCode, title;
    int docTotal = 0, pageTotal = 0;
    std::vector<ManifestDocument> documents;
};

/// Parses and validates; throws InvalidManifest.
Manifest parseManifest(std::string_view xml);

} // namespace vanthu::docmgmt
