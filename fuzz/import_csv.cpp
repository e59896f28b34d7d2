// libFuzzer target: the CSV of a bulk import, everything done with it before files and storage
// (docmgmt::readImportCsv: the RFC 4180 records, the header's columns, each row's fields, dates
// and file name checked, as docmgmt::BulkImport::run and `vanthu import` use it). BadImportFile
// is the expected answer to a CSV that cannot be used; anything else escaping, a crash or a
// sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "ImportCsv.hpp"
#include "vanthu/docmgmt/BulkImport.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        (void)vanthu::docmgmt::readImportCsv(text, 1, "import.csv");
    } catch (const vanthu::docmgmt::BadImportFile&) {
    }
    return 0;
}
