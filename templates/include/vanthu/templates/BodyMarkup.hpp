#pragma once
// The small text markup of a document's body (docs/document-format.md): paragraphs, numbered
// and dash items, **bold**, *italic*, footnotes, links shown as text, legal bases, the centred
// type line of a decision, parts/chapters/sections, and articles with clauses and points.
#include <string>
#include <string_view>
#include <vector>

namespace vanthu::templates {

/// A run of text with one style. Footnote references carry their number in `text`.
struct TextRun {
    std::string text;
    bool bold = false;
    bool italic = false;
    bool footnoteReference = false; ///< drawn as a superscript number
    bool operator==(const TextRun&) const = default;
};

enum class BlockKind {
    Paragraph,    ///< justified, first-line indent
    NumberedItem, ///< "1. …", "2.4. …": a paragraph that starts with its number
    DashItem,     ///< "- …"
    LegalBasis,   ///< "Căn cứ …;" italic, one per line
    TypeLine,     ///< "QUYẾT ĐỊNH:" centred, bold
    Part,         ///< "Phần I" + title, centred bold
    Chapter,      ///< "Chương I" + title
    Section,      ///< "Mục 1" + title
    Article,      ///< "Điều 1." bold label, then a bold title or a regular sentence
    Clause,       ///< "1. …" inside an article (khoản)
    Point,        ///< "a) …" inside a clause (điểm)
};

struct Block {
    BlockKind kind = BlockKind::Paragraph;
    std::vector<TextRun> runs; ///< the text, label included ("Điều 1. …", "1. …", "- …")
    std::string heading;       ///< Part/Chapter/Section: the title line under the label
    /// Article, clause, point: true for "Điều 1. Tên điều" (label and title, bold), false for
    /// "Điều 1. Câu văn …." (label, then a sentence in regular type).
    bool titled = false;
    bool operator==(const Block&) const = default;
};

struct Footnote {
    int number = 0;
    std::vector<TextRun> runs;
    bool operator==(const Footnote&) const = default;
};

struct Body {
    std::vector<Block> blocks;
    std::vector<Footnote> footnotes; ///< numbered as referenced, 1, 2, …
};

/// Parses the markup; throws std::invalid_argument naming the line for a footnote reference
/// without a definition or an unterminated heading.
Body parseBodyMarkup(std::string_view markup);

/// Splits inline markup into styled runs: **bold**, *italic*, [^n] footnote references,
/// <url> and [text](url) links (shown as text). Footnote labels map through `footnoteNumbers`.
std::vector<TextRun> parseInline(std::string_view text);

} // namespace vanthu::templates
