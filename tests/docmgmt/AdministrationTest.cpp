#include <catch2/catch.hpp>

#include "DocmgmtFixtures.hpp"
#include "TestSupport.hpp"
#include "vanthu/docmgmt/Administration.hpp"
#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/Installation.hpp"
#include "vanthu/docmgmt/Passwords.hpp"
#include "vanthu/docmgmt/Storage.hpp"

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

std::string lastAction(Installation& installation, const std::string& object) {
    const auto entries = installation.audit().about(object);
    return entries.empty() ? std::string() : entries.back().action + " " + entries.back().detail;
}

} // namespace

TEST_CASE("Office codes: the 13-character form of QĐ 20/2020", "[administration]") {
    for (const char* good : {"000.00.00.H41", "000.00.12.H35", "001.02.03.G22", "000.00.00.A01"}) {
        INFO(good);
        CHECK_NOTHROW(checkOfficeCode(good));
    }
    for (const char* bad :
         {"", "DEMO.UB.VQ", "000.00.00.H4", "000.00.00.h41", "000.00.00.H411", "0000.0.00.H41",
          "000-00-00-H41", "000.00.00.441", "000.00.00.H41 ", "０00.00.00.H41"}) {
        INFO(bad);
        try {
            checkOfficeCode(bad);
            FAIL("accepted");
        } catch (const InvalidInput& e) {
            CHECK(e.field() == "code");
            CHECK(std::string(e.what()).find("Quyết định 20/2020/QĐ-TTg") != std::string::npos);
        }
    }
}

TEST_CASE("Installation: the verbs never make one by accident", "[administration][installation]") {
    test::TempDir dir;
    CHECK_THROWS_AS(Installation(dir / "none"), InstallationError);
    CHECK_FALSE(std::filesystem::exists(dir / "none" / "vanthu.db"));
    {
        Installation made(dir / "data", test::installationOptions(dir / "data"));
        CHECK(Installation::existsIn(dir / "data"));
        // On the run's engine: the PostgreSQL run's folder names its database, no vanthu.db.
        CHECK(std::filesystem::exists(Installation::databasePointerIn(dir / "data")) ==
              test::onPostgres());
        CHECK(std::filesystem::exists(SqlStorage::databaseFileIn(dir / "data")) ==
              !test::onPostgres());
        CHECK(made.keyPassword().empty()); // no demo default
    }
    Installation again(dir / "data");
    CHECK(again.storage().offices().empty());
    CHECK(again.search() == nullptr);
    Installation readOnly(dir / "data", InstallationOptions::inspecting());
    CHECK(readOnly.audit().verify().intact);
    CHECK_THROWS_AS(readOnly.flow(), std::logic_error);
}

TEST_CASE("Administration: offices added, edited and dissolved with their history",
          "[administration]") {
    test::TempDir dir;
    Installation installation(dir / "data", test::installationOptions(dir / "data"));
    Administration admin(installation.storage(), installation.audit());
    const auto actor = Administration::commandLineActor();
    CHECK(actor.user.username.rfind("cli:", 0) == 0);

    const auto province = admin.addOffice(actor, office("000.00.00.H41", "UBND TỈNH NGHỆ AN"));
    auto district = office("000.00.12.H41", "UBND HUYỆN NGHI LỘC");
    district.parentId = province.id;
    district = admin.addOffice(actor, district);
    const auto commune = admin.addOffice(actor, office("000.12.34.H41", "UBND XÃ NGHI LONG"));
    CHECK_THROWS_AS(admin.addOffice(actor, office("000.00.00.H41", "again")), Conflict);
    CHECK_THROWS_AS(admin.addOffice(actor, office("DEMO.X", "bad code")), InvalidInput);
    auto noPlace = office("000.00.00.H42", "x");
    noPlace.place = " ";
    CHECK_THROWS_AS(admin.addOffice(actor, noPlace), InvalidInput);

    OfficeChange rename;
    rename.name = "UBND XÃ NGHI LONG MỚI";
    admin.editOffice(actor, commune.id, rename);
    CHECK(lastAction(installation, "office/" + std::to_string(commune.id)) ==
          "edit-office name: UBND XÃ NGHI LONG → UBND XÃ NGHI LONG MỚI");
    OfficeChange badCode;
    badCode.code = "12";
    CHECK_THROWS_AS(admin.editOffice(actor, commune.id, badCode), InvalidInput);

    // 1 July 2025: the district level ends; its work goes to the commune.
    User clerk;
    clerk.officeId = district.id;
    clerk.username = "vanthu.nl";
    clerk.fullName = "Nguyễn Thị Lan";
    clerk.role = Role::Clerk;
    clerk = admin.addUser(actor, clerk, "mật khẩu dài");
    const auto dissolved = admin.dissolveOffice(actor, district.id, "2025-07-01", commune.id);
    CHECK(dissolved.dissolved());
    CHECK(installation.storage().findOffice(district.id)->successorId == commune.id);
    CHECK(installation.storage().findOffice(district.id)->name == "UBND HUYỆN NGHI LỘC");
    CHECK_FALSE(installation.storage().findUser(clerk.id)->active);
    CHECK(lastAction(installation, "office/" + std::to_string(district.id))
              .find("dissolve-office dissolved on 2025-07-01; successor: office/") == 0);
    CHECK_THROWS_AS(admin.dissolveOffice(actor, district.id, "2025-07-02", std::nullopt), Conflict);
    CHECK_THROWS_AS(admin.dissolveOffice(actor, commune.id, "1/7/2025", std::nullopt),
                    InvalidInput);
    CHECK_THROWS_AS(admin.dissolveOffice(actor, province.id, "2025-07-01", district.id),
                    Conflict); // a dissolved successor
    User late = clerk;
    late.username = "late.nl";
    CHECK_THROWS_AS(admin.addUser(actor, late, "mật khẩu dài"), Conflict);
    CHECK(installation.audit().verify().intact);
}

TEST_CASE("Administration: users edited, moved, deactivated, their password reset, sessions end",
          "[administration]") {
    test::TempDir dir;
    Installation installation(dir / "data", test::installationOptions(dir / "data"));
    auto& storage = installation.storage();
    Administration admin(storage, installation.audit());
    const auto actor = Administration::commandLineActor();
    const auto a = admin.addOffice(actor, office("000.00.00.H41", "UBND TỈNH NGHỆ AN"));
    const auto b = admin.addOffice(actor, office("000.00.01.H41", "SỞ NỘI VỤ"));

    User user;
    user.officeId = a.id;
    user.username = "ChuyenVien.NA";
    user.fullName = "Trần Văn Nam";
    CHECK_THROWS_AS(admin.addUser(actor, user, "short"), InvalidInput);
    user = admin.addUser(actor, user, "mật khẩu dài");
    CHECK(user.username == "chuyenvien.na");
    CHECK_THROWS_AS(admin.addUser(actor, user, "mật khẩu dài"), Conflict);
    const auto session = [&](const std::string& token) {
        storage.addSession({token, user.id, "csrf", 1, 4102444800});
    };

    session("t1");
    admin.addUnit(actor, a.id, "Phòng Tổng hợp");
    UserChange title;
    title.title = "CHUYÊN VIÊN";
    title.unit = "Phòng Tổng hợp";
    admin.editUser(actor, user.id, title);
    CHECK(storage.findSession("t1")); // no new rights: still signed in
    CHECK(storage.findUser(user.id)->unit == "Phòng Tổng hợp");
    UserChange role;
    role.role = Role::Leader;
    admin.editUser(actor, user.id, role);
    CHECK_FALSE(storage.findSession("t1"));
    CHECK(lastAction(installation, "user/" + std::to_string(user.id)) ==
          "edit-user role: specialist → leader");

    session("t2");
    admin.moveUser(actor, user.id, b.id);
    CHECK(storage.findUser(user.id)->officeId == b.id);
    CHECK_FALSE(storage.findSession("t2"));

    session("t3");
    admin.resetPassword(actor, user.id, "mật khẩu mới 1");
    CHECK_FALSE(storage.findSession("t3"));
    CHECK(storage.findUser(user.id)->mustChangePassword);
    CHECK(verifyPassword("mật khẩu mới 1", storage.passwordHash(user.id)));
    Actor self{*storage.findUser(user.id), "127.0.0.1"};
    admin.changeOwnPassword(self, "mật khẩu của tôi");
    CHECK_FALSE(storage.findUser(user.id)->mustChangePassword);

    session("t4");
    admin.setActive(actor, user.id, false);
    CHECK_FALSE(storage.findUser(user.id)->active);
    CHECK_FALSE(storage.findSession("t4"));
    admin.setActive(actor, user.id, true);
    CHECK(storage.findUser(user.id)->active);

    std::vector<std::string> actions;
    for (const auto& entry : installation.audit().about("user/" + std::to_string(user.id))) {
        actions.push_back(entry.action);
        CHECK(entry.username ==
              (entry.action == "change-password" ? "chuyenvien.na" : actor.user.username));
    }
    CHECK(actions == std::vector<std::string>{"create-user", "edit-user", "edit-user", "move-user",
                                              "reset-password", "change-password",
                                              "deactivate-user", "activate-user"});
    CHECK(installation.audit().verify().intact);
}

TEST_CASE("Administration: the first administrator once, access-right changes wait for an "
          "administrator's confirmation (III.3c)",
          "[administration][access-notice]") {
    test::TempDir dir;
    Installation installation(dir / "data", test::installationOptions(dir / "data"));
    Administration administration(installation.storage(), installation.audit());
    const auto cli = Administration::commandLineActor();
    REQUIRE(administration.awaitsFirstAdministrator());
    User first;
    first.username = "quantri";
    CHECK_THROWS_AS(
        administration.installFirst(cli, office("000.00.H41", "X"), first, "mật khẩu quản trị"),
        InvalidInput);
    CHECK(installation.storage().offices().empty()); // nothing half-made
    auto [province, admin] = administration.installFirst(
        cli, office("000.00.00.H41", "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN"), first, "mật khẩu quản trị");
    CHECK(admin.role == Role::Administrator);
    CHECK(admin.fullName == "quantri");
    CHECK(admin.installationAdministrator); // the first administrator administers it all
    CHECK_FALSE(administration.awaitsFirstAdministrator());
    CHECK_THROWS_AS(
        administration.installFirst(cli, office("000.00.01.H41", "Y"), first, "mật khẩu quản trị"),
        Conflict);
    const Actor asAdmin{admin, "127.0.0.1"};
    for (const auto& notice : administration.accessNotices(asAdmin)) {
        administration.confirmAccessNotice(asAdmin, notice.id);
    }
    REQUIRE(administration.accessNotices(asAdmin).empty());

    const auto commune = administration.addOffice(cli, office("000.00.12.H41", "UBND XÃ"));
    User clerk;
    clerk.username = "vanthu.x";
    clerk.fullName = "Hồ Thị Mai";
    clerk.role = Role::Clerk;
    clerk.officeId = province.id;
    clerk = administration.addUser(cli, clerk, "mật khẩu văn thư");
    UserChange title;
    title.title = "VĂN THƯ"; // not a change of rights: no notice
    administration.editUser(cli, clerk.id, title);
    UserChange promote;
    promote.role = Role::Leader;
    administration.editUser(cli, clerk.id, promote);
    administration.moveUser(cli, clerk.id, commune.id);
    administration.setActive(cli, clerk.id, false);

    const auto pending = administration.accessNotices(asAdmin);
    REQUIRE(pending.size() == 4); // newest first
    CHECK(pending[0].change == "deactivate");
    CHECK(pending[1].change == "move");
    CHECK(pending[1].detail == "office: 000.00.00.H41 → 000.00.12.H41");
    CHECK(pending[1].officeId == commune.id);
    CHECK(pending[2].change == "role");
    CHECK(pending[2].detail == "role: clerk → leader");
    CHECK(pending[3].change == "create-user");
    CHECK(pending[3].changedBy.rfind("cli:", 0) == 0);

    // Only an administrator confirms, once; the confirmation is audited.
    CHECK_THROWS_AS(administration.confirmAccessNotice(Actor{clerk, "x"}, pending[2].id),
                    Forbidden);
    const auto confirmed = administration.confirmAccessNotice(asAdmin, pending[2].id);
    CHECK(confirmed.confirmedBy == admin.id);
    CHECK_FALSE(confirmed.confirmedAt.empty());
    CHECK_THROWS_AS(administration.confirmAccessNotice(asAdmin, pending[2].id), Conflict);
    CHECK_THROWS_AS(administration.confirmAccessNotice(asAdmin, 9999), NotFound);
    CHECK(administration.accessNotices(asAdmin).size() == 3);
    CHECK(administration.accessNotices(asAdmin, false).size() ==
          5); // with the first administrator's
    CHECK(lastAction(installation, "access-notice/" + std::to_string(pending[2].id)) ==
          "confirm-access-change user/" + std::to_string(clerk.id) + " role: role: clerk → leader");
    // The database itself refuses a second confirmation or any other change of a notice.
    CHECK_THROWS_AS(installation.storage().confirmAccessNotice(pending[2].id, admin.id, "x"),
                    Conflict);
}

TEST_CASE("Administration: a user, an office and a unit edited from an older version are "
          "refused, naming who edited them, nothing written",
          "[administration][storage]") {
    test::DemoWorld world;
    Administration admin(*world.storage, *world.audit);
    const auto actor = world.actor("quantri.vq");
    const auto officeId = actor.user.officeId;

    const auto user = world.user("chuyenvien.vq");
    UserChange first;
    first.title = "CHUYÊN VIÊN CHÍNH";
    first.baseVersion = user.version;
    CHECK(admin.editUser(actor, user.id, first).version == user.version + 1);
    UserChange second;
    second.title = "CHUYÊN VIÊN";
    second.baseVersion = user.version;
    try {
        admin.editUser(actor, user.id, second);
        FAIL("an edit from an older version was taken");
    } catch (const StaleVersion& e) {
        CHECK(e.currentVersion() == user.version + 1);
        CHECK(e.changedBy() == actor.user.fullName);
        CHECK(std::string(e.what()).find("chuyenvien.vq") != std::string::npos);
    }
    CHECK(world.storage->findUser(user.id)->title == "CHUYÊN VIÊN CHÍNH");
    CHECK(world.storage->findUser(user.id)->version == user.version + 1);

    const auto office = world.storage->findOffice(officeId);
    OfficeChange term;
    term.term = "2021-2026";
    term.code = office->code; // the demo's code, not of QĐ 20/2020's form, kept as it is
    term.baseVersion = office->version;
    CHECK(admin.editOffice(actor, officeId, term).version == office->version + 1);
    CHECK(world.storage->findOffice(officeId)->code == office->code);
    term.term = "2026-2031";
    CHECK_THROWS_AS(admin.editOffice(actor, officeId, term), StaleVersion);
    CHECK(world.storage->findOffice(officeId)->term == "2021-2026");

    const auto unit = admin.addUnit(actor, officeId, "Phòng Hai Cửa Sổ");
    CHECK(unit.version == 1);
    CHECK(admin.renameUnit(actor, officeId, unit.id, "Phòng Thứ Nhất", 1).version == 2);
    try {
        admin.renameUnit(actor, officeId, unit.id, "Phòng Thứ Hai", 1);
        FAIL("a rename from an older version was taken");
    } catch (const StaleVersion& e) {
        CHECK(e.changedBy() == actor.user.fullName);
    }
    CHECK(world.storage->findUnit(unit.id)->name == "Phòng Thứ Nhất");
    CHECK(world.storage->findUnit(unit.id)->version == 2);
    world.reopen();
    CHECK(world.storage->findUser(user.id)->version == user.version + 1);
}
