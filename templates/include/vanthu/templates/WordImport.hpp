#pragma once
// Bodies from Word and LibreOffice (issue 18 item 4): a .docx or .odt is read by Debian's pandoc
// (never by a hand-written reader) into pandoc's JSON document tree, and the tree becomes the body
// markup of docs/document-format.md: paragraphs, bold and italic, numbered and dash items,
// footnotes, legal bases ("Căn cứ …"), the type line ("QUYẾT ĐỊNH:"), parts, chapters, sections
// and articles. What the markup has no place for is named in a warning (underline, images, a
// link's address …), never dropped silently; a table is refused with a sentence (the body of an
// administrative document has none: it goes into an appendix).
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace vanthu::templates {

/// A file that cannot become a body: not .docx/.odt, too large, pandoc failed or took too long,
/// or it holds a table. One Vietnamese sentence.
class WordImportError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class WordFormat { Docx, Odt };

struct ImportedBody {
    std::string markup;                ///< the body, in vanthu's markup
    std::vector<std::string> warnings; ///< one Vietnamese line for each thing not carried over
};

/// The largest file taken (bytes): a letter's body is far smaller.
constexpr std::size_t kMaxWordFileBytes = 20u << 20;

/// The format by the file's first bytes (a ZIP holding word/document.xml, or an ODF package
/// whose mimetype is application/vnd.oasis.opendocument.text). Throws WordImportError.
WordFormat wordFormatOf(std::string_view bytes);

/// pandoc's JSON document tree (pandoc-api 1.22, Debian 12's pandoc 2.17) as body markup.
/// Throws WordImportError for a table or for JSON that is not such a tree.
ImportedBody bodyFromPandocJson(std::string_view json);

/// Runs `pandoc --from=docx|odt --to=json` on the bytes in a scratch folder (at most
/// kMaxWordFileBytes, 30 s, 16 MB of JSON) and converts its tree. Throws WordImportError.
ImportedBody importWordBody(std::string_view bytes);

} // namespace vanthu::templates
