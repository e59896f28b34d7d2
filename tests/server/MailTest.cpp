// Notices by e-mail (issue 14 item 7), the SMTP side: sendMail against a loopback SMTP sink
// (tests/server/SmtpSink), and `vanthu serve --smtp-host …` end to end: a leader's e-mail
// address is set through the API, the server's background thread finds the draft waiting for
// the leader, fails while the SMTP server is down and tries again, and the sink receives the
// Vietnamese e-mail once it listens; the send is in the audit trail. (What is queued, and when:
// tests/docmgmt/MailNoticesTest.cpp.)
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "ApiClient.hpp"
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

/// One value from the installation's database (the sqlite3 program; WAL lets it read while the
/// server writes).
std::string sqlValue(const std::filesystem::path& db, const std::string& sql) {
    const auto result = test::run({"sqlite3", "-readonly", db.string(), sql});
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
    const auto port = test::unusedPort(); // the SMTP server is down at first
    test::ServerProcess server(dir.path(),
                               {"--demo", "--no-ocr", "--smtp-host", "127.0.0.1", "--smtp-port",
                                std::to_string(port), "--smtp-security", "none", "--smtp-from",
                                "vanthu@vanquan.example.vn", "--mail-link",
                                "https://vanthu.vanquan.example.vn", "--mail-retry-max", "1"});
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
    const auto db = dir.path() / "vanthu.db";
    const std::string submitted =
        "user_id = " + std::to_string(leaderId) + " AND notice_key LIKE 'submitted:%'";
    REQUIRE(eventually(
        [&] {
            return sqlValue(db, "SELECT COUNT(*) FROM mail_notices WHERE " + submitted +
                                    " AND attempts >= 2 AND sent_at = '' AND last_error <> ''") ==
                   "1";
        },
        std::chrono::seconds(60)));

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
            return sqlValue(db, "SELECT COUNT(*) FROM mail_notices WHERE " + submitted +
                                    " AND sent_at <> ''") == "1";
        },
        std::chrono::seconds(10)));
    CHECK(sqlValue(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'mail-sent' AND object = "
                       "'user/" +
                           std::to_string(leaderId) + "' AND detail LIKE 'submitted:%'") == "1");
    std::this_thread::sleep_for(std::chrono::seconds(3));
    CHECK(ofSubject().size() == 1); // sent: never again
}
