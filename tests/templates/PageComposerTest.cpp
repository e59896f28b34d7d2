#include <catch2/catch.hpp>

#include "PageComposer.hpp"

using namespace vanthu::templates;

namespace {

PageGeometry page() {
    PageGeometry g;
    g.height = 200;
    g.top = 20;
    g.bottom = 20;
    return g; // 160 points of room
}

FlowItem line(double height = 20, double before = 0) {
    FlowItem item;
    item.height = height;
    item.spaceBefore = before;
    return item;
}

} // namespace

TEST_CASE("Items flow onto new pages and space before is dropped at a page top") {
    std::vector<FlowItem> flow(10, line(20, 5)); // 20 + 9 x 25
    const auto pages = composePages(flow, page(), {}, 0, 0);
    REQUIRE(pages.size() == 2);
    CHECK(pages[0].items.size() == 6); // 20 + 5 x 25 = 145 ≤ 160
    CHECK(pages[1].items[0].top == Approx(20));
    CHECK(pages[1].number == 2);
}

TEST_CASE("The signer block is never split from the last line of the body") {
    std::vector<FlowItem> flow(7, line(20));
    flow.back().keepWithNext = true; // last body line
    flow.push_back(line(40));        // closing block: 140 + 40 > 160
    const auto pages = composePages(flow, page(), {}, 0, 0);
    REQUIRE(pages.size() == 2);
    CHECK(pages[0].items.size() == 6);
    REQUIRE(pages[1].items.size() == 2);
    CHECK(pages[1].items[0].item == &flow[6]);
    CHECK(pages[1].items[1].item == &flow[7]);
}

TEST_CASE("Footnote space is reserved on the page that cites it") {
    std::vector<FlowItem> flow(8, line(20));
    flow[6].footnotes = {1};
    const auto pages = composePages(flow, page(), {{1, 30}}, 5, 0);
    REQUIRE(pages.size() == 2);
    // 6 lines (120) + the cited line (20) + note (30) + separator (5) > 160.
    CHECK(pages[0].items.size() == 6);
    CHECK(pages[0].footnotes.empty());
    CHECK(pages[1].footnotes == std::vector<int>{1});
}

TEST_CASE("An appendix starts a page and its own numbering") {
    std::vector<FlowItem> flow(3, line(20));
    flow.push_back(line(20));
    flow.back().startsNewPage = true;
    flow.back().restartsNumbering = true;
    flow.insert(flow.end(), 10, line(20));
    const auto pages = composePages(flow, page(), {}, 0, 0);
    REQUIRE(pages.size() == 3);
    CHECK(pages[0].number == 1);
    CHECK(pages[1].number == 1);
    CHECK(pages[2].number == 2);
}

TEST_CASE("A chain taller than a page is placed item by item") {
    std::vector<FlowItem> flow(12, line(20));
    for (auto& item : flow) {
        item.keepWithNext = true;
    }
    const auto pages = composePages(flow, page(), {}, 0, 0);
    REQUIRE(pages.size() == 2);
    CHECK(pages[0].items.size() == 8);
}
