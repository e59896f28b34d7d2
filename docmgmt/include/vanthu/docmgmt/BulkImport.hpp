#pragma once
// Bulk import for offices moving in (nhập văn bản hàng loạt): a folder of PDFs and a CSV of
// their metadata (docs/archive.md, "Bulk import"). Every accepted row becomes an imported
// document: the PDF in the blob store first, then its row and audit entry ("imported/ID") in one
// transaction, so a bad row loses nothing else and a crash leaves no half-written row. Running
// the same import again reports the rows already there as duplicates.
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "vanthu/docmgmt/Directory.hpp"
#include "vanthu/docmgmt/Faults.hpp"
#include "vanthu/docmgmt/VietnamTime.hpp"

namespace vanthu::docmgmt {

class AuditTrail;
class BlobStore;
class Storage;

/// The CSV cannot be used at all (unreadable, no header, a missing or unknown column).
class BadImportFile : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ImportRow {
    enum class Outcome { Imported, Duplicate, Rejected };
    int row = 0;      ///< as a spreadsheet numbers it: the header is row 1
    std::string file; ///< the row's file name
    Outcome outcome = Outcome::Rejected;
    std::string reason; ///< why it was not imported
    std::optional<Id> id;
};

struct ImportReport {
    std::vector<ImportRow> rows;
    int imported = 0, duplicates = 0, rejected = 0;
    /// The rows not imported (duplicates and rejected) as CSV: row,file,outcome,reason.
    std::string notImportedCsv() const;
};

/// Who imports: a user of the office (audit entries name them), or nobody ("import").
struct ImportActor {
    std::optional<Id> userId;
    std::string username = "import";
    std::string address;
};

class BulkImport {
public:
    /// done of total rows handled so far (called after each row).
    using Progress = std::function<void(int done, int total)>;

    /// Fault point for tests: "import:row" (row inserted, audit entry not yet written).
    BulkImport(Storage& storage, BlobStore& blobs, AuditTrail& audit, Clock clock = systemClock(),
               FaultInjector* faults = nullptr);

    /// Imports the CSV's rows for the office; files are looked up in folder. Throws
    /// BadImportFile when the CSV as a whole cannot be used.
    ImportReport run(const Office& office, const std::filesystem::path& csv,
                     const std::filesystem::path& folder, const ImportActor& actor = {},
                     const Progress& progress = {});

    /// The columns of the CSV, in the order a template lists them.
    static const std::vector<std::string>& columns();

private:
    Storage& storage_;
    BlobStore& blobs_;
    AuditTrail& audit_;
    Clock clock_;
    FaultInjector* faults_;
};

} // namespace vanthu::docmgmt
