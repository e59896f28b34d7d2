// DirectorySync: the national axis's directory applied to the office directory (offices added as
// reached through the axis, names followed, old codes kept as dissolved offices with their
// successor, offices hosted here or at a vanthu peer never changed, unusable entries skipped)
// and currentOffice, which routes an old code to the office now. On both engines: the [storage]
// tests run on PostgreSQL as well.
#include <catch2/catch.hpp>

#include "DocmgmtFixtures.hpp"
#include "TestSupport.hpp"
#include "vanthu/docmgmt/AdministrationScope.hpp"
#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/DirectorySync.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/Storage.hpp"

using namespace vanthu;
using namespace vanthu::docmgmt;

namespace {

std::optional<Office> byCode(Storage& storage, const std::string& code) {
    for (const auto& office : storage.offices()) {
        if (office.code == code) {
            return office;
        }
    }
    return std::nullopt;
}

Office office(const std::string& code, const std::string& name, const std::string& peer) {
    Office o;
    o.code = code;
    o.name = name;
    o.issuerCode = "UBND";
    o.place = "Nghệ An";
    o.peer = peer;
    return o;
}

} // namespace

TEST_CASE("DirectorySync: the axis's offices added, renamed and merged offices' old codes kept "
          "and routed, ours and the peers' left alone",
          "[directory][storage]") {
    test::TempDir dir;
    const auto opened = test::openStorage(dir / "vanthu.db");
    auto& storage = *opened;
    AuditTrail trail(storage);
    storage.addOffice(office("000.00.00.H41", "UBND TỈNH NGHỆ AN", ""));        // hosted here
    storage.addOffice(office("000.00.12.H41", "UBND HUYỆN NGHI LỘC", "state")); // at a peer
    DirectorySync sync(storage, trail);

    auto result = sync.apply({{"000.00.00.G22", " Văn phòng Chính phủ\n", {}, std::nullopt},
                              {"000.00.00.H41", "Tên khác trên trục", {}, std::nullopt},
                              {"000.00.12.H41", "Tên khác nữa", {"000.00.00.H41"}, std::nullopt},
                              {"000.00.00.G22", "Lặp lại", {}, std::nullopt},
                              {"bad code!", "Sai mã", {}, std::nullopt},
                              {"000.00.00.G01", "", {}, std::nullopt}},
                             "axis", "2026-07-01", "quantri");
    CHECK(result.listed == 6);
    CHECK(result.added == 1);
    CHECK(result.kept == 2);
    CHECK(result.skipped == 3);
    CHECK(result.problems.size() == 3);
    CHECK(result.oldCodes == 0); // ours is never dissolved
    const auto government = byCode(storage, "000.00.00.G22");
    REQUIRE(government);
    CHECK(government->name == "Văn phòng Chính phủ");
    CHECK(government->peer == "axis");
    CHECK(government->system == OfficeSystem::State);
    CHECK(byCode(storage, "000.00.00.H41")->name == "UBND TỈNH NGHỆ AN");
    CHECK(byCode(storage, "000.00.12.H41")->name == "UBND HUYỆN NGHI LỘC");
    CHECK_FALSE(byCode(storage, "000.00.00.H41")->dissolved());
    const auto audit = trail.about("directory");
    REQUIRE(audit.size() == 1);
    CHECK(audit[0].action == "directory-sync");
    CHECK(audit[0].username == "quantri");

    // Renamed on the axis (G22 → G23), and two offices merged into B01 (one known, one not).
    result =
        sync.apply({{"000.00.00.G23", "Văn phòng Chính phủ", {"000.00.00.G22"}, std::nullopt},
                    {"000.00.00.B01", "Bộ mới", {"000.00.00.B02", "000.00.00.B03"}, std::nullopt},
                    {"000.00.00.B03", "Vẫn còn trên trục", {}, std::nullopt}},
                   "axis", "2026-07-02", "axis");
    CHECK(result.added == 3);
    CHECK(result.oldCodes == 2); // G22 (into G23) and B02 (new row); B03 is listed as an office
    const auto renamed = byCode(storage, "000.00.00.G23");
    const auto old = byCode(storage, "000.00.00.G22");
    REQUIRE(old);
    CHECK(old->dissolvedOn == "2026-07-02");
    CHECK(old->successorId == renamed->id);
    const auto merged = byCode(storage, "000.00.00.B02");
    REQUIRE(merged);
    CHECK(merged->dissolved());
    CHECK(merged->successorId == byCode(storage, "000.00.00.B01")->id);
    CHECK_FALSE(byCode(storage, "000.00.00.B03")->dissolved());

    // Routing follows the successor; an active or unknown code stays as it is.
    CHECK(currentOffice(storage, "000.00.00.G22")->code == "000.00.00.G23");
    CHECK(currentOffice(storage, "000.00.00.B02")->code == "000.00.00.B01");
    CHECK(currentOffice(storage, "000.00.12.H41")->code == "000.00.12.H41");
    CHECK_FALSE(currentOffice(storage, "000.00.00.Z99"));

    // A name changed on the axis is followed; the same list again changes nothing.
    result = sync.apply(
        {{"000.00.00.G23", "Văn phòng Chính phủ (đổi tên)", {"000.00.00.G22"}, std::nullopt}},
        "axis", "2026-07-03", "axis");
    CHECK(result.updated == 1);
    CHECK(result.oldCodes == 0);
    CHECK(byCode(storage, "000.00.00.G22")->dissolvedOn == "2026-07-02");
    result = sync.apply(
        {{"000.00.00.G23", "Văn phòng Chính phủ (đổi tên)", {"000.00.00.G22"}, std::nullopt}},
        "axis", "2026-07-04", "axis");
    CHECK(result.unchanged == 1);
    CHECK(result.updated == 0);

    // Too long a list is refused whole.
    std::vector<DirectoryEntry> huge(kMaxDirectoryEntries + 1,
                                     {"000.00.00.X01", "x", {}, std::nullopt});
    CHECK_THROWS_AS(sync.apply(huge, "axis", "2026-07-05", "axis"), InvalidInput);
}

TEST_CASE("DirectorySync: each office of the axis under the parent the axis lists, so that a "
          "province, a ministry and the two-level local government form a tree",
          "[directory][storage]") {
    test::TempDir dir;
    const auto opened = test::openStorage(dir / "vanthu.db");
    auto& storage = *opened;
    AuditTrail trail(storage);
    const Id province = storage.addOffice(office("000.00.00.H41", "UBND TỈNH NGHỆ AN", ""));
    const Id peerOffice =
        storage.addOffice(office("000.00.12.H41", "UBND HUYỆN NGHI LỘC", "state"));
    DirectorySync sync(storage, trail);
    const auto parentOf = [&](const std::string& code) -> std::string {
        const auto o = byCode(storage, code);
        REQUIRE(o);
        if (!o->parentId) {
            return "";
        }
        for (const auto& other : storage.offices()) {
            if (other.id == *o->parentId) {
                return other.code;
            }
        }
        return "?";
    };

    // A child listed before its parent; a province's department under the province hosted
    // here; a ministry and its department; the two-level local government (communes straight
    // under the province); the province itself (ours) and the peer's office listed with a
    // parent are never moved.
    auto result = sync.apply({{"001.01.01.H41", "Phòng Tổ chức - Sở Nội vụ", {}, "000.01.01.H41"},
                              {"000.01.01.H41", "Sở Nội vụ tỉnh Nghệ An", {}, "000.00.00.H41"},
                              {"000.00.00.H41", "UBND tỉnh Nghệ An", {}, ""},
                              {"000.00.12.H41", "UBND huyện Nghi Lộc", {}, "000.00.00.H41"},
                              {"000.00.00.G12", "Bộ Nội vụ", {}, ""},
                              {"000.01.00.G12", "Vụ Chính quyền địa phương", {}, "000.00.00.G12"},
                              {"000.00.00.H26", "UBND tỉnh Quảng Trị", {}, ""},
                              {"000.31.00.H26", "UBND xã Cửa Tùng", {}, "000.00.00.H26"},
                              {"000.32.00.H26", "UBND xã Vĩnh Linh", {}, "000.00.00.H26"},
                              {"000.99.00.X01", "Cơ quan có cấp trên lạ", {}, "999.99.99.Z99"},
                              {"000.00.00.C01", "Vòng một", {}, "000.00.00.C02"},
                              {"000.00.00.C02", "Vòng hai", {}, "000.00.00.C01"},
                              {"000.00.00.C03", "Trực thuộc chính nó", {}, "000.00.00.C03"}},
                             "axis", "2026-07-01", "quantri");
    CHECK(result.added == 11);
    CHECK(result.kept == 2);
    CHECK(parentOf("001.01.01.H41") == "000.01.01.H41");
    CHECK(parentOf("000.01.01.H41") == "000.00.00.H41");
    CHECK(parentOf("000.01.00.G12") == "000.00.00.G12");
    CHECK(parentOf("000.00.00.G12").empty());
    CHECK(parentOf("000.31.00.H26") == "000.00.00.H26");
    CHECK(parentOf("000.32.00.H26") == "000.00.00.H26");
    CHECK(parentOf("000.00.00.H41").empty()); // ours: the administrator's
    CHECK(parentOf("000.00.12.H41").empty()); // at a peer: the administrator's
    CHECK(parentOf("000.99.00.X01").empty()); // an unknown parent: left
    // The cycle is cut: C01 under C02, then C02 under C01 refused; C03 under itself refused.
    CHECK(parentOf("000.00.00.C01") == "000.00.00.C02");
    CHECK(parentOf("000.00.00.C02").empty());
    CHECK(parentOf("000.00.00.C03").empty());
    CHECK(result.parents == 6);
    CHECK(result.parentsUnknown == 3);
    REQUIRE(result.problems.size() == 3);
    CHECK(result.problems[0].find("999.99.99.Z99") != std::string::npos);
    CHECK(trail.about("directory").back().detail.find("đổi cơ quan cấp trên 6") !=
          std::string::npos);

    // The administrator of the province hosted here does not administer the axis's offices
    // under it (they are the installation administrator's).
    User admin;
    admin.id = 1;
    admin.officeId = province;
    admin.role = Role::Administrator;
    admin.active = true;
    const AdministrationScope scope(Actor{admin, ""}, storage.offices(), {});
    CHECK(scope.covers(province));
    CHECK_FALSE(scope.covers(byCode(storage, "000.01.01.H41")->id));
    CHECK_FALSE(scope.covers(peerOffice));

    // The axis moves a department (its parent renamed: the old code leads to the new one) and
    // puts a commune at the top; the same list again changes nothing.
    const std::vector<DirectoryEntry> moved = {
        {"000.00.00.G13", "Bộ Nội vụ (mã mới)", {"000.00.00.G12"}, ""},
        {"000.01.00.G12", "Vụ Chính quyền địa phương", {}, "000.00.00.G12"},
        {"000.31.00.H26", "UBND xã Cửa Tùng", {}, ""}};
    result = sync.apply(moved, "axis", "2026-07-02", "axis");
    CHECK(parentOf("000.01.00.G12") == "000.00.00.G13");
    CHECK(parentOf("000.31.00.H26").empty());
    CHECK(result.parents == 2);
    result = sync.apply(moved, "axis", "2026-07-03", "axis");
    CHECK(result.parents == 0);
    CHECK(result.parentsUnknown == 0);
}
