#include <catch2/catch.hpp>

#include "DocmgmtFixtures.hpp"
#include "vanthu/signing/OpenSsl.hpp"

using namespace vanthu::docmgmt;
using vanthu::test::FailAt;
using vanthu::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::size_t filesUnder(const fs::path& dir) {
    std::size_t n = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        n += entry.is_regular_file() ? 1 : 0;
    }
    return n;
}

} // namespace

TEST_CASE("BlobStore: content-addressed by SHA-256 under ab/cdef…", "[blobs]") {
    TempDir dir;
    BlobStore blobs(dir / "blobs");
    const std::string name = blobs.put("abc");
    CHECK(name == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(fs::exists(dir / "blobs" / "ba" / name.substr(2)));
    CHECK(blobs.get(name) == "abc");
    CHECK(blobs.contains(name));
    CHECK(blobs.put("abc") == name); // idempotent
    CHECK(filesUnder(dir / "blobs") == 1);
    const std::string binary("%PDF\0\xff\x01", 7);
    CHECK(blobs.get(blobs.put(binary)) == binary);
}

TEST_CASE("BlobStore: reading checks the hash, a damaged blob is rewritten by put", "[blobs]") {
    TempDir dir;
    BlobStore blobs(dir / "blobs");
    const std::string name = blobs.put("văn bản gốc");
    vanthu::test::writeFile(blobs.pathOf(name), "văn bản đã sửa");
    CHECK_THROWS_AS(blobs.get(name), CorruptBlob);
    CHECK(blobs.put("văn bản gốc") == name);
    CHECK(blobs.get(name) == "văn bản gốc");
    fs::remove(blobs.pathOf(name));
    CHECK_THROWS_AS(blobs.get(name), CorruptBlob);
    CHECK_FALSE(blobs.contains(name));
    CHECK_THROWS_AS(blobs.get("../../etc/passwd"), std::invalid_argument);
    CHECK_FALSE(BlobStore::isValidName(std::string(64, 'G')));
}

TEST_CASE("BlobStore: a failure before the rename leaves neither the blob nor a temporary",
          "[blobs][faults]") {
    TempDir dir;
    FailAt faults;
    BlobStore blobs(dir / "blobs", &faults);
    faults.point = "blob:written";
    CHECK_THROWS_WITH(blobs.put("x"), Catch::Contains("injected"));
    CHECK(faults.hits == 1);
    CHECK(filesUnder(dir / "blobs") == 0);
    // After the rename the blob is complete and durable even if the caller then fails.
    faults.point = "blob:renamed";
    CHECK_THROWS(blobs.put("x"));
    faults.point.clear();
    CHECK(blobs.get("2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881") == "x");
}

TEST_CASE("BlobStore: garbage collection removes crash leftovers, keeps what rows point to",
          "[blobs]") {
    TempDir dir;
    BlobStore blobs(dir / "blobs");
    const std::string kept = blobs.put("kept");
    const std::string orphan = blobs.put("orphan"); // a crash between blob and row
    vanthu::test::writeFile(dir / "blobs" / kept.substr(0, 2) / ".tmp-1-2", "half");
    CHECK(blobs.collectGarbage({kept}) == 2);
    CHECK(blobs.get(kept) == "kept");
    CHECK_FALSE(blobs.contains(orphan));
}

TEST_CASE("BlobStore: in PostgreSQL, rows checked by their hash, damaged rows rewritten, old "
          "unreferenced ones collected",
          "[blobs][postgresql]") {
    REQUIRE(vanthu::test::onPostgres()); // run by the "docmgmt (postgresql): " tests only
    TempDir dir;
    const auto database = vanthu::test::postgresDatabaseFor(dir / "blobs.db");
    BlobStore blobs(database);
    CHECK(blobs.inDatabase());
    const std::string binary("%PDF\0\xff\x01 văn bản", 16);
    const std::string name = blobs.put(binary);
    CHECK(name == vanthu::signing::toHex(vanthu::signing::sha256(binary)));
    CHECK(blobs.get(name) == binary);
    CHECK(blobs.contains(name));
    CHECK(blobs.put(binary) == name); // idempotent
    CHECK_FALSE(blobs.contains(std::string(64, '0')));
    CHECK_THROWS_AS(blobs.get(std::string(64, '0')), CorruptBlob);
    CHECK_THROWS_AS(blobs.get("not-a-name"), std::invalid_argument);

    // Another server's BlobStore on the same database sees it at once.
    BlobStore other(database);
    CHECK(other.get(name) == binary);

    // A row altered behind vanthu's back is refused, and put writes it again.
    REQUIRE(vanthu::test::databaseSql(dir / "blobs.db",
                                      "UPDATE vanthu_blobs SET bytes = 'x'::bytea WHERE name = '" +
                                          name + "'")
                .exitCode == 0);
    CHECK_THROWS_AS(blobs.get(name), CorruptBlob);
    CHECK(blobs.put(binary) == name);
    CHECK(blobs.get(name) == binary);

    // Garbage: only unreferenced rows stored over an hour ago (another server may be between
    // its blob and its row).
    const std::string fresh = blobs.put("mới");
    const std::string stale = blobs.put("cũ");
    REQUIRE(vanthu::test::databaseSql(
                dir / "blobs.db",
                "UPDATE vanthu_blobs SET stored_at = now() - interval '2 hours' WHERE "
                "name IN ('" +
                    stale + "', '" + name + "')")
                .exitCode == 0);
    CHECK(blobs.collectGarbage({name}) == 1);
    CHECK_FALSE(blobs.contains(stale));
    CHECK(blobs.contains(fresh));
    CHECK(blobs.contains(name));
    CHECK(blobs.remove(fresh));
    CHECK_FALSE(blobs.remove(fresh));
}
