// Distribution as offices do it (issue 14 item 3): a lead handler, co-handlers and people
// informed, each with their own status; instructions kept as a dated history and sent in the
// status trace; forwarding keeps the forwarder's sight; reminders; every refusal audited.
#include <catch2/catch.hpp>

#include "IncomingFixtures.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/SecretAccess.hpp"

using namespace vanthu::docmgmt;
using vanthu::test::RoutingWorld;

namespace {

/// A second specialist of Huyện ủy Bình Sơn, so that visibility by role can be seen.
Id addSpecialist(RoutingWorld& w, const std::string& username, const std::string& name) {
    User user;
    user.officeId = w.user("chuyenvien.bs").officeId;
    user.username = username;
    user.fullName = name;
    user.role = Role::Specialist;
    user.title = "CHUYÊN VIÊN";
    return w.storage->addUser(user, "x");
}

/// A letter of the provincial committee, arrived and registered at Bình Sơn.
Id registeredLetter(RoutingWorld& w, Id* issuedId = nullptr) {
    const auto issued = w.issuePartyLetter({"DEMO.HU.BS"});
    if (issuedId) {
        *issuedId = issued.id;
    }
    const Id id = w.incomingOf("vanthu.bs").front().id;
    w.incoming->registerArrival(w.actor("vanthu.bs"), id);
    return id;
}

const IncomingHandler& handler(const IncomingDocument& doc, Id userId) {
    const auto* h = doc.handlerOf(userId);
    REQUIRE(h);
    return *h;
}

/// The step is refused with this error, and the refusal is the newest audit entry.
template <typename Error, typename Step>
void refusedAndAudited(RoutingWorld& w, Id id, Step step, const std::string& because) {
    INFO(because);
    CHECK_THROWS_AS(step(), Error);
    const auto last = w.audit->latest(1);
    REQUIRE(!last.empty());
    CHECK(last.front().action == "refused");
    CHECK(last.front().object == "incoming/" + std::to_string(id));
}

} // namespace

TEST_CASE("Distribution: lead, co-handler and informed each see the letter with their own status",
          "[incoming][distribution]") {
    RoutingWorld w;
    const Id co = addSpecialist(w, "phoihop.bs", "Đinh Thị Phối");
    const Id informed = addSpecialist(w, "debiet.bs", "Lâm Văn Biết");
    const Id outsider = addSpecialist(w, "khac.bs", "Mai Văn Khác");
    const Id lead = w.user("chuyenvien.bs").id;
    const Id id = registeredLetter(w);

    AssignInput input;
    input.assigneeId = lead;
    input.coHandlerIds = {co};
    input.informedIds = {informed};
    input.deadline = "2026-06-25";
    input.instructions = "Đồng chí Quân chủ trì, đồng chí Phối phối hợp.";
    auto doc = w.incoming->assign(w.actor("bithu.bs"), id, input);
    REQUIRE(doc.handlers.size() == 3);
    CHECK(handler(doc, lead).role == kHandlerLead);
    CHECK(handler(doc, lead).status == kHandlerAssigned);
    CHECK(handler(doc, co).role == kHandlerCo);
    CHECK(handler(doc, co).status == kHandlerAssigned);
    CHECK(handler(doc, informed).role == kHandlerInformed);
    CHECK(handler(doc, informed).status == kHandlerUnread);

    // Each sees it in their own work list; one it was not distributed to does not.
    for (const auto* name : {"chuyenvien.bs", "phoihop.bs", "debiet.bs"}) {
        INFO(name);
        CHECK(w.incoming->list(w.actor(name), {std::nullopt, true}).size() == 1);
        CHECK(w.incoming->listPage(w.actor(name), {std::nullopt, true}, {10, 0}).total == 1);
    }
    CHECK(w.incoming->list(w.actor("khac.bs"), {}).empty());
    CHECK_THROWS_AS(w.incoming->document(w.actor("khac.bs"), id), NotFound);
    (void)outsider;

    // Their actions: the lead's steps, the co-handler's opinion, the informed's "seen".
    const auto actionsOf = [&](const char* name) {
        return w.incoming->allowedActions(w.actor(name), w.incoming->document(w.actor(name), id));
    };
    const auto has = [](const std::vector<std::string>& v, const char* a) {
        return std::find(v.begin(), v.end(), a) != v.end();
    };
    CHECK(has(actionsOf("chuyenvien.bs"), kActionStart));
    CHECK(!has(actionsOf("chuyenvien.bs"), kActionContribute));
    CHECK(has(actionsOf("phoihop.bs"), kActionContribute));
    CHECK(!has(actionsOf("phoihop.bs"), kActionStart));
    CHECK(!has(actionsOf("phoihop.bs"), kActionClose));
    CHECK(has(actionsOf("debiet.bs"), kActionAcknowledge));
    CHECK(!has(actionsOf("debiet.bs"), kActionContribute));
    CHECK(has(actionsOf("bithu.bs"), kActionInstruct));

    // Refusals, each audited.
    refusedAndAudited<Forbidden>(
        w, id, [&] { w.incoming->contribute(w.actor("debiet.bs"), id, "ý kiến"); },
        "the informed do not contribute");
    refusedAndAudited<Forbidden>(
        w, id, [&] { w.incoming->contribute(w.actor("chuyenvien.bs"), id, "ý kiến"); },
        "the lead is no co-handler");
    refusedAndAudited<Forbidden>(
        w, id, [&] { w.incoming->acknowledge(w.actor("phoihop.bs"), id); },
        "only the informed mark seen");
    refusedAndAudited<Forbidden>(
        w, id, [&] { w.incoming->start(w.actor("phoihop.bs"), id); },
        "a co-handler does not start");
    refusedAndAudited<Forbidden>(
        w, id, [&] { w.incoming->close(w.actor("debiet.bs"), id, ""); },
        "the informed do not close");
    refusedAndAudited<Forbidden>(
        w, id, [&] { w.incoming->forward(w.actor("phoihop.bs"), id, informed, ""); },
        "a co-handler does not forward");
    refusedAndAudited<Forbidden>(
        w, id, [&] { w.incoming->instruct(w.actor("chuyenvien.bs"), id, "làm ngay"); },
        "only leaders instruct");
    refusedAndAudited<Forbidden>(
        w, id, [&] { w.incoming->assign(w.actor("phoihop.bs"), id, input); },
        "a specialist does not assign");
    CHECK_THROWS_AS(w.incoming->contribute(w.actor("phoihop.bs"), id, "  "), InvalidInput);
    CHECK_THROWS_AS(w.incoming->instruct(w.actor("bithu.bs"), id, " "), InvalidInput);
    AssignInput twice = input;
    twice.informedIds = {co};
    CHECK_THROWS_AS(w.incoming->assign(w.actor("bithu.bs"), id, twice), InvalidInput);
    AssignInput stranger = input;
    stranger.coHandlerIds = {w.user("chuyenvien.bg").id};
    CHECK_THROWS_AS(w.incoming->assign(w.actor("bithu.bs"), id, stranger), InvalidInput);

    doc = w.incoming->contribute(w.actor("phoihop.bs"), id, "Đề nghị bổ sung số liệu quý II.");
    CHECK(handler(doc, co).status == kHandlerDone);
    CHECK(handler(doc, co).note == "Đề nghị bổ sung số liệu quý II.");
    refusedAndAudited<Conflict>(
        w, id, [&] { w.incoming->contribute(w.actor("phoihop.bs"), id, "lần nữa"); },
        "an opinion is given once");
    doc = w.incoming->acknowledge(w.actor("debiet.bs"), id);
    CHECK(handler(doc, informed).status == kHandlerSeen);
    refusedAndAudited<Conflict>(
        w, id, [&] { w.incoming->acknowledge(w.actor("debiet.bs"), id); }, "seen once");
    doc = w.incoming->start(w.actor("chuyenvien.bs"), id);
    CHECK(handler(doc, lead).status == kHandlerInProgress);

    // Re-assigning keeps the statuses of those who stay in their role.
    doc = w.incoming->assign(w.actor("phobithu.bs"), id, input);
    CHECK(handler(doc, co).status == kHandlerDone);
    CHECK(handler(doc, informed).status == kHandlerSeen);

    // The trail: the opinion and the "seen" are audited on the letter.
    std::vector<std::string> actions;
    for (const auto& entry : w.incoming->history(w.actor("bithu.bs"), id)) {
        actions.push_back(entry.action);
    }
    CHECK(std::count(actions.begin(), actions.end(), kActionContribute) == 1);
    CHECK(std::count(actions.begin(), actions.end(), kActionAcknowledge) == 1);

    doc = w.incoming->close(w.actor("chuyenvien.bs"), id, "Đã xong");
    CHECK(handler(doc, lead).status == kHandlerDone);
    refusedAndAudited<Conflict>(
        w, id, [&] { w.incoming->instruct(w.actor("bithu.bs"), id, "muộn"); },
        "no instruction once done");
}

TEST_CASE("Distribution: instructions are a dated history, never overwritten, sent in the trace",
          "[incoming][distribution]") {
    RoutingWorld w;
    Id issuedId = 0;
    const Id id = registeredLetter(w, &issuedId);
    AssignInput input;
    input.assigneeId = w.user("chuyenvien.bs").id;
    input.deadline = "2026-06-25";
    input.instructions = "Tham mưu trả lời trước ngày 20.";
    w.incoming->assign(w.actor("bithu.bs"), id, input);
    w.now->fetch_add(60); // statuses at the same second with the same code are kept once
    w.incoming->instruct(w.actor("phobithu.bs"), id, "Lấy ý kiến các ban.");
    w.now->fetch_add(60);
    input.instructions = "";
    auto doc = w.incoming->assign(w.actor("bithu.bs"), id, input); // re-assigned, no new words
    w.now->fetch_add(60);
    input.instructions = "Báo cáo Thường trực trước khi trả lời.";
    doc = w.incoming->assign(w.actor("bithu.bs"), id, input);

    REQUIRE(doc.instructionHistory.size() == 3);
    CHECK(doc.instructionHistory[0].text == "Tham mưu trả lời trước ngày 20.");
    CHECK(doc.instructionHistory[0].authorId == w.user("bithu.bs").id);
    CHECK(doc.instructionHistory[1].text == "Lấy ý kiến các ban.");
    CHECK(doc.instructionHistory[1].authorId == w.user("phobithu.bs").id);
    CHECK(doc.instructionHistory[2].text == "Báo cáo Thường trực trước khi trả lời.");
    CHECK(!doc.instructionHistory[0].givenAt.empty());
    CHECK(doc.instructions == "Báo cáo Thường trực trước khi trả lời.");

    // The sender's trace (statuses 04 with the words) tells every instruction.
    const auto rows = w.incoming->recipients(w.actor("vanthu.bg"), issuedId);
    REQUIRE(rows.size() == 1);
    std::string trace;
    for (const auto& status : rows[0].history) {
        trace += status.statusCode + " " + status.description + "\n";
    }
    INFO(trace);
    CHECK(trace.find("Tham mưu trả lời trước ngày 20.") != std::string::npos);
    CHECK(trace.find("Lấy ý kiến các ban.") != std::string::npos);
    CHECK(trace.find("Báo cáo Thường trực trước khi trả lời.") != std::string::npos);
}

TEST_CASE("Distribution: forwarding keeps the forwarder's sight, is in the trail and the status",
          "[incoming][distribution]") {
    RoutingWorld w;
    Id issuedId = 0;
    const Id id = registeredLetter(w, &issuedId);
    AssignInput input;
    input.assigneeId = w.user("chuyenvien.bs").id;
    input.deadline = "2026-06-25";
    w.incoming->assign(w.actor("bithu.bs"), id, input);
    w.now->fetch_add(60);
    auto doc = w.incoming->forward(w.actor("chuyenvien.bs"), id, w.user("phobithu.bs").id,
                                   "Đề nghị đồng chí xử lý");
    CHECK(doc.assigneeId == w.user("phobithu.bs").id);
    CHECK(handler(doc, w.user("chuyenvien.bs").id).role == kHandlerForwarded);
    CHECK(handler(doc, w.user("phobithu.bs").id).role == kHandlerLead);
    CHECK(w.incoming->document(w.actor("chuyenvien.bs"), id).id == id);
    CHECK(w.incoming->list(w.actor("chuyenvien.bs"), {std::nullopt, true}).size() == 1);
    CHECK(w.incoming->history(w.actor("chuyenvien.bs"), id).back().action == "forward");

    const auto rows = w.incoming->recipients(w.actor("vanthu.bg"), issuedId);
    REQUIRE(!rows[0].history.empty());
    CHECK(rows[0].history.back().statusCode == "04");
    CHECK(rows[0].history.back().description.find("Chuyển Nguyễn Văn Tình") == 0);

    // A re-assignment by the leader keeps the forwarder too.
    doc = w.incoming->assign(w.actor("bithu.bs"), id, input);
    CHECK(handler(doc, w.user("chuyenvien.bs").id).role == kHandlerLead);
}

TEST_CASE("Distribution: deadline reminders for the lead and co-handlers, not the informed",
          "[incoming][distribution]") {
    RoutingWorld w;
    const Id co = addSpecialist(w, "phoihop.bs", "Đinh Thị Phối");
    const Id informed = addSpecialist(w, "debiet.bs", "Lâm Văn Biết");
    w.setDay(2026, 6, 16);
    const Id id = registeredLetter(w);
    AssignInput input;
    input.assigneeId = w.user("chuyenvien.bs").id;
    input.coHandlerIds = {co};
    input.informedIds = {informed};
    input.deadline = "2026-06-18";
    w.incoming->assign(w.actor("bithu.bs"), id, input);

    auto report = w.incoming->deadlines(w.actor("phoihop.bs"));
    REQUIRE(report.dueSoon.size() == 1);
    CHECK(report.dueSoon[0].role == kHandlerCo);
    CHECK(report.dueSoon[0].daysLeft == 2);
    CHECK(w.incoming->deadlines(w.actor("chuyenvien.bs")).dueSoon.size() == 1);
    CHECK(w.incoming->deadlines(w.actor("debiet.bs")).dueSoon.empty());

    w.setDay(2026, 6, 19);
    report = w.incoming->deadlines(w.actor("chuyenvien.bs"));
    REQUIRE(report.overdue.size() == 1);
    CHECK(report.overdue[0].daysLeft == -1);
    CHECK(report.overdue[0].role == kHandlerLead);
    // A co-handler who gave their opinion has nothing due any more.
    w.incoming->contribute(w.actor("phoihop.bs"), id, "Nhất trí.");
    CHECK(w.incoming->deadlines(w.actor("phoihop.bs")).overdue.empty());
}

TEST_CASE("Distribution: a letter limited to named readers is distributed only to people named",
          "[incoming][distribution][access]") {
    RoutingWorld w;
    SecretAccess access(*w.storage, *w.audit);
    const Id co = addSpecialist(w, "phoihop.bs", "Đinh Thị Phối");
    const Id informed = addSpecialist(w, "debiet.bs", "Lâm Văn Biết");
    const Id namedOnly = addSpecialist(w, "chiten.bs", "Hà Văn Tên");
    const Id lead = w.user("chuyenvien.bs").id;
    const auto clerk = w.actor("vanthu.bs");
    const auto leader = w.actor("bithu.bs");
    auto letter = w.paperLetter("công văn mật về nhân sự");
    letter.secrecy = "MẬT";
    const Id id = w.incoming->enterPaper(clerk, letter).id;
    w.incoming->registerArrival(clerk, id);
    const std::string object = "incoming/" + std::to_string(id);
    access.limit(leader, object); // the leader is named first
    access.grant(leader, object, namedOnly);

    AssignInput input;
    input.assigneeId = lead;
    input.coHandlerIds = {co};
    input.informedIds = {informed};
    input.deadline = "2026-06-25";
    input.instructions = "Xử lý theo chế độ mật.";

    // Neither the co-handler nor the one informed is named: refused, audited, nothing assigned.
    try {
        w.incoming->assign(leader, id, input);
        FAIL("a co-handler who is not named was accepted");
    } catch (const Conflict& e) {
        CHECK(std::string(e.what()).find("Đinh Thị Phối chưa có tên") != std::string::npos);
        CHECK(std::string(e.what()).find("phối hợp") != std::string::npos);
    }
    CHECK(w.audit->latest(1).front().action == "refused");
    auto doc = w.incoming->document(leader, id);
    CHECK(doc.state == IncomingState::Registered);
    CHECK(doc.handlers.empty());
    CHECK(doc.instructionHistory.empty());

    access.grant(leader, object, co);
    refusedAndAudited<Conflict>(
        w, id, [&] { w.incoming->assign(leader, id, input); }, "the one informed is not named");
    CHECK(w.incoming->document(leader, id).handlers.empty());

    access.grant(leader, object, informed);
    doc = w.incoming->assign(leader, id, input);
    CHECK(doc.handlers.size() == 3);
    for (const auto* name : {"chuyenvien.bs", "phoihop.bs", "debiet.bs"}) {
        INFO(name);
        CHECK(w.incoming->document(w.actor(name), id).id == id);
        CHECK(w.incoming->listPage(w.actor(name), {std::nullopt, true}, {10, 0}).total == 1);
    }
    // Named but given no part: a specialist still needs one (the informed role at least).
    CHECK_THROWS_AS(w.incoming->document(w.actor("chiten.bs"), id), NotFound);
    CHECK(w.incoming->listPage(w.actor("chiten.bs"), {}, {10, 0}).total == 0);
    // The clerk of the office is not named: the limit keeps them out.
    CHECK_THROWS_AS(w.incoming->document(clerk, id), NotFound);

    // A name removed after the distribution: that person's part no longer shows them the letter,
    // in the list or on its page; the lead (its assignee) keeps it without a name.
    access.revoke(leader, object, informed);
    CHECK_THROWS_AS(w.incoming->document(w.actor("debiet.bs"), id), NotFound);
    CHECK(w.incoming->listPage(w.actor("debiet.bs"), {std::nullopt, true}, {10, 0}).total == 0);
    CHECK(w.incoming->list(w.actor("debiet.bs"), {std::nullopt, true}).empty());
    CHECK_THROWS_AS(w.incoming->acknowledge(w.actor("debiet.bs"), id), NotFound);
    CHECK(w.incoming->document(w.actor("chuyenvien.bs"), id).id == id);
}

TEST_CASE("Distribution: an assignment made from an older distribution is refused (409), naming "
          "who changed it and when, nothing written",
          "[incoming][distribution][stale]") {
    RoutingWorld w;
    const Id id = registeredLetter(w);
    CHECK(w.incoming->document(w.actor("bithu.bs"), id).assignmentVersion == 0);
    // Two leaders open "Giao xử lý" on the same registered letter (version 0).
    AssignInput first;
    first.assigneeId = w.user("chuyenvien.bs").id;
    first.deadline = "2026-06-25";
    first.baseVersion = 0;
    auto doc = w.incoming->assign(w.actor("bithu.bs"), id, first);
    CHECK(doc.assignmentVersion == 1);

    w.now->fetch_add(60);
    AssignInput second;
    second.assigneeId = w.user("phobithu.bs").id;
    second.deadline = "2026-07-01";
    second.instructions = "Đồng chí Tình chủ trì";
    second.baseVersion = 0; // loaded before the first assignment
    refusedAndAudited<StaleVersion>(
        w, id, [&] { w.incoming->assign(w.actor("bithu.bs"), id, second); }, "stale");
    try {
        w.incoming->assign(w.actor("bithu.bs"), id, second);
        FAIL("a stale assignment was written");
    } catch (const StaleVersion& e) {
        CHECK(e.currentVersion() == 1);
        CHECK(e.changedBy() == w.user("bithu.bs").fullName);
        CHECK_FALSE(e.changedAt().empty());
        const std::string message = e.what();
        CHECK(message.find(w.user("bithu.bs").fullName) != std::string::npos);
        CHECK(message.find("phiên bản 1, bạn đang sửa phiên bản 0") != std::string::npos);
        CHECK(message.find("tải lại") != std::string::npos);
    }
    doc = w.incoming->document(w.actor("bithu.bs"), id);
    CHECK(doc.assigneeId == w.user("chuyenvien.bs").id); // the first assignment stands
    CHECK(doc.deadline == "2026-06-25");
    CHECK(doc.instructionHistory.empty());
    CHECK(doc.assignmentVersion == 1);

    // Forwarding changes the distribution too: an assignment loaded before it is stale.
    w.now->fetch_add(60);
    doc = w.incoming->forward(w.actor("chuyenvien.bs"), id, w.user("phobithu.bs").id, "");
    CHECK(doc.assignmentVersion == 2);
    second.baseVersion = 1;
    try {
        w.incoming->assign(w.actor("bithu.bs"), id, second);
        FAIL("an assignment from before the forwarding was written");
    } catch (const StaleVersion& e) {
        CHECK(e.currentVersion() == 2);
        CHECK(e.changedBy() == w.user("chuyenvien.bs").fullName);
    }
    // From the version seen now it is saved; without a version it is not checked (API clients
    // of before).
    second.baseVersion = 2;
    doc = w.incoming->assign(w.actor("bithu.bs"), id, second);
    CHECK(doc.assignmentVersion == 3);
    CHECK(doc.deadline == "2026-07-01");
    second.baseVersion.reset();
    CHECK(w.incoming->assign(w.actor("bithu.bs"), id, second).assignmentVersion == 4);
}
