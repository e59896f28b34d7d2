#pragma once
// What a user types into the search box, split into clauses: words, "quoted phrases", prefix*
// and numbers with notation ("753-CV/ĐU"). Every clause must match.
#include <string>
#include <string_view>
#include <vector>

#include "vanthu/search/Folding.hpp"

namespace vanthu::search {

struct QueryClause {
    enum class Kind { Word, Phrase, Prefix, Notation };
    Kind kind = Kind::Word;
    std::vector<Token> words; ///< one word (Word, Prefix) or several (Phrase)
    std::string notation;     ///< notationKey of a Notation clause
};

/// Splits the text. lastWordIsPrefix: the last word is a prefix unless the text ends in a space
/// or a closing quote (search as you type). A phrase of one word is a word.
std::vector<QueryClause> parseQueryText(std::string_view text, bool lastWordIsPrefix = false);

} // namespace vanthu::search
