#include <catch2/catch.hpp>

#include "vanthu/search/Highlighter.hpp"

using namespace vanthu::search;

namespace {

std::string marked(const std::vector<SnippetPart>& parts) {
    std::string out;
    for (const auto& part : parts) {
        out += part.match ? "[" + part.text + "]" : part.text;
    }
    return out;
}

} // namespace

TEST_CASE("highlighter: marks folded matches in the original text") {
    const Highlighter h(parseQueryText("cai cach \"hanh chinh\""));
    CHECK(marked(h.mark("Đẩy mạnh cải cách hành chính,\n cải thiện môi trường")) ==
          "Đẩy mạnh [cải] [cách] [hành chính], [cải] thiện môi trường");
}

TEST_CASE("highlighter: a snippet around the matches, cut with an ellipsis") {
    std::string text;
    for (int i = 0; i < 100; ++i) {
        text += "một hai ba ";
    }
    text += "chuyển đổi số trong hoạt động của các cơ quan ";
    for (int i = 0; i < 100; ++i) {
        text += "bốn năm sáu ";
    }
    const Highlighter h(parseQueryText("chuyen doi so", true));
    const auto snippet = marked(h.snippet(text, 12));
    CHECK(snippet.rfind("… ", 0) == 0);
    CHECK(snippet.find("[chuyển] [đổi] [số]") != std::string::npos);
    CHECK(snippet.size() < 150);
    CHECK(snippet.substr(snippet.size() - 4) == " …");
}

TEST_CASE("highlighter: prefixes and no match") {
    const Highlighter h(parseQueryText("nhân d", true));
    CHECK(marked(h.mark("phục vụ Nhân dân, doanh nghiệp")) ==
          "phục vụ [Nhân] [dân], [doanh] nghiệp");
    const Highlighter none(parseQueryText("xyz"));
    CHECK(marked(none.snippet("Kính gửi các cơ quan, đơn vị.", 4)) == "Kính gửi các cơ …");
}
