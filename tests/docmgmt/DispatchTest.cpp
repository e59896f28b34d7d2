#include <catch2/catch.hpp>

#include <regex>

#include "IncomingFixtures.hpp"
#include "vanthu/docmgmt/Errors.hpp"

using namespace vanthu::docmgmt;
using vanthu::test::RoutingWorld;

namespace {

const DispatchRecord& recipient(const std::vector<DispatchRecord>& rows, const std::string& code) {
    for (const auto& row : rows) {
        if (row.recipientCode == code) {
            return row;
        }
    }
    FAIL("no dispatch row for " << code);
    throw std::logic_error("unreachable");
}

/// Makes Văn Quan an office hosted by the peer server "state".
void vanQuanAtPeer(RoutingWorld& w) {
    auto office = w.officeOf("vanthu.vq");
    office.peer = "state";
    w.storage->updateOffice(office);
}

} // namespace

TEST_CASE("Dispatch: issuing sends at once to offices here, through the outbox to a peer, the "
          "rest on paper",
          "[dispatch]") {
    RoutingWorld w;
    vanQuanAtPeer(w);
    const auto before = w.incomingOf("vanthu.bs").size();
    const auto letter =
        w.issuePartyLetter({"DEMO.HU.BS", "DEMO.UB.VQ", "KHONG.CO.MA", "DEMO.HU.BS"});
    CHECK(std::regex_match(letter.exchangeId,
                           std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                                      "[0-9a-f]{12}")));
    CHECK(w.storage->findDocumentByExchangeId(letter.exchangeId)->id == letter.id);

    const auto rows = w.flow->recipients(w.actor("vanthu.bg"), letter.id);
    REQUIRE(rows.size() == 3); // the duplicate code counts once
    const auto& local = recipient(rows, "DEMO.HU.BS");
    CHECK(local.channel == DispatchChannel::Local);
    CHECK(local.recipientName == "HUYỆN ỦY BÌNH SƠN");
    CHECK(local.statusCode == kStatusArrived);
    REQUIRE(local.history.size() == 1);
    CHECK(local.history[0].at == "2026-06-16T09:30:00+07:00");
    const auto& peer = recipient(rows, "DEMO.UB.VQ");
    CHECK(peer.channel == DispatchChannel::Edxml);
    CHECK(peer.peer == "state");
    CHECK(peer.statusCode.empty());
    const auto& paper = recipient(rows, "KHONG.CO.MA");
    CHECK(paper.channel == DispatchChannel::Paper);
    CHECK_FALSE(paper.note.empty());

    // Bình Sơn has it, with its signatures verified.
    const auto arrived = w.incomingOf("vanthu.bs");
    REQUIRE(arrived.size() == before + 1);
    const auto& doc = arrived.front();
    CHECK(doc.state == IncomingState::Arrived);
    CHECK(doc.channel == kChannelLocal);
    CHECK(doc.senderCode == "DEMO.TU.BG");
    CHECK(doc.senderName == "TỈNH ỦY BẮC GIANG");
    CHECK(doc.notation == letter.notation);
    CHECK(doc.number == std::to_string(*letter.number));
    CHECK(doc.issuedDate == "2026-06-16");
    CHECK(doc.typeName == "Công văn");
    CHECK(doc.signerName == "Lê Thị Thu Hồng");
    CHECK(doc.dueDate == "2026-06-30");
    CHECK(doc.exchangeId == letter.exchangeId);
    CHECK(doc.signatureStatus == kSignaturesValid);
    CHECK(doc.signatureReport.find("\"ok\"") != std::string::npos);
    CHECK(w.incoming->pdf(w.actor("vanthu.bs"), doc.id) ==
          w.flow->pdf(w.actor("vanthu.bg"), letter.id));

    // The peer gets an outbox item with what its package needs.
    const auto pending = w.outbox->pending();
    REQUIRE(pending.size() == 1);
    const auto& item = pending[0];
    CHECK(item.kind == kOutboxDocument);
    CHECK(item.peer == "state");
    CHECK(item.recipientCode == "DEMO.UB.VQ");
    CHECK(item.packageId == letter.exchangeId + "/DEMO.UB.VQ");
    CHECK(item.attempts == 0);
    CHECK(w.outbox->due(w.now->load(), 10).size() == 1);
    const auto package = w.outbox->documentFor(item);
    CHECK(package.document.notation == letter.notation);
    CHECK(package.sender.code == "DEMO.TU.BG");
    CHECK(package.recipient.name == "ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN");
    CHECK(package.signerName == "Lê Thị Thu Hồng");
    CHECK(package.pdf == w.blobs->get(letter.issuedPdf));

    // Delivery bookkeeping.
    w.outbox->failed(item.id, "connection refused", w.now->load() + 60);
    CHECK(w.outbox->due(w.now->load(), 10).empty());
    CHECK(w.outbox->due(w.now->load() + 60, 10).size() == 1);
    CHECK(w.outbox->find(item.id)->lastError == "connection refused");
    w.outbox->delivered(item.id, w.now->load() + 61);
    CHECK(w.outbox->pending().empty());
    CHECK(w.outbox->find(item.id)->attempts == 2);
    CHECK(w.audit->verify().intact);
}

TEST_CASE("Dispatch: a secret document is never sent electronically", "[dispatch]") {
    RoutingWorld w;
    const auto before = w.incomingOf("vanthu.bs").size();
    const auto letter = w.issuePartyLetter({"DEMO.HU.BS"}, "công tác bảo vệ bí mật", "mat");
    const auto rows = w.flow->recipients(w.actor("vanthu.bg"), letter.id);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].channel == DispatchChannel::Paper);
    CHECK(w.incomingOf("vanthu.bs").size() == before);

    auto arriving = w.paperLetter("tài liệu mật");
    arriving.channel = kChannelEdxml;
    arriving.packageId = "p-1";
    arriving.receiverCode = "DEMO.HU.BS";
    arriving.secrecy = "MẬT";
    CHECK_THROWS_AS(w.incoming->receive(arriving), InvalidInput);
}

TEST_CASE("Dispatch: receiving the same package twice makes one incoming document", "[dispatch]") {
    RoutingWorld w;
    vanQuanAtPeer(w);
    const auto signedPdf = w.flow->pdf(w.actor("vanthu.vq"), 1); // the demo's issued letter
    ArrivingDocument a;
    a.channel = kChannelEdxml;
    a.packageId = "0b6f4a52-1c1e-4c55-9a0e-3f0f6c1d2e77/DEMO.HU.BS";
    a.exchangeId = "0b6f4a52-1c1e-4c55-9a0e-3f0f6c1d2e77";
    a.senderCode = "DEMO.UB.VQ";
    a.senderPeer = "state";
    a.receiverCode = "DEMO.HU.BS";
    a.notation = "01/UBND-NV";
    a.subject = "đẩy mạnh hiện đại hóa Bộ phận Một cửa cấp huyện, cấp xã";
    a.pdf = signedPdf;
    a.attachments = {{"phu-luc.pdf", "application/pdf", vanthu::test::unsignedPdf(), ""}};
    const auto before = w.incomingOf("vanthu.bs").size();
    const Id first = w.incoming->receive(a);
    const Id second = w.incoming->receive(a);
    CHECK(first == second);
    CHECK(w.incomingOf("vanthu.bs").size() == before + 1);
    const auto doc = w.incoming->document(w.actor("vanthu.bs"), first);
    CHECK(doc.senderName == "ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN"); // from the directory
    CHECK(doc.signatureStatus == kSignaturesValid);
    REQUIRE(doc.attachments.size() == 1);
    CHECK(w.incoming->attachment(w.actor("vanthu.bs"), first, 0).bytes ==
          vanthu::test::unsignedPdf());
    // Status 01 goes back to the sender's server once.
    const auto pending = w.outbox->pending();
    REQUIRE(pending.size() == 1);
    CHECK(pending[0].kind == kOutboxStatus);
    CHECK(pending[0].peer == "state");
    CHECK(pending[0].statusCode == kStatusArrived);
    CHECK(pending[0].exchangeId == a.exchangeId);
    CHECK(pending[0].recipientCode == "DEMO.HU.BS");
    CHECK(pending[0].senderCode == "DEMO.UB.VQ");
    // The blobs survive the start-up clean-up.
    const auto referenced = w.storage->referencedBlobs();
    CHECK(w.blobs->collectGarbage({referenced.begin(), referenced.end()}) == 0);
    CHECK(w.blobs->contains(doc.attachments[0].blob));

    // Receivers that are not here, and missing metadata.
    auto elsewhere = a;
    elsewhere.receiverCode = "DEMO.UB.VQ";
    CHECK_THROWS_AS(w.incoming->receive(elsewhere), NotFound);
    auto noSubject = a;
    noSubject.packageId = "other";
    noSubject.subject = " ";
    CHECK_THROWS_AS(w.incoming->receive(noSubject), InvalidInput);
    auto notPdf = a;
    notPdf.packageId = "html";
    notPdf.pdf = "<html><script>alert(1)</script></html>";
    CHECK_THROWS_AS(w.incoming->receive(notPdf), InvalidInput);
}

TEST_CASE("Dispatch: a tampered PDF is flagged and can be refused, status 02 to the sender",
          "[dispatch]") {
    RoutingWorld w;
    vanQuanAtPeer(w);
    std::string pdf = w.flow->pdf(w.actor("vanthu.vq"), 1);
    const auto at = pdf.find("Bộ phận");
    const auto where = at != std::string::npos ? at : pdf.size() / 3;
    pdf[where] = static_cast<char>(pdf[where] ^ 0x01);
    ArrivingDocument a;
    a.channel = kChannelEdxml;
    a.packageId = "tampered-1";
    a.exchangeId = "tampered";
    a.senderCode = "DEMO.UB.VQ";
    a.senderPeer = "state";
    a.receiverCode = "DEMO.HU.BS";
    a.subject = "văn bản bị sửa";
    a.pdf = pdf;
    const Id id = w.incoming->receive(a);
    auto doc = w.incoming->document(w.actor("vanthu.bs"), id);
    CHECK(doc.signatureStatus == kSignaturesInvalid);
    const auto actions = w.incoming->allowedActions(w.actor("vanthu.bs"), doc);
    CHECK(std::find(actions.begin(), actions.end(), "refuse") != actions.end());
    doc = w.incoming->refuse(w.actor("vanthu.bs"), id, "Chữ ký số không hợp lệ");
    CHECK(doc.state == IncomingState::Refused);
    const auto pending = w.outbox->pending();
    REQUIRE(pending.size() == 2);
    CHECK(pending[1].statusCode == kStatusRefused);
    CHECK(pending[1].statusDescription == "Chữ ký số không hợp lệ");
    CHECK(pending[1].staff == "Phạm Thị Nga");
}

TEST_CASE("Dispatch: recipient statuses from a peer are kept with their times, once each",
          "[dispatch]") {
    RoutingWorld w;
    vanQuanAtPeer(w);
    const auto letter = w.issuePartyLetter({"DEMO.UB.VQ"});
    w.incoming->recordRecipientStatus(letter.exchangeId, "DEMO.UB.VQ", kStatusArrived,
                                      "2026-06-16T09:31:00+07:00", "", "");
    w.incoming->recordRecipientStatus(letter.exchangeId, "DEMO.UB.VQ", kStatusRegistered,
                                      "2026-06-16T10:00:00+07:00", "Số đến 12", "Nông Thị Hoa");
    w.incoming->recordRecipientStatus(letter.exchangeId, "DEMO.UB.VQ", kStatusRegistered,
                                      "2026-06-16T10:00:00+07:00", "Số đến 12", "Nông Thị Hoa");
    const auto rows = w.flow->recipients(w.actor("chuyenvien.bg"), letter.id);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].statusCode == kStatusRegistered);
    CHECK(rows[0].statusAt == "2026-06-16T10:00:00+07:00");
    REQUIRE(rows[0].history.size() == 2);
    CHECK(rows[0].history[1].staff == "Nông Thị Hoa");
    CHECK_THROWS_AS(w.incoming->recordRecipientStatus("no-such", "DEMO.UB.VQ", "03", "x", "", ""),
                    NotFound);
    CHECK_THROWS_AS(
        w.incoming->recordRecipientStatus(letter.exchangeId, "DEMO.HU.BS", "03", "x", "", ""),
        NotFound);
    // Another office's clerk does not see the sender's document.
    CHECK_THROWS_AS(w.flow->recipients(w.actor("vanthu.bs"), letter.id), NotFound);
}

TEST_CASE("Dispatch: a letter that arrives again by another way is kept, marked as a possible "
          "duplicate of the earlier entry",
          "[dispatch][duplicates]") {
    RoutingWorld w;
    vanQuanAtPeer(w);
    const auto letter = w.issuePartyLetter({"DEMO.HU.BS"});
    const Id local = w.incomingOf("vanthu.bs").front().id;
    CHECK_FALSE(w.storage->findIncoming(local)->duplicate.marked());

    // The same letter (same DocumentId) again in an edXML package, e.g. through the axis.
    ArrivingDocument again;
    again.channel = kChannelEdxml;
    again.packageId = "axis-1";
    again.exchangeId = letter.exchangeId;
    again.senderCode = "DEMO.TU.BG";
    again.senderPeer = "axis";
    again.receiverCode = "DEMO.HU.BS";
    again.notation = "khác hẳn";
    again.subject = letter.subject;
    again.pdf = w.flow->pdf(w.actor("vanthu.bg"), letter.id);
    const Id second = w.incoming->receive(again);
    CHECK(second != local); // never dropped
    auto doc = *w.storage->findIncoming(second);
    CHECK(doc.state == IncomingState::Arrived);
    CHECK(doc.duplicate.kind == kDuplicateOfIncoming);
    CHECK(doc.duplicate.of == local);
    CHECK(doc.duplicate.match == kMatchIdentifier);
    CHECK(w.audit->about("incoming/" + std::to_string(second))
              .front()
              .detail.find("có thể trùng văn bản đến chưa vào sổ") != std::string::npos);

    // Without an identifier: the same issuer (by code) + number + notation + date.
    ArrivingDocument byNumber = again;
    byNumber.packageId = "axis-2";
    byNumber.exchangeId = "another-id";
    byNumber.number = letter.number ? std::to_string(*letter.number) : "";
    byNumber.notation = letter.notation;
    byNumber.issuedDate = letter.issuedDate;
    doc = *w.storage->findIncoming(w.incoming->receive(byNumber));
    CHECK(doc.duplicate.of == local);
    CHECK(doc.duplicate.match == kMatchNumber);

    // Another date, or another issuer, is another letter.
    ArrivingDocument otherDate = byNumber;
    otherDate.packageId = "axis-3";
    otherDate.exchangeId = "third-id";
    otherDate.issuedDate = "2025-01-02";
    CHECK_FALSE(w.storage->findIncoming(w.incoming->receive(otherDate))->duplicate.marked());
    ArrivingDocument otherIssuer = byNumber;
    otherIssuer.packageId = "axis-4";
    otherIssuer.exchangeId = "fourth-id";
    otherIssuer.senderCode = "DEMO.UB.VQ";
    otherIssuer.senderPeer = "state";
    CHECK_FALSE(w.storage->findIncoming(w.incoming->receive(otherIssuer))->duplicate.marked());
}

TEST_CASE("Dispatch: a local copy of a letter already entered from paper is marked at once",
          "[dispatch][duplicates]") {
    RoutingWorld w;
    // The notation of the provincial committee's next letter: issue one, then predict.
    const auto first = w.issuePartyLetter({});
    REQUIRE(first.number);
    const std::string next = std::to_string(*first.number + 1);
    const std::string suffix = first.notation.substr(std::to_string(*first.number).size());
    ArrivingDocument paper = w.paperLetter("bản giấy đến trước");
    paper.senderName = "Tỉnh ủy  Bắc Giang"; // typed by hand: case and spacing differ
    paper.number = "0" + next;
    paper.notation = "Số: " + next + suffix;
    paper.issuedDate = first.issuedDate;
    const auto entered = w.incoming->enterPaper(w.actor("vanthu.bs"), paper);
    CHECK_FALSE(entered.duplicate.marked());

    const auto letter = w.issuePartyLetter({"DEMO.HU.BS"});
    REQUIRE(letter.notation == next + suffix);
    const auto copy = w.incomingOf("vanthu.bs").front();
    CHECK(copy.channel == kChannelLocal);
    CHECK(copy.id != entered.id);
    CHECK(copy.duplicate.of == entered.id);
    CHECK(copy.duplicate.match == kMatchNumber);
}
