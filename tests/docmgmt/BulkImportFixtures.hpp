#pragma once
// A small folder for bulk-import tests: two rendered seed letters, a broken PDF, a text file and
// metadata.csv with good and bad rows (also used by the server's CLI tests).
#include <filesystem>

namespace vanthu::test {

/// Fills folder; metadata.csv rows: 2 and 3 good, 4 bad date, 5 missing file, 6 broken PDF,
/// 7 duplicate of row 2, 8 not a PDF, 9 a file outside the folder.
void importFolder(const std::filesystem::path& folder);

} // namespace vanthu::test
