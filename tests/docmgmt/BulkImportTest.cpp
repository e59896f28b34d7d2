#include <catch2/catch.hpp>

#include "BulkImportFixtures.hpp"
#include "CaseFileFixtures.hpp"
#include "IncomingFixtures.hpp"
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

TEST_CASE("Bulk import: an incoming row that is already in the incoming register is reported, "
          "imported only with a reason",
          "[import][duplicates]") {
    vanthu::test::RoutingWorld world;
    TempDir folder;
    importFolder(folder.path());
    const Office office = world.officeOf("vanthu.bl");
    // Row 2 (753/CV/ĐU of Đảng ủy xã Bình Lư, 12/06/2024) was entered from paper already.
    auto paper = world.paperLetter("Về việc tổng kết, đánh giá công tác năm 2024");
    paper.senderName = "ĐẢNG ỦY XÃ BÌNH LƯ";
    paper.number = "753";
    paper.notation = "753-CV/ĐU";
    paper.issuedDate = "2024-06-12";
    const auto entered = world.incoming->enterPaper(world.actor("vanthu.bl"), paper);
    world.incoming->registerArrival(world.actor("vanthu.bl"), entered.id);

    BulkImport import(*world.storage, *world.blobs, *world.audit, clockOf(world));
    const auto report = import.run(office, folder / "metadata.csv", folder.path());
    CHECK(report.imported == 1); // only the outgoing 2858
    CHECK(report.duplicates == 2);
    CHECK(reasonOf(report, 2) == "looks like incoming/" + std::to_string(entered.id) +
                                     " (số đến 1, ngày đến 2026-06-16): same issuer + number + "
                                     "notation; give a duplicate_reason to import it all the same");
    CHECK(report.notImportedCsv().find("2,753.pdf,duplicate,\"looks like incoming/") !=
          std::string::npos);

    // With a reason in the optional column the row is imported, the reason kept.
    vanthu::test::writeFile(
        folder / "again.csv",
        "direction,number,notation,date,issuer,type,subject,file,duplicate_reason\r\n"
        "in,753,CV/ĐU,12/06/2024,Đảng ủy xã Bình Lư,Công văn,Tổng kết,753.pdf,"
        "Bản lưu của hồ sơ cũ\r\n");
    const auto second = import.run(office, folder / "again.csv", folder.path());
    REQUIRE(second.imported == 1);
    const auto doc = world.storage->findImportedDocument(*second.rows[0].id);
    REQUIRE(doc);
    CHECK(doc->duplicateOf == "incoming/" + std::to_string(entered.id));
    CHECK(doc->duplicateReason == "Bản lưu của hồ sơ cũ");
    CHECK(world.audit->about("imported/" + std::to_string(doc->id))
              .front()
              .detail.find("lý do vẫn nhập: Bản lưu của hồ sơ cũ") != std::string::npos);

    // An electronic or paper letter arriving later is marked against the imported one too.
    auto later = paper;
    later.notation = "CV/ĐU";
    const auto refusedEntry = [&] {
        try {
            world.incoming->enterPaper(world.actor("vanthu.bl"), later);
        } catch (const PossibleDuplicate& e) {
            return e.earlier();
        }
        return EarlierEntry{};
    }();
    CHECK(refusedEntry.kind == kDuplicateOfIncoming); // the register entry is the earliest
    CHECK(refusedEntry.id == entered.id);
}
