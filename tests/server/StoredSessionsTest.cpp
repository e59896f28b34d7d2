// Sessions kept in the database: another SessionStore on the same storage (a restarted server)
// finds them; they expire when idle, use keeps them alive, and a user's sessions end together.
// On both engines: registered for the PostgreSQL run (tests/server/CMakeLists.txt).
#include <catch2/catch.hpp>

#include "DocmgmtServer.hpp"
#include "TestSupport.hpp"
#include "http/SessionStore.hpp"
#include "vanthu/docmgmt/Administration.hpp"
#include "vanthu/docmgmt/Installation.hpp"
#include "vanthu/docmgmt/Passwords.hpp"
#include "vanthu/docmgmt/Storage.hpp"

using namespace vanthu;

namespace {

docmgmt::Id addUser(docmgmt::Installation& installation, const std::string& username,
                    docmgmt::Id officeId) {
    docmgmt::User user;
    user.officeId = officeId;
    user.username = username;
    user.fullName = username;
    return docmgmt::Administration(installation.storage(), installation.audit())
        .addUser(docmgmt::Administration::commandLineActor(), user, "mật khẩu dài")
        .id;
}

} // namespace

TEST_CASE("stored sessions survive a new store, expire when idle, end per user", "[sessions]") {
    test::TempDir dir;
    docmgmt::Installation installation(dir / "data",
                                       test::testInstallation(test::freshTestDatabase()));
    docmgmt::Office office;
    office.code = "000.00.00.H41";
    office.name = "UBND TỈNH NGHỆ AN";
    office.issuerCode = "UBND";
    office.place = "Nghệ An";
    office = docmgmt::Administration(installation.storage(), installation.audit())
                 .addOffice(docmgmt::Administration::commandLineActor(), office);
    const auto alice = addUser(installation, "alice", office.id);
    const auto bob = addUser(installation, "bob", office.id);

    std::int64_t now = 1'000'000;
    const auto clock = [&] { return now; };
    const std::chrono::seconds idle(3600);
    std::string token, other, bobs;
    {
        http::SessionStore before(idle, &installation.storage(), clock);
        const auto created = before.create(alice);
        token = created.token;
        other = before.create(alice).token;
        bobs = before.create(bob).token;
        CHECK(before.find(token)->csrf == created.csrf);
    }
    // Only the token's hash is in the database.
    CHECK_FALSE(installation.storage().findSession(token));
    REQUIRE(installation.storage().findSession(docmgmt::sha256Hex(token)));

    http::SessionStore after(idle, &installation.storage(), clock); // the server restarted
    now += 3000;
    REQUIRE(after.find(token));
    CHECK(after.find(token)->userId == alice);
    CHECK(after.find(token)->expiresAt == now + 3600); // use moved the expiry on
    CHECK(after.find(bobs));
    now += 3000; // 6000 s after sign-in, 3000 s idle
    CHECK(after.find(token));
    CHECK_FALSE(after.find(other)); // idle for 6000 s: gone, and removed
    CHECK_FALSE(installation.storage().findSession(docmgmt::sha256Hex(other)));

    after.removeUser(alice);
    CHECK_FALSE(after.find(token));
    CHECK(after.find(bobs)); // another user's session stays
    after.remove(bobs);
    CHECK_FALSE(after.find(bobs));
}
