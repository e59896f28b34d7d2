#pragma once
// Backup and restore of an installation's data folder (Nghị định 30/2020 Phụ lục VI III.5g:
// periodic and ad-hoc backup, and restore). A backup is one ZIP file:
//   backup.json          what it holds: format, time, counts, each file's SHA-256
//   vanthu.db            the database, copied with SQLite's own online backup API (one read
//                        transaction: a consistent snapshot while a server keeps writing)
//   blobs/ab/abcd…       every blob the snapshot refers to (named by their SHA-256)
//   files/…              the rest of the data folder: keys and certificates (pki/), settings
// The search index is not copied: the restored installation rebuilds it from the audit trail.
// A restore writes into a new folder beside the target and renames it into place only after
// the check (audit chain, every blob's hash, counts, files' hashes) has passed.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace vanthu::docmgmt {

/// A backup that cannot be written or read (I/O, a damaged or foreign file, a bad target).
class BackupError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Where a backup or restore is: stage (Vietnamese, for a progress line), done of total.
struct BackupProgress {
    std::string stage;
    std::uint64_t done = 0;
    std::uint64_t total = 0;
};
using ProgressReport = std::function<void(const BackupProgress&)>;

/// What a backup holds (backup.json).
struct BackupContents {
    std::string createdAt;         ///< UTC, ISO 8601
    std::int64_t auditEntries = 0; ///< entries of the audit trail in the snapshot
    std::size_t blobs = 0;         ///< blobs the snapshot refers to
    std::size_t files = 0;         ///< other files of the data folder (keys, settings)
    std::uint64_t bytes = 0;       ///< of all of them, uncompressed
};

/// Writes a backup of the installation in dataDir to output (written beside it, synced, then
/// renamed: an interrupted backup leaves no file). Safe while a server runs on dataDir.
/// Throws BackupError.
BackupContents writeBackup(const std::filesystem::path& dataDir,
                           const std::filesystem::path& output,
                           const ProgressReport& progress = {});

/// The check of a restored installation.
struct RestoreCheck {
    BackupContents expected;       ///< what backup.json says
    std::int64_t auditEntries = 0; ///< entries found, chain checked
    bool auditIntact = false;
    std::size_t blobsChecked = 0;      ///< blobs whose bytes match their name
    std::size_t filesChecked = 0;      ///< files whose SHA-256 matches backup.json
    std::vector<std::string> problems; ///< one line each; empty when the restore is sound
    bool ok() const { return problems.empty(); }
};

/// Restores backupFile into newDataDir, which must not exist or be empty, and checks it. When
/// the check finds a problem nothing is left at newDataDir (the problems are returned).
/// Throws BackupError when the file cannot be read or the target cannot be written.
RestoreCheck restoreBackup(const std::filesystem::path& backupFile,
                           const std::filesystem::path& newDataDir,
                           const ProgressReport& progress = {});

} // namespace vanthu::docmgmt
