// Forms that edit shared records carry the version they were loaded at (issue 16 item 1): a case
// file's description and an incoming letter's assignment (giao xử lý) saved from an older version
// are refused with 409 naming who changed it and when, as a draft's save is (DraftSaveTest), and
// nothing is overwritten.
#include <catch2/catch.hpp>

#include "DocmgmtServer.hpp"
#include "TestSupport.hpp"

using namespace vanthu;
using test::DocmgmtServer;

namespace {

std::string at(const std::string& base, http::Id id, const std::string& tail = "") {
    return base + std::to_string(id) + tail;
}

/// The 409's error object: a stale save, with who changed the record, when, and its version.
Poco::JSON::Object::Ptr staleError(const test::ApiResponse& response, int currentVersion) {
    INFO(response.body);
    REQUIRE(response.status == 409);
    CHECK(response.errorCode() == "conflict");
    const auto error = response.object()->getObject("error");
    CHECK(error->getValue<std::string>("field") == "version");
    CHECK(error->getValue<int>("currentVersion") == currentVersion);
    const auto by = error->getValue<std::string>("changedBy");
    CHECK_FALSE(by.empty());
    const auto message = error->getValue<std::string>("message");
    CHECK(message.find(by) != std::string::npos);
    const auto changedAt = error->getValue<std::string>("changedAt");
    REQUIRE(changedAt.size() >= 16);
    CHECK(message.find(changedAt.substr(11, 5) + " ngày " + changedAt.substr(8, 2) + "/" +
                       changedAt.substr(5, 2) + "/" + changedAt.substr(0, 4)) != std::string::npos);
    return error;
}

} // namespace

TEST_CASE("stale saves: a case file's description from an older version is refused with 409",
          "[casefiles][stale]") {
    auto& server = DocmgmtServer::shared();
    auto clerk = server.as("vanthu.vq");
    auto leader = server.as("chutich.vq");
    const auto entry = clerk.post("/api/file-list", R"({"year":2026,"code":"STALE-01",
        "title":"Hồ sơ sửa ở hai cửa sổ","retention":"10 năm"})");
    REQUIRE(entry.status == 201);
    const auto opened = clerk.post(
        "/api/casefiles",
        R"({"listEntryId":)" + std::to_string(entry.object()->getValue<http::Id>("id")) + "}");
    REQUIRE(opened.status == 201);
    const auto id = opened.object()->getValue<http::Id>("id");
    CHECK(opened.object()->getValue<int>("version") == 1);

    // The clerk and the leader both loaded version 1; the clerk saves first.
    const auto first = clerk.post(
        at("/api/casefiles/", id, "/describe"),
        R"({"rights":"Công khai","language":"Tiếng Việt","description":"của văn thư","version":1})");
    REQUIRE(first.status == 200);
    CHECK(first.object()->getValue<int>("version") == 2);

    const auto stale = leader.post(
        at("/api/casefiles/", id, "/describe"),
        R"({"rights":"Hạn chế","language":"Tiếng Việt","description":"của lãnh đạo","version":1})");
    const auto error = staleError(stale, 2);
    CHECK(error->getValue<std::string>("changedBy") == "Nông Thị Hoa");

    // Nothing was overwritten; from the version seen now it is saved.
    const auto now = leader.get(at("/api/casefiles/", id));
    CHECK(now.object()->getValue<std::string>("description") == "của văn thư");
    CHECK(now.object()->getValue<int>("version") == 2);
    CHECK(leader
              .post(at("/api/casefiles/", id, "/describe"),
                    R"({"rights":"Hạn chế","language":"Tiếng Việt","version":"2"})")
              .status == 400); // a version is a number
    const auto saved = leader.post(
        at("/api/casefiles/", id, "/describe"),
        R"({"rights":"Hạn chế","language":"Tiếng Việt","description":"của lãnh đạo","version":2})");
    REQUIRE(saved.status == 200);
    CHECK(saved.object()->getValue<int>("version") == 3);
    CHECK(saved.object()->getValue<std::string>("description") == "của lãnh đạo");
}

TEST_CASE("stale saves: an assignment (giao xử lý) from an older distribution is refused with 409",
          "[incoming][stale]") {
    auto& server = DocmgmtServer::shared();
    auto clerk = server.as("vanthu.nd");
    auto firstTab = server.as("chutich.nd");
    auto secondTab = server.as("chutich.nd");
    auto specialist = server.as("chuyenvien.nd");
    const auto draft =
        specialist.post("/api/documents", test::letterDraft(server.userId("chutich.nd"),
                                                            "nháp để lấy bản quét (hai cửa sổ)"));
    Poco::JSON::Object letter;
    letter.set("senderName", "SỞ XÂY DỰNG");
    letter.set("notation", "77/SXD-STALE");
    letter.set("typeCode", "CV");
    letter.set("subject", "giao xử lý ở hai cửa sổ");
    letter.set(
        "pdfBase64",
        test::base64(
            specialist.get(at("/api/documents/", draft.object()->getValue<http::Id>("id"), "/pdf"))
                .body));
    const auto entered = clerk.post("/api/incoming", test::jsonText(letter));
    REQUIRE(entered.status == 201);
    const auto id = entered.object()->getValue<http::Id>("id");
    const auto registered = clerk.post(at("/api/incoming/", id, "/register"));
    REQUIRE(registered.status == 200);
    CHECK(registered.object()->getValue<int>("assignmentVersion") == 0);

    Poco::JSON::Object first;
    first.set("assigneeId", server.userId("chuyenvien.nd"));
    first.set("deadline", "2099-06-30");
    first.set("version", 0);
    const auto assigned = firstTab.post(at("/api/incoming/", id, "/assign"), test::jsonText(first));
    REQUIRE(assigned.status == 200);
    CHECK(assigned.object()->getValue<int>("assignmentVersion") == 1);

    Poco::JSON::Object second;
    second.set("unit", "Phòng Quản lý đô thị");
    second.set("deadline", "2099-07-15");
    second.set("instructions", "Phòng chủ trì");
    second.set("version", 0); // loaded before the first assignment
    staleError(secondTab.post(at("/api/incoming/", id, "/assign"), test::jsonText(second)), 1);
    const auto now = secondTab.get(at("/api/incoming/", id));
    CHECK(now.object()->getValue<std::string>("deadline") == "2099-06-30");
    CHECK(now.object()->getValue<std::string>("assignedUnit").empty());
    CHECK(now.object()->getValue<int>("assignmentVersion") == 1);

    second.set("version", 1);
    const auto saved = secondTab.post(at("/api/incoming/", id, "/assign"), test::jsonText(second));
    REQUIRE(saved.status == 200);
    CHECK(saved.object()->getValue<int>("assignmentVersion") == 2);
    CHECK(saved.object()->getValue<std::string>("deadline") == "2099-07-15");
}
