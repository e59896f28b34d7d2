// DirectorySync: the national axis's directory applied to the office directory (offices added as
// reached through the axis, names followed, old codes kept as dissolved offices with their
// successor, offices hosted here or at a vanthu peer never changed, unusable entries skipped)
// and currentOffice, which routes an old code to the office now.
#include <catch2/catch.hpp>

#include "TestSupport.hpp"
#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/DirectorySync.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/Installation.hpp"
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
          "[directory]") {
    test::TempDir dir;
    Installation installation(dir / "data", InstallationOptions::creating());
    auto& storage = installation.storage();
    storage.addOffice(office("000.00.00.H41", "UBND TỈNH NGHỆ AN", ""));        // hosted here
    storage.addOffice(office("000.00.12.H41", "UBND HUYỆN NGHI LỘC", "state")); // at a peer
    DirectorySync sync(storage, installation.audit());

    auto result = sync.apply({{"000.00.00.G22", " Văn phòng Chính phủ\n", {}},
                              {"000.00.00.H41", "Tên khác trên trục", {}},
                              {"000.00.12.H41", "Tên khác nữa", {"000.00.00.H41"}},
                              {"000.00.00.G22", "Lặp lại", {}},
                              {"bad code!", "Sai mã", {}},
                              {"000.00.00.G01", "", {}}},
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
    const auto audit = installation.audit().about("directory");
    REQUIRE(audit.size() == 1);
    CHECK(audit[0].action == "directory-sync");
    CHECK(audit[0].username == "quantri");

    // Renamed on the axis (G22 → G23), and two offices merged into B01 (one known, one not).
    result = sync.apply({{"000.00.00.G23", "Văn phòng Chính phủ", {"000.00.00.G22"}},
                         {"000.00.00.B01", "Bộ mới", {"000.00.00.B02", "000.00.00.B03"}},
                         {"000.00.00.B03", "Vẫn còn trên trục", {}}},
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
    result = sync.apply({{"000.00.00.G23", "Văn phòng Chính phủ (đổi tên)", {"000.00.00.G22"}}},
                        "axis", "2026-07-03", "axis");
    CHECK(result.updated == 1);
    CHECK(result.oldCodes == 0);
    CHECK(byCode(storage, "000.00.00.G22")->dissolvedOn == "2026-07-02");
    result = sync.apply({{"000.00.00.G23", "Văn phòng Chính phủ (đổi tên)", {"000.00.00.G22"}}},
                        "axis", "2026-07-04", "axis");
    CHECK(result.unchanged == 1);
    CHECK(result.updated == 0);

    // Too long a list is refused whole.
    std::vector<DirectoryEntry> huge(kMaxDirectoryEntries + 1, {"000.00.00.X01", "x", {}});
    CHECK_THROWS_AS(sync.apply(huge, "axis", "2026-07-05", "axis"), InvalidInput);
}
