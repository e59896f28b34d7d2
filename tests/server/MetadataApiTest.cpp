// Metadata fields an office adds (NĐ 30 Phụ lục VI III.7c) over HTTP, as the office page and
// the editor of the web UI call them: the administrator defines them, the author fills them on a
// draft, a draft without a required field is not submitted, who may read and change values, and
// refusals in Vietnamese naming the field. A server of its own: the required field must not reach
// the drafts of the other tests.
#include <catch2/catch.hpp>

#include "DocmgmtServer.hpp"

using namespace vanthu;
using test::DocmgmtServer;

namespace {

std::string valuesBody(const std::vector<std::pair<std::string, std::string>>& values) {
    Poco::JSON::Object body;
    Poco::JSON::Array names, texts;
    for (const auto& [name, value] : values) {
        names.add(name);
        texts.add(value);
    }
    body.set("names", names);
    body.set("values", texts);
    return test::jsonText(body);
}

} // namespace

TEST_CASE("Metadata fields through the API: defined by the administrator, filled on a draft, "
          "required before submitting, changed only by who may",
          "[api][metadata]") {
    DocmgmtServer server;
    auto admin = server.as("quantri.vq");
    auto author = server.as("chuyenvien.vq");
    auto leader = server.as("phochutich.vq");
    auto clerk = server.as("vanthu.vq");
    auto outsider = server.as("vanthu.bl");

    Poco::JSON::Object field;
    field.set("name", "Lĩnh vực");
    field.set("type", "list");
    field.set("required", true);
    Poco::JSON::Array options;
    options.add("Đất đai");
    options.add("Y tế");
    field.set("options", options);
    CHECK(clerk.post("/api/metadata-fields", test::jsonText(field)).status == 403);
    const auto made = admin.post("/api/metadata-fields", test::jsonText(field));
    REQUIRE(made.status == 201);
    CHECK(made.object()->getValue<std::string>("type") == "list");
    CHECK(admin.post("/api/metadata-fields", test::jsonText(field)).status == 409);
    field.set("name", "Màu");
    field.set("type", "colour");
    const auto badType = admin.post("/api/metadata-fields", test::jsonText(field));
    CHECK(badType.status == 422);
    CHECK(badType.body.find("\"field\":\"type\"") != std::string::npos);

    const auto listed = author.get("/api/metadata-fields");
    REQUIRE(listed.status == 200);
    CHECK(listed.body.find("Lĩnh vực") != std::string::npos);
    CHECK(outsider.get("/api/metadata-fields").body == "[]"); // another office's own list

    const auto draft = author.post(
        "/api/documents", test::letterDraft(server.userId("phochutich.vq"), "V/v siêu dữ liệu"));
    REQUIRE(draft.status == 201);
    const auto id = draft.object()->getValue<http::Id>("id");
    const std::string path = "/api/metadata/outgoing/" + std::to_string(id);

    // a required field keeps the draft from being submitted
    const auto early = author.post("/api/documents/" + std::to_string(id) + "/submit");
    CHECK(early.status == 422);
    CHECK(early.body.find("Lĩnh vực") != std::string::npos);

    const auto wrong = author.put(path, valuesBody({{"Lĩnh vực", "Giáo dục"}}));
    CHECK(wrong.status == 422);
    CHECK(wrong.body.find("Lĩnh vực") != std::string::npos);
    CHECK(author.put(path, valuesBody({{"Không có", "x"}})).status == 422);
    CHECK(leader.put(path, valuesBody({{"Lĩnh vực", "Y tế"}})).status == 404); // a draft is its
                                                                               // author's
    CHECK(outsider.get(path).status == 404);
    const auto saved = author.put(path, valuesBody({{"Lĩnh vực", "Y tế"}}));
    REQUIRE(saved.status == 200);
    CHECK(saved.body.find("\"value\":\"Y tế\"") != std::string::npos);
    CHECK(author.get(path).body == saved.body);

    CHECK(author.post("/api/documents/" + std::to_string(id) + "/submit").status == 200);
    // once submitted the author no longer changes them, nor does the leader who reads them
    CHECK(author.put(path, valuesBody({{"Lĩnh vực", "Đất đai"}})).status == 403);
    CHECK(leader.get(path).body.find("Y tế") != std::string::npos);
    CHECK(leader.put(path, valuesBody({{"Lĩnh vực", "Đất đai"}})).status == 403);
    CHECK(clerk.get(path).status == 404); // the clerk sees letters once signed

    // a field with values stays
    const auto fieldId = made.object()->getValue<http::Id>("id");
    CHECK(admin.request("DELETE", "/api/metadata-fields/" + std::to_string(fieldId)).status == 409);
}
