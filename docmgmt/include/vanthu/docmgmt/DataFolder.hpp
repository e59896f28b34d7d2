#pragma once
// The data folder (database, blobs, search index, keys) is readable by the user that runs
// vanthu only: secret letters and signing keys are in it (issue 19).
#include <filesystem>

namespace vanthu::docmgmt {

/// Makes the data folder private before anything is written to it: the process's umask becomes
/// 077 (every file created from now on is 0600, every folder 0700, whoever creates it: SQLite,
/// Xapian, the blob store, the demo PKI), the folder is created when missing and set to 0700,
/// and what an older vanthu left readable at its top (the folders in it, the database with its
/// WAL and SHM, the key files) is set to 0700/0600. Every verb that opens a data folder calls it
/// first. Throws std::filesystem::filesystem_error when the folder cannot be made or changed.
void makeDataFolderPrivate(const std::filesystem::path& dir);

} // namespace vanthu::docmgmt
