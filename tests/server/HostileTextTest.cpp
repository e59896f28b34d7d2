// Hostile text at the API boundary (issue 19, "Data and text"): every text field is valid UTF-8
// in NFC without control characters (tab and newline only where a field has several lines),
// lone surrogates or direction overrides; a field an endpoint does not know and a number that
// is not an integer are refused naming the field; the audit chain stays valid throughout.
#include <catch2/catch.hpp>

#include "DocmgmtServer.hpp"
#include "TestSupport.hpp"

using namespace vanthu;
using test::ApiClient;
using test::DocmgmtServer;

namespace {

/// The letter draft with `"field": <raw JSON>` in place of (or added to) its field.
std::string draftWith(http::Id signer, const std::string& field, const std::string& rawJson) {
    test::ApiResponse draft;
    draft.body = test::letterDraft(signer, "V/v báo cáo");
    auto object = draft.object();
    object->remove(field);
    std::string text = test::jsonText(object);
    text.pop_back(); // the closing brace
    return text + ",\"" + field + "\":" + rawJson + "}";
}

std::string errorField(const test::ApiResponse& response) {
    const auto error = response.object()->getObject("error");
    return error->has("field") ? error->getValue<std::string>("field") : std::string();
}

std::string errorMessage(const test::ApiResponse& response) {
    return response.object()->getObject("error")->getValue<std::string>("message");
}

} // namespace

TEST_CASE("hostile text in a draft is refused naming the field, the audit chain stays valid",
          "[hostile]") {
    auto& server = DocmgmtServer::shared();
    auto specialist = server.as("chuyenvien.vq");
    const auto signer = server.userId("phochutich.vq");

    struct Case {
        const char* what;
        std::string field, json;
    };
    const Case cases[] = {
        {"a NUL", "subject", R"("V/v báo cáo\u0000 phần bị cắt")"},
        {"a lone surrogate", "subject", R"("V/v báo cáo \ud800")"},
        {"a right-to-left override", "subject", "\"V/v \u202Eoác oáb\""},
        {"an isolate", "subject", "\"V/v \u2067báo cáo\u2069\""},
        {"a line break in a one-line field", "subject", R"("V/v báo cáo\nđộ mật")"},
        {"a C1 control", "subject", R"("V/v báo cáo\u0085")"},
        {"invalid UTF-8", "subject", "\"V/v b\xC3\x28o\""},
        {"a NUL in the body", "body", R"("Đoạn một.\u0000Đoạn hai.")"},
        {"a list item with a NUL", "recipients", R"(["Ủy ban nhân dân\u0000"])"},
        {"too long a subject", "subject", "\"" + std::string(1001, 'a') + "\""},
        {"a fractional signer", "signerId", "11.5"},
        {"a signer as text", "signerId", R"("11")"},
        {"a field drafts do not have", "attachments", R"([{"name":"a.pdf"}])"},
    };
    for (const auto& c : cases) {
        INFO(c.what);
        const auto created = specialist.post("/api/documents", draftWith(signer, c.field, c.json));
        CHECK(created.status == 400);
        CHECK(created.errorCode() == "bad-request");
        CHECK(errorField(created) == c.field);
        CHECK(errorMessage(created).find("Trường \"" + c.field + "\"") == 0);
    }
    // The same rules on another endpoint (one check for every handler).
    auto chair = server.as("chutich.vq");
    const auto letter = specialist.post("/api/documents", test::letterDraft(signer, "V/v thử"));
    REQUIRE(letter.status == 201);
    const auto id = std::to_string(letter.object()->getValue<http::Id>("id"));
    REQUIRE(specialist.post("/api/documents/" + id + "/submit").status == 200);
    const auto returned =
        chair.post("/api/documents/" + id + "/return", R"({"comment":"Sửa\u202E lại"})");
    CHECK(returned.status == 400);
    CHECK(errorField(returned) == "comment");
    const auto unknown =
        chair.post("/api/documents/" + id + "/return", R"({"comment":"Sửa lại.","urgent":true})");
    CHECK(unknown.status == 400);
    CHECK(errorField(unknown) == "urgent");
    // Several lines where the field allows them; CR LF kept as LF.
    const auto lines = chair.post("/api/documents/" + id + "/return",
                                  R"({"comment":"Sửa lại:\r\n\t- thời hạn."})");
    CHECK(lines.status == 200);

    const auto audit = test::runVanthu({"audit", "verify", "--data", server.dataDir().string()});
    CHECK(audit.exitCode == 0);
}

TEST_CASE("a decomposed (NFD) subject is stored in NFC", "[hostile]") {
    auto& server = DocmgmtServer::shared();
    auto specialist = server.as("chuyenvien.vq");
    const auto signer = server.userId("phochutich.vq");
    const std::string nfd = "V/v ba\xCC\x81o ca\xCC\x81o ke\xCC\x82\xCC\x81 hoa\xCC\xA3"
                            "ch"; // b a ◌́ o …: "báo cáo kế hoạch" decomposed
    const std::string nfc = "V/v báo cáo kế hoạch";
    REQUIRE(nfd != nfc);
    const auto created = specialist.post("/api/documents", test::letterDraft(signer, nfd));
    REQUIRE(created.status == 201);
    CHECK(created.object()->getObject("draft")->getValue<std::string>("subject") == nfc);
    const auto id = std::to_string(created.object()->getValue<http::Id>("id"));
    const auto read = specialist.get("/api/documents/" + id);
    CHECK(read.object()->getObject("draft")->getValue<std::string>("subject") == nfc);
}

TEST_CASE("user names are lower-case, of a fixed alphabet and length, unique whatever the case",
          "[hostile]") {
    auto& server = DocmgmtServer::shared();
    auto admin = server.as("quantri.vq");
    const auto office = admin.get("/api/me").object()->getValue<http::Id>("officeId");
    const auto newUser = [&](const std::string& usernameJson) {
        return admin.post("/api/users", "{\"username\":" + usernameJson +
                                            ",\"fullName\":\"Nguyễn Văn Thử\",\"password\":"
                                            "\"mat-khau-du-dai\",\"role\":\"clerk\",\"officeId\":" +
                                            std::to_string(office) + "}");
    };
    const auto created = newUser(R"("Thu.Nghiem_01")");
    REQUIRE(created.status == 201);
    CHECK(created.object()->getValue<std::string>("username") == "thu.nghiem_01");
    CHECK(newUser(R"("THU.NGHIEM_01")").status == 409); // differs only in case
    CHECK(newUser(R"("thu.nghiem_01")").status == 409);
    for (const std::string bad : {R"("ab")", R"("thử")", R"("thu nghiem")", R"("thu/nghiem")"}) {
        INFO(bad);
        const auto refused = newUser(bad);
        CHECK(refused.status == 422);
        CHECK(errorField(refused) == "username");
    }
    for (const std::string& bad :
         {std::string(R"("thu\r\nnghiem")"), "\"" + std::string(10000, 'a') + "\""}) {
        const auto refused = newUser(bad);
        CHECK(refused.status == 400);
        CHECK(errorField(refused) == "username");
    }
    // A sign-in finds the name whatever the case it is typed in.
    ApiClient client(server.port());
    CHECK(client.trySignIn("Thu.Nghiem_01", "mat-khau-du-dai").status == 200);
    // Numbers where integers are meant.
    CHECK(errorField(admin.post("/api/users", R"({"username":"thu.nghiem_02","fullName":"A",
        "password":"mat-khau-du-dai","role":"clerk","officeId":1.5})")) == "officeId");
}

TEST_CASE("a scan that is no PDF document is refused with a Vietnamese 4xx", "[hostile]") {
    auto& server = DocmgmtServer::shared();
    auto clerk = server.as("vanthu.vq");
    const auto paper = [&](const std::string& pdf) {
        return clerk.post("/api/incoming",
                          R"({"senderName":"SỞ NỘI VỤ","notation":"1/SNV","subject":"Quét hỏng",)"
                          R"("pdfBase64":")" +
                              test::base64(pdf) + "\"}");
    };
    const auto refused = paper("%PDF-1.7\n");
    CHECK(refused.status == 422);
    CHECK(errorField(refused) == "pdf");
    CHECK(errorMessage(refused).find("không dùng được") != std::string::npos);
    CHECK(paper("%PDF-1.7\n%%EOF\n" + std::string(1000, 'x')).status == 422);
}
