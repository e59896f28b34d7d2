#include "vanthu/search/Highlighter.hpp"

#include <algorithm>

namespace vanthu::search {

namespace {

void addPart(std::vector<SnippetPart>& parts, std::string_view text, bool match) {
    if (text.empty()) {
        return;
    }
    // Runs of white space become one space, also across parts.
    bool lastWasSpace =
        !parts.empty() && !parts.back().text.empty() && parts.back().text.back() == ' ';
    std::string squashed;
    for (const char ch : text) {
        const bool space = ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r';
        if (space && !lastWasSpace) {
            squashed += ' ';
        } else if (!space) {
            squashed += ch;
        }
        lastWasSpace = space;
    }
    if (squashed.empty()) {
        return;
    }
    if (parts.empty() || parts.back().match != match) {
        parts.push_back({"", match});
    }
    parts.back().text += squashed;
}

} // namespace

Highlighter::Highlighter(std::vector<QueryClause> clauses) : clauses_(std::move(clauses)) {}

std::vector<int> Highlighter::matches(const std::vector<Token>& tokens) const {
    std::vector<int> hits(tokens.size(), -1);
    for (std::size_t c = 0; c < clauses_.size(); ++c) {
        const auto& clause = clauses_[c];
        const auto& words = clause.words;
        if (words.empty()) {
            continue;
        }
        for (std::size_t t = 0; t + words.size() <= tokens.size(); ++t) {
            bool ok = true;
            for (std::size_t w = 0; ok && w < words.size(); ++w) {
                const auto& have = tokens[t + w].folded;
                const auto& want = words[w].folded;
                ok = clause.kind == QueryClause::Kind::Prefix ? have.rfind(want, 0) == 0
                                                              : have == want;
            }
            if (ok) {
                // A word a whole-word clause found keeps that clause (a prefix matches much more).
                for (std::size_t w = 0; w < words.size(); ++w) {
                    auto& hit = hits[t + w];
                    if (hit < 0 || (clauses_[static_cast<std::size_t>(hit)].kind ==
                                        QueryClause::Kind::Prefix &&
                                    clause.kind != QueryClause::Kind::Prefix)) {
                        hit = static_cast<int>(c);
                    }
                }
            }
        }
    }
    return hits;
}

std::vector<SnippetPart> Highlighter::render(std::string_view text,
                                             const std::vector<Token>& tokens,
                                             const std::vector<int>& hits, std::size_t first,
                                             std::size_t last) {
    std::vector<SnippetPart> parts;
    if (first >= last) {
        return parts;
    }
    std::size_t at = tokens[first].begin;
    for (std::size_t t = first; t < last; ++t) {
        // Words of one phrase are marked as one piece, the space between them included.
        const bool match = hits[t] >= 0;
        const auto gap = text.substr(at, tokens[t].begin - at);
        const bool joined = match && t > first && hits[t - 1] == hits[t] &&
                            gap.find_first_not_of(" \n\t\r") == std::string_view::npos;
        addPart(parts, gap, joined);
        addPart(parts, text.substr(tokens[t].begin, tokens[t].end - tokens[t].begin), match);
        at = tokens[t].end;
    }
    if (last == tokens.size()) {
        // Keep the closing punctuation of the text.
        auto tail = text.substr(at);
        const auto cut = tail.find_first_of(" \n\t\r");
        addPart(parts, tail.substr(0, cut), false);
    }
    return parts;
}

std::vector<SnippetPart> Highlighter::mark(std::string_view text) const {
    const auto tokens = tokenize(text);
    if (tokens.empty()) {
        std::vector<SnippetPart> parts;
        addPart(parts, text, false);
        return parts;
    }
    auto parts = render(text, tokens, matches(tokens), 0, tokens.size());
    if (tokens.front().begin > 0) {
        std::vector<SnippetPart> head;
        addPart(head, text.substr(0, tokens.front().begin), false);
        if (!head.empty() && !parts.empty() && !parts.front().match) {
            parts.front().text = head.front().text + parts.front().text;
        } else if (!head.empty()) {
            parts.insert(parts.begin(), head.front());
        }
    }
    return parts;
}

std::vector<SnippetPart> Highlighter::snippet(std::string_view text, int words) const {
    const auto tokens = tokenize(text);
    if (tokens.empty()) {
        return {};
    }
    const auto hits = matches(tokens);
    const std::size_t window =
        std::min<std::size_t>(static_cast<std::size_t>(std::max(words, 1)), tokens.size());
    // Slide a window of `window` tokens; best = most distinct clauses, then most matched words.
    std::vector<int> perClause(clauses_.size(), 0);
    int distinct = 0, matched = 0;
    auto add = [&](std::size_t t, int delta) {
        if (hits[t] < 0) {
            return;
        }
        auto& count = perClause[static_cast<std::size_t>(hits[t])];
        if (delta > 0 && count++ == 0) {
            ++distinct;
        }
        if (delta < 0 && --count == 0) {
            --distinct;
        }
        matched += delta;
    };
    for (std::size_t t = 0; t < window; ++t) {
        add(t, +1);
    }
    long best = distinct * 1000L + matched;
    std::size_t bestStart = 0;
    for (std::size_t start = 1; start + window <= tokens.size(); ++start) {
        add(start - 1, -1);
        add(start + window - 1, +1);
        const long score = distinct * 1000L + matched;
        if (score > best) {
            best = score;
            bestStart = start;
        }
    }
    // Start a few words before the first match so it is read in context.
    if (best > 0) {
        // The first word a whole-word clause found (prefixes match too many words to lead).
        auto isLead = [&](std::size_t t) {
            return hits[t] >= 0 &&
                   clauses_[static_cast<std::size_t>(hits[t])].kind != QueryClause::Kind::Prefix;
        };
        std::size_t firstHit = bestStart;
        while (firstHit < bestStart + window && !isLead(firstHit)) {
            ++firstHit;
        }
        if (firstHit == bestStart + window) {
            firstHit = bestStart;
            while (firstHit < bestStart + window && hits[firstHit] < 0) {
                ++firstHit;
            }
        }
        const std::size_t lead = std::min<std::size_t>(4, window / 4);
        const std::size_t start = firstHit > lead ? firstHit - lead : 0;
        bestStart = std::min(start, tokens.size() - window);
    }
    auto parts = render(text, tokens, hits, bestStart, bestStart + window);
    if (bestStart > 0) {
        parts.insert(parts.begin(), SnippetPart{"… ", false});
    }
    if (bestStart + window < tokens.size()) {
        parts.push_back({" …", false});
    }
    // Merge neighbours of the same kind.
    std::vector<SnippetPart> merged;
    for (auto& part : parts) {
        if (!merged.empty() && merged.back().match == part.match) {
            merged.back().text += part.text;
        } else {
            merged.push_back(std::move(part));
        }
    }
    return merged;
}

} // namespace vanthu::search
