#include "vanthu/docmgmt/Backup.hpp"

#include "vanthu/docmgmt/Installation.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <Poco/DateTime.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Path.h>
#include <Poco/Zip/Compress.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/BlobStore.hpp"
#include "vanthu/docmgmt/SqlStorage.hpp"

namespace vanthu::docmgmt {

namespace fs = std::filesystem;

namespace {

constexpr const char* kFormat = "vanthu-backup";
constexpr int kVersion = 1;
constexpr const char* kManifestName = "backup.json";
constexpr const char* kDatabaseName = "vanthu.db";
constexpr const char* kFilesPrefix = "files/";
constexpr const char* kBlobsPrefix = "blobs/";
/// Entries above this size are written in ZIP64 form (the classic form stops at 4 GiB).
constexpr std::uint64_t kZip64Above = 3ULL << 30;
constexpr std::uint64_t kMaxManifestBytes = 64ULL << 20;

// RAII for the SQLite and OpenSSL handles used here.
struct SqliteClose {
    void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteClose>;
struct BackupFinish {
    void operator()(sqlite3_backup* backup) const { sqlite3_backup_finish(backup); }
};
struct DigestFree {
    void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};

/// The hex SHA-256 of a file, read in pieces (the database may be gigabytes).
std::string sha256OfFile(const fs::path& file) {
    std::unique_ptr<EVP_MD_CTX, DigestFree> context(EVP_MD_CTX_new());
    std::ifstream in(file, std::ios::binary);
    if (!context || !in || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1) {
        throw BackupError("không đọc được " + file.string());
    }
    std::array<char, 1 << 16> buffer{};
    while (in.read(buffer.data(), buffer.size()) || in.gcount() > 0) {
        EVP_DigestUpdate(context.get(), buffer.data(), static_cast<std::size_t>(in.gcount()));
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(context.get(), digest, &length);
    static const char* hex = "0123456789abcdef";
    std::string text;
    for (unsigned int i = 0; i < length; ++i) {
        text += hex[digest[i] >> 4];
        text += hex[digest[i] & 15];
    }
    return text;
}

SqliteHandle openSqlite(const fs::path& file, int flags) {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
    SqliteHandle db(raw);
    if (rc != SQLITE_OK) {
        throw BackupError("không mở được cơ sở dữ liệu " + file.string() + ": " +
                          (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
    }
    sqlite3_busy_timeout(db.get(), 10000);
    return db;
}

/// The database as it is in one read transaction, into target: SQLite's online backup API,
/// which a running server's writes (WAL) do not disturb.
void snapshotDatabase(const fs::path& source, const fs::path& target) {
    if (!fs::is_regular_file(source)) {
        throw BackupError(source.parent_path().string() +
                          " không phải thư mục dữ liệu của vanthu (không có " + kDatabaseName +
                          ")");
    }
    auto from = openSqlite(source, SQLITE_OPEN_READWRITE);
    auto to = openSqlite(target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    std::unique_ptr<sqlite3_backup, BackupFinish> backup(
        sqlite3_backup_init(to.get(), "main", from.get(), "main"));
    if (!backup) {
        throw BackupError(std::string("không sao lưu được cơ sở dữ liệu: ") +
                          sqlite3_errmsg(to.get()));
    }
    int rc = SQLITE_OK;
    for (int attempt = 0; attempt < 200; ++attempt) {
        rc = sqlite3_backup_step(backup.get(), -1); // all pages in one read transaction
        if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) {
            break;
        }
        sqlite3_sleep(50);
    }
    backup.reset();
    if (rc != SQLITE_DONE) {
        throw BackupError(std::string("không sao lưu được cơ sở dữ liệu: ") + sqlite3_errstr(rc));
    }
    // A snapshot in one file: no WAL beside it.
    char* error = nullptr;
    if (sqlite3_exec(to.get(), "PRAGMA journal_mode = DELETE", nullptr, nullptr, &error) !=
        SQLITE_OK) {
        std::string message = error ? error : "?";
        sqlite3_free(error);
        throw BackupError("không sao lưu được cơ sở dữ liệu: " + message);
    }
}

/// Files of the data folder that a backup carries besides the database and the blobs: keys,
/// certificates, settings. The database and its WAL, the blobs, the search index (rebuilt on
/// restore) and temporary files are not among them.
std::vector<fs::path> otherFiles(const fs::path& dataDir) {
    static const std::set<std::string> skippedTop = {"blobs", "search"};
    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator(dataDir); it != fs::end(it); ++it) {
        const auto relative = fs::relative(it->path(), dataDir);
        const std::string top = relative.begin()->string();
        const bool ownScratch = top.front() == '.' && (top.find(".staging-") != std::string::npos ||
                                                       top.find(".partial-") != std::string::npos);
        if (it.depth() == 0 &&
            (skippedTop.count(top) || top.rfind(kDatabaseName, 0) == 0 || ownScratch)) {
            if (it->is_directory()) {
                it.disable_recursion_pending();
            }
            continue;
        }
        if (it->is_regular_file() && !it->is_symlink() &&
            relative.filename().string().find(".tmp") == std::string::npos) {
            files.push_back(relative);
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string nowUtc() {
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
    std::time_t time = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&time, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

/// A ZIP file written entry by entry from files on disk.
class ZipWriter {
public:
    explicit ZipWriter(const fs::path& file, bool zip64)
        : out_(file, std::ios::binary | std::ios::trunc), zip_(out_, true, zip64) {
        if (!out_) {
            throw BackupError("không ghi được " + file.string());
        }
    }

    void addFile(const fs::path& source, const std::string& name, bool compress) {
        std::ifstream in(source, std::ios::binary);
        if (!in) {
            throw BackupError("không đọc được " + source.string());
        }
        zip_.addFile(in, Poco::DateTime(), Poco::Path(name, Poco::Path::PATH_UNIX),
                     compress ? Poco::Zip::ZipCommon::CM_DEFLATE : Poco::Zip::ZipCommon::CM_STORE,
                     Poco::Zip::ZipCommon::CL_SUPERFAST);
    }

    void addText(const std::string& text, const std::string& name) {
        std::istringstream in(text);
        zip_.addFile(in, Poco::DateTime(), Poco::Path(name, Poco::Path::PATH_UNIX),
                     Poco::Zip::ZipCommon::CM_DEFLATE, Poco::Zip::ZipCommon::CL_NORMAL);
    }

    void close() {
        zip_.close();
        out_.flush();
        if (!out_) {
            throw BackupError("không ghi hết được tệp sao lưu (đĩa đầy?)");
        }
        out_.close();
    }

private:
    std::ofstream out_;
    Poco::Zip::Compress zip_;
};

void syncFile(const fs::path& file) {
    const int fd = ::open(file.c_str(), O_RDONLY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

/// A folder removed when the scope ends, unless kept.
class ScratchFolder {
public:
    explicit ScratchFolder(fs::path path) : path_(std::move(path)) {
        fs::create_directories(path_);
        fs::permissions(path_, fs::perms::owner_all);
    }
    ~ScratchFolder() {
        if (!kept_) {
            std::error_code ignored;
            fs::remove_all(path_, ignored);
        }
    }
    ScratchFolder(const ScratchFolder&) = delete;
    ScratchFolder& operator=(const ScratchFolder&) = delete;
    const fs::path& path() const { return path_; }
    void keep() { kept_ = true; }

private:
    fs::path path_;
    bool kept_ = false;
};

fs::path besideWithSuffix(const fs::path& file, const std::string& suffix) {
    return file.parent_path() /
           ("." + file.filename().string() + suffix + "-" + std::to_string(::getpid()));
}

void report(const ProgressReport& progress, const std::string& stage, std::uint64_t done,
            std::uint64_t total) {
    if (progress) {
        progress({stage, done, total});
    }
}

/// A name inside a backup: letters, digits, ".", "-", "_" and "/" between parts, no "." or
/// ".." part, not absolute.
bool safeEntryName(const std::string& name) {
    if (name.empty() || name.size() > 512 || name.front() == '/') {
        return false;
    }
    std::string part;
    for (std::size_t i = 0; i <= name.size(); ++i) {
        const char c = i < name.size() ? name[i] : '/';
        if (c == '/') {
            if (part.empty() || part == "." || part == "..") {
                return false;
            }
            part.clear();
        } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ||
                   c == '_') {
            part += c;
        } else {
            return false;
        }
    }
    return true;
}

} // namespace

BackupContents writeBackup(const fs::path& dataDir, const fs::path& output,
                           const ProgressReport& progress) {
    if (Installation::postgresDatabaseOf(dataDir)) {
        throw BackupError("Cài đặt này lưu hồ sơ trong PostgreSQL (tệp " +
                          Installation::databasePointerIn(dataDir).string() +
                          "): sao lưu bằng pg_dump hoặc pg_basebackup, cùng thư mục pki/ "
                          "(docs/deployment.md).");
    }
    BackupContents contents;
    contents.createdAt = nowUtc();
    const fs::path target = fs::absolute(output);
    ScratchFolder scratch(besideWithSuffix(target, ".staging"));

    report(progress, "cơ sở dữ liệu", 0, 1);
    const fs::path snapshot = scratch.path() / kDatabaseName;
    snapshotDatabase(SqlStorage::databaseFileIn(dataDir), snapshot);
    report(progress, "cơ sở dữ liệu", 1, 1);

    std::vector<std::string> blobNames;
    {
        SqlOptions options;
        options.migrate = false;
        SqlStorage storage(snapshot, options);
        contents.auditEntries = AuditTrail(storage).verify().entries;
        blobNames = storage.referencedBlobs();
    }
    std::sort(blobNames.begin(), blobNames.end());
    blobNames.erase(std::unique(blobNames.begin(), blobNames.end()), blobNames.end());
    const BlobStore blobs(BlobStore::folderIn(dataDir));
    const auto files = otherFiles(dataDir);

    std::uint64_t total = fs::file_size(snapshot);
    for (const auto& name : blobNames) {
        if (!blobs.contains(name)) {
            throw BackupError("thiếu tệp " + name +
                              " mà cơ sở dữ liệu trỏ tới: dữ liệu đã hỏng, "
                              "hãy kiểm tra trước khi sao lưu");
        }
        total += fs::file_size(blobs.pathOf(name));
    }
    for (const auto& file : files) {
        total += fs::file_size(dataDir / file);
    }
    contents.bytes = total;
    contents.blobs = blobNames.size();
    contents.files = files.size();

    Poco::JSON::Object manifest;
    manifest.set("format", kFormat);
    manifest.set("version", kVersion);
    manifest.set("createdAt", contents.createdAt);
    manifest.set("auditEntries", contents.auditEntries);
    manifest.set("blobs", static_cast<Poco::UInt64>(contents.blobs));
    manifest.set("bytes", static_cast<Poco::UInt64>(contents.bytes));
    manifest.set("database", sha256OfFile(snapshot));
    Poco::JSON::Array fileList;

    const fs::path partial = besideWithSuffix(target, ".partial");
    try {
        ZipWriter zip(partial, total > kZip64Above);
        std::uint64_t done = 0;
        zip.addFile(snapshot, kDatabaseName, true);
        done += fs::file_size(snapshot);
        report(progress, "tệp văn bản", done, total);
        for (const auto& name : blobNames) {
            const auto path = blobs.pathOf(name);
            zip.addFile(path, kBlobsPrefix + fs::relative(path, blobs.dir()).generic_string(),
                        false); // PDFs: compressed already
            done += fs::file_size(path);
            report(progress, "tệp văn bản", done, total);
        }
        for (const auto& file : files) {
            const std::string name = kFilesPrefix + file.generic_string();
            if (!safeEntryName(name)) {
                throw BackupError("tên tệp không sao lưu được: " + file.string());
            }
            Poco::JSON::Object entry;
            entry.set("name", name);
            entry.set("sha256", sha256OfFile(dataDir / file));
            fileList.add(entry);
            zip.addFile(dataDir / file, name, true);
            done += fs::file_size(dataDir / file);
            report(progress, "khóa và cấu hình", done, total);
        }
        manifest.set("files", fileList);
        std::ostringstream json;
        manifest.stringify(json, 2);
        zip.addText(json.str(), kManifestName);
        zip.close();
        fs::permissions(partial, fs::perms::owner_read | fs::perms::owner_write);
        syncFile(partial);
        fs::rename(partial, target);
        syncFile(target.parent_path());
    } catch (const Poco::Exception& e) {
        std::error_code ignored;
        fs::remove(partial, ignored);
        throw BackupError("không ghi được tệp sao lưu: " + e.displayText());
    } catch (...) {
        std::error_code ignored;
        fs::remove(partial, ignored);
        throw;
    }
    return contents;
}

namespace {

BackupContents readManifest(const std::string& json, Poco::JSON::Object::Ptr& object) {
    try {
        object = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception& e) {
        throw BackupError("backup.json hỏng: " + e.displayText());
    }
    if (object->optValue<std::string>("format", "") != kFormat) {
        throw BackupError("đây không phải tệp sao lưu của vanthu");
    }
    if (object->optValue<int>("version", 0) != kVersion) {
        throw BackupError("tệp sao lưu có phiên bản " +
                          std::to_string(object->optValue<int>("version", 0)) +
                          ", bản vanthu này chỉ đọc phiên bản " + std::to_string(kVersion));
    }
    BackupContents contents;
    contents.createdAt = object->optValue<std::string>("createdAt", "");
    contents.auditEntries = object->optValue<Poco::Int64>("auditEntries", -1);
    contents.blobs = object->optValue<Poco::UInt64>("blobs", 0);
    contents.bytes = object->optValue<Poco::UInt64>("bytes", 0);
    const auto files = object->getArray("files");
    contents.files = files ? files->size() : 0;
    return contents;
}

/// Copies one ZIP entry to a file, refusing more bytes than the header says.
void extractEntry(std::istream& in, const Poco::Zip::ZipLocalFileHeader& header,
                  const fs::path& target) {
    fs::create_directories(target.parent_path());
    std::ofstream out(target, std::ios::binary | std::ios::trunc);
    if (!out) {
        throw BackupError("không ghi được " + target.string());
    }
    Poco::Zip::ZipInputStream entry(in, header, true);
    std::array<char, 1 << 16> buffer{};
    std::uint64_t written = 0;
    while (entry.read(buffer.data(), buffer.size()) || entry.gcount() > 0) {
        written += static_cast<std::uint64_t>(entry.gcount());
        if (written > header.getUncompressedSize()) {
            throw BackupError(header.getFileName() + " dài hơn điều tệp sao lưu ghi");
        }
        out.write(buffer.data(), entry.gcount());
    }
    out.close();
    if (!out) {
        throw BackupError("không ghi được " + target.string() + " (đĩa đầy?)");
    }
    fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write);
}

bool isEmptyOrMissing(const fs::path& dir) {
    return !fs::exists(dir) || (fs::is_directory(dir) && fs::is_empty(dir));
}

} // namespace

RestoreCheck restoreBackup(const fs::path& backupFile, const fs::path& newDataDir,
                           const ProgressReport& progress) {
    const fs::path target = fs::absolute(newDataDir);
    if (!isEmptyOrMissing(target)) {
        throw BackupError(target.string() + " đã có dữ liệu: hãy khôi phục vào một thư mục mới");
    }
    std::ifstream in(backupFile, std::ios::binary);
    if (!in) {
        throw BackupError("không đọc được " + backupFile.string());
    }
    char magic[4] = {};
    in.read(magic, 4);
    if (std::string(magic, 4) != std::string("PK\x03\x04", 4)) {
        throw BackupError(backupFile.string() +
                          " không phải tệp sao lưu của vanthu (không phải ZIP)");
    }
    in.seekg(0);

    fs::create_directories(target.parent_path());
    ScratchFolder staging(besideWithSuffix(target, ".restoring"));
    RestoreCheck check;
    Poco::JSON::Object::Ptr manifest;
    std::set<std::string> blobsRestored;
    try {
        const Poco::Zip::ZipArchive archive(in);
        std::uint64_t total = 0;
        for (auto it = archive.headerBegin(); it != archive.headerEnd(); ++it) {
            total += it->second.getUncompressedSize();
        }
        std::uint64_t done = 0;
        for (auto it = archive.headerBegin(); it != archive.headerEnd(); ++it) {
            const auto& header = it->second;
            const std::string& name = header.getFileName();
            if (header.isDirectory()) {
                continue;
            }
            if (!safeEntryName(name)) {
                throw BackupError("tệp sao lưu chứa một tên không an toàn: \"" + name + "\"");
            }
            fs::path destination;
            if (name == kManifestName) {
                if (header.getUncompressedSize() > kMaxManifestBytes) {
                    throw BackupError("backup.json quá lớn");
                }
                destination = staging.path() / ".backup.json";
            } else if (name == kDatabaseName) {
                destination = staging.path() / kDatabaseName;
            } else if (name.rfind(kBlobsPrefix, 0) == 0) {
                // blobs/ab/cdef…: the folder is the name's first two digits (BlobStore).
                const std::string relative = name.substr(std::string(kBlobsPrefix).size());
                const auto slash = relative.find('/');
                const std::string blob =
                    slash == 2 ? relative.substr(0, 2) + relative.substr(3) : std::string();
                if (!BlobStore::isValidName(blob)) {
                    throw BackupError("tệp sao lưu chứa một tệp văn bản tên lạ: \"" + name + "\"");
                }
                destination = BlobStore::folderIn(staging.path()) / relative;
                blobsRestored.insert(blob);
            } else if (name.rfind(kFilesPrefix, 0) == 0) {
                destination = staging.path() / name.substr(std::string(kFilesPrefix).size());
            } else {
                throw BackupError("tệp sao lưu chứa một tệp lạ: \"" + name + "\"");
            }
            in.clear();
            extractEntry(in, header, destination);
            done += header.getUncompressedSize();
            report(progress, "giải nén", done, total);
        }
    } catch (const Poco::Exception& e) {
        throw BackupError(backupFile.string() + " là tệp ZIP hỏng: " + e.displayText());
    }

    const fs::path manifestFile = staging.path() / ".backup.json";
    if (!fs::exists(manifestFile) || !fs::exists(staging.path() / kDatabaseName)) {
        throw BackupError("tệp sao lưu thiếu backup.json hoặc cơ sở dữ liệu");
    }
    {
        std::ifstream manifestIn(manifestFile, std::ios::binary);
        std::stringstream text;
        text << manifestIn.rdbuf();
        check.expected = readManifest(text.str(), manifest);
    }
    fs::remove(manifestFile);

    // The check: database's hash, audit chain, every blob, every file, the counts.
    report(progress, "kiểm tra", 0, 1);
    if (sha256OfFile(staging.path() / kDatabaseName) !=
        manifest->optValue<std::string>("database", "")) {
        check.problems.push_back("cơ sở dữ liệu không khớp mã băm SHA-256 trong backup.json");
    }
    std::vector<std::string> referenced;
    {
        SqlOptions options;
        options.migrate = false;
        SqlStorage storage(staging.path() / kDatabaseName, options);
        const auto audit = AuditTrail(storage).verify();
        check.auditEntries = audit.entries;
        check.auditIntact = audit.intact;
        if (!audit.intact) {
            check.problems.push_back("chuỗi nhật ký hỏng ở mục " +
                                     std::to_string(audit.firstBadSeq.value_or(0)) + ": " +
                                     audit.reason);
        }
        referenced = storage.referencedBlobs();
    }
    if (check.auditEntries != check.expected.auditEntries) {
        check.problems.push_back("nhật ký có " + std::to_string(check.auditEntries) +
                                 " mục, bản sao lưu ghi " +
                                 std::to_string(check.expected.auditEntries));
    }
    const BlobStore blobs(BlobStore::folderIn(staging.path()));
    std::set<std::string> wanted(referenced.begin(), referenced.end());
    std::size_t index = 0;
    for (const auto& name : wanted) {
        try {
            blobs.get(name); // checks the bytes against the name
            ++check.blobsChecked;
        } catch (const std::exception&) {
            check.problems.push_back("tệp văn bản " + name + " thiếu hoặc bị sửa");
        }
        report(progress, "kiểm tra", ++index, wanted.size());
    }
    if (wanted.size() != check.expected.blobs || blobsRestored.size() != check.expected.blobs) {
        check.problems.push_back("có " + std::to_string(blobsRestored.size()) +
                                 " tệp văn bản, cơ sở dữ liệu trỏ tới " +
                                 std::to_string(wanted.size()) + ", bản sao lưu ghi " +
                                 std::to_string(check.expected.blobs));
    }
    if (const auto files = manifest->getArray("files")) {
        for (std::size_t i = 0; i < files->size(); ++i) {
            const auto entry = files->getObject(static_cast<unsigned>(i));
            const std::string name = entry ? entry->optValue<std::string>("name", "") : "";
            if (!safeEntryName(name) || name.rfind(kFilesPrefix, 0) != 0) {
                check.problems.push_back("backup.json ghi một tệp tên lạ");
                continue;
            }
            const fs::path file = staging.path() / name.substr(std::string(kFilesPrefix).size());
            if (!fs::is_regular_file(file) ||
                sha256OfFile(file) != entry->optValue<std::string>("sha256", "")) {
                check.problems.push_back(name + " thiếu hoặc không khớp mã băm");
            } else {
                ++check.filesChecked;
            }
        }
    }
    if (!check.ok()) {
        return check; // the staging folder goes; nothing at the target
    }
    for (auto it = fs::recursive_directory_iterator(staging.path()); it != fs::end(it); ++it) {
        if (it->is_directory()) {
            fs::permissions(it->path(), fs::perms::owner_all);
        }
    }
    if (fs::exists(target)) {
        fs::remove(target); // empty (checked above)
    }
    fs::rename(staging.path(), target);
    staging.keep();
    syncFile(target.parent_path());
    return check;
}

} // namespace vanthu::docmgmt
