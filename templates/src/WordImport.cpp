#include "vanthu/templates/WordImport.hpp"

#include "vanthu/tools/ToolRun.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

namespace vanthu::templates {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

constexpr std::size_t kMaxJsonBytes = 16u << 20;
constexpr std::chrono::seconds kTimeLimit{30};

/// A piece of a paragraph: text with one style, or a footnote reference.
struct Piece {
    std::string text;
    bool bold = false;
    bool italic = false;
    int footnote = 0; ///< a reference to footnote n when > 0
};

struct Style {
    bool bold = false;
    bool italic = false;
};

/// The markup's own characters written as text (BodyMarkup's parseInline reads \* \\ \[ \<).
std::string escaped(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (c == '\\' || c == '*' || c == '[' || c == '<') {
            out += '\\';
        }
        out += c;
    }
    return out;
}

/// At most `bytes` bytes of text, cut before a character, not inside one.
std::string utf8Prefix(const std::string& text, std::size_t bytes) {
    if (text.size() <= bytes) {
        return text;
    }
    while (bytes > 0 && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) {
        --bytes;
    }
    return text.substr(0, bytes) + "…";
}

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(' ');
    if (first == std::string::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(' ') - first + 1);
}

class Converter {
public:
    ImportedBody run(const Object& document) {
        const auto blocks = document.getArray("blocks");
        if (!blocks) {
            throw WordImportError("Kết quả đọc tệp không có nội dung (blocks).");
        }
        convertBlocks(*blocks);
        for (std::size_t i = 0; i < footnotes_.size(); ++i) {
            lines_.push_back("[^" + std::to_string(i + 1) + "]: " + footnotes_[i]);
        }
        ImportedBody body;
        for (const auto& line : lines_) {
            body.markup += (body.markup.empty() ? "" : "\n\n") + line;
        }
        for (const auto& [what, count] : warnings_) {
            body.warnings.push_back(what +
                                    (count > 1 ? " (" + std::to_string(count) + " chỗ)" : ""));
        }
        return body;
    }

private:
    // ---- blocks ------------------------------------------------------------------------------

    void convertBlocks(const Array& blocks) {
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            const auto block = blocks.getObject(static_cast<unsigned>(i));
            if (!block) {
                throw WordImportError("Kết quả đọc tệp có một khối không đọc được.");
            }
            const auto next = i + 1 < blocks.size() ? blocks.getObject(static_cast<unsigned>(i + 1))
                                                    : Object::Ptr();
            if (convertBlock(*block, next)) {
                ++i; // a heading took the next paragraph as its title
            }
        }
    }

    /// Converts one block; true when it also used `next` (a part/chapter/section title).
    bool convertBlock(const Object& block, const Object::Ptr& next) {
        const auto type = block.getValue<std::string>("t");
        if (type == "Para" || type == "Plain") {
            return paragraph(*block.getArray("c"), next);
        }
        if (type == "Header") {
            const auto content = block.getArray("c");
            warn("Đề mục (Heading) của Word thành đoạn văn thường; cỡ chữ theo thể thức");
            return paragraph(*content->getArray(2), next, /*heading=*/true);
        }
        if (type == "BulletList") {
            list(*block.getArray("c"), [](std::size_t) { return std::string("- "); });
            return false;
        }
        if (type == "OrderedList") {
            orderedList(*block.getArray("c"));
            return false;
        }
        if (type == "BlockQuote") {
            warn("Đoạn trích (thụt lề) thành đoạn văn thường");
            convertBlocks(*block.getArray("c"));
            return false;
        }
        if (type == "Div") {
            convertBlocks(*block.getArray("c")->getArray(1));
            return false;
        }
        if (type == "LineBlock") {
            const auto lines = block.getArray("c");
            for (std::size_t i = 0; i < lines->size(); ++i) {
                paragraph(*lines->getArray(static_cast<unsigned>(i)), nullptr);
            }
            return false;
        }
        if (type == "CodeBlock") {
            warn("Khối mã (phông chữ cố định) thành đoạn văn thường");
            lines_.push_back(escaped(block.getArray("c")->getElement<std::string>(1)));
            return false;
        }
        if (type == "DefinitionList") {
            warn("Danh sách định nghĩa thành các đoạn văn");
            const auto items = block.getArray("c");
            for (std::size_t i = 0; i < items->size(); ++i) {
                const auto item = items->getArray(static_cast<unsigned>(i));
                paragraph(*item->getArray(0), nullptr);
                const auto definitions = item->getArray(1);
                for (std::size_t d = 0; d < definitions->size(); ++d) {
                    convertBlocks(*definitions->getArray(static_cast<unsigned>(d)));
                }
            }
            return false;
        }
        if (type == "Table") {
            ++tables_;
            throw WordImportError(
                "Tệp có bảng (bảng thứ " + std::to_string(tables_) +
                (lines_.empty() ? std::string()
                                : ", sau đoạn \"" + utf8Prefix(lines_.back(), 60) + "\"") +
                "): nội dung văn bản không có bảng; hãy đưa bảng vào phụ lục rồi nhập lại.");
        }
        if (type == "HorizontalRule") {
            warn("Đường kẻ ngang bị bỏ");
            return false;
        }
        if (type == "RawBlock") {
            warn("Nội dung riêng của Word (khối thô) bị bỏ");
            return false;
        }
        if (type != "Null") {
            warn("Khối \"" + type + "\" không có trong thể thức, bị bỏ");
        }
        return false;
    }

    void orderedList(const Array& content) {
        const auto attributes = content.getArray(0);
        const int start = attributes->getElement<int>(0);
        const auto style = attributes->getObject(1)->getValue<std::string>("t");
        const auto items = content.getArray(1);
        list(*items, [&](std::size_t i) {
            const auto n = start + static_cast<int>(i);
            if (style == "LowerAlpha" || style == "UpperAlpha") {
                std::string letter(
                    1, static_cast<char>((style == "LowerAlpha" ? 'a' : 'A') + (n - 1) % 26));
                return letter + ") ";
            }
            if (style == "LowerRoman" || style == "UpperRoman") {
                warn("Số La Mã của danh sách thành số thường");
            }
            return std::to_string(n) + ". ";
        });
    }

    template <typename Label> void list(const Array& items, Label label) {
        for (std::size_t i = 0; i < items.size(); ++i) {
            const auto blocks = items.getArray(static_cast<unsigned>(i));
            pendingLabel_ = label(i);
            convertBlocks(*blocks);
            pendingLabel_.clear();
        }
    }

    /// One paragraph; true when its part/chapter/section label took `next` as its title.
    bool paragraph(const Array& inlines, const Object::Ptr& next, bool heading = false) {
        std::vector<Piece> pieces;
        inlinesTo(inlines, Style{heading, false}, pieces);
        const auto text = trimmed(plainText(pieces));
        const auto label = pendingLabel_;
        pendingLabel_.clear();
        if (text.empty() && label.empty()) {
            return false;
        }
        // Byte-wise patterns: every non-ASCII letter in them stands outside a bracket.
        static const std::regex division(
            R"(^(Phần|Chương|Mục) ([IVXLCDM]+|[0-9]+)\b(?:[.: -]|–)*(.*)$)");
        static const std::regex article(R"(^Điều [0-9]+[a-z]?\.)");
        std::smatch match;
        if (label.empty() && text.rfind("Căn cứ", 0) == 0) {
            lines_.push_back("> " + escaped(text));
            return false;
        }
        if (label.empty() && isTypeLine(text)) {
            lines_.push_back("= " + escaped(text));
            return false;
        }
        if (label.empty() && std::regex_match(text, match, division)) {
            const auto marks = match[1] == "Phần" ? "# " : match[1] == "Chương" ? "## " : "### ";
            std::string title = trimmed(match[3].str());
            bool usedNext = false;
            if (title.empty() && next && next->getValue<std::string>("t") != "Table") {
                std::vector<Piece> titlePieces;
                const auto t = next->getValue<std::string>("t");
                if (t == "Para" || t == "Plain" || t == "Header") {
                    const auto content = next->getArray("c");
                    inlinesTo(t == "Header" ? *content->getArray(2) : *content, Style{},
                              titlePieces);
                    title = trimmed(plainText(titlePieces));
                    usedNext = !title.empty();
                }
            }
            lines_.push_back(marks + escaped(match[1].str() + " " + match[2].str()) +
                             (title.empty() ? "" : " | " + escaped(title)));
            return usedNext;
        }
        if (label.empty() && std::regex_search(text, article)) {
            // The markup sets an article's label and title in bold itself.
            lines_.push_back(escaped(text));
            return false;
        }
        lines_.push_back(label + styled(pieces));
        return false;
    }

    /// "QUYẾT ĐỊNH:", "QUYẾT NGHỊ:": a short line in capitals ending in a colon.
    static bool isTypeLine(const std::string& text) {
        if (text.size() < 5 || text.size() > 60 || text.back() != ':') {
            return false;
        }
        for (const unsigned char c : text) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    // ---- inlines -----------------------------------------------------------------------------

    void inlinesTo(const Array& inlines, Style style, std::vector<Piece>& pieces) {
        for (std::size_t i = 0; i < inlines.size(); ++i) {
            inlineTo(*inlines.getObject(static_cast<unsigned>(i)), style, pieces);
        }
    }

    void inlineTo(const Object& node, Style style, std::vector<Piece>& pieces) {
        const auto type = node.getValue<std::string>("t");
        const auto add = [&](const std::string& text) {
            pieces.push_back(Piece{text, style.bold, style.italic, 0});
        };
        if (type == "Str") {
            add(node.getValue<std::string>("c"));
        } else if (type == "Space" || type == "SoftBreak" || type == "LineBreak") {
            add(" ");
        } else if (type == "Strong") {
            inlinesTo(*node.getArray("c"), Style{true, style.italic}, pieces);
        } else if (type == "Emph") {
            inlinesTo(*node.getArray("c"), Style{style.bold, true}, pieces);
        } else if (type == "Underline" || type == "Strikeout" || type == "SmallCaps" ||
                   type == "Superscript" || type == "Subscript") {
            static const std::map<std::string, std::string> names = {
                {"Underline", "Gạch chân"},
                {"Strikeout", "Gạch ngang chữ"},
                {"SmallCaps", "Chữ hoa nhỏ"},
                {"Superscript", "Chữ số mũ (trên)"},
                {"Subscript", "Chữ chỉ số (dưới)"}};
            warn(names.at(type) + " không có trong thể thức: giữ chữ, bỏ kiểu");
            inlinesTo(*node.getArray("c"), style, pieces);
        } else if (type == "Span") {
            inlinesTo(*node.getArray("c")->getArray(1), style, pieces);
        } else if (type == "Quoted") {
            const auto content = node.getArray("c");
            const bool single = content->getObject(0)->getValue<std::string>("t") == "SingleQuote";
            add(single ? "‘" : "“");
            inlinesTo(*content->getArray(1), style, pieces);
            add(single ? "’" : "”");
        } else if (type == "Cite") {
            inlinesTo(*node.getArray("c")->getArray(1), style, pieces);
        } else if (type == "Code") {
            add(node.getArray("c")->getElement<std::string>(1));
        } else if (type == "Math") {
            warn("Công thức toán giữ dạng chữ");
            add(node.getArray("c")->getElement<std::string>(1));
        } else if (type == "Link") {
            const auto content = node.getArray("c");
            inlinesTo(*content->getArray(1), style, pieces);
            const auto target = content->getArray(2)->getElement<std::string>(0);
            if (!target.empty() && target[0] != '#' &&
                plainText(pieces).find(target) == std::string::npos) {
                add(" (" + target + ")");
            }
        } else if (type == "Image") {
            warn("Hình ảnh không đưa vào nội dung; đính kèm nó làm phụ lục");
        } else if (type == "Note") {
            footnote(*node.getArray("c"), pieces);
        } else if (type == "RawInline") {
            warn("Nội dung riêng của Word (mã thô) bị bỏ");
        } else {
            warn("Thành phần \"" + type + "\" không có trong thể thức, bị bỏ");
        }
    }

    void footnote(const Array& blocks, std::vector<Piece>& pieces) {
        std::string text;
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            const auto block = blocks.getObject(static_cast<unsigned>(i));
            const auto type = block->getValue<std::string>("t");
            if (type != "Para" && type != "Plain") {
                warn("Chú thích chỉ giữ các đoạn chữ");
                continue;
            }
            std::vector<Piece> inner;
            inlinesTo(*block->getArray("c"), Style{}, inner);
            const auto part = trimmed(styled(inner));
            text += (text.empty() || part.empty() ? "" : " ") + part;
        }
        footnotes_.push_back(text);
        pieces.push_back(Piece{"", false, false, static_cast<int>(footnotes_.size())});
    }

    static std::string plainText(const std::vector<Piece>& pieces) {
        std::string text;
        for (const auto& piece : pieces) {
            text += piece.text;
        }
        return text;
    }

    /// The pieces as markup: ** and * where the style changes, [^n] for a footnote, white
    /// space collapsed, markers kept off the spaces between words.
    static std::string styled(const std::vector<Piece>& pieces) {
        std::string out;
        Style open;
        const auto setStyle = [&](Style wanted) {
            if (wanted.bold != open.bold) {
                out += "**";
            }
            if (wanted.italic != open.italic) {
                out += "*";
            }
            open = wanted;
        };
        bool space = false; // a space waits until the next piece shows which style it has
        for (const auto& piece : pieces) {
            if (piece.footnote == 0 && piece.text == " ") {
                space = !out.empty();
                continue;
            }
            const Style wanted = piece.footnote > 0 ? Style{} : Style{piece.bold, piece.italic};
            if (space) {
                // Markers that end, end before the space; those that begin, after it:
                // "**khẩn trương** thực", never "**khẩn trương **thực".
                setStyle(Style{open.bold && wanted.bold, open.italic && wanted.italic});
                out += ' ';
                space = false;
            }
            setStyle(wanted);
            out += piece.footnote > 0 ? "[^" + std::to_string(piece.footnote) + "]"
                                      : escaped(piece.text);
        }
        setStyle(Style{});
        return trimmed(out);
    }

    void warn(const std::string& what) { ++warnings_[what]; }

    std::vector<std::string> lines_;
    std::vector<std::string> footnotes_;
    std::map<std::string, int> warnings_;
    std::string pendingLabel_; ///< "- ", "1. ", "a) " for the first paragraph of a list item
    int tables_ = 0;
};

} // namespace

WordFormat wordFormatOf(std::string_view bytes) {
    if (bytes.substr(0, 4) != std::string_view("PK\x03\x04", 4)) {
        throw WordImportError("Tệp không phải .docx hay .odt (không phải một gói ZIP).");
    }
    if (bytes.substr(30, 8) == "mimetype" &&
        bytes.substr(0, 200).find("application/vnd.oasis.opendocument.text") !=
            std::string_view::npos) {
        return WordFormat::Odt;
    }
    if (bytes.find("word/document.xml") != std::string_view::npos) {
        return WordFormat::Docx;
    }
    throw WordImportError("Tệp ZIP này không phải văn bản Word (.docx) hay LibreOffice (.odt).");
}

ImportedBody bodyFromPandocJson(std::string_view json) {
    Poco::Dynamic::Var parsed;
    try {
        Poco::JSON::Parser parser;
        parsed = parser.parse(std::string(json));
    } catch (const Poco::Exception& e) {
        throw WordImportError("Kết quả đọc tệp không phải JSON: " + e.displayText());
    }
    const auto document = parsed.extract<Object::Ptr>();
    try {
        return Converter().run(*document);
    } catch (const WordImportError&) {
        throw;
    } catch (const Poco::Exception& e) {
        throw WordImportError("Kết quả đọc tệp có cấu trúc lạ: " + e.displayText());
    } catch (const std::exception& e) {
        throw WordImportError(std::string("Kết quả đọc tệp có cấu trúc lạ: ") + e.what());
    }
}

ImportedBody importWordBody(std::string_view bytes) {
    if (bytes.size() > kMaxWordFileBytes) {
        throw WordImportError("Tệp lớn hơn " + std::to_string(kMaxWordFileBytes >> 20) +
                              " MB; nội dung một văn bản không lớn như vậy.");
    }
    const auto format = wordFormatOf(bytes);
    const std::string input = format == WordFormat::Docx ? "input.docx" : "input.odt";
    std::string json;
    try {
        const tools::ScratchFolder folder("vanthu-word");
        folder.write(input, bytes);
        const auto run =
            tools::runTool(folder, "pandoc",
                           {std::string("--from=") + (format == WordFormat::Docx ? "docx" : "odt"),
                            "--to=json", "--output=body.json", input},
                           {kTimeLimit, 300});
        if (run.timedOut) {
            throw WordImportError("Đọc tệp quá " + std::to_string(kTimeLimit.count()) +
                                  " giây; dừng.");
        }
        if (!run.succeeded()) {
            throw WordImportError("pandoc không đọc được tệp: " + run.messages);
        }
        json = folder.read("body.json", kMaxJsonBytes);
    } catch (const tools::ToolMissing& e) {
        throw WordImportError(std::string("Không chạy được pandoc (cài bằng scripts/bootstrap): ") +
                              e.what());
    } catch (const tools::ScratchFolderError& e) {
        throw WordImportError(std::string("Không tạo được tệp tạm để đọc: ") + e.what());
    }
    if (json.size() > kMaxJsonBytes) {
        throw WordImportError("Nội dung đọc được quá lớn cho một văn bản.");
    }
    return bodyFromPandocJson(json);
}

} // namespace vanthu::templates
