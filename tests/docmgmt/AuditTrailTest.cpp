#include <catch2/catch.hpp>

#include "DocmgmtFixtures.hpp"

using namespace vanthu::docmgmt;
using vanthu::test::TempDir;

namespace {

struct Trail {
    TempDir dir;
    std::filesystem::path file = SqlStorage::databaseFileIn(dir.path());
    std::unique_ptr<SqlStorage> storage = vanthu::test::openStorage(file);
    AuditTrail audit{*storage, [] { return vanthu::test::demoTime(); }};

    Trail() {
        for (int i = 1; i <= 5; ++i) {
            audit.record({i, "user" + std::to_string(i), "submit", "document/" + std::to_string(i),
                          "192.0.2.1", "phiên bản 1"});
        }
    }

    /// Tampering as someone with the file (or the database's owner) would: drop the
    /// append-only triggers first.
    void tamper(const std::string& sql) {
        const std::string on = vanthu::test::onPostgres() ? " ON audit_log" : "";
        const auto result = vanthu::test::databaseSql(
            file, "DROP TRIGGER audit_log_append_only_update" + on +
                      "; DROP TRIGGER audit_log_append_only_delete" + on + "; " + sql);
        REQUIRE(result.exitCode == 0);
    }
};

} // namespace

TEST_CASE("AuditTrail: entries are chained and verify", "[audit]") {
    Trail t;
    const auto all = t.storage->auditRecords(0, 100);
    REQUIRE(all.size() == 5);
    CHECK(all[0].prevHash == AuditTrail::genesisHash());
    for (std::size_t i = 1; i < all.size(); ++i) {
        CHECK(all[i].prevHash == all[i - 1].hash);
        CHECK(all[i].seq == static_cast<std::int64_t>(i + 1));
    }
    CHECK(all[0].at == "2026-06-16T09:30:00+07:00");
    const auto result = t.audit.verify();
    CHECK(result.intact);
    CHECK(result.entries == 5);
    CHECK(t.audit.about("document/3").size() == 1);
    CHECK(t.audit.latest(2)[0].seq == 5);
}

TEST_CASE("AuditTrail: an edited entry is found", "[audit]") {
    Trail t;
    t.tamper("UPDATE audit_log SET detail = 'phiên bản 2' WHERE seq = 3");
    const auto result = t.audit.verify();
    CHECK_FALSE(result.intact);
    CHECK(result.firstBadSeq == 3);
    CHECK_THAT(result.reason, Catch::Contains("edited"));
}

TEST_CASE("AuditTrail: an edit that recomputes the entry's own hash breaks the next link",
          "[audit]") {
    Trail t;
    auto third = t.storage->auditRecords(2, 1).at(0);
    third.username = "someone else";
    const std::string forged = AuditTrail::chainHash(third);
    t.tamper("UPDATE audit_log SET username = 'someone else', hash = '" + forged +
             "' WHERE seq = 3");
    const auto result = t.audit.verify();
    CHECK_FALSE(result.intact);
    CHECK(result.firstBadSeq == 4);
}

TEST_CASE("AuditTrail: a deleted entry is found", "[audit]") {
    Trail t;
    t.tamper("DELETE FROM audit_log WHERE seq = 2");
    const auto result = t.audit.verify();
    CHECK_FALSE(result.intact);
    CHECK(result.firstBadSeq == 3);
    CHECK_THAT(result.reason, Catch::Contains("missing"));
}

TEST_CASE("AuditTrail: reordered entries are found", "[audit]") {
    Trail t;
    t.tamper("UPDATE audit_log SET seq = 100 WHERE seq = 2; "
             "UPDATE audit_log SET seq = 2 WHERE seq = 3; "
             "UPDATE audit_log SET seq = 3 WHERE seq = 100");
    const auto result = t.audit.verify();
    CHECK_FALSE(result.intact);
    CHECK(result.firstBadSeq == 2);
}

TEST_CASE("AuditTrail: `vanthu audit verify` exits 0 intact, 1 broken, 2 unreadable",
          "[audit][cli][sqlite]") {
    REQUIRE_THAT(vanthu::test::runVanthu({"--help"}).out, Catch::Contains("audit verify"));
    Trail t;
    t.storage.reset();
    auto result = vanthu::test::runVanthu({"audit", "verify", "--data", t.dir.path().string()});
    CHECK(result.exitCode == 0);
    CHECK_THAT(result.out, Catch::Contains("intact: 5 entries"));

    t.tamper("DELETE FROM audit_log WHERE seq = 4");
    result = vanthu::test::runVanthu({"audit", "verify", "--data", t.dir.path().string()});
    CHECK(result.exitCode == 1);
    CHECK_THAT(result.out, Catch::Contains("entry 5"));

    TempDir empty;
    result = vanthu::test::runVanthu({"audit", "verify", "--data", empty.path().string()});
    CHECK(result.exitCode == 2);
    CHECK_FALSE(std::filesystem::exists(empty / "vanthu.db")); // verifying creates nothing
    result = vanthu::test::runVanthu({"audit", "verify"});
    CHECK(result.exitCode == 2);
}

TEST_CASE("AuditTrail: a NUL in an entry is stored as hashed, and the chain still verifies",
          "[audit]") {
    Trail t;
    // Before issue 19 the NUL was hashed in full but read back cut: verify said BROKEN for ever.
    const std::string subject = std::string("V/v báo cáo") + '\0' + " phần sau";
    const auto written = t.audit.record({1, "user1", "create", "document/9", "192.0.2.1", subject});
    CHECK(written.detail == "V/v báo cáo\xEF\xBF\xBD phần sau");
    t.audit.record({1, "user1", "submit", "document/9", "192.0.2.1", "sau đó"});
    const auto stored = t.storage->auditRecords(5, 10);
    REQUIRE(stored.size() == 2);
    CHECK(stored[0].detail == written.detail);
    CHECK(stored[0].hash == written.hash);
    const auto verification = t.audit.verify();
    CHECK(verification.intact);
    CHECK(verification.entries == 7);
}
