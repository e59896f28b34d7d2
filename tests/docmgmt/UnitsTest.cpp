// The units (phòng, ban) of an office as a list (issue 13 item 3, migration step 26): created,
// renamed (its users follow), removed only when empty, a user's unit one of the list, kept in
// the database (both engines: the [storage] tests run on PostgreSQL as well).
#include <catch2/catch.hpp>

#include <algorithm>

#include "DocmgmtFixtures.hpp"
#include "TestSupport.hpp"
#include "vanthu/docmgmt/Administration.hpp"
#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/SqlStorage.hpp"

using namespace vanthu;
using namespace vanthu::docmgmt;

namespace {

Office office(const std::string& code, const std::string& name) {
    Office o;
    o.code = code;
    o.name = name;
    o.issuerCode = "UBND";
    o.place = "Nghệ An";
    return o;
}

std::vector<std::string> names(const std::vector<Unit>& units) {
    std::vector<std::string> out;
    for (const auto& unit : units) {
        out.push_back(unit.name);
    }
    return out;
}

std::vector<std::string> actionsAbout(AuditTrail& audit, const std::string& object) {
    std::vector<std::string> out;
    for (const auto& entry : audit.about(object)) {
        out.push_back(entry.action + " " + entry.detail);
    }
    return out;
}

} // namespace

TEST_CASE("Units: an office's list, a user's unit chosen from it, renamed with its users, removed "
          "only when empty",
          "[administration][storage]") {
    test::TempDir dir;
    const auto file = dir / "vanthu.db";
    auto storage = test::openStorage(file);
    AuditTrail audit(*storage);
    Administration admin(*storage, audit);
    const auto actor = Administration::commandLineActor();
    const auto a = admin.addOffice(actor, office("000.00.00.H41", "UBND TỈNH NGHỆ AN"));
    const auto b = admin.addOffice(actor, office("000.00.01.H41", "SỞ NỘI VỤ"));

    const auto office1 = admin.addUnit(actor, a.id, "  Văn phòng ");
    CHECK(office1.name == "Văn phòng"); // trimmed
    const auto economy = admin.addUnit(actor, a.id, "Phòng Kinh tế");
    admin.addUnit(actor, b.id, "Văn phòng"); // the same name in another office
    CHECK_THROWS_AS(admin.addUnit(actor, a.id, "Văn phòng"), Conflict);
    CHECK_THROWS_AS(admin.addUnit(actor, a.id, "   "), InvalidInput);
    CHECK_THROWS_AS(admin.addUnit(actor, a.id, std::string(201, 'x')), InvalidInput);
    CHECK(names(admin.units(a.id)) == std::vector<std::string>{"Văn phòng", "Phòng Kinh tế"});
    CHECK(names(admin.units(b.id)) == std::vector<std::string>{"Văn phòng"});

    // A user's unit is one of the office's, or none.
    User user;
    user.officeId = a.id;
    user.username = "chuyenvien.na";
    user.fullName = "Trần Văn Nam";
    user.unit = "Phòng Không Có";
    try {
        admin.addUser(actor, user, "mật khẩu dài");
        FAIL("a unit outside the list was taken");
    } catch (const InvalidInput& e) {
        CHECK(e.field() == "unit");
        CHECK(std::string(e.what()).find("Phòng Không Có") != std::string::npos);
    }
    user.unit = "Phòng Kinh tế";
    user = admin.addUser(actor, user, "mật khẩu dài");
    CHECK(storage->findUser(user.id)->unit == "Phòng Kinh tế");
    UserChange toNowhere;
    toNowhere.unit = "Phòng Tổng hợp";
    CHECK_THROWS_AS(admin.editUser(actor, user.id, toNowhere), InvalidInput);
    UserChange none;
    none.unit = "";
    admin.editUser(actor, user.id, none);
    CHECK(storage->findUser(user.id)->unit.empty());
    UserChange back;
    back.unit = "Phòng Kinh tế";
    admin.editUser(actor, user.id, back);

    // Renamed: its users follow. A name another unit has is refused.
    CHECK_THROWS_AS(admin.renameUnit(actor, a.id, economy.id, "Văn phòng"), Conflict);
    CHECK_THROWS_AS(admin.renameUnit(actor, b.id, economy.id, "Phòng Kinh tế - Hạ tầng"),
                    NotFound); // another office's unit
    const auto renamed = admin.renameUnit(actor, a.id, economy.id, "Phòng Kinh tế - Hạ tầng");
    CHECK(renamed.name == "Phòng Kinh tế - Hạ tầng");
    CHECK(storage->findUser(user.id)->unit == "Phòng Kinh tế - Hạ tầng");

    // Removed only when no user (active or not) is in it.
    try {
        admin.removeUnit(actor, a.id, economy.id);
        FAIL("a unit with a user was removed");
    } catch (const Conflict& e) {
        CHECK(std::string(e.what()).find("còn 1 người dùng") != std::string::npos);
    }
    admin.setActive(actor, user.id, false);
    CHECK_THROWS_AS(admin.removeUnit(actor, a.id, economy.id), Conflict);
    admin.setActive(actor, user.id, true);
    admin.removeUnit(actor, a.id, office1.id);
    CHECK(names(admin.units(a.id)) == std::vector<std::string>{"Phòng Kinh tế - Hạ tầng"});
    CHECK_THROWS_AS(admin.removeUnit(actor, a.id, office1.id), NotFound);

    // Moved to an office without the unit: the unit is cleared; with it: kept.
    admin.moveUser(actor, user.id, b.id);
    CHECK(storage->findUser(user.id)->unit.empty());
    const auto bOffice = admin.units(b.id).front();
    UserChange inB;
    inB.unit = "Văn phòng";
    admin.editUser(actor, user.id, inB);
    admin.addUnit(actor, a.id, "Văn phòng");
    admin.moveUser(actor, user.id, a.id);
    CHECK(storage->findUser(user.id)->unit == "Văn phòng");
    admin.removeUnit(actor, b.id, bOffice.id); // empty again

    // An office's administrator manages only its own office's units.
    User officeAdmin;
    officeAdmin.officeId = b.id;
    officeAdmin.username = "quantri.snv";
    officeAdmin.fullName = "Quản Trị Sở";
    officeAdmin.role = Role::Administrator;
    officeAdmin = admin.addUser(actor, officeAdmin, "mật khẩu dài");
    const Actor bAdmin{officeAdmin, "127.0.0.1"};
    CHECK_THROWS_AS(admin.addUnit(bAdmin, a.id, "Phòng Nội vụ"), Forbidden);
    CHECK(admin.addUnit(bAdmin, b.id, "Phòng Tổ chức").officeId == b.id);

    // Every change audited on the office, and kept in the database.
    CHECK(actionsAbout(audit, "office/" + std::to_string(a.id)) ==
          std::vector<std::string>{
              "create-office 000.00.00.H41 UBND TỈNH NGHỆ AN",
              "create-unit unit: Văn phòng",
              "create-unit unit: Phòng Kinh tế",
              "rename-unit name: Phòng Kinh tế → Phòng Kinh tế - Hạ tầng",
              "remove-unit unit: Văn phòng",
              "create-unit unit: Văn phòng",
              "refused Bạn chỉ quản lý được đơn vị của cơ quan mình và các cơ quan trực thuộc.",
          });
    CHECK(audit.verify().intact);
    storage.reset();
    auto reopened = test::openStorage(file);
    CHECK(names(reopened->units(a.id)) ==
          std::vector<std::string>{"Phòng Kinh tế - Hạ tầng", "Văn phòng"});
    CHECK(names(reopened->units(b.id)) == std::vector<std::string>{"Phòng Tổ chức"});
}

TEST_CASE("Units: an installation from before the list gets the units its users named",
          "[administration][storage]") {
    // The schema version just before the step that makes the table of units.
    int before = 0;
    for (int version =
             [] {
                 test::TempDir probe;
                 return test::openStorage(probe / "vanthu.db")->schemaVersion();
             }() -
             1;
         version > 0 && before == 0; --version) {
        test::TempDir probe;
        SqlOptions options;
        options.migrateTo = version;
        test::openStorage(probe / "vanthu.db", options);
        if (test::databaseSql(probe / "vanthu.db", "SELECT count(*) FROM units").exitCode != 0) {
            before = version;
        }
    }
    REQUIRE(before > 0);

    test::TempDir dir;
    const auto file = dir / "vanthu.db";
    {
        SqlOptions old;
        old.migrateTo = before;
        test::openStorage(file, old);
    }
    // Users as an older vanthu wrote them, their unit a text.
    REQUIRE(test::databaseSql(
                file, "INSERT INTO offices (code, name, system, issuer_code, place) VALUES "
                      "('000.00.00.H41', 'UBND TỈNH NGHỆ AN', 'state', 'UBND', 'Nghệ An');"
                      "INSERT INTO users (office_id, username, full_name, role, password_hash, "
                      "unit) VALUES (1, 'a', 'A', 'clerk', 'h', 'Văn phòng'), (1, 'b', 'B', "
                      "'specialist', 'h', 'Phòng Kinh tế'), (1, 'c', 'C', 'specialist', 'h', "
                      "'Văn phòng'), (1, 'd', 'D', 'leader', 'h', '')")
                .exitCode == 0);
    auto storage = test::openStorage(file);
    auto units = names(storage->units(1));
    std::sort(units.begin(), units.end());
    CHECK(units == std::vector<std::string>{"Phòng Kinh tế", "Văn phòng"});
    // … and they are the list now: a rename reaches both users of the unit.
    AuditTrail audit(*storage);
    Administration admin(*storage, audit);
    const auto actor = Administration::commandLineActor();
    for (const auto& unit : storage->units(1)) {
        if (unit.name == "Văn phòng") {
            admin.renameUnit(actor, 1, unit.id, "Văn phòng UBND");
        }
    }
    CHECK(storage->findUserByName("a")->unit == "Văn phòng UBND");
    CHECK(storage->findUserByName("c")->unit == "Văn phòng UBND");
    CHECK(storage->findUserByName("b")->unit == "Phòng Kinh tế");
}
