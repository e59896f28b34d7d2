#include "vanthu/docmgmt/BlobStore.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <random>

#include <mutex>
#include <optional>
#include <vector>

#include <Poco/Data/LOB.h>
#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/Session.h>

#include "vanthu/docmgmt/SqlStorage.hpp"
#include "vanthu/signing/OpenSsl.hpp"

#include "FileDescriptor.hpp"

namespace vanthu::docmgmt {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& what, const fs::path& path) {
    throw std::runtime_error("Không ghi được tệp lưu trữ (" + what + " " + path.string() + ": " +
                             std::strerror(errno) + "); hãy báo quản trị hệ thống.");
}

void syncFolder(const fs::path& folder) {
    FileDescriptor fd(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() < 0 || ::fsync(fd.get()) != 0) {
        fail("fsync", folder);
    }
}

void writeAll(int fd, std::string_view bytes, const fs::path& path) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            fail("write", path);
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

std::string temporaryName() {
    static thread_local std::mt19937_64 random{std::random_device{}()};
    return ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(random());
}

/// Creates folder (and reports the new entry durably in its parent) when it is missing.
void ensureFolder(const fs::path& folder) {
    if (fs::is_directory(folder)) {
        return;
    }
    fs::create_directories(folder);
    syncFolder(folder.parent_path());
}

std::string hexSha256(std::string_view bytes) {
    return signing::toHex(signing::sha256(bytes));
}

} // namespace

/// The table vanthu_blobs on a connection of its own (autocommit: a blob is committed before
/// the transaction that names it), one statement at a time.
class BlobStore::Table {
public:
    explicit Table(const std::string& connection) {
        static std::once_flag once;
        std::call_once(once, [] { Poco::Data::PostgreSQL::Connector::registerConnector(); });
        try {
            session_ = std::make_unique<Poco::Data::Session>("postgresql", connection);
            *session_ << "SET client_min_messages = warning", Poco::Data::Keywords::now;
            *session_ << "CREATE TABLE IF NOT EXISTS vanthu_blobs (name TEXT PRIMARY KEY, "
                         "bytes BYTEA NOT NULL, stored_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                Poco::Data::Keywords::now;
        } catch (const Poco::Exception& e) {
            throw std::runtime_error("cannot open the blobs in PostgreSQL: " + e.displayText());
        }
    }

    std::optional<std::string> find(const std::string& name) {
        using namespace Poco::Data::Keywords;
        std::lock_guard lock(mutex_);
        std::vector<Poco::Data::BLOB> found;
        std::string key = name;
        run([&] {
            *session_ << "SELECT bytes FROM vanthu_blobs WHERE name = $1", into(found), use(key),
                now;
        });
        if (found.empty()) {
            return std::nullopt;
        }
        return std::string(found.front().rawContent(),
                           found.front().rawContent() + found.front().size());
    }

    /// Whether a row of this name exists and, with `intact`, its bytes still hash to the name
    /// (checked by the server: the bytes do not travel).
    bool holds(const std::string& name, bool intact) {
        using namespace Poco::Data::Keywords;
        std::lock_guard lock(mutex_);
        std::string key = name;
        Poco::Int64 rows = 0;
        run([&] {
            *session_ << (intact ? "SELECT count(*) FROM vanthu_blobs WHERE name = $1 AND "
                                   "encode(sha256(bytes), 'hex') = name"
                                 : "SELECT count(*) FROM vanthu_blobs WHERE name = $1"),
                into(rows), use(key), now;
        });
        return rows > 0;
    }

    void store(const std::string& name, std::string_view bytes) {
        using namespace Poco::Data::Keywords;
        std::lock_guard lock(mutex_);
        std::string key = name;
        Poco::Data::BLOB content(reinterpret_cast<const unsigned char*>(bytes.data()),
                                 bytes.size());
        run([&] {
            *session_ << "INSERT INTO vanthu_blobs (name, bytes) VALUES ($1, $2) ON CONFLICT "
                         "(name) DO UPDATE SET bytes = EXCLUDED.bytes, stored_at = now()",
                use(key), use(content), now;
        });
    }

    bool erase(const std::string& name) {
        using namespace Poco::Data::Keywords;
        std::lock_guard lock(mutex_);
        std::string key = name;
        std::size_t rows = 0;
        run([&] {
            Poco::Data::Statement remove(*session_);
            remove << "DELETE FROM vanthu_blobs WHERE name = $1", use(key);
            rows = remove.execute();
        });
        return rows > 0;
    }

    std::vector<std::string> namesOlderThanAnHour() {
        using namespace Poco::Data::Keywords;
        std::lock_guard lock(mutex_);
        std::vector<std::string> names;
        run([&] {
            *session_ << "SELECT name FROM vanthu_blobs WHERE stored_at < now() - interval '1 "
                         "hour'",
                into(names), now;
        });
        return names;
    }

private:
    template <typename Work> void run(Work work) {
        try {
            work();
        } catch (const Poco::Exception& e) {
            throw std::runtime_error("Không đọc/ghi được tệp lưu trữ trong PostgreSQL (" +
                                     e.displayText() + "); hãy báo quản trị hệ thống.");
        }
    }

    std::unique_ptr<Poco::Data::Session> session_;
    std::mutex mutex_;
};

BlobStore::BlobStore(fs::path dir, FaultInjector* faults) : dir_(std::move(dir)), faults_(faults) {
    ensureFolder(dir_);
}

BlobStore::BlobStore(const PostgresDatabase& database, FaultInjector* faults)
    : faults_(faults), table_(std::make_unique<Table>(database.connection)) {}

BlobStore::~BlobStore() = default;
BlobStore::BlobStore(BlobStore&&) noexcept = default;
BlobStore& BlobStore::operator=(BlobStore&&) noexcept = default;

fs::path BlobStore::folderIn(const fs::path& dataDir) {
    return dataDir / "blobs";
}

bool BlobStore::isValidName(std::string_view name) {
    return name.size() == 64 && name.find_first_not_of("0123456789abcdef") == std::string::npos;
}

fs::path BlobStore::pathOf(const std::string& name) const {
    if (table_) {
        throw std::logic_error("blobs in PostgreSQL have no path");
    }
    if (!isValidName(name)) {
        throw std::invalid_argument("not a blob name: \"" + name + "\"");
    }
    return dir_ / name.substr(0, 2) / name.substr(2);
}

bool BlobStore::contains(const std::string& name) const {
    if (table_) {
        return isValidName(name) && table_->holds(name, /*intact=*/false);
    }
    return isValidName(name) && fs::exists(pathOf(name));
}

std::string BlobStore::put(std::string_view bytes) {
    const std::string name = hexSha256(bytes);
    if (table_) {
        if (!table_->holds(name, /*intact=*/true)) {
            faultPoint(faults_, "blob:written"); // as a file synced but not yet renamed: absent
            table_->store(name, bytes);          // missing, or damaged: written again
        }
        faultPoint(faults_, "blob:renamed");
        return name;
    }
    const fs::path target = pathOf(name);
    if (fs::exists(target)) {
        try {
            get(name);
            return name; // already stored, and intact
        } catch (const CorruptBlob&) {
            // fall through: write it again over the damaged copy
        }
    }
    const fs::path folder = target.parent_path();
    ensureFolder(folder);
    const fs::path temporary = folder / temporaryName();
    try {
        FileDescriptor fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
        if (fd.get() < 0) {
            fail("open", temporary);
        }
        writeAll(fd.get(), bytes, temporary);
        if (::fsync(fd.get()) != 0) {
            fail("fsync", temporary);
        }
        fd.close(temporary);
        faultPoint(faults_, "blob:written");
        if (::rename(temporary.c_str(), target.c_str()) != 0) {
            fail("rename", temporary);
        }
    } catch (...) {
        std::error_code ignored;
        fs::remove(temporary, ignored);
        throw;
    }
    syncFolder(folder);
    faultPoint(faults_, "blob:renamed");
    return name;
}

std::string BlobStore::get(const std::string& name) const {
    if (table_) {
        if (!isValidName(name)) {
            throw std::invalid_argument("not a blob name: \"" + name + "\"");
        }
        auto bytes = table_->find(name);
        if (!bytes) {
            throw CorruptBlob("Thiếu tệp lưu trữ " + name +
                              " của văn bản; hãy báo quản trị hệ thống.");
        }
        if (hexSha256(*bytes) != name) {
            throw CorruptBlob("Tệp lưu trữ " + name +
                              " đã bị thay đổi (mã băm không khớp); hãy báo quản trị hệ thống.");
        }
        return std::move(*bytes);
    }
    const fs::path path = pathOf(name);
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw CorruptBlob("Thiếu tệp lưu trữ " + name + " của văn bản; hãy báo quản trị hệ thống.");
    }
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (hexSha256(bytes) != name) {
        throw CorruptBlob("Tệp lưu trữ " + name +
                          " đã bị thay đổi (mã băm không khớp); hãy báo quản trị hệ thống.");
    }
    return bytes;
}

bool BlobStore::remove(const std::string& name) {
    if (!isValidName(name)) {
        throw std::invalid_argument("not a blob name: " + name);
    }
    if (table_) {
        return table_->erase(name);
    }
    std::error_code error;
    return fs::remove(pathOf(name), error);
}

std::size_t BlobStore::collectGarbage(const std::set<std::string>& referenced) {
    std::size_t removed = 0;
    if (table_) {
        for (const auto& name : table_->namesOlderThanAnHour()) {
            if (!referenced.count(name) && table_->erase(name)) {
                ++removed;
            }
        }
        return removed;
    }
    for (const auto& folder : fs::directory_iterator(dir_)) {
        if (!folder.is_directory()) {
            continue;
        }
        for (const auto& file : fs::directory_iterator(folder.path())) {
            const std::string leaf = file.path().filename().string();
            const std::string name = folder.path().filename().string() + leaf;
            const bool temporary = leaf.rfind(".tmp-", 0) == 0;
            if (temporary || (isValidName(name) && !referenced.count(name))) {
                std::error_code error;
                if (fs::remove(file.path(), error)) {
                    ++removed;
                }
            }
        }
    }
    return removed;
}

} // namespace vanthu::docmgmt
