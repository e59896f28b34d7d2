// Distribution through the API (issue 14 item 3): a leader gives a letter a lead handler, a
// co-handler and one person informed; each sees it in their work list with their own part and
// status; the instructions are a dated history; every refusal is answered 403/409 (or 422 for
// missing input) in Vietnamese and the 403/409 ones are in the letter's trail.
#include <catch2/catch.hpp>

#include "DocmgmtServer.hpp"
#include "TestSupport.hpp"

using namespace vanthu;
using test::ApiClient;
using test::base64;
using test::DocmgmtServer;

namespace {

std::string at(http::Id id, const std::string& tail = "") {
    return "/api/incoming/" + std::to_string(id) + tail;
}

/// A registered paper letter of Nghi Dương (its scan: a draft's PDF).
http::Id registeredPaperLetter(DocmgmtServer& server, const std::string& subject,
                               const std::string& secrecy = "") {
    auto clerk = server.as("vanthu.nd");
    auto specialist = server.as("chuyenvien.nd");
    const auto draft = specialist.post(
        "/api/documents", test::letterDraft(server.userId("chutich.nd"), "nháp để lấy bản quét"));
    REQUIRE(draft.status == 201);
    Poco::JSON::Object letter;
    letter.set("senderName", "SỞ NỘI VỤ");
    letter.set("notation", "77/SNV-TCBC");
    letter.set("typeCode", "CV");
    letter.set("subject", subject);
    letter.set("secrecy", secrecy);
    letter.set("pdfBase64",
               base64(specialist
                          .get("/api/documents/" +
                               std::to_string(draft.object()->getValue<http::Id>("id")) + "/pdf")
                          .body));
    const auto entered = clerk.post("/api/incoming", test::jsonText(letter));
    REQUIRE(entered.status == 201);
    const auto id = entered.object()->getValue<http::Id>("id");
    REQUIRE(clerk.post(at(id, "/register")).status == 200);
    return id;
}

/// The entry of a work list (GET /api/incoming?mine=1) for this letter; null when absent.
Poco::JSON::Object::Ptr inMyList(ApiClient& client, http::Id id) {
    const auto list = client.get("/api/incoming?mine=1");
    REQUIRE(list.status == 200);
    const auto array = list.array();
    for (std::size_t i = 0; i < array->size(); ++i) {
        const auto item = array->getObject(static_cast<unsigned>(i));
        if (item->getValue<http::Id>("id") == id) {
            return item;
        }
    }
    return nullptr;
}

std::string message(const test::ApiResponse& response) {
    return response.object()->getObject("error")->getValue<std::string>("message");
}

int refusedInTrail(ApiClient& reader, http::Id id) {
    const auto history = reader.get(at(id)).object()->getArray("history");
    int count = 0;
    for (std::size_t i = 0; i < history->size(); ++i) {
        if (history->getObject(static_cast<unsigned>(i))->getValue<std::string>("action") ==
            "refused") {
            ++count;
        }
    }
    return count;
}

} // namespace

TEST_CASE("distribution: a lead, a co-handler and one informed, each with their own part, and "
          "every refusal answered and audited",
          "[incoming][distribution]") {
    DocmgmtServer server;
    // The letter first: the clients' kept-alive connections are cut after 10 idle seconds (408).
    const http::Id id = registeredPaperLetter(server, "đề nghị báo cáo biên chế (phân phối)");
    auto leader = server.as("chutich.nd");
    auto lead = server.as("chuyenvien.nd");
    auto co = server.as("phochutich.nd");
    auto informed = server.as("vanthu.nd");

    Poco::JSON::Object assignment;
    assignment.set("version", 0); // a registered letter's first distribution
    assignment.set("assigneeId", server.userId("chuyenvien.nd"));
    Poco::JSON::Array coIds, informedIds;
    coIds.add(server.userId("phochutich.nd"));
    informedIds.add(server.userId("vanthu.nd"));
    assignment.set("coHandlerIds", coIds);
    assignment.set("informedIds", informedIds);
    assignment.set("deadline", "2099-12-31");
    assignment.set("instructions", "Đồng chí Đức chủ trì, đồng chí Tươi phối hợp.");

    int refusals = 0;
    // Who may not assign, and what an assignment may not be.
    const auto byClerk = informed.post(at(id, "/assign"), test::jsonText(assignment));
    CHECK(byClerk.status == 403);
    CHECK(message(byClerk).find("lãnh đạo") != std::string::npos);
    ++refusals;
    Poco::JSON::Object twice = assignment;
    twice.set("informedIds", coIds);
    const auto both = leader.post(at(id, "/assign"), test::jsonText(twice));
    CHECK(both.status == 422);
    CHECK(both.object()->getObject("error")->getValue<std::string>("field") == "informedIds");
    Poco::JSON::Object notIds = assignment;
    Poco::JSON::Array words;
    words.add("Tươi");
    notIds.set("coHandlerIds", words);
    CHECK(leader.post(at(id, "/assign"), test::jsonText(notIds)).status == 400);

    const auto assigned = leader.post(at(id, "/assign"), test::jsonText(assignment));
    REQUIRE(assigned.status == 200);
    const auto handlers = assigned.object()->getArray("handlers");
    REQUIRE(handlers->size() == 3);
    CHECK(handlers->getObject(0)->getValue<std::string>("role") == "lead");
    CHECK(handlers->getObject(1)->getValue<std::string>("role") == "co");
    CHECK(handlers->getObject(1)->getValue<std::string>("roleLabel") == "Phối hợp");
    CHECK(handlers->getObject(2)->getValue<std::string>("role") == "informed");
    CHECK(handlers->getObject(2)->getValue<std::string>("statusLabel") == "Chưa xem");

    // Each one's work list shows it with their own part.
    const auto mine = [&](ApiClient& client) {
        auto item = inMyList(client, id);
        REQUIRE(item);
        return item->getValue<std::string>("myRole") + "/" +
               item->getValue<std::string>("myStatus");
    };
    CHECK(mine(lead) == "lead/assigned");
    CHECK(mine(co) == "co/assigned");
    CHECK(mine(informed) == "informed/unread");
    CHECK_FALSE(inMyList(leader, id));

    // Refusals of each role.
    const auto expect = [&](ApiClient& client, const std::string& step, const std::string& body,
                            int status) {
        INFO(step << " " << body);
        const auto answer = client.post(at(id, step), body);
        CHECK(answer.status == status);
        CHECK(!message(answer).empty());
        if (status == 403 || status == 409) {
            ++refusals;
        }
    };
    expect(informed, "/contribute", R"({"note":"ý kiến"})", 403);
    expect(lead, "/contribute", R"({"note":"ý kiến"})", 403);
    expect(co, "/acknowledge", "", 403);
    expect(co, "/start", "", 403);
    expect(co, "/forward", R"({"userId":1})", 403);
    expect(informed, "/close", "", 403);
    expect(lead, "/instruct", R"({"text":"làm ngay"})", 403);
    expect(co, "/contribute", R"({"note":"  "})", 422);
    expect(leader, "/instruct", R"({"text":""})", 422);

    const auto contributed =
        co.post(at(id, "/contribute"), R"({"note":"Đề nghị bổ sung số liệu quý II."})");
    REQUIRE(contributed.status == 200);
    CHECK(mine(co) == "co/done");
    expect(co, "/contribute", R"({"note":"lần nữa"})", 409);
    REQUIRE(informed.post(at(id, "/acknowledge")).status == 200);
    CHECK(mine(informed) == "informed/seen");
    expect(informed, "/acknowledge", "", 409);

    const auto instructed =
        leader.post(at(id, "/instruct"), R"({"text":"Báo cáo trước ngày 20."})");
    REQUIRE(instructed.status == 200);
    const auto history = instructed.object()->getArray("instructionHistory");
    REQUIRE(history->size() == 2);
    CHECK(history->getObject(0)->getValue<std::string>("text") ==
          "Đồng chí Đức chủ trì, đồng chí Tươi phối hợp.");
    CHECK(history->getObject(1)->getValue<std::string>("text") == "Báo cáo trước ngày 20.");
    CHECK(history->getObject(1)->getValue<std::string>("authorName") == "Nguyễn Văn Kiên");
    CHECK(!history->getObject(1)->getValue<std::string>("givenAt").empty());

    // Forwarding: the forwarder keeps sight of it.
    const auto forwarded = lead.post(
        at(id, "/forward"),
        R"({"userId":)" + std::to_string(server.userId("phochutich.nd")) + R"(,"note":"nhờ chị"})");
    REQUIRE(forwarded.status == 200);
    CHECK(lead.get(at(id)).status == 200);
    CHECK(mine(lead) == "forwarded/forwarded");
    CHECK(mine(co) == "lead/assigned");
    expect(lead, "/close", R"({"note":"x"})", 403);

    REQUIRE(co.post(at(id, "/close"), R"({"note":"Đã báo cáo"})").status == 200);
    expect(leader, "/instruct", R"({"text":"muộn"})", 409);
    expect(co, "/close", "", 409);

    CHECK(refusedInTrail(leader, id) == refusals);
}

TEST_CASE("distribution of a secret letter limited to named people: co-handlers and people "
          "informed must be named first (409 otherwise, nothing assigned)",
          "[incoming][distribution][access]") {
    DocmgmtServer server;
    const http::Id id = registeredPaperLetter(server, "phương án nhân sự (mật)", "mat");
    auto leader = server.as("chutich.nd");
    auto co = server.as("phochutich.nd");
    auto informed = server.as("vanthu.nd");
    REQUIRE(leader.put(at(id, "/access"), R"({"limited":true})").status == 200);

    Poco::JSON::Object assignment;
    assignment.set("version", 0); // a registered letter's first distribution
    assignment.set("assigneeId", server.userId("chuyenvien.nd"));
    Poco::JSON::Array coIds, informedIds;
    coIds.add(server.userId("phochutich.nd"));
    informedIds.add(server.userId("vanthu.nd"));
    assignment.set("coHandlerIds", coIds);
    assignment.set("informedIds", informedIds);
    assignment.set("deadline", "2099-12-31");

    const auto unnamed = leader.post(at(id, "/assign"), test::jsonText(assignment));
    CHECK(unnamed.status == 409);
    INFO(unnamed.body);
    CHECK(message(unnamed).find("chưa có tên nên không giao phối hợp") != std::string::npos);
    CHECK(leader.get(at(id)).object()->getValue<std::string>("state") == "registered");
    CHECK(co.get(at(id)).status == 404);

    const auto readers = at(id, "/access/readers");
    REQUIRE(
        leader.post(readers, R"({"userId":)" + std::to_string(server.userId("phochutich.nd")) + "}")
            .status == 200);
    const auto informedUnnamed = leader.post(at(id, "/assign"), test::jsonText(assignment));
    CHECK(informedUnnamed.status == 409);
    CHECK(message(informedUnnamed).find("để biết") != std::string::npos);
    CHECK(co.get(at(id)).status == 200); // a leader of the office, named now
    REQUIRE(leader.post(readers, R"({"userId":)" + std::to_string(server.userId("vanthu.nd")) + "}")
                .status == 200);
    REQUIRE(leader.post(at(id, "/assign"), test::jsonText(assignment)).status == 200);
    auto item = inMyList(co, id);
    REQUIRE(item);
    CHECK(item->getValue<std::string>("myRole") == "co");
    CHECK(informed.get(at(id)).status == 200);
    CHECK(refusedInTrail(leader, id) == 2);
}

TEST_CASE("incoming comments (ý kiến): the handlers and the leader write them, shown in order "
          "with author and time, kept in the trail, others refused",
          "[incoming]") {
    auto& server = DocmgmtServer::shared();
    const auto id = registeredPaperLetter(server, "ý kiến về phương án sắp xếp thôn");
    auto leader = server.as("chutich.nd");
    auto lead = server.as("chuyenvien.nd");
    auto informed = server.as("vanthu.nd");
    auto outsider = server.as("chuyenvien.vq");

    // Before assignment only a leader may write; the clerk is no handler yet.
    CHECK(informed.post(at(id, "/comments"), R"({"text": "Đã nhận"})").status == 403);
    const auto first = leader.post(at(id, "/comments"), R"({"text": "Cần xem kỹ phụ lục 2."})");
    REQUIRE(first.status == 201);
    CHECK(first.object()->getValue<std::string>("authorName") == "Nguyễn Văn Kiên");
    CHECK(!first.object()->getValue<std::string>("writtenAt").empty());

    Poco::JSON::Object assignment;
    assignment.set("version", 0); // a registered letter's first distribution
    assignment.set("assigneeId", server.userId("chuyenvien.nd"));
    Poco::JSON::Array::Ptr informedIds = new Poco::JSON::Array;
    informedIds->add(server.userId("vanthu.nd"));
    assignment.set("informedIds", informedIds);
    assignment.set("deadline", "2099-12-31");
    REQUIRE(leader.post(at(id, "/assign"), test::jsonText(assignment)).status == 200);

    // The lead handler and the one informed write; each sees "comment" among their actions.
    const auto page = lead.get(at(id));
    REQUIRE(page.status == 200);
    const auto actions = page.object()->getArray("allowedActions");
    bool offered = false;
    for (std::size_t i = 0; i < actions->size(); ++i) {
        offered =
            offered || actions->getElement<std::string>(static_cast<unsigned>(i)) == "comment";
    }
    CHECK(offered);
    REQUIRE(lead.post(at(id, "/comments"),
                      R"({"text": "Đề nghị lấy ý kiến các thôn.\nDự kiến xong trước 30/6."})")
                .status == 201);
    REQUIRE(informed.post(at(id, "/comments"), R"({"text": "Đã biết."})").status == 201);

    // Refused: blank, too long, someone who does not see the letter, a method other than GET/POST.
    const auto blank = lead.post(at(id, "/comments"), R"({"text": "   "})");
    CHECK(blank.status == 422);
    CHECK(message(blank).find("Hãy ghi nội dung ý kiến") != std::string::npos);
    CHECK(lead.post(at(id, "/comments"), "{\"text\": \"" + std::string(4001, 'a') + "\"}").status /
              100 ==
          4);
    CHECK(outsider.post(at(id, "/comments"), R"({"text": "x"})").status == 404);
    CHECK(outsider.get(at(id, "/comments")).status == 404);
    CHECK(lead.request("DELETE", at(id, "/comments")).status == 405);

    // Listed oldest first with author and time.
    const auto list = informed.get(at(id, "/comments"));
    REQUIRE(list.status == 200);
    const auto comments = list.array();
    REQUIRE(comments->size() == 3);
    CHECK(comments->getObject(0)->getValue<std::string>("text") == "Cần xem kỹ phụ lục 2.");
    CHECK(comments->getObject(1)->getValue<std::string>("authorName") == "Hồ Văn Đức");
    CHECK(comments->getObject(1)->getValue<std::string>("text") ==
          "Đề nghị lấy ý kiến các thôn.\nDự kiến xong trước 30/6.");
    CHECK(comments->getObject(2)->getValue<std::string>("authorName") == "Trần Thị Lan");
    CHECK(comments->getObject(0)->getValue<std::string>("writtenAt") <=
          comments->getObject(1)->getValue<std::string>("writtenAt"));

    // In the letter's trail, and the database refuses to change or remove one.
    const auto history = lead.get(at(id)).object()->getArray("history");
    int inTrail = 0;
    for (std::size_t i = 0; i < history->size(); ++i) {
        const auto event = history->getObject(static_cast<unsigned>(i));
        if (event->getValue<std::string>("action") == "comment") {
            ++inTrail;
        }
    }
    CHECK(inTrail == 3);
    CHECK(server.databaseSql("SELECT count(*) FROM incoming_comments").out == "3\n");
    CHECK(server.databaseSql("UPDATE incoming_comments SET text = 'x'").exitCode != 0);
    CHECK(server.databaseSql("DELETE FROM incoming_comments").exitCode != 0);

    // Closed: no more comments, the list stays.
    REQUIRE(lead.post(at(id, "/close"), R"({"note": "Đã xử lý."})").status == 200);
    CHECK(lead.post(at(id, "/comments"), R"({"text": "muộn"})").status == 409);
    CHECK(lead.get(at(id, "/comments")).array()->size() == 3);
}
