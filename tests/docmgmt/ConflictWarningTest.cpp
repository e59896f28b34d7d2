// Warnings of conflicts beyond drafts (NĐ 30 Phụ lục VI IV.2): two clerks register the same
// incoming letter at once; one registers it, the other is told who was first and when, and the
// register holds it once.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "IncomingFixtures.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/Passwords.hpp"

using namespace vanthu::docmgmt;
using vanthu::test::RoutingWorld;

TEST_CASE("Two clerks register the same incoming letter at once: one does, the other is told "
          "who registered it and when",
          "[incoming][conflict]") {
    RoutingWorld w;
    const auto first = w.user("vanthu.bs");
    User second;
    second.officeId = first.officeId;
    second.username = "vanthu2.bs";
    second.fullName = "Trần Thị Lan";
    second.role = Role::Clerk;
    second.title = "VĂN THƯ";
    second.id = w.storage->addUser(second, hashPassword("mat-khau-dai-du-12"));
    w.issuePartyLetter({"DEMO.HU.BS"});
    const Id id = w.incomingOf("vanthu.bs").front().id;

    std::atomic<int> registered{0};
    std::vector<std::string> refusals(2);
    std::vector<std::thread> clerks;
    const std::vector<User> both = {first, second};
    for (std::size_t i = 0; i < both.size(); ++i) {
        clerks.emplace_back([&, i] {
            try {
                w.incoming->registerArrival(Actor{both[i], "127.0.0.1"}, id);
                ++registered;
            } catch (const Conflict& e) {
                refusals[i] = e.what();
            }
        });
    }
    for (auto& clerk : clerks) {
        clerk.join();
    }
    REQUIRE(registered == 1);
    const auto doc = w.incoming->document(w.actor("vanthu.bs"), id);
    CHECK(doc.state == IncomingState::Registered);
    CHECK(doc.arrivalNumber == 1);
    const std::size_t loser = refusals[0].empty() ? 1 : 0;
    const auto& winner = both[1 - loser];
    INFO(refusals[loser]);
    CHECK(refusals[loser].find("đã được " + winner.fullName + " vào sổ (số đến 1) lúc ") !=
          std::string::npos);
    CHECK(refusals[loser].find("/06/2026") != std::string::npos);
    // the refusal is in the trail, the register has the letter once
    const auto trail = w.audit->about("incoming/" + std::to_string(id));
    int registers = 0, refused = 0;
    for (const auto& entry : trail) {
        registers += entry.action == "register" ? 1 : 0;
        refused += entry.action == "refused" ? 1 : 0;
    }
    CHECK(registers == 1);
    CHECK(refused >= 1);
}
