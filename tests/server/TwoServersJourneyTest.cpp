// Issue 5's "done when", with two real `vanthu serve` processes on loopback: a Party server
// (--demo-profile party) and a State server (--demo-profile state), each the other's peer, driven
// only through the HTTP API. A letter of Tỉnh ủy Bắc Giang goes to Huyện ủy Bình Sơn (same
// server: at once) and to UBND huyện Văn Quan (the other server: through the outbox worker
// thread); each receiver registers it, assigns it with a deadline, answers it with a reply
// issued back to the sender and closes it; the sender sees both recipients done (06) with the
// times of every status, and both replies arrive linked to its letter.
#include <signal.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <thread>

#include "ApiClient.hpp"
#include "DocmgmtServer.hpp"
#include "ExchangeNode.hpp"
#include "ServerProcess.hpp"
#include "TestSupport.hpp"

using namespace vanthu;
using test::ApiClient;
using test::ApiResponse;

namespace {

/// One side of the demo: its data folder, its port (chosen before either process starts, so
/// that each peers file can name the other), then the process.
struct Side {
    std::string name;
    std::string profile;
    unsigned short port = test::freePort();
    test::TempDir data;
    std::unique_ptr<test::ServerProcess> process;
    std::map<std::string, std::string> passwords;

    void start(const Side& peer) {
        const auto peers = data / "peers.json";
        const auto pki = peer.data.path() / "pki";
        test::writeFile(
            peers, "{\"self\": \"" + name + "\", \"peers\": [{\"name\": \"" + peer.name +
                       "\", \"url\": \"http://127.0.0.1:" + std::to_string(peer.port) +
                       "\", \"certificate\": \"" + (pki / "exchange-certificates.pem").string() +
                       "\", \"trustAnchors\": \"" + (pki / "ca.pem").string() + "\"}]}");
        std::vector<std::string> args{"--demo",
                                      "--ecdsa",
                                      "--demo-profile",
                                      profile,
                                      "--peers",
                                      peers.string(),
                                      "--listen",
                                      "127.0.0.1:" + std::to_string(port),
                                      "--exchange-retry-max",
                                      "2",
                                      "--threads",
                                      "4"};
        if (const auto database = test::freshTestDatabase()) {
            // The PostgreSQL run (tests/server/CMakeLists.txt): each server on its own schema.
            args.insert(args.end(), {"--database", *database});
        }
        process = std::make_unique<test::ServerProcess>(data.path(), args);
        REQUIRE(process->port() == port);
        passwords = process->demoPasswords();
        REQUIRE(ApiClient(port).get("/api/health").status == 200);
    }

    ApiClient as(const std::string& username) const {
        ApiClient client(port);
        client.signIn(username, passwords.at(username));
        return client;
    }
};

/// An office's people on its server.
struct Office {
    const Side& side;
    std::string code, clerk, leader, specialist;
};

std::string path(http::Id id, const std::string& tail = "") {
    return std::to_string(id) + tail;
}

http::Id userId(ApiClient& client, const std::string& username) {
    const auto users = client.get("/api/users");
    expectOk(users);
    const auto array = users.array();
    for (std::size_t i = 0; i < array->size(); ++i) {
        const auto user = array->getObject(static_cast<unsigned>(i));
        if (user->getValue<std::string>("username") == username) {
            return user->getValue<http::Id>("id");
        }
    }
    FAIL("no user " << username);
    return 0;
}

/// An ISO date `days` from today (the deadlines must not be before arrival).
std::string isoDateIn(int days) {
    using namespace std::chrono;
    const year_month_day date{floor<std::chrono::days>(system_clock::now()) +
                              std::chrono::days(days)};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return text;
}

/// Asks again every 100 ms until `found` returns something, or fails after `limit`.
template <typename T>
T waitFor(const std::string& what, const std::function<std::optional<T>()>& found,
          std::chrono::seconds limit = std::chrono::seconds(60)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (auto value = found()) {
            return *value;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL("gave up waiting for " << what);
    return {};
}

/// Submit, approve, sign (the same leader) and issue a draft; returns the issued document.
Poco::JSON::Object::Ptr issue(const Office& office, ApiClient& author, http::Id id) {
    auto leader = office.side.as(office.leader);
    auto clerk = office.side.as(office.clerk);
    const std::string base = "/api/documents/" + path(id);
    expectOk(author.post(base + "/submit"));
    expectOk(leader.post(base + "/approve"));
    expectOk(leader.post(base + "/sign"));
    const auto issued = clerk.post(base + "/issue");
    expectOk(issued);
    REQUIRE(issued.object()->getValue<std::string>("state") == "issued");
    return issued.object();
}

/// The id of the incoming document with this subject in the office's queue of arrivals.
std::optional<http::Id> arrived(ApiClient& clerk, const std::string& subject) {
    const auto list = clerk.get("/api/incoming?state=arrived");
    if (list.status != 200) {
        return std::nullopt;
    }
    const auto array = list.array();
    for (std::size_t i = 0; i < array->size(); ++i) {
        const auto item = array->getObject(static_cast<unsigned>(i));
        if (item->getValue<std::string>("subject") == subject) {
            return item->getValue<http::Id>("id");
        }
    }
    return std::nullopt;
}

/// The receiver's whole incoming flow through the API: register, assign with a deadline,
/// start, draft the reply, issue it (back to the sender by default), close.
void handle(const Office& office, http::Id id, const std::string& replySubject,
            const std::string& senderCode, const std::string& exchangeId) {
    auto clerk = office.side.as(office.clerk);
    auto leader = office.side.as(office.leader);
    auto specialist = office.side.as(office.specialist);
    const std::string base = "/api/incoming/" + path(id);

    const auto detail = clerk.get(base);
    expectOk(detail);
    CHECK(detail.object()->getValue<std::string>("signatureStatus") == "valid");
    CHECK(detail.object()->getValue<std::string>("senderCode") == senderCode);
    // The sender's UUID on its own server; on the wire (and so at a receiver on another server)
    // the comma form "OrganId,yyyy/MM/dd,number/notation".
    const auto received = detail.object()->getValue<std::string>("exchangeId");
    CHECK((received == exchangeId || received.rfind(senderCode + ",", 0) == 0));

    const auto registered = clerk.post(base + "/register");
    expectOk(registered);
    CHECK(registered.object()->getValue<std::string>("state") == "registered");
    CHECK(registered.object()->getValue<int>("arrivalNumber") >= 1);

    const auto deadline = isoDateIn(10);
    Poco::JSON::Object assignment;
    assignment.set("version", 0); // a registered letter's first distribution
    assignment.set("assigneeId", userId(leader, office.specialist));
    assignment.set("deadline", deadline);
    assignment.set("instructions", "Tham mưu trả lời, báo cáo kết quả.");
    const auto assigned = leader.post(base + "/assign", test::jsonText(assignment));
    expectOk(assigned);
    CHECK(assigned.object()->getValue<std::string>("state") == "assigned");
    CHECK(assigned.object()->getValue<std::string>("deadline") == deadline);
    expectOk(specialist.post(base + "/start"));

    Poco::JSON::Object draft;
    draft.set("typeCode", "BC");
    draft.set("subject", replySubject);
    draft.set("body", "Thực hiện văn bản của Ban Thường vụ Tỉnh ủy, xin báo cáo kết quả như sau:"
                      "\n\n1. Đã quán triệt, triển khai đến các cơ quan, đơn vị./.");
    Poco::JSON::Array distribution;
    distribution.add("Như trên,");
    distribution.add("Lưu văn phòng.");
    draft.set("distribution", distribution);
    draft.set("signerId", userId(leader, office.leader));
    draft.set("authority", office.side.profile == "party" ? "T/M" : "KT");
    draft.set("authorityOf", office.side.profile == "party" ? "BAN THƯỜNG VỤ" : "CHỦ TỊCH");
    const auto reply = specialist.post(base + "/reply", test::jsonText(draft));
    expectOk(reply);
    CHECK(reply.object()->getValue<std::string>("responseFor") == received);
    const auto replyId = reply.object()->getValue<http::Id>("id");
    const auto replyDocument = specialist.get("/api/documents/" + path(replyId));
    expectOk(replyDocument);
    const auto recipientOffices =
        replyDocument.object()->getObject("draft")->getArray("recipientOffices");
    REQUIRE(recipientOffices->size() == 1);
    CHECK(recipientOffices->getElement<std::string>(0) == senderCode);
    issue(office, specialist, replyId);

    const auto done = specialist.post(base + "/close", R"({"note": "Đã trả lời bằng văn bản."})");
    expectOk(done);
    CHECK(done.object()->getValue<std::string>("state") == "done");
}

/// The sender's row for one recipient, once its status is `code`.
std::optional<Poco::JSON::Object::Ptr> recipientWithStatus(ApiClient& client, http::Id letterId,
                                                           const std::string& recipientCode,
                                                           const std::string& code) {
    const auto rows = client.get("/api/documents/" + path(letterId, "/recipients"));
    if (rows.status != 200) {
        return std::nullopt;
    }
    const auto array = rows.array();
    for (std::size_t i = 0; i < array->size(); ++i) {
        const auto row = array->getObject(static_cast<unsigned>(i));
        if (row->getValue<std::string>("recipientCode") == recipientCode &&
            row->getValue<std::string>("statusCode") == code) {
            return row;
        }
    }
    return std::nullopt;
}

/// The replies that arrived at the sender, linked to its letter (responseFor = its exchange id),
/// by sender code, once there are `count` of them.
std::optional<std::map<std::string, Poco::JSON::Object::Ptr>>
repliesTo(ApiClient& clerk, const std::string& exchangeId, std::size_t count) {
    const auto list = clerk.get("/api/incoming");
    if (list.status != 200) {
        return std::nullopt;
    }
    std::map<std::string, Poco::JSON::Object::Ptr> replies;
    const auto array = list.array();
    for (std::size_t i = 0; i < array->size(); ++i) {
        const auto id = array->getObject(static_cast<unsigned>(i))->getValue<http::Id>("id");
        const auto detail = clerk.get("/api/incoming/" + path(id));
        if (detail.status == 200 &&
            detail.object()->getValue<std::string>("responseFor") == exchangeId) {
            replies[detail.object()->getValue<std::string>("senderCode")] = detail.object();
        }
    }
    return replies.size() == count ? std::optional(replies) : std::nullopt;
}

} // namespace

TEST_CASE("two vanthu serve processes: a Party letter reaches the district committee on its "
          "server and the State office on the other, is registered, assigned, answered and "
          "shown done on the sender's side",
          "[exchange][process]") {
    Side party;
    party.name = party.profile = "party";
    Side state;
    state.name = state.profile = "state";
    party.start(state);
    state.start(party);
    const Office province{party, "DEMO.TU.BG", "vanthu.bg", "bithu.bg", "chuyenvien.bg"};
    const Office district{party, "DEMO.HU.BS", "vanthu.bs", "bithu.bs", "chuyenvien.bs"};
    const Office vanQuan{state, "DEMO.UB.VQ", "vanthu.vq", "chutich.vq", "chuyenvien.vq"};

    // The provincial committee drafts, approves, signs and issues the letter.
    auto author = party.as(province.specialist);
    const std::string subject = "báo cáo kết quả xây dựng chính quyền thân thiện (hai máy chủ)";
    Poco::JSON::Object draft;
    draft.set("typeCode", "CV");
    draft.set("subject", subject);
    Poco::JSON::Array recipients;
    recipients.add("Ban Thường vụ Huyện ủy Bình Sơn,");
    recipients.add("Ủy ban nhân dân huyện Văn Quan,");
    draft.set("recipients", recipients);
    draft.set("body", "Ban Thường vụ Tỉnh ủy đề nghị các cơ quan báo cáo kết quả xây dựng chính "
                      "quyền thân thiện trong thời hạn ghi trên văn bản./.");
    Poco::JSON::Array distribution;
    distribution.add("Như trên,");
    distribution.add("Lưu Văn phòng Tỉnh ủy.");
    draft.set("distribution", distribution);
    auto provinceLeader = party.as(province.leader);
    draft.set("signerId", userId(provinceLeader, province.leader));
    draft.set("authority", "T/M");
    draft.set("authorityOf", "BAN THƯỜNG VỤ");
    Poco::JSON::Array offices;
    offices.add(district.code);
    offices.add(vanQuan.code);
    draft.set("recipientOffices", offices);
    const auto dueDate = isoDateIn(14);
    draft.set("dueDate", dueDate);
    draft.set("issuedAmount", 7); // Phần II IssuedAmount: edXML OtherInfo/PromulgationAmount
    const auto created = author.post("/api/documents", test::jsonText(draft));
    expectOk(created);
    const auto letterId = created.object()->getValue<http::Id>("id");
    const auto letter = issue(province, author, letterId);
    const auto exchangeId = letter->getValue<std::string>("exchangeId");
    REQUIRE(exchangeId.size() == 36);

    // The district committee on the same server has it at once; the State office gets it from
    // the Party server's outbox worker thread.
    auto districtClerk = party.as(district.clerk);
    const auto districtId = arrived(districtClerk, subject);
    REQUIRE(districtId);
    auto vanQuanClerk = state.as(vanQuan.clerk);
    const auto vanQuanId = waitFor<http::Id>("the letter at the State server",
                                             [&] { return arrived(vanQuanClerk, subject); });
    const auto atVanQuan = vanQuanClerk.get("/api/incoming/" + path(vanQuanId));
    expectOk(atVanQuan);
    CHECK(atVanQuan.object()->getValue<std::string>("channel") == "edxml");
    CHECK(atVanQuan.object()->getValue<std::string>("dueDate") == dueDate);
    // IssuedAmount and PageAmount travel in OtherInfo (issue 15 item 5); the local copy at the
    // district counts its pages from the PDF.
    CHECK(atVanQuan.object()->getValue<int>("issuedAmount") == 7);
    CHECK(atVanQuan.object()->getValue<int>("pageAmount") >= 1);
    const auto atDistrict = districtClerk.get("/api/incoming/" + path(*districtId));
    CHECK(atDistrict.object()->getValue<int>("issuedAmount") == 7);
    CHECK(atDistrict.object()->getValue<int>("pageAmount") >= 1);
    const auto pdf = vanQuanClerk.get("/api/incoming/" + path(vanQuanId, "/pdf"));
    CHECK(pdf.header("content-type") == "application/pdf");
    CHECK(pdf.body.rfind("%PDF-", 0) == 0);

    handle(district, *districtId, "kết quả xây dựng chính quyền thân thiện (Huyện ủy Bình Sơn)",
           province.code, exchangeId);
    handle(vanQuan, vanQuanId, "kết quả xây dựng chính quyền thân thiện (UBND huyện Văn Quan)",
           province.code, exchangeId);

    // The sender's page: both recipients done, every status with its time.
    auto provinceClerk = party.as(province.clerk);
    for (const auto* office : {&district, &vanQuan}) {
        const auto row = waitFor<Poco::JSON::Object::Ptr>(office->code + " done", [&] {
            return recipientWithStatus(provinceClerk, letterId, office->code, "06");
        });
        INFO(office->code);
        const bool remote = office == &vanQuan;
        CHECK(row->getValue<std::string>("channel") == (remote ? "edxml" : "local"));
        CHECK(row->getValue<std::string>("peer") == (remote ? "state" : ""));
        CHECK_FALSE(row->getValue<std::string>("statusAt").empty());
        CHECK_FALSE(row->getValue<std::string>("sentAt").empty());
        const auto history = row->getArray("history");
        std::vector<std::string> codes;
        for (std::size_t i = 0; i < history->size(); ++i) {
            const auto entry = history->getObject(static_cast<unsigned>(i));
            codes.push_back(entry->getValue<std::string>("statusCode"));
            CHECK_FALSE(entry->getValue<std::string>("at").empty());
        }
        CHECK(codes == std::vector<std::string>{"01", "03", "04", "05", "06"});
    }

    // Both replies arrived at the provincial committee, linked to its letter: the district's at
    // once, Văn Quan's through the State server's outbox worker.
    const auto replies = waitFor<std::map<std::string, Poco::JSON::Object::Ptr>>(
        "both replies at the sender", [&] { return repliesTo(provinceClerk, exchangeId, 2); });
    REQUIRE(replies.count(district.code) == 1);
    REQUIRE(replies.count(vanQuan.code) == 1);
    CHECK(replies.at(district.code)->getValue<std::string>("channel") == "local");
    CHECK(replies.at(vanQuan.code)->getValue<std::string>("channel") == "edxml");
    for (const auto& [code, reply] : replies) {
        INFO(code);
        CHECK(reply->getValue<std::string>("state") == "arrived");
        CHECK(reply->getValue<std::string>("signatureStatus") == "valid");
        CHECK(reply->getValue<std::string>("typeCode") == "BC");
    }

    // Both stop cleanly (the outbox worker first, then the HTTP server).
    party.process->signal(SIGTERM);
    state.process->signal(SIGTERM);
    CHECK(party.process->wait() == 0);
    CHECK(state.process->wait() == 0);
}
