#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <map>

#include "DocmgmtFixtures.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/IncomingDocument.hpp"

using namespace vanthu::docmgmt;
using vanthu::test::databaseSql;
using vanthu::test::sqlite;
using vanthu::test::TempDir;

namespace {

Office office(const std::string& code) {
    Office o;
    o.code = code;
    o.name = "ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN";
    o.issuerCode = "UBND";
    o.place = "Văn Quan";
    return o;
}

User clerk(Id officeId, const std::string& username) {
    User u;
    u.officeId = officeId;
    u.username = username;
    u.fullName = "Nông Thị Hoa";
    u.role = Role::Clerk;
    u.title = "VĂN THƯ";
    return u;
}

std::string scalar(const std::filesystem::path& db, const std::string& sql) {
    auto result = vanthu::test::databaseSql(db, sql);
    REQUIRE(result.exitCode == 0);
    while (!result.out.empty() && result.out.back() == '\n') {
        result.out.pop_back();
    }
    return result.out;
}

} // namespace

TEST_CASE("SqlStorage: a fresh database gets every migration, WAL and foreign keys", "[storage]") {
    TempDir dir;
    const auto file = SqlStorage::databaseFileIn(dir.path());
    {
        const auto storageOwner = vanthu::test::openStorage(file);
        SqlStorage& storage = *storageOwner;
        CHECK(storage.schemaVersion() == SqlStorage::currentSchemaVersion());
        CHECK(SqlStorage::currentSchemaVersion() >= 2);
        // Foreign keys are enforced: a user of no office is refused.
        CHECK_THROWS_AS(storage.addUser(clerk(999, "x"), "h"), Conflict);
    }
    if (!vanthu::test::onPostgres()) {
        CHECK(scalar(file, "PRAGMA journal_mode") == "wal");
    }
    const auto current = std::to_string(SqlStorage::currentSchemaVersion());
    CHECK(scalar(file, "SELECT count(DISTINCT version), min(version), max(version) FROM "
                       "schema_version") == current + "|1|" + current);
}

TEST_CASE("SqlStorage: an existing database keeps its data and migrates only what is new",
          "[storage]") {
    TempDir dir;
    const auto file = SqlStorage::databaseFileIn(dir.path());
    Id officeId = 0;
    {
        SqlOptions old;
        old.migrateTo = 1;
        const auto storageOwner = vanthu::test::openStorage(file, old);
        SqlStorage& storage = *storageOwner;
        CHECK(storage.schemaVersion() == 1);
    }
    // Rows as vanthu 1 wrote them (the storage itself always writes the current schema).
    REQUIRE(databaseSql(file,
                        "INSERT INTO offices (code, name, system, issuer_code, place) VALUES "
                        "('A', 'ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN', 'state', 'UBND', 'Văn Quan');"
                        "INSERT INTO users (office_id, username, full_name, role, "
                        "password_hash) VALUES (1, 'vanthu.vq', 'Nông Thị Hoa', 'clerk', 'hash')")
                .exitCode == 0);
    officeId = 1;
    CHECK(databaseSql(file, "SELECT count(*) FROM sessions").exitCode != 0); // not there yet
    {
        SqlOptions strict;
        strict.migrate = false; // `vanthu audit verify` refuses to work on an old schema
        CHECK_THROWS_AS(vanthu::test::openStorage(file, strict), std::runtime_error);
    }
    {
        const auto storageOwner = vanthu::test::openStorage(file);
        SqlStorage& storage = *storageOwner;
        CHECK(storage.schemaVersion() == SqlStorage::currentSchemaVersion());
        REQUIRE(storage.findOffice(officeId));
        CHECK(storage.findOffice(officeId)->name == "ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN");
        CHECK(storage.findUserByName("vanthu.vq")->fullName == "Nông Thị Hoa");
        CHECK(storage.passwordHash(storage.findUserByName("vanthu.vq")->id) == "hash");
        storage.addSession({"tok", storage.findUserByName("vanthu.vq")->id, "csrf", 1, 100});
    }
    {
        const auto againOwner = vanthu::test::openStorage(file);
        SqlStorage& again = *againOwner; // nothing left to migrate: no error, data intact
        CHECK(again.schemaVersion() == SqlStorage::currentSchemaVersion());
        CHECK(again.findSession("tok")->csrf == "csrf");
        CHECK(again.removeExpiredSessions(50) == 0);
        CHECK(again.removeExpiredSessions(101) == 1);
        CHECK_FALSE(again.findSession("tok"));
    }
    CHECK(scalar(file, "SELECT count(*) FROM schema_version") ==
          std::to_string(SqlStorage::currentSchemaVersion()));
}

TEST_CASE("SqlStorage: a database from a newer vanthu or not a database is refused",
          "[storage][sqlite]") {
    TempDir dir;
    const auto file = SqlStorage::databaseFileIn(dir.path());
    { SqlStorage storage(file); }
    REQUIRE(sqlite(file, "INSERT INTO schema_version VALUES (99, 'x')").exitCode == 0);
    CHECK_THROWS_WITH(SqlStorage(file), Catch::Contains("newer vanthu"));
    vanthu::test::writeFile(dir / "junk.db", std::string(4096, 'x'));
    CHECK_THROWS_AS(SqlStorage(dir / "junk.db"), std::runtime_error);
    SqlOptions strict;
    strict.migrate = false;
    CHECK_THROWS_AS(SqlStorage(dir / "missing.db", strict), std::runtime_error);
}

TEST_CASE("SqlStorage: a transaction commits all or nothing, nested ones roll back alone",
          "[storage]") {
    TempDir dir;
    const auto storageOwner = vanthu::test::openStorage(SqlStorage::databaseFileIn(dir.path()));
    SqlStorage& storage = *storageOwner;
    CHECK_THROWS(storage.transaction([&] {
        storage.addOffice(office("A"));
        throw std::runtime_error("boom");
    }));
    CHECK(storage.offices().empty());

    storage.transaction([&] {
        storage.addOffice(office("B"));
        CHECK_THROWS(storage.transaction([&] {
            storage.addOffice(office("C"));
            throw std::runtime_error("inner");
        }));
    });
    REQUIRE(storage.offices().size() == 1);
    CHECK(storage.offices()[0].code == "B");
    CHECK_THROWS_AS(storage.addOffice(office("B")), Conflict); // codes are unique
}

TEST_CASE("SqlStorage: issued documents and the audit trail cannot be changed by SQL",
          "[storage]") {
    TempDir dir;
    const auto file = SqlStorage::databaseFileIn(dir.path());
    const auto storageOwner = vanthu::test::openStorage(file);
    SqlStorage& storage = *storageOwner;
    const Id officeId = storage.addOffice(office("A"));
    const Id userId = storage.addUser(clerk(officeId, "u"), "h");
    OutgoingDocument doc;
    doc.officeId = officeId;
    doc.authorId = userId;
    doc.state = DocumentState::Issued;
    doc.typeCode = "CV";
    doc.content = "{}";
    doc.createdAt = doc.updatedAt = "2026-06-16T09:30:00+07:00";
    doc.id = storage.addDocument(doc);
    doc.subject = "changed";
    CHECK_THROWS_AS(storage.updateDocument(doc), Conflict);
    CHECK(storage.findDocument(doc.id)->subject.empty());
    CHECK(storage.documentVersions(doc.id).size() == 1);
    storage.appendAudit({1, "t", userId, "u", "a", "o", "", "", "0", "h"});
    CHECK(databaseSql(file, "UPDATE audit_log SET detail = 'x'").exitCode != 0);
    CHECK(databaseSql(file, "DELETE FROM audit_log").exitCode != 0);
    CHECK(storage.lastAudit()->seq == 1);
}

TEST_CASE("SqlStorage: after a kill -9 the committed survives and the uncommitted is gone",
          "[storage][crash][sqlite]") {
    TempDir dir;
    const auto file = SqlStorage::databaseFileIn(dir.path());
    { SqlStorage storage(file); }
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        SqlStorage storage(file);
        storage.addOffice(office("COMMITTED"));
        storage.transaction([&] {
            storage.addOffice(office("HALF"));
            ::kill(::getpid(), SIGKILL); // dies inside the transaction, WAL not checkpointed
        });
        ::_exit(0);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    REQUIRE(WIFSIGNALED(status));
    SqlStorage storage(file); // recovery from the WAL happens on opening
    const auto offices = storage.offices();
    REQUIRE(offices.size() == 1);
    CHECK(offices[0].code == "COMMITTED");
    storage.addOffice(office("AFTER")); // and the database is writable again
    CHECK(storage.offices().size() == 2);
}

// ---- paged lists (issue 17 item 4) -------------------------------------------------------

namespace {

/// An office with `rows` issued documents in its register of `year`: issued on days spread
/// over the year (several a day), one in four in the secret series, numbered per series.
void fillRegister(SqlStorage& storage, Id officeId, Id authorId, int year, int rows) {
    std::map<std::string, int> numbers;
    storage.transaction([&] {
        for (int i = 0; i < rows; ++i) {
            OutgoingDocument doc;
            doc.officeId = officeId;
            doc.authorId = authorId;
            doc.state = DocumentState::Issued;
            doc.typeCode = "CV";
            doc.subject = "V/v thử số " + std::to_string(i);
            doc.createdAt = doc.updatedAt = "2026-01-01T08:00:00+07:00";
            RegisterEntry e;
            e.documentId = storage.addDocument(doc);
            e.series = i % 4 == 3 ? "mat" : "thuong";
            e.number = ++numbers[e.series];
            const int day = 1 + (i * 7) % 28; // not in numbering order: the register sorts
            const int month = 1 + (i / 5) % 12;
            char date[11];
            std::snprintf(date, sizeof date, "%04d-%02d-%02d", year, month, day);
            e.issuedDate = date;
            e.notation = std::to_string(e.number) + "/UBND-VP";
            e.typeName = "Công văn";
            e.subject = doc.subject;
            storage.addRegisterEntry({officeId, std::to_string(year), e.series}, year, officeId, e);
        }
    });
}

/// Every page of the register of `year` with this page size, joined; checks each page's total.
std::vector<Id> walkRegister(const SqlStorage& storage, Id officeId, int year,
                             const RegisterFilter& filter, int limit, std::int64_t expected) {
    std::vector<Id> ids;
    for (int offset = 0;; offset += limit) {
        const auto page = storage.registerPage(officeId, year, filter, {limit, offset});
        CHECK(page.total == expected);
        CHECK(page.items.size() <= static_cast<std::size_t>(limit));
        for (const auto& e : page.items) {
            ids.push_back(e.documentId);
        }
        if (page.items.empty()) {
            return ids;
        }
    }
}

std::vector<Id> documentIds(const std::vector<RegisterEntry>& entries) {
    std::vector<Id> ids;
    for (const auto& e : entries) {
        ids.push_back(e.documentId);
    }
    return ids;
}

} // namespace

TEST_CASE("SqlStorage: register pages are the register in its order, none overlapping or "
          "skipping, with the total",
          "[storage][paged]") {
    TempDir dir;
    const auto storageOwner = vanthu::test::openStorage(SqlStorage::databaseFileIn(dir.path()));
    SqlStorage& storage = *storageOwner;
    const Id a = storage.addOffice(office("A"));
    const Id b = storage.addOffice(office("B"));
    const Id clerkA = storage.addUser(clerk(a, "vanthu.a"), "h");
    const Id clerkB = storage.addUser(clerk(b, "vanthu.b"), "h");
    fillRegister(storage, a, clerkA, 2026, 137);
    fillRegister(storage, b, clerkB, 2026, 40); // another office
    fillRegister(storage, a, clerkA, 2025, 9);  // another year

    const auto whole = storage.registerEntries(a, 2026);
    REQUIRE(whole.size() == 137);
    for (const int limit : {1, 7, 50, 200}) {
        INFO("limit " << limit);
        CHECK(walkRegister(storage, a, 2026, {}, limit, 137) == documentIds(whole));
    }
    // The same page twice is the same rows (a stable order), rows 60 to 69 of the register.
    const auto wholeIds = documentIds(whole);
    const auto again = storage.registerPage(a, 2026, {}, {10, 60});
    CHECK(documentIds(again.items) ==
          documentIds(storage.registerPage(a, 2026, {}, {10, 60}).items));
    CHECK(documentIds(again.items) ==
          std::vector<Id>(wholeIds.begin() + 60, wholeIds.begin() + 70));
    // Past the end: no rows, the total still right.
    const auto past = storage.registerPage(a, 2026, {}, {50, 500});
    CHECK(past.items.empty());
    CHECK(past.total == 137);
    CHECK(storage.registerPage(b, 2026, {}, {50, 0}).total == 40);
    CHECK(storage.registerPage(a, 2025, {}, {50, 0}).total == 9);
    CHECK(storage.registerPage(a, 2024, {}, {50, 0}).total == 0);

    // Filtered: one series, and issued dates from .. to; the same rows as filtering the whole.
    const auto filtered = [&](const RegisterFilter& f) {
        std::vector<Id> ids;
        for (const auto& e : whole) {
            if ((f.series.empty() || e.series == f.series) &&
                (f.from.empty() || e.issuedDate >= f.from) &&
                (f.to.empty() || e.issuedDate <= f.to)) {
                ids.push_back(e.documentId);
            }
        }
        return ids;
    };
    for (const RegisterFilter& f :
         {RegisterFilter{"mat", "", ""}, RegisterFilter{"thuong", "2026-03-01", "2026-06-30"},
          RegisterFilter{"", "2026-02-10", "2026-02-20"}, RegisterFilter{"", "2026-12-01", ""},
          RegisterFilter{"none", "", ""}}) {
        INFO("series " << f.series << " from " << f.from << " to " << f.to);
        const auto expected = filtered(f);
        CHECK(walkRegister(storage, a, 2026, f, 6, static_cast<std::int64_t>(expected.size())) ==
              expected);
    }
}

TEST_CASE("SqlStorage: the register's day tallies are filled for rows written before the "
          "migration",
          "[storage][paged]") {
    TempDir dir;
    const auto file = SqlStorage::databaseFileIn(dir.path());
    Id officeId = 0;
    {
        SqlOptions before;
        // Before migration 13, which brought the day tallies (not "the latest but one": a
        // later step may add a column the storage writes today).
        before.migrateTo = 12;
        const auto storageOwner = vanthu::test::openStorage(file, before);
        SqlStorage& storage = *storageOwner;
        officeId = storage.addOffice(office("A"));
        // The user written as a version-12 row (today's addUser writes later columns: e-mail).
        REQUIRE(vanthu::test::databaseSql(
                    file, "INSERT INTO users (office_id, username, full_name, role, title, "
                          "signing_key, password_hash, active) VALUES (" +
                              std::to_string(officeId) +
                              ", 'vanthu.a', 'Văn thư A', 'clerk', 'VĂN THƯ', '', 'h', 1)")
                    .exitCode == 0);
        const auto clerkId = std::stoll(
            vanthu::test::databaseSql(file, "SELECT id FROM users WHERE username = 'vanthu.a'")
                .out);
        fillRegister(storage, officeId, clerkId, 2026, 23);
    }
    const auto storageOwner = vanthu::test::openStorage(file);
    SqlStorage& storage = *storageOwner;
    CHECK(walkRegister(storage, officeId, 2026, {}, 5, 23) ==
          documentIds(storage.registerEntries(officeId, 2026)));
}

TEST_CASE("SqlStorage: audit pages run newest first with the total", "[storage][paged]") {
    TempDir dir;
    const auto storageOwner = vanthu::test::openStorage(SqlStorage::databaseFileIn(dir.path()));
    SqlStorage& storage = *storageOwner;
    CHECK(storage.auditPage({10, 0}).total == 0);
    CHECK(storage.auditPage({10, 0}).items.empty());
    for (int seq = 1; seq <= 23; ++seq) {
        AuditRecord r;
        r.seq = seq;
        r.at = "2026-06-16T09:30:00+07:00";
        r.username = "quantri";
        r.action = "test";
        r.object = "x/" + std::to_string(seq);
        storage.appendAudit(r);
    }
    std::vector<std::int64_t> seqs;
    for (int offset = 0; offset < 30; offset += 10) {
        const auto page = storage.auditPage({10, offset});
        CHECK(page.total == 23);
        for (const auto& r : page.items) {
            seqs.push_back(r.seq);
        }
    }
    std::vector<std::int64_t> expected;
    for (int seq = 23; seq >= 1; --seq) {
        expected.push_back(seq);
    }
    CHECK(seqs == expected);
}

TEST_CASE("SqlStorage: a document in several case files, a handover written once, archive "
          "notices once per person",
          "[storage][casefiles]") {
    TempDir dir;
    const auto file = SqlStorage::databaseFileIn(dir.path());
    const auto storageOwner = vanthu::test::openStorage(file);
    SqlStorage& storage = *storageOwner;
    const Id officeId = storage.addOffice(office("A"));
    const Id userId = storage.addUser(clerk(officeId, "u"), "h");
    const auto caseFile = [&](const std::string& code) {
        CaseFile f;
        f.officeId = officeId;
        f.year = 2026;
        f.code = code;
        f.title = "Hồ sơ " + code;
        f.retention = "10 năm";
        f.createdBy = userId;
        f.createdAt = f.updatedAt = "2026-06-16T09:30:00+07:00";
        f.id = storage.addCaseFile(f);
        return f;
    };
    const auto item = [&](Id caseFileId, int ordinal) {
        CaseFileItem i;
        i.caseFileId = caseFileId;
        i.kind = kOutgoingKind;
        i.documentId = 7;
        i.ordinal = ordinal;
        i.addedBy = userId;
        i.addedAt = "2026-06-16T09:31:00+07:00";
        return i;
    };
    const CaseFile a = caseFile("A");
    CaseFile b = caseFile("B");
    // The description's version (migration 28): 1 when added, as written after.
    CHECK(storage.findCaseFile(b.id)->version == 1);
    b.version = 2;
    storage.updateCaseFile(b);
    CHECK(storage.findCaseFile(b.id)->version == 2);
    storage.addCaseFileItem(item(a.id, 1));
    storage.addCaseFileItem(item(b.id, 1));                            // in a second file
    CHECK_THROWS_AS(storage.addCaseFileItem(item(a.id, 2)), Conflict); // once in each
    CHECK(storage.caseFilesHolding(kOutgoingKind, 7) == std::vector<Id>{a.id, b.id});
    CHECK(storage.caseFilesHolding(kIncomingKind, 7).empty());
    b.state = CaseFileState::Closed;
    b.closedAt = b.updatedAt = "2026-06-17T09:00:00+07:00";
    b.archiveDueOn = "2027-06-17";
    storage.updateCaseFile(b);
    CaseFileItem late = item(b.id, 2);
    late.documentId = 8;
    CHECK_THROWS_AS(storage.addCaseFileItem(late), Conflict); // a closed file takes nothing

    CHECK_FALSE(storage.findCaseFileHandover(b.id));
    CaseFileHandover handover;
    handover.caseFileId = b.id;
    handover.handedBy = userId;
    handover.handedAt = "2027-06-01T09:00:00+07:00";
    handover.packageSha256 = std::string(64, 'a');
    handover.receiver = "Lưu trữ cơ quan";
    storage.addCaseFileHandover(handover);
    CHECK_THROWS_AS(storage.addCaseFileHandover(handover), Conflict);
    const auto found = storage.findCaseFileHandover(b.id);
    REQUIRE(found);
    CHECK(found->packageSha256 == handover.packageSha256);
    CHECK(found->receiver == "Lưu trữ cơ quan");
    CHECK(found->handedByName == clerk(officeId, "u").fullName);
    CHECK(databaseSql(file, "UPDATE case_file_handovers SET package_sha256 = 'x'").exitCode != 0);

    CaseFileNotice notice;
    notice.caseFileId = b.id;
    notice.userId = userId;
    notice.officeId = officeId;
    notice.dueOn = "2027-06-17";
    notice.sentAt = "2027-05-18T09:00:00+07:00";
    CHECK(storage.addCaseFileNotice(notice));
    CHECK_FALSE(storage.addCaseFileNotice(notice)); // once per file and person
    const auto unread = storage.caseFileNotices(userId, true);
    REQUIRE(unread.size() == 1);
    CHECK(unread[0].fileCode == "B");
    CHECK(unread[0].dueOn == "2027-06-17");
    CHECK(storage.markCaseFileNoticeRead(unread[0].id, userId, "2027-05-19T08:00:00+07:00"));
    CHECK_FALSE(storage.markCaseFileNoticeRead(unread[0].id, userId, "2027-05-19T08:00:00+07:00"));
    CHECK(storage.caseFileNotices(userId, true).empty());
    CHECK(storage.caseFileNotices(userId, false).size() == 1);
}

TEST_CASE("SqlStorage: an incoming letter's distribution in its order, its instructions kept, "
          "the work list combining handler, named readers and urgency",
          "[storage][distribution]") {
    TempDir dir;
    const auto file = SqlStorage::databaseFileIn(dir.path());
    const auto storageOwner = vanthu::test::openStorage(file);
    SqlStorage& storage = *storageOwner;
    const Id officeId = storage.addOffice(office("A"));
    const Id leader = storage.addUser(clerk(officeId, "lanhdao"), "h");
    const Id lead = storage.addUser(clerk(officeId, "chutri"), "h");
    const Id co = storage.addUser(clerk(officeId, "phoihop"), "h");
    const Id informed = storage.addUser(clerk(officeId, "debiet"), "h");
    const std::string now = "2026-06-16T09:30:00+07:00";
    int package = 0;
    auto letter = [&](const std::string& subject, const std::string& urgency) {
        IncomingDocument d;
        d.officeId = officeId;
        d.state = IncomingState::Assigned;
        d.channel = kChannelPaper;
        d.packageId = "p" + std::to_string(++package);
        d.senderName = "SỞ NỘI VỤ";
        d.subject = subject;
        d.urgency = urgency;
        d.pdf = "blob";
        d.signatureStatus = "none";
        d.receivedAt = d.updatedAt = now;
        return storage.addIncoming(d);
    };
    const Id plain = letter("thường", "");
    const Id urgent = letter("hỏa tốc", "hoa-toc");
    const Id limited = letter("mật, có tên", "khan");
    const Id hidden = letter("mật, không có tên", "thuong-khan");
    const Id other = letter("không giao", "hoa-toc");

    // Stored in the order given (not the order of the user ids), read back in that order.
    const std::vector<IncomingHandler> handlers = {
        {lead, kHandlerLead, kHandlerAssigned, "", leader, now, now},
        {informed, kHandlerInformed, kHandlerUnread, "", leader, now, now},
        {co, kHandlerCo, kHandlerDone, "Đồng ý.", std::nullopt, now, now},
    };
    for (const Id id : {plain, urgent, limited, hidden}) {
        storage.setIncomingHandlers(id, handlers);
    }
    const auto found = storage.findIncoming(plain);
    REQUIRE(found);
    // The distribution's version (migration 28): 0 when added, as written after.
    CHECK(found->assignmentVersion == 0);
    auto assigned = *found;
    assigned.assignmentVersion = 3;
    storage.updateIncoming(assigned);
    CHECK(storage.findIncoming(plain)->assignmentVersion == 3);
    REQUIRE(found->handlers.size() == 3);
    CHECK(found->handlers[0].userId == lead);
    CHECK(found->handlers[1].userId == informed);
    CHECK(found->handlers[2].userId == co);
    CHECK(found->handlers[2].note == "Đồng ý.");
    CHECK_FALSE(found->handlers[2].assignedBy);
    // Replaced as a whole, in the new order.
    storage.setIncomingHandlers(plain, {handlers[2], handlers[0]});
    const auto replaced = storage.findIncoming(plain);
    REQUIRE(replaced->handlers.size() == 2);
    CHECK(replaced->handlers[0].userId == co);
    CHECK(replaced->handlers[1].userId == lead);
    // The office's list carries every letter's handlers in their order.
    for (const auto& doc : storage.incomingDocuments(officeId)) {
        INFO(doc.subject);
        if (doc.id == other) {
            CHECK(doc.handlers.empty());
        } else if (doc.id == plain) {
            REQUIRE(doc.handlers.size() == 2);
            CHECK(doc.handlers[0].userId == co);
        } else {
            REQUIRE(doc.handlers.size() == 3);
            CHECK(doc.handlers[1].role == kHandlerInformed);
        }
    }

    // Instructions: oldest first; never changed nor deleted, even by SQL outside vanthu.
    storage.addIncomingInstruction(plain, {0, leader, now, "Chủ trì tham mưu."});
    storage.addIncomingInstruction(plain, {0, std::nullopt, now, "Báo cáo trước ngày 20."});
    const auto instructed = storage.findIncoming(plain);
    REQUIRE(instructed->instructionHistory.size() == 2);
    CHECK(instructed->instructionHistory[0].text == "Chủ trì tham mưu.");
    CHECK(instructed->instructionHistory[0].authorId == leader);
    CHECK(instructed->instructionHistory[1].text == "Báo cáo trước ngày 20.");
    CHECK(databaseSql(file, "UPDATE incoming_instructions SET text = 'x'").exitCode != 0);
    CHECK(databaseSql(file, "DELETE FROM incoming_instructions").exitCode != 0);
    CHECK(storage.findIncoming(plain)->instructionHistory.size() == 2);

    // Two limited letters; the informed is named on one only.
    for (const Id id : {limited, hidden}) {
        storage.addAccessLimit({"incoming/" + std::to_string(id), officeId, leader, now});
        storage.addAccessGrant("incoming/" + std::to_string(id), {leader, leader, now});
    }
    storage.addAccessGrant("incoming/" + std::to_string(limited), {informed, leader, now});
    IncomingListFilter filter;
    filter.officeId = officeId;
    filter.handlerId = informed;
    filter.readerId = informed;
    filter.urgentFirst = true;
    // (plain's distribution above no longer has the informed.)
    storage.setIncomingHandlers(other, {handlers[1]});
    std::vector<Id> ids;
    for (int offset = 0; offset < 4; offset += 2) { // pages of 2
        const auto page = storage.incomingPage(filter, {2, offset});
        CHECK(page.total == 3);
        for (const auto& doc : page.items) {
            ids.push_back(doc.id);
            CHECK(doc.handlers.size() == (doc.id == other ? 1U : 3U));
        }
    }
    CHECK(ids == std::vector<Id>{other, urgent, limited}); // hỏa tốc newest first, then khẩn
    // Without the reader filter: the hidden one too.
    filter.readerId = 0;
    CHECK(storage.incomingPage(filter, {10, 0}).total == 4);
    filter.handlerId.reset();
    CHECK(storage.incomingPage(filter, {10, 0}).total == 5);
}

TEST_CASE("SqlStorage: the issue queue and letters issued below their policy (migration 21), "
          "and the number an issue looks at without taking it",
          "[storage][queue]") {
    TempDir dir;
    const auto storageOwner = vanthu::test::openStorage(SqlStorage::databaseFileIn(dir.path()));
    SqlStorage& storage = *storageOwner;
    const Id a = storage.addOffice(office("A"));
    const Id b = storage.addOffice(office("B"));
    const Id clerkA = storage.addUser(clerk(a, "vanthu.a"), "h");
    const Id clerkB = storage.addUser(clerk(b, "vanthu.b"), "h");
    const auto letter = [&](Id officeId, Id authorId) {
        OutgoingDocument doc;
        doc.officeId = officeId;
        doc.authorId = authorId;
        doc.state = DocumentState::Signed;
        doc.typeCode = "CV";
        doc.createdAt = doc.updatedAt = "2026-01-01T08:00:00+07:00";
        return storage.addDocument(doc);
    };
    const Id first = letter(a, clerkA);
    const Id second = letter(a, clerkA);
    const Id other = letter(b, clerkB);

    IssueQueueEntry e;
    e.documentId = second;
    e.officeId = a;
    e.queuedBy = clerkA;
    e.queuedAt = "2026-01-01T09:00:00+07:00";
    e.nextAttemptAt = 1'767'232'860; // past 2^31: a BIGINT
    storage.addToIssueQueue(e);
    e.documentId = first;
    e.queuedAt = "2026-01-01T08:30:00+07:00";
    storage.addToIssueQueue(e);
    CHECK_THROWS_AS(storage.addToIssueQueue(e), Conflict);
    storage.addToIssueQueue({other, b, clerkB, "2026-01-01T07:00:00+07:00", 0, 1, "", "", ""});

    const auto ofA = storage.issueQueue(a);
    REQUIRE(ofA.size() == 2);
    CHECK(ofA[0].documentId == first); // the longest waiting first
    CHECK(ofA[1].documentId == second);
    CHECK(ofA[1].nextAttemptAt == 1'767'232'860);
    CHECK(storage.issueQueue(std::nullopt).size() == 3);
    auto tried = *storage.findIssueQueueEntry(first);
    tried.attempts = 3;
    tried.nextAttemptAt = 4'000'000'000;
    tried.lastAttemptAt = "2026-01-01T10:00:00+07:00";
    tried.lastCode = "tsa-unavailable";
    tried.lastError = "Không lấy được dấu thời gian";
    storage.updateIssueQueueEntry(tried);
    const auto again = *storage.findIssueQueueEntry(first);
    CHECK(again.attempts == 3);
    CHECK(again.nextAttemptAt == 4'000'000'000);
    CHECK(again.lastCode == "tsa-unavailable");
    CHECK(again.lastError == "Không lấy được dấu thời gian");
    storage.removeFromIssueQueue(first);
    storage.removeFromIssueQueue(first); // nothing: not an error
    CHECK_FALSE(storage.findIssueQueueEntry(first));
    CHECK(storage.issueQueue(a).size() == 1);

    CHECK_FALSE(storage.findLoweredIssue(other));
    storage.addLoweredIssue(
        {other, "B-LTA", "B-T", "OCSP ngừng", clerkB, "vanthu.b", "2026-01-01T11:00:00+07:00"});
    const auto lowered = *storage.findLoweredIssue(other);
    CHECK(lowered.policyLevel == "B-LTA");
    CHECK(lowered.issuedLevel == "B-T");
    CHECK(lowered.reason == "OCSP ngừng");
    CHECK(lowered.chosenBy == clerkB);
    CHECK(lowered.chosenByName == "vanthu.b");

    // Looking at the next number takes nothing; a rolled-back take gives it back.
    const RegisterKey key{a, "2026", "thuong"};
    CHECK(storage.peekOutgoingNumber(key) == 1);
    storage.transaction([&] { CHECK(storage.nextOutgoingNumber(key) == 1); });
    CHECK(storage.peekOutgoingNumber(key) == 2);
    CHECK(storage.peekOutgoingNumber(key) == 2);
    CHECK_THROWS(storage.transaction([&] {
        CHECK(storage.nextOutgoingNumber(key) == 2);
        throw std::runtime_error("rolled back");
    }));
    CHECK(storage.peekOutgoingNumber(key) == 2);
}

TEST_CASE("SqlStorage: comments only ever added, a letter's attachments frozen at issue, a "
          "leader's version marked (migration 23)",
          "[storage][drafts]") {
    TempDir dir;
    const auto file = SqlStorage::databaseFileIn(dir.path());
    const auto storageOwner = vanthu::test::openStorage(file);
    SqlStorage& storage = *storageOwner;
    const Id a = storage.addOffice(office("A"));
    const Id author = storage.addUser(clerk(a, "chuyenvien.a"), "h");
    OutgoingDocument doc;
    doc.officeId = a;
    doc.authorId = author;
    doc.typeCode = "CV";
    doc.createdAt = doc.updatedAt = "2026-01-01T08:00:00+07:00";
    doc.id = storage.addDocument(doc);

    DraftComment comment{0, doc.id, author, 1, "2026-01-01T09:00:00+07:00", "Xin ý kiến."};
    comment.id = storage.addDocumentComment(comment);
    storage.addDocumentComment({0, doc.id, author, 1, "2026-01-01T09:05:00+07:00", "Thêm."});
    auto comments = storage.documentComments(doc.id);
    REQUIRE(comments.size() == 2);
    CHECK(comments[0].id == comment.id);
    CHECK(comments[0].text == "Xin ý kiến.");
    CHECK(comments[1].writtenAt == "2026-01-01T09:05:00+07:00");
    // The database refuses to change or delete a comment (SQLite and PostgreSQL alike).
    CHECK(vanthu::test::databaseSql(file, "UPDATE document_comments SET text = 'x'").exitCode != 0);
    CHECK(vanthu::test::databaseSql(file, "DELETE FROM document_comments").exitCode != 0);
    CHECK(storage.documentComments(doc.id).size() == 2);

    // A version saved by a leader keeps the mark; the author's first version has the default.
    storage.addDocumentVersion(
        {doc.id, 2, "", "{}", author, "2026-01-01T10:00:00+07:00", kEditedByLeader});
    const auto versions = storage.documentVersions(doc.id);
    REQUIRE(versions.size() == 2);
    CHECK(versions[0].editedAs == kEditedByAuthor);
    CHECK(versions[1].editedAs == kEditedByLeader);

    LetterAttachment file1{0,  doc.id, "Phụ lục.pdf", "application/pdf",
                           10, "aa",   author,        "2026-01-01T09:00:00+07:00"};
    file1.id = storage.addDocumentAttachment(file1);
    LetterAttachment file2 = file1;
    file2.name = "Biểu mẫu.docx";
    file2.blob = "bb";
    file2.id = storage.addDocumentAttachment(file2);
    CHECK(storage.removeDocumentAttachment(doc.id, file2.id));
    CHECK_FALSE(storage.removeDocumentAttachment(doc.id, file2.id));
    CHECK_FALSE(storage.removeDocumentAttachment(doc.id + 1, file1.id)); // another document's
    auto files = storage.documentAttachments(doc.id);
    REQUIRE(files.size() == 1);
    CHECK(files[0].name == "Phụ lục.pdf");
    CHECK(files[0].size == 10);
    const auto blobs = storage.referencedBlobs();
    CHECK(std::find(blobs.begin(), blobs.end(), "aa") != blobs.end());

    // Issued: its files never change again.
    doc.state = DocumentState::Issued;
    storage.updateDocument(doc);
    CHECK_THROWS_AS(storage.addDocumentAttachment(file2), Conflict);
    CHECK_THROWS_AS(storage.removeDocumentAttachment(doc.id, file1.id), Conflict);
    CHECK(vanthu::test::databaseSql(file, "UPDATE document_attachments SET name = 'x'").exitCode !=
          0);
    CHECK(storage.documentAttachments(doc.id).size() == 1);
}

TEST_CASE("SqlStorage: waiting work and the queue of e-mail notices (migration 26)",
          "[storage][mail]") {
    TempDir dir;
    const auto storageOwner = vanthu::test::openStorage(SqlStorage::databaseFileIn(dir.path()));
    SqlStorage& storage = *storageOwner;
    const Id a = storage.addOffice(office("A"));
    auto withEmail = clerk(a, "vanthu.a");
    withEmail.email = "vanthu.a@example.vn";
    const Id clerkA = storage.addUser(withEmail, "h");
    const Id silent = storage.addUser(clerk(a, "vanthu.a2"), "h"); // no address
    CHECK(storage.findUser(clerkA)->email == "vanthu.a@example.vn");
    OutgoingDocument doc;
    doc.officeId = a;
    doc.authorId = clerkA;
    doc.state = DocumentState::Signed;
    doc.typeCode = "CV";
    doc.subject = "kiểm tra hàng đợi thư";
    doc.createdAt = doc.updatedAt = "2026-01-01T08:00:00+07:00";
    const Id signedId = storage.addDocument(doc);

    const auto work = storage.waitingWork("2026-01-02", "2026-01-05");
    REQUIRE(work.size() == 1);
    CHECK(work[0].userId == clerkA);
    CHECK(work[0].kind == "signed");
    CHECK(work[0].documentId == signedId);
    CHECK(work[0].subject == "kiểm tra hàng đợi thư");
    CHECK(!work[0].secret);

    MailNotice n;
    n.userId = clerkA;
    n.key = "signed:" + std::to_string(signedId) + ":1";
    n.recipient = "vanthu.a@example.vn";
    n.subject = "[vanthu] Văn bản đã ký chờ phát hành";
    n.body = "Kính gửi …";
    n.queuedAt = "2026-01-02T09:00:00+07:00";
    n.nextAttemptAt = 1000;
    CHECK(storage.addMailNotice(n));
    CHECK_FALSE(storage.addMailNotice(n)); // one per person and key
    CHECK(storage.hasMailNotice(clerkA, n.key));
    CHECK_FALSE(storage.hasMailNotice(silent, n.key));
    CHECK(storage.lockDueMailNotices(999, 10).empty());
    auto due = storage.lockDueMailNotices(1000, 10);
    REQUIRE(due.size() == 1);
    due[0].attempts = 1;
    due[0].lastError = "Connection refused";
    due[0].nextAttemptAt = 1060;
    storage.updateMailNotice(due[0]);
    CHECK(storage.lockDueMailNotices(1059, 10).empty());
    due[0].sentAt = "2026-01-02T09:01:00+07:00";
    storage.updateMailNotice(due[0]);
    CHECK(storage.lockDueMailNotices(5000, 10).empty());
    const auto all = storage.mailNotices(clerkA, 10);
    REQUIRE(all.size() == 1);
    CHECK(all[0].attempts == 1);
    CHECK(all[0].sentAt == "2026-01-02T09:01:00+07:00");
    CHECK(all[0].body == "Kính gửi …");
    CHECK(storage.mailNotices(std::nullopt, 10).size() == 1);
}

TEST_CASE("SqlStorage: kinds of e-mail notice turned off, the SMTP row, comments on incoming "
          "letters only ever added (migration 30)",
          "[storage][mail]") {
    TempDir dir;
    const auto file = SqlStorage::databaseFileIn(dir.path());
    const auto storageOwner = vanthu::test::openStorage(file);
    SqlStorage& storage = *storageOwner;
    const Id a = storage.addOffice(office("A"));
    const Id person = storage.addUser(clerk(a, "vanthu.a"), "h");

    CHECK(storage.mailOptOuts(person).empty());
    storage.setMailOptOuts(person, {"arrived", "overdue"});
    CHECK(storage.mailOptOuts(person) == std::vector<std::string>{"arrived", "overdue"});
    storage.setMailOptOuts(person, {"signed"});
    CHECK(storage.mailOptOuts(person) == std::vector<std::string>{"signed"});

    CHECK(!storage.storedSmtp());
    StoredSmtp smtp;
    smtp.host = "mail.a.example.vn";
    smtp.port = 2525;
    smtp.startTls = false;
    smtp.user = "vanthu";
    smtp.passwordSealed = "v1:abc";
    smtp.sender = "vanthu@a.example.vn";
    smtp.updatedAt = "2026-01-01T08:00:00+07:00";
    smtp.updatedBy = person;
    storage.setStoredSmtp(smtp);
    smtp.port = 587; // written again: still one row
    storage.setStoredSmtp(smtp);
    const auto stored = storage.storedSmtp();
    REQUIRE(stored);
    CHECK(stored->host == "mail.a.example.vn");
    CHECK(stored->port == 587);
    CHECK(!stored->startTls);
    CHECK(stored->passwordSealed == "v1:abc");
    CHECK(stored->updatedBy == person);
    CHECK(vanthu::test::databaseSql(
              file, "INSERT INTO smtp_settings (id, host, port, start_tls, sender, updated_at) "
                    "VALUES (2, 'x', 25, 0, 'a@b', '')")
              .exitCode != 0); // one row only
    storage.setStoredSmtp(std::nullopt);
    CHECK(!storage.storedSmtp());

    IncomingDocument d;
    d.officeId = a;
    d.state = IncomingState::Registered;
    d.channel = kChannelPaper;
    d.packageId = "p1";
    d.senderName = "SỞ NỘI VỤ";
    d.subject = "ý kiến";
    d.pdf = "blob";
    d.signatureStatus = "none";
    d.receivedAt = d.updatedAt = "2026-01-01T08:00:00+07:00";
    const Id letter = storage.addIncoming(d);
    const Id first = storage.addIncomingComment(
        {0, letter, person, 0, "2026-01-01T09:00:00+07:00", "Đề nghị phối hợp."});
    storage.addIncomingComment({0, letter, person, 0, "2026-01-01T09:05:00+07:00", "Đã xong."});
    const auto comments = storage.incomingComments(letter);
    REQUIRE(comments.size() == 2);
    CHECK(comments[0].id == first);
    CHECK(comments[0].documentId == letter);
    CHECK(comments[0].authorId == person);
    CHECK(comments[0].version == 0);
    CHECK(comments[1].text == "Đã xong.");
    CHECK(storage.incomingComments(letter + 1).empty());
    CHECK(vanthu::test::databaseSql(file, "UPDATE incoming_comments SET text = 'x'").exitCode != 0);
    CHECK(vanthu::test::databaseSql(file, "DELETE FROM incoming_comments").exitCode != 0);
    CHECK(storage.incomingComments(letter).size() == 2);
}
