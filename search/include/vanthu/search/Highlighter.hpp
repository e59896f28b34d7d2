#pragma once
// Highlighted snippets (đoạn trích): the words a query found, marked in a document's own text,
// matched the way the index matches them (folded, phrases as runs, prefixes).
#include <string_view>
#include <vector>

#include "vanthu/search/QueryText.hpp"
#include "vanthu/search/SearchIndex.hpp"

namespace vanthu::search {

class Highlighter {
public:
    explicit Highlighter(std::vector<QueryClause> clauses);

    /// The whole text, cut into parts, with the query's words marked; runs of white space
    /// become one space.
    std::vector<SnippetPart> mark(std::string_view text) const;
    /// About `words` words of the text around the place where most of the query's clauses
    /// match, "…" where the text was cut; the start of the text when nothing matches.
    std::vector<SnippetPart> snippet(std::string_view text, int words = 32) const;

private:
    /// For each token of the text, the clause it matches (-1: none).
    std::vector<int> matches(const std::vector<Token>& tokens) const;
    static std::vector<SnippetPart> render(std::string_view text, const std::vector<Token>& tokens,
                                           const std::vector<int>& hits, std::size_t first,
                                           std::size_t last);

    std::vector<QueryClause> clauses_;
};

} // namespace vanthu::search
