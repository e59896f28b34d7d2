// Forms that edit shared records carry the version they were loaded at (issue 16 item 1): a case
// file's description, an incoming letter's assignment (giao xử lý), a user, an office, a unit,
// an office's signing policy, a document's added metadata, a saved search and an exchange peer
// saved from an older version are refused with 409 naming who changed it and when, as a draft's
// save is (DraftSaveTest), and nothing is overwritten. A description or an assignment sent
// without its version is a 400.
#include <catch2/catch.hpp>

#include "DocmgmtServer.hpp"
#include "TestSupport.hpp"
#include "http/PeerDirectory.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/signing/DemoPki.hpp"
#include "vanthu/signing/SigningKey.hpp"

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

/// The 400 of a save sent without the version its form was loaded at.
void versionMissing(const test::ApiResponse& response) {
    INFO(response.body);
    CHECK(response.status == 400);
    CHECK(response.object()->getObject("error")->getValue<std::string>("field") == "version");
    CHECK(response.body.find("phiên bản (version)") != std::string::npos);
}

http::Id officeOf(test::ApiClient& client) {
    return client.get("/api/me").object()->getValue<http::Id>("officeId");
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
    versionMissing(leader.post(at("/api/casefiles/", id, "/describe"),
                               R"({"rights":"Hạn chế","language":"Tiếng Việt"})"));
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

    second.remove("version");
    versionMissing(secondTab.post(at("/api/incoming/", id, "/assign"), test::jsonText(second)));
    second.set("version", 1);
    const auto saved = secondTab.post(at("/api/incoming/", id, "/assign"), test::jsonText(second));
    REQUIRE(saved.status == 200);
    CHECK(saved.object()->getValue<int>("assignmentVersion") == 2);
    CHECK(saved.object()->getValue<std::string>("deadline") == "2099-07-15");
}

TEST_CASE("stale saves: a user edited from an older version is refused with 409",
          "[admin][stale]") {
    auto& server = DocmgmtServer::shared();
    auto firstTab = server.as("quantri.vq");
    auto secondTab = server.as("quantri.vq");
    Poco::JSON::Object account;
    account.set("username", "hai.cua.so");
    account.set("fullName", "Người Hai Cửa Sổ");
    account.set("password", "mật khẩu đủ dài");
    account.set("officeId", officeOf(firstTab));
    account.set("role", "specialist");
    const auto made = firstTab.post("/api/users", test::jsonText(account));
    REQUIRE(made.status == 201);
    const auto path = at("/api/users/", made.object()->getValue<http::Id>("id"));
    CHECK(made.object()->getValue<int>("version") == 1);

    const auto first = firstTab.put(path, R"({"title":"CHUYÊN VIÊN CHÍNH","version":1})");
    REQUIRE(first.status == 200);
    CHECK(first.object()->getValue<int>("version") == 2);
    const auto error = staleError(secondTab.put(path, R"({"title":"CHUYÊN VIÊN","version":1})"), 2);
    CHECK(error->getValue<std::string>("changedBy") == "Lộc Văn Bình");
    CHECK(error->getValue<std::string>("message").find("hai.cua.so") != std::string::npos);
    const auto users = secondTab.get("/api/users").array();
    bool kept = false;
    for (std::size_t i = 0; i < users->size(); ++i) {
        const auto user = users->getObject(static_cast<unsigned>(i));
        if (user->getValue<std::string>("username") == "hai.cua.so") {
            kept = user->getValue<std::string>("title") == "CHUYÊN VIÊN CHÍNH" &&
                   user->getValue<int>("version") == 2;
        }
    }
    CHECK(kept);
    CHECK(secondTab.put(path, R"({"title":"CHUYÊN VIÊN","version":2})").status == 200);
}

TEST_CASE("stale saves: an office, a unit's rename and a signing policy from an older version "
          "are refused with 409",
          "[admin][stale]") {
    auto& server = DocmgmtServer::shared();
    auto firstTab = server.as("quantri.vq");
    auto secondTab = server.as("quantri.vq");
    const auto officeId = officeOf(firstTab);
    const auto office = at("/api/offices/", officeId);

    SECTION("the office") {
        int version = 0;
        const auto offices = firstTab.get("/api/offices").array();
        for (std::size_t i = 0; i < offices->size(); ++i) {
            const auto one = offices->getObject(static_cast<unsigned>(i));
            if (one->getValue<http::Id>("id") == officeId) {
                version = one->getValue<int>("version");
            }
        }
        REQUIRE(version >= 1);
        const auto v = std::to_string(version);
        const auto first = firstTab.put(
            office, R"({"term":"2021-2026","code":"000.00.12.H35","version":)" + v + "}");
        REQUIRE(first.status == 200);
        CHECK(first.object()->getValue<int>("version") == version + 1);
        const auto error = staleError(
            secondTab.put(office, R"({"term":"2026-2031","version":)" + v + "}"), version + 1);
        CHECK(error->getValue<std::string>("changedBy") == "Lộc Văn Bình");
        CHECK(error->getValue<std::string>("message").find("Thông tin cơ quan") !=
              std::string::npos);
        CHECK(secondTab.get(office + "/units").status == 200);
        const auto now = secondTab.get("/api/offices").array();
        for (std::size_t i = 0; i < now->size(); ++i) {
            const auto one = now->getObject(static_cast<unsigned>(i));
            if (one->getValue<http::Id>("id") == officeId) {
                CHECK(one->getValue<std::string>("term") == "2021-2026");
            }
        }
    }

    SECTION("a unit's rename") {
        const auto unit = firstTab.post(office + "/units", R"({"name":"Phòng Hai Cửa Sổ"})");
        REQUIRE(unit.status == 201);
        CHECK(unit.object()->getValue<int>("version") == 1);
        const auto path =
            office + "/units/" + std::to_string(unit.object()->getValue<http::Id>("id"));
        const auto first = firstTab.put(path, R"({"name":"Phòng Thứ Nhất","version":1})");
        REQUIRE(first.status == 200);
        CHECK(first.object()->getValue<int>("version") == 2);
        const auto error =
            staleError(secondTab.put(path, R"({"name":"Phòng Thứ Hai","version":1})"), 2);
        CHECK(error->getValue<std::string>("message").find("Phòng Thứ Nhất") != std::string::npos);
        CHECK(secondTab.get(office + "/units").body.find("Phòng Thứ Hai") == std::string::npos);
        CHECK(secondTab.put(path, R"({"name":"Phòng Thứ Hai","version":2})").status == 200);
    }

    SECTION("the signing policy") {
        const auto policy = office + "/signing-policy";
        const auto loaded = firstTab.get(policy);
        REQUIRE(loaded.status == 200);
        const int version = loaded.object()->getValue<int>("version");
        const auto body = [&](const std::string& level) {
            return R"({"signerLevel":")" + level + R"(","sealLevel":")" + level +
                   R"(","tsa":"builtin","revocation":"builtin","version":)" +
                   std::to_string(version) + "}";
        };
        const auto first = firstTab.put(policy, body("B-LT"));
        REQUIRE(first.status == 200);
        CHECK(first.object()->getValue<int>("version") == version + 1);
        const auto error = staleError(secondTab.put(policy, body("B-T")), version + 1);
        CHECK(error->getValue<std::string>("changedBy") == "Lộc Văn Bình");
        CHECK(secondTab.get(policy).object()->getValue<std::string>("signerLevel") == "B-LT");
    }
}

TEST_CASE("stale saves: a document's added metadata from an older version is refused with 409",
          "[metadata][stale]") {
    auto& server = DocmgmtServer::shared();
    auto admin = server.as("quantri.vq");
    auto firstTab = server.as("chuyenvien.vq");
    auto secondTab = server.as("chuyenvien.vq");
    const auto field =
        admin.post("/api/metadata-fields", R"({"name":"Sửa ở hai cửa sổ","type":"text"})");
    REQUIRE(field.status == 201);
    const auto draft = firstTab.post(
        "/api/documents", test::letterDraft(server.userId("phochutich.vq"), "siêu dữ liệu"));
    REQUIRE(draft.status == 201);
    const auto path = at("/api/metadata/outgoing/", draft.object()->getValue<http::Id>("id"));
    const auto loaded = secondTab.get(path);
    REQUIRE(loaded.status == 200);
    CHECK(loaded.object()->getValue<int>("version") == 0);

    const auto first = firstTab.put(
        path, R"({"names":["Sửa ở hai cửa sổ"],"values":["cửa sổ thứ nhất"],"version":0})");
    REQUIRE(first.status == 200);
    CHECK(first.object()->getValue<int>("version") == 1);
    staleError(
        secondTab.put(path,
                      R"({"names":["Sửa ở hai cửa sổ"],"values":["cửa sổ thứ hai"],"version":0})"),
        1);
    const auto now = secondTab.get(path);
    CHECK(now.body.find("cửa sổ thứ nhất") != std::string::npos);
    CHECK(now.object()->getValue<int>("version") == 1);
}

TEST_CASE("stale saves: a saved search overwritten from an older version is refused with 409",
          "[search][stale]") {
    auto& server = DocmgmtServer::shared();
    auto firstTab = server.as("chuyenvien.vq");
    auto secondTab = server.as("chuyenvien.vq");
    const auto made = firstTab.post("/api/saved-searches",
                                    R"({"name":"Hai cửa sổ","query":"q=đất","columns":"subject"})");
    REQUIRE(made.status == 201);
    CHECK(made.object()->getValue<int>("version") == 1);
    const auto path = at("/api/saved-searches/", made.object()->getValue<http::Id>("id"));
    const auto first = firstTab.put(
        path, R"({"name":"Hai cửa sổ","query":"q=rừng","columns":"subject","version":1})");
    REQUIRE(first.status == 200);
    CHECK(first.object()->getValue<int>("version") == 2);
    staleError(
        secondTab.put(path,
                      R"({"name":"Hai cửa sổ","query":"q=biển","columns":"subject","version":1})"),
        2);
    CHECK(secondTab.get(path).object()->getValue<std::string>("query") == "q=rừng");
}

TEST_CASE("stale saves: an exchange peer changed from an older version is refused, the peers "
          "file keeping the first change",
          "[exchange][peers][stale]") {
    test::TempDir dir;
    const auto file = dir / "peers.json";
    http::PeerDirectory::create(file, "party");
    const auto directory = http::PeerDirectory::load(file);
    signing::DemoPkiOptions options;
    options.ecdsa = true;
    const signing::DemoPki pki(options);
    const auto key =
        signing::Pkcs12Key::fromBytes(pki.pkcs12(pki.seal(), "seal"), options.password);
    http::PeerInput input;
    input.name = "state";
    input.url = "https://vanthu.example.vn";
    input.certificatePem = signing::toPem(key->certificate());
    CHECK(directory->add(input).version == 1);

    http::PeerInput first;
    first.name = "state";
    first.url = "https://thu-nhat.example.vn";
    first.baseVersion = 1;
    first.changedBy = "Hoàng Minh Tuấn";
    const auto changed = directory->change(first);
    CHECK(changed.version == 2);
    CHECK(changed.changedBy == "Hoàng Minh Tuấn");

    http::PeerInput second = first;
    second.url = "https://thu-hai.example.vn";
    second.changedBy = "Đặng Văn Lực";
    try {
        directory->change(second);
        FAIL("a change from version 1 was taken");
    } catch (const docmgmt::StaleVersion& e) {
        CHECK(e.currentVersion() == 2);
        CHECK(e.changedBy() == "Hoàng Minh Tuấn");
        CHECK(std::string(e.what()).find("Hoàng Minh Tuấn") != std::string::npos);
    }
    const auto reread = http::PeerDirectory::load(file)->find("state");
    REQUIRE(reread);
    CHECK(reread->baseUrl == "https://thu-nhat.example.vn");
    CHECK(reread->version == 2);
    second.baseVersion = 2;
    CHECK(directory->change(second).version == 3);
}
