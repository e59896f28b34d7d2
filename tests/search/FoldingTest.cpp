#include <catch2/catch.hpp>

#include "vanthu/search/Folding.hpp"

using namespace vanthu::search;

TEST_CASE("fold: words with and without marks") {
    struct Row {
        const char* written;
        const char* folded;
        const char* exact;
    };
    // Tone marks on every vowel, the vowel marks ă â ê ô ơ ư, and đ/Đ.
    const Row table[] = {
        {"cải cách hành chính", "cai cach hanh chinh", "cải cách hành chính"},
        {"Đảng ủy", "dang uy", "đảng ủy"},
        {"ĐẢNG BỘ TỈNH", "dang bo tinh", "đảng bộ tỉnh"},
        {"đường", "duong", "đường"},
        {"Ăn", "an", "ăn"},
        {"ẩm ướt", "am uot", "ẩm ướt"},
        {"Âm", "am", "âm"},
        {"ấp", "ap", "ấp"},
        {"Ê-đê", "e-de", "ê-đê"},
        {"kế hoạch", "ke hoach", "kế hoạch"},
        {"Ổn định", "on dinh", "ổn định"},
        {"tổ chức", "to chuc", "tổ chức"},
        {"Ơn", "on", "ơn"},
        {"mới", "moi", "mới"},
        {"ỞỜỚỢỠ", "ooooo", "ởờớợỡ"},
        {"Ưu tiên", "uu tien", "ưu tiên"},
        {"những", "nhung", "những"},
        {"ỨỪỬỮỰ", "uuuuu", "ứừửữự"},
        {"quốc phòng, an ninh", "quoc phong, an ninh", "quốc phòng, an ninh"},
        {"Tỉnh ủy Bắc Giang", "tinh uy bac giang", "tỉnh ủy bắc giang"},
        {"ỹ ỳ ý ỵ ỷ", "y y y y y", "ỹ ỳ ý ỵ ỷ"},
        {"753-CV/ĐU", "753-cv/du", "753-cv/đu"},
        {"no marks at all", "no marks at all", "no marks at all"},
    };
    for (const auto& row : table) {
        INFO(row.written);
        CHECK(fold(row.written) == row.folded);
        CHECK(lowerExact(row.written) == row.exact);
        CHECK(fold(row.folded) == row.folded);
        CHECK(hasMarks(row.written) == (std::string(row.folded) != row.exact));
    }
}

TEST_CASE("fold: decomposed input (combining marks) folds like precomposed") {
    const std::string nfd = "c\x61\xCC\x89i ca\xCC\x81\x63h"; // "cải cách" with combining marks
    CHECK(fold(nfd) == "cai cach");
    CHECK(lowerExact(nfd) == "cải cách");
    const auto tokens = tokenize(nfd);
    REQUIRE(tokens.size() == 2);
    CHECK(tokens[0].exact == "cải");
    CHECK(tokens[0].folded == "cai");
}

TEST_CASE("tokenize: words with byte offsets, punctuation separates") {
    const std::string text = "Số 753-CV/ĐU, ngày 16/6/2026: Đảng ủy xã.";
    const auto tokens = tokenize(text);
    std::vector<std::string> folded;
    for (const auto& t : tokens) {
        folded.push_back(t.folded);
        CHECK(lowerExact(text.substr(t.begin, t.end - t.begin)) == t.exact);
    }
    CHECK(folded == std::vector<std::string>{"so", "753", "cv", "du", "ngay", "16", "6", "2026",
                                             "dang", "uy", "xa"});
}

TEST_CASE("notations: found in text, keyed without marks or 'Số'") {
    const auto found =
        notationsIn("Thực hiện Công văn số 1267-CV/TU, ngày 10/6/2026 và Nghị định 30/2020/NĐ-CP;");
    CHECK(found == std::vector<std::string>{"1267-CV/TU", "30/2020/NĐ-CP"});
    CHECK(notationKey("Số 753-CV/ĐU") == "753-cv/du");
    CHECK(notationKey("Số: 05/UBND-NV") == "05/ubnd-nv");
    CHECK(notationKey("2858-CV/TU") == "2858-cv/tu");
    CHECK(notationsIn("ngày 10/6/2026").empty());
}
