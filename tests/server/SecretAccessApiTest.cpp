// Secret letters limited to named people through the API (issue 14 item 6, docs/access-rules.md
// "Secret documents"): every refusal (404 for whoever may not see the letter, so that its
// existence is not revealed; 403 for a non-leader who sees it; 409 and 422 for wrong requests),
// lists, search and the register never showing its subject, each change audited and waiting for
// the administrator, reads and downloads counted (6a) and the statistics as JSON and CSV.
#include <catch2/catch.hpp>

#include "DocmgmtServer.hpp"
#include "TestSupport.hpp"
#include "vanthu/docmgmt/VietnamTime.hpp"

using namespace vanthu;
using test::ApiClient;
using test::DocmgmtServer;

namespace {

const std::string kSubject = "kế hoạch phòng thủ khu vực bí mật XK7Q";

std::string incoming(http::Id id, const std::string& tail = "") {
    return "/api/incoming/" + std::to_string(id) + tail;
}

std::string readerJson(http::Id userId) {
    Poco::JSON::Object body;
    body.set("userId", userId);
    return test::jsonText(body);
}

std::string limitedJson(bool limited) {
    Poco::JSON::Object body;
    body.set("limited", limited);
    return test::jsonText(body);
}

/// A paper letter entered and registered by the Nghi Dương clerk; returns its id.
http::Id paperLetter(DocmgmtServer& server, const std::string& subject, const std::string& secrecy,
                     const std::string& urgency) {
    auto clerk = server.as("vanthu.nd");
    auto drafter = server.as("chuyenvien.nd");
    const auto draft = drafter.post(
        "/api/documents", test::letterDraft(server.userId("chutich.nd"), "nháp để lấy PDF"));
    const std::string scan =
        drafter
            .get("/api/documents/" + std::to_string(draft.object()->getValue<http::Id>("id")) +
                 "/pdf")
            .body;
    REQUIRE(scan.rfind("%PDF-", 0) == 0);
    Poco::JSON::Object letter;
    letter.set("senderName", "BỘ CHỈ HUY QUÂN SỰ TỈNH");
    letter.set("notation", "77/KH-BCH");
    letter.set("issuedDate", "2026-06-10");
    letter.set("typeCode", "CV");
    letter.set("subject", subject);
    letter.set("secrecy", secrecy);
    letter.set("urgency", urgency);
    letter.set("pdfBase64", test::base64(scan));
    const auto entered = clerk.post("/api/incoming", test::jsonText(letter));
    INFO(entered.body);
    REQUIRE(entered.status == 201);
    const auto id = entered.object()->getValue<http::Id>("id");
    REQUIRE(clerk.post(incoming(id, "/register")).status == 200);
    return id;
}

std::size_t hits(ApiClient& client, const std::string& query) {
    const auto response = client.get("/api/search?q=" + query);
    INFO(response.body);
    REQUIRE(response.status == 200);
    return response.object()->getArray("hits")->size();
}

bool listed(ApiClient& client, const std::string& path, const std::string& text) {
    const auto response = client.get(path);
    REQUIRE(response.status == 200);
    return response.body.find(text) != std::string::npos;
}

} // namespace

TEST_CASE("a secret incoming letter limited to named people: every refusal, no leak, audited, "
          "reads counted",
          "[access]") {
    auto& server = DocmgmtServer::shared();
    const auto id = paperLetter(server, kSubject, "mat", "hoa-toc");
    const auto plainId = paperLetter(server, "công văn thường về họp giao ban", "", "");
    auto leader = server.as("chutich.nd");
    auto otherLeader = server.as("phochutich.nd");
    auto clerk = server.as("vanthu.nd");
    auto specialist = server.as("chuyenvien.nd");
    auto admin = server.as("quantri.nd");
    const auto access = incoming(id, "/access");

    // Marks: urgency and secrecy travel in every list row; hỏa tốc comes first.
    const auto list = clerk.get("/api/incoming?limit=50");
    REQUIRE(list.status == 200);
    const auto first = list.object()->getArray("items")->getObject(0);
    CHECK(first->getValue<http::Id>("id") == id);
    CHECK(first->getValue<std::string>("urgency") == "hoa-toc");
    CHECK(first->getValue<std::string>("secrecy") == "mat");
    CHECK_FALSE(first->getValue<bool>("limited"));

    // Only a leader limits, and only a secret letter.
    CHECK(clerk.put(access, limitedJson(true)).status == 403);
    CHECK(specialist.put(access, limitedJson(true)).status == 404); // not assigned: unseen
    CHECK(admin.put(access, limitedJson(true)).status == 404);      // administrators see none
    CHECK(leader.put(incoming(plainId, "/access"), limitedJson(true)).status == 409);
    CHECK(leader.put(access, "{}").status == 422);
    const auto limited = leader.put(access, limitedJson(true));
    INFO(limited.body);
    REQUIRE(limited.status == 200);
    CHECK(limited.object()->getValue<bool>("limited"));
    REQUIRE(limited.object()->getArray("readers")->size() == 1); // the leader, named first
    CHECK(leader.put(access, limitedJson(true)).status == 409);  // already limited

    // Whoever is not named: 404 everywhere, and the subject nowhere.
    for (auto* outsider : {&otherLeader, &clerk}) {
        CHECK(outsider->get(incoming(id)).status == 404);
        CHECK(outsider->get(incoming(id, "/pdf")).status == 404);
        CHECK(outsider->get(access).status == 404);
        CHECK(outsider->post(access + "/readers", readerJson(server.userId("vanthu.nd"))).status ==
              404);
        CHECK_FALSE(listed(*outsider, "/api/incoming", kSubject));
        CHECK_FALSE(listed(*outsider, "/api/incoming?limit=200", kSubject));
        CHECK_FALSE(listed(*outsider, "/api/search?q=XK7Q", kSubject));
        CHECK(hits(*outsider, "XK7Q") == 0);
        CHECK_FALSE(listed(*outsider,
                           "/api/registers/incoming?year=" +
                               std::to_string(docmgmt::vietnamDate(docmgmt::systemClock()()).year),
                           kSubject));
    }
    CHECK(listed(clerk, "/api/registers/incoming?limit=200", "Văn bản mật"));
    // The named leader reads it all.
    CHECK(leader.get(incoming(id)).status == 200);
    CHECK(leader.get(incoming(id, "/pdf")).status == 200);
    CHECK(listed(leader, "/api/incoming", kSubject));
    CHECK(hits(leader, "XK7Q") == 1);

    // Naming: only people of the office who are not administrators, once.
    CHECK(leader.post(access + "/readers", readerJson(server.userId("quantri.nd"))).status == 422);
    CHECK(leader.post(access + "/readers", readerJson(999999)).status == 422);
    CHECK(leader.post(access + "/readers", readerJson(server.userId("chutich.vq"))).status == 422);
    const auto granted =
        leader.post(access + "/readers", readerJson(server.userId("phochutich.nd")));
    INFO(granted.body);
    REQUIRE(granted.status == 200);
    CHECK(granted.object()->getArray("readers")->size() == 2);
    CHECK(leader.post(access + "/readers", readerJson(server.userId("phochutich.nd"))).status ==
          409);
    CHECK(otherLeader.get(incoming(id)).status == 200);
    CHECK(listed(otherLeader, "/api/incoming", kSubject));
    CHECK(clerk.get(incoming(id)).status == 404); // still not named

    // Removing: the removed leader is an outsider again.
    const std::string removePath =
        access + "/readers/" + std::to_string(server.userId("phochutich.nd"));
    CHECK(clerk.request("DELETE", removePath).status == 404);
    REQUIRE(leader.request("DELETE", removePath).status == 200);
    CHECK(leader.request("DELETE", removePath).status == 409);
    CHECK(otherLeader.get(incoming(id)).status == 404);

    // Every change is audited on the letter and waits for the office's administrator (III.3c).
    const auto history = leader.get(incoming(id));
    REQUIRE(history.status == 200);
    const auto notices = admin.get("/api/access-notices");
    REQUIRE(notices.status == 200);
    CHECK(notices.body.find("\"grant-access\"") != std::string::npos);
    CHECK(notices.body.find("\"revoke-access\"") != std::string::npos);
    CHECK(notices.body.find("\"limit-access\"") != std::string::npos);
    CHECK(notices.body.find(kSubject) == std::string::npos);
    const auto audit = admin.get("/api/audit?limit=50").body;
    CHECK(audit.find("\"access-grant\"") != std::string::npos);
    CHECK(audit.find("\"access-revoke\"") != std::string::npos);

    // Reads and downloads are counted per document (6a).
    const auto counted = leader.get(access);
    REQUIRE(counted.status == 200);
    const auto reads = counted.object()->getObject("reads");
    CHECK(reads->getValue<long>("views") >= 3);
    CHECK(reads->getValue<long>("downloads") >= 1);
    CHECK(reads->getArray("latest")->size() >= 1);
    const auto report = leader.get("/api/reports/reads?from=2020-01-01&to=2029-12-31");
    INFO(report.body);
    REQUIRE(report.status == 200);
    CHECK(report.body.find("incoming/" + std::to_string(id)) != std::string::npos);
    CHECK(report.body.find(kSubject) != std::string::npos); // the leader is named
    const auto hidden = clerk.get("/api/reports/reads?from=2020-01-01&to=2029-12-31");
    REQUIRE(hidden.status == 200);
    CHECK(hidden.body.find("incoming/" + std::to_string(id)) != std::string::npos);
    CHECK(hidden.body.find(kSubject) == std::string::npos);
    const auto csv = clerk.get("/api/reports/reads.csv?from=2020-01-01&to=2029-12-31");
    CHECK(csv.status == 200);
    CHECK(csv.header("content-type").find("text/csv") != std::string::npos);
    CHECK(csv.body.find(kSubject) == std::string::npos);
    CHECK(specialist.get("/api/reports/reads").status == 403);
    CHECK(leader.get("/api/reports/reads?from=2026-13-01").status == 422);
    const auto files = clerk.get("/api/reports/casefiles");
    REQUIRE(files.status == 200);
    CHECK(files.object()->getObject("total")->getValue<std::string>("key") == "Tổng");
    CHECK(clerk.get("/api/reports/casefiles.csv").status == 200);
    CHECK(specialist.get("/api/reports/casefiles").status == 403);

    // Lifting the limit: the ordinary rules again.
    CHECK(clerk.put(access, limitedJson(false)).status == 404);
    REQUIRE(leader.put(access, limitedJson(false)).status == 200);
    CHECK(clerk.get(incoming(id)).status == 200);
    CHECK(otherLeader.get(incoming(id)).status == 200);
    CHECK(leader.put(access, limitedJson(false)).status == 409);
}

TEST_CASE("a case file limited to named people: left out of the list, 404 to the others",
          "[access]") {
    auto& server = DocmgmtServer::shared();
    auto clerk = server.as("vanthu.nd");
    auto leader = server.as("chutich.nd");
    auto otherLeader = server.as("phochutich.nd");
    auto specialist = server.as("chuyenvien.nd");
    const auto entry = clerk.post("/api/file-list", R"({"year":2026,"code":"MAT-01",
        "title":"Hồ sơ công tác quốc phòng R4W","retention":"vĩnh viễn"})");
    INFO(entry.body);
    REQUIRE(entry.status == 201);
    const auto opened = clerk.post(
        "/api/casefiles",
        R"({"listEntryId":)" + std::to_string(entry.object()->getValue<http::Id>("id")) + "}");
    REQUIRE(opened.status == 201);
    const std::string file =
        "/api/casefiles/" + std::to_string(opened.object()->getValue<http::Id>("id"));

    CHECK(clerk.put(file + "/access", limitedJson(true)).status == 403); // not a leader
    REQUIRE(leader.put(file + "/access", limitedJson(true)).status == 200);
    CHECK(clerk.get(file).status == 200); // opened it: always sees it
    for (auto* outsider : {&otherLeader, &specialist}) {
        CHECK(outsider->get(file).status == 404);
        CHECK(outsider->get(file + "/access").status == 404);
        CHECK_FALSE(listed(*outsider, "/api/casefiles", "R4W"));
    }
    CHECK(listed(leader, "/api/casefiles", "R4W"));
    REQUIRE(
        leader.post(file + "/access/readers", readerJson(server.userId("chuyenvien.nd"))).status ==
        200);
    CHECK(specialist.get(file).status == 200);
    CHECK(listed(specialist, "/api/casefiles", "R4W"));
    CHECK(otherLeader.get(file).status == 404);
}
