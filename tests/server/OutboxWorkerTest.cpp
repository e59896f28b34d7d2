// The outbox worker's thread and stop(): a peer that accepts connections but never answers
// costs one time-out on SIGTERM, not one per item of the round; the items not tried stay due.
#include <catch2/catch.hpp>

#include <Poco/Net/ServerSocket.h>

#include <chrono>

#include "ExchangeNode.hpp"
#include "vanthu/docmgmt/ExchangeOutbox.hpp"

using namespace vanthu;
using namespace vanthu::test;

TEST_CASE("outbox worker: stop() during a round against a peer that hangs ends after the item "
          "being sent",
          "[exchange][outbox]") {
    // The State "server" listens (connections complete in the backlog) but never accepts.
    Poco::Net::ServerSocket hanging(Poco::Net::SocketAddress("127.0.0.1", 0));
    ExchangeNode state("state", docmgmt::DemoProfile::State, hanging.address().port());
    ExchangeNode party("party", docmgmt::DemoProfile::Party, freePort());
    party.start(state);

    // One letter of the provincial committee to both State offices: two outbox items.
    auto& flow = *party.backend().flow();
    const auto actor = [&](const char* name) { return party.actor(name); };
    docmgmt::DraftInput draft;
    draft.typeCode = "CV";
    draft.subject = "gửi tới máy chủ không trả lời";
    draft.recipients = {"Ủy ban nhân dân huyện Văn Quan,", "Ủy ban nhân dân xã Nghi Dương,"};
    draft.body = "Đề nghị báo cáo kết quả thực hiện./.";
    draft.distribution = {"Như trên,", "Lưu Văn phòng."};
    draft.signerId = actor("phobithu.bg").user.id;
    draft.authority = "T/M";
    draft.authorityOf = "BAN THƯỜNG VỤ";
    draft.recipientOffices = {"DEMO.UB.VQ", "DEMO.UB.ND"};
    const auto id = flow.createDraft(actor("chuyenvien.bg"), draft).id;
    flow.submit(actor("chuyenvien.bg"), id);
    flow.approve(actor("bithu.bg"), id);
    flow.sign(actor("phobithu.bg"), id);
    flow.issue(actor("vanthu.bg"), id);
    docmgmt::ExchangeOutbox outbox(party.backend().storage(), party.backend().blobs());
    REQUIRE(outbox.pending().size() == 2);

    const auto peers = http::PeerDirectory::load(party.dataDir() / "peers.json");
    http::OutboxSettings settings;
    settings.timeout = std::chrono::seconds(3);
    http::OutboxWorker worker(*peers, party.backend().storage(), party.backend().blobs(), settings);
    worker.start();
    // The first POST's connection waits in the backlog: the worker is sending the first item.
    REQUIRE(hanging.poll(Poco::Timespan(30, 0), Poco::Net::Socket::SELECT_READ));
    const auto start = std::chrono::steady_clock::now();
    worker.stop();
    // One time-out (3 s) at most, not two.
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(5000));

    int tried = 0;
    for (const auto& item : outbox.pending()) {
        tried += item.attempts;
        if (item.attempts == 1) {
            CHECK_FALSE(item.lastError.empty());
        }
    }
    CHECK(tried == 1);
}
