// Recall and replacement between two demo servers on loopback (issue 14 item 1, issue 20 item
// 5): the Party server's leader recalls a letter the State server received; the request goes as
// status 13, the State clerk agrees (15: the copy's content is gone, its trail kept, the
// sender's letter shows recalled) or refuses (16); a replacement travels as the new letter's
// package of business type 3. The packages also read through `vanthu exchange inspect`.
#include <catch2/catch.hpp>

#include <Poco/JSON/Parser.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "ExchangeNode.hpp"
#include "vanthu/docmgmt/ExchangeOutbox.hpp"
#include "vanthu/exchange/PackageWriter.hpp"
#include "vanthu/signing/SigningKey.hpp"

using namespace vanthu;
using namespace vanthu::test;

namespace {

TwoServers& servers() {
    static TwoServers instance;
    return instance;
}

/// Issues a letter of the provincial committee to the district, delivers it and the 01 back.
http::Id issueAndDeliver(TwoServers& s, const std::string& subject) {
    const auto id = issuePartyLetter(s.party, subject);
    REQUIRE(s.party.outbox().deliverDue() == 1);
    REQUIRE(s.state.outbox().deliverDue() == 1); // 01
    return id;
}

docmgmt::IncomingDocument copyOf(TwoServers& s, const std::string& subject) {
    const auto copies = districtCopies(s.state, subject);
    if (copies.empty()) {
        FAIL("no copy of " << subject);
    }
    return copies.front();
}

/// The package of the pending outbox item that matches, as the worker writes it.
std::string pendingPackage(ExchangeNode& node,
                           const std::function<bool(const docmgmt::OutboxItem&)>& match) {
    docmgmt::ExchangeOutbox outbox(node.backend().storage(), node.backend().blobs());
    for (const auto& item : outbox.pending()) {
        if (match(item)) {
            return node.outbox().packageFor(item);
        }
    }
    FAIL("no such pending outbox item");
    return {};
}

Poco::JSON::Object::Ptr inspect(const TempDir& dir, const std::string& xml) {
    const auto file = dir.path() / "package.edxml";
    std::ofstream(file, std::ios::binary) << xml;
    const auto result = runVanthu({"exchange", "inspect", file.string(), "--json"});
    INFO(result.out << result.err);
    REQUIRE(result.exitCode == 0);
    return Poco::JSON::Parser().parse(result.out).extract<Poco::JSON::Object::Ptr>();
}

std::string recallState(TwoServers& s, http::Id id) {
    const auto r = s.party.as("vanthu.bg").get("/api/documents/" + std::to_string(id) + "/recall");
    expectOk(r);
    return r.object()->getValue<std::string>("state");
}

} // namespace

TEST_CASE("recall across servers: 13 asked, 15 agreed, the copy's content gone and its trail "
          "kept, the sender's letter recalled",
          "[exchange][recall]") {
    auto& s = servers();
    const std::string subject = "văn bản gửi nhầm cần thu hồi";
    const auto id = issueAndDeliver(s, subject);
    const auto base = "/api/documents/" + std::to_string(id);
    const auto before = copyOf(s, subject);
    REQUIRE_FALSE(before.pdf.empty());
    CHECK(recallState(s, id).empty());

    // The refusals of the API, each a JSON error in Vietnamese.
    auto specialist = s.party.as("chuyenvien.bg");
    auto refused = specialist.post(base + "/recall", R"({"reason": "sai"})");
    CHECK(refused.status == 403);
    CHECK(refused.errorCode() == "forbidden");
    auto leader = s.party.as("bithu.bg");
    refused = leader.post(base + "/recall", R"({})");
    CHECK(refused.status == 422);
    CHECK(refused.errorCode() == "invalid");
    refused = leader.post(base + "/recall", R"({"reason": "sai", "extra": 1})");
    CHECK(refused.status == 400);

    const auto asked = leader.post(base + "/recall", R"({"reason": "Gửi nhầm nơi nhận"})");
    expectOk(asked);
    CHECK(asked.object()->getValue<std::string>("state") == "requested");
    CHECK(leader.post(base + "/recall", R"({"reason": "lần nữa"})").status == 409);

    // Status 13 on the wire, readable by `vanthu exchange inspect`.
    const auto thirteen = pendingPackage(s.party, [&](const docmgmt::OutboxItem& item) {
        return item.statusCode == "13" && item.documentId == id;
    });
    TempDir dir;
    const auto r = inspect(dir, thirteen);
    CHECK(r->getValue<std::string>("kind") == "status");
    CHECK(r->getValue<std::string>("statusCode") == "13");
    CHECK(r->getValue<std::string>("description") == "Gửi nhầm nơi nhận");
    CHECK(r->getObject("responseFor")->getValue<std::string>("organId") == "DEMO.TU.BG");

    REQUIRE(s.party.outbox().deliverDue() == 1);
    auto copy = copyOf(s, subject);
    CHECK(copy.recall.state == docmgmt::kRecallRequested);
    CHECK(copy.recall.reason == "Gửi nhầm nơi nhận");
    // Delivered again: kept once.
    ApiClient peer(s.state.port());
    peer.setHeader("X-Vanthu-Peer", "party");
    expectOk(peer.request("POST", "/api/exchange/packages", thirteen, "application/xml"));

    auto clerk = s.state.as("vanthu.vq");
    const auto incoming = "/api/incoming/" + std::to_string(copy.id);
    const auto page = clerk.get(incoming);
    expectOk(page);
    CHECK(page.object()->getValue<std::string>("recall") == "requested");
    CHECK(s.state.as("chutich.vq").post(incoming + "/recall-agree").status / 100 == 4);
    const auto agreed = clerk.post(incoming + "/recall-agree", R"({"note": "Đã hủy bản nhận"})");
    expectOk(agreed);
    CHECK(agreed.object()->getValue<std::string>("recall") == "recalled");
    CHECK(agreed.object()->getValue<std::string>("recallLabel") == "Đã thu hồi");
    const auto pdf = clerk.get(incoming + "/pdf");
    CHECK(pdf.status == 404);
    CHECK(pdf.errorCode() == "not-found");
    CHECK_FALSE(s.state.backend().blobs().contains(before.pdf));
    copy = copyOf(s, subject);
    CHECK(copy.pdf.empty());
    CHECK(copy.notation == before.notation);
    const auto history = clerk.get(incoming).object()->getArray("history");
    bool requested = false, agreedEntry = false;
    for (std::size_t i = 0; i < history->size(); ++i) {
        const auto action = history->getObject(i)->getValue<std::string>("action");
        requested = requested || action == "recall-requested";
        agreedEntry = agreedEntry || action == "recall-agree";
    }
    CHECK(requested);
    CHECK(agreedEntry);
    CHECK(clerk.post(incoming + "/register").status == 409);

    REQUIRE(s.state.outbox().deliverDue() == 1); // 15
    CHECK(recallState(s, id) == "recalled");
    const auto status = s.party.as("vanthu.bg").get(base + "/recall").object()->getArray("answers");
    CHECK(status->getObject(0)->getValue<std::string>("statusCode") == "15");
    CHECK(leader.post(base + "/recall", R"({"reason": "lần nữa"})").status == 409);
}

TEST_CASE("recall across servers: the receiver refuses (16), the letter stays valid there",
          "[exchange][recall]") {
    auto& s = servers();
    const std::string subject = "văn bản mà nơi nhận không đồng ý thu hồi";
    const auto id = issueAndDeliver(s, subject);
    expectOk(s.party.as("bithu.bg")
                 .post("/api/documents/" + std::to_string(id) + "/recall",
                       R"({"reason": "Cần sửa căn cứ"})"));
    REQUIRE(s.party.outbox().deliverDue() == 1);
    const auto copy = copyOf(s, subject);
    auto clerk = s.state.as("vanthu.vq");
    const auto incoming = "/api/incoming/" + std::to_string(copy.id);
    const auto missing = clerk.post(incoming + "/recall-refuse", R"({})");
    CHECK(missing.status == 422);
    CHECK(missing.errorCode() == "invalid");
    const auto refused =
        clerk.post(incoming + "/recall-refuse", R"({"reason": "Văn bản đã được thực hiện"})");
    expectOk(refused);
    CHECK(refused.object()->getValue<std::string>("recall") == "refused");
    CHECK(clerk.get(incoming + "/pdf").status == 200);
    REQUIRE(s.state.outbox().deliverDue() == 1); // 16
    CHECK(recallState(s, id) == "refused");
    const auto answers = s.party.as("vanthu.bg")
                             .get("/api/documents/" + std::to_string(id) + "/recall")
                             .object()
                             ->getArray("answers");
    CHECK(answers->getObject(0)->getValue<std::string>("statusCode") == "16");
    CHECK(answers->getObject(0)->getValue<std::string>("reason") == "Văn bản đã được thực hiện");
}

TEST_CASE("recall across servers: a replacement travels as the new letter's package of type 3 "
          "and replaces the copy",
          "[exchange][recall]") {
    auto& s = servers();
    const std::string oldSubject = "văn bản có sai sót cần thay thế";
    const std::string newSubject = "văn bản đúng thay thế văn bản có sai sót";
    const auto oldId = issueAndDeliver(s, oldSubject);
    const auto newId = issueAndDeliver(s, newSubject);
    const auto asked = s.party.as("bithu.bg")
                           .post("/api/documents/" + std::to_string(oldId) + "/recall",
                                 R"({"reason": "Thay bằng văn bản đúng", "replacementId": )" +
                                     std::to_string(newId) + "}");
    expectOk(asked);
    CHECK(asked.object()->getObject("latest")->getValue<std::string>("kind") == "replacement");

    const auto package = pendingPackage(s.party, [&](const docmgmt::OutboxItem& item) {
        return item.kind == docmgmt::kOutboxDocument && item.documentId == newId &&
               !item.affects.empty();
    });
    TempDir dir;
    const auto r = inspect(dir, package);
    CHECK(r->getValue<std::string>("kind") == "document");
    CHECK(r->getValue<std::string>("subject") == newSubject);
    const auto b = r->getObject("bussiness");
    CHECK(b->getValue<int>("type") == 3);
    const auto oldCopy = copyOf(s, oldSubject);
    CHECK(b->getValue<std::string>("documentId") == oldCopy.exchangeId);

    REQUIRE(s.party.outbox().deliverDue() == 1);
    auto copy = copyOf(s, oldSubject);
    const auto newCopy = copyOf(s, newSubject);
    CHECK(copy.recall.state == docmgmt::kRecallRequested);
    CHECK(copy.recall.kind == docmgmt::kRecallKindReplacement);
    CHECK(copy.recall.replacedBy == newCopy.exchangeId);
    int copies = 0; // the new letter arrived once
    for (const auto& doc : s.state.incomingOf(kDistrict)) {
        copies += doc.subject == newSubject ? 1 : 0;
    }
    CHECK(copies == 1);

    auto clerk = s.state.as("vanthu.vq");
    const auto agreed =
        clerk.post("/api/incoming/" + std::to_string(copy.id) + "/recall-agree", "{}");
    expectOk(agreed);
    CHECK(agreed.object()->getValue<std::string>("recall") == "replaced");
    CHECK(clerk.get("/api/incoming/" + std::to_string(newCopy.id) + "/pdf").status == 200);
    REQUIRE(s.state.outbox().deliverDue() == 1); // 15
    CHECK(recallState(s, oldId) == "replaced");
}

TEST_CASE("recall across servers: an update asked through the API travels to the peer as the "
          "updated letter's signed package of type 2 and updates the copy, its trail kept",
          "[exchange][recall]") {
    auto& s = servers();
    const std::string oldSubject = "văn bản cần cập nhật số liệu";
    const std::string newSubject = "văn bản đã cập nhật số liệu";
    const auto oldId = issueAndDeliver(s, oldSubject);
    const auto newId = issueAndDeliver(s, newSubject);
    const auto asked = s.party.as("bithu.bg")
                           .post("/api/documents/" + std::to_string(oldId) + "/recall",
                                 R"({"reason": "Cập nhật số liệu quý II", "kind": "update", )"
                                 R"("replacementId": )" +
                                     std::to_string(newId) + "}");
    expectOk(asked);
    CHECK(asked.object()->getObject("latest")->getValue<std::string>("kind") == "update");

    const auto package = pendingPackage(s.party, [&](const docmgmt::OutboxItem& item) {
        return item.kind == docmgmt::kOutboxDocument && item.documentId == newId &&
               !item.affects.empty();
    });
    CHECK(package.find("http://www.w3.org/2000/09/xmldsig#") != std::string::npos); // a peer's
    TempDir dir;
    const auto r = inspect(dir, package);
    const auto b = r->getObject("bussiness");
    CHECK(b->getValue<int>("type") == 2);
    CHECK(b->getValue<std::string>("label") == "cập nhật");
    CHECK(b->getValue<std::string>("reason") == "Cập nhật số liệu quý II");
    const auto oldCopy = copyOf(s, oldSubject);
    CHECK(b->getValue<std::string>("documentId") == oldCopy.exchangeId);

    REQUIRE(s.party.outbox().deliverDue() == 1);
    auto copy = copyOf(s, oldSubject);
    CHECK(copy.recall.state == docmgmt::kRecallRequested);
    CHECK(copy.recall.kind == docmgmt::kRecallKindUpdate);
    CHECK(copy.recall.replacedBy == copyOf(s, newSubject).exchangeId);
    auto clerk = s.state.as("vanthu.vq");
    const auto incoming = "/api/incoming/" + std::to_string(copy.id);
    const auto agreed = clerk.post(incoming + "/recall-agree", "{}");
    expectOk(agreed);
    CHECK(agreed.object()->getValue<std::string>("recallLabel") == "Đã được cập nhật");
    CHECK(clerk.get(incoming + "/pdf").status == 404);
    const auto history = clerk.get(incoming).object()->getArray("history");
    int updateRequested = 0;
    for (std::size_t i = 0; i < history->size(); ++i) {
        updateRequested +=
            history->getObject(i)->getValue<std::string>("action") == "update-requested";
    }
    CHECK(updateRequested == 1);
    REQUIRE(s.state.outbox().deliverDue() == 1); // 15
    CHECK(recallState(s, oldId) == "updated");
}

TEST_CASE("recall across servers: a letter recalled before its package left is not sent, the "
          "clerk sees why on its recipients",
          "[exchange][recall]") {
    auto& s = servers();
    const std::string subject = "văn bản thu hồi khi chưa gửi được tới nơi nhận";
    s.state.stop();
    const auto id = issuePartyLetter(s.party, subject);
    CHECK(s.party.outbox().deliverDue() == 0); // the State server is down: kept for a retry
    const auto base = "/api/documents/" + std::to_string(id);

    const auto asked =
        s.party.as("bithu.bg").post(base + "/recall", R"({"reason": "Ban hành nhầm"})");
    expectOk(asked);
    // Nothing reached the district: recalled at once, nobody to ask.
    CHECK(asked.object()->getValue<std::string>("state") == "recalled");
    const auto answer = asked.object()->getArray("answers")->getObject(0);
    CHECK(answer->getValue<bool>("cancelled"));
    CHECK(answer->getValue<std::string>("statusCode").empty());
    CHECK(answer->getValue<std::string>("reason").find("Ban hành nhầm") != std::string::npos);
    // Neither the letter nor a 13 waits in the outbox; the cancelled item keeps the reason.
    docmgmt::ExchangeOutbox outbox(s.party.backend().storage(), s.party.backend().blobs());
    for (const auto& item : outbox.pending()) {
        CHECK(item.documentId != id);
    }
    const auto items = s.party.backend().storage().outboxDocumentItems(id);
    REQUIRE(items.size() == 1);
    CHECK_FALSE(items[0].cancelledAt.empty());
    CHECK(items[0].deliveredAt.empty());
    CHECK(items[0].lastError.find("đã hủy việc gửi") != std::string::npos);
    // The clerk's view of the recipients: the reason, in Vietnamese.
    const auto recipients = s.party.as("vanthu.bg").get(base + "/recipients");
    expectOk(recipients);
    const auto row =
        Poco::JSON::Parser().parse(recipients.body).extract<Poco::JSON::Array::Ptr>()->getObject(0);
    CHECK(row->getValue<std::string>("note").find("Chưa gửi đi khi văn bản bị thu hồi") !=
          std::string::npos);

    // The State server is back and the retry's wait is over: still nothing goes.
    s.state.start(s.party);
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    CHECK(s.party.outbox().deliverDue() == 0);
    CHECK(districtCopies(s.state, subject).empty());
    // Asked again later: frozen.
    CHECK(s.party.as("bithu.bg").post(base + "/recall", R"({"reason": "lần nữa"})").status == 409);
}

TEST_CASE("recall across servers: a 13 about a letter the receiver does not have is taken and "
          "noted, not refused (so not sent again forever)",
          "[exchange][recall]") {
    auto& s = servers();
    exchange::MessageStatus status;
    status.from.organId = kProvince;
    status.from.organName = "TỈNH ỦY BẮC GIANG";
    status.responseFor = {kProvince, "99-CV/TU", "2030/01/02",
                          std::string(kProvince) + ",2030/01/02,99-CV/TU"};
    status.statusCode = "13";
    status.description = "Gửi nhầm";
    status.timestamp = "2030/01/02 08:00:00";
    const auto seal = signing::Pkcs12Key::fromFile(s.party.office(kProvince).sealKey, "vanthu");
    const auto xml = exchange::writePackage(status, seal.get());
    const auto before = s.state.backend().storage().auditFor("exchange").size();
    ApiClient peer(s.state.port());
    peer.setHeader("X-Vanthu-Peer", "party");
    const auto response = peer.request("POST", "/api/exchange/packages", xml, "application/xml");
    INFO(response.body);
    REQUIRE(response.status == 200);
    CHECK(response.object()->getValue<std::string>("kind") == "status");
    CHECK(response.object()->getArray("incomingIds")->size() == 0);
    CHECK(response.object()->getValue<std::string>("note").find("không có gì để thu hồi") !=
          std::string::npos);
    const auto noted = s.state.backend().storage().auditFor("exchange");
    REQUIRE(noted.size() == before + 1);
    CHECK(noted.back().action == "recall-unknown");
    CHECK(noted.back().username == "party");
    CHECK(noted.back().detail.find(",2030/01/02,99-CV/TU") != std::string::npos);
}
