#include "vanthu/templates/BodyMarkup.hpp"

#include <map>
#include <optional>
#include <regex>
#include <stdexcept>

namespace vanthu::templates {
namespace {

std::string trim(std::string_view s) {
    size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r')) {
        ++b;
    }
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) {
        --e;
    }
    return std::string(s.substr(b, e - b));
}

bool startsWith(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

/// The line without emphasis markers, to recognise "**1.** …" as a numbered item.
std::string withoutEmphasis(const std::string& line) {
    std::string bare;
    for (char c : line) {
        if (c != '*') {
            bare += c;
        }
    }
    return bare;
}

void appendRun(std::vector<TextRun>& runs, TextRun run) {
    if (!runs.empty() && !run.footnoteReference && !runs.back().footnoteReference &&
        runs.back().bold == run.bold && runs.back().italic == run.italic) {
        runs.back().text += run.text;
    } else {
        runs.push_back(std::move(run));
    }
}

void appendRun(std::vector<TextRun>& runs, const std::string& text, bool bold, bool italic) {
    if (text.empty()) {
        return;
    }
    if (!runs.empty() && runs.back().bold == bold && runs.back().italic == italic &&
        !runs.back().footnoteReference) {
        runs.back().text += text;
    } else {
        runs.push_back({text, bold, italic, false});
    }
}

const std::regex& numberedPattern() {
    static const std::regex pattern(R"(^\d+(\.\d+)*\.\s)");
    return pattern;
}
const std::regex& pointPattern() {
    static const std::regex pattern(R"(^([a-z]|đ)\)\s)");
    return pattern;
}
const std::regex& articlePattern() {
    static const std::regex pattern(R"(^Điều \d+[a-z]?\.)");
    return pattern;
}
const std::regex& footnoteDefinitionPattern() {
    static const std::regex pattern(R"(^\[\^([^\]]+)\]:\s*(.*)$)");
    return pattern;
}

struct SourceBlock {
    BlockKind kind;
    std::string text;
    std::string heading;
    bool joinable;          ///< a following plain line continues this block
    bool continued = false; ///< a following line did continue it
    bool inArticle = false; ///< after an article and before the next heading
};

std::optional<SourceBlock> classify(const std::string& line, bool inArticle) {
    if (startsWith(line, "> ")) {
        return SourceBlock{BlockKind::LegalBasis, trim(line.substr(2)), "", false};
    }
    if (startsWith(line, "= ")) {
        return SourceBlock{BlockKind::TypeLine, trim(line.substr(2)), "", false};
    }
    if (startsWith(line, "#")) {
        size_t level = 0;
        while (level < line.size() && line[level] == '#') {
            ++level;
        }
        if (level > 3 || level >= line.size() || line[level] != ' ') {
            throw std::invalid_argument("a heading is written \"# Phần I | TITLE\", \"## Chương "
                                        "I | TITLE\" or \"### Mục 1 | TITLE\": " +
                                        line);
        }
        const std::string rest = line.substr(level + 1);
        const size_t bar = rest.find('|');
        const BlockKind kind =
            level == 1 ? BlockKind::Part : (level == 2 ? BlockKind::Chapter : BlockKind::Section);
        return SourceBlock{kind, trim(rest.substr(0, bar)),
                           bar == std::string::npos ? "" : trim(rest.substr(bar + 1)), false};
    }
    if (std::regex_search(line, articlePattern())) {
        return SourceBlock{BlockKind::Article, line, "", true};
    }
    if (startsWith(line, "**") && std::regex_search(withoutEmphasis(line), articlePattern())) {
        return SourceBlock{BlockKind::Article, line, "", true}; // "**Điều 1.** …" as written
    }
    if (startsWith(line, "- ")) {
        return SourceBlock{BlockKind::DashItem, line, "", true};
    }
    const std::string bare = withoutEmphasis(line);
    if (std::regex_search(bare, numberedPattern())) {
        return SourceBlock{inArticle ? BlockKind::Clause : BlockKind::NumberedItem, line, "", true};
    }
    if (std::regex_search(bare, pointPattern())) {
        return SourceBlock{BlockKind::Point, line, "", true};
    }
    return std::nullopt;
}

/// Whether text ends a sentence (. ; : ! ? …), past closing quotes and brackets: an article,
/// clause or point whose text does is a label and a sentence, not a label and a title.
bool endsSentence(std::string_view text) {
    while (!text.empty()) {
        if (text.ends_with("\u201D") || text.ends_with("\u2019")) { // ” ’
            text.remove_suffix(3);
        } else if (text.back() == '"' || text.back() == '\'' || text.back() == ')' ||
                   text.back() == ']' || text.back() == ' ') {
            text.remove_suffix(1);
        } else {
            break;
        }
    }
    if (text.ends_with("\u2026")) { // …
        return true;
    }
    return !text.empty() && std::string_view(".;:!?").find(text.back()) != std::string_view::npos;
}

/// The label an article, clause or point starts with ("Điều 1.", "1.", "a)"), or "".
std::string structureLabel(BlockKind kind, const std::string& text) {
    const std::regex* pattern = kind == BlockKind::Article  ? &articlePattern()
                                : kind == BlockKind::Clause ? &numberedPattern()
                                : kind == BlockKind::Point  ? &pointPattern()
                                                            : nullptr;
    std::smatch match;
    if (pattern == nullptr || !std::regex_search(text, match, *pattern)) {
        return "";
    }
    return trim(match.str(0));
}

void setStyle(std::vector<TextRun>& runs, bool bold, bool italic) {
    for (auto& run : runs) {
        run.bold = run.bold || bold;
        run.italic = run.italic || italic;
    }
}

/// An article, clause or point is a label and a title when its text is one line that does not
/// end a sentence ("Điều 1. Phạm vi điều chỉnh"): all bold. Otherwise it is a label and a
/// sentence ("Điều 1. Ban hành kèm theo … ."): an article's label bold, the rest as written.
/// Text with its own ** markers is taken as written (an article's label still bold).
Block structureBlock(const SourceBlock& source) {
    Block block{source.kind, parseInline(source.text), source.heading};
    // A point outside an article is an item of a letter's list: taken as written.
    const bool structure = source.kind == BlockKind::Article || source.kind == BlockKind::Clause ||
                           (source.kind == BlockKind::Point && source.inArticle);
    if (!structure) {
        return block;
    }
    const bool styledByAuthor = source.text.find("**") != std::string::npos;
    const std::string label = structureLabel(source.kind, source.text);
    if (!styledByAuthor && !label.empty()) {
        const std::string rest = trim(std::string_view(source.text).substr(label.size()));
        block.titled = !source.continued && !endsSentence(rest);
        if (block.titled) {
            setStyle(block.runs, true, false);
        } else if (source.kind == BlockKind::Article) {
            block.runs = {TextRun{label, true, false, false}};
            for (auto& run : parseInline(" " + rest)) {
                appendRun(block.runs, run);
            }
        }
    } else if (source.kind == BlockKind::Article && !block.runs.empty() && !block.runs[0].bold) {
        // The label ("Điều 1.") is bold whatever else the author marked.
        const std::string bareLabel = structureLabel(source.kind, withoutEmphasis(source.text));
        TextRun& first = block.runs[0];
        if (!bareLabel.empty() && startsWith(first.text, bareLabel)) {
            TextRun rest = first;
            rest.text = first.text.substr(bareLabel.size());
            first.text = bareLabel;
            first.bold = true;
            if (!rest.text.empty()) {
                block.runs.insert(block.runs.begin() + 1, rest);
            }
        }
    }
    return block;
}

} // namespace

std::vector<TextRun> parseInline(std::string_view text) {
    std::vector<TextRun> runs;
    std::string current;
    bool bold = false, italic = false;
    auto flush = [&] {
        appendRun(runs, current, bold, italic);
        current.clear();
    };
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\\' && i + 1 < text.size() &&
            (text[i + 1] == '*' || text[i + 1] == '\\' || text[i + 1] == '[' ||
             text[i + 1] == '<')) {
            current += text[++i];
        } else if (c == '*' && i + 1 < text.size() && text[i + 1] == '*') {
            flush();
            bold = !bold;
            ++i;
        } else if (c == '*') {
            flush();
            italic = !italic;
        } else if (c == '[' && i + 1 < text.size() && text[i + 1] == '^') {
            const size_t close = text.find(']', i);
            if (close == std::string_view::npos) {
                current += c;
                continue;
            }
            flush();
            runs.push_back({std::string(text.substr(i + 2, close - i - 2)), false, false, true});
            i = close;
        } else if (c == '[') {
            // [text](url): the text, then the URL in brackets, since paper cannot be clicked.
            const size_t close = text.find("](", i);
            const size_t end = close == std::string_view::npos ? close : text.find(')', close);
            if (end == std::string_view::npos) {
                current += c;
                continue;
            }
            current += std::string(text.substr(i + 1, close - i - 1)) + " (" +
                       std::string(text.substr(close + 2, end - close - 2)) + ")";
            i = end;
        } else if (c == '<' &&
                   (text.substr(i + 1, 4) == "http" || text.substr(i + 1, 7) == "mailto:")) {
            const size_t end = text.find('>', i);
            if (end == std::string_view::npos) {
                current += c;
                continue;
            }
            current += std::string(text.substr(i + 1, end - i - 1));
            i = end;
        } else {
            current += c;
        }
    }
    if (bold || italic) {
        throw std::invalid_argument("an emphasis marker (* or **) is not closed in: " +
                                    std::string(text));
    }
    flush();
    return runs;
}

Body parseBodyMarkup(std::string_view markup) {
    std::vector<SourceBlock> sources;
    std::map<std::string, std::string> footnoteTexts;
    bool inArticle = false;
    bool previousBlank = true;
    size_t start = 0;
    while (start <= markup.size()) {
        size_t end = markup.find('\n', start);
        if (end == std::string_view::npos) {
            end = markup.size();
        }
        const std::string line = trim(markup.substr(start, end - start));
        start = end + 1;
        if (line.empty()) {
            previousBlank = true;
            continue;
        }
        std::smatch match;
        if (std::regex_match(line, match, footnoteDefinitionPattern())) {
            footnoteTexts[match[1]] = match[2];
            previousBlank = false;
            continue;
        }
        auto block = classify(line, inArticle);
        if (block) {
            if (block->kind == BlockKind::Article) {
                inArticle = true;
            } else if (block->kind == BlockKind::Part || block->kind == BlockKind::Chapter ||
                       block->kind == BlockKind::Section || block->kind == BlockKind::TypeLine) {
                inArticle = false;
            }
            block->inArticle = inArticle;
            sources.push_back(*block);
        } else if (!previousBlank && !sources.empty() && sources.back().joinable) {
            sources.back().text += " " + line;
            sources.back().continued = true;
        } else {
            sources.push_back({BlockKind::Paragraph, line, "", true});
        }
        previousBlank = false;
    }

    Body body;
    std::map<std::string, int> footnoteNumbers;
    for (const auto& source : sources) {
        Block block = structureBlock(source);
        for (auto& run : block.runs) {
            if (!run.footnoteReference) {
                continue;
            }
            auto text = footnoteTexts.find(run.text);
            if (text == footnoteTexts.end()) {
                throw std::invalid_argument("footnote [^" + run.text + "] has no text ([^" +
                                            run.text + "]: …)");
            }
            auto [it, inserted] =
                footnoteNumbers.emplace(run.text, static_cast<int>(footnoteNumbers.size()) + 1);
            if (inserted) {
                body.footnotes.push_back({it->second, parseInline(text->second)});
            }
            run.text = std::to_string(it->second);
        }
        switch (block.kind) {
        case BlockKind::LegalBasis:
            setStyle(block.runs, false, true);
            break;
        case BlockKind::TypeLine:
        case BlockKind::Part:
        case BlockKind::Chapter:
        case BlockKind::Section:
            setStyle(block.runs, true, false);
            break;
        default:
            break;
        }
        body.blocks.push_back(std::move(block));
    }
    return body;
}

} // namespace vanthu::templates
