// ExchangeOutbox::claim (issue 17): an item due is claimed by one worker for its lease, so that
// two servers on one database never send it twice; a worker that dies leaves it due again when
// the lease ends. Runs on SQLite and, as "docmgmt (postgresql): …", on PostgreSQL, where the
// claim is FOR UPDATE SKIP LOCKED.
#include <catch2/catch.hpp>

#include "DocmgmtFixtures.hpp"
#include "vanthu/docmgmt/ExchangeOutbox.hpp"
#include "vanthu/docmgmt/VietnamTime.hpp"

using namespace vanthu::docmgmt;
using vanthu::test::TempDir;

TEST_CASE("ExchangeOutbox: an item due is claimed once for its lease, and is due again after it",
          "[storage][outbox]") {
    TempDir dir;
    const auto storage = vanthu::test::openStorage(SqlStorage::databaseFileIn(dir.path()));
    BlobStore blobs(BlobStore::folderIn(dir.path()));
    ExchangeOutbox outbox(*storage, blobs);
    const std::int64_t now = 1'800'000'000;
    for (int i = 0; i < 3; ++i) {
        OutboxItem item;
        item.peer = "state";
        item.kind = "status";
        item.documentId = 100 + i;
        item.recipientCode = "000.00.00.H41";
        item.packageId = "p" + std::to_string(i);
        item.nextAttemptAt = vietnamTimestamp(now - 10);
        item.createdAt = vietnamTimestamp(now - 20);
        storage->addOutboxItem(item);
    }
    const auto first = outbox.claim(now, 600, 2);
    REQUIRE(first.size() == 2);
    const auto second = outbox.claim(now, 600, 10); // another worker: only the third
    REQUIRE(second.size() == 1);
    CHECK(second.front().id != first[0].id);
    CHECK(second.front().id != first[1].id);
    CHECK(outbox.claim(now + 599, 600, 10).empty()); // all leased
    outbox.delivered(first[0].id, now + 5);
    outbox.failed(first[1].id, "máy chủ không trả lời", now + 60);
    // The third's worker died: due again when its lease ends; the failed one at its retry.
    const auto later = outbox.claim(now + 601, 600, 10);
    std::vector<Id> ids;
    for (const auto& item : later) {
        ids.push_back(item.id);
    }
    CHECK(ids == std::vector<Id>{first[1].id, second.front().id});
    CHECK(outbox.pending().size() == 2);
}
