#include "vanthu/docmgmt/DataFolder.hpp"

#include <sys/stat.h>

#include "vanthu/docmgmt/BlobStore.hpp"

namespace vanthu::docmgmt {

namespace fs = std::filesystem;

namespace {

constexpr auto kFolder = fs::perms::owner_all;
constexpr auto kFile = fs::perms::owner_read | fs::perms::owner_write;

/// Folders 0700, regular files 0600 (symbolic links are left alone: not followed).
void restrict(const fs::directory_entry& entry) {
    const auto status = entry.symlink_status();
    if (fs::is_directory(status)) {
        fs::permissions(entry.path(), kFolder, fs::perm_options::replace);
    } else if (fs::is_regular_file(status)) {
        fs::permissions(entry.path(), kFile, fs::perm_options::replace);
    }
}

} // namespace

void makeDataFolderPrivate(const fs::path& dir) {
    ::umask(077);
    fs::create_directories(dir);
    fs::permissions(dir, kFolder, fs::perm_options::replace);
    for (const auto& entry : fs::directory_iterator(dir)) {
        restrict(entry);
        // One level down: the key files of the PKI folder, the search index's tables. The blobs'
        // own files stay as they are: their folder (0700) already closes them.
        if (entry.is_directory() && !entry.is_symlink() &&
            entry.path() != BlobStore::folderIn(dir)) {
            for (const auto& inner : fs::directory_iterator(entry.path())) {
                restrict(inner);
            }
        }
    }
}

} // namespace vanthu::docmgmt
