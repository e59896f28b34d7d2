#pragma once
// The CSV of a bulk import read and checked, without touching storage or files: the records
// (RFC 4180), the header's columns, and each row's fields as an ImportedDocument or the reason
// it is rejected. BulkImport::run then looks for duplicates, reads each row's PDF and stores it.
// Kept apart so that the whole of the CSV's handling can be fuzzed (fuzz/import_csv.cpp).
#include <optional>
#include <string>
#include <vector>

#include "vanthu/docmgmt/Directory.hpp"
#include "vanthu/docmgmt/ImportedDocument.hpp"

namespace vanthu::docmgmt {

/// The columns of an import CSV, in the order a template lists them ("signer" and
/// "duplicate_reason" may be absent).
const std::vector<std::string>& importColumns();

/// One data row of the CSV, checked.
struct CheckedImportRow {
    int row = 0;      ///< as a spreadsheet numbers it: the header is row 1
    std::string file; ///< the row's file name, trimmed (may be empty or unsafe when rejected)
    std::optional<ImportedDocument> document; ///< its fields, when they are all good
    std::string reason;                       ///< otherwise why it is rejected
};

/// RFC 4180 records: fields separated by commas, quoted fields may hold commas, quotes ("")
/// and line breaks; CRLF or LF line ends; a UTF-8 byte order mark is skipped; blank lines are
/// no records. Throws BadImportFile when a quoted field is not closed.
std::vector<std::vector<std::string>> csvRecords(const std::string& text);

/// The data rows of an import CSV for the office. Throws BadImportFile (naming source, the
/// file's name) when the CSV as a whole cannot be used: empty, an unknown, repeated or missing
/// column, a quoted field not closed.
std::vector<CheckedImportRow> readImportCsv(const std::string& text, Id officeId,
                                            const std::string& source);

} // namespace vanthu::docmgmt
