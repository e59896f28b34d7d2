#include <catch2/catch.hpp>

#include "BulkImportFixtures.hpp"
#include "CaseFileFixtures.hpp"
#include "vanthu/docmgmt/BulkImport.hpp"
#include "vanthu/docmgmt/CaseFiles.hpp"
#include "vanthu/docmgmt/Errors.hpp"

using namespace vanthu::docmgmt;
using vanthu::test::DemoWorld;
using vanthu::test::importFolder;
using vanthu::test::readFile;
using vanthu::test::TempDir;

namespace {

Clock clockOf(const DemoWorld& world) {
    const auto now = world.now;
    return [now] { return now->load(); };
}

std::string reasonOf(const ImportReport& report, int row) {
    for (const auto& r : report.rows) {
        if (r.row == row) {
            return r.reason;
        }
    }
    return "(no such row)";
}

} // namespace

TEST_CASE("Bulk import: accepted rows stored, bad rows reported, a re-run imports nothing twice",
          "[import]") {
    DemoWorld world;
    TempDir folder;
    importFolder(folder.path());
    const Office office = world.officeOf("vanthu.bl");
    BulkImport import(*world.storage, *world.blobs, *world.audit, clockOf(world));
    std::vector<std::pair<int, int>> progress;
    const auto report =
        import.run(office, folder / "metadata.csv", folder.path(), {},
                   [&](int done, int total) { progress.emplace_back(done, total); });

    CHECK(report.imported == 2);
    CHECK(report.duplicates == 1);
    CHECK(report.rejected == 5);
    REQUIRE(report.rows.size() == 8);
    CHECK(progress.size() == 8);
    CHECK(progress.back() == std::pair<int, int>{8, 8});
    CHECK(reasonOf(report, 4).find("bad date \"31/02/2024\"") == 0);
    CHECK(reasonOf(report, 5) == "missing file khong-co.pdf");
    CHECK(reasonOf(report, 6).find("hong.pdf is not a PDF") == 0);
    CHECK(reasonOf(report, 7).find("duplicate number + notation + issuer") == 0);
    CHECK(reasonOf(report, 8).find("ghi-chu.txt is not a PDF") == 0);
    CHECK(reasonOf(report, 9).find("leaves the folder") != std::string::npos);

    const auto docs = world.storage->importedDocuments(office.id);
    REQUIRE(docs.size() == 2);
    CHECK(docs[0].number == "753");
    CHECK(docs[0].notation == "CV/ĐU");
    CHECK(docs[0].issuedDate == "2024-06-12");
    CHECK(docs[0].subject == "Về việc tổng kết, đánh giá công tác năm 2024");
    CHECK(docs[0].direction == Direction::Incoming);
    CHECK(docs[1].direction == Direction::Outgoing);
    CHECK(docs[0].pages >= 1);
    CHECK(world.blobs->get(docs[0].pdfBlob) == readFile(folder / "753.pdf"));
    const auto trail = world.audit->about("imported/" + std::to_string(docs[0].id));
    REQUIRE(trail.size() == 1);
    CHECK(trail[0].action == "import");
    CHECK(world.audit->verify().intact);
    // the blobs are referenced, so start-up garbage collection keeps them
    const auto referenced = world.storage->referencedBlobs();
    CHECK(std::count(referenced.begin(), referenced.end(), docs[0].pdfBlob) == 1);

    const std::string csv = report.notImportedCsv();
    CHECK(csv.rfind("row,file,outcome,reason\r\n", 0) == 0);
    CHECK(csv.find("4,", 0) != std::string::npos);
    CHECK(csv.find("5,khong-co.pdf,rejected,missing file khong-co.pdf\r\n") != std::string::npos);

    const auto again = import.run(office, folder / "metadata.csv", folder.path());
    CHECK(again.imported == 0);
    CHECK(again.duplicates == 3);
    CHECK(again.rejected == 5);
    CHECK(world.storage->importedDocuments(office.id).size() == 2);

    SECTION("imported documents go into case files of their office only") {
        CaseFiles files(*world.storage, *world.blobs, *world.audit, clockOf(world));
        FileListEntry entry;
        entry.code = "NH-01";
        entry.title = "Văn bản nhập từ hệ thống cũ";
        entry.retention = "vĩnh viễn";
        const auto clerk = world.actor("vanthu.bl");
        const auto file = files.open(clerk, files.addListEntry(clerk, entry).id);
        files.addDocument(clerk, file.id, kImportedKind, docs[0].id);
        const auto closed = files.close(clerk, file.id);
        CHECK(closed.startDate == "2024-06-12");
        CHECK(closed.pageTotal == docs[0].pages);
        const auto otherOffice = world.actor("vanthu.vq");
        const auto theirs = files.open(otherOffice, vanthu::test::listEntry(world, files, "X").id);
        CHECK_THROWS_AS(files.addDocument(otherOffice, theirs.id, kImportedKind, docs[1].id),
                        NotFound);
    }
}

TEST_CASE("Bulk import: a crash in the middle of a row leaves no half-written row", "[import]") {
    DemoWorld world;
    TempDir folder;
    importFolder(folder.path());
    const Office office = world.officeOf("vanthu.bl");
    world.faults.point = "import:row";
    {
        BulkImport import(*world.storage, *world.blobs, *world.audit, clockOf(world),
                          &world.faults);
        CHECK_THROWS(import.run(office, folder / "metadata.csv", folder.path()));
    }
    CHECK(world.storage->importedDocuments(office.id).empty());
    CHECK(world.audit->verify().intact);
    world.faults.point.clear();
    world.reopen();
    BulkImport import(*world.storage, *world.blobs, *world.audit, clockOf(world));
    CHECK(import.run(office, folder / "metadata.csv", folder.path()).imported == 2);
}

TEST_CASE("Bulk import: a CSV without the needed columns is refused whole", "[import]") {
    DemoWorld world;
    TempDir folder;
    BulkImport import(*world.storage, *world.blobs, *world.audit, clockOf(world));
    const Office office = world.officeOf("vanthu.bl");
    vanthu::test::writeFile(folder / "a.csv", "number,notation,date\n1,CV,2024-01-01\n");
    CHECK_THROWS_AS(import.run(office, folder / "a.csv", folder.path()), BadImportFile);
    vanthu::test::writeFile(folder / "b.csv",
                            "direction,number,notation,date,issuer,type,subject,file,color\n");
    CHECK_THROWS_WITH(import.run(office, folder / "b.csv", folder.path()),
                      Catch::Contains("unknown column \"color\""));
    CHECK_THROWS_AS(import.run(office, folder / "none.csv", folder.path()), BadImportFile);
}
