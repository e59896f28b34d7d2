// AdministrationScope: which offices, users and audit entries an administrator's rights cover.
#include <catch2/catch.hpp>

#include "vanthu/docmgmt/AdministrationScope.hpp"

using namespace vanthu::docmgmt;

namespace {

Office office(Id id, std::optional<Id> parent) {
    Office o;
    o.id = id;
    o.parentId = parent;
    return o;
}

User user(Id id, Id officeId, Role role, bool installation = false) {
    User u;
    u.id = id;
    u.officeId = officeId;
    u.role = role;
    u.installationAdministrator = installation;
    return u;
}

AuditRecord entry(std::optional<Id> by, const std::string& object) {
    AuditRecord r;
    r.userId = by;
    r.object = object;
    return r;
}

// 1 province ─ 2 district ─ 3 commune;  1 ─ 4 other district;  5 ⇄ 6 (a cycle, by mistake)
const std::vector<Office> kOffices = {
    office(1, std::nullopt), office(2, 1), office(3, 2), office(4, 1), office(5, 6), office(6, 5)};
const std::vector<User> kUsers = {
    user(10, 1, Role::Administrator, true), user(11, 1, Role::Administrator),
    user(20, 2, Role::Administrator),       user(21, 2, Role::Clerk),
    user(30, 3, Role::Specialist),          user(40, 4, Role::Clerk),
    user(50, 5, Role::Administrator)};

AdministrationScope scopeOf(const User& who) {
    return AdministrationScope(Actor{who, "127.0.0.1"}, kOffices, kUsers);
}

} // namespace

TEST_CASE("AdministrationScope: the installation's administrator and the command line cover all",
          "[administration][scope]") {
    for (const auto& who : {kUsers[0], User{}}) { // id 0: the command line
        const auto scope = scopeOf(who);
        CHECK(scope.whole());
        for (const auto& o : kOffices) {
            CHECK(scope.covers(o.id));
        }
        CHECK(scope.covers(kUsers[0]));
        CHECK(scope.covers(entry(std::nullopt, "trust")));
    }
}

TEST_CASE("AdministrationScope: an office's administrator covers its office and those below it",
          "[administration][scope]") {
    const auto district = scopeOf(kUsers[2]);
    CHECK_FALSE(district.whole());
    CHECK(district.covers(Id{2}));
    CHECK(district.covers(Id{3}));
    CHECK_FALSE(district.covers(Id{1}));
    CHECK_FALSE(district.covers(Id{4}));
    CHECK(district.covers(kUsers[3]));
    CHECK(district.covers(kUsers[4]));
    CHECK_FALSE(district.covers(kUsers[5]));

    const auto province = scopeOf(kUsers[1]); // an administrator of the top office, not of it all
    CHECK_FALSE(province.whole());
    CHECK(province.covers(Id{4}));
    CHECK(province.covers(kUsers[5]));
    CHECK_FALSE(
        province.covers(kUsers[0])); // the installation's administrator is not its to manage
    CHECK_FALSE(province.covers(Id{5}));

    const auto looped = scopeOf(kUsers[6]); // a cycle in parentId ends
    CHECK(looped.covers(Id{5}));
    CHECK(looped.covers(Id{6}));
    CHECK_FALSE(looped.covers(Id{1}));
}

TEST_CASE("AdministrationScope: anyone but an active administrator covers nothing",
          "[administration][scope]") {
    CHECK_FALSE(scopeOf(kUsers[3]).covers(Id{2})); // a clerk
    auto deactivated = kUsers[2];
    deactivated.active = false;
    CHECK_FALSE(scopeOf(deactivated).covers(Id{2}));
    auto demoted = kUsers[0];
    demoted.role = Role::Clerk; // the flag alone gives nothing
    CHECK_FALSE(scopeOf(demoted).whole());
}

TEST_CASE("AdministrationScope: audit entries by or about what it covers",
          "[administration][scope]") {
    const auto district = scopeOf(kUsers[2]);
    CHECK(district.covers(entry(Id{21}, "document/7")));     // by its clerk
    CHECK(district.covers(entry(Id{10}, "user/30")));        // about its commune's user
    CHECK(district.covers(entry(std::nullopt, "office/3"))); // about the commune
    CHECK_FALSE(district.covers(entry(Id{40}, "document/8")));
    CHECK_FALSE(district.covers(entry(Id{10}, "office/4")));
    CHECK_FALSE(district.covers(entry(Id{10}, "user/10")));
    CHECK_FALSE(district.covers(entry(std::nullopt, "trust")));
    CHECK_FALSE(district.covers(entry(Id{10}, "office/2x")));
}
