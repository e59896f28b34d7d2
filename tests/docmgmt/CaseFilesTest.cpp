#include <catch2/catch.hpp>

#include "CaseFileFixtures.hpp"
#include "IncomingFixtures.hpp"
#include "vanthu/docmgmt/ArchivePackage.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/Passwords.hpp"

using namespace vanthu::docmgmt;
using vanthu::test::closedCaseFile;
using vanthu::test::DemoWorld;
using vanthu::test::issuedLetter;
using vanthu::test::listEntry;
using vanthu::test::RoutingWorld;

namespace {

Clock clockOf(const DemoWorld& world) {
    const auto now = world.now;
    return [now] { return now->load(); };
}

} // namespace

TEST_CASE("Retention periods: N years or permanent, with or without diacritics", "[casefiles]") {
    CHECK(parseRetention("10 năm")->text() == "10 năm");
    CHECK(parseRetention(" 20 nam ")->text() == "20 năm");
    CHECK(parseRetention("5")->text() == "5 năm");
    CHECK(parseRetention("vĩnh viễn")->text() == "vĩnh viễn");
    CHECK(parseRetention("Vĩnh viễn")->text() == "vĩnh viễn");
    CHECK(parseRetention("vinh vien")->text() == "vĩnh viễn");
    CHECK_FALSE(parseRetention(""));
    CHECK_FALSE(parseRetention("0 năm"));
    CHECK_FALSE(parseRetention("100 năm"));
    CHECK_FALSE(parseRetention("mười năm"));
}

TEST_CASE("A case file from the list: filed documents, closing computes dates and totals, "
          "audit entries",
          "[casefiles]") {
    DemoWorld world;
    CaseFiles files(*world.storage, *world.blobs, *world.audit, clockOf(world));
    const auto clerk = world.actor("vanthu.vq");
    const Id first = issuedLetter(world, "cải cách hành chính");
    const Id second = issuedLetter(world, "chuyển đổi số");

    const auto entry = listEntry(world, files, "HS-01", "20 nam");
    CHECK(entry.retention == "20 năm");
    REQUIRE(files.fileList(world.actor("chuyenvien.vq"), 2026).size() == 1);

    auto file = files.open(clerk, entry.id);
    CHECK(file.state == CaseFileState::Open);
    CHECK(file.code == "HS-01");
    CHECK(file.retention == "20 năm");
    files.addDocument(clerk, file.id, kOutgoingKind, first);
    file = files.addDocument(world.actor("chutich.vq"), file.id, kOutgoingKind, second);
    CHECK(file.docTotal == 2);

    const auto docs = files.documents(world.actor("chuyenvien.vq"), file.id);
    REQUIRE(docs.size() == 2);
    CHECK(docs[0].id == first);
    CHECK(docs[0].typeName == "Công văn");
    CHECK(docs[0].codeNotation == "UBND-NV");
    CHECK(docs[0].organName == "ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN");
    CHECK(docs[0].pageAmount >= 1);
    CHECK_FALSE(docs[0].signerName.empty());

    file = files.close(clerk, file.id);
    CHECK(file.state == CaseFileState::Closed);
    CHECK(file.docTotal == 2);
    CHECK(file.pageTotal == docs[0].pageAmount + docs[1].pageAmount);
    CHECK(file.startDate == "2026-06-16");
    CHECK(file.endDate == "2026-06-16");
    CHECK(file.archiveDueOn == "2027-06-16");

    std::vector<std::string> actions;
    for (const auto& record : world.audit->about("casefile/" + std::to_string(file.id))) {
        actions.push_back(record.action);
    }
    CHECK(actions == std::vector<std::string>{"create", "add-document", "add-document", "close"});
    CHECK(world.audit->verify().intact);

    SECTION("a closed file never changes") {
        const Id third = issuedLetter(world, "thi đua khen thưởng");
        CHECK_THROWS_AS(files.addDocument(clerk, file.id, kOutgoingKind, third), Conflict);
        CHECK_THROWS_AS(files.close(clerk, file.id), Conflict);
        auto changed = file;
        changed.title = "khác";
        CHECK_THROWS_AS(world.storage->updateCaseFile(changed), Conflict);
    }
}

TEST_CASE("Case files follow the office's access rules", "[casefiles]") {
    DemoWorld world;
    CaseFiles files(*world.storage, *world.blobs, *world.audit, clockOf(world));
    const auto clerk = world.actor("vanthu.vq");
    const auto entry = listEntry(world, files, "HS-02");
    const auto file = files.open(clerk, entry.id);
    const auto auditBefore = world.audit->latest(1).front().seq;

    // specialists read but do not manage
    CHECK(files.list(world.actor("chuyenvien.vq")).size() == 1);
    CHECK_THROWS_AS(files.open(world.actor("chuyenvien.vq"), entry.id), Forbidden);
    FileListEntry more;
    more.code = "HS-03";
    more.title = "Hồ sơ khác";
    more.retention = "10 năm";
    CHECK_THROWS_AS(files.addListEntry(world.actor("chuyenvien.vq"), more), Forbidden);
    // other offices do not see it; administrators do not handle files
    CHECK_THROWS_AS(files.caseFile(world.actor("vanthu.bl"), file.id), NotFound);
    CHECK(files.list(world.actor("vanthu.bl")).empty());
    CHECK_THROWS_AS(files.caseFile(world.actor("quantri.bg"), file.id), Forbidden);
    // only issued documents of the office can be filed
    const Id draft =
        world.flow->createDraft(world.actor("chuyenvien.vq"), world.letterInput("dự thảo")).id;
    CHECK_THROWS_AS(files.addDocument(clerk, file.id, kOutgoingKind, draft), NotFound);
    CHECK_THROWS_AS(files.addDocument(clerk, file.id, "memo", 1), InvalidInput);
    CHECK_THROWS_AS(files.close(clerk, file.id), Conflict); // empty
    // bad list entries
    more.retention = "mãi mãi";
    CHECK_THROWS_AS(files.addListEntry(clerk, more), InvalidInput);
    more.retention = "10 năm";
    more.code = "HS-02";
    CHECK_THROWS_AS(files.addListEntry(clerk, more), Conflict);
    // a refused call writes no audit entry (the draft above wrote one)
    CHECK(world.audit->latest(1).front().seq == auditBefore + 1);
}

TEST_CASE("A document is in several case files without copies, once in each", "[casefiles]") {
    DemoWorld world;
    CaseFiles files(*world.storage, *world.blobs, *world.audit, clockOf(world));
    const auto clerk = world.actor("vanthu.vq");
    const Id letter = issuedLetter(world, "nhiều hồ sơ");
    const auto blobsBefore = world.storage->findDocument(letter)->issuedPdf;
    const auto a = files.open(clerk, listEntry(world, files, "A").id);
    const auto b = files.open(clerk, listEntry(world, files, "B").id);
    files.addDocument(clerk, a.id, kOutgoingKind, letter);
    CHECK(files.addDocument(clerk, b.id, kOutgoingKind, letter).docTotal == 1);
    // once in each file
    CHECK_THROWS_AS(files.addDocument(clerk, a.id, kOutgoingKind, letter), Conflict);
    CHECK_THROWS_AS(files.addDocument(clerk, b.id, kOutgoingKind, letter), Conflict);

    // both files name the same document (a reference, not a copy): same id, same PDF blob
    const auto inA = files.documents(clerk, a.id);
    const auto inB = files.documents(clerk, b.id);
    REQUIRE(inA.size() == 1);
    REQUIRE(inB.size() == 1);
    CHECK(inA[0].id == letter);
    CHECK(inB[0].id == letter);
    CHECK(inA[0].pdfBlob == blobsBefore);
    CHECK(inB[0].pdfBlob == blobsBefore);
    CHECK(world.storage->caseFilesHolding(kOutgoingKind, letter) == std::vector<Id>{a.id, b.id});
    const auto held = files.holdings(world.actor("chuyenvien.vq"), kOutgoingKind, letter);
    REQUIRE(held.size() == 2);
    CHECK(held[0].code == "A");
    CHECK(held[1].code == "B");
    CHECK(files.holdings(world.actor("vanthu.bl"), kOutgoingKind, letter).empty());

    // taken out of one, it stays in the other; each file closes and packages with it
    files.removeDocument(clerk, a.id, kOutgoingKind, letter);
    CHECK(world.storage->caseFilesHolding(kOutgoingKind, letter) == std::vector<Id>{b.id});
    files.addDocument(clerk, a.id, kOutgoingKind, letter);
    CHECK(files.close(clerk, a.id).docTotal == 1);
    CHECK(files.close(clerk, b.id).docTotal == 1);
    const std::string pdfHash = sha256Hex(world.blobs->get(blobsBefore));
    for (const Id id : {a.id, b.id}) { // each package holds the document's PDF (unzip, sha256sum)
        vanthu::test::TempDir out;
        vanthu::test::writeFile(out / "p.zip", files.exportPackage(clerk, id));
        REQUIRE(
            vanthu::test::run({"unzip", "-q", (out / "p.zip").string(), "-d", (out / "p").string()})
                .exitCode == 0);
        CHECK(vanthu::test::readFile(out / "p" / kChecksumsName).find(pdfHash) !=
              std::string::npos);
        const auto sums = vanthu::test::run(
            {"sh", "-c",
             "cd '" + (out / "p").string() + "' && sha256sum -c --quiet " + kChecksumsName});
        CHECK(sums.exitCode == 0);
    }
}

TEST_CASE("Closed files are flagged 30 days before they are due at the archive", "[casefiles]") {
    DemoWorld world;
    CaseFiles files(*world.storage, *world.blobs, *world.audit, clockOf(world));
    const auto file = closedCaseFile(world, files);
    const auto clerk = world.actor("vanthu.vq");
    CHECK_FALSE(files.caseFile(clerk, file.id).archiveWarning);
    CHECK(files.dueForArchive(clerk).empty());
    world.now->store(vietnamMidnight(2027, 5, 16)); // 31 days before 2027-06-16
    CHECK_FALSE(files.caseFile(clerk, file.id).archiveWarning);
    world.now->store(vietnamMidnight(2027, 5, 17)); // 30 days before
    CHECK(files.caseFile(clerk, file.id).archiveWarning);
    world.now->store(vietnamMidnight(2027, 8, 1)); // overdue
    REQUIRE(files.dueForArchive(clerk).size() == 1);
    CHECK(CaseFiles::archiveDueOn("2028-02-29") == "2029-02-28");
}

TEST_CASE("Incoming letters are filed once registered, a secret one is read only by who may "
          "see it",
          "[casefiles]") {
    RoutingWorld world;
    CaseFiles files(*world.storage, *world.blobs, *world.audit, clockOf(world));
    const auto clerk = world.actor("vanthu.vq");
    const auto specialist = world.actor("chuyenvien.vq");
    const auto plain = world.incoming->enterPaper(clerk, world.paperLetter("công văn thường"));
    auto letter = world.paperLetter("công văn mật");
    letter.secrecy = "MẬT";
    const auto secret = world.incoming->enterPaper(clerk, letter);
    const auto file = files.open(clerk, listEntry(world, files, "HS-DEN").id);

    CHECK_THROWS_AS(files.addDocument(clerk, file.id, kIncomingKind, plain.id), NotFound);
    world.incoming->registerArrival(clerk, plain.id);
    world.incoming->registerArrival(clerk, secret.id);
    CHECK_THROWS_AS(files.addDocument(specialist, file.id, kIncomingKind, plain.id), Forbidden);
    files.addDocument(clerk, file.id, kIncomingKind, plain.id);
    const auto filed = files.documents(specialist, file.id); // the office's record
    REQUIRE(filed.size() == 1);
    CHECK(filed[0].kind == kIncomingKind);
    CHECK(filed[0].subject == "công văn thường");
    CHECK(filed[0].pageAmount >= 1);

    files.addDocument(clerk, file.id, kIncomingKind, secret.id);
    CHECK(files.documents(clerk, file.id).size() == 2);
    CHECK_THROWS_AS(files.documents(specialist, file.id), NotFound);
    CHECK_THROWS_AS(files.documents(world.actor("vanthu.bl"), file.id), NotFound);
}

TEST_CASE("A broken scan is refused, one kept from before is named when closing and can be "
          "taken out of the open file",
          "[casefiles][hostile]") {
    RoutingWorld world;
    CaseFiles files(*world.storage, *world.blobs, *world.audit, clockOf(world));
    const auto clerk = world.actor("vanthu.vq");

    auto broken = world.paperLetter("bản quét hỏng");
    broken.pdf = "%PDF-1.7\n";
    try {
        world.incoming->enterPaper(clerk, broken);
        FAIL("a PDF without pages was accepted");
    } catch (const InvalidInput& e) {
        CHECK(e.field() == "pdf");
        CHECK(std::string(e.what()).find("không dùng được") != std::string::npos);
    }

    // One that came in before uploads were opened: its row points at "%PDF-1.7\n".
    const auto good = world.incoming->enterPaper(clerk, world.paperLetter("công văn tốt"));
    const auto old = world.incoming->enterPaper(clerk, world.paperLetter("bản quét cũ hỏng"));
    world.incoming->registerArrival(clerk, good.id);
    world.incoming->registerArrival(clerk, old.id);
    const auto blob = world.blobs->put("%PDF-1.7\n");
    REQUIRE(vanthu::test::databaseSql(SqlStorage::databaseFileIn(world.dir.path()),
                                      "UPDATE incoming_documents SET pdf = '" + blob +
                                          "' WHERE id = " + std::to_string(old.id))
                .exitCode == 0);
    CaseFiles& reopened = files;

    auto file = reopened.open(clerk, listEntry(world, reopened, "HS-QUET").id);
    reopened.addDocument(clerk, file.id, kIncomingKind, good.id);
    reopened.addDocument(clerk, file.id, kIncomingKind, old.id);
    CHECK(reopened.documents(clerk, file.id).size() == 2); // still seen, to be mended
    try {
        reopened.close(clerk, file.id);
        FAIL("a case file with an unreadable PDF was closed");
    } catch (const Conflict& e) {
        CHECK(std::string(e.what()).find("bản quét cũ hỏng") != std::string::npos);
    }
    CHECK_THROWS_AS(reopened.exportPackage(clerk, file.id), Conflict); // open: no package

    CHECK_THROWS_AS(
        reopened.removeDocument(world.actor("chuyenvien.vq"), file.id, kIncomingKind, old.id),
        Forbidden);
    file = reopened.removeDocument(clerk, file.id, kIncomingKind, old.id);
    CHECK(file.docTotal == 1);
    CHECK_THROWS_AS(reopened.removeDocument(clerk, file.id, kIncomingKind, old.id), NotFound);
    CHECK(world.audit->latest(5).front().action == "remove-document");
    CHECK(world.audit->verify().intact);
    file = reopened.close(clerk, file.id);
    CHECK(file.docTotal == 1);
    CHECK(!reopened.exportPackage(clerk, file.id).empty());
    CHECK_THROWS_AS(reopened.removeDocument(clerk, file.id, kIncomingKind, good.id), Conflict);
}
