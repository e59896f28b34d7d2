#include "DemoLetters.hpp"

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>
#include <vector>

#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/BlobStore.hpp"
#include "vanthu/docmgmt/Storage.hpp"
#include "vanthu/templates/DocumentJson.hpp"
#include "vanthu/templates/PdfRenderer.hpp"

namespace vanthu::docmgmt {

namespace fs = std::filesystem;

namespace {

std::string readText(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

/// The local office whose printed name is the letter's issuing body.
std::optional<Office> issuingOffice(const Storage& storage,
                                    const templates::OfficialDocument& letter) {
    for (const auto& office : storage.offices()) {
        if (office.isLocal() && office.name == letter.issuingBodyName()) {
            return office;
        }
    }
    return std::nullopt;
}

/// An unnumbered draft's date has no day: the first of its month stands in.
std::string isoDate(const templates::CalendarDate& date) {
    const auto text = date.iso();
    return date.day ? text : text + "-01";
}

ImportedDocument importedFrom(const templates::OfficialDocument& letter, const Office& office,
                              const fs::path& file) {
    ImportedDocument doc;
    doc.officeId = office.id;
    doc.direction = Direction::Outgoing;
    doc.number = letter.notation.number ? std::to_string(*letter.notation.number) : "";
    doc.notation = letter.notation.code;
    doc.issuedDate = isoDate(letter.date);
    doc.issuer = office.name;
    doc.typeName = letter.type.name;
    doc.subject = letter.subject;
    doc.signer = letter.signer.name;
    doc.sourceFile = file.filename().string();
    return doc;
}

} // namespace

int importDemoLetters(Storage& storage, BlobStore& blobs, AuditTrail& audit, const fs::path& folder,
                      const std::string& importedAt) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder)) {
        if (entry.is_regular_file() && entry.path().extension() == ".json") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    const templates::PdfRenderer renderer;
    int imported = 0;
    for (const auto& file : files) {
        const auto letter = templates::parseDocumentJson(readText(file));
        const auto office = issuingOffice(storage, letter);
        if (!office) {
            continue;
        }
        const auto pdf = renderer.render(letter);
        auto doc = importedFrom(letter, *office, file);
        doc.pages = pdf.pageCount;
        doc.pdfBlob = blobs.put(pdf.bytes);
        doc.importedAt = importedAt;
        doc.id = storage.addImportedDocument(doc);
        audit.record({std::nullopt, "demo", "import", "imported/" + std::to_string(doc.id), "",
                      doc.sourceFile});
        ++imported;
    }
    return imported;
}

} // namespace vanthu::docmgmt
