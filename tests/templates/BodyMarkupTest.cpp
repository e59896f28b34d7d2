#include <catch2/catch.hpp>

#include "vanthu/templates/BodyMarkup.hpp"

using namespace vanthu::templates;

TEST_CASE("Inline markup gives styled runs") {
    const auto runs = parseInline("Phong trào “*Đẩy mạnh*” **trước ngày 07/6/2024** xong");
    REQUIRE(runs.size() == 5);
    CHECK(runs[0] == TextRun{"Phong trào “", false, false, false});
    CHECK(runs[1] == TextRun{"Đẩy mạnh", false, true, false});
    CHECK(runs[2] == TextRun{"” ", false, false, false});
    CHECK(runs[3] == TextRun{"trước ngày 07/6/2024", true, false, false});
    CHECK(runs[4].text == " xong");
}

TEST_CASE("Links are shown as text and escaped asterisks stay literal") {
    CHECK(parseInline("xem <https://example.vn/a>")[0].text == "xem https://example.vn/a");
    CHECK(parseInline("[Cổng](https://x.vn)")[0].text == "Cổng (https://x.vn)");
    CHECK(parseInline("\\*")[0].text == "*");
}

TEST_CASE("An emphasis marker left open is refused") {
    CHECK_THROWS_AS(parseInline("**đậm mà không đóng"), std::invalid_argument);
}

TEST_CASE("Blocks are recognised by their first characters") {
    const Body body = parseBodyMarkup("> Căn cứ Luật Tổ chức chính quyền địa phương;\n"
                                      "> Căn cứ Nghị định 30/2020/NĐ-CP.\n\n"
                                      "= QUYẾT ĐỊNH:\n\n"
                                      "## Chương I | Quy định chung\n\n"
                                      "Điều 1. Phạm vi điều chỉnh\n\n"
                                      "1. Khoản một\n"
                                      "nối tiếp dòng.\n\n"
                                      "a) Điểm a\n\n"
                                      "- gạch đầu dòng\n\n"
                                      "Đoạn văn thường.");
    REQUIRE(body.blocks.size() == 9);
    CHECK(body.blocks[0].kind == BlockKind::LegalBasis);
    CHECK(body.blocks[0].runs[0].italic);
    CHECK(body.blocks[1].kind == BlockKind::LegalBasis);
    CHECK(body.blocks[2].kind == BlockKind::TypeLine);
    CHECK(body.blocks[3].kind == BlockKind::Chapter);
    CHECK(body.blocks[3].runs[0].text == "Chương I");
    CHECK(body.blocks[3].heading == "Quy định chung");
    CHECK(body.blocks[4].kind == BlockKind::Article);
    CHECK(body.blocks[4].runs[0].bold);
    CHECK(body.blocks[5].kind == BlockKind::Clause);
    CHECK(body.blocks[5].runs[0].text == "1. Khoản một nối tiếp dòng.");
    CHECK(body.blocks[6].kind == BlockKind::Point);
    CHECK(body.blocks[7].kind == BlockKind::DashItem);
    CHECK(body.blocks[8].kind == BlockKind::Paragraph);
}

TEST_CASE("Numbered items outside an article, bold numbers included") {
    const Body body = parseBodyMarkup("**1.** Nâng cao vai trò\n\n2.4. Giao Trung tâm");
    REQUIRE(body.blocks.size() == 2);
    CHECK(body.blocks[0].kind == BlockKind::NumberedItem);
    CHECK(body.blocks[0].runs[0] == TextRun{"1.", true, false, false});
    CHECK(body.blocks[1].kind == BlockKind::NumberedItem);
}

TEST_CASE("Footnotes are numbered in the order they are cited") {
    const Body body =
        parseBodyMarkup("Một[^b] hai[^a] ba[^b].\n\n[^a]: Chú thích A\n[^b]: Chú thích B");
    REQUIRE(body.blocks.size() == 1);
    REQUIRE(body.footnotes.size() == 2);
    CHECK(body.footnotes[0].number == 1);
    CHECK(body.footnotes[0].runs[0].text == "Chú thích B");
    CHECK(body.footnotes[1].runs[0].text == "Chú thích A");
    const auto& runs = body.blocks[0].runs;
    REQUIRE(runs.size() == 7); // "Một", 1, " hai", 2, " ba", 1, "."
    CHECK(runs[1] == TextRun{"1", false, false, true});
    CHECK(runs[3] == TextRun{"2", false, false, true});
    CHECK(runs[5] == TextRun{"1", false, false, true});
}

TEST_CASE("A footnote cited without its text is refused") {
    CHECK_THROWS_WITH(parseBodyMarkup("Văn bản[^9]."), Catch::Contains("[^9]"));
}

TEST_CASE("A malformed heading is refused") {
    CHECK_THROWS_AS(parseBodyMarkup("####### Quá sâu"), std::invalid_argument);
}

namespace {
/// The text of the runs with the given weight, joined.
std::string boldText(const Block& block, bool bold) {
    std::string text;
    for (const auto& run : block.runs) {
        if (run.bold == bold) {
            text += run.text;
        }
    }
    return text;
}
} // namespace

TEST_CASE("An article is a bold label and a title, or a bold label and a regular sentence") {
    const Body body = parseBodyMarkup(
        "Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc của Ủy ban nhân dân tỉnh.\n\n"
        "Điều 2. Phạm vi điều chỉnh\n\n"
        "Điều 3.\nQuyết định này có hiệu lực kể từ ngày ký\n\n"
        "Điều 4. Chánh Văn phòng, Giám đốc các sở chịu trách nhiệm thi hành Quyết định này./.\n\n"
        "Điều 5. Các cơ quan có nhiệm vụ:\n\n"
        "Điều 6. Sửa đổi “Điều 3”.");
    REQUIRE(body.blocks.size() == 6);
    for (const auto& block : body.blocks) {
        CHECK(block.kind == BlockKind::Article);
    }
    CHECK_FALSE(body.blocks[0].titled);
    CHECK(boldText(body.blocks[0], true) == "Điều 1.");
    CHECK(boldText(body.blocks[0], false) ==
          " Ban hành kèm theo Quyết định này Quy chế làm việc của Ủy ban nhân dân tỉnh.");
    CHECK(body.blocks[1].titled);
    CHECK(boldText(body.blocks[1], true) == "Điều 2. Phạm vi điều chỉnh");
    CHECK(boldText(body.blocks[1], false).empty());
    // A label with its sentence on the next line(s) is never a title.
    CHECK_FALSE(body.blocks[2].titled);
    CHECK(boldText(body.blocks[2], true) == "Điều 3.");
    CHECK(boldText(body.blocks[2], false) == " Quyết định này có hiệu lực kể từ ngày ký");
    CHECK_FALSE(body.blocks[3].titled);
    CHECK_FALSE(body.blocks[4].titled);
    CHECK_FALSE(body.blocks[5].titled);
    CHECK(boldText(body.blocks[5], true) == "Điều 6.");
}

TEST_CASE("Emphasis written by the author is kept, an article's label is bold all the same") {
    const Body body = parseBodyMarkup("**Điều 1.** Ban hành Quy chế\n\n"
                                      "Điều 2. Giao **Sở Nội vụ** theo dõi");
    REQUIRE(body.blocks.size() == 2);
    CHECK(body.blocks[0].kind == BlockKind::Article);
    CHECK(boldText(body.blocks[0], true) == "Điều 1.");
    CHECK(body.blocks[1].kind == BlockKind::Article);
    CHECK(boldText(body.blocks[1], true) == "Điều 2.Sở Nội vụ");
}

TEST_CASE("Clauses and points follow the same rule: a title is bold, a sentence regular") {
    const Body body = parseBodyMarkup("Điều 1. Quy định chung\n\n"
                                      "1. Phạm vi áp dụng\n\n"
                                      "2. Quy chế này áp dụng đối với các sở, ngành:\n\n"
                                      "a) Các sở, ban, ngành;\n\n"
                                      "b) Đối tượng khác\n\n"
                                      "3. Cán bộ, công chức\nthuộc Ủy ban nhân dân tỉnh");
    REQUIRE(body.blocks.size() == 6);
    CHECK(body.blocks[1].kind == BlockKind::Clause);
    CHECK(body.blocks[1].titled);
    CHECK(boldText(body.blocks[1], true) == "1. Phạm vi áp dụng");
    CHECK(body.blocks[2].kind == BlockKind::Clause);
    CHECK_FALSE(body.blocks[2].titled);
    CHECK(boldText(body.blocks[2], true).empty());
    CHECK(body.blocks[3].kind == BlockKind::Point);
    CHECK_FALSE(body.blocks[3].titled);
    CHECK(boldText(body.blocks[3], true).empty());
    CHECK(body.blocks[4].kind == BlockKind::Point);
    CHECK(body.blocks[4].titled);
    CHECK(boldText(body.blocks[4], false).empty());
    CHECK(body.blocks[5].kind == BlockKind::Clause);
    CHECK_FALSE(body.blocks[5].titled);
    CHECK(boldText(body.blocks[5], true).empty());
}

TEST_CASE("A point outside an article is a letter's list item, taken as written") {
    const Body body = parseBodyMarkup("a) Về công tác tuyên truyền\n\nb) **Về kiểm tra**");
    REQUIRE(body.blocks.size() == 2);
    CHECK(body.blocks[0].kind == BlockKind::Point);
    CHECK_FALSE(body.blocks[0].titled);
    CHECK(boldText(body.blocks[0], true).empty());
    CHECK(boldText(body.blocks[1], true) == "Về kiểm tra");
}
