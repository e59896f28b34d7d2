// Backup and restore of a data folder (docmgmt/Backup.hpp): a round trip, a backup taken while
// letters are being issued, and restores that must refuse (damaged blob, foreign file, unsafe
// names, a folder already in use).
#include <sys/stat.h>

#include <Poco/DateTime.h>
#include <Poco/Path.h>
#include <Poco/Zip/Compress.h>
#include <catch2/catch.hpp>

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include "DocmgmtFixtures.hpp"
#include "vanthu/docmgmt/Backup.hpp"

using namespace vanthu;
using namespace vanthu::docmgmt;
namespace fs = std::filesystem;

namespace {

/// Issues a letter of vanthu.vq's office through the flow; returns it.
OutgoingDocument issueLetter(test::DemoWorld& w, const std::string& subject) {
    const Id id = w.signedLetter(subject);
    return w.flow->issue(w.actor("vanthu.vq"), id);
}

unsigned modeOf(const fs::path& path) {
    struct stat info {};
    ::stat(path.c_str(), &info);
    return info.st_mode & 0777;
}

void writeZip(const fs::path& file,
              const std::vector<std::pair<std::string, std::string>>& entries) {
    std::ofstream out(file, std::ios::binary);
    Poco::Zip::Compress zip(out, true);
    for (const auto& [name, content] : entries) {
        std::istringstream in(content);
        zip.addFile(in, Poco::DateTime(), Poco::Path(name, Poco::Path::PATH_UNIX));
    }
    zip.close();
}

} // namespace

TEST_CASE("a backup restores into a new folder with every document, blob and key, checked",
          "[sqlite]") {
    test::DemoWorld w;
    const auto issued = issueLetter(w, "sao lưu định kỳ");
    // A server keeps its keys in DIR/pki (the fixture's live elsewhere): one to carry.
    fs::create_directories(w.dir.path() / "pki");
    const std::string keyBytes = "PKCS#12 bytes\0\x01\x02";
    std::ofstream(w.dir.path() / "pki" / "seal-test.p12", std::ios::binary) << keyBytes;
    const test::TempDir out;
    const fs::path file = out.path() / "backup.zip";

    std::vector<BackupProgress> steps;
    const auto contents =
        writeBackup(w.dir.path(), file, [&](const BackupProgress& p) { steps.push_back(p); });
    REQUIRE(fs::exists(file));
    CHECK(modeOf(file) == 0600);
    CHECK(contents.auditEntries > 0);
    CHECK(contents.blobs >= 2);
    CHECK(contents.files >= 1); // the office keys and the CA under pki/
    REQUIRE(!steps.empty());
    CHECK(steps.back().done == steps.back().total);
    // Nothing left behind beside the backup.
    CHECK(std::distance(fs::directory_iterator(out.path()), fs::directory_iterator()) == 1);

    // An independent reader of the ZIP: unzip lists the database, blobs, keys and backup.json.
    const auto listing = test::run({"unzip", "-l", file.string()});
    REQUIRE(listing.exitCode == 0);
    CHECK(listing.out.find("vanthu.db") != std::string::npos);
    CHECK(listing.out.find("backup.json") != std::string::npos);
    CHECK(listing.out.find("blobs/" + issued.issuedPdf.substr(0, 2) + "/" +
                           issued.issuedPdf.substr(2)) != std::string::npos);
    CHECK(listing.out.find("files/pki/") != std::string::npos);
    CHECK(listing.out.find("search/") == std::string::npos); // rebuilt, not copied

    const fs::path restored = out.path() / "restored";
    const auto check = restoreBackup(file, restored);
    INFO((check.problems.empty() ? "" : check.problems.front()));
    REQUIRE(check.ok());
    CHECK(check.auditIntact);
    CHECK(check.auditEntries == contents.auditEntries);
    CHECK(check.blobsChecked == contents.blobs);
    CHECK(check.filesChecked == contents.files);
    CHECK(modeOf(restored) == 0700);
    CHECK(modeOf(SqlStorage::databaseFileIn(restored)) == 0600);

    SqlStorage storage(SqlStorage::databaseFileIn(restored));
    const auto again = storage.findDocument(issued.id);
    REQUIRE(again.has_value());
    CHECK(again->notation == issued.notation);
    CHECK(BlobStore(BlobStore::folderIn(restored)).get(issued.issuedPdf) ==
          w.blobs->get(issued.issuedPdf));
    CHECK(AuditTrail(storage).verify().intact);
    std::ifstream key(restored / "pki" / "seal-test.p12", std::ios::binary);
    CHECK(std::string(std::istreambuf_iterator<char>(key), {}) == keyBytes);
    CHECK(modeOf(restored / "pki" / "seal-test.p12") == 0600);
}

TEST_CASE("a backup taken while letters are being issued restores whole", "[sqlite]") {
    test::DemoWorld w;
    const test::TempDir out;
    std::atomic<bool> stop{false};
    std::atomic<int> issuedCount{0};
    std::vector<Id> issuedBefore;
    for (int i = 0; i < 2; ++i) {
        issuedBefore.push_back(issueLetter(w, "trước sao lưu " + std::to_string(i)).id);
    }
    std::thread issuing([&] {
        while (!stop) {
            issueLetter(w, "trong khi sao lưu " + std::to_string(issuedCount.load()));
            ++issuedCount;
        }
    });
    // Let the issuing start, then back up twice while it goes on.
    while (issuedCount.load() < 1) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const fs::path first = out.path() / "one.zip";
    const fs::path second = out.path() / "two.zip";
    writeBackup(w.dir.path(), first);
    const int issuedAtSecond = issuedCount.load();
    writeBackup(w.dir.path(), second);
    stop = true;
    issuing.join();
    INFO("letters issued during the backups: " << issuedCount.load());

    for (const auto& file : {first, second}) {
        const fs::path restored = out.path() / ("restored-" + file.stem().string());
        const auto check = restoreBackup(file, restored);
        INFO((check.problems.empty() ? "" : check.problems.front()));
        REQUIRE(check.ok());
        CHECK(check.auditIntact);
        SqlStorage storage(SqlStorage::databaseFileIn(restored));
        const BlobStore blobs(BlobStore::folderIn(restored));
        for (const Id id : issuedBefore) {
            const auto doc = storage.findDocument(id);
            REQUIRE(doc.has_value());
            CHECK(doc->state == DocumentState::Issued);
            CHECK(blobs.contains(doc->issuedPdf));
        }
        // Every issued letter in the snapshot has its PDF (a row never points to a missing blob).
        const auto office = w.officeOf("vanthu.vq");
        int issuedInSnapshot = 0;
        for (const auto& doc : storage.documents(office.id, DocumentState::Issued)) {
            ++issuedInSnapshot;
            CHECK(blobs.contains(doc.issuedPdf));
        }
        if (file == second) {
            CHECK(issuedInSnapshot >= static_cast<int>(issuedBefore.size()) + issuedAtSecond);
        }
    }
}

TEST_CASE("a restore refuses damaged and foreign backups and leaves nothing", "[sqlite]") {
    test::DemoWorld w;
    const test::TempDir out;

    SECTION("a blob damaged in the data folder is found by the restore's check") {
        const auto issued = issueLetter(w, "tệp bị sửa");
        const auto path = w.blobs->pathOf(issued.issuedPdf);
        fs::permissions(path, fs::perms::owner_write, fs::perm_options::add);
        {
            std::fstream f(path, std::ios::binary | std::ios::in | std::ios::out);
            f.seekp(100);
            f.put('X');
        }
        const fs::path file = out.path() / "b.zip";
        writeBackup(w.dir.path(), file);
        const auto check = restoreBackup(file, out.path() / "r");
        CHECK_FALSE(check.ok());
        REQUIRE(!check.problems.empty());
        CHECK(check.problems.front().find(issued.issuedPdf) != std::string::npos);
        CHECK_FALSE(fs::exists(out.path() / "r"));
    }
    SECTION("a folder that already holds data") {
        const fs::path file = out.path() / "b.zip";
        writeBackup(w.dir.path(), file);
        CHECK_THROWS_AS(restoreBackup(file, w.dir.path()), BackupError);
    }
    SECTION("a file that is not a backup") {
        const fs::path file = out.path() / "x.zip";
        std::ofstream(file) << "not a zip";
        CHECK_THROWS_AS(restoreBackup(file, out.path() / "r"), BackupError);
        writeZip(file, {{"hello.txt", "hi"}});
        CHECK_THROWS_AS(restoreBackup(file, out.path() / "r"), BackupError);
        CHECK_FALSE(fs::exists(out.path() / "r"));
    }
    SECTION("names that would leave the folder") {
        // Poco refuses to write such a name: write a safe one of the same length, then change
        // it in the local header and the central directory.
        const fs::path file = out.path() / "evil.zip";
        writeZip(file, {{"files/a/zz/zz/zz/escaped", "x"}});
        std::string bytes;
        {
            std::ifstream in(file, std::ios::binary);
            bytes.assign(std::istreambuf_iterator<char>(in), {});
        }
        int replaced = 0;
        for (auto at = bytes.find("a/zz/zz/zz/"); at != std::string::npos;
             at = bytes.find("a/zz/zz/zz/", at)) {
            bytes.replace(at, 11, "a/../../../");
            ++replaced;
        }
        REQUIRE(replaced >= 2);
        std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
        CHECK_THROWS_AS(restoreBackup(file, out.path() / "r"), BackupError);
        CHECK_FALSE(fs::exists(out.path() / "escaped"));
        CHECK_FALSE(fs::exists(out.path() / "r"));
    }
    SECTION("a data folder that is not vanthu's") {
        CHECK_THROWS_AS(writeBackup(out.path(), out.path() / "b.zip"), BackupError);
        CHECK_FALSE(fs::exists(out.path() / "b.zip"));
    }
}
