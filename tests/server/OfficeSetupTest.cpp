// A real office starts from nothing with the built binary: vanthu init, vanthu admin office add,
// vanthu admin user add, vanthu serve --config, a sign-in over HTTP; the session survives a
// restart of the server and ends at a password reset (issue 13).
#include "TestPaths.hpp"
#include <signal.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <iterator>
#include <optional>
#include <thread>

#include "ApiClient.hpp"
#include "DocmgmtServer.hpp"
#include "ServerProcess.hpp"
#include "TestSupport.hpp"

using namespace vanthu;
using test::ApiClient;

namespace {

/// The built vanthu with a line on its standard input (a new password).
test::ProcessResult runWith(const std::vector<std::string>& args, const std::string& input = "") {
    std::vector<std::string> argv{VANTHU_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    return test::run(argv, input);
}

/// `vanthu init` of UBND tỉnh Nghệ An (000.00.00.H41) in DIR/data, on the tests' engine; the
/// data folder.
std::string initProvince(const test::TempDir& dir) {
    const auto data = (dir / "data").string();
    REQUIRE(runWith(test::withDatabase({"init", "--data", data, "--office-code", "000.00.00.H41",
                                        "--office-name", "UBND TỈNH NGHỆ AN", "--issuer-code",
                                        "UBND", "--place", "Nghệ An", "--admin", "quantri"},
                                       test::freshTestDatabase()),
                    "mật khẩu quản trị\n")
                .exitCode == 0);
    return data;
}

std::size_t lineCount(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

} // namespace

TEST_CASE("vanthu init: an empty installation with its administrator, checked input",
          "[setup][cli]") {
    test::TempDir dir;
    const auto data = (dir / "data").string();
    const auto database = test::freshTestDatabase();
    const auto init = test::withDatabase({"init", "--data", data, "--office-code", "000.00.00.H41",
                                          "--office-name", "UBND TỈNH NGHỆ AN", "--issuer-code",
                                          "UBND", "--place", "Nghệ An", "--admin", "quantri"},
                                         database);

    const auto noPassword = runWith(init, "");
    CHECK(noPassword.exitCode == 2);
    CHECK(lineCount(noPassword.err) == 1);
    CHECK(noPassword.err.find("chưa có mật khẩu") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "data"));

    auto badCode = init;
    badCode[4] = "H41.000";
    const auto refused = runWith(badCode, "mật khẩu dài\n");
    CHECK(refused.exitCode == 2);
    CHECK(lineCount(refused.err) == 1);
    CHECK(refused.err.find("Quyết định 20/2020/QĐ-TTg") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "data"));

    const auto shortPassword = runWith(init, "ngắn\n");
    CHECK(shortPassword.exitCode == 2);
    CHECK(shortPassword.err.find("ít nhất 8") != std::string::npos);

    const auto made = runWith(init, "mật khẩu quản trị\n");
    INFO(made.err);
    REQUIRE(made.exitCode == 0);
    CHECK(made.out.find("000.00.00.H41") != std::string::npos);
    if (database) {
        // On PostgreSQL the folder names its database for every later verb, and holds no SQLite
        // file.
        CHECK(test::readFile(dir / "data" / "database") == *database + "\n");
        CHECK_FALSE(std::filesystem::exists(dir / "data" / "vanthu.db"));
    } else {
        CHECK(std::filesystem::exists(dir / "data" / "vanthu.db"));
    }
    // No demo keys: DIR/pki holds only the key that seals passwords and PINs, made at init so
    // that the database records its fingerprint (further servers must copy it).
    const auto pki = dir / "data" / "pki";
    CHECK(std::filesystem::exists(pki / "secret.key"));
    CHECK(std::distance(std::filesystem::directory_iterator(pki),
                        std::filesystem::directory_iterator()) == 1);

    const auto again = runWith(init, "mật khẩu quản trị\n");
    CHECK(again.exitCode == 2);
    CHECK(again.err.find("không trống") != std::string::npos);

    const auto users = runWith({"admin", "user", "list", "--data", data});
    CHECK(users.exitCode == 0);
    CHECK(users.out.find("quantri\tquantri\tadministrator\t000.00.00.H41") == 0);
    CHECK(lineCount(users.out) == 1);
    CHECK(runWith({"audit", "verify", "--data", data}).out == "audit trail intact: 2 entries\n");

    // The other verbs never make an installation where there is none.
    const auto nothing = runWith({"admin", "office", "list", "--data", (dir / "none").string()});
    CHECK(nothing.exitCode == 2);
    CHECK(nothing.err.find("vanthu init") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "none"));
    const auto serveNothing =
        runWith(test::withDatabase({"serve", "--data", (dir / "none").string()}, database));
    CHECK(serveNothing.exitCode == 2);
}

TEST_CASE("vanthu admin, then serve --config: sign in, restart, reset password", "[setup][cli]") {
    test::TempDir dir;
    const auto data = (dir / "data").string();
    const auto database = test::freshTestDatabase();
    REQUIRE(runWith(test::withDatabase({"init", "--data", data, "--office-code", "000.00.00.H41",
                                        "--office-name", "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN",
                                        "--issuer-code", "UBND", "--place", "Nghệ An", "--admin",
                                        "quantri"},
                                       database),
                    "mật khẩu quản trị\n")
                .exitCode == 0);
    const auto admin = [&](std::vector<std::string> args, const std::string& input = "") {
        args.insert(args.begin(), "admin");
        args.push_back("--data");
        args.push_back(data);
        return runWith(args, input);
    };

    const auto office =
        admin({"office", "add", "--code", "000.00.12.H41", "--name", "ỦY BAN NHÂN DÂN XÃ NGHI LONG",
               "--issuer-code", "UBND", "--place", "Nghi Long", "--parent", "000.00.00.H41"});
    INFO(office.err);
    REQUIRE(office.exitCode == 0);
    const auto badOffice = admin({"office", "add", "--code", "000.00.12.H4", "--name", "X",
                                  "--issuer-code", "X", "--place", "X"});
    CHECK(badOffice.exitCode == 2);
    CHECK(lineCount(badOffice.err) == 1);
    CHECK(badOffice.err.find("Mã định danh") != std::string::npos);
    const auto taken = admin({"office", "add", "--code", "000.00.12.H41", "--name", "X",
                              "--issuer-code", "X", "--place", "X"});
    CHECK(taken.exitCode == 1);

    // The office's units: a user's --unit is one of them.
    const auto unitAdd = [&](const std::string& name) {
        return admin({"unit", "add", "--office", "000.00.12.H41", "--name", name});
    };
    REQUIRE(unitAdd("Văn phòng").exitCode == 0);
    REQUIRE(unitAdd("Phòng Kinh tế").exitCode == 0);
    CHECK(unitAdd("Văn phòng").exitCode == 1); // taken
    CHECK(admin({"unit", "rename", "--office", "000.00.12.H41", "--name", "Phòng Kinh tế",
                 "--new-name", "Phòng Kinh tế - Hạ tầng"})
              .exitCode == 0);
    CHECK(admin({"unit", "list", "--office", "000.00.12.H41"}).out ==
          "Văn phòng\nPhòng Kinh tế - Hạ tầng\n");
    CHECK(admin({"unit", "remove", "--office", "000.00.12.H41", "--name", "Phòng Kinh tế"})
              .exitCode == 1); // no such unit any more
    CHECK(
        admin({"unit", "remove", "--office", "000.00.12.H41", "--name", "Phòng Kinh tế - Hạ tầng"})
            .exitCode == 0);
    const auto noSuchUnit =
        admin({"user", "add", "--office", "000.00.12.H41", "--username", "x.unit", "--full-name",
               "X", "--role", "clerk", "--unit", "Phòng Không Có"},
              "mật khẩu văn thư\n");
    CHECK(noSuchUnit.exitCode == 2);
    CHECK(noSuchUnit.err.find("Phòng Không Có") != std::string::npos);
    const auto user =
        admin({"user", "add", "--office", "000.00.12.H41", "--username", "vanthu.nl", "--full-name",
               "Nguyễn Thị Lan", "--role", "clerk", "--title", "VĂN THƯ", "--unit", "Văn phòng"},
              "mật khẩu văn thư\n");
    INFO(user.err);
    REQUIRE(user.exitCode == 0);
    CHECK(admin({"user", "add", "--office", "000.00.12.H41", "--username", "vanthu.nl",
                 "--full-name", "X", "--role", "clerk"},
                "mật khẩu văn thư\n")
              .exitCode == 1);
    CHECK(admin({"user", "add", "--office", "000.00.12.H41", "--username", "x.y", "--full-name",
                 "X", "--role", "boss"},
                "mật khẩu văn thư\n")
              .exitCode == 2);

    const auto config = dir / "vanthu.properties";
    // The database as an office's config file names it (on PostgreSQL).
    test::writeFile(config, "# vanthu serve's options\n"
                            "data = " +
                                data +
                                "\n"
                                "listen = 127.0.0.1:0\n"
                                "no-ocr = true\n"
                                "threads = 4\n" +
                                (database ? "database = " + *database + "\n" : ""));
    std::string token;
    {
        test::ServerProcess server({"--config", config.string()});
        ApiClient client(server.port());
        const auto me = client.signIn("vanthu.nl", "mật khẩu văn thư");
        CHECK(me->getValue<std::string>("unit") == "Văn phòng");
        CHECK(me->getValue<bool>("mustChangePassword") == false);
        token = client.token();
        const auto offices = client.get("/api/offices").array();
        CHECK(offices->size() == 2);
        server.signal(SIGTERM);
        CHECK(server.wait() == 0);
    }
    // A flag beats the file: a bad --listen on the command line is what counts.
    CHECK(runWith({"serve", "--config", config.string(), "--listen", "nowhere"}).exitCode == 2);
    test::writeFile(dir / "bad.properties", "data = " + data + "\nport = 80\n");
    const auto badConfig = runWith({"serve", "--config", (dir / "bad.properties").string()});
    CHECK(badConfig.exitCode == 2);
    CHECK(badConfig.err.find("\"port\"") != std::string::npos);

    test::ServerProcess restarted({"--config", config.string()});
    ApiClient client(restarted.port());
    ApiClient old(restarted.port());
    old.signIn("quantri", "mật khẩu quản trị");
    // The clerk's session from before the restart still works.
    {
        ApiClient same(restarted.port());
        same.setHeader("Authorization", "Bearer " + token);
        const auto me = same.get("/api/me");
        CHECK(me.status == 200);
        CHECK(me.object()->getValue<std::string>("username") == "vanthu.nl");
    }
    // A reset by the administrator ends it; the new password must be changed.
    REQUIRE(admin({"user", "reset-password", "--username", "vanthu.nl"}, "mật khẩu tạm thời\n")
                .exitCode == 0);
    {
        ApiClient same(restarted.port());
        same.setHeader("Authorization", "Bearer " + token);
        CHECK(same.get("/api/me").status == 401);
    }
    const auto me = client.signIn("vanthu.nl", "mật khẩu tạm thời");
    CHECK(me->getValue<bool>("mustChangePassword"));
    // Until the change, the server itself refuses the user's work, not only the web UI.
    const auto beforeChange = client.get("/api/documents");
    CHECK(beforeChange.status == 403);
    CHECK(beforeChange.body.find("password-change-required") != std::string::npos);
    CHECK(client.get("/api/me").status == 200);
    const auto wrong = client.post(
        "/api/me/password", R"({"currentPassword":"sai","newPassword":"mật khẩu mới của tôi"})");
    CHECK(wrong.status == 422);
    const auto changed = client.post(
        "/api/me/password",
        R"({"currentPassword":"mật khẩu tạm thời","newPassword":"mật khẩu mới của tôi"})");
    CHECK(changed.status == 200);
    CHECK(client.get("/api/me").status == 401); // every session of the user ended
    CHECK(
        client.signIn("vanthu.nl", "mật khẩu mới của tôi")->getValue<bool>("mustChangePassword") ==
        false);
    CHECK(client.get("/api/documents").status == 200);
    // A role change ends the sessions too; deactivation refuses sign-in.
    REQUIRE(admin({"user", "edit", "--username", "vanthu.nl", "--role", "specialist"}).exitCode ==
            0);
    CHECK(client.get("/api/me").status == 401);
    REQUIRE(admin({"user", "deactivate", "--username", "vanthu.nl"}).exitCode == 0);
    CHECK(client.trySignIn("vanthu.nl", "mật khẩu mới của tôi").status == 401);
    CHECK(old.get("/api/me").status == 200); // other users stay signed in

    const auto dissolve = admin({"office", "dissolve", "--code", "000.00.12.H41", "--date",
                                 "2025-07-01", "--successor", "000.00.00.H41"});
    CHECK(dissolve.exitCode == 0);
    const auto list = admin({"office", "list"});
    CHECK(list.out.find("000.00.12.H41\tỦY BAN NHÂN DÂN XÃ NGHI LONG\tstate\tUBND\tNghi "
                        "Long\ttrực thuộc 000.00.00.H41\tgiải thể 2025-07-01, kế thừa: "
                        "000.00.00.H41") != std::string::npos);
    const auto audit = runWith({"audit", "verify", "--data", data});
    CHECK(audit.exitCode == 0);
    restarted.signal(SIGTERM);
    CHECK(restarted.wait() == 0);
}

TEST_CASE("vanthu serve --setup: the first-run API makes the first office and administrator once, "
          "with the printed code",
          "[setup][firstrun]") {
    test::TempDir dir;
    const auto data = dir / "data";
    const auto database = test::freshTestDatabase();
    // A folder with other files is never taken for a new installation.
    std::filesystem::create_directories(dir / "used");
    test::writeFile(dir / "used" / "notes.txt", "x");
    const auto used = runWith(
        test::withDatabase({"serve", "--setup", "--data", (dir / "used").string()}, database));
    CHECK(used.exitCode != 0);
    CHECK(used.err.find("không phải thư mục dữ liệu vanthu") != std::string::npos);
    CHECK(runWith(
              test::withDatabase({"serve", "--setup", "--demo", "--data", data.string()}, database))
              .exitCode == 2);

    std::optional<test::ServerProcess> server;
    server.emplace(data, test::withDatabase({"--setup", "--no-ocr"}, database));
    const auto& output = server->output();
    const auto at = output.find("mã cài đặt: ");
    REQUIRE(at != std::string::npos);
    const std::string code =
        output.substr(at + std::string("mã cài đặt: ").size(), 12); // generatePassword(12)
    ApiClient client(server->port());
    CHECK(client.get("/api/setup").body == R"({"awaitsSetup":true})");
    // Nothing else works yet: no one can sign in.
    CHECK(client.trySignIn("quantri", "mật khẩu quản trị").status == 401);
    const auto body = [](const std::string& setupCode, const std::string& officeCode) {
        return R"({"setupCode":")" + setupCode + R"(","code":")" + officeCode +
               R"(","name":"ỦY BAN NHÂN DÂN TỈNH NGHỆ AN","issuerCode":"UBND","place":"Nghệ An",)"
               R"("username":"quantri","fullName":"Trần Quản Trị","password":"mật khẩu quản trị"})";
    };
    const auto badOffice = client.post("/api/setup", body(code, "000.00.H41"));
    CHECK(badOffice.status == 422);
    CHECK(badOffice.body.find("Mã định danh") != std::string::npos);
    const auto wrongCode = client.post("/api/setup", body("SAIMA", "000.00.00.H41"));
    CHECK(wrongCode.status == 403);
    CHECK(wrongCode.body.find("Mã cài đặt không đúng") != std::string::npos);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500)); // the throttle's first wait
    const auto made = client.post("/api/setup", body(code, "000.00.00.H41"));
    INFO(made.body);
    REQUIRE(made.status == 201);
    CHECK(made.object()->getObject("user")->getValue<std::string>("role") == "administrator");
    CHECK(client.get("/api/setup").body == R"({"awaitsSetup":false})");
    CHECK(client.post("/api/setup", body(code, "000.00.00.H41")).status == 409);
    CHECK(client.signIn("quantri", "mật khẩu quản trị")->getValue<std::string>("fullName") ==
          "Trần Quản Trị");
    server.reset();
    // The trail holds the office, the administrator and the two sign-ins; a restart with
    // --setup changes nothing.
    const auto audit = runWith({"audit", "verify", "--data", data.string()});
    CHECK(audit.out == "audit trail intact: 4 entries\n");
    server.emplace(data, test::withDatabase({"--setup", "--no-ocr"}, database));
    CHECK(server->output().find("mã cài đặt") == std::string::npos);
    ApiClient later(server->port());
    CHECK(later.get("/api/setup").body == R"({"awaitsSetup":false})");
}

TEST_CASE("vanthu admin office policy: shows the default, sets a level, refuses B-T without a TSA, "
          "warns below B-T",
          "[setup][cli][policy]") {
    test::TempDir dir;
    const auto data = initProvince(dir);
    const std::vector<std::string> policy = {"admin", "office", "policy",       "--data",
                                             data,    "--code", "000.00.00.H41"};
    // No time-stamp authority of its own: B-B by default, with the warnings.
    const auto shown = runWith(policy);
    INFO(shown.out << shown.err);
    CHECK(shown.exitCode == 0);
    CHECK(shown.out.find("chữ ký lãnh đạo\tB-B") != std::string::npos);
    CHECK(shown.out.find("(mặc định của máy chủ)") != std::string::npos);
    CHECK(shown.out.find("cảnh báo: Mức B-B") != std::string::npos);

    auto higher = policy;
    higher.insert(higher.end(), {"--signer-level", "B-T"});
    const auto refused = runWith(higher);
    CHECK(refused.exitCode == 2);
    CHECK(refused.err.find("cần dịch vụ cấp dấu thời gian") != std::string::npos);

    auto outside = policy;
    outside.insert(outside.end(),
                   {"--signer-level", "B-LTA", "--seal-level", "B-LTA", "--tsa", "url", "--tsa-url",
                    "http://tsa.example.vn/tsa", "--revocation", "responders"});
    const auto saved = runWith(outside);
    INFO(saved.out << saved.err);
    CHECK(saved.exitCode == 0);
    CHECK(saved.out.find("đã lưu chính sách ký của 000.00.00.H41") != std::string::npos);
    CHECK(saved.out.find("TSA\thttp://tsa.example.vn/tsa") != std::string::npos);
    CHECK(saved.out.find("cảnh báo") == std::string::npos);
    const auto again = runWith(policy);
    CHECK(again.out.find("con dấu\tB-LTA") != std::string::npos);
    CHECK(again.out.find("(mặc định của máy chủ)") == std::string::npos);
}

TEST_CASE("vanthu admin secret-key replace: a lost key replaced only when confirmed, the secrets "
          "sealed under it forgotten, the installation open again",
          "[setup][cli][secret]") {
    test::TempDir dir;
    const auto data = initProvince(dir);
    const std::vector<std::string> policy = {"admin", "office", "policy",       "--data",
                                             data,    "--code", "000.00.00.H41"};
    test::writeFile(dir / "tsa-password", "mật khẩu TSA\n");
    auto withTsa = policy;
    withTsa.insert(withTsa.end(), {"--signer-level", "B-T", "--tsa", "url", "--tsa-url",
                                   "http://tsa.example.vn/tsa", "--tsa-user", "vanthu",
                                   "--tsa-password-file", (dir / "tsa-password").string()});
    const auto saved = runWith(withTsa);
    INFO(saved.out << saved.err);
    REQUIRE(saved.exitCode == 0);
    REQUIRE(saved.out.find("(có mật khẩu)") != std::string::npos);

    const auto key = dir / "data" / "pki" / "secret.key";
    const auto oldKey = test::readFile(key);
    std::filesystem::remove(key); // the only copy lost
    const auto refused = runWith(policy);
    CHECK(refused.exitCode != 0);
    CHECK(refused.err.find("Thiếu tệp") != std::string::npos);
    CHECK(refused.err.find("vanthu admin secret-key replace --data " + data) != std::string::npos);

    const std::vector<std::string> replace = {"admin", "secret-key", "replace", "--data", data};
    const auto unconfirmed = runWith(replace);
    CHECK(unconfirmed.exitCode == 2);
    CHECK(lineCount(unconfirmed.err) == 1);
    CHECK(unconfirmed.err.find("--confirm") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(key));

    auto confirmed = replace;
    confirmed.push_back("--confirm");
    const auto replaced = runWith(confirmed);
    INFO(replaced.out << replaced.err);
    REQUIRE(replaced.exitCode == 0);
    CHECK(replaced.out.find("đã tạo khóa niêm phong mới") != std::string::npos);
    CHECK(replaced.out.find("mật khẩu máy chủ cấp dấu thời gian đã gỡ") != std::string::npos);
    CHECK(replaced.out.find("tệp khóa cũ") == std::string::npos); // there was none
    REQUIRE(std::filesystem::exists(key));
    CHECK(test::readFile(key) != oldKey);

    // The installation opens again; the TSA password sealed under the lost key is gone.
    const auto shown = runWith(policy);
    INFO(shown.out << shown.err);
    CHECK(shown.exitCode == 0);
    CHECK(shown.out.find("TSA\thttp://tsa.example.vn/tsa") != std::string::npos);
    CHECK(shown.out.find("(có mật khẩu)") == std::string::npos);
    const auto audit = runWith({"audit", "verify", "--data", data});
    CHECK(audit.exitCode == 0);

    // Another server's copy of the old key, put back by mistake: refused, and a second
    // replacement keeps that file beside the new key.
    test::writeFile(key, oldKey);
    CHECK(runWith(policy).exitCode != 0);
    const auto again = runWith(confirmed);
    INFO(again.out << again.err);
    CHECK(again.exitCode == 0);
    CHECK(again.out.find("tệp khóa cũ giữ lại ở " + key.string() + ".replaced-") !=
          std::string::npos);
    CHECK(runWith(policy).exitCode == 0);
}
