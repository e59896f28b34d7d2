// A case file's own Phần II fields entered per file (Rights, Language, Description, Creator) and
// a case file frozen by an authorised order (NĐ 30 Phụ lục VI IV.1g): refused in code with the
// order named, refused by the database too (migration 24's triggers), audited, lifted by order.
#include <catch2/catch.hpp>

#include "CaseFileFixtures.hpp"
#include "vanthu/docmgmt/ArchivePackage.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/Passwords.hpp"

using namespace vanthu::docmgmt;
using vanthu::test::DemoWorld;
using vanthu::test::issuedLetter;
using vanthu::test::listEntry;

namespace {

Clock clockOf(const DemoWorld& world) {
    const auto now = world.now;
    return [now] { return now->load(); };
}

std::vector<std::string> actionsOn(DemoWorld& world, Id file) {
    std::vector<std::string> actions;
    for (const auto& record : world.audit->about("casefile/" + std::to_string(file))) {
        actions.push_back(record.action);
    }
    return actions;
}

} // namespace

TEST_CASE("A case file's Rights, Language, Description and Creator are entered per file and "
          "written in its manifest",
          "[casefiles]") {
    DemoWorld world;
    CaseFiles files(*world.storage, *world.blobs, *world.audit, clockOf(world));
    const auto clerk = world.actor("vanthu.vq");
    const auto leader = world.user("chutich.vq");
    auto file = files.open(clerk, listEntry(world, files, "HS-03").id);
    CHECK(file.rights == "Hạn chế");

    CaseFileDescription d;
    d.rights = "Công khai";
    d.language = "Tiếng Việt, Tiếng Anh";
    d.description = "Hồ sơ dự án";
    d.responsibleId = leader.id;
    file = files.describe(clerk, file.id, d);
    CHECK(file.rights == "Công khai");
    CHECK(actionsOn(world, file.id).back() == "describe");
    CHECK(files.caseFile(clerk, file.id).responsibleName == leader.fullName);

    auto bad = d;
    bad.rights = "Mật";
    CHECK_THROWS_AS(files.describe(clerk, file.id, bad), InvalidInput);
    bad = d;
    bad.language = std::string(31, 'x');
    CHECK_THROWS_AS(files.describe(clerk, file.id, bad), InvalidInput);
    bad = d;
    bad.responsibleId = world.user("vanthu.bl").id; // another office's
    CHECK_THROWS_AS(files.describe(clerk, file.id, bad), InvalidInput);
    CHECK_THROWS_AS(files.describe(world.actor("chuyenvien.vq"), file.id, d), Forbidden);

    files.addDocument(clerk, file.id, kOutgoingKind, issuedLetter(world, "Về việc mô tả hồ sơ"));
    file = files.close(clerk, file.id);
    CHECK_THROWS_AS(files.describe(clerk, file.id, d), Conflict);
    const auto xml = files.exportMetadataXml(clerk, file.id);
    CHECK(xml.find("<Rights>Công khai</Rights>") != std::string::npos);
    CHECK(xml.find("<Language>Tiếng Việt, Tiếng Anh</Language>") != std::string::npos);
    CHECK(xml.find("<Creator>" + leader.fullName + "</Creator>") != std::string::npos);
    CHECK(xml.find("<Description>Hồ sơ dự án</Description>") != std::string::npos);
}

TEST_CASE("A case file's description saved from an older version is refused (409), naming who "
          "described it and when, nothing written",
          "[casefiles][stale]") {
    DemoWorld world;
    CaseFiles files(*world.storage, *world.blobs, *world.audit, clockOf(world));
    const auto clerk = world.actor("vanthu.vq");
    const auto leader = world.actor("chutich.vq");
    auto file = files.open(clerk, listEntry(world, files, "HS-03").id);
    REQUIRE(file.version == 1);

    // The clerk and the leader open the description form at version 1.
    CaseFileDescription clerks;
    clerks.rights = "Công khai";
    clerks.description = "Bản của văn thư";
    clerks.baseVersion = 1;
    file = files.describe(clerk, file.id, clerks);
    CHECK(file.version == 2);
    CHECK(files.caseFile(clerk, file.id).file.version == 2);

    world.now->fetch_add(60);
    CaseFileDescription leaders;
    leaders.description = "Bản của lãnh đạo";
    leaders.baseVersion = 1;
    try {
        files.describe(leader, file.id, leaders);
        FAIL("a stale description was written");
    } catch (const StaleVersion& e) {
        CHECK(e.currentVersion() == 2);
        CHECK(e.changedBy() == world.user("vanthu.vq").fullName);
        CHECK_FALSE(e.changedAt().empty());
        const std::string message = e.what();
        CHECK(message.find("Mô tả hồ sơ HS-03 đã được " + world.user("vanthu.vq").fullName) == 0);
        CHECK(message.find("phiên bản 2, bạn đang sửa phiên bản 1") != std::string::npos);
    }
    const auto kept = files.caseFile(clerk, file.id).file;
    CHECK(kept.description == "Bản của văn thư");
    CHECK(kept.rights == "Công khai");
    CHECK(kept.version == 2);
    CHECK(actionsOn(world, file.id).back() == "describe");

    // From the version seen now (after "Tải lại"), the leader's description is saved.
    leaders.baseVersion = 2;
    file = files.describe(leader, file.id, leaders);
    CHECK(file.version == 3);
    CHECK(files.caseFile(clerk, file.id).file.description == "Bản của lãnh đạo");
}

TEST_CASE("A case file frozen by an authorised order: nothing goes in or out, it is not closed "
          "nor handed over, the database refuses too, audited, lifted by another order",
          "[casefiles]") {
    DemoWorld world;
    CaseFiles files(*world.storage, *world.blobs, *world.audit, clockOf(world));
    const auto clerk = world.actor("vanthu.vq");
    const auto admin = world.actor("quantri.vq");
    const Id first = issuedLetter(world, "Về việc thanh tra đất đai");
    const Id second = issuedLetter(world, "Về việc kết luận thanh tra");
    auto file = files.open(clerk, listEntry(world, files, "HS-05").id);
    files.addDocument(clerk, file.id, kOutgoingKind, first);
    const Id office = clerk.user.officeId;

    CHECK_THROWS_AS(files.freeze(clerk, office, "HS-05", 2026, "QĐ 12/QĐ-TTr"), Forbidden);
    CHECK_THROWS_AS(files.freeze(admin, office, "HS-05", 2026, " "), InvalidInput);
    CHECK_THROWS_AS(files.freeze(admin, office, "HS-99", 2026, "QĐ 12"), NotFound);
    CHECK_THROWS_AS(files.freeze(admin, world.user("vanthu.bl").officeId, "HS-05", 2026, "QĐ 12"),
                    Forbidden);
    const auto frozen =
        files.freeze(admin, office, "HS-05", 2026, "Quyết định 12/QĐ-TTr ngày 15/6/2026");
    CHECK(frozen.caseFileId == file.id);
    CHECK(frozen.code == "HS-05");
    CHECK(frozen.frozenByName == admin.user.fullName);
    CHECK_THROWS_AS(files.freeze(admin, office, "HS-05", 2026, "QĐ 13"), Conflict);
    REQUIRE(files.freezes(admin, office).size() == 1);
    CHECK(files.caseFile(clerk, file.id).frozen->orderRef == "Quyết định 12/QĐ-TTr ngày 15/6/2026");

    // refused in code, naming the order
    try {
        files.addDocument(clerk, file.id, kOutgoingKind, second);
        FAIL("a frozen file took a document");
    } catch (const Conflict& e) {
        CHECK(std::string(e.what()).find("Quyết định 12/QĐ-TTr") != std::string::npos);
    }
    CHECK_THROWS_AS(files.removeDocument(clerk, file.id, kOutgoingKind, first), Conflict);
    CHECK_THROWS_AS(files.close(clerk, file.id), Conflict);
    CHECK_THROWS_AS(files.describe(clerk, file.id, CaseFileDescription{}), Conflict);
    // and by the database, whatever the code does
    CaseFileItem item;
    item.caseFileId = file.id;
    item.kind = kOutgoingKind;
    item.documentId = second;
    item.ordinal = 2;
    item.addedBy = clerk.user.id;
    item.addedAt = "2026-06-16T09:00:00+07:00";
    CHECK_THROWS_AS(world.storage->addCaseFileItem(item), Conflict);
    CHECK_THROWS_AS(world.storage->removeCaseFileItem(file.id, kOutgoingKind, first), Conflict);
    auto changed = world.storage->findCaseFile(file.id).value();
    changed.title = "khác";
    CHECK_THROWS_AS(world.storage->updateCaseFile(changed), Conflict);
    CHECK(files.documents(clerk, file.id).size() == 1); // still read

    CHECK_THROWS_AS(files.unfreeze(admin, file.id, ""), InvalidInput);
    CHECK_THROWS_AS(files.unfreeze(clerk, file.id, "QĐ 20"), Forbidden);
    files.unfreeze(admin, file.id, "Quyết định 20/QĐ-TTr ngày 20/6/2026");
    CHECK(files.freezes(admin, office).empty());
    CHECK_THROWS_AS(files.unfreeze(admin, file.id, "QĐ 21"), Conflict);
    files.addDocument(clerk, file.id, kOutgoingKind, second);
    CHECK(actionsOn(world, file.id) ==
          std::vector<std::string>{"create", "add-document", "freeze", "unfreeze", "add-document"});
    const auto entries = world.audit->about("casefile/" + std::to_string(file.id));
    CHECK(entries[2].detail == "Quyết định 12/QĐ-TTr ngày 15/6/2026");
    CHECK(world.audit->verify().intact);
}

TEST_CASE("A permanent file at the agency archive is handed on to the historical archive with "
          "the same package, once, and a file kept for years is not",
          "[casefiles][handover]") {
    DemoWorld world;
    CaseFiles files(*world.storage, *world.blobs, *world.audit, clockOf(world));
    const auto clerk = world.actor("vanthu.vq");
    const Id letter = issuedLetter(world, "Về việc quy hoạch sử dụng đất");

    auto file = files.open(clerk, listEntry(world, files, "HS-VV", "vĩnh viễn").id);
    files.addDocument(clerk, file.id, kOutgoingKind, letter);
    file = files.close(clerk, file.id);
    CHECK_THROWS_AS(files.transferToHistorical(clerk, file.id, ""), Conflict); // not handed over
    const auto handover = files.handOver(clerk, file.id, "Lưu trữ cơ quan");
    CHECK_THROWS_AS(files.transferToHistorical(world.actor("chuyenvien.vq"), file.id, ""),
                    Forbidden);
    const auto transfer =
        files.transferToHistorical(clerk, file.id, "Trung tâm Lưu trữ lịch sử tỉnh");
    CHECK(transfer.packageSha256 == handover.packageSha256);
    const auto view = files.caseFile(clerk, file.id);
    REQUIRE(view.historical);
    CHECK(view.historical->receiver == "Trung tâm Lưu trữ lịch sử tỉnh");
    CHECK(view.historical->handedByName == clerk.user.fullName);
    CHECK(actionsOn(world, file.id).back() == "transfer-historical");
    CHECK(sha256Hex(files.exportPackage(clerk, file.id)) == handover.packageSha256);
    CHECK_THROWS_AS(files.transferToHistorical(clerk, file.id, ""), Conflict); // once

    auto years = files.open(clerk, listEntry(world, files, "HS-10N", "10 năm").id);
    files.addDocument(clerk, years.id, kOutgoingKind, letter);
    years = files.close(clerk, years.id);
    files.handOver(clerk, years.id, "");
    try {
        files.transferToHistorical(clerk, years.id, "");
        FAIL("a file kept for 10 years went to the historical archive");
    } catch (const Conflict& e) {
        CHECK(std::string(e.what()).find("vĩnh viễn") != std::string::npos);
    }
    CHECK(world.audit->verify().intact);
}
