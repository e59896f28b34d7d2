// Nothing a user types is lost (issue 16): a draft is saved as typed, complete or not; submit
// lists every problem at once, each naming its field in Vietnamese; a save from an older version
// is refused with 409 naming who saved the newer one and when, and nothing is overwritten.
#include <catch2/catch.hpp>

#include <set>

#include "DocmgmtServer.hpp"

using namespace vanthu;
using test::DocmgmtServer;

namespace {

std::string documentPath(http::Id id, const std::string& tail = "") {
    return "/api/documents/" + std::to_string(id) + tail;
}

Poco::JSON::Object::Ptr errorOf(const test::ApiResponse& response) {
    return response.object()->getObject("error");
}

std::set<std::string> problemFields(const Poco::JSON::Array::Ptr& problems) {
    std::set<std::string> fields;
    for (std::size_t i = 0; i < problems->size(); ++i) {
        const auto problem = problems->getObject(static_cast<unsigned>(i));
        fields.insert(problem->getValue<std::string>("field"));
        const auto message = problem->getValue<std::string>("message");
        INFO(message);
        CHECK_FALSE(message.empty());
        CHECK(message.find("is missing") == std::string::npos); // no English from templates
        CHECK(message.find("field \"") == std::string::npos);
    }
    return fields;
}

} // namespace

TEST_CASE("an unfinished draft is saved as typed and refused at submit with every problem",
          "[flow][drafts]") {
    auto& server = DocmgmtServer::shared();
    auto specialist = server.as("chuyenvien.vq");
    const auto signer = server.userId("phochutich.vq");

    // Only a body, typed before anything else is chosen.
    const std::string body = "Nội dung gõ trước khi chọn đơn vị soạn thảo và người ký.";
    auto created =
        specialist.post("/api/documents", R"({"typeCode":"CV","body":")" + body + R"("})");
    REQUIRE(created.status == 201);
    const auto id = created.object()->getValue<http::Id>("id");
    CHECK(created.object()->getValue<int>("version") == 1);
    CHECK(created.object()->getObject("draft")->getValue<std::string>("body") == body);
    const std::set<std::string> missing{"draftingUnit", "subject", "recipients", "distribution",
                                        "signerId"};
    CHECK(problemFields(created.object()->getArray("problems")) == missing);

    // It is there when the page is opened again.
    const auto reopened = specialist.get(documentPath(id));
    REQUIRE(reopened.status == 200);
    CHECK(reopened.object()->getObject("draft")->getValue<std::string>("body") == body);

    // No preview yet: the answer says what is missing, field by field.
    const auto preview = specialist.get(documentPath(id, "/pdf"));
    CHECK(preview.status == 422);
    CHECK(problemFields(errorOf(preview)->getArray("problems")) == missing);

    // Submit refuses, naming every field at once; the draft stays a draft.
    const auto refused = specialist.post(documentPath(id, "/submit"));
    REQUIRE(refused.status == 422);
    CHECK(refused.errorCode() == "invalid");
    CHECK(problemFields(errorOf(refused)->getArray("problems")) == missing);
    CHECK(missing.count(errorOf(refused)->getValue<std::string>("field")) == 1);
    CHECK(errorOf(refused)->getValue<std::string>("message").find("5 chỗ cần sửa") !=
          std::string::npos);
    CHECK(specialist.get(documentPath(id)).object()->getValue<std::string>("state") == "draft");

    // Completed, it has no problem left, a preview and can be submitted.
    const auto completed =
        specialist.put(documentPath(id), test::savedLetterDraft(signer, "V/v hoàn thiện", 1));
    REQUIRE(completed.status == 200);
    CHECK(completed.object()->getArray("problems")->size() == 0);
    CHECK(specialist.get(documentPath(id, "/pdf")).status == 200);
    CHECK(specialist.post(documentPath(id, "/submit")).status == 200);
}

TEST_CASE("a save from an older version is refused with who and when, nothing overwritten",
          "[flow][drafts]") {
    auto& server = DocmgmtServer::shared();
    auto firstTab = server.as("chuyenvien.vq");
    auto secondTab = server.as("chuyenvien.vq");
    const auto signer = server.userId("phochutich.vq");

    const auto created =
        firstTab.post("/api/documents", test::letterDraft(signer, "V/v hai cửa sổ"));
    REQUIRE(created.status == 201);
    const auto id = created.object()->getValue<http::Id>("id");

    // Both tabs opened version 1; the first saves (version 2).
    const auto first =
        firstTab.put(documentPath(id), test::savedLetterDraft(signer, "V/v bản thứ nhất", 1));
    REQUIRE(first.status == 200);
    CHECK(first.object()->getValue<int>("version") == 2);

    // The second, still on version 1, is refused and told who and when.
    const auto stale =
        secondTab.put(documentPath(id), test::savedLetterDraft(signer, "V/v bản thứ hai", 1));
    REQUIRE(stale.status == 409);
    CHECK(stale.errorCode() == "conflict");
    const auto error = errorOf(stale);
    CHECK(error->getValue<int>("currentVersion") == 2);
    CHECK(error->getValue<std::string>("field") == "version");
    const auto author = error->getValue<std::string>("changedBy");
    CHECK_FALSE(author.empty());
    const auto message = error->getValue<std::string>("message");
    INFO(message);
    CHECK(message.find(author) != std::string::npos);
    const auto changedAt = error->getValue<std::string>("changedAt"); // 2026-06-16T09:30:00+07:00
    REQUIRE(changedAt.size() >= 16);
    CHECK(message.find(changedAt.substr(11, 5) + " ngày " + changedAt.substr(8, 2) + "/" +
                       changedAt.substr(5, 2) + "/" + changedAt.substr(0, 4)) != std::string::npos);

    // Nothing was overwritten.
    const auto now = firstTab.get(documentPath(id));
    CHECK(now.object()->getValue<int>("version") == 2);
    CHECK(now.object()->getValue<std::string>("subject") == "V/v bản thứ nhất");

    // After reloading (version 2) the second tab saves.
    const auto again =
        secondTab.put(documentPath(id), test::savedLetterDraft(signer, "V/v bản thứ hai", 2));
    REQUIRE(again.status == 200);
    CHECK(again.object()->getValue<int>("version") == 3);

    // A save must say which version it started from.
    const auto unversioned = firstTab.put(documentPath(id), test::letterDraft(signer, "x"));
    CHECK(unversioned.status == 422);
    CHECK(errorOf(unversioned)->getValue<std::string>("field") == "version");
    CHECK(firstTab.get(documentPath(id)).object()->getValue<int>("version") == 3);
}
