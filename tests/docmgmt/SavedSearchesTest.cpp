// Saved searches (NĐ 30 Phụ lục VI 6e, 6đ; docs/search.md): a user's own, or shared with the
// office; only the owner changes one; kept through a restart (migration step 19, both engines).
#include <catch2/catch.hpp>

#include "DocmgmtFixtures.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/SavedSearches.hpp"

using namespace vanthu::docmgmt;
using vanthu::test::DemoWorld;

namespace {

std::vector<std::string> names(const std::vector<SavedSearch>& list) {
    std::vector<std::string> out;
    for (const auto& saved : list) {
        out.push_back(saved.name);
    }
    return out;
}

} // namespace

TEST_CASE("SavedSearches: own or shared with the office, changed by the owner only, kept through "
          "a restart",
          "[search][storage]") {
    DemoWorld world;
    const auto owner = world.user("chuyenvien.vq");
    const auto colleague = world.user("vanthu.vq");
    const auto outsider = world.user("vanthu.bl");
    std::optional<SavedSearch> saved;
    Id id = 0;
    {
        SavedSearches searches(*world.storage);
        saved = searches.create(owner, {"Văn bản khẩn", "q=&urgency=khan", "notation,subject"});
        id = saved->id;
        CHECK(id > 0);
        CHECK(names(searches.list(owner)) == std::vector<std::string>{"Văn bản khẩn"});
        CHECK(searches.list(colleague).empty());
        CHECK_THROWS_AS(searches.find(colleague, id), NotFound);
        CHECK_THROWS_AS(searches.create(owner, {"Văn bản khẩn", "q=x", ""}), Conflict);
        CHECK_THROWS_AS(searches.create(owner, {" ", "q=x", ""}), InvalidInput);
        CHECK_THROWS_AS(searches.create(owner, {std::string(101, 'a'), "", ""}), InvalidInput);
        CHECK_THROWS_AS(searches.create(owner, {"dài", std::string(2001, 'q'), ""}), InvalidInput);
        CHECK_THROWS_AS(searches.create(world.user("quantri.vq"), {"a", "", ""}), Forbidden);

        SavedSearchInput shared{"Văn bản khẩn của phòng", "q=&urgency=khan", "notation", true};
        CHECK(searches.update(owner, id, shared).shared);
        CHECK(names(searches.list(colleague)) ==
              std::vector<std::string>{"Văn bản khẩn của phòng"});
        CHECK(searches.find(colleague, id).query == "q=&urgency=khan");
        CHECK_THROWS_AS(searches.update(colleague, id, shared), Forbidden);
        CHECK_THROWS_AS(searches.remove(colleague, id), Forbidden);
        CHECK(searches.list(outsider).empty());
        CHECK_THROWS_AS(searches.find(outsider, id), NotFound);
    }
    world.reopen();
    SavedSearches searches(*world.storage);
    const auto kept = searches.find(owner, id);
    CHECK(kept.name == "Văn bản khẩn của phòng");
    CHECK(kept.columns == "notation");
    CHECK(kept.shared);
    CHECK(kept.ownerId == owner.id);
    CHECK(kept.officeId == owner.officeId);
    searches.remove(owner, id);
    CHECK_THROWS_AS(searches.find(owner, id), NotFound);
    CHECK(searches.list(owner).empty());
}

TEST_CASE("SavedSearches: an update from an older version is refused, nothing overwritten",
          "[search][storage]") {
    DemoWorld world;
    const auto owner = world.user("chuyenvien.vq");
    SavedSearches searches(*world.storage);
    const auto made = searches.create(owner, {"Hai cửa sổ", "q=đất", "subject"});
    CHECK(made.version == 1);
    SavedSearchInput first{"Hai cửa sổ", "q=rừng", "subject"};
    first.baseVersion = 1;
    CHECK(searches.update(owner, made.id, first).version == 2);
    SavedSearchInput second{"Hai cửa sổ", "q=biển", "subject"};
    second.baseVersion = 1;
    try {
        searches.update(owner, made.id, second);
        FAIL("an update from version 1 was taken over version 2");
    } catch (const StaleVersion& e) {
        CHECK(e.currentVersion() == 2);
        CHECK(e.changedBy() == owner.fullName);
    }
    world.reopen();
    SavedSearches again(*world.storage);
    CHECK(again.find(owner, made.id).query == "q=rừng");
    CHECK(again.find(owner, made.id).version == 2);
}
