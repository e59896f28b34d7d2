// verifyArchivePackage: reads a package (ZIP or unpacked folder) within limits and checks
// everything it says about itself (docs/archive.md, "What verify checks").
#include <Poco/Exception.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>

#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>

#include "ArchiveManifest.hpp"
#include "ArchiveSeal.hpp"
#include "PdfPages.hpp"
#include "vanthu/docmgmt/ArchivePackage.hpp"
#include "vanthu/docmgmt/Passwords.hpp"
#include "vanthu/signing/SignatureVerifier.hpp"
#include "vanthu/signing/Verification.hpp"

namespace vanthu::docmgmt {

namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t kMaxEntryBytes = 512ULL * 1024 * 1024; // one PDF or the manifest
constexpr std::uint64_t kMaxPackageBytes = 4ULL * 1024 * 1024 * 1024;
constexpr std::size_t kMaxEntries = 10'010; // 9,999 documents and the two package files

/// The package cannot be read at all (exit code 2).
class Unreadable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

using Entries = std::map<std::string, std::string>; ///< name in the package → bytes

/// A name a package may hold: relative, forward slashes, no "." or ".." parts.
bool safeName(const std::string& name) {
    if (name.empty() || name.front() == '/' || name.find('\\') != std::string::npos ||
        name.find('\0') != std::string::npos) {
        return false;
    }
    std::istringstream parts(name);
    for (std::string part; std::getline(parts, part, '/');) {
        if (part.empty() || part == "." || part == "..") {
            return false;
        }
    }
    return true;
}

std::string readWhole(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        throw Unreadable("cannot open " + file.string());
    }
    return std::string(std::istreambuf_iterator<char>(in), {});
}

Entries readFolder(const fs::path& dir, std::vector<std::string>& problems) {
    Entries entries;
    std::uint64_t total = 0;
    for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator();
         ++it) {
        const auto name = fs::relative(it->path(), dir).generic_string();
        if (it->is_symlink()) {
            problems.push_back("the package holds a symbolic link, " + name);
            continue;
        }
        if (it->is_directory()) {
            continue;
        }
        total += it->file_size();
        if (entries.size() >= kMaxEntries || total > kMaxPackageBytes) {
            throw Unreadable("the package is larger than a package can be");
        }
        entries[name] = readWhole(it->path());
    }
    return entries;
}

Entries readZip(const fs::path& file, std::vector<std::string>& problems) {
    if (fs::file_size(file) > kMaxPackageBytes) {
        throw Unreadable("the package is larger than a package can be");
    }
    const std::string bytes = readWhole(file);
    if (bytes.compare(0, 4, "PK\x03\x04") != 0) {
        throw Unreadable(file.string() + " is not a ZIP file");
    }
    Entries entries;
    try {
        std::istringstream in(bytes);
        const Poco::Zip::ZipArchive archive(in);
        for (auto it = archive.headerBegin(); it != archive.headerEnd(); ++it) {
            const auto& header = it->second;
            const std::string& name = header.getFileName();
            if (header.isDirectory()) {
                continue;
            }
            if (!safeName(name)) {
                problems.push_back("the package holds a file with an unsafe name, \"" + name +
                                   "\"");
                continue;
            }
            if (entries.size() >= kMaxEntries || header.getUncompressedSize() > kMaxEntryBytes) {
                throw Unreadable("the package is larger than a package can be");
            }
            const auto method = header.getCompressionMethod();
            if (method != Poco::Zip::ZipCommon::CM_STORE &&
                method != Poco::Zip::ZipCommon::CM_DEFLATE) {
                problems.push_back(name + " is compressed in a way packages never are");
                continue;
            }
            in.clear();
            std::string content;
            try {
                Poco::Zip::ZipInputStream entry(in, header, true);
                char buffer[65536];
                while (entry.read(buffer, sizeof buffer) || entry.gcount() > 0) {
                    content.append(buffer, static_cast<std::size_t>(entry.gcount()));
                    if (content.size() > kMaxEntryBytes) {
                        throw Unreadable("an entry of the package is larger than it says");
                    }
                }
            } catch (const Poco::Exception& e) {
                problems.push_back(name + " is damaged inside the ZIP file (" + e.displayText() +
                                   ")");
                continue;
            }
            entries[name] = std::move(content);
        }
    } catch (const Poco::Exception& e) {
        throw Unreadable(file.string() + " is a damaged ZIP file: " + e.displayText());
    }
    return entries;
}

/// checksums.sha256 as name → hex; a malformed line is a problem.
std::map<std::string, std::string> parseChecksums(const std::string& text,
                                                  std::vector<std::string>& problems) {
    std::map<std::string, std::string> out;
    std::istringstream lines(text);
    int number = 0;
    for (std::string line; std::getline(lines, line);) {
        ++number;
        if (line.empty()) {
            continue;
        }
        const bool wellFormed = line.size() > 66 && line.compare(64, 2, "  ") == 0 &&
                                line.find_first_not_of("0123456789abcdef") == 64;
        if (!wellFormed) {
            problems.push_back(std::string(kChecksumsName) + " line " + std::to_string(number) +
                               " is not \"<sha256>  <file>\"");
            continue;
        }
        out[line.substr(66)] = line.substr(0, 64);
    }
    return out;
}

void checkChecksums(const Entries& entries, std::vector<std::string>& problems) {
    const auto file = entries.find(kChecksumsName);
    if (file == entries.end()) {
        problems.push_back(std::string(kChecksumsName) + " is missing");
        return;
    }
    const auto sums = parseChecksums(file->second, problems);
    for (const auto& [name, sum] : sums) {
        const auto entry = entries.find(name);
        if (entry == entries.end()) {
            problems.push_back(name + " is missing");
        } else if (sha256Hex(entry->second) != sum) {
            problems.push_back(name + " does not match its SHA-256 in " + kChecksumsName +
                               " (changed after export)");
        }
    }
    for (const auto& [name, bytes] : entries) {
        if (name != kChecksumsName && !sums.count(name)) {
            problems.push_back("extra file " + name + " is not part of the package");
        }
    }
}

/// The PDF's signatures: as many as the manifest says, each intact (and trusted when trust
/// anchors are given).
void checkSignatures(const ManifestDocument& doc, const std::string& pdf,
                     const signing::SignatureVerifier& verifier, bool trustGiven,
                     ArchiveVerification& result) {
    const auto verified = signing::verifyDocument(pdf, verifier);
    if (verified.exitCode == 2) {
        result.problems.push_back(doc.path + " cannot be read as a PDF: " +
                                  (verified.report.errors.empty() ? std::string("unreadable")
                                                                  : verified.report.errors[0]));
        return;
    }
    const auto& signatures = verified.report.signatures;
    result.signatures += static_cast<int>(signatures.size());
    if (static_cast<int>(signatures.size()) != doc.signatures) {
        result.problems.push_back(doc.path + " has " + std::to_string(signatures.size()) +
                                  " signature(s), the manifest says " +
                                  std::to_string(doc.signatures));
    }
    for (const auto& error : verified.report.errors) {
        result.problems.push_back(doc.path + ": " + error);
    }
    for (const auto& sig : signatures) {
        bool changesAllowed = true;
        for (const auto& change : sig.changes) {
            changesAllowed = changesAllowed && change.allowed;
        }
        const bool good = trustGiven ? sig.ok : sig.valid && changesAllowed;
        if (!good) {
            std::string why;
            for (const auto& check : sig.checks) {
                if (check.status == "failed" && (trustGiven || check.name != "chain")) {
                    why = check.detail;
                    break;
                }
            }
            result.problems.push_back(doc.path + ": signature " + std::to_string(sig.index) + " (" +
                                      sig.signer + ") does not verify" +
                                      (why.empty() ? "" : ": " + why));
        }
    }
}

/// The document's PDF/A rendition (III.5e), when the manifest lists one: present, as large as
/// listed, with its SHA-256, and a PDF with as many pages as the original.
void checkRendition(const ManifestDocument& doc, const Entries& entries,
                    std::set<std::string>& listed, ArchiveVerification& result) {
    if (doc.renditionPath.empty()) {
        return;
    }
    if (!listed.insert(doc.renditionPath).second) {
        result.problems.push_back(doc.renditionPath + " is listed twice in the manifest");
        return;
    }
    const auto entry = entries.find(doc.renditionPath);
    if (entry == entries.end()) {
        result.problems.push_back(doc.renditionPath + " (listed in the manifest) is missing");
        return;
    }
    if (entry->second.size() != doc.renditionSize ||
        sha256Hex(entry->second) != doc.renditionSha256) {
        result.problems.push_back(doc.renditionPath +
                                  " does not match its size and SHA-256 in the manifest");
        return;
    }
    try {
        const int pages = pdfPageCount(entry->second);
        if (pages != doc.pageAmount) {
            result.problems.push_back(doc.renditionPath + " has " + std::to_string(pages) +
                                      " page(s), its original " + std::to_string(doc.pageAmount));
        }
    } catch (const NotAPdf& e) {
        result.problems.push_back(doc.renditionPath + " is not a readable PDF (" + e.what() + ")");
    }
}

void checkDocuments(const Manifest& manifest, const Entries& entries,
                    const ArchiveVerifyOptions& options, ArchiveVerification& result) {
    std::vector<signing::X509Ptr> anchors;
    for (const auto& anchor : options.trustAnchors) {
        anchors.push_back(signing::X509Ptr(X509_dup(anchor.get())));
    }
    const signing::SignatureVerifier verifier(std::move(anchors));
    std::set<std::string> listed;
    int ordinal = 0, pages = 0;
    for (const auto& doc : manifest.documents) {
        ++ordinal;
        pages += doc.pageAmount;
        if (doc.ordinal != ordinal) {
            result.problems.push_back("document " + std::to_string(ordinal) + " has DocOrdinal " +
                                      std::to_string(doc.ordinal));
        }
        if (!listed.insert(doc.path).second) {
            result.problems.push_back(doc.path + " is listed twice in the manifest");
            continue;
        }
        const auto entry = entries.find(doc.path);
        if (entry == entries.end()) {
            continue; // reported as missing by the checksums, or below when not listed there
        }
        const std::string& pdf = entry->second;
        if (pdf.size() != doc.size || sha256Hex(pdf) != doc.sha256) {
            result.problems.push_back(doc.path +
                                      " does not match its size and SHA-256 in the manifest");
        }
        try {
            const int counted = pdfPageCount(pdf);
            if (counted != doc.pageAmount) {
                result.problems.push_back(doc.path + " has " + std::to_string(counted) +
                                          " page(s), the manifest says " +
                                          std::to_string(doc.pageAmount));
            }
        } catch (const NotAPdf& e) {
            result.problems.push_back(doc.path + " is not a readable PDF (" + e.what() + ")");
            continue;
        }
        checkSignatures(doc, pdf, verifier, !options.trustAnchors.empty(), result);
        checkRendition(doc, entries, listed, result);
    }
    for (const auto& doc : manifest.documents) {
        if (!entries.count(doc.path)) {
            result.problems.push_back(doc.path + " (listed in the manifest) is missing");
        }
        for (const auto& file : doc.attachments) { // the files it carries beside its PDF
            if (!listed.insert(file.path).second) {
                result.problems.push_back(file.path + " is listed twice in the manifest");
                continue;
            }
            const auto entry = entries.find(file.path);
            if (entry == entries.end()) {
                result.problems.push_back(file.path + " (listed in the manifest) is missing");
            } else if (entry->second.size() != file.size ||
                       sha256Hex(entry->second) != file.sha256) {
                result.problems.push_back(file.path +
                                          " does not match its size and SHA-256 in the manifest");
            }
        }
    }
    for (const auto& [name, bytes] : entries) {
        if ((name.rfind("documents/", 0) == 0 || name.rfind("renditions/", 0) == 0) &&
            !listed.count(name)) {
            result.problems.push_back("extra file " + name + " is not in the manifest");
        }
    }
    if (manifest.docTotal != static_cast<int>(manifest.documents.size())) {
        result.problems.push_back("DocTotal is " + std::to_string(manifest.docTotal) +
                                  ", the manifest lists " +
                                  std::to_string(manifest.documents.size()) + " documents");
    }
    if (manifest.pageTotal != pages) {
        result.problems.push_back("PageTotal is " + std::to_string(manifest.pageTotal) +
                                  ", the documents have " + std::to_string(pages) + " pages");
    }
    result.documents = static_cast<int>(manifest.documents.size());
    result.pages = pages;
}

} // namespace

ArchiveVerification verifyArchivePackage(const fs::path& package,
                                         const ArchiveVerifyOptions& options) {
    ArchiveVerification result;
    Entries entries;
    try {
        if (fs::is_directory(package)) {
            entries = readFolder(package, result.problems);
        } else if (fs::is_regular_file(package)) {
            entries = readZip(package, result.problems);
        } else {
            throw Unreadable("no package at " + package.string());
        }
    } catch (const Unreadable& e) {
        result.status = ArchiveVerification::Status::Unreadable;
        result.problems.insert(result.problems.begin(), e.what());
        return result;
    } catch (const fs::filesystem_error& e) {
        result.status = ArchiveVerification::Status::Unreadable;
        result.problems.insert(result.problems.begin(), e.what());
        return result;
    }
    checkChecksums(entries, result.problems);
    const auto manifestFile = entries.find(kManifestName);
    if (manifestFile == entries.end()) {
        result.problems.push_back(std::string(kManifestName) + " is missing");
    } else {
        try {
            const Manifest manifest = parseManifest(manifestFile->second);
            result.fileCode = manifest.fileCode;
            result.title = manifest.title;
            const auto seal = checkManifestSeal(manifestFile->second, options.trustAnchors);
            if (seal.ok) {
                result.sealedBy = seal.sealedBy;
            } else {
                result.problems.push_back(seal.problem);
            }
            checkDocuments(manifest, entries, options, result);
        } catch (const InvalidManifest& e) {
            result.problems.push_back(e.what());
        }
    }
    result.status = result.problems.empty() ? ArchiveVerification::Status::Valid
                                            : ArchiveVerification::Status::Invalid;
    return result;
}

} // namespace vanthu::docmgmt
