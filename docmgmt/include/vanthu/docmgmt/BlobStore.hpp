#pragma once
// Content-addressed files (PDF revisions, attachments) under DIR/blobs/ab/cdef…, named by the
// hex SHA-256 of their bytes. put() returns only when the file and its folder entry are on disk
// (temporary file, fsync, rename, fsync of the folder), so a row that points to a blob is
// committed after the blob exists. A blob without a row (a crash between the two) is harmless.
// On PostgreSQL (issue 17) the blobs are rows of the table vanthu_blobs instead, written on a
// connection of their own that commits each one before the row that names it, so that one
// database backup and one replication cover everything and every server sees every blob.
#include <filesystem>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>

#include "vanthu/docmgmt/Faults.hpp"

namespace vanthu::docmgmt {

struct PostgresDatabase;

/// A blob whose bytes no longer match its name, or that is missing.
class CorruptBlob : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class BlobStore {
public:
    /// dir: the blobs folder (created if missing). Fault points: "blob:written" (temporary file
    /// synced, not yet renamed), "blob:renamed".
    explicit BlobStore(std::filesystem::path dir, FaultInjector* faults = nullptr);
    /// The blobs in the PostgreSQL database's table vanthu_blobs (made when missing). Throws
    /// std::runtime_error when the database cannot be reached. Fault points: "blob:written"
    /// (before the row is stored), "blob:renamed" (after it is committed).
    explicit BlobStore(const PostgresDatabase& database, FaultInjector* faults = nullptr);
    ~BlobStore();
    BlobStore(BlobStore&&) noexcept;
    BlobStore& operator=(BlobStore&&) noexcept;

    /// True when the blobs are in PostgreSQL: there are no files (pathOf and dir are then
    /// meaningless; backups go through the database's own tools).
    bool inDatabase() const { return table_ != nullptr; }

    /// DIR/blobs for a data folder.
    static std::filesystem::path folderIn(const std::filesystem::path& dataDir);

    /// Stores bytes durably; returns their name (64 hex digits). Storing the same bytes again
    /// is a no-op. Throws std::runtime_error when the disk refuses.
    std::string put(std::string_view bytes);
    /// The bytes, checked against the name. Throws CorruptBlob (missing or altered), or
    /// std::invalid_argument for a malformed name.
    std::string get(const std::string& name) const;
    bool contains(const std::string& name) const;
    std::filesystem::path pathOf(const std::string& name) const;
    static bool isValidName(std::string_view name);

    /// Removes one blob (a recalled copy's content, once no row points to it); false when it
    /// was not there. Throws std::invalid_argument for a malformed name.
    bool remove(const std::string& name);

    /// Removes temporary files a crash left behind and blobs no row points to; returns how many
    /// files were removed. Call it when nothing else writes (at start-up). In PostgreSQL, where
    /// other servers may be writing, only blobs stored over an hour ago are removed.
    std::size_t collectGarbage(const std::set<std::string>& referenced);

    const std::filesystem::path& dir() const { return dir_; }

private:
    class Table;

    std::filesystem::path dir_;
    FaultInjector* faults_;
    std::unique_ptr<Table> table_; ///< set on PostgreSQL
};

} // namespace vanthu::docmgmt
