#include <catch2/catch.hpp>

#include "vanthu/search/QueryText.hpp"

using namespace vanthu::search;
using Kind = QueryClause::Kind;

TEST_CASE("query text: words, phrases, prefixes, notations") {
    const auto clauses = parseQueryText("cai cach \"hanh chinh cong\" chuyen* 753-CV/ĐU");
    REQUIRE(clauses.size() == 5);
    CHECK(clauses[0].kind == Kind::Word);
    CHECK(clauses[0].words[0].folded == "cai");
    CHECK(clauses[2].kind == Kind::Phrase);
    CHECK(clauses[2].words.size() == 3);
    CHECK(clauses[3].kind == Kind::Prefix);
    CHECK(clauses[3].words[0].folded == "chuyen");
    CHECK(clauses[4].kind == Kind::Notation);
    CHECK(clauses[4].notation == "753-cv/du");
}

TEST_CASE("query text: as you type, the last word is a prefix until a space follows") {
    CHECK(parseQueryText("cai cach hanh ch", true).back().kind == Kind::Prefix);
    CHECK(parseQueryText("cai cach hanh ch ", true).back().kind == Kind::Word);
    CHECK(parseQueryText("cai cach hanh ch", false).back().kind == Kind::Word);
    CHECK(parseQueryText("\"hanh chinh\"", true).back().kind == Kind::Phrase);
    CHECK(parseQueryText("", true).empty());
    CHECK(parseQueryText("  \"\" * ", true).empty());
}
