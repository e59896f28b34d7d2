// Notices by e-mail (issue 14 item 7, NĐ 30 Phụ lục VI III.1i): what waits for a person (the
// home page's work) is queued once per person and piece of work, in Vietnamese, only for people
// with an e-mail address; a secret letter's subject stays out; a failed send is tried again
// later with its error kept, and a send is audited. (The SMTP side: tests/server/MailTest.cpp.)
#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>

#include "IncomingFixtures.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/MailNotices.hpp"
#include "vanthu/docmgmt/MailSettings.hpp"
#include "vanthu/docmgmt/Recall.hpp"

using namespace vanthu::docmgmt;
using vanthu::test::RoutingWorld;

namespace {

void setEmail(RoutingWorld& w, const std::string& username, const std::string& email) {
    auto user = w.user(username);
    user.email = email;
    w.storage->updateUser(user);
}

MailNotices mailNotices(RoutingWorld& w) {
    MailNoticeSettings settings;
    settings.link = "https://vanthu.example.vn/";
    return MailNotices(
        *w.storage, *w.audit, [now = w.now] { return now->load(); }, settings);
}

std::vector<MailNotice> noticesOf(RoutingWorld& w, const std::string& username) {
    return w.storage->mailNotices(w.user(username).id, 100);
}

std::optional<MailNotice> withKey(const std::vector<MailNotice>& notices, const std::string& key) {
    const auto found = std::find_if(notices.begin(), notices.end(),
                                    [&](const MailNotice& n) { return n.key == key; });
    return found == notices.end() ? std::nullopt : std::optional<MailNotice>(*found);
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

MailSettings mailSettings(RoutingWorld& w, SmtpSettings fileSmtp = {}) {
    return MailSettings(*w.storage, *w.audit, w.dir.path() / "pki", std::move(fileSmtp),
                        [now = w.now] { return now->load(); });
}

std::string installationAdministrator(RoutingWorld& w) {
    for (const auto& user : w.storage->users()) {
        if (user.installationAdministrator) {
            return user.username;
        }
    }
    FAIL("the demo has no installation administrator");
    return {};
}

} // namespace

TEST_CASE("MailNotices: an incoming letter is told to the clerk, the leader, then its handler, "
          "once each, in Vietnamese",
          "[mail]") {
    RoutingWorld w;
    w.setDay(2026, 6, 17);
    setEmail(w, "vanthu.bs", "nga.vanthu@binhson.example.vn");
    setEmail(w, "bithu.bs", "son.bithu@binhson.example.vn");
    setEmail(w, "chuyenvien.bs", "quan.cv@binhson.example.vn");
    auto mail = mailNotices(w);

    w.issuePartyLetter({"DEMO.HU.BS"}, "tổng kết công tác dân vận năm 2026");
    const auto letter = w.incomingOf("vanthu.bs").front();
    const std::string id = std::to_string(letter.id);
    CHECK(mail.queueWaitingWork() >= 1);
    const auto clerk = noticesOf(w, "vanthu.bs");
    const auto arrived = withKey(clerk, "arrived:" + id);
    REQUIRE(arrived);
    CHECK(arrived->recipient == "nga.vanthu@binhson.example.vn");
    CHECK(arrived->subject ==
          "[vanthu] Văn bản đến chờ vào sổ: tổng kết công tác dân vận năm 2026");
    CHECK(contains(arrived->body, "Kính gửi Phạm Thị Nga,"));
    CHECK(contains(arrived->body, "Trích yếu: tổng kết công tác dân vận năm 2026"));
    CHECK(contains(arrived->body, "https://vanthu.example.vn/#/incoming/" + id));
    CHECK(arrived->sentAt.empty());
    CHECK(arrived->attempts == 0);
    // Nobody else is told of a letter that waits for the clerk; nothing twice.
    CHECK(!withKey(noticesOf(w, "bithu.bs"), "arrived:" + id));
    CHECK(mail.queueWaitingWork() == 0);
    CHECK(noticesOf(w, "vanthu.bs").size() == clerk.size());

    w.incoming->registerArrival(w.actor("vanthu.bs"), letter.id);
    mail.queueWaitingWork();
    const auto registered = withKey(noticesOf(w, "bithu.bs"), "registered:" + id);
    REQUIRE(registered);
    CHECK(contains(registered->subject, "Văn bản đến chờ phân công xử lý"));
    CHECK(contains(registered->body, "Kính gửi Lương Kim Sơn,"));
    // The other leader has no e-mail address: no notice.
    CHECK(noticesOf(w, "phobithu.bs").empty());

    AssignInput input;
    input.assigneeId = w.user("chuyenvien.bs").id;
    input.deadline = "2026-06-19";
    w.incoming->assign(w.actor("bithu.bs"), letter.id, input);
    mail.queueWaitingWork();
    auto handler = noticesOf(w, "chuyenvien.bs");
    const auto assigned = withKey(handler, "assigned:" + id);
    REQUIRE(assigned);
    CHECK(contains(assigned->subject, "Văn bản đến giao cho bạn xử lý"));
    CHECK(contains(assigned->body, "Hạn xử lý: 19/06/2026"));
    const auto soon = withKey(handler, "due-soon:" + id + ":2026-06-19");
    REQUIRE(soon);
    CHECK(contains(soon->body, "sắp đến hạn, hạn xử lý ngày 19/06/2026"));
    CHECK(!withKey(handler, "overdue:" + id + ":2026-06-19"));

    w.setDay(2026, 6, 22);
    mail.queueWaitingWork();
    handler = noticesOf(w, "chuyenvien.bs");
    const auto overdue = withKey(handler, "overdue:" + id + ":2026-06-19");
    REQUIRE(overdue);
    CHECK(contains(overdue->subject, "Văn bản đến đã quá hạn xử lý"));

    // Closed: nothing more waits for the handler.
    w.incoming->close(w.actor("chuyenvien.bs"), letter.id, "Đã báo cáo bằng văn bản.");
    const auto before = noticesOf(w, "chuyenvien.bs").size();
    w.setDay(2026, 6, 25);
    mail.queueWaitingWork();
    CHECK(noticesOf(w, "chuyenvien.bs").size() == before);
}

TEST_CASE("MailNotices: a secret letter's subject and notation never go into an e-mail, and a "
          "paper letter is not told to the clerk who entered it",
          "[mail]") {
    RoutingWorld w;
    setEmail(w, "vanthu.bs", "nga.vanthu@binhson.example.vn");
    setEmail(w, "bithu.bs", "son.bithu@binhson.example.vn");
    auto mail = mailNotices(w);
    // A secret letter goes on paper only: the clerk enters it, then registers it.
    auto paper = w.paperLetter("phương án bảo vệ bí mật");
    paper.secrecy = "mat";
    const auto letter = w.incoming->enterPaper(w.actor("vanthu.bs"), paper);
    const std::string id = std::to_string(letter.id);
    mail.queueWaitingWork();
    CHECK(!withKey(noticesOf(w, "vanthu.bs"), "arrived:" + id));
    w.incoming->registerArrival(w.actor("vanthu.bs"), letter.id);
    mail.queueWaitingWork();
    const auto notice = withKey(noticesOf(w, "bithu.bs"), "registered:" + id);
    REQUIRE(notice);
    CHECK(notice->subject == "[vanthu] Văn bản đến chờ phân công xử lý");
    CHECK(!contains(notice->body, "phương án bảo vệ bí mật"));
    CHECK(contains(notice->body, "văn bản mật: xin xem trong hệ thống"));
    CHECK(!contains(notice->body, "SNV-CCHC"));
    CHECK(!contains(notice->body, "Số, ký hiệu"));
}

TEST_CASE("MailNotices: a draft submitted to its signer and returned to its author, each "
          "version told",
          "[mail]") {
    RoutingWorld w;
    setEmail(w, "chuyenvien.vq", "mai.cv@vanquan.example.vn");
    setEmail(w, "phochutich.vq", "dung.pct@vanquan.example.vn");
    auto mail = mailNotices(w);
    auto draft = w.flow->createDraft(w.actor("chuyenvien.vq"), w.letterInput("tăng cường PCCC"));
    draft = w.flow->submit(w.actor("chuyenvien.vq"), draft.id);
    mail.queueWaitingWork();
    const std::string id = std::to_string(draft.id);
    const auto submitted = withKey(noticesOf(w, "phochutich.vq"),
                                   "submitted:" + id + ":" + std::to_string(draft.version));
    REQUIRE(submitted);
    CHECK(submitted->subject == "[vanthu] Dự thảo trình bạn duyệt: tăng cường PCCC");
    CHECK(contains(submitted->body, "https://vanthu.example.vn/#/documents/" + id));
    CHECK(contains(submitted->body, "Kính gửi Triệu Đức Dũng,"));

    draft = w.flow->returnForChanges(w.actor("phochutich.vq"), draft.id, "Bổ sung căn cứ.");
    mail.queueWaitingWork();
    const auto returned = withKey(noticesOf(w, "chuyenvien.vq"),
                                  "returned:" + id + ":" + std::to_string(draft.version));
    REQUIRE(returned);
    CHECK(returned->subject == "[vanthu] Dự thảo bị trả lại: tăng cường PCCC");
    CHECK(contains(returned->body, "Kính gửi Hà Thị Mai,"));

    // Submitted again: a new version, told again; approved: its signer is asked to sign; signed:
    // the clerk is asked to issue it.
    setEmail(w, "vanthu.vq", "hoa.vanthu@vanquan.example.vn");
    draft = w.flow->submit(w.actor("chuyenvien.vq"), draft.id);
    mail.queueWaitingWork();
    CHECK(withKey(noticesOf(w, "phochutich.vq"),
                  "submitted:" + id + ":" + std::to_string(draft.version)));
    draft = w.flow->approve(w.actor("chutich.vq"), draft.id);
    mail.queueWaitingWork();
    const auto approved = withKey(noticesOf(w, "phochutich.vq"),
                                  "approved:" + id + ":" + std::to_string(draft.version));
    REQUIRE(approved);
    CHECK(approved->subject == "[vanthu] Văn bản chờ bạn ký: tăng cường PCCC");
    draft = w.flow->sign(w.actor("phochutich.vq"), draft.id);
    mail.queueWaitingWork();
    const auto signed_ =
        withKey(noticesOf(w, "vanthu.vq"), "signed:" + id + ":" + std::to_string(draft.version));
    REQUIRE(signed_);
    CHECK(signed_->subject == "[vanthu] Văn bản đã ký chờ phát hành: tăng cường PCCC");
    CHECK(contains(signed_->body, "Kính gửi Nông Thị Hoa,"));
}

TEST_CASE("MailNotices: a failed send is kept and tried again later, and a send is audited",
          "[mail]") {
    RoutingWorld w;
    setEmail(w, "vanthu.bs", "nga.vanthu@binhson.example.vn");
    auto mail = mailNotices(w);
    w.issuePartyLetter({"DEMO.HU.BS"});
    REQUIRE(mail.queueWaitingWork() >= 1);
    const auto queued = noticesOf(w, "vanthu.bs").size();

    int tries = 0;
    const auto down = [&](const MailNotice&) {
        ++tries;
        throw std::runtime_error("Connection refused");
    };
    auto round = mail.sendDue(down);
    CHECK(round.sent == 0);
    CHECK(round.failed == static_cast<int>(queued));
    for (const auto& n : noticesOf(w, "vanthu.bs")) {
        CHECK(n.sentAt.empty());
        CHECK(n.attempts == 1);
        CHECK(n.lastError == "Connection refused");
        CHECK(n.nextAttemptAt == w.now->load() + 60);
    }
    // Not due again before its pause is over; the second failure waits twice as long.
    CHECK(mail.sendDue(down).failed == 0);
    *w.now += 61;
    CHECK(mail.sendDue(down).failed == static_cast<int>(queued));
    CHECK(noticesOf(w, "vanthu.bs").front().nextAttemptAt == w.now->load() + 120);

    *w.now += 121;
    std::vector<std::string> delivered;
    round = mail.sendDue([&](const MailNotice& n) { delivered.push_back(n.recipient); });
    CHECK(round.sent == static_cast<int>(queued));
    CHECK(delivered.size() == queued);
    for (const auto& n : noticesOf(w, "vanthu.bs")) {
        CHECK(!n.sentAt.empty());
        CHECK(n.attempts == 3);
    }
    const auto last = w.audit->latest(1);
    REQUIRE(!last.empty());
    CHECK(last.front().action == "mail-sent");
    CHECK(last.front().object == "user/" + std::to_string(w.user("vanthu.bs").id));
    CHECK(contains(last.front().detail, "nga.vanthu@binhson.example.vn"));
    // Sent: never again.
    CHECK(mail.sendDue([&](const MailNotice&) { FAIL("sent twice"); }).sent == 0);
}

TEST_CASE("MailNotices: a person who turned a kind of notice off gets none of it, the other "
          "kinds and other people still do",
          "[mail]") {
    RoutingWorld w;
    setEmail(w, "vanthu.bs", "nga.vanthu@binhson.example.vn");
    setEmail(w, "bithu.bs", "son.bithu@binhson.example.vn");
    auto mail = mailNotices(w);
    auto settings = mailSettings(w);

    // Every kind is on by default; the clerk turns "arrived" off for herself.
    CHECK(settings.optedOut(w.user("vanthu.bs").id).empty());
    CHECK_THROWS_AS(settings.setOptedOut(w.actor("vanthu.bs"), {"arrived", "no-such-kind"}),
                    InvalidInput);
    CHECK(settings.optedOut(w.user("vanthu.bs").id).empty()); // nothing written
    const auto off = settings.setOptedOut(w.actor("vanthu.bs"), {"arrived", "arrived"});
    CHECK(off == std::vector<std::string>{"arrived"});
    CHECK(settings.optedOut(w.user("vanthu.bs").id) == off);
    const auto last = w.audit->latest(1);
    REQUIRE(!last.empty());
    CHECK(last.front().action == "set-mail-preferences");
    CHECK(last.front().object == "user/" + std::to_string(w.user("vanthu.bs").id));
    CHECK(contains(last.front().detail, "arrived"));
    // Every kind has a Vietnamese title for the settings page.
    for (const auto& kind : MailSettings::kinds()) {
        CHECK(!kind.title.empty());
    }

    w.issuePartyLetter({"DEMO.HU.BS"}, "tổng kết công tác dân vận năm 2026");
    const auto letter = w.incomingOf("vanthu.bs").front();
    const std::string id = std::to_string(letter.id);
    mail.queueWaitingWork();
    CHECK(!withKey(noticesOf(w, "vanthu.bs"), "arrived:" + id));

    // The leader turned "registered" off too; the clerk's other kinds still reach her.
    settings.setOptedOut(w.actor("bithu.bs"), {"registered"});
    w.incoming->registerArrival(w.actor("vanthu.bs"), letter.id);
    mail.queueWaitingWork();
    CHECK(!withKey(noticesOf(w, "bithu.bs"), "registered:" + id));
    // Turned on again: what still waits is told.
    settings.setOptedOut(w.actor("bithu.bs"), {});
    CHECK(settings.optedOut(w.user("bithu.bs").id).empty());
    mail.queueWaitingWork();
    CHECK(withKey(noticesOf(w, "bithu.bs"), "registered:" + id));
    CHECK(noticesOf(w, "vanthu.bs").empty());
}

TEST_CASE("MailNotices: a recall is told to the receiving clerk, and the recalled letter to its "
          "handlers, once each with the reason",
          "[mail][recall]") {
    RoutingWorld w;
    w.setDay(2026, 6, 17);
    setEmail(w, "vanthu.bs", "nga.vanthu@binhson.example.vn");
    setEmail(w, "chuyenvien.bs", "quan.cv@binhson.example.vn");
    auto mail = mailNotices(w);
    Recall recall(*w.storage, *w.blobs, *w.audit, [now = w.now] { return now->load(); });

    const auto issued = w.issuePartyLetter({"DEMO.HU.BS"}, "tổng kết công tác dân vận năm 2026");
    const auto letter = w.incomingOf("vanthu.bs").front();
    const std::string id = std::to_string(letter.id);
    w.incoming->registerArrival(w.actor("vanthu.bs"), letter.id);
    AssignInput input;
    input.assigneeId = w.user("chuyenvien.bs").id;
    input.deadline = "2026-06-19";
    w.incoming->assign(w.actor("bithu.bs"), letter.id, input);
    mail.queueWaitingWork();
    REQUIRE(withKey(noticesOf(w, "chuyenvien.bs"), "assigned:" + id));

    *w.now += 60;
    recall.request(w.actor("bithu.bg"), issued.id, "Sai số liệu ở mục 2");
    const auto asked = w.incomingOf("vanthu.bs").front();
    mail.queueWaitingWork();
    const auto request = withKey(noticesOf(w, "vanthu.bs"),
                                 "recall-requested:" + id + ":" + asked.recall.requestedAt);
    REQUIRE(request);
    CHECK(request->subject ==
          "[vanthu] Cơ quan gửi đề nghị thu hồi văn bản đến: tổng kết công tác dân vận năm 2026");
    CHECK(contains(request->body, "xin văn thư đồng ý hoặc từ chối"));
    CHECK(contains(request->body, "Lý do: Sai số liệu ở mục 2"));
    CHECK(contains(request->body, "https://vanthu.example.vn/#/incoming/" + id));
    CHECK(!contains(request->body, "Hạn xử lý"));
    // The handler is not asked: only the clerk answers a recall.
    CHECK(!withKey(noticesOf(w, "chuyenvien.bs"),
                   "recall-requested:" + id + ":" + asked.recall.requestedAt));

    recall.agree(w.actor("vanthu.bs"), letter.id, "Đã hủy bản nhận");
    mail.queueWaitingWork();
    const auto recalled =
        withKey(noticesOf(w, "chuyenvien.bs"), "recalled:" + id + ":" + asked.recall.requestedAt);
    REQUIRE(recalled);
    CHECK(recalled->recipient == "quan.cv@binhson.example.vn");
    CHECK(recalled->subject ==
          "[vanthu] Văn bản đến đã bị thu hồi: tổng kết công tác dân vận năm 2026");
    CHECK(contains(recalled->body, "Kính gửi Võ Minh Quân,"));
    CHECK(contains(recalled->body, "bị cơ quan ban hành thu hồi"));
    CHECK(contains(recalled->body, "Lý do: Sai số liệu ở mục 2"));
    // Told once; a destroyed copy's deadline is no longer work.
    const auto told = noticesOf(w, "chuyenvien.bs").size();
    w.setDay(2026, 6, 25);
    mail.queueWaitingWork();
    CHECK(noticesOf(w, "chuyenvien.bs").size() == told);
    CHECK(!withKey(noticesOf(w, "chuyenvien.bs"), "overdue:" + id + ":2026-06-19"));

    // Turned off, the kind is not queued for a later letter.
    auto settings = mailSettings(w);
    settings.setOptedOut(w.actor("vanthu.bs"), {kWaitingRecallRequested});
    const auto second = w.issuePartyLetter({"DEMO.HU.BS"}, "lần thứ hai");
    recall.request(w.actor("bithu.bg"), second.id, "Gửi nhầm");
    const auto secondCopy = w.incomingOf("vanthu.bs").front();
    REQUIRE(secondCopy.subject == "lần thứ hai");
    REQUIRE(secondCopy.recall.state == kRecallRequested);
    mail.queueWaitingWork();
    bool arrivedTold = false;
    for (const auto& n : noticesOf(w, "vanthu.bs")) {
        CHECK(n.key.rfind("recall-requested:" + std::to_string(secondCopy.id), 0) != 0);
        arrivedTold = arrivedTold || n.key == "arrived:" + std::to_string(secondCopy.id);
    }
    CHECK(arrivedTold); // the kinds left on still come
}

TEST_CASE("MailSettings: the SMTP server set by the installation administrator overrides the "
          "config file, its password sealed, and can be removed",
          "[mail]") {
    RoutingWorld w;
    SmtpSettings file;
    file.host = "relay.local";
    file.port = 25;
    file.startTls = false;
    file.sender = "vanthu@tinh.example.vn";
    auto settings = mailSettings(w, file);
    const auto admin = w.actor(installationAdministrator(w));
    CHECK(settings.smtp().host == "relay.local");
    CHECK(settings.smtpView(admin).source == "file");

    SmtpSettings page;
    page.host = "mail.tinh.example.vn";
    page.port = 587;
    page.startTls = true;
    page.user = "vanthu-thongbao";
    page.sender = "thongbao@tinh.example.vn";
    // Only the installation administrator, and only sound values.
    CHECK_THROWS_AS(settings.saveSmtp(w.actor("quantri.bs"), page, "mật khẩu SMTP"), Forbidden);
    CHECK_THROWS_AS(settings.saveSmtp(w.actor("vanthu.bs"), page, "mật khẩu SMTP"), Forbidden);
    CHECK_THROWS_AS(settings.smtpView(w.actor("vanthu.bs")), Forbidden);
    auto bad = page;
    bad.host = "mail tinh";
    CHECK_THROWS_AS(settings.saveSmtp(admin, bad, "x"), InvalidInput);
    bad = page;
    bad.sender = "thongbao";
    CHECK_THROWS_AS(settings.saveSmtp(admin, bad, "x"), InvalidInput);
    CHECK_THROWS_AS(settings.saveSmtp(admin, page, std::nullopt), InvalidInput); // no password
    CHECK(!w.storage->storedSmtp());

    const auto view = settings.saveSmtp(admin, page, "mật khẩu SMTP");
    CHECK(view.source == "database");
    CHECK(view.passwordSet);
    CHECK(view.settings.password.empty());
    const auto used = settings.smtp();
    CHECK(used.host == "mail.tinh.example.vn");
    CHECK(used.startTls);
    CHECK(used.user == "vanthu-thongbao");
    CHECK(used.password == "mật khẩu SMTP");
    const auto row = w.storage->storedSmtp();
    REQUIRE(row);
    CHECK(!contains(row->passwordSealed, "mật khẩu"));
    CHECK(row->passwordSealed.rfind("v1:", 0) == 0);
    CHECK(w.audit->latest(1).front().action == "set-smtp");
    CHECK(!contains(w.audit->latest(1).front().detail, "mật khẩu SMTP"));

    // Saved again without a password: the one saved stays.
    page.port = 2525;
    settings.saveSmtp(admin, page, std::nullopt);
    CHECK(settings.smtp().port == 2525);
    CHECK(settings.smtp().password == "mật khẩu SMTP");
    // Without a login, the password goes too.
    page.user.clear();
    CHECK(!settings.saveSmtp(admin, page, "").passwordSet);
    CHECK(settings.smtp().password.empty());

    const auto reset = settings.resetSmtp(admin);
    CHECK(reset.source == "file");
    CHECK(settings.smtp().host == "relay.local");
    CHECK(w.audit->latest(1).front().action == "reset-smtp");
}
