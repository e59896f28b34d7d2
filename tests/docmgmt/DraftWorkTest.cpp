// Issue 14 item 4: comments on drafts, versions listed and compared, a leader's edit of a
// submitted draft, and the files an outgoing letter carries beside its PDF.
#include <catch2/catch.hpp>

#include <algorithm>

#include "CaseFileFixtures.hpp"
#include "IncomingFixtures.hpp"
#include "vanthu/docmgmt/ArchivePackage.hpp"
#include "vanthu/docmgmt/DraftComparison.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/Passwords.hpp"

using namespace vanthu::docmgmt;
using vanthu::test::DemoWorld;
using vanthu::test::RoutingWorld;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> actionsOf(const std::vector<AuditRecord>& history) {
    std::vector<std::string> actions;
    for (const auto& entry : history) {
        actions.push_back(entry.action);
    }
    return actions;
}

std::string rebuilt(const std::vector<WordChange>& runs, WordChange::Kind skipped) {
    std::string out;
    for (const auto& run : runs) {
        if (run.kind != skipped) {
            out += run.text;
        }
    }
    return out;
}

/// A small file of each kind, its first bytes right.
std::string pdfFile() {
    return vanthu::test::unsignedPdf();
}
std::string docxFile() {
    return std::string("PK\x03\x04", 4) + std::string(200, 'x');
}
std::string xlsFile() {
    return std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(100, '\0');
}

/// The exit status of sql run straight on the world's database (sqlite3, or psql in its
/// schema on PostgreSQL), after proving that the database is there with its tables (a refusal
/// must come from the database's own rule, not from a missing file or schema).
int databaseExit(DemoWorld& w, const std::string& sql) {
    const auto db = SqlStorage::databaseFileIn(w.dir.path());
    const auto reachable = vanthu::test::databaseSql(db, "SELECT count(*) FROM documents");
    INFO(reachable.err);
    REQUIRE(reachable.exitCode == 0);
    return vanthu::test::databaseSql(db, sql).exitCode;
}

} // namespace

TEST_CASE("DraftComparison: the body word by word, the fields that changed", "[versions]") {
    const std::string before = "Đề nghị các xã báo cáo\ntrước ngày 20/6./.";
    const std::string after = "Đề nghị các xã, thị trấn báo cáo\ntrước ngày 25/6./.";
    const auto runs = compareWords(before, after);
    CHECK(rebuilt(runs, WordChange::Kind::Added) == before);
    CHECK(rebuilt(runs, WordChange::Kind::Removed) == after);
    std::vector<std::string> removed, added;
    for (const auto& run : runs) {
        if (run.kind == WordChange::Kind::Removed) {
            removed.push_back(run.text);
        } else if (run.kind == WordChange::Kind::Added) {
            added.push_back(run.text);
        }
    }
    CHECK(removed == std::vector<std::string>{"xã", "20/6./."});
    CHECK(added == std::vector<std::string>{"xã,", "thị trấn ", "25/6./."});
    CHECK(compareWords(before, before).size() == 1);
    CHECK(compareWords("", "một hai").front().kind == WordChange::Kind::Added);
    // A middle too long to compare word by word is removed and added whole, still exact.
    const auto whole = compareWords("a b c d", "a x y d", 4);
    CHECK(rebuilt(whole, WordChange::Kind::Added) == "a b c d");
    CHECK(rebuilt(whole, WordChange::Kind::Removed) == "a x y d");

    DraftInput a, b;
    a.subject = "báo cáo tháng";
    b.subject = "báo cáo quý";
    a.recipients = {"UBND các xã."};
    b.recipients = {"UBND các xã.", "UBND thị trấn."};
    a.body = "một";
    b.body = "hai";
    const auto fields = compareFields(a, b, "Nông Văn Hòa", "Nông Văn Hòa");
    REQUIRE(fields.size() == 2); // the body is compared apart, the same signer is no change
    CHECK(fields[0].field == "subject");
    CHECK(fields[0].label == "Trích yếu");
    CHECK(fields[0].before == "báo cáo tháng");
    CHECK(fields[0].after == "báo cáo quý");
    CHECK(fields[1].field == "recipients");
    CHECK(fields[1].after == "UBND các xã.\nUBND thị trấn.");
    CHECK(compareFields(a, b, "A", "B").back().field == "signerId");
}

TEST_CASE("OutgoingFlow: comments on a draft by those who may see it, kept with who and when, "
          "never changed nor deleted",
          "[flow][comments]") {
    DemoWorld w;
    const auto specialist = w.actor("chuyenvien.vq");
    const auto chair = w.actor("chutich.vq");
    const auto deputy = w.actor("phochutich.vq");
    const auto clerk = w.actor("vanthu.vq");
    const auto admin = w.actor("quantri.vq");
    const auto otherLeader = w.actor("chutich.nd");

    auto doc = w.flow->createDraft(specialist, w.letterInput("góp ý dự thảo"));
    const auto first = w.flow->addComment(specialist, doc.id, "Xin ý kiến về thời hạn.");
    CHECK(first.id > 0);
    CHECK(first.version == 1);
    CHECK(first.authorId == w.user("chuyenvien.vq").id);
    CHECK(first.writtenAt == "2026-06-16T09:30:00+07:00");
    // Who may not see the draft may not comment on it.
    CHECK_THROWS_AS(w.flow->addComment(chair, doc.id, "chưa trình"), NotFound);
    CHECK_THROWS_AS(w.flow->comments(chair, doc.id), NotFound);
    CHECK_THROWS_AS(w.flow->addComment(admin, doc.id, "quản trị"), Forbidden);
    CHECK_THROWS_AS(w.flow->addComment(otherLeader, doc.id, "cơ quan khác"), NotFound);
    CHECK_THROWS_AS(w.flow->addComment(specialist, doc.id, "  \n"), InvalidInput);
    CHECK_THROWS_AS(w.flow->addComment(specialist, doc.id, std::string(4001, 'a')), InvalidInput);

    doc = w.flow->submit(specialist, doc.id);
    w.now->fetch_add(60);
    w.flow->addComment(chair, doc.id, "Đề nghị ghi rõ ngày.");
    CHECK_THROWS_AS(w.flow->addComment(clerk, doc.id, "chưa duyệt"), NotFound);
    doc = w.flow->approve(chair, doc.id);
    w.flow->addComment(clerk, doc.id, "Đã kiểm tra thể thức.");
    w.flow->addComment(deputy, doc.id, "Đồng ý.");

    const auto comments = w.flow->comments(specialist, doc.id);
    REQUIRE(comments.size() == 4);
    CHECK(comments[1].authorId == w.user("chutich.vq").id);
    CHECK(comments[1].text == "Đề nghị ghi rõ ngày.");
    CHECK(comments[1].writtenAt == "2026-06-16T09:31:00+07:00");
    CHECK(comments[2].authorId == w.user("vanthu.vq").id);
    CHECK(w.flow->comments(clerk, doc.id).size() == 4);
    const auto actions = actionsOf(w.flow->history(specialist, doc.id));
    CHECK(std::count(actions.begin(), actions.end(), "comment") == 4);

    // The database itself refuses to change or delete one.
    CHECK(databaseExit(w, "UPDATE document_comments SET text = 'sửa' WHERE id = " +
                              std::to_string(first.id)) != 0);
    CHECK(databaseExit(w, "DELETE FROM document_comments WHERE id = " + std::to_string(first.id)) !=
          0);
    CHECK(w.flow->comments(specialist, doc.id)[0].text == "Xin ý kiến về thời hạn.");

    doc = w.flow->sign(deputy, doc.id);
    doc = w.flow->issue(clerk, doc.id);
    CHECK_THROWS_AS(w.flow->addComment(clerk, doc.id, "sau phát hành"), Conflict);
    CHECK(w.flow->comments(clerk, doc.id).size() == 4);
    CHECK(w.audit->verify().intact);
}

TEST_CASE("OutgoingFlow: every version is kept and compared, and a leader edits a submitted "
          "draft as a version of their own",
          "[flow][versions]") {
    DemoWorld w;
    const auto specialist = w.actor("chuyenvien.vq");
    const auto chair = w.actor("chutich.vq");
    const auto clerk = w.actor("vanthu.vq");
    const auto otherLeader = w.actor("chutich.nd");

    auto doc = w.flow->createDraft(specialist, w.letterInput("báo cáo tháng"));
    auto input = w.letterInput("báo cáo quý");
    input.body = "Đề nghị các cơ quan, đơn vị thực hiện trước ngày 25/6./.";
    doc = w.flow->updateDraft(specialist, doc.id, doc.version, input);
    CHECK(w.flow->allowedActions(chair, doc).empty()); // a draft is its author's
    doc = w.flow->submit(specialist, doc.id);
    CHECK(w.flow->allowedActions(chair, doc) ==
          std::vector<std::string>{"return", "approve", "edit"});
    CHECK(w.flow->allowedActions(specialist, doc).empty());

    // The author may no longer edit it; another office's leader does not see it.
    CHECK_THROWS_AS(w.flow->updateDraft(specialist, doc.id, doc.version, input), Conflict);
    CHECK_THROWS_AS(w.flow->updateDraft(otherLeader, doc.id, doc.version, input), NotFound);
    CHECK_THROWS_AS(w.flow->updateDraft(clerk, doc.id, doc.version, input), NotFound);
    // The leader's edit must keep the submitted draft complete; nothing is written otherwise.
    auto incomplete = input;
    incomplete.body.clear();
    try {
        w.flow->updateDraft(chair, doc.id, doc.version, incomplete);
        FAIL("an incomplete edit of a submitted draft was saved");
    } catch (const InvalidInput& e) {
        REQUIRE_FALSE(e.problems().empty());
        CHECK(e.problems().front().field == "body");
    }
    CHECK(w.storage->documentVersions(doc.id).size() == 2);

    auto leaders = input;
    leaders.body = "Đề nghị các cơ quan, đơn vị thực hiện nghiêm trước ngày 20/6./.";
    doc = w.flow->updateDraft(chair, doc.id, doc.version, leaders);
    CHECK(doc.state == DocumentState::Submitted);
    CHECK(doc.version == 3);
    CHECK(doc.draft.body == leaders.body);
    CHECK(doc.content.find("nghiêm") != std::string::npos); // the content follows the edit

    const auto versions = w.flow->versions(specialist, doc.id);
    REQUIRE(versions.size() == 3);
    CHECK(versions[0].editedAs == kEditedByAuthor);
    CHECK(versions[1].editedAs == kEditedByAuthor);
    CHECK(versions[2].editedAs == kEditedByLeader);
    CHECK(versions[2].authorId == w.user("chutich.vq").id);
    const auto history = w.flow->history(specialist, doc.id);
    CHECK(history.back().action == "edit");
    CHECK(history.back().detail.find("lãnh đạo") != std::string::npos);

    const auto fromFirst = w.flow->compareVersions(specialist, doc.id, 1, 3);
    CHECK(fromFirst.from == 1);
    CHECK(fromFirst.to == 3);
    REQUIRE(fromFirst.fields.size() == 1);
    CHECK(fromFirst.fields[0].field == "subject");
    CHECK(fromFirst.fields[0].before == "báo cáo tháng");
    CHECK(fromFirst.fields[0].after == "báo cáo quý");
    CHECK(fromFirst.bodyChanged());
    const auto leadersEdit = w.flow->compareVersions(chair, doc.id, 2, 3);
    CHECK(leadersEdit.fields.empty());
    std::vector<std::string> added, removed;
    for (const auto& run : leadersEdit.body) {
        if (run.kind == WordChange::Kind::Added) {
            added.push_back(run.text);
        } else if (run.kind == WordChange::Kind::Removed) {
            removed.push_back(run.text);
        }
    }
    CHECK(added == std::vector<std::string>{"nghiêm ", "20/6./."});
    CHECK(removed == std::vector<std::string>{"25/6./."});
    CHECK_THROWS_AS(w.flow->compareVersions(specialist, doc.id, 1, 9), NotFound);
    CHECK_THROWS_AS(w.flow->compareVersions(otherLeader, doc.id, 1, 2), NotFound);

    // The leader's version goes on through the flow.
    doc = w.flow->approve(chair, doc.id);
    CHECK(doc.state == DocumentState::Approved);
    CHECK(w.flow->allowedActions(chair, doc).empty());
    CHECK(w.audit->verify().intact);
}

TEST_CASE("OutgoingFlow: attachments on a draft are bounded, listed, frozen at issue and sent "
          "with the letter to offices here and through the outbox",
          "[flow][attachments]") {
    RoutingWorld w;
    auto office = w.officeOf("vanthu.vq");
    office.peer = "state"; // Văn Quan at a peer server: its copy goes through the outbox
    w.storage->updateOffice(office);
    const auto specialist = w.actor("chuyenvien.bg");
    const auto leader = w.actor("bithu.bg");
    const auto clerk = w.actor("vanthu.bg");

    DraftInput d;
    d.typeCode = "CV";
    d.subject = "gửi kèm phụ lục";
    d.recipients = {"Các huyện ủy trực thuộc,"};
    d.body = "Gửi kèm phụ lục số liệu./.";
    d.distribution = {"Như trên,", "Lưu Văn phòng Tỉnh ủy."};
    d.signerId = w.user("phobithu.bg").id;
    d.authority = "T/M";
    d.authorityOf = "BAN THƯỜNG VỤ";
    d.recipientOffices = {"DEMO.HU.BS", "DEMO.UB.VQ"};
    auto doc = w.flow->createDraft(specialist, d);

    const auto annex = w.flow->addAttachment(specialist, doc.id, "Phụ lục số liệu.pdf", pdfFile());
    CHECK(annex.contentType == "application/pdf");
    CHECK(annex.size == pdfFile().size());
    CHECK(w.blobs->contains(annex.blob));
    w.flow->addAttachment(specialist, doc.id, "Biểu mẫu.docx", docxFile());
    const auto sheet = w.flow->addAttachment(specialist, doc.id, "Bảng tổng hợp.xls", xlsFile());
    CHECK(sheet.contentType == "application/vnd.ms-excel");

    // Refused, nothing stored: a type not allowed, content that is not what its name says, a
    // name taken, a path, an empty or too large file, the count or the total over the limit.
    const auto refusedWith = [&](const std::string& name, const std::string& bytes,
                                 const std::string& field) {
        INFO(name);
        try {
            w.flow->addAttachment(specialist, doc.id, name, bytes);
            FAIL("accepted");
        } catch (const InvalidInput& e) {
            CHECK(e.field() == field);
        }
        CHECK(w.storage->documentAttachments(doc.id).size() == 3);
    };
    refusedWith("chuong-trinh.exe", "MZ", "name");
    refusedWith("anh.png", "\x89PNG", "name");
    refusedWith("gia-mao.pdf", "MZ not a pdf", "file");
    refusedWith("gia-mao.docx", "%PDF-1.7", "file");
    refusedWith("phụ lục số liệu.PDF", pdfFile(), "name");
    refusedWith("../x.pdf", pdfFile(), "name");
    refusedWith("ban-chinh.signed.pdf", pdfFile(), "name");
    refusedWith("rong.pdf", "", "file");
    refusedWith("lon.pdf", "%PDF-" + std::string(5u << 20, 'x'), "file");
    CHECK_THROWS_AS(w.flow->addAttachment(leader, doc.id, "x.pdf", pdfFile()), NotFound);
    CHECK_THROWS_AS(w.flow->addAttachment(clerk, doc.id, "x.pdf", pdfFile()), NotFound);

    // Listed and read back by whoever sees the letter.
    auto files = w.flow->attachments(specialist, doc.id);
    REQUIRE(files.size() == 3);
    CHECK(files[0].name == "Phụ lục số liệu.pdf");
    CHECK(files[1].contentType ==
          "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    CHECK(w.flow->attachment(specialist, doc.id, files[1].id).second == docxFile());
    CHECK_THROWS_AS(w.flow->attachment(specialist, doc.id, 987654), NotFound);

    // Taken off again before issue.
    w.flow->removeAttachment(specialist, doc.id, sheet.id);
    CHECK(w.flow->attachments(specialist, doc.id).size() == 2);
    CHECK_THROWS_AS(w.flow->removeAttachment(specialist, doc.id, sheet.id), NotFound);

    // A leader may add one while the letter waits for approval; then it is frozen.
    w.flow->submit(specialist, doc.id);
    CHECK_THROWS_AS(w.flow->addAttachment(specialist, doc.id, "muon.pdf", pdfFile()), Conflict);
    w.flow->addAttachment(leader, doc.id, "Danh sách.xlsx", docxFile());
    w.flow->approve(leader, doc.id);
    CHECK_THROWS_AS(w.flow->addAttachment(leader, doc.id, "muon.pdf", pdfFile()), Forbidden);
    w.flow->sign(w.actor("phobithu.bg"), doc.id);
    doc = w.flow->issue(clerk, doc.id);
    REQUIRE(doc.state == DocumentState::Issued);
    files = w.flow->attachments(clerk, doc.id);
    REQUIRE(files.size() == 3);
    CHECK_THROWS_AS(w.flow->removeAttachment(specialist, doc.id, files[0].id), Conflict);
    CHECK_THROWS_AS(w.flow->addAttachment(specialist, doc.id, "sau.pdf", pdfFile()), Conflict);
    // Even written straight into the database, an issued letter's files do not change.
    CHECK(databaseExit(w, "DELETE FROM document_attachments WHERE document_id = " +
                              std::to_string(doc.id)) != 0);
    CHECK(databaseExit(w, "UPDATE document_attachments SET name = 'x' WHERE id = " +
                              std::to_string(files[0].id)) != 0);
    CHECK(w.storage->documentAttachments(doc.id).size() == 3);
    const auto blobs = w.storage->referencedBlobs();
    CHECK(std::find(blobs.begin(), blobs.end(), files[1].blob) != blobs.end());

    // The office on this server received the letter with its files.
    const auto arrived = *w.storage->findIncoming(w.incomingOf("vanthu.bs").front().id);
    CHECK(arrived.exchangeId == doc.exchangeId);
    REQUIRE(arrived.attachments.size() == 3);
    CHECK(arrived.attachments[0].name == "Phụ lục số liệu.pdf");
    CHECK(arrived.attachments[0].contentType == "application/pdf");
    CHECK(arrived.attachments[2].name == "Danh sách.xlsx");
    CHECK(w.blobs->get(arrived.attachments[1].blob) == docxFile());

    // The peer's package carries them beside the PDF.
    const auto pending = w.outbox->pending();
    REQUIRE(pending.size() == 1);
    const auto package = w.outbox->documentFor(pending[0]);
    REQUIRE(package.attachments.size() == 3);
    CHECK(package.attachments[0].name == "Phụ lục số liệu.pdf");
    CHECK(package.attachments[1].blob == files[1].blob);

    const auto actions = actionsOf(w.flow->history(specialist, doc.id));
    CHECK(std::count(actions.begin(), actions.end(), "attachment-add") == 4);
    CHECK(std::count(actions.begin(), actions.end(), "attachment-remove") == 1);
    CHECK(w.audit->verify().intact);
}

TEST_CASE("OutgoingFlow: the number and total size of a letter's attachments are bounded",
          "[flow][attachments]") {
    DemoWorld w;
    const auto specialist = w.actor("chuyenvien.vq");
    const auto doc = w.flow->createDraft(specialist, w.letterInput("nhiều tệp"));
    const std::string mib4 = "%PDF-" + std::string((4u << 20) - 5, 'x');
    w.flow->addAttachment(specialist, doc.id, "a.pdf", mib4);
    w.flow->addAttachment(specialist, doc.id, "b.pdf", mib4);
    try {
        w.flow->addAttachment(specialist, doc.id, "c.pdf", pdfFile());
        FAIL("the total went over 8 MiB");
    } catch (const InvalidInput& e) {
        CHECK(e.field() == "file");
        CHECK(std::string(e.what()).find("8 MiB") != std::string::npos);
    }
    const auto second = w.flow->createDraft(specialist, w.letterInput("mười tệp"));
    for (int i = 0; i < 10; ++i) {
        w.flow->addAttachment(specialist, second.id, "tep-" + std::to_string(i) + ".pdf",
                              pdfFile());
    }
    CHECK_THROWS_AS(w.flow->addAttachment(specialist, second.id, "tep-10.pdf", pdfFile()),
                    InvalidInput);
    CHECK(w.flow->attachments(specialist, second.id).size() == 10);
}

TEST_CASE("Archive package: an outgoing letter's attachments are kept beside its PDF, listed and "
          "checked",
          "[archive][attachments]") {
    DemoWorld w;
    const auto now = w.now;
    CaseFiles files(*w.storage, *w.blobs, *w.audit, [now] { return now->load(); });
    const auto specialist = w.actor("chuyenvien.vq");
    const auto clerk = w.actor("vanthu.vq");
    const auto doc = w.flow->createDraft(specialist, w.letterInput("gửi kèm biểu mẫu"));
    w.flow->addAttachment(specialist, doc.id, "Phụ lục & số liệu.pdf", pdfFile());
    w.flow->addAttachment(specialist, doc.id, "Biểu mẫu.docx", docxFile());
    w.flow->submit(specialist, doc.id);
    w.flow->approve(w.actor("chutich.vq"), doc.id);
    w.flow->sign(w.actor("phochutich.vq"), doc.id);
    w.flow->issue(clerk, doc.id);
    const auto file =
        files.open(clerk, vanthu::test::listEntry(w, files, "HS-02").id, "Hồ sơ có phụ lục");
    files.addDocument(clerk, file.id, kOutgoingKind, doc.id);
    files.close(clerk, file.id);

    vanthu::test::TempDir out;
    const fs::path zip = out / "HS-02.zip";
    vanthu::test::writeFile(zip, files.exportPackage(clerk, file.id));
    const fs::path dir = out / "unpacked";
    REQUIRE(vanthu::test::run({"unzip", "-q", zip.string(), "-d", dir.string()}).exitCode == 0);
    CHECK(vanthu::test::readFile(dir / "documents/001-01.pdf") == pdfFile());
    CHECK(vanthu::test::readFile(dir / "documents/001-02.docx") == docxFile());
    const std::string manifest = vanthu::test::readFile(dir / kManifestName);
    CHECK(manifest.find("path=\"documents/001-01.pdf\"") != std::string::npos);
    CHECK(manifest.find("name=\"Phụ lục &amp; số liệu.pdf\"") != std::string::npos);
    CHECK(manifest.find("name=\"Biểu mẫu.docx\"") != std::string::npos);
    // Independent checkers: the schema in the repository, sha256sum.
    const auto schema = vanthu::test::sourceDir() / "docmgmt/schema/archive-manifest.xsd";
    const auto lint = vanthu::test::run(
        {"xmllint", "--noout", "--schema", schema.string(), (dir / kManifestName).string()});
    INFO(lint.err);
    CHECK(lint.exitCode == 0);
    CHECK(vanthu::test::run(
              {"sh", "-c", "cd '" + dir.string() + "' && sha256sum -c --quiet checksums.sha256"})
              .exitCode == 0);
    for (const auto& package : {zip, dir}) {
        const auto result = verifyArchivePackage(package);
        INFO((result.problems.empty() ? "" : result.problems.front()));
        CHECK(result.status == ArchiveVerification::Status::Valid);
    }
    // A changed attachment is found, even with its checksum line rewritten.
    std::string changed = docxFile();
    changed.back() ^= 0x01;
    vanthu::test::writeFile(dir / "documents/001-02.docx", changed);
    auto result = verifyArchivePackage(dir);
    CHECK(result.status == ArchiveVerification::Status::Invalid);
    const std::string sums = vanthu::test::readFile(dir / kChecksumsName);
    vanthu::test::writeFile(
        dir / kChecksumsName,
        std::string(sums).replace(sums.find(sha256Hex(docxFile())), 64, sha256Hex(changed)));
    result = verifyArchivePackage(dir);
    CHECK(result.status == ArchiveVerification::Status::Invalid);
    bool named = false;
    for (const auto& problem : result.problems) {
        named = named || problem.find("documents/001-02.docx does not match") != std::string::npos;
    }
    CHECK(named);
    // A file removed is missing.
    fs::remove(dir / "documents/001-01.pdf");
    CHECK(verifyArchivePackage(dir).status == ArchiveVerification::Status::Invalid);
}
