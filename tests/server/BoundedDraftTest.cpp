// Bounded drafts over the API (issue 19, item 5): a draft of more paragraphs or recipients than
// a draft may have is refused with a 422 naming the field and the limit in Vietnamese, and
// nothing is stored. (A draft of 1,000,000 paragraphs, larger than this test server's body
// limit, is tried on a `vanthu serve` process: ProcessKillTest.cpp.)
#include <catch2/catch.hpp>

#include "DocmgmtServer.hpp"
#include "TestSupport.hpp"

using namespace vanthu;
using test::ApiClient;
using test::DocmgmtServer;

namespace {

std::string draftWithBody(http::Id signer, const std::string& body) {
    test::ApiResponse draft;
    draft.body = test::letterDraft(signer, "V/v dự thảo dài");
    auto object = draft.object();
    object->set("body", body);
    return test::jsonText(object);
}

std::string repeated(const std::string& text, std::size_t count) {
    std::string out;
    out.reserve(text.size() * count);
    for (std::size_t i = 0; i < count; ++i) {
        out += text;
    }
    return out;
}

std::string errorOf(const test::ApiResponse& response, const std::string& key) {
    const auto error = response.object()->getObject("error");
    return error->has(key) ? error->getValue<std::string>(key) : std::string();
}

} // namespace

TEST_CASE("a draft over a draft's limits (paragraphs, recipients) is refused naming the limit",
          "[hostile][limits]") {
    auto& server = DocmgmtServer::shared();
    auto author = server.as("chuyenvien.vq");
    const auto signer = server.userId("phochutich.vq");
    const auto before = author.get("/api/documents").array()->size();

    const auto paragraphs =
        author.post("/api/documents", draftWithBody(signer, repeated("Đoạn.\n\n", 5'001)));
    CHECK(paragraphs.status == 422);
    CHECK(errorOf(paragraphs, "field") == "body");
    CHECK(errorOf(paragraphs, "message") == "Dự thảo có 5.001 đoạn, vượt giới hạn 5.000 đoạn.");

    test::ApiResponse draft;
    draft.body = test::letterDraft(signer, "V/v quá nhiều nơi nhận");
    auto object = draft.object();
    Poco::JSON::Array recipients;
    for (int i = 0; i < 101; ++i) {
        recipients.add("UBND xã số " + std::to_string(i));
    }
    object->set("recipients", recipients);
    const auto many = author.post("/api/documents", test::jsonText(object));
    CHECK(many.status == 422);
    CHECK(errorOf(many, "field") == "recipients");
    CHECK(errorOf(many, "message").find("vượt giới hạn 100") != std::string::npos);

    CHECK(author.get("/api/documents").array()->size() == before);
}
