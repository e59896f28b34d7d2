// ScratchFolder: a private folder for an outside program's files, gone when it goes out of scope.
#include "vanthu/tools/ScratchFolder.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

namespace fs = std::filesystem;
using vanthu::tools::ScratchFolder;

TEST_CASE("ScratchFolder: only its owner may enter it, and it is removed with what it holds",
          "[tools]") {
    fs::path kept;
    {
        const ScratchFolder folder("vanthu-test");
        kept = folder.path();
        REQUIRE(fs::is_directory(kept));
        CHECK(kept.filename().string().rfind("vanthu-test-", 0) == 0);
        struct stat info {};
        REQUIRE(::stat(kept.c_str(), &info) == 0);
        CHECK((info.st_mode & 0777) == 0700);
        folder.write("a.txt", "nội dung");
        fs::create_directories(kept / "sub");
        folder.write("sub/b.txt", "x");
    }
    CHECK_FALSE(fs::exists(kept));
}

TEST_CASE("ScratchFolder: a read stops one byte past its limit, and a missing file reads empty",
          "[tools]") {
    const ScratchFolder folder;
    folder.write("big", std::string(1000, 'z'));
    CHECK(folder.read("big", 10) == std::string(11, 'z'));
    CHECK(folder.read("big", 5000).size() == 1000);
    CHECK(folder.read("absent", 10).empty());
}

TEST_CASE("ScratchFolder: two folders never share a name", "[tools]") {
    const ScratchFolder one("vanthu-test");
    const ScratchFolder two("vanthu-test");
    CHECK(one.path() != two.path());
}
