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

namespace {
/// The widest width that does not hold `text` on one line.
double justNarrowerThan(const std::string& text, double size = 13) {
    return fonts().width(text, FaceStyle::Bold, size) - 1;
}
std::vector<std::string> name(const std::string& text, double width, double size = 13) {
    return breakName(text, FaceStyle::Bold, size, width, fonts());
}
} // namespace

TEST_CASE("A body's name breaks between its kind and its place") {
    const std::string lang = "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN";
    CHECK(name(lang, justNarrowerThan(lang)) ==
          std::vector<std::string>{"ỦY BAN NHÂN DÂN", "TỈNH LẠNG SƠN"});
    const std::string binh = "ỦY BAN NHÂN DÂN HUYỆN BÌNH SƠN";
    CHECK(name(binh, justNarrowerThan(binh)) ==
          std::vector<std::string>{"ỦY BAN NHÂN DÂN", "HUYỆN BÌNH SƠN"});
    const std::string hcm = "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH";
    CHECK(name(hcm, justNarrowerThan(hcm)) ==
          std::vector<std::string>{"ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"});
    // "THỊ XÃ" is one kind: never "… THỊ / XÃ …".
    const std::string town = "ỦY BAN NHÂN DÂN THỊ XÃ SƠN TÂY";
    CHECK(name(town, justNarrowerThan(town)) ==
          std::vector<std::string>{"ỦY BAN NHÂN DÂN", "THỊ XÃ SƠN TÂY"});
    const std::string party = "ĐẢNG ỦY XÃ BÌNH LƯ";
    CHECK(name(party, justNarrowerThan(party)) ==
          std::vector<std::string>{"ĐẢNG ỦY", "XÃ BÌNH LƯ"});
}

TEST_CASE("A name that fits stays on one line and the author's break is kept") {
    CHECK(name("ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN", 1000) ==
          std::vector<std::string>{"ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN"});
    CHECK(name("SỞ NỘI VỤ\nTỈNH LẠNG SƠN", 1000) ==
          std::vector<std::string>{"SỞ NỘI VỤ", "TỈNH LẠNG SƠN"});
}

TEST_CASE("A name without a place is balanced, never one word alone on a line") {
    const std::string text = "BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH VÀ CHUYỂN ĐỔI SỐ";
    const auto lines = name(text, justNarrowerThan(text));
    REQUIRE(lines.size() == 2);
    const double a = fonts().width(lines[0], FaceStyle::Bold, 13);
    const double b = fonts().width(lines[1], FaceStyle::Bold, 13);
    CHECK(std::abs(a - b) < fonts().width(text, FaceStyle::Bold, 13) / 3);
    // Narrow enough for three lines: still no line of one word, and every line fits.
    const double narrow = fonts().width(text, FaceStyle::Bold, 13) / 2.6;
    for (const auto& line : name(text, narrow)) {
        CHECK(line.find(' ') != std::string::npos);
        CHECK(fonts().width(line, FaceStyle::Bold, 13) <= narrow + 0.001);
    }
}

TEST_CASE("A long URL breaks after a slash or a dot, not between arbitrary characters") {
    const std::string url =
        "https://vanban.langson.gov.vn/van-ban-chi-dao/quyet-dinh-so-125-qd-ubnd-2025.pdf";
    const double width = fonts().width(url, FaceStyle::Regular, 14) / 2.5;
    const auto lines = breakLines(plain("Xem " + url + " để biết thêm."),
                                  {14, Align::Justify, 0, 0, 0}, width, fonts());
    REQUIRE(lines.size() >= 3);
    std::vector<std::string> texts;
    for (const auto& line : lines) {
        CHECK(rightEdge(line) <= width + 0.01);
        std::string text;
        for (const auto& segment : line.segments) {
            text += segment.text;
        }
        texts.push_back(text);
    }
    size_t first = 0;
    while (first < texts.size() && texts[first].find("https") == std::string::npos) {
        ++first;
    }
    size_t last = first;
    while (last < texts.size() && texts[last].find(".pdf") == std::string::npos) {
        ++last;
    }
    REQUIRE(last < texts.size());
    CHECK(last - first >= 2);
    // Every line the URL runs on from ends just after a separator.
    for (size_t i = first; i < last; ++i) {
        const char end = texts[i].back();
        CHECK((end == '/' || end == '.' || end == '-'));
    }
    // No space is put into the URL.
    std::string joined;
    for (const auto& text : texts) {
        joined += text;
    }
    CHECK(joined.find(url) != std::string::npos);
}

TEST_CASE("A name far longer than any real one is still broken, quickly, into lines that fit") {
    std::string text;
    for (int i = 0; i < 2000; ++i) {
        text += "ỦY BAN NHÂN DÂN TỈNH ";
    }
    const auto lines = name(text, 150);
    REQUIRE(lines.size() == 1); // left whole to breakLines, which wraps it greedily
    const auto wrapped = breakLines(plain(lines[0], true), {13, Align::Centre}, 150, fonts());
    CHECK(wrapped.size() > 100);
}
