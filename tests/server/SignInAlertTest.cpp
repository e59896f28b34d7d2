// Repeated failed sign-ins are shown to the account's office's administrators (issue 19 item 9):
// when an account's failures reach the level at which the sign-in throttle guards it, a notice
// "sign-in-failures" waits on the users' page of its office's administrators (and the
// installation administrator's) until one confirms it, and the alert is in the audit trail.
#include <catch2/catch.hpp>

#include "DocmgmtServer.hpp"
#include "RawConnection.hpp"
#include "http/Server.hpp"

using namespace vanthu;

namespace {

/// How many waiting notices of change "sign-in-failures" about username the client sees.
int alertsSeenBy(test::ApiClient& client, const std::string& username) {
    const auto answer = client.get("/api/access-notices");
    INFO(answer.body);
    REQUIRE(answer.status == 200);
    int seen = 0;
    const auto notices = answer.array();
    for (std::size_t i = 0; i < notices->size(); ++i) {
        const auto notice = notices->getObject(static_cast<unsigned>(i));
        if (notice->getValue<std::string>("change") == "sign-in-failures" &&
            notice->getValue<std::string>("username") == username) {
            ++seen;
        }
    }
    return seen;
}

} // namespace

TEST_CASE("sign-in: an account guessed from several addresses is shown once to its office's "
          "administrator and the installation's, not to another office's",
          "[http][hostile]") {
    auto& shared = test::DocmgmtServer::shared();
    http::ServerConfig config;
    config.port = 0;
    config.loginAccountFailures = 3;
    http::Server guarded(config, shared.backend());
    auto officeAdmin = shared.as("quantri.bs");
    auto installationAdmin = shared.as("quantri.bg");
    auto otherAdmin = shared.as("quantri.vq");
    const int before = alertsSeenBy(officeAdmin, "chuyenvien.bs");

    for (int i = 0; i < 5; ++i) { // 3 reach the level, 2 more do not notify again
        const std::string from = "127.0.3." + std::to_string(i + 1);
        CHECK(test::statusOf(test::rawRequest(from, guarded.port(),
                                              test::signInRequest("chuyenvien.bs", "sai"))) == 401);
    }
    // A name that is nobody's is audited as a failure, and notifies no one.
    for (int i = 0; i < 3; ++i) {
        const std::string from = "127.0.4." + std::to_string(i + 1);
        CHECK(test::statusOf(test::rawRequest(from, guarded.port(),
                                              test::signInRequest("khong.ai", "sai"))) == 401);
    }

    CHECK(alertsSeenBy(officeAdmin, "chuyenvien.bs") == before + 1);
    CHECK(alertsSeenBy(installationAdmin, "chuyenvien.bs") == before + 1);
    CHECK(alertsSeenBy(otherAdmin, "chuyenvien.bs") == 0);
    const auto notices = officeAdmin.get("/api/access-notices").body;
    CHECK(notices.find("3 lần đăng nhập sai trong 5 phút từ nhiều địa chỉ") != std::string::npos);
    CHECK(shared.as("chuyenvien.bs").get("/api/access-notices").status == 403);

    int alerts = 0;
    for (const auto& entry : shared.backend().audit(200)) {
        alerts += entry.action == "sign-in-alert" ? 1 : 0;
    }
    CHECK(alerts >= 1);
    // The right password still signs in from an address that has not failed.
    CHECK(test::statusOf(test::rawRequest(
              "127.0.5.1", guarded.port(),
              test::signInRequest("chuyenvien.bs", shared.password("chuyenvien.bs")))) == 200);
}
