#include "vanthu/docmgmt/ArchivePackage.hpp"

#include <Poco/DateTime.h>
#include <Poco/Path.h>
#include <Poco/Zip/Compress.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <sstream>

#include "ArchiveManifest.hpp"
#include "ArchiveSeal.hpp"
#include "vanthu/docmgmt/Passwords.hpp"
#include "vanthu/docmgmt/PdfaRendition.hpp"
#include "vanthu/docmgmt/XmlText.hpp"
#include "vanthu/signing/SignatureVerifier.hpp"
#include "vanthu/signing/Verification.hpp"

namespace vanthu::http::embedded {
extern const std::string_view archiveManifestXsd; ///< docmgmt/schema/archive-manifest.xsd
}

namespace vanthu::docmgmt {

namespace {

void element(std::string& out, const std::string& indent, const char* name,
             const std::string& value) {
    out += indent + "<" + name + ">" + xmlEscaped(value) + "</" + name + ">\n";
}

std::string pdfPath(int ordinal) {
    char name[32];
    std::snprintf(name, sizeof name, "documents/%03d.pdf", ordinal);
    return name;
}

/// "documents/001-02.docx": the index-th file document `ordinal` carries, with the extension of
/// its name when it is one an attachment may have ("bin" otherwise).
std::string attachmentPath(int ordinal, int index, const std::string& name) {
    std::string extension;
    const auto dot = name.rfind('.');
    if (dot != std::string::npos) {
        for (char c : name.substr(dot + 1)) {
            extension += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        }
    }
    static const char* const kKnown[] = {"pdf", "doc", "docx", "xls", "xlsx", "odt", "zip"};
    if (std::find(std::begin(kKnown), std::end(kKnown), extension) == std::end(kKnown)) {
        extension = "bin";
    }
    char path[48];
    std::snprintf(path, sizeof path, "documents/%03d-%02d.", ordinal, index);
    return path + extension;
}

std::string renditionPath(int ordinal) {
    char name[32];
    std::snprintf(name, sizeof name, "renditions/%03d.pdf", ordinal);
    return name;
}

/// How many signatures (and document time-stamps) a PDF carries, read by the verifier in a
/// child process; an unreadable PDF has none.
int signatureCount(const std::string& pdf) {
    const signing::SignatureVerifier verifier;
    const auto result = signing::verifyDocument(pdf, verifier);
    return result.exitCode == 2 ? 0 : static_cast<int>(result.report.signatures.size());
}

} // namespace

std::string_view archiveManifestSchema() {
    return http::embedded::archiveManifestXsd;
}

namespace {

void caseFileElements(std::string& out, const PackageContents& c) {
    const CaseFile& f = c.file;
    out += "  <CaseFile>\n";
    const std::string in = "    ";
    element(out, in, "OrganId", c.organId);
    element(out, in, "OrganName", c.organName);
    element(out, in, "FileCode", f.code);
    element(out, in, "Year", std::to_string(f.year));
    element(out, in, "Title", f.title);
    element(out, in, "Maintenance", f.retention);
    element(out, in, "Rights", f.rights);
    element(out, in, "Creator", c.creator);
    element(out, in, "Language", f.language);
    element(out, in, "StartDate", f.startDate);
    element(out, in, "EndDate", f.endDate);
    element(out, in, "DocTotal", std::to_string(f.docTotal));
    element(out, in, "PageTotal", std::to_string(f.pageTotal));
    element(out, in, "Description", f.description);
    out += "  </CaseFile>\n";
}

void documentElements(std::string& out, const FiledDocument& m, int ordinal) {
    const std::string d = "      ";
    element(out, d, "DocOrdinal", std::to_string(ordinal));
    element(out, d, "Kind", m.kind);
    element(out, d, "TypeName", m.typeName);
    element(out, d, "CodeNumber", m.codeNumber);
    element(out, d, "CodeNotation", m.codeNotation);
    element(out, d, "IssuedDate", m.issuedDate);
    element(out, d, "OrganName", m.organName);
    element(out, d, "Subject", m.subject);
    element(out, d, "Language", m.language);
    element(out, d, "PageAmount", std::to_string(m.pageAmount));
    if (m.issuedAmount > 0) {
        element(out, d, "IssuedAmount", std::to_string(m.issuedAmount));
    }
    if (!m.dueDate.empty()) {
        element(out, d, "DueDate", m.dueDate);
    }
    if (!m.description.empty()) {
        element(out, d, "Description", m.description);
    }
    out += d + "<SignerInfo>\n";
    element(out, d + "  ", "Position", m.signerPosition);
    element(out, d + "  ", "FullName", m.signerName);
    out += d + "</SignerInfo>\n";
    if (!m.extra.empty()) { // the fields the office added (III.7c)
        out += d + "<ExtraMetadata>\n";
        for (const auto& v : m.extra) {
            out += d + "  <Field name=\"" + xmlEscaped(v.name) + "\" type=\"" +
                   metadataTypeName(v.type) + "\">" + xmlEscaped(v.value) + "</Field>\n";
        }
        out += d + "</ExtraMetadata>\n";
    }
}

} // namespace

namespace {

/// What both metadata files hold: the declaration, the root element with its namespace and
/// exportedAt, the case file's elements, then each document's elements in date order followed
/// by what `more` adds for it (the archive package's File line).
std::string
metadataXml(const PackageContents& c, const std::string& root, const char* ns,
            const std::function<void(std::string&, const PackageDocument&, int)>& more = {}) {
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += "<" + root + " xmlns=\"" + ns + "\" version=\"1\" exportedAt=\"" +
           xmlEscaped(c.exportedAt) + "\">\n";
    caseFileElements(out, c);
    out += "  <Documents>\n";
    int ordinal = 0;
    for (const auto& doc : c.documents) {
        ++ordinal;
        out += "    <Document>\n";
        documentElements(out, doc.meta, ordinal);
        if (more) {
            more(out, doc, ordinal);
        }
        out += "    </Document>\n";
    }
    out += "  </Documents>\n</" + root + ">\n";
    return out;
}

} // namespace

std::string caseFileMetadataXml(const PackageContents& c) {
    return metadataXml(c, "CaseFileMetadata", kCaseFileNamespace);
}

std::string archiveManifestXml(const PackageContents& c) {
    return metadataXml(
        c, "ArchivePackage", kArchiveNamespace,
        [](std::string& out, const PackageDocument& doc, int ordinal) {
            out += "      <File path=\"" + pdfPath(ordinal) + "\" size=\"" +
                   std::to_string(doc.pdf.size()) + "\" sha256=\"" + sha256Hex(doc.pdf) +
                   "\" signatures=\"" + std::to_string(signatureCount(doc.pdf)) + "\"/>\n";
            int index = 0;
            for (const auto& file : doc.attachments) {
                out += "      <Attachment path=\"" + attachmentPath(ordinal, ++index, file.name) +
                       "\" name=\"" + xmlEscaped(file.name) + "\" size=\"" +
                       std::to_string(file.bytes.size()) + "\" sha256=\"" + sha256Hex(file.bytes) +
                       "\"/>\n";
            }
            if (!doc.rendition.empty()) {
                out += "      <Rendition path=\"" + renditionPath(ordinal) + "\" format=\"" +
                       kPdfaFormat + "\" size=\"" + std::to_string(doc.rendition.size()) +
                       "\" sha256=\"" + sha256Hex(doc.rendition) + "\"/>\n";
            }
        });
}

std::string writeArchivePackage(const PackageContents& given) {
    if (given.seal == nullptr) {
        throw std::invalid_argument("an archive package needs the office's seal key");
    }
    PackageContents contents = given;
    for (std::size_t i = 0; i < contents.documents.size(); ++i) {
        auto& doc = contents.documents[i];
        if (doc.rendition.empty()) {
            try {
                doc.rendition = pdfaRendition(doc.pdf);
            } catch (const RenditionFailed& e) {
                throw std::runtime_error("Không tạo được bản PDF/A (bản chuyển đổi để lưu trữ) "
                                         "của văn bản thứ " +
                                         std::to_string(i + 1) + ": " + e.what());
            }
        }
    }
    const std::string unsealed = archiveManifestXml(contents);
    try {
        parseManifest(unsealed); // a field too long is named here, before sealing
    } catch (const InvalidManifest& e) {
        throw std::runtime_error("Không xuất được gói nộp lưu: siêu dữ liệu không hợp lệ (" +
                                 std::string(e.what()) + ").");
    }
    const std::string manifest = sealManifest(unsealed, *contents.seal);
    try {
        parseManifest(manifest); // what we write must verify, seal included
    } catch (const InvalidManifest& e) {
        throw std::logic_error("the sealed manifest does not follow the schema: " +
                               std::string(e.what()));
    }
    if (const auto seal = checkManifestSeal(manifest, {}); !seal.ok) {
        throw std::runtime_error("Không đóng dấu được gói nộp lưu: " + seal.problem);
    }
    std::string checksums = sha256Hex(manifest) + "  " + kManifestName + "\n";
    for (std::size_t i = 0; i < contents.documents.size(); ++i) {
        const auto& doc = contents.documents[i];
        const int ordinal = static_cast<int>(i) + 1;
        checksums += sha256Hex(doc.pdf) + "  " + pdfPath(ordinal) + "\n";
        int index = 0;
        for (const auto& file : doc.attachments) {
            checksums +=
                sha256Hex(file.bytes) + "  " + attachmentPath(ordinal, ++index, file.name) + "\n";
        }
        checksums += sha256Hex(doc.rendition) + "  " + renditionPath(ordinal) + "\n";
    }
    std::ostringstream zip;
    Poco::Zip::Compress compress(zip, true);
    const Poco::DateTime when;
    const auto add = [&](const std::string& name, const std::string& bytes) {
        std::istringstream in(bytes);
        compress.addFile(in, when, Poco::Path(name, Poco::Path::PATH_UNIX),
                         Poco::Zip::ZipCommon::CM_STORE);
    };
    add(kManifestName, manifest);
    add(kChecksumsName, checksums);
    for (std::size_t i = 0; i < contents.documents.size(); ++i) {
        const int ordinal = static_cast<int>(i) + 1;
        add(pdfPath(ordinal), contents.documents[i].pdf);
        int index = 0;
        for (const auto& file : contents.documents[i].attachments) {
            add(attachmentPath(ordinal, ++index, file.name), file.bytes);
        }
        add(renditionPath(ordinal), contents.documents[i].rendition);
    }
    compress.close();
    return zip.str();
}

} // namespace vanthu::docmgmt
