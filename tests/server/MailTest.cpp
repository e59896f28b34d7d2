// Notices by e-mail (issue 14 item 7), the SMTP side: sendMail against a loopback SMTP sink
// (tests/server/SmtpSink), and `vanthu serve --smtp-host …` end to end: a leader's e-mail
// address is set through the API, the server's background thread finds the draft waiting for
// the leader, fails while the SMTP server is down and tries again, and the sink receives the
// Vietnamese e-mail once it listens; the send is in the audit trail. (What is queued, and when:
// tests/docmgmt/MailNoticesTest.cpp.)
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>

#include "ApiClient.hpp"
#include "DocmgmtServer.hpp"
#include "ServerProcess.hpp"
#include "SmtpSink.hpp"
#include "TestSupport.hpp"
#include "http/MailSender.hpp"

using namespace vanthu;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

docmgmt::MailNotice aNotice() {
    docmgmt::MailNotice notice;
    notice.key = "assigned:7";
    notice.recipient = "quan.cv@binhson.example.vn";
    notice.subject = "[vanthu] Văn bản đến giao cho bạn xử lý: tổng kết công tác dân vận năm 2026";
    notice.body = "Kính gửi Võ Minh Quân,\n\nMột văn bản đến đã được giao cho bạn xử lý.\n\n"
                  "Trích yếu: tổng kết công tác dân vận năm 2026\nHạn xử lý: 19/06/2026\n";
    return notice;
}

/// One value from the database of the installation in dataDir, read beside the running server
/// (test::databaseSql: sqlite3, whose WAL lets it read while the server writes, or psql).
std::string sqlValue(const std::filesystem::path& dataDir,
                     const std::optional<std::string>& database, const std::string& sql) {
    const auto result = test::databaseSql(dataDir, database, sql);
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    auto out = result.out;
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) {
        out.pop_back();
    }
    return out;
}

template <typename Condition> bool eventually(Condition condition, std::chrono::seconds limit) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
        if (condition()) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    return condition();
}

} // namespace

TEST_CASE("sendMail: the SMTP server receives the notice with its recipient, subject and "
          "Vietnamese body",
          "[mail]") {
    test::SmtpSink sink;
    http::SmtpSettings smtp;
    smtp.host = "127.0.0.1";
    smtp.port = sink.port();
    smtp.startTls = false;
    smtp.user = "vanthu-notices";
    smtp.password = "mật-khẩu SMTP";
    smtp.sender = "vanthu@binhson.example.vn";
    http::sendMail(smtp, aNotice());
    REQUIRE(sink.waitFor(1, std::chrono::seconds(10)));
    const auto message = sink.messages().front();
    CHECK(message.from == "vanthu@binhson.example.vn");
    CHECK(message.recipients == std::vector<std::string>{"quan.cv@binhson.example.vn"});
    CHECK(message.user == "vanthu-notices");
    CHECK(message.password == "mật-khẩu SMTP");
    CHECK(message.subject() == aNotice().subject);
    CHECK(contains(message.header("Content-Type"), "charset=UTF-8"));
    CHECK(message.header("Auto-Submitted") == "auto-generated");
    CHECK(contains(message.body(), "Kính gửi Võ Minh Quân,"));
    CHECK(contains(message.body(), "Trích yếu: tổng kết công tác dân vận năm 2026"));
    CHECK(contains(message.body(), "Hạn xử lý: 19/06/2026"));
}

TEST_CASE("sendMail: an SMTP server that does not answer is an error naming it", "[mail]") {
    http::SmtpSettings smtp;
    smtp.host = "127.0.0.1";
    smtp.port = test::unusedPort();
    smtp.startTls = false;
    smtp.sender = "vanthu@binhson.example.vn";
    smtp.timeout = std::chrono::seconds(5);
    try {
        http::sendMail(smtp, aNotice());
        FAIL("sent to a closed port");
    } catch (const std::runtime_error& e) {
        CHECK(contains(e.what(), "127.0.0.1:" + std::to_string(smtp.port)));
        CHECK(contains(e.what(), "không được"));
    }
}

TEST_CASE("serve: a notice waits while the SMTP server is down, is retried and arrives",
          "[mail][serve]") {
    test::TempDir dir;
    const auto database = test::freshTestDatabase();
    const auto port = test::unusedPort(); // the SMTP server is down at first
    test::ServerProcess server(
        dir.path(),
        test::withDatabase({"--demo", "--no-ocr", "--smtp-host", "127.0.0.1", "--smtp-port",
                            std::to_string(port), "--smtp-security", "none", "--smtp-from",
                            "vanthu@vanquan.example.vn", "--mail-link",
                            "https://vanthu.vanquan.example.vn", "--mail-retry-max", "1"},
                           database));
    CHECK(contains(server.output(), "thư thông báo qua 127.0.0.1:" + std::to_string(port)));
    const auto passwords = server.demoPasswords();
    test::ApiClient admin(server.port());
    admin.signIn("quantri.vq", passwords.at("quantri.vq"));
    Poco::Int64 leaderId = 0;
    const auto users = admin.allPages("/api/users");
    for (std::size_t i = 0; i < users->size(); ++i) {
        const auto user = users->getObject(static_cast<unsigned>(i));
        if (user->getValue<std::string>("username") == "chutich.vq") {
            leaderId = user->getValue<Poco::Int64>("id");
        }
    }
    REQUIRE(leaderId != 0);
    const auto path = "/api/users/" + std::to_string(leaderId);
    // A malformed address is refused, in Vietnamese, on its field.
    const auto bad = admin.put(path, R"({"email": "hoa chutich"})");
    CHECK(bad.status == 422);
    CHECK(contains(bad.body, "Địa chỉ thư điện tử không hợp lệ"));
    const auto set = admin.put(path, R"({"email": "hoa.chutich@vanquan.example.vn"})");
    REQUIRE(set.status == 200);
    CHECK(set.object()->getValue<std::string>("email") == "hoa.chutich@vanquan.example.vn");

    // The demo's notice waits for its signer, Chủ tịch Nông Văn Hòa: queued, tried, failed.
    const std::string submitted =
        "user_id = " + std::to_string(leaderId) + " AND notice_key LIKE 'submitted:%'";
    REQUIRE(eventually(
        [&] {
            return sqlValue(dir.path(), database,
                            "SELECT COUNT(*) FROM mail_notices WHERE " + submitted +
                                " AND attempts >= 2 AND sent_at = '' AND last_error <> ''") == "1";
        },
        std::chrono::seconds(60)));

    // The installation administrator's queue shows it failing, with its tries and the error;
    // an office's administrator has no queue.
    test::ApiClient root(server.port());
    root.signIn("quantri.bg", passwords.at("quantri.bg"));
    CHECK(admin.get("/api/smtp/queue").status == 403);
    const auto queueItem = [&](const std::string& state) -> Poco::JSON::Object::Ptr {
        const auto queue = root.get("/api/smtp/queue?limit=500");
        REQUIRE(queue.status == 200);
        const auto items = queue.object()->getArray("items");
        for (std::size_t i = 0; i < items->size(); ++i) {
            const auto item = items->getObject(static_cast<unsigned>(i));
            if (item->getValue<Poco::Int64>("userId") == leaderId &&
                item->getValue<std::string>("subject").find("Dự thảo trình bạn duyệt") !=
                    std::string::npos &&
                item->getValue<std::string>("state") == state) {
                return item;
            }
        }
        return nullptr;
    };
    {
        const auto failing = queueItem("retrying");
        REQUIRE(failing);
        CHECK(failing->getValue<int>("attempts") >= 2);
        CHECK(!failing->getValue<std::string>("lastError").empty());
        CHECK(failing->getValue<std::string>("recipient") == "hoa.chutich@vanquan.example.vn");
        CHECK(failing->getValue<std::string>("userName") == "Nông Văn Hòa");
        CHECK(failing->getValue<std::string>("sentAt").empty());
        CHECK(root.get("/api/smtp/queue").object()->getValue<int>("retrying") >= 1);
    }

    // The SMTP server comes up on that port: the notice arrives, once.
    const std::string subject = "[vanthu] Dự thảo trình bạn duyệt: Kết luận của Chủ tịch UBND "
                                "huyện tại cuộc họp giao ban tháng";
    test::SmtpSink sink(port);
    const auto ofSubject = [&] {
        std::vector<test::SmtpMessage> found;
        for (const auto& m : sink.messages()) {
            if (m.subject() == subject) {
                found.push_back(m);
            }
        }
        return found;
    };
    REQUIRE(eventually([&] { return !ofSubject().empty(); }, std::chrono::seconds(60)));
    const auto message = ofSubject().front();
    CHECK(message.recipients == std::vector<std::string>{"hoa.chutich@vanquan.example.vn"});
    CHECK(message.from == "vanthu@vanquan.example.vn");
    const auto body = message.body();
    CHECK(contains(body, "Kính gửi Nông Văn Hòa,"));
    CHECK(contains(body, "Một dự thảo văn bản đi đã được trình bạn duyệt và ký."));
    CHECK(contains(body, "https://vanthu.vanquan.example.vn/#/documents/"));
    REQUIRE(eventually(
        [&] {
            return sqlValue(dir.path(), database,
                            "SELECT COUNT(*) FROM mail_notices WHERE " + submitted +
                                " AND sent_at <> ''") == "1";
        },
        std::chrono::seconds(10)));
    CHECK(sqlValue(dir.path(), database,
                   "SELECT COUNT(*) FROM audit_log WHERE action = 'mail-sent' AND object = "
                   "'user/" +
                       std::to_string(leaderId) + "' AND detail LIKE 'submitted:%'") == "1");
    std::this_thread::sleep_for(std::chrono::seconds(3));
    CHECK(ofSubject().size() == 1); // sent: never again
    const auto sent = queueItem("sent");
    REQUIRE(sent);
    CHECK(!sent->getValue<std::string>("sentAt").empty());
    CHECK(sent->getValue<std::string>("nextAttemptAt").empty());
}

namespace {

/// Whether the sink heard any of these verbs in clear (before STARTTLS).
bool heardInClear(const test::SmtpSink& sink, const std::vector<std::string>& verbs) {
    for (const auto& command : sink.commands()) {
        if (std::find(verbs.begin(), verbs.end(), command) != verbs.end()) {
            return true;
        }
    }
    return false;
}

Poco::Int64 userIdInAllPages(test::ApiClient& admin, const std::string& username) {
    const auto users = admin.allPages("/api/users");
    for (std::size_t i = 0; i < users->size(); ++i) {
        const auto user = users->getObject(static_cast<unsigned>(i));
        if (user->getValue<std::string>("username") == username) {
            return user->getValue<Poco::Int64>("id");
        }
    }
    FAIL("no user " << username);
    return 0;
}

} // namespace

TEST_CASE("sendMail: STARTTLS: the login and the notice go over TLS to a server that offers it, "
          "its certificate checked",
          "[mail]") {
    test::TempDir dir;
    const auto certificate = test::makeTestCertificate(dir.path());
    test::SmtpSink sink(0, certificate);
    http::SmtpSettings smtp;
    smtp.host = "127.0.0.1";
    smtp.port = sink.port();
    smtp.startTls = true;
    smtp.caFile = certificate.certificate; // the test CA, instead of the system's
    smtp.sender = "vanthu@binhson.example.vn";
    smtp.timeout = std::chrono::seconds(10);

    SECTION("with a login") {
        smtp.user = "vanthu-notices";
        smtp.password = "mật-khẩu SMTP";
        http::sendMail(smtp, aNotice());
        REQUIRE(sink.waitFor(1, std::chrono::seconds(10)));
        const auto message = sink.messages().front();
        CHECK(message.tls);
        CHECK((message.tlsProtocol == "TLSv1.3" || message.tlsProtocol == "TLSv1.2"));
        CHECK(message.user == "vanthu-notices");
        CHECK(message.password == "mật-khẩu SMTP");
        CHECK(message.subject() == aNotice().subject);
        CHECK(contains(message.body(), "Hạn xử lý: 19/06/2026"));
        // In clear only the greeting and STARTTLS; the login, envelope and message after it.
        const auto commands = sink.commands();
        REQUIRE(commands.size() >= 4);
        CHECK(commands[0] == "EHLO");
        CHECK(commands[1] == "STARTTLS");
        CHECK(commands[2] == "EHLO (tls)");
        CHECK(!heardInClear(sink, {"AUTH", "MAIL", "RCPT", "DATA"}));
        CHECK(std::find(commands.begin(), commands.end(), "AUTH (tls)") != commands.end());
        CHECK(std::find(commands.begin(), commands.end(), "DATA (tls)") != commands.end());
    }
    SECTION("without a login: EHLO again over TLS before the envelope (RFC 3207)") {
        http::sendMail(smtp, aNotice());
        REQUIRE(sink.waitFor(1, std::chrono::seconds(10)));
        CHECK(sink.messages().front().tls);
        CHECK(sink.messages().front().user.empty());
        const auto commands = sink.commands();
        REQUIRE(commands.size() >= 3);
        CHECK(commands[2] == "EHLO (tls)");
        CHECK(!heardInClear(sink, {"AUTH", "MAIL", "RCPT", "DATA"}));
    }
    SECTION("a certificate no trusted CA signed is refused: nothing sent") {
        smtp.caFile.clear(); // the system's CAs do not know the test certificate
        smtp.user = "vanthu-notices";
        smtp.password = "mật-khẩu SMTP";
        CHECK_THROWS_AS(http::sendMail(smtp, aNotice()), std::runtime_error);
        CHECK(!sink.waitFor(1, std::chrono::seconds(1)));
        CHECK(!heardInClear(sink, {"AUTH", "MAIL", "RCPT", "DATA"}));
        for (const auto& command : sink.commands()) {
            CHECK(!contains(command, "(tls)"));
        }
    }
}

TEST_CASE("sendMail: a sender set for STARTTLS sends nothing in clear to a server that does not "
          "offer it",
          "[mail]") {
    test::SmtpSink sink; // no certificate: STARTTLS answered 502
    http::SmtpSettings smtp;
    smtp.host = "127.0.0.1";
    smtp.port = sink.port();
    smtp.startTls = true;
    smtp.user = "vanthu-notices";
    smtp.password = "mật-khẩu SMTP";
    smtp.sender = "vanthu@binhson.example.vn";
    smtp.timeout = std::chrono::seconds(10);
    try {
        http::sendMail(smtp, aNotice());
        FAIL("sent without TLS");
    } catch (const std::runtime_error& e) {
        CHECK(contains(e.what(), "không nhận STARTTLS"));
    }
    CHECK(!sink.waitFor(1, std::chrono::seconds(1)));
    const auto commands = sink.commands();
    CHECK(std::find(commands.begin(), commands.end(), "STARTTLS") != commands.end());
    CHECK(!heardInClear(sink, {"AUTH", "MAIL", "RCPT", "DATA"}));
}

TEST_CASE("serve: the SMTP server set on the administrator's page, a test e-mail, a person's "
          "kinds of notice, and a recall told by e-mail to the clerk and the handler",
          "[mail][serve]") {
    test::TempDir dir;
    const auto database = test::freshTestDatabase();
    test::SmtpSink sink;
    // No --smtp-host: the SMTP server comes from the administrator's page.
    test::ServerProcess server(dir.path(), test::withDatabase({"--demo", "--no-ocr", "--mail-link",
                                                               "https://vanthu.vanquan.example.vn",
                                                               "--mail-retry-max", "1"},
                                                              database));
    const auto passwords = server.demoPasswords();
    const auto as = [&](const std::string& username) {
        test::ApiClient client(server.port());
        client.signIn(username, passwords.at(username));
        return client;
    };
    auto root = as("quantri.bg"); // the installation administrator
    auto officeAdmin = as("quantri.nd");

    // ---- the SMTP page (installation administrator only) ----
    CHECK(officeAdmin.get("/api/smtp").status == 403);
    CHECK(officeAdmin.put("/api/smtp", R"({"host": "127.0.0.1", "sender": "a@b.vn"})").status ==
          403);
    const auto none = root.get("/api/smtp");
    REQUIRE(none.status == 200);
    CHECK(none.object()->getValue<std::string>("source").empty());
    // Nothing set yet: a test e-mail cannot go.
    CHECK(root.post("/api/smtp/test", R"({"to": "hai.qt@nghiduong.example.vn"})").status == 409);
    const auto badPort = root.put("/api/smtp", R"({"host": "127.0.0.1", "port": 70000, "sender":
                                  "vanthu@vanquan.example.vn"})");
    CHECK(badPort.status == 422);
    CHECK(contains(badPort.body, "Cổng SMTP"));
    const auto noPassword = root.put("/api/smtp", R"({"host": "127.0.0.1", "sender":
                                     "vanthu@vanquan.example.vn", "user": "vanthu"})");
    CHECK(noPassword.status == 422);
    CHECK(contains(noPassword.body, "Tên đăng nhập và mật khẩu SMTP"));
    const auto set = root.put(
        "/api/smtp", R"({"host": "127.0.0.1", "port": )" + std::to_string(sink.port()) +
                         R"(, "startTls": false, "sender": "vanthu@vanquan.example.vn", "user":
                         "vanthu-thongbao", "password": "mật khẩu SMTP"})");
    REQUIRE(set.status == 200);
    CHECK(set.object()->getValue<std::string>("source") == "database");
    CHECK(set.object()->getValue<bool>("passwordSet"));
    CHECK(!set.object()->has("password"));
    CHECK(!contains(set.body, "mật khẩu SMTP"));
    const auto sealed = sqlValue(dir.path(), database, "SELECT password_sealed FROM smtp_settings");
    CHECK(sealed.rfind("v1:", 0) == 0);
    CHECK(!contains(sealed, "mật khẩu"));
    CHECK(sqlValue(dir.path(), database,
                   "SELECT COUNT(*) FROM audit_log WHERE action = 'set-smtp'") == "1");

    const auto tested = root.post("/api/smtp/test", R"({"to": "hai.qt@nghiduong.example.vn"})");
    REQUIRE(tested.status == 200);
    const auto testMail = [&] {
        for (const auto& m : sink.messages()) {
            if (contains(m.subject(), "Thư thử")) {
                return std::optional<test::SmtpMessage>(m);
            }
        }
        return std::optional<test::SmtpMessage>();
    }();
    REQUIRE(testMail);
    CHECK(testMail->recipients == std::vector<std::string>{"hai.qt@nghiduong.example.vn"});
    CHECK(testMail->user == "vanthu-thongbao");
    CHECK(testMail->password == "mật khẩu SMTP");
    CHECK(contains(testMail->body(), "Đây là thư thử"));

    // ---- a person's own kinds of notice ----
    const auto clerkId = userIdInAllPages(root, "vanthu.nd");
    const auto handlerId = userIdInAllPages(root, "chuyenvien.nd");
    REQUIRE(root.put("/api/users/" + std::to_string(clerkId),
                     R"({"email": "lan.vanthu@nghiduong.example.vn"})")
                .status == 200);
    REQUIRE(root.put("/api/users/" + std::to_string(handlerId),
                     R"({"email": "duc.cv@nghiduong.example.vn"})")
                .status == 200);
    auto handler = as("chuyenvien.nd");
    const auto mine = handler.get("/api/me/mail-preferences");
    REQUIRE(mine.status == 200);
    CHECK(mine.object()->getValue<std::string>("email") == "duc.cv@nghiduong.example.vn");
    CHECK(mine.object()->getArray("off")->size() == 0);
    const auto unknown = handler.put("/api/me/mail-preferences", R"({"off": ["bay"]})");
    CHECK(unknown.status == 422);
    CHECK(contains(unknown.body, "Không có loại thông báo"));
    const auto off = handler.put("/api/me/mail-preferences", R"({"off": ["assigned"]})");
    REQUIRE(off.status == 200);
    bool assignedOff = false;
    const auto kinds = off.object()->getArray("kinds");
    for (std::size_t i = 0; i < kinds->size(); ++i) {
        const auto kind = kinds->getObject(static_cast<unsigned>(i));
        if (kind->getValue<std::string>("kind") == "assigned") {
            assignedOff = !kind->getValue<bool>("on");
            CHECK(kind->getValue<std::string>("title") == "Văn bản đến giao cho bạn xử lý");
        }
    }
    CHECK(assignedOff);

    // ---- the demo's letter from Văn Quan reaches Nghi Dương: registered, assigned ----
    auto clerk = as("vanthu.nd");
    const auto list = clerk.get("/api/incoming");
    REQUIRE(list.status == 200);
    REQUIRE(list.array()->size() >= 1);
    const auto letter = list.array()->getObject(0);
    const auto incomingId = letter->getValue<Poco::Int64>("id");
    const auto incoming = "/api/incoming/" + std::to_string(incomingId);
    REQUIRE(clerk.post(incoming + "/register").status == 200);
    REQUIRE(as("chutich.nd")
                .post(incoming + "/assign",
                      R"({"version": 0, "deadline": "2099-12-31", "assigneeId": )" +
                          std::to_string(handlerId) + "}")
                .status == 200);
    const std::string subject = "đẩy mạnh hiện đại hóa Bộ phận Một cửa cấp huyện, cấp xã";
    const auto to = [&](const std::string& address, const std::string& title) {
        for (const auto& m : sink.messages()) {
            if (m.recipients == std::vector<std::string>{address} &&
                m.subject() == "[vanthu] " + title + ": " + subject) {
                return std::optional<test::SmtpMessage>(m);
            }
        }
        return std::optional<test::SmtpMessage>();
    };

    // ---- Văn Quan's leader recalls it: the clerk is asked by e-mail ----
    auto issuer = as("chutich.vq");
    Poco::Int64 documentId = 0;
    const auto issued = issuer.allPages("/api/documents?state=issued");
    for (std::size_t i = 0; i < issued->size(); ++i) {
        const auto doc = issued->getObject(static_cast<unsigned>(i));
        if (doc->getValue<std::string>("subject") == subject) {
            documentId = doc->getValue<Poco::Int64>("id");
        }
    }
    REQUIRE(documentId != 0);
    REQUIRE(issuer
                .post("/api/documents/" + std::to_string(documentId) + "/recall",
                      R"({"reason": "Gửi nhầm nơi nhận"})")
                .status == 200);
    REQUIRE(eventually(
        [&] {
            return to("lan.vanthu@nghiduong.example.vn", "Cơ quan gửi đề nghị thu hồi văn bản đến")
                .has_value();
        },
        std::chrono::seconds(60)));
    const auto asked =
        *to("lan.vanthu@nghiduong.example.vn", "Cơ quan gửi đề nghị thu hồi văn bản đến");
    CHECK(contains(asked.body(), "Kính gửi Trần Thị Lan,"));
    CHECK(contains(asked.body(), "Lý do: Gửi nhầm nơi nhận"));
    CHECK(contains(asked.body(),
                   "https://vanthu.vanquan.example.vn/#/incoming/" + std::to_string(incomingId)));

    // ---- the clerk agrees: the handler is told by e-mail that it is recalled ----
    REQUIRE(clerk.post(incoming + "/recall-agree", R"({"note": "Đã hủy bản nhận"})").status == 200);
    REQUIRE(eventually(
        [&] { return to("duc.cv@nghiduong.example.vn", "Văn bản đến đã bị thu hồi").has_value(); },
        std::chrono::seconds(60)));
    const auto recalled = *to("duc.cv@nghiduong.example.vn", "Văn bản đến đã bị thu hồi");
    CHECK(contains(recalled.body(), "Kính gửi Hồ Văn Đức,"));
    CHECK(contains(recalled.body(), "bị cơ quan ban hành thu hồi"));
    CHECK(contains(recalled.body(), "Lý do: Gửi nhầm nơi nhận"));
    // The handler turned "assigned" off: that e-mail never came.
    CHECK(!to("duc.cv@nghiduong.example.vn", "Văn bản đến giao cho bạn xử lý"));
    CHECK(sqlValue(dir.path(), database,
                   "SELECT COUNT(*) FROM mail_notices WHERE user_id = " +
                       std::to_string(handlerId) + " AND notice_key LIKE 'assigned:%'") == "0");

    // ---- back to the config file's settings (none): nothing more is sent ----
    const auto reset = root.request("DELETE", "/api/smtp");
    REQUIRE(reset.status == 200);
    CHECK(reset.object()->getValue<std::string>("source").empty());
}
