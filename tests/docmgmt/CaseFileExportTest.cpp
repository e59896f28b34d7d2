// Case files as NĐ 30 Phụ lục VI asks (issue 15 item 1): one PDF with an index page and
// bookmarks in date order (III.4g) with its metadata XML, the index of documents in a file and
// the index of files as CSV (Phần V.5, V.6), the handover to the agency archive (III.5c) and the
// 30-day notice (III.5b). Checked with independent tools: qpdf, pdftotext, xmllint.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "CaseFileFixtures.hpp"
#include "IncomingFixtures.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/Passwords.hpp"

using namespace vanthu::docmgmt;
using vanthu::test::closedCaseFile;
using vanthu::test::DemoWorld;
using vanthu::test::issuedLetter;
using vanthu::test::listEntry;
using vanthu::test::readFile;
using vanthu::test::RoutingWorld;
using vanthu::test::run;
using vanthu::test::TempDir;
using vanthu::test::writeFile;

namespace {

Clock clockOf(const DemoWorld& world) {
    const auto now = world.now;
    return [now] { return now->load(); };
}

std::vector<std::string> split(const std::string& text, char by) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t at; (at = text.find(by, start)) != std::string::npos; start = at + 1) {
        parts.push_back(text.substr(start, at - start));
    }
    parts.push_back(text.substr(start));
    return parts;
}

/// Whether the texts appear in `text` in this order.
bool inOrder(const std::string& text, const std::vector<std::string>& parts) {
    std::size_t from = 0;
    for (const auto& part : parts) {
        const auto at = text.find(part, from);
        if (at == std::string::npos) {
            return false;
        }
        from = at + part.size();
    }
    return true;
}

/// A file of three documents filed out of date order: an outgoing letter of 18/06, one of
/// 16/06 and a registered incoming letter of 28/05 whose subject starts with "=".
struct ThreeDocuments {
    RoutingWorld world;
    CaseFiles files{*world.storage, *world.blobs, *world.audit, clockOf(world)};
    Actor clerk = world.actor("vanthu.vq");
    CaseFile file;
    Id early = 0, late = 0, incoming = 0;

    ThreeDocuments() {
        early = issuedLetter(world, "chuyển đổi số");
        world.setDay(2026, 6, 18);
        late = issuedLetter(world, "cải cách hành chính");
        const Id source = issuedLetter(world, "hướng dẫn của sở nội vụ");
        auto paper = world.paperLetter("=1+2 lập hồ sơ điện tử");
        paper.pdf = world.blobs->get(world.storage->findDocument(source)->issuedPdf);
        incoming = world.incoming->enterPaper(clerk, paper).id;
        world.incoming->registerArrival(clerk, incoming);
        file = files.open(clerk, listEntry(world, files, "HS-01").id);
        files.addDocument(clerk, file.id, kOutgoingKind, late);
        files.addDocument(clerk, file.id, kOutgoingKind, early);
        files.addDocument(clerk, file.id, kIncomingKind, incoming);
    }
};

} // namespace

TEST_CASE("A case file exported as one PDF: index page, documents in date order, bookmarks",
          "[casefiles][export]") {
    ThreeDocuments three;
    auto& files = three.files;
    const auto docs = files.documents(three.clerk, three.file.id);
    REQUIRE(docs.size() == 3);
    int pages = 0;
    for (const auto& doc : docs) {
        pages += doc.pageAmount;
    }

    TempDir out;
    const auto pdfPath = out / "HS-01.pdf";
    writeFile(pdfPath, files.exportPdf(three.clerk, three.file.id));
    CHECK(three.world.audit->about("casefile/" + std::to_string(three.file.id)).back().action ==
          "export-pdf");

    const auto check = run({"qpdf", "--check", pdfPath.string()});
    INFO(check.out << check.err);
    CHECK(check.exitCode == 0);
    const auto count = run({"qpdf", "--show-npages", pdfPath.string()});
    REQUIRE(count.exitCode == 0);
    CHECK(std::stoi(count.out) == 1 + pages); // one index page, then every page of each

    const auto text = run({"pdftotext", "-enc", "UTF-8", pdfPath.string(), "-"});
    REQUIRE(text.exitCode == 0);
    const auto byPage = split(text.out, '\f');
    REQUIRE(byPage.size() >= static_cast<std::size_t>(1 + pages));
    const std::string& index = byPage[0];
    INFO(index);
    CHECK(index.find("MỤC LỤC VĂN BẢN") != std::string::npos);
    CHECK(index.find("HS-01") != std::string::npos);
    CHECK(index.find("Trích yếu nội dung") != std::string::npos);
    // the index lists them by date: 28/05 (incoming), 16/06, 18/06, with their notations
    CHECK(inOrder(index, {"28/05/2026", "16/06/2026", "18/06/2026"}));
    CHECK(inOrder(index, {"lập hồ sơ điện tử", "chuyển đổi số", "cải cách hành chính"}));
    CHECK(index.find("SNV-CCHC") != std::string::npos);
    CHECK(index.find("UBND-NV") != std::string::npos);
    // and each document's own text follows in that order
    std::string rest;
    for (std::size_t p = 1; p < byPage.size(); ++p) {
        rest += byPage[p];
    }
    CHECK(inOrder(rest, {"hướng dẫn của sở nội vụ", "chuyển đổi số", "cải cách hành chính"}));

    // bookmarks: the root, the index, then one per document on its first page
    const auto json = run({"qpdf", "--json", "--json-key=outlines", pdfPath.string()});
    REQUIRE(json.exitCode == 0);
    INFO(json.out);
    CHECK(json.out.find("Hồ sơ HS-01") != std::string::npos);
    CHECK(inOrder(json.out, {"MỤC LỤC VĂN BẢN", "1. ", "lập hồ sơ điện tử", "2. ", "chuyển đổi số",
                             "3. ", "cải cách hành chính"}));
    const int secondStart = 2 + docs[2].pageAmount; // the incoming letter is first
    CHECK(json.out.find("\"destpageposfrom1\": 2") != std::string::npos);
    CHECK(json.out.find("\"destpageposfrom1\": " + std::to_string(secondStart)) !=
          std::string::npos);
    // the index page names the same start pages
    CHECK(index.find(std::to_string(secondStart)) != std::string::npos);
}

TEST_CASE("A case file's metadata XML uses Phần II's names, documents in date order",
          "[casefiles][export]") {
    ThreeDocuments three;
    TempDir out;
    const auto xmlPath = out / "HS-01.xml";
    writeFile(xmlPath,
              three.files.exportMetadataXml(three.world.actor("chuyenvien.vq"), three.file.id));
    const auto lint = run({"xmllint", "--noout", xmlPath.string()});
    INFO(lint.err);
    CHECK(lint.exitCode == 0);
    const std::string xml = readFile(xmlPath);
    for (const char* field :
         {"<FileCode>HS-01</FileCode>", "<Title>", "<Maintenance>10 năm</Maintenance>", "<Rights>",
          "<Creator>", "<Language>", "<StartDate>2026-05-28</StartDate>",
          "<EndDate>2026-06-18</EndDate>", "<DocTotal>3</DocTotal>", "<PageTotal>", "<DocOrdinal>",
          "<CodeNumber>", "<CodeNotation>", "<IssuedDate>", "<OrganName>", "<Subject>",
          "<PageAmount>", "<SignerInfo>"}) {
        INFO(field);
        CHECK(xml.find(field) != std::string::npos);
    }
    CHECK(inOrder(xml, {"<IssuedDate>2026-05-28</IssuedDate>", "<IssuedDate>2026-06-16",
                        "<IssuedDate>2026-06-18"}));
    CHECK(xml.find("<Subject>=1+2 lập hồ sơ điện tử</Subject>") != std::string::npos);
    // other offices see nothing
    CHECK_THROWS_AS(three.files.exportMetadataXml(three.world.actor("vanthu.bl"), three.file.id),
                    NotFound);
    CHECK_THROWS_AS(three.files.exportPdf(three.world.actor("vanthu.bl"), three.file.id), NotFound);
}

TEST_CASE("The index of documents in a file and the index of files as CSV, formulas defused",
          "[casefiles][export]") {
    ThreeDocuments three;
    const std::string documents =
        three.files.documentIndexCsv(three.world.actor("chuyenvien.vq"), three.file.id);
    const auto lines = split(documents, '\n');
    REQUIRE(lines.size() == 5); // heading, three rows, and the empty end
    CHECK(lines[0].find("STT,Số và ký hiệu,Ngày") != std::string::npos);
    CHECK(lines[1].rfind("1,", 0) == 0);
    CHECK(lines[1].find("28/05/2026") != std::string::npos);
    CHECK(lines[1].find(",'=1+2 lập hồ sơ điện tử,") != std::string::npos); // not a formula
    CHECK(lines[2].find("16/06/2026") != std::string::npos);
    CHECK(lines[3].find("18/06/2026") != std::string::npos);
    CHECK(lines[3].find("cải cách hành chính") != std::string::npos);

    three.files.close(three.clerk, three.file.id);
    const std::string index = three.files.fileIndexCsv(three.clerk, 2026);
    const auto rows = split(index, '\n');
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].find("Số và ký hiệu hồ sơ,Tiêu đề hồ sơ") != std::string::npos);
    CHECK(rows[1].find("1,HS-01,Hồ sơ về cải cách hành chính năm 2026,28/05/2026,18/06/2026,"
                       "10 năm,") != std::string::npos);
    CHECK(rows[1].find(",3,") != std::string::npos);
    CHECK(rows[1].find("Đã đóng") != std::string::npos);
    CHECK(split(three.files.fileIndexCsv(three.clerk, 2025), '\n').size() == 2);
}

TEST_CASE("A closed file handed over to the agency archive: who, when, the package's hash",
          "[casefiles][handover]") {
    DemoWorld world;
    CaseFiles files(*world.storage, *world.blobs, *world.audit, clockOf(world));
    const auto clerk = world.actor("vanthu.vq");
    const auto file = closedCaseFile(world, files);
    const auto open = files.open(clerk, listEntry(world, files, "HS-MO").id);
    CHECK_THROWS_AS(files.handOver(clerk, open.id, ""), Conflict);
    CHECK_THROWS_AS(files.handOver(world.actor("chuyenvien.vq"), file.id, ""), Forbidden);
    CHECK_THROWS_AS(files.handOver(world.actor("vanthu.bl"), file.id, ""), NotFound);
    CHECK_FALSE(files.caseFile(clerk, file.id).handover);

    world.now->store(vietnamMidnight(2027, 6, 1)); // within 30 days of 2027-06-16
    CHECK(files.caseFile(clerk, file.id).archiveWarning);
    const auto handover = files.handOver(clerk, file.id, "Lưu trữ cơ quan — Phòng Nội vụ");
    CHECK(handover.handedBy == world.user("vanthu.vq").id);
    CHECK(handover.packageSha256.size() == 64);
    const auto view = files.caseFile(world.actor("chuyenvien.vq"), file.id);
    REQUIRE(view.handover);
    CHECK(view.handover->handedByName == world.user("vanthu.vq").fullName);
    CHECK(view.handover->receiver == "Lưu trữ cơ quan — Phòng Nội vụ");
    CHECK(view.handover->handedAt.rfind("2027-06-01", 0) == 0);
    CHECK_FALSE(view.archiveWarning); // handed over: no longer due
    CHECK(files.dueForArchive(clerk).empty());
    // the package handed over is the one downloaded, byte for byte, every time
    CHECK(sha256Hex(files.exportPackage(clerk, file.id)) == handover.packageSha256);
    CHECK(sha256Hex(files.exportPackage(clerk, file.id)) == handover.packageSha256);
    CHECK_THROWS_AS(files.handOver(clerk, file.id, ""), Conflict);
    const auto audit = world.audit->about("casefile/" + std::to_string(file.id));
    bool recorded = false;
    for (const auto& record : audit) {
        recorded = recorded || (record.action == "handover" &&
                                record.detail.find(handover.packageSha256) != std::string::npos);
    }
    CHECK(recorded);
    CHECK(world.audit->verify().intact);
}

TEST_CASE("The 30-day notice reaches the person responsible and the clerks, once",
          "[casefiles][handover]") {
    DemoWorld world;
    CaseFiles files(*world.storage, *world.blobs, *world.audit, clockOf(world));
    const auto clerk = world.actor("vanthu.vq");
    const auto file = closedCaseFile(world, files); // due 2027-06-16, vanthu.vq responsible
    std::vector<std::string> clerks;
    for (const auto& user : world.storage->users(world.user("vanthu.vq").officeId)) {
        if (user.active && user.role == Role::Clerk) {
            clerks.push_back(user.username);
        }
    }
    REQUIRE_FALSE(clerks.empty());

    CHECK(files.sendArchiveNotices() == 0);         // a year before: nothing
    world.now->store(vietnamMidnight(2027, 5, 16)); // 31 days before
    CHECK(files.sendArchiveNotices() == 0);
    world.now->store(vietnamMidnight(2027, 5, 17)); // 30 days before
    CHECK(files.sendArchiveNotices() == static_cast<int>(clerks.size()));
    CHECK(files.sendArchiveNotices() == 0); // once per file and person
    for (const auto& name : clerks) {
        const auto notices = files.notices(world.actor(name));
        REQUIRE(notices.size() == 1);
        CHECK(notices[0].caseFileId == file.id);
        CHECK(notices[0].fileCode == "HS-01");
        CHECK(notices[0].dueOn == "2027-06-16");
    }
    CHECK(files.notices(world.actor("chuyenvien.vq")).empty()); // not responsible, not a clerk
    CHECK(files.notices(world.actor("vanthu.bl")).empty());
    const auto audit = world.audit->about("casefile/" + std::to_string(file.id));
    CHECK(audit.back().action == "archive-notice");
    CHECK(audit.back().detail.find("vanthu.vq") != std::string::npos);

    const Id id = files.notices(clerk).front().id;
    CHECK_THROWS_AS(files.markNoticeRead(world.actor("vanthu.bl"), id), NotFound);
    files.markNoticeRead(clerk, id);
    CHECK(files.notices(clerk).empty());
    CHECK(files.notices(clerk, false).size() == 1);
    CHECK_THROWS_AS(files.markNoticeRead(clerk, id), NotFound);

    // a file handed over is not announced
    const auto second = files.open(clerk, listEntry(world, files, "HS-02").id);
    files.addDocument(clerk, second.id, kOutgoingKind, issuedLetter(world, "hồ sơ hai"));
    files.close(clerk, second.id); // due 2028-05-17
    files.handOver(clerk, second.id, "");
    world.now->store(vietnamMidnight(2028, 5, 1));
    CHECK(files.sendArchiveNotices() == 0);
}

TEST_CASE("The 30-day notice sent by two servers at once still reaches each person once",
          "[casefiles][handover][claims]") {
    DemoWorld world;
    CaseFiles files(*world.storage, *world.blobs, *world.audit, clockOf(world));
    closedCaseFile(world, files); // due 2027-06-16
    // A second server on the same database.
    const auto other = vanthu::test::openStorage(SqlStorage::databaseFileIn(world.dir.path()));
    const auto otherBlobs = vanthu::test::openBlobs(world.dir.path());
    AuditTrail otherAudit(*other, clockOf(world));
    CaseFiles elsewhere(*other, *otherBlobs, otherAudit, clockOf(world));
    int people = 0;
    for (const auto& user : world.storage->users(world.user("vanthu.vq").officeId)) {
        people += user.active && user.role == Role::Clerk ? 1 : 0;
    }
    REQUIRE(people > 0);
    world.now->store(vietnamMidnight(2027, 5, 17)); // 30 days before
    std::atomic<int> sent{0};
    std::thread a([&] { sent += files.sendArchiveNotices(); });
    std::thread b([&] { sent += elsewhere.sendArchiveNotices(); });
    a.join();
    b.join();
    CHECK(sent == people);
    for (const auto& user : world.storage->users(world.user("vanthu.vq").officeId)) {
        if (user.active && user.role == Role::Clerk) {
            CHECK(files.notices(world.actor(user.username)).size() == 1);
        }
    }
    CHECK(world.audit->verify().intact);
}
