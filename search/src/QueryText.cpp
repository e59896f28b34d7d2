#include "vanthu/search/QueryText.hpp"

namespace vanthu::search {

namespace {

bool isSpace(char ch) {
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

void addWords(std::vector<QueryClause>& clauses, std::string_view text) {
    for (auto& token : tokenize(text)) {
        QueryClause clause;
        clause.kind = QueryClause::Kind::Word;
        clause.words.push_back(std::move(token));
        clauses.push_back(std::move(clause));
    }
}

} // namespace

std::vector<QueryClause> parseQueryText(std::string_view text, bool lastWordIsPrefix) {
    std::vector<QueryClause> clauses;
    std::size_t i = 0;
    while (i < text.size()) {
        if (isSpace(text[i])) {
            ++i;
            continue;
        }
        if (text[i] == '"') {
            const auto close = text.find('"', i + 1);
            const auto inner = text.substr(
                i + 1, close == std::string_view::npos ? std::string_view::npos : close - i - 1);
            auto words = tokenize(inner);
            if (words.size() > 1) {
                QueryClause clause;
                clause.kind = QueryClause::Kind::Phrase;
                clause.words = std::move(words);
                clauses.push_back(std::move(clause));
            } else {
                addWords(clauses, inner);
            }
            i = close == std::string_view::npos ? text.size() : close + 1;
            continue;
        }
        std::size_t end = i;
        while (end < text.size() && !isSpace(text[end]) && text[end] != '"') {
            ++end;
        }
        const auto run = text.substr(i, end - i);
        const auto notations = notationsIn(run);
        if (!notations.empty()) {
            QueryClause clause;
            clause.kind = QueryClause::Kind::Notation;
            clause.notation = notationKey(notations.front());
            clause.words = tokenize(notations.front());
            clauses.push_back(std::move(clause));
        } else if (run.size() > 1 && run.back() == '*') {
            auto words = tokenize(run.substr(0, run.size() - 1));
            if (!words.empty()) {
                auto last = std::move(words.back());
                words.pop_back();
                for (auto& word : words) {
                    clauses.push_back({QueryClause::Kind::Word, {std::move(word)}, {}});
                }
                clauses.push_back({QueryClause::Kind::Prefix, {std::move(last)}, {}});
            }
        } else {
            addWords(clauses, run);
        }
        i = end;
    }
    if (lastWordIsPrefix && !text.empty() && !isSpace(text.back()) && text.back() != '"' &&
        !clauses.empty() && clauses.back().kind == QueryClause::Kind::Word) {
        clauses.back().kind = QueryClause::Kind::Prefix;
    }
    return clauses;
}

} // namespace vanthu::search
