#include <catch2/catch.hpp>

#include "IncomingFixtures.hpp"
#include "vanthu/docmgmt/Errors.hpp"

using namespace vanthu::docmgmt;
using vanthu::test::RoutingWorld;

namespace {

std::vector<std::string> codes(const std::vector<RecipientStatus>& history) {
    std::vector<std::string> out;
    for (const auto& status : history) {
        out.push_back(status.statusCode);
    }
    return out;
}

/// Everything a refused step must leave as it was.
struct Snapshot {
    std::string row;
    std::int64_t auditSeq = 0;
    std::size_t outbox = 0;
    static Snapshot of(RoutingWorld& w, Id id) {
        Snapshot s;
        if (const auto d = w.storage->findIncoming(id)) {
            s.row = toString(d->state) + "|" + std::to_string(d->arrivalNumber.value_or(0)) + "|" +
                    d->deadline + "|" + std::to_string(d->assigneeId.value_or(0)) + "|" +
                    d->refuseReason + "|" + d->updatedAt;
        }
        // A refused step leaves only its "refused" entry (issue 14: refusals are audited).
        for (const auto& record : w.audit->latest(200)) {
            if (record.action != "refused") {
                s.auditSeq = std::max(s.auditSeq, record.seq);
            }
        }
        s.outbox = w.outbox->pending().size();
        return s;
    }
    bool operator==(const Snapshot& o) const {
        return row == o.row && auditSeq == o.auditSeq && outbox == o.outbox;
    }
};

template <typename Error, typename Step>
void refused(RoutingWorld& w, Id id, Step step, const std::string& because) {
    INFO(because);
    const Snapshot before = Snapshot::of(w, id);
    CHECK_THROWS_AS(step(), Error);
    CHECK(Snapshot::of(w, id) == before);
}

AssignInput assignment(RoutingWorld& w, const std::string& username, const std::string& deadline) {
    AssignInput input;
    input.assigneeId = w.user(username).id;
    input.deadline = deadline;
    input.instructions = "Đề nghị tham mưu văn bản trả lời.";
    return input;
}

DraftInput replyInput(RoutingWorld& w) {
    DraftInput d;
    d.typeCode = "BC";
    d.subject = "kết quả thực hiện Kết luận của Ban Thường vụ Tỉnh ủy";
    d.body = "Thực hiện Công văn của Ban Thường vụ Tỉnh ủy, Ban Thường vụ Huyện ủy báo cáo kết quả "
             "như sau:\n\n1. Đã quán triệt đến các chi, đảng bộ trực thuộc./.";
    d.distribution = {"Như trên,", "Lưu Văn phòng Huyện ủy."};
    d.signerId = w.user("bithu.bs").id;
    d.authority = "T/M";
    d.authorityOf = "BAN THƯỜNG VỤ";
    return d;
}

} // namespace

TEST_CASE("IncomingFlow: a provincial Party letter to the district committee, answered and "
          "done, as the sender sees it",
          "[incoming][journey]") {
    RoutingWorld w;
    const auto letter = w.issuePartyLetter({"DEMO.HU.BS"});
    const Id id = w.incomingOf("vanthu.bs").front().id;
    auto doc = w.incoming->document(w.actor("vanthu.bs"), id);
    CHECK(doc.state == IncomingState::Arrived);
    CHECK(w.incoming->allowedActions(w.actor("vanthu.bs"), doc) ==
          std::vector<std::string>{"register", "refuse"});

    w.now->fetch_add(600);
    doc = w.incoming->registerArrival(w.actor("vanthu.bs"), id);
    CHECK(doc.state == IncomingState::Registered);
    CHECK(doc.arrivalNumber == 1);
    CHECK(doc.arrivalDate == "2026-06-16");
    CHECK(w.incoming->allowedActions(w.actor("bithu.bs"), doc) ==
          std::vector<std::string>{"assign", "instruct", "comment"});

    w.now->fetch_add(600);
    doc = w.incoming->assign(w.actor("bithu.bs"), id, assignment(w, "chuyenvien.bs", "2026-06-25"));
    CHECK(doc.state == IncomingState::Assigned);
    CHECK(doc.deadline == "2026-06-25");
    CHECK(doc.assignedById == w.user("bithu.bs").id);
    CHECK(w.incoming->allowedActions(w.actor("chuyenvien.bs"), doc) ==
          std::vector<std::string>{"start", "forward", "reply", "close", "comment"});

    w.now->fetch_add(600);
    doc = w.incoming->start(w.actor("chuyenvien.bs"), id);
    CHECK(doc.state == IncomingState::InProgress);

    // The reply: drafted from the incoming document, addressed to the sender, issued.
    const auto reply = w.incoming->draftReply(w.actor("chuyenvien.bs"), id, replyInput(w));
    CHECK(reply.replyToIncoming == id);
    CHECK(reply.responseFor == letter.exchangeId);
    CHECK(reply.draft.recipientOffices == std::vector<std::string>{"DEMO.TU.BG"});
    CHECK(reply.draft.recipients == std::vector<std::string>{"TỈNH ỦY BẮC GIANG."});
    CHECK_THROWS_AS(w.incoming->draftReply(w.actor("chuyenvien.bs"), id, replyInput(w)), Conflict);
    w.flow->submit(w.actor("chuyenvien.bs"), reply.id);
    w.flow->approve(w.actor("bithu.bs"), reply.id);
    w.flow->sign(w.actor("bithu.bs"), reply.id);
    const auto issuedReply = w.flow->issue(w.actor("vanthu.bs"), reply.id);
    CHECK(issuedReply.replyToIncoming == id); // kept through the issue
    const auto shown =
        w.incoming->reply(w.actor("bithu.bs"), w.incoming->document(w.actor("bithu.bs"), id));
    REQUIRE(shown);
    CHECK(shown->state == DocumentState::Issued);
    CHECK(shown->notation == issuedReply.notation);

    // The answer arrived at the provincial committee, pointing at its letter.
    const auto answer = w.incomingOf("vanthu.bg").front();
    CHECK(answer.responseFor == letter.exchangeId);
    CHECK(answer.senderCode == "DEMO.HU.BS");
    CHECK(answer.signatureStatus == kSignaturesValid);

    w.now->fetch_add(600);
    doc = w.incoming->close(w.actor("chuyenvien.bs"), id, "Đã báo cáo bằng văn bản");
    CHECK(doc.state == IncomingState::Done);
    CHECK(w.incoming->allowedActions(w.actor("bithu.bs"), doc).empty());

    // The sender's page: each status with its time.
    const auto rows = w.incoming->recipients(w.actor("chuyenvien.bg"), letter.id);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].statusCode == kStatusDone);
    CHECK(codes(rows[0].history) == std::vector<std::string>{"01", "03", "04", "05", "06"});
    CHECK(rows[0].history[0].at == "2026-06-16T09:30:00+07:00");
    CHECK(rows[0].history[1].at == "2026-06-16T09:40:00+07:00");
    CHECK(rows[0].history[1].description == "Số đến 1");
    CHECK(rows[0].history[2].description == "Giao chủ trì Võ Minh Quân; hạn 2026-06-25; ý kiến chỉ "
                                            "đạo: Đề nghị tham mưu văn bản trả lời.");
    CHECK(rows[0].history[4].description == "Đã báo cáo bằng văn bản");
    CHECK(rows[0].history[4].staff == "Võ Minh Quân");

    // Every step is in the incoming document's history.
    std::vector<std::string> actions;
    for (const auto& entry : w.incoming->history(w.actor("bithu.bs"), id)) {
        actions.push_back(entry.action);
    }
    // (the close refused while the reply was a draft is audited too: issue 14)
    CHECK(actions == std::vector<std::string>{"receive", "register", "assign", "start", "reply",
                                              "refused", "close"});
    CHECK(w.audit->verify().intact);
}

TEST_CASE("IncomingFlow: who may do each step, and a refused step changes nothing", "[incoming]") {
    RoutingWorld w;
    w.issuePartyLetter({"DEMO.HU.BS"});
    const Id id = w.incomingOf("vanthu.bs").front().id;

    refused<NotFound>(
        w, id, [&] { w.incoming->registerArrival(w.actor("vanthu.bg"), id); },
        "another office's clerk does not see it");
    refused<NotFound>(
        w, id, [&] { w.incoming->document(w.actor("chuyenvien.bs"), id); },
        "a specialist sees only what they handle");
    refused<Forbidden>(
        w, id, [&] { w.incoming->registerArrival(w.actor("quantri.bs"), id); },
        "administrators do not handle documents");
    refused<Forbidden>(
        w, id, [&] { w.incoming->registerArrival(w.actor("bithu.bs"), id); },
        "leaders do not register");
    refused<Forbidden>(
        w, id, [&] { w.incoming->refuse(w.actor("bithu.bs"), id, "x"); }, "leaders do not refuse");
    refused<InvalidInput>(
        w, id, [&] { w.incoming->refuse(w.actor("vanthu.bs"), id, "  "); },
        "a refusal needs its reason");
    refused<Conflict>(
        w, id,
        [&] {
            w.incoming->assign(w.actor("bithu.bs"), id,
                               assignment(w, "chuyenvien.bs", "2026-06-25"));
        },
        "not registered yet");

    w.incoming->registerArrival(w.actor("vanthu.bs"), id);
    refused<Conflict>(
        w, id, [&] { w.incoming->registerArrival(w.actor("vanthu.bs"), id); }, "registered once");
    refused<Conflict>(
        w, id, [&] { w.incoming->refuse(w.actor("vanthu.bs"), id, "muộn"); },
        "refused only before registering");
    refused<Forbidden>(
        w, id,
        [&] {
            w.incoming->assign(w.actor("vanthu.bs"), id,
                               assignment(w, "chuyenvien.bs", "2026-06-25"));
        },
        "clerks do not assign");
    refused<InvalidInput>(
        w, id,
        [&] {
            w.incoming->assign(w.actor("bithu.bs"), id,
                               assignment(w, "chuyenvien.bs", "25/06/2026"));
        },
        "the deadline is a date");
    refused<InvalidInput>(
        w, id,
        [&] {
            w.incoming->assign(w.actor("bithu.bs"), id,
                               assignment(w, "chuyenvien.bs", "2026-06-01"));
        },
        "the deadline is not before arrival");
    refused<InvalidInput>(
        w, id,
        [&] {
            w.incoming->assign(w.actor("bithu.bs"), id,
                               assignment(w, "chuyenvien.bg", "2026-06-25"));
        },
        "the assignee works in the office");
    refused<InvalidInput>(
        w, id,
        [&] {
            w.incoming->assign(w.actor("bithu.bs"), id, assignment(w, "quantri.bs", "2026-06-25"));
        },
        "administrators are not assignees");

    w.incoming->assign(w.actor("bithu.bs"), id, assignment(w, "chuyenvien.bs", "2026-06-25"));
    refused<Forbidden>(
        w, id, [&] { w.incoming->start(w.actor("phobithu.bs"), id); }, "only the assignee starts");
    refused<Forbidden>(
        w, id, [&] { w.incoming->forward(w.actor("vanthu.bs"), id, w.user("bithu.bs").id, ""); },
        "only the assignee forwards");
    refused<InvalidInput>(
        w, id,
        [&] { w.incoming->forward(w.actor("chuyenvien.bs"), id, w.user("chuyenvien.bs").id, ""); },
        "forward to someone else");
    refused<Forbidden>(
        w, id, [&] { w.incoming->close(w.actor("vanthu.bs"), id, ""); }, "clerks do not close");

    // Forwarding hands the lead over: the new assignee leads, the forwarder keeps sight of it
    // (issue 14 item 3) but may no longer act as the lead.
    auto doc = w.incoming->forward(w.actor("chuyenvien.bs"), id, w.user("phobithu.bs").id,
                                   "Đề nghị đồng chí Phó Bí thư xử lý");
    CHECK(doc.assigneeId == w.user("phobithu.bs").id);
    CHECK(w.incoming->document(w.actor("chuyenvien.bs"), id).id == id);
    refused<Forbidden>(
        w, id, [&] { w.incoming->close(w.actor("chuyenvien.bs"), id, ""); },
        "the forwarder no longer leads");
    doc = w.incoming->close(w.actor("phobithu.bs"), id, "");
    CHECK(doc.state == IncomingState::Done);
    refused<Conflict>(
        w, id, [&] { w.incoming->close(w.actor("bithu.bs"), id, ""); }, "done once");
    refused<Conflict>(
        w, id,
        [&] {
            w.incoming->assign(w.actor("bithu.bs"), id,
                               assignment(w, "chuyenvien.bs", "2026-06-25"));
        },
        "a closed document is not reassigned");

    // Lists: the clerk sees the office's, a specialist only what was distributed to them.
    CHECK(w.incoming->list(w.actor("chuyenvien.bs"), {}).size() == 1);
    CHECK(w.incoming->list(w.actor("quantri.bs"), {}).empty());
    CHECK(w.incoming->list(w.actor("vanthu.bs"), {IncomingState::Done, false}).size() == 1);
}

TEST_CASE("IncomingFlow: paper and electronic documents share one register series a year",
          "[incoming][register]") {
    RoutingWorld w;
    const auto paper = w.incoming->enterPaper(w.actor("vanthu.bs"), w.paperLetter("giấy 1"));
    CHECK(paper.channel == kChannelPaper);
    INFO(paper.signatureReport);
    CHECK(paper.signatureStatus == kSignaturesNone);
    CHECK(paper.enteredBy == w.user("vanthu.bs").id);
    CHECK_THROWS_AS(w.incoming->enterPaper(w.actor("chuyenvien.bs"), w.paperLetter("x")),
                    Forbidden);
    auto missing = w.paperLetter("x");
    missing.pdf.clear();
    CHECK_THROWS_AS(w.incoming->enterPaper(w.actor("vanthu.bs"), missing), InvalidInput);

    w.issuePartyLetter({"DEMO.HU.BS"});
    const Id electronic = w.incomingOf("vanthu.bs").front().id;
    const auto second = w.incoming->enterPaper(w.actor("vanthu.bs"), w.paperLetter("giấy 2"));

    CHECK(w.incoming->registerArrival(w.actor("vanthu.bs"), electronic).arrivalNumber == 1);
    CHECK(w.incoming->registerArrival(w.actor("vanthu.bs"), paper.id).arrivalNumber == 2);
    CHECK(w.incoming->registerArrival(w.actor("vanthu.bs"), second.id).arrivalNumber == 3);

    // Paging from the start, in number order.
    auto page = w.incoming->incomingRegister(w.actor("vanthu.bs"), 2026, 2, 0);
    CHECK(page.total == 3);
    REQUIRE(page.entries.size() == 2);
    CHECK(page.entries[0].arrivalNumber == 1);
    CHECK(page.entries[0].author == "TỈNH ỦY BẮC GIANG");
    CHECK(page.entries[1].subject == "giấy 1");
    page = w.incoming->incomingRegister(w.actor("bithu.bs"), 2026, 2, 2);
    REQUIRE(page.entries.size() == 1);
    CHECK(page.entries[0].arrivalNumber == 3);
    CHECK_THROWS_AS(w.incoming->incomingRegister(w.actor("chuyenvien.bs"), 2026, 10, 0), Forbidden);
    CHECK_THROWS_AS(w.incoming->incomingRegister(w.actor("vanthu.bs"), 2026, 0, 0), InvalidInput);

    const auto csv = IncomingFlow::registerCsv(
        w.incoming->incomingRegister(w.actor("vanthu.bs"), 2026, 10, 0).entries);
    CHECK(csv.rfind("\xEF\xBB\xBFNgày đến,Số đến,Tác giả,\"Số, ký hiệu\",Ngày tháng,", 0) == 0);
    CHECK(csv.find("\r\n16/06/2026,2,SỞ NỘI VỤ TỈNH QUẢNG NGÃI,215/SNV-CCHC,28/05/2026,Công văn "
                   "giấy 1,,,,Bản giấy\r\n") != std::string::npos);

    // A new year starts again from 1.
    w.setDay(2027, 1, 4);
    const auto next = w.incoming->enterPaper(w.actor("vanthu.bs"), w.paperLetter("năm mới"));
    const auto registered = w.incoming->registerArrival(w.actor("vanthu.bs"), next.id);
    CHECK(registered.arrivalNumber == 1);
    CHECK(registered.arrivalYear == 2027);
    CHECK(w.incoming->incomingRegister(w.actor("vanthu.bs"), 2027, 10, 0).total == 1);
}

TEST_CASE("IncomingFlow: the register's CSV holds no live formula (OWASP: a leading ' )",
          "[incoming][register]") {
    RoutingWorld w;
    auto letter = w.paperLetter("-1+1");
    letter.senderName = "=HYPERLINK(\"http://x\",\"y\")";
    letter.notation = "@SUM(A1:A2)";
    const auto paper = w.incoming->enterPaper(w.actor("vanthu.bs"), letter);
    w.incoming->registerArrival(w.actor("vanthu.bs"), paper.id);
    const auto csv = IncomingFlow::registerCsv(
        w.incoming->incomingRegister(w.actor("vanthu.bs"), 2026, 10, 0).entries);
    INFO(csv);
    CHECK_THAT(csv, Catch::Contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","));
    CHECK_THAT(csv, Catch::Contains(",'@SUM(A1:A2),"));
    // No cell starts with a formula character.
    for (const std::string start : {",=", ",+", ",-", ",@", ",\"=", ",\"+", ",\"-", ",\"@"}) {
        CHECK(csv.find(start) == std::string::npos);
    }
}

TEST_CASE("IncomingFlow: a paper letter entered twice is refused without a reason, kept with one",
          "[incoming][duplicates]") {
    RoutingWorld w;
    const auto letter = w.paperLetter("giấy trùng");
    const auto first = w.incoming->enterPaper(w.actor("vanthu.bs"), letter);
    w.incoming->registerArrival(w.actor("vanthu.bs"), first.id);

    const auto count = w.incomingOf("vanthu.bs").size();
    const auto seq = w.storage->lastAudit()->seq;
    try {
        w.incoming->enterPaper(w.actor("vanthu.bs"), letter);
        FAIL("a duplicate paper letter needs a reason");
    } catch (const PossibleDuplicate& e) {
        CHECK(e.earlier().kind == kDuplicateOfIncoming);
        CHECK(e.earlier().id == first.id);
        CHECK(e.earlier().arrivalNumber == 1);
        CHECK(e.earlier().arrivalDate == "2026-06-16");
        CHECK(std::string(e.what()).find("văn bản đến số 1 ngày 16/06/2026") != std::string::npos);
    }
    CHECK(w.incomingOf("vanthu.bs").size() == count); // nothing stored
    CHECK(w.storage->lastAudit()->seq == seq);
    CHECK_THROWS_AS(w.incoming->enterPaper(w.actor("vanthu.bs"), letter, "   "), PossibleDuplicate);

    const auto second =
        w.incoming->enterPaper(w.actor("vanthu.bs"), letter, "Bản gốc có dấu đỏ, lưu hồ sơ");
    CHECK(second.duplicate.of == first.id);
    CHECK(second.duplicate.reason == "Bản gốc có dấu đỏ, lưu hồ sơ");
    CHECK(w.incoming->earlierEntry(w.actor("vanthu.bs"), second)->arrivalNumber == 1);
    CHECK_FALSE(w.incoming->earlierEntry(w.actor("chuyenvien.bs"), second)); // not theirs
    // The reason given at entry is enough to register it.
    const auto registered = w.incoming->registerArrival(w.actor("vanthu.bs"), second.id);
    CHECK(registered.arrivalNumber == 2);
    CHECK(registered.duplicate.reason == "Bản gốc có dấu đỏ, lưu hồ sơ");
    const auto trail = w.audit->about("incoming/" + std::to_string(second.id));
    REQUIRE(trail.size() == 3); // receive, enter-paper, register
    CHECK(trail[1].detail.find("lý do vẫn nhập: Bản gốc có dấu đỏ") != std::string::npos);
    CHECK(trail[2].detail.find("lý do vẫn vào sổ: Bản gốc có dấu đỏ") != std::string::npos);
    const auto csv = IncomingFlow::registerCsv(
        w.incoming->incomingRegister(w.actor("vanthu.bs"), 2026, 10, 0).entries);
    CHECK(csv.find("Có thể trùng văn bản incoming/" + std::to_string(first.id)) !=
          std::string::npos);
}

TEST_CASE("IncomingFlow: registering a possible duplicate needs a reason, kept with the document",
          "[incoming][duplicates]") {
    RoutingWorld w;
    const auto letter = w.issuePartyLetter({"DEMO.HU.BS"});
    const Id earlier = w.incomingOf("vanthu.bs").front().id;
    auto paper = w.paperLetter("bản giấy của cùng văn bản");
    paper.senderName = "TỈNH ỦY BẮC GIANG";
    paper.number = std::to_string(*letter.number);
    paper.notation = letter.notation;
    paper.issuedDate = letter.issuedDate;
    // Entered by a clerk with a reason: the paper copy came by post.
    const auto copy =
        w.incoming->enterPaper(w.actor("vanthu.bs"), paper, "Bản giấy gửi qua bưu điện");
    CHECK(copy.duplicate.of == earlier);

    // The electronic one came first; now a server-delivered copy of the same id arrives.
    ArrivingDocument again;
    again.channel = kChannelEdxml;
    again.packageId = "axis-again";
    again.exchangeId = letter.exchangeId;
    again.senderCode = "DEMO.TU.BG";
    again.senderPeer = "axis";
    again.receiverCode = "DEMO.HU.BS";
    again.subject = letter.subject;
    again.pdf = w.flow->pdf(w.actor("vanthu.bg"), letter.id);
    const Id id = w.incoming->receive(again);

    refused<PossibleDuplicate>(
        w, id, [&] { w.incoming->registerArrival(w.actor("vanthu.bs"), id); },
        "a possible duplicate is registered only with a reason");
    refused<PossibleDuplicate>(
        w, id, [&] { w.incoming->registerArrival(w.actor("vanthu.bs"), id, " \n"); },
        "a blank reason is no reason");
    auto doc = w.incoming->registerArrival(w.actor("vanthu.bs"), id, "Gửi lại qua trục quốc gia");
    CHECK(doc.state == IncomingState::Registered);
    CHECK(doc.duplicate.of == earlier);
    CHECK(doc.duplicate.reason == "Gửi lại qua trục quốc gia");
    CHECK(w.storage->findIncoming(id)->duplicate.reason == "Gửi lại qua trục quốc gia");
    CHECK(w.audit->about("incoming/" + std::to_string(id))
              .back()
              .detail.find("lý do vẫn vào sổ: Gửi lại qua trục quốc gia") != std::string::npos);

    // The earlier entry registered without a question (it was first).
    CHECK(w.incoming->registerArrival(w.actor("vanthu.bs"), earlier).arrivalNumber == 2);
}

TEST_CASE("IncomingFlow: when the earlier entry was refused, the later one is no duplicate",
          "[incoming][duplicates]") {
    RoutingWorld w;
    const auto letter = w.paperLetter("nhập nhầm rồi từ chối");
    const auto first = w.incoming->enterPaper(w.actor("vanthu.bs"), letter);
    const auto second = w.incoming->enterPaper(w.actor("vanthu.bs"), letter, "Nhập lại bản rõ hơn");
    CHECK(second.duplicate.of == first.id);
    w.incoming->refuse(w.actor("vanthu.bs"), first.id, "Bản quét mờ");
    const auto doc = w.incoming->registerArrival(w.actor("vanthu.bs"), second.id);
    CHECK_FALSE(doc.duplicate.marked());
    CHECK(doc.duplicate.reason.empty());
    CHECK_FALSE(w.storage->findIncoming(second.id)->duplicate.marked());
}

TEST_CASE("IncomingFlow: a reply closes its letter only once issued, or with a note that none is "
          "needed",
          "[incoming][reply]") {
    RoutingWorld w;
    w.issuePartyLetter({"DEMO.HU.BS"});
    const Id id = w.incomingOf("vanthu.bs").front().id;
    w.incoming->registerArrival(w.actor("vanthu.bs"), id);
    w.incoming->assign(w.actor("bithu.bs"), id, assignment(w, "chuyenvien.bs", "2026-06-25"));
    const auto reply = w.incoming->draftReply(w.actor("chuyenvien.bs"), id, replyInput(w));

    refused<Conflict>(
        w, id, [&] { w.incoming->close(w.actor("chuyenvien.bs"), id, "Đã trả lời"); },
        "the reply is still a draft");
    refused<Conflict>(
        w, id, [&] { w.incoming->close(w.actor("bithu.bs"), id, ""); },
        "a leader neither closes it while the reply is a draft");
    w.flow->submit(w.actor("chuyenvien.bs"), reply.id);
    w.flow->approve(w.actor("bithu.bs"), reply.id);
    w.flow->sign(w.actor("bithu.bs"), reply.id);
    refused<Conflict>(
        w, id, [&] { w.incoming->close(w.actor("chuyenvien.bs"), id, ""); },
        "signed is not issued");
    refused<InvalidInput>(
        w, id, [&] { w.incoming->close(w.actor("chuyenvien.bs"), id, "  ", true); },
        "no reply needed: say why");
    const auto issued = w.flow->issue(w.actor("vanthu.bs"), reply.id);
    const auto doc = w.incoming->close(w.actor("chuyenvien.bs"), id, "");
    CHECK(doc.state == IncomingState::Done);
    CHECK(w.audit->about("incoming/" + std::to_string(id)).back().detail ==
          "Đã trả lời bằng văn bản số " + issued.notation);
    // The sender sees 06 only now.
    CHECK(w.storage
              ->dispatches(
                  w.storage->findDocumentByExchangeId(w.storage->findIncoming(id)->exchangeId)->id)
              .front()
              .statusCode == kStatusDone);

    // Another letter: a reply drafted, then the handler decides none is needed.
    w.issuePartyLetter({"DEMO.HU.BS"}, "báo cáo nhanh");
    const Id other = w.incomingOf("vanthu.bs").front().id;
    w.incoming->registerArrival(w.actor("vanthu.bs"), other);
    w.incoming->assign(w.actor("bithu.bs"), other, assignment(w, "chuyenvien.bs", "2026-06-25"));
    w.incoming->draftReply(w.actor("chuyenvien.bs"), other, replyInput(w));
    const auto closed = w.incoming->close(w.actor("chuyenvien.bs"), other,
                                          "Đã báo cáo bằng điện thoại theo chỉ đạo", true);
    CHECK(closed.state == IncomingState::Done);
    CHECK(closed.doneNote == "Không cần trả lời: Đã báo cáo bằng điện thoại theo chỉ đạo");
}

TEST_CASE("IncomingFlow: a page of the list is what the whole list shows, for each reader",
          "[incoming][access][paged]") {
    RoutingWorld w;
    // Letters to two offices, some registered and assigned to the Bắc Sơn specialist.
    for (int i = 0; i < 5; ++i) {
        w.issuePartyLetter({"DEMO.HU.BS", "DEMO.UB.VQ"}, "trang " + std::to_string(i));
    }
    const auto clerk = w.actor("vanthu.bs");
    const auto specialist = w.user("chuyenvien.bs");
    int n = 0;
    for (const auto& doc : w.incoming->list(clerk, {})) {
        if (n++ % 2 == 0 && doc.state == IncomingState::Arrived) {
            w.incoming->registerArrival(clerk, doc.id);
            w.incoming->assign(w.actor("bithu.bs"), doc.id,
                               {specialist.id, "", "2026-07-01", "xử lý"});
        }
    }
    const auto ids = [](const std::vector<IncomingDocument>& docs) {
        std::vector<Id> out;
        for (const auto& d : docs) {
            out.push_back(d.id);
        }
        return out;
    };
    for (const auto& account : vanthu::test::demoAccounts()) {
        for (const bool mine : {false, true}) {
            INFO(account.username << (mine ? " mine" : ""));
            IncomingFilter filter;
            filter.assignedToMe = mine;
            const auto actor = w.actor(account.username);
            const auto whole = w.incoming->list(actor, filter);
            std::vector<Id> paged;
            for (int offset = 0;; offset += 3) {
                const auto page = w.incoming->listPage(actor, filter, {3, offset});
                CHECK(page.total == static_cast<std::int64_t>(whole.size()));
                if (page.items.empty()) {
                    break;
                }
                const auto more = ids(page.items);
                paged.insert(paged.end(), more.begin(), more.end());
            }
            CHECK(paged == ids(whole));
        }
    }
    // The specialist counts only what was assigned to them.
    const auto page = w.incoming->listPage(w.actor("chuyenvien.bs"), {}, {200, 0});
    CHECK(page.total >= 1);
    for (const auto& doc : page.items) {
        CHECK(doc.assigneeId == std::optional<Id>(specialist.id));
    }
}
