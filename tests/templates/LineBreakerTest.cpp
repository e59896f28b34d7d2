#include <catch2/catch.hpp>

#include "FontSet.hpp"
#include "LineBreaker.hpp"

using namespace vanthu::templates;

namespace {

const FontSet& fonts() {
    static const FontSet set;
    return set;
}

double rightEdge(const Line& line) {
    return line.width;
}

} // namespace

TEST_CASE("The font family covers Vietnamese") {
    CHECK((fonts().family() == "Times New Roman" || fonts().family() == "Liberation Serif"));
    CHECK(fonts().width("Nghị định", FaceStyle::Regular, 14) > 0);
    CHECK_THROWS_AS(fonts().width("漢", FaceStyle::Regular, 14), MissingGlyph);
}

TEST_CASE("Justified lines end exactly at the right edge but the last") {
    std::string text;
    for (int i = 0; i < 40; ++i) {
        text += "cải cách hành chính ";
    }
    const double width = 400;
    const auto lines = breakLines(plain(text), {14, Align::Justify, 36, 0, 0}, width, fonts());
    REQUIRE(lines.size() > 3);
    CHECK(lines[0].segments.front().x == Approx(36));
    for (size_t i = 0; i + 1 < lines.size(); ++i) {
        CHECK(rightEdge(lines[i]) == Approx(width).margin(0.01));
    }
    CHECK(rightEdge(lines.back()) < width);
    for (size_t i = 1; i < lines.size(); ++i) {
        CHECK(lines[i].segments.front().x == Approx(0));
    }
}

TEST_CASE("Every word but the line's last keeps its space for text extraction") {
    const auto lines = breakLines(plain("một hai ba"), {14, Align::Left}, 400, fonts());
    REQUIRE(lines.size() == 1);
    REQUIRE(lines[0].segments.size() == 3);
    CHECK(lines[0].segments[0].text == "một ");
    CHECK(lines[0].segments[2].text == "ba");
}

TEST_CASE("Centred lines sit in the middle, a newline forces a break") {
    const auto lines = breakLines(plain("ỦY BAN NHÂN DÂN\nHUYỆN VĂN QUAN", true),
                                  {13, Align::Centre}, 300, fonts());
    REQUIRE(lines.size() == 2);
    const double w = fonts().width("ỦY BAN NHÂN DÂN", FaceStyle::Bold, 13);
    CHECK(lines[0].segments.front().x == Approx((300 - w) / 2));
}

TEST_CASE("A word wider than the line is split between characters") {
    const std::string url =
        "https://docs.google.com/document/d/1Xa9KwL5BexiglW1hJ1lwIcSZgAxFZSj8/edit";
    const auto lines = breakLines(plain(url), {14, Align::Justify}, 200, fonts());
    REQUIRE(lines.size() > 1);
    std::string joined;
    for (const auto& line : lines) {
        CHECK(rightEdge(line) <= 200.01);
        for (const auto& s : line.segments) {
            joined += s.text;
        }
    }
    CHECK(joined == url);
}

TEST_CASE("Footnote references are raised and smaller") {
    std::vector<TextRun> runs{{"phát động", false, false, false},
                              {"1", false, false, true},
                              {" nhằm", false, false, false}};
    const auto lines = breakLines(runs, {14, Align::Left}, 400, fonts());
    REQUIRE(lines.size() == 1);
    const auto& segments = lines[0].segments;
    REQUIRE(segments.size() == 4);
    CHECK(segments[2].text == "1 ");
    CHECK(segments[2].rise > 0);
    CHECK(segments[2].size < 14);
}
