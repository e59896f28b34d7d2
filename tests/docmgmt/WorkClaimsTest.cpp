// WorkClaims (issue 17 item 2): background work that one server at a time does on a shared
// database (the national axis's polling and directory sync) is claimed for a lease; another
// claimer gets it only when the lease ends or the holder releases it. Two connections to one
// database stand for two servers. Runs on SQLite and, as "docmgmt (postgresql): …", on
// PostgreSQL, where the claim is FOR UPDATE SKIP LOCKED.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "DocmgmtFixtures.hpp"
#include "vanthu/docmgmt/WorkClaims.hpp"

using namespace vanthu::docmgmt;
using vanthu::test::TempDir;

TEST_CASE("WorkClaims: held by one server until its lease ends or it releases, renewed only by "
          "its holder",
          "[storage][claims]") {
    TempDir dir;
    const auto file = SqlStorage::databaseFileIn(dir.path());
    const auto one = vanthu::test::openStorage(file);
    const auto two = vanthu::test::openStorage(file);
    WorkClaims a(*one, "máy chủ A"), b(*two, "máy chủ B");
    const std::int64_t now = 1'800'000'000;
    const std::string work = "axis:truc";

    CHECK(a.claim(work, now, 60));
    CHECK_FALSE(b.claim(work, now, 60));
    CHECK_FALSE(a.claim(work, now + 10, 60)); // held, by itself too
    CHECK_FALSE(b.renew(work, now + 10, 60)); // not B's
    CHECK(a.renew(work, now + 50, 60));       // held until now + 110
    CHECK_FALSE(b.claim(work, now + 109, 60));
    // A died: its lease ends, B takes the work; A, back, can neither renew nor release it.
    CHECK(b.claim(work, now + 110, 60));
    CHECK_FALSE(a.renew(work, now + 111, 60));
    a.release(work, now + 111);
    CHECK_FALSE(a.claim(work, now + 111, 60));
    // Released for a later time: due for anyone then, not before.
    b.release(work, now + 200);
    CHECK_FALSE(a.claim(work, now + 199, 60));
    CHECK_FALSE(b.claim(work, now + 199, 60));
    CHECK(a.claim(work, now + 200, 60));
    // Other work is claimed apart.
    CHECK(b.claim("axis-directory:truc", now + 200, 60));
    CHECK_FALSE(a.claim("axis-directory:truc", now + 200, 60));
    // Holders' names differ between processes and calls.
    CHECK(WorkClaims::newHolder() != WorkClaims::newHolder());
}

TEST_CASE("WorkClaims: two servers racing for one piece of work never hold it at once",
          "[storage][claims]") {
    TempDir dir;
    const auto file = SqlStorage::databaseFileIn(dir.path());
    const auto one = vanthu::test::openStorage(file);
    const auto two = vanthu::test::openStorage(file);
    const std::int64_t now = 1'800'000'000;
    std::atomic<int> holding{0}, overlaps{0};
    std::mutex errorMutex;
    std::string error;
    // Each holds the work ten times (2 ms each, then frees it at once), trying as often as it
    // can meanwhile: at no moment may both hold it.
    const auto race = [&](Storage& storage, const std::string& name, int& won) {
        try {
            WorkClaims claims(storage, name);
            const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
            while (won < 10 && std::chrono::steady_clock::now() < until) {
                if (!claims.claim("axis:truc", now, 600)) {
                    continue;
                }
                ++won;
                if (holding.fetch_add(1) != 0) {
                    ++overlaps;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
                holding.fetch_sub(1);
                claims.release("axis:truc", now);
            }
        } catch (const std::exception& e) {
            std::lock_guard lock(errorMutex);
            error = e.what();
        }
    };
    int wonA = 0, wonB = 0;
    std::thread a([&] { race(*one, "A", wonA); });
    std::thread b([&] { race(*two, "B", wonB); });
    a.join();
    b.join();
    INFO(error);
    REQUIRE(error.empty());
    CHECK(wonA == 10);
    CHECK(wonB == 10);
    CHECK(overlaps == 0);
}

TEST_CASE("WorkClaims: a server restarted on this machine takes back at once what its dead "
          "process held, not what a live process or another machine holds",
          "[storage][claims]") {
    TempDir dir;
    const auto file = SqlStorage::databaseFileIn(dir.path());
    const auto one = vanthu::test::openStorage(file);
    const auto two = vanthu::test::openStorage(file);
    // A process of this machine that has ended (as after kill -9).
    const pid_t child = ::fork();
    if (child == 0) {
        ::_exit(0);
    }
    REQUIRE(child > 0);
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    const std::string me = WorkClaims::newHolder();
    const std::string host = me.substr(0, me.find('/'));
    const std::int64_t now = 1'800'000'000;

    WorkClaims dead(*one, host + "/" + std::to_string(child) + "/1");
    WorkClaims restarted(*two, WorkClaims::newHolder());
    REQUIRE(dead.claim("renewal", now, 600));
    CHECK(restarted.claim("renewal", now + 1, 600)); // not 600 s later
    CHECK_FALSE(dead.renew("renewal", now + 2, 600));

    // A live process of this machine (this one, another claimer in it) keeps its lease.
    WorkClaims alive(*one, WorkClaims::newHolder());
    REQUIRE(alive.claim("axis:truc", now, 600));
    CHECK_FALSE(restarted.claim("axis:truc", now + 1, 600));
    // So does a holder on another machine, whatever its pid.
    WorkClaims elsewhere(*one, "may-chu-khac.invalid/" + std::to_string(child) + "/2");
    REQUIRE(elsewhere.claim("ocr:abc", now, 600));
    CHECK_FALSE(restarted.claim("ocr:abc", now + 1, 600));
    CHECK(restarted.claim("ocr:abc", now + 601, 600));
}
