#include <catch2/catch.hpp>

#include <algorithm>

#include "CaseFileFixtures.hpp"
#include "IncomingFixtures.hpp"
#include "vanthu/docmgmt/CaseFiles.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/IncomingSearchSource.hpp"
#include "vanthu/docmgmt/OutgoingSearchSource.hpp"
#include "vanthu/docmgmt/Recall.hpp"

using namespace vanthu::docmgmt;
using vanthu::test::RoutingWorld;

namespace {

Recall recallOf(RoutingWorld& w) {
    const auto clockValue = w.now;
    return Recall(*w.storage, *w.blobs, *w.audit, [clockValue] { return clockValue->load(); });
}

IncomingDocument copyAt(RoutingWorld& w, const std::string& username,
                        const std::string& exchangeId) {
    for (const auto& doc : w.incomingOf(username)) {
        if (doc.exchangeId == exchangeId) {
            return doc;
        }
    }
    FAIL("no copy of " << exchangeId << " at " << username);
    throw std::logic_error("unreachable");
}

bool hasAction(const std::vector<AuditRecord>& records, const std::string& action) {
    return std::any_of(records.begin(), records.end(),
                       [&](const AuditRecord& r) { return r.action == action; });
}

void later(RoutingWorld& w, int seconds) {
    w.now->store(w.now->load() + seconds);
}

} // namespace

TEST_CASE("Recall: the issuer's leader recalls a letter, the receiver's clerk agrees, the copy's "
          "content is gone and its trail kept",
          "[recall]") {
    RoutingWorld w;
    Recall recall = recallOf(w);
    const auto letter = w.issuePartyLetter({"DEMO.HU.BS"});
    const auto before = copyAt(w, "vanthu.bs", letter.exchangeId);
    REQUIRE_FALSE(before.pdf.empty());

    // Who may ask, and with what.
    CHECK_THROWS_AS(recall.request(w.actor("chuyenvien.bg"), letter.id, "sai số liệu"), Forbidden);
    CHECK_THROWS_AS(recall.request(w.actor("vanthu.bg"), letter.id, "sai số liệu"), Forbidden);
    CHECK_THROWS_AS(recall.request(w.actor("bithu.bs"), letter.id, "sai số liệu"), NotFound);
    CHECK_THROWS_AS(recall.request(w.actor("quantri.bg"), letter.id, "sai số liệu"), Forbidden);
    CHECK_THROWS_AS(recall.request(w.actor("bithu.bg"), letter.id, "  "), InvalidInput);
    CHECK(recall.statusOf(letter.id).state.empty());
    CHECK(copyAt(w, "vanthu.bs", letter.exchangeId).recall.state.empty());

    later(w, 60);
    const auto asked = recall.request(w.actor("bithu.bg"), letter.id, "Sai số liệu ở mục 2");
    CHECK(asked.state == kIssuerRecallRequested);
    REQUIRE(asked.answers.size() == 1);
    CHECK(asked.answers[0].statusCode.empty());
    CHECK_THROWS_AS(recall.request(w.actor("bithu.bg"), letter.id, "lần nữa"), Conflict);

    auto copy = copyAt(w, "vanthu.bs", letter.exchangeId);
    CHECK(copy.recall.state == kRecallRequested);
    CHECK(copy.recall.kind == kRecallKindRecall);
    CHECK(copy.recall.reason == "Sai số liệu ở mục 2");
    const auto actions = w.incoming->allowedActions(w.actor("vanthu.bs"), copy);
    CHECK(std::find(actions.begin(), actions.end(), kActionRecallAgree) != actions.end());
    CHECK(std::find(actions.begin(), actions.end(), kActionRecallRefuse) != actions.end());

    // Only the receiving office's clerk answers.
    CHECK_THROWS_AS(recall.agree(w.actor("bithu.bs"), copy.id, ""), Forbidden);
    CHECK_THROWS_AS(recall.agree(w.actor("chuyenvien.bs"), copy.id, ""), NotFound);
    CHECK_THROWS_AS(recall.agree(w.actor("vanthu.bg"), copy.id, ""), NotFound);

    later(w, 60);
    const auto agreed = recall.agree(w.actor("vanthu.bs"), copy.id, "Đã hủy bản nhận");
    CHECK(agreed.recall.state == kRecallDone);
    CHECK(agreed.pdf.empty());
    copy = copyAt(w, "vanthu.bs", letter.exchangeId);
    CHECK(copy.recall.state == kRecallDone);
    CHECK(copy.recall.answer == "Đã hủy bản nhận");
    CHECK(copy.pdf.empty());
    CHECK(copy.subject == before.subject); // metadata kept
    CHECK(copy.notation == before.notation);
    CHECK(recallLabel(copy.recall) == "Đã thu hồi");
    CHECK_THROWS_AS(w.incoming->pdf(w.actor("vanthu.bs"), copy.id), NotFound);
    CHECK_THROWS_AS(w.incoming->registerArrival(w.actor("vanthu.bs"), copy.id), Conflict);
    CHECK(w.incoming->allowedActions(w.actor("vanthu.bs"), copy).empty());
    CHECK_THROWS_AS(recall.agree(w.actor("vanthu.bs"), copy.id, ""), Conflict);
    const auto trail = w.incoming->history(w.actor("vanthu.bs"), copy.id);
    CHECK(hasAction(trail, "receive"));
    CHECK(hasAction(trail, "recall-requested"));
    CHECK(hasAction(trail, "recall-agree"));

    // The issuer's letter: recalled and frozen; its own PDF stays (the local copy shared the
    // bytes, so the blob is kept).
    const auto status = recall.status(w.actor("vanthu.bg"), letter.id);
    CHECK(status.state == kIssuerRecalled);
    CHECK(status.frozen());
    REQUIRE(status.answers.size() == 1);
    CHECK(status.answers[0].statusCode == kStatusRecallAgreed);
    CHECK(status.answers[0].reason == "Đã hủy bản nhận");
    CHECK(w.blobs->contains(letter.issuedPdf));
    CHECK_FALSE(w.flow->pdf(w.actor("vanthu.bg"), letter.id).empty());
    const auto rows = w.flow->recipients(w.actor("vanthu.bg"), letter.id);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].statusCode == kStatusRecallAgreed);
    CHECK(hasAction(w.audit->about("document/" + std::to_string(letter.id)), "recall-request"));
    CHECK_THROWS_AS(recall.request(w.actor("bithu.bg"), letter.id, "lần nữa"), Conflict);
}

TEST_CASE("Recall: a refusal keeps the copy live, a later request can still be agreed",
          "[recall]") {
    RoutingWorld w;
    Recall recall = recallOf(w);
    const auto letter = w.issuePartyLetter({"DEMO.HU.BS"});
    later(w, 60);
    recall.request(w.actor("phobithu.bg"), letter.id, "Thiếu phụ lục");
    auto copy = copyAt(w, "vanthu.bs", letter.exchangeId);
    CHECK_THROWS_AS(recall.refuse(w.actor("vanthu.bs"), copy.id, ""), InvalidInput);
    CHECK(copyAt(w, "vanthu.bs", letter.exchangeId).recall.state == kRecallRequested);
    later(w, 60);
    recall.refuse(w.actor("vanthu.bs"), copy.id, "Văn bản đã được thực hiện");
    copy = copyAt(w, "vanthu.bs", letter.exchangeId);
    CHECK(copy.recall.state == kRecallRefused);
    CHECK_FALSE(copy.pdf.empty());
    CHECK_FALSE(w.incoming->pdf(w.actor("vanthu.bs"), copy.id).empty());
    auto status = recall.statusOf(letter.id);
    CHECK(status.state == kIssuerRecallRefused);
    CHECK(status.answers[0].statusCode == kStatusRecallRefused);
    CHECK(status.answers[0].reason == "Văn bản đã được thực hiện");
    // The copy can still be worked on.
    w.incoming->registerArrival(w.actor("vanthu.bs"), copy.id);

    later(w, 3600);
    status = recall.request(w.actor("bithu.bg"), letter.id, "Đề nghị lại: sai căn cứ");
    CHECK(status.state == kIssuerRecallRequested); // the earlier refusal is about the first one
    CHECK(status.requests.size() == 2);
    later(w, 60);
    recall.agree(w.actor("vanthu.bs"), copy.id, "");
    CHECK(recall.statusOf(letter.id).state == kIssuerRecalled);

    // The register and search show it recalled; the copy's text is no longer indexed.
    const auto page = w.incoming->incomingRegister(w.actor("vanthu.bs"), 2026, 100, 0);
    const auto entry = std::find_if(page.entries.begin(), page.entries.end(),
                                    [&](const auto& e) { return e.incomingId == copy.id; });
    REQUIRE(entry != page.entries.end());
    CHECK(entry->note == "Đã thu hồi");
    CHECK(IncomingFlow::registerCsv({*entry}).find("Đã thu hồi") != std::string::npos);
    const auto indexedCopy = IncomingSearchSource(*w.storage, *w.blobs, *w.incoming).load(copy.id);
    REQUIRE(indexedCopy);
    CHECK(indexedCopy->status == "recalled");
    CHECK(indexedCopy->text.empty());
    const auto indexedLetter = OutgoingSearchSource(*w.storage, *w.flow).load(letter.id);
    REQUIRE(indexedLetter);
    CHECK(indexedLetter->status == "recalled");
}

TEST_CASE("Recall: a replacement names the new letter on the copy it replaces", "[recall]") {
    RoutingWorld w;
    Recall recall = recallOf(w);
    const auto old = w.issuePartyLetter({"DEMO.HU.BS"}, "bản có sai sót");
    const auto elsewhere = w.issuePartyLetter({"DEMO.DU.BL"}, "gửi nơi khác");
    const auto fresh = w.issuePartyLetter({"DEMO.HU.BS"}, "bản đúng thay thế");
    later(w, 60);
    CHECK_THROWS_AS(recall.request(w.actor("bithu.bg"), old.id, "thay", old.id), InvalidInput);
    CHECK_THROWS_AS(recall.request(w.actor("bithu.bg"), old.id, "thay", elsewhere.id),
                    InvalidInput);
    const auto asked = recall.request(w.actor("bithu.bg"), old.id, "Thay bản đúng", fresh.id);
    CHECK(asked.latest->kind == kRecallKindReplacement);
    CHECK(asked.latest->replacementId == fresh.id);
    auto copy = copyAt(w, "vanthu.bs", old.exchangeId);
    CHECK(copy.recall.kind == kRecallKindReplacement);
    CHECK(copy.recall.replacedBy == fresh.exchangeId);
    later(w, 60);
    recall.agree(w.actor("vanthu.bs"), copy.id, "");
    copy = copyAt(w, "vanthu.bs", old.exchangeId);
    CHECK(copy.recall.state == kRecallReplaced);
    CHECK(copy.pdf.empty());
    CHECK(recallLabel(copy.recall) == "Đã được thay thế");
    CHECK(recall.statusOf(old.id).state == kIssuerReplaced);
    // The new letter's copy is untouched.
    const auto replacing = copyAt(w, "vanthu.bs", fresh.exchangeId);
    CHECK(replacing.recall.state.empty());
    CHECK_FALSE(replacing.pdf.empty());
}

TEST_CASE("Recall: an update (cập nhật) names the updated letter on the copy it updates, and the "
          "letter is updated once agreed",
          "[recall]") {
    RoutingWorld w;
    Recall recall = recallOf(w);
    const auto old = w.issuePartyLetter({"DEMO.HU.BS"}, "bản cần cập nhật");
    const auto updated = w.issuePartyLetter({"DEMO.HU.BS"}, "bản cập nhật");
    later(w, 60);
    // An update names its updated letter.
    CHECK_THROWS_AS(recall.request(w.actor("bithu.bg"), old.id, "cập nhật", std::nullopt, true),
                    InvalidInput);
    const auto asked =
        recall.request(w.actor("bithu.bg"), old.id, "Cập nhật số liệu", updated.id, true);
    CHECK(asked.latest->kind == kRecallKindUpdate);
    CHECK(asked.latest->replacementId == updated.id);
    CHECK(w.storage->recallRequests(old.id).back().kind == kRecallKindUpdate); // stored so
    auto copy = copyAt(w, "vanthu.bs", old.exchangeId);
    CHECK(copy.recall.kind == kRecallKindUpdate);
    CHECK(copy.recall.replacedBy == updated.exchangeId);
    later(w, 60);
    recall.agree(w.actor("vanthu.bs"), copy.id, "");
    copy = copyAt(w, "vanthu.bs", old.exchangeId);
    CHECK(copy.pdf.empty());
    CHECK(recallLabel(copy.recall) == "Đã được cập nhật");
    const auto status = recall.statusOf(old.id);
    CHECK(status.state == kIssuerUpdated);
    CHECK(status.frozen());
    CHECK_THROWS_AS(recall.request(w.actor("bithu.bg"), old.id, "lần nữa"), Conflict);
    const auto trail = w.audit->about("document/" + std::to_string(old.id));
    CHECK(std::any_of(trail.begin(), trail.end(),
                      [](const auto& e) { return e.action == "update-request"; }));
    // A replacement and a recall are still stored as they were.
    const auto other = w.issuePartyLetter({"DEMO.HU.BS"}, "bản khác");
    recall.request(w.actor("bithu.bg"), other.id, "Thu hồi");
    CHECK(w.storage->recallRequests(other.id).back().kind == kRecallKindRecall);
}

TEST_CASE("Recall: a receiver at a peer is asked through the outbox (status 13), a copy from a "
          "peer is destroyed with its blob and 15 goes back",
          "[recall]") {
    RoutingWorld w;
    Recall recall = recallOf(w);
    auto vanQuan = w.officeOf("vanthu.vq");
    vanQuan.peer = "state";
    w.storage->updateOffice(vanQuan);
    const auto letter = w.issuePartyLetter({"DEMO.UB.VQ"});
    // The letter's package left (what the outbox worker records): the receiver is asked.
    for (const auto& i : w.outbox->pending()) {
        if (i.kind == kOutboxDocument && i.documentId == letter.id) {
            w.outbox->delivered(i.id, w.now->load());
        }
    }
    later(w, 60);
    recall.request(w.actor("bithu.bg"), letter.id, "Gửi nhầm nơi");
    const auto pending = w.outbox->pending();
    const auto item = std::find_if(pending.begin(), pending.end(), [](const OutboxItem& i) {
        return i.kind == kOutboxStatus && i.statusCode == kStatusRecallRequest;
    });
    REQUIRE(item != pending.end());
    CHECK(item->peer == "state");
    CHECK(item->documentId == letter.id);
    CHECK(item->recipientCode == "DEMO.UB.VQ");
    CHECK(item->senderCode == "DEMO.TU.BG");
    CHECK(item->exchangeId == letter.exchangeId);
    CHECK(item->statusDescription == "Gửi nhầm nơi");
    CHECK(recall.statusOf(letter.id).state == kIssuerRecallRequested);
    // Văn Quan's answer comes back as a status.
    later(w, 60);
    Dispatch dispatch(*w.storage, *w.blobs, *w.audit, nullptr, {});
    dispatch.recordRecipientStatus(letter.exchangeId, "DEMO.UB.VQ", kStatusRecallAgreed,
                                   vietnamTimestamp(w.now->load()), "", "Văn thư");
    CHECK(recall.statusOf(letter.id).state == kIssuerRecalled);

    // The other way: a letter from a peer office arrived here, then its recall.
    vanQuan.peer = "state";
    auto arriving = w.paperLetter("văn bản từ máy chủ khác");
    arriving.channel = kChannelEdxml;
    arriving.senderCode = "DEMO.UB.VQ";
    arriving.senderPeer = "state";
    arriving.receiverCode = "DEMO.HU.BS";
    arriving.exchangeId = "DEMO.UB.VQ,2026/06/16,7/UBND-VP";
    arriving.packageId = arriving.exchangeId + "/DEMO.HU.BS";
    const auto id = Dispatch(*w.storage, *w.blobs, *w.audit, nullptr, {}).receive(arriving);
    const auto blob = w.storage->findIncoming(id)->pdf;
    REQUIRE(w.blobs->contains(blob));
    RecallNotice notice;
    notice.senderCode = "DEMO.UB.VQ";
    notice.exchangeId = arriving.exchangeId;
    notice.reason = "Sai thể thức";
    notice.requestedAt = "2026-06-16T10:00:00+07:00";
    CHECK(recall.receive(notice) == std::vector<Id>{id});
    CHECK(recall.receive(notice) == std::vector<Id>{id}); // delivered twice: kept once
    const auto trail = w.audit->about("incoming/" + std::to_string(id));
    CHECK(std::count_if(trail.begin(), trail.end(),
                        [](const AuditRecord& r) { return r.action == "recall-requested"; }) == 1);
    notice.exchangeId = "không có";
    CHECK_THROWS_AS(recall.receive(notice), NotFound);

    recall.agree(w.actor("vanthu.bs"), id, "");
    CHECK_FALSE(w.blobs->contains(blob)); // nothing else pointed to it: gone
    const auto back = w.outbox->pending();
    CHECK(std::any_of(back.begin(), back.end(), [&](const OutboxItem& i) {
        return i.kind == kOutboxStatus && i.statusCode == kStatusRecallAgreed &&
               i.documentId == id && i.peer == "state";
    }));
}

TEST_CASE("Recall: a copy in a case file is taken out before it can be destroyed", "[recall]") {
    RoutingWorld w;
    Recall recall = recallOf(w);
    const auto clockValue = w.now;
    CaseFiles files(*w.storage, *w.blobs, *w.audit, [clockValue] { return clockValue->load(); });
    const auto letter = w.issuePartyLetter({"DEMO.UB.VQ"});
    const auto copy = copyAt(w, "vanthu.vq", letter.exchangeId);
    w.incoming->registerArrival(w.actor("vanthu.vq"), copy.id);
    const auto entry = vanthu::test::listEntry(w, files, "01.TH");
    const auto file = files.open(w.actor("vanthu.vq"), entry.id);
    files.addDocument(w.actor("vanthu.vq"), file.id, kIncomingKind, copy.id);
    later(w, 60);
    recall.request(w.actor("bithu.bg"), letter.id, "Sai số liệu");
    CHECK_THROWS_AS(recall.agree(w.actor("vanthu.vq"), copy.id, ""), Conflict);
    CHECK_FALSE(copyAt(w, "vanthu.vq", letter.exchangeId).pdf.empty());
    CHECK(recall.statusOf(letter.id).state == kIssuerRecallRequested);
}

TEST_CASE("Recall: a letter recalled while its package to a peer has not left is not sent, the "
          "receiver is not asked and the reason is on its recipient row",
          "[recall]") {
    RoutingWorld w;
    Recall recall = recallOf(w);
    auto vanQuan = w.officeOf("vanthu.vq");
    vanQuan.peer = "state";
    w.storage->updateOffice(vanQuan);
    const auto letter = w.issuePartyLetter({"DEMO.UB.VQ"});
    later(w, 60);
    const auto status = recall.request(w.actor("bithu.bg"), letter.id, "Ban hành nhầm");
    CHECK(status.state == kIssuerRecalled);
    REQUIRE(status.answers.size() == 1);
    CHECK(status.answers[0].cancelled);
    CHECK(status.answers[0].statusCode.empty());
    CHECK(status.answers[0].reason.find("Ban hành nhầm") != std::string::npos);
    CHECK(w.outbox->pending().empty()); // neither the letter nor a 13
    const auto items = w.storage->outboxDocumentItems(letter.id);
    REQUIRE(items.size() == 1);
    CHECK(items[0].cancelledAt == vietnamTimestamp(w.now->load()));
    const auto rows = w.storage->dispatches(letter.id);
    CHECK(rows[0].note.find("Chưa gửi đi khi văn bản bị thu hồi") != std::string::npos);
    const auto trail = w.storage->auditFor("document/" + std::to_string(letter.id));
    CHECK(trail.back().detail.find("đã hủy việc gửi tới") != std::string::npos);
}
