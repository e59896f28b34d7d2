#include <catch2/catch.hpp>

#include "IncomingFixtures.hpp"

using namespace vanthu::docmgmt;
using vanthu::test::DemoWorld;
using vanthu::test::TempDir;

TEST_CASE("DemoData: the one-server demo starts with the Văn Quan letter arrived at Nghi Dương",
          "[demo][dispatch]") {
    DemoWorld w;
    const auto arrived = w.storage->incomingDocuments(w.user("vanthu.nd").officeId);
    REQUIRE(arrived.size() == 1);
    CHECK(arrived[0].state == IncomingState::Arrived);
    CHECK(arrived[0].notation == "01/UBND-NV");
    CHECK(arrived[0].signatureStatus == kSignaturesValid);
    const auto rows = w.flow->recipients(w.actor("vanthu.vq"), 1); // the demo's issued letter
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].recipientCode == "DEMO.UB.ND");
    CHECK(rows[0].statusCode == kStatusArrived);
}

TEST_CASE("DemoData: the Party profile hosts the Party committees and knows the State offices "
          "at the peer",
          "[demo]") {
    TempDir dir;
    const auto opened = vanthu::test::openStorage(SqlStorage::databaseFileIn(dir.path()));
    auto& storage = *opened;
    const auto blobStore = vanthu::test::openBlobs(dir.path());
    auto& blobs = *blobStore;
    AuditTrail audit(storage);
    DemoDataOptions options;
    options.ecdsa = true;
    options.profile = DemoProfile::Party;
    const auto result = createDemoData(storage, blobs, audit, dir / "pki", options);
    REQUIRE(result.created);
    int local = 0, remote = 0;
    for (const auto& office : storage.offices()) {
        INFO(office.name);
        if (office.system == OfficeSystem::Party) {
            CHECK(office.isLocal());
            CHECK_FALSE(storage.users(office.id).empty());
            ++local;
        } else {
            CHECK(office.peer == kDemoStatePeer);
            CHECK(storage.users(office.id).empty()); // its people sign in at the State server
            CHECK(office.sealKey.empty());
            CHECK(storage.documents(office.id).empty());
            ++remote;
        }
    }
    CHECK(local == 3);
    CHECK(remote == 2);
    CHECK(result.accounts.size() == 15);
    CHECK(audit.verify().intact);
}
