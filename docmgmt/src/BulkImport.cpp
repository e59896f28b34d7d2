#include "vanthu/docmgmt/BulkImport.hpp"
#include "vanthu/docmgmt/FieldLimits.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

#include "Csv.hpp"
#include "Duplicates.hpp"
#include "ImportCsv.hpp"
#include "PdfPages.hpp"
#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/BlobStore.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/ImportedDocument.hpp"
#include "vanthu/docmgmt/Storage.hpp"

namespace vanthu::docmgmt {

namespace {

namespace fs = std::filesystem;

/// Why a row is not imported, as one sentence.
struct RowError {
    std::string reason;
};

constexpr std::uintmax_t kMaxPdfBytes = 256ULL * 1024 * 1024;

std::string readPdf(const fs::path& path, const std::string& name) {
    std::error_code error;
    if (!fs::is_regular_file(path, error)) {
        throw RowError{"missing file " + name};
    }
    if (fs::file_size(path, error) > kMaxPdfBytes) {
        throw RowError{"the file " + name + " is larger than 256 MB"};
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw RowError{"cannot read the file " + name};
    }
    return std::string(std::istreambuf_iterator<char>(in), {});
}

} // namespace

const std::vector<std::string>& BulkImport::columns() {
    return importColumns();
}

std::string ImportReport::notImportedCsv() const {
    std::string out = "row,file,outcome,reason\r\n";
    for (const auto& row : rows) {
        if (row.outcome == ImportRow::Outcome::Imported) {
            continue;
        }
        out += std::to_string(row.row) + "," + csv::field(row.file) + "," +
               (row.outcome == ImportRow::Outcome::Duplicate ? "duplicate" : "rejected") + "," +
               csv::field(row.reason) + "\r\n";
    }
    return out;
}

BulkImport::BulkImport(Storage& storage, BlobStore& blobs, AuditTrail& audit, Clock clock,
                       FaultInjector* faults)
    : storage_(storage), blobs_(blobs), audit_(audit), clock_(std::move(clock)), faults_(faults) {
    if (!clock_) {
        clock_ = systemClock();
    }
}

ImportReport BulkImport::run(const Office& office, const fs::path& csv, const fs::path& folder,
                             const ImportActor& actor, const Progress& progress) {
    std::ifstream in(csv, std::ios::binary);
    if (!in) {
        throw BadImportFile("cannot read " + csv.string());
    }
    // An incoming row that looks like an entry of the incoming register (docs/incoming.md,
    // "Duplicates"); imported rows are compared with each other above.
    const auto incomingEntry = [&](const ImportedDocument& doc) -> std::optional<EarlierEntry> {
        if (doc.direction != Direction::Incoming) {
            return std::nullopt;
        }
        return findEarlierEntry(storage_, office.id, identityOf(doc),
                                {.before = std::nullopt, .includeImported = false});
    };
    const auto rows =
        readImportCsv(std::string(std::istreambuf_iterator<char>(in), {}), office.id, csv.string());

    ImportReport report;
    const int total = static_cast<int>(rows.size());
    for (int index = 1; index <= total; ++index) {
        const auto& checked = rows[static_cast<std::size_t>(index - 1)];
        ImportRow row;
        row.row = checked.row;
        row.file = checked.file;
        try {
            if (!checked.document) {
                throw RowError{checked.reason};
            }
            ImportedDocument doc = *checked.document;
            const int year = std::stoi(doc.issuedDate.substr(0, 4));
            if (const auto existing = storage_.findImportedDuplicate(office.id, year, doc.number,
                                                                     doc.notation, doc.issuer)) {
                row.outcome = ImportRow::Outcome::Duplicate;
                row.id = existing->id;
                row.reason = "duplicate number + notation + issuer: already imported as "
                             "imported/" +
                             std::to_string(existing->id);
            } else if (const auto earlier = incomingEntry(doc);
                       earlier && doc.duplicateReason.empty()) {
                row.outcome = ImportRow::Outcome::Duplicate;
                row.reason = "looks like incoming/" + std::to_string(earlier->id) +
                             (earlier->arrivalNumber
                                  ? " (số đến " + std::to_string(*earlier->arrivalNumber) +
                                        ", ngày đến " + earlier->arrivalDate + ")"
                                  : std::string(" (not registered yet)")) +
                             ": same " +
                             (earlier->match == kMatchIdentifier ? "identifier"
                                                                 : "issuer + number + notation") +
                             "; give a duplicate_reason to import it all the same";
            } else {
                if (earlier) {
                    doc.duplicateOf = "incoming/" + std::to_string(earlier->id);
                }
                const std::string pdf = readPdf(folder / doc.sourceFile, doc.sourceFile);
                try {
                    doc.pages = pdfPageCount(pdf);
                } catch (const NotAPdf& e) {
                    throw RowError{doc.sourceFile + " is not a PDF: " + e.what()};
                }
                if (doc.pages > static_cast<int>(limits::kPageAmount.max)) { // PageAmount, N3
                    throw RowError{doc.sourceFile + ": " + limits::kPageAmount.label + " " +
                                   std::to_string(doc.pages) + " vượt giới hạn " +
                                   std::to_string(limits::kPageAmount.max) + " của gói nộp lưu"};
                }
                doc.pdfBlob = blobs_.put(pdf); // on disk before the row that names it
                doc.importedBy = actor.userId.value_or(0);
                doc.importedAt = vietnamTimestamp(clock_());
                storage_.transaction([&] {
                    doc.id = storage_.addImportedDocument(doc);
                    faultPoint(faults_, "import:row");
                    audit_.record({actor.userId, actor.username, "import",
                                   "imported/" + std::to_string(doc.id), actor.address,
                                   "Số " + doc.number + "/" + doc.notation + " ngày " +
                                       doc.issuedDate + ", " + doc.issuer + " (" + doc.sourceFile +
                                       ")" +
                                       (doc.duplicateOf.empty()
                                            ? std::string()
                                            : "; có thể trùng " + doc.duplicateOf +
                                                  "; lý do vẫn nhập: " + doc.duplicateReason)});
                });
                row.outcome = ImportRow::Outcome::Imported;
                row.id = doc.id;
            }
        } catch (const RowError& e) {
            row.outcome = ImportRow::Outcome::Rejected;
            row.reason = e.reason;
        } catch (const Conflict& e) {
            row.outcome = ImportRow::Outcome::Duplicate;
            row.reason = e.what();
        }
        switch (row.outcome) {
        case ImportRow::Outcome::Imported:
            ++report.imported;
            break;
        case ImportRow::Outcome::Duplicate:
            ++report.duplicates;
            break;
        case ImportRow::Outcome::Rejected:
            ++report.rejected;
            break;
        }
        report.rows.push_back(std::move(row));
        if (progress) {
            progress(index, total);
        }
    }
    return report;
}

} // namespace vanthu::docmgmt
