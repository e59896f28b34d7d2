// The data folder is private (issue 19): after `vanthu serve --demo` the folder and every
// folder in it are 0700, and every file (the SQLite database with its WAL and SHM, the blobs,
// the search index, the key files, the demo accounts; on PostgreSQL the file naming the
// database, its connection string) is 0600.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <csignal>
#include <set>

#include "DocmgmtServer.hpp"
#include "ServerProcess.hpp"
#include "TestSupport.hpp"

using namespace vanthu;
namespace fs = std::filesystem;

TEST_CASE("a demo server's data folder and everything in it are readable by its owner only",
          "[hostile]") {
    test::TempDir data;
    const auto dir = data.path() / "data";
    const auto database = test::freshTestDatabase();
    test::ServerProcess server(dir, test::withDatabase({"--demo", "--ecdsa"}, database));

    const auto mode = [](const fs::path& path) {
        struct stat st {};
        REQUIRE(::lstat(path.c_str(), &st) == 0);
        return st.st_mode & 07777;
    };
    CHECK(mode(dir) == 0700);
    std::set<std::string> seen; // kinds of files found, so the test cannot pass on an empty folder
    int files = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        INFO(entry.path().string());
        if (entry.is_directory()) {
            CHECK(mode(entry.path()) == 0700);
        } else {
            CHECK(mode(entry.path()) == 0600);
            ++files;
            const auto name = entry.path().filename().string();
            const auto parent = entry.path().parent_path().filename().string();
            if (entry.path() == dir / "database") {
                seen.insert("database pointer");
            } else if (name.ends_with(".p12")) {
                seen.insert("key");
            } else if (name.ends_with("-wal") || name.ends_with("-shm")) {
                seen.insert("wal/shm");
            } else if (name.ends_with(".sqlite") || name.ends_with(".db")) {
                seen.insert("database");
            } else if (entry.path().string().find("/search/") != std::string::npos) {
                seen.insert("index");
            } else if (entry.path().string().find("/blobs/") != std::string::npos) {
                seen.insert("blob");
            }
        }
    }
    INFO(files << " files");
    if (database) {
        // The records and blobs are in PostgreSQL; the folder names it.
        CHECK(seen == std::set<std::string>{"key", "database pointer", "index"});
    } else {
        CHECK(seen == std::set<std::string>{"key", "wal/shm", "database", "index", "blob"});
    }
    server.signal(SIGTERM);
    CHECK(server.wait() == 0);
}
