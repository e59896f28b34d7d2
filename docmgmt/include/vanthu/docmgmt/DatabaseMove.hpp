#pragma once
// Moving an office from one machine's SQLite file to PostgreSQL (issue 17 item 3,
// `vanthu migrate --from DIR --to CONNINFO`). Every table of DIR/vanthu.db is copied row for row
// (the same ids, the same order) into a fresh PostgreSQL database whose schema the same
// migrations made, in one transaction; every blob the records refer to is copied from DIR/blobs
// into the database's blob table. Then the copy is checked: each table's row count, every blob
// read back against its SHA-256 name, the audit trail's hash chain walked in PostgreSQL and its
// length compared with the file's. Only when every check passes is the folder switched: it names
// the database in DIR/database and keeps the old file and blobs beside it as
// vanthu.db.before-postgresql and blobs.before-postgresql (a way back). The server must be
// stopped while it runs.
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "vanthu/docmgmt/Backup.hpp"

namespace vanthu::docmgmt {

/// A move that cannot start or cannot be written: the folder is not a SQLite installation, the
/// target database already holds a vanthu schema or cannot be reached, a table does not fit.
/// One Vietnamese sentence; the folder is unchanged.
class DatabaseMoveError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// One table as found in the file and in the database after the copy.
struct MovedTable {
    std::string name;
    std::int64_t sourceRows = 0;
    std::int64_t targetRows = 0;
};

/// What was moved and what the check found.
struct DatabaseMoveCheck {
    std::vector<MovedTable> tables;
    std::size_t blobs = 0;              ///< blobs the records refer to
    std::size_t blobsChecked = 0;       ///< read back from PostgreSQL with a matching SHA-256
    std::int64_t auditEntries = 0;      ///< entries of the file's trail
    std::int64_t auditEntriesMoved = 0; ///< entries walked in PostgreSQL
    bool auditIntact = false;           ///< the chain in PostgreSQL verifies
    std::vector<std::string> problems;  ///< one Vietnamese line each; empty when sound
    bool switched = false;              ///< the folder now names the database
    bool ok() const { return problems.empty(); }
};

/// Copies the SQLite installation in dataDir into the PostgreSQL database `connection` (libpq
/// connection string; the database, or the schema its search_path names, must hold no vanthu
/// schema yet), checks the copy and, when sound, switches the folder to it. When the check finds
/// a problem the folder is left as it was and the problems are returned (the database then holds
/// the copy that failed: drop it before trying again). Throws DatabaseMoveError.
DatabaseMoveCheck moveToPostgres(const std::filesystem::path& dataDir,
                                 const std::string& connection,
                                 const ProgressReport& progress = {});

} // namespace vanthu::docmgmt
