// Rendered documents checked with independent readers: the weight of every word (mutool draw
// -F stext gives each character's font) and the empty space at the foot of each page
// (pdftotext -bbox): articles with a title or a sentence, names of issuing bodies broken
// between kind and place, paragraphs and Nơi nhận running across pages.
#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>
#include <sstream>

#include "TestSupport.hpp"
#include "vanthu/templates/DocumentJson.hpp"
#include "vanthu/templates/PdfRenderer.hpp"

using namespace vanthu::templates;

namespace {

const PdfRenderer& renderer() {
    static const PdfRenderer instance;
    return instance;
}

struct WordFont {
    std::string text;
    bool bold = false; ///< every character in a bold face
};

std::string utf8(char32_t c) {
    std::string out;
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
    return out;
}

/// XML text with its named and numeric character references resolved.
std::string unescapeXml(const std::string& text) {
    static const std::regex entity(R"(&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|quot|apos|amp);)");
    std::string out;
    auto begin = std::sregex_iterator(text.begin(), text.end(), entity);
    size_t last = 0;
    for (auto it = begin; it != std::sregex_iterator(); ++it) {
        out += text.substr(last, static_cast<size_t>(it->position()) - last);
        const std::string name = (*it)[1];
        if (name[0] == '#') {
            const bool hex = name[1] == 'x';
            out += utf8(static_cast<char32_t>(
                std::stoul(name.substr(hex ? 2 : 1), nullptr, hex ? 16 : 10)));
        } else {
            out += name == "lt"     ? "<"
                   : name == "gt"   ? ">"
                   : name == "quot" ? "\""
                   : name == "apos" ? "'"
                                    : "&";
        }
        last = static_cast<size_t>(it->position() + it->length());
    }
    return out + text.substr(last);
}

/// The words of each page in reading order with their weight, from `mutool draw -F stext`.
std::vector<std::vector<WordFont>> wordFonts(const std::filesystem::path& pdf) {
    const auto result =
        vanthu::test::run({"mutool", "draw", "-q", "-F", "stext", "-o", "-", pdf.string()});
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    static const std::regex fontRe(R"re(<font name="([^"]*)")re");
    static const std::regex charRe(R"re(<char [^>]*c="([^"]*)"/>)re");
    std::vector<std::vector<WordFont>> pages;
    std::istringstream in(result.out);
    std::string line, font;
    bool open = false;
    auto endWord = [&] { open = false; };
    std::smatch m;
    while (std::getline(in, line)) {
        if (line.find("<page ") != std::string::npos) {
            pages.emplace_back();
            endWord();
        } else if (line.find("<line ") != std::string::npos ||
                   line.find("</line>") != std::string::npos) {
            endWord();
        } else if (std::regex_search(line, m, fontRe)) {
            font = m[1];
        } else if (std::regex_search(line, m, charRe)) {
            REQUIRE(!pages.empty());
            const std::string c = unescapeXml(m[1]);
            if (c == " ") {
                endWord();
                continue;
            }
            const bool bold = font.find("Bold") != std::string::npos;
            if (!open) {
                pages.back().push_back({"", true});
                open = true;
            }
            pages.back().back().text += c;
            pages.back().back().bold = pages.back().back().bold && bold;
        }
    }
    return pages;
}

struct Rendered {
    vanthu::test::TempDir dir;
    std::filesystem::path pdf;
    int pages = 0;
};

std::unique_ptr<Rendered> render(const std::string& json) {
    auto out = std::make_unique<Rendered>();
    const auto result = renderer().render(parseDocumentJson(json));
    out->pdf = out->dir / "document.pdf";
    vanthu::test::writeFile(out->pdf, result.bytes);
    out->pages = result.pageCount;
    return out;
}

/// The words of all pages, as one list.
std::vector<WordFont> allWords(const std::vector<std::vector<WordFont>>& pages) {
    std::vector<WordFont> words;
    for (const auto& page : pages) {
        words.insert(words.end(), page.begin(), page.end());
    }
    return words;
}

/// The index of the first run of words equal to `run`, or npos.
size_t findRun(const std::vector<WordFont>& words, const std::vector<std::string>& run,
               size_t from = 0) {
    for (size_t i = from; i + run.size() <= words.size(); ++i) {
        bool match = true;
        for (size_t j = 0; j < run.size() && match; ++j) {
            match = words[i + j].text == run[j];
        }
        if (match) {
            return i;
        }
    }
    return std::string::npos;
}

/// Checks that the words of `run` have the weights in `bold` (one flag per word).
void checkWeights(const std::vector<WordFont>& words, const std::vector<std::string>& run,
                  const std::vector<bool>& bold) {
    const size_t at = findRun(words, run);
    INFO("words: " << [&] {
        std::string all;
        for (const auto& w : run) {
            all += w + " ";
        }
        return all;
    }());
    REQUIRE(at != std::string::npos);
    for (size_t j = 0; j < run.size(); ++j) {
        INFO("word \"" << run[j] << "\"");
        CHECK(words[at + j].bold == bold[j]);
    }
}

const std::string kDecisionHead = R"(
  "system": "state", "type": "QĐ", "issuingBody": "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN",
  "number": 125, "notation": "QĐ-UBND", "place": "Lạng Sơn", "date": "2025-03-05",
  "signer": {"authority": "TM", "authorityOf": "ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH",
             "name": "Hồ Tiến Thiệu"},
  "distribution": ["Như Điều 3", "Lưu: VT, NC"], "timestamp": 1741150800,)";

} // namespace

TEST_CASE("A decision: an article's label bold and its sentence regular, or label and title bold") {
    const auto doc = render("{" + kDecisionHead + R"(
      "subject": "ban hành Quy chế làm việc của Ủy ban nhân dân tỉnh",
      "body": "= ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN\n\n> Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n\n> Theo đề nghị của Giám đốc Sở Nội vụ.\n\n= QUYẾT ĐỊNH:\n\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế làm việc của Ủy ban nhân dân tỉnh Lạng Sơn.\n\nĐiều 2.\nQuyết định này có hiệu lực kể từ ngày ký.\n\nĐiều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các sở chịu trách nhiệm thi hành Quyết định này./.\n\nĐiều 4. Điều khoản chuyển tiếp\n\nCác văn bản đã ban hành trước ngày Quyết định này có hiệu lực tiếp tục được thực hiện."})");
    const auto words = allWords(wordFonts(doc->pdf));
    checkWeights(words, {"Điều", "1.", "Ban", "hành", "kèm", "theo"},
                 {true, true, false, false, false, false});
    checkWeights(words, {"Điều", "2.", "Quyết", "định", "này", "có", "hiệu", "lực"},
                 {true, true, false, false, false, false, false, false});
    checkWeights(words, {"Điều", "3.", "Chánh", "Văn", "phòng"}, {true, true, false, false, false});
    // The sentence runs on in regular type to its end.
    checkWeights(words, {"thi", "hành", "Quyết", "định", "này./."},
                 {false, false, false, false, false});
    // In the same decision, an article with a title: label and title bold, its text regular.
    checkWeights(words, {"Điều", "4.", "Điều", "khoản", "chuyển", "tiếp", "Các", "văn", "bản"},
                 {true, true, true, true, true, true, false, false, false});
}

TEST_CASE("A regulation: an article with a title is bold, its clauses and points regular") {
    const auto doc = render("{" + kDecisionHead + R"(
      "type": "QC", "subject": "làm việc của Ủy ban nhân dân tỉnh Lạng Sơn",
      "body": "## Chương I | QUY ĐỊNH CHUNG\n\nĐiều 1. Phạm vi điều chỉnh\n\n1. Quy chế này quy định nguyên tắc, chế độ trách nhiệm, lề lối làm việc.\n\n2. Quy chế này áp dụng đối với:\n\na) Thành viên Ủy ban nhân dân tỉnh;\n\nb) Các sở, ban, ngành thuộc tỉnh.\n\nĐiều 2. Nguyên tắc làm việc\n\nỦy ban nhân dân tỉnh làm việc theo chế độ tập thể."})");
    const auto words = allWords(wordFonts(doc->pdf));
    checkWeights(words, {"Điều", "1.", "Phạm", "vi", "điều", "chỉnh"},
                 {true, true, true, true, true, true});
    checkWeights(words, {"Điều", "2.", "Nguyên", "tắc", "làm", "việc"},
                 {true, true, true, true, true, true});
    checkWeights(words, {"1.", "Quy", "chế", "này", "quy", "định"},
                 {false, false, false, false, false, false});
    checkWeights(words, {"a)", "Thành", "viên"}, {false, false, false});
    checkWeights(words, {"Ủy", "ban", "nhân", "dân", "tỉnh", "làm", "việc", "theo"},
                 {false, false, false, false, false, false, false, false});
}

namespace {

struct WordBox {
    std::string text;
    double xMin = 0, yMin = 0, xMax = 0, yMax = 0;
};

/// The words of each page with their boxes (y down from the top), from `pdftotext -bbox`.
std::vector<std::vector<WordBox>> wordBoxes(const std::filesystem::path& pdf) {
    const auto result = vanthu::test::run({"pdftotext", "-bbox", pdf.string(), "-"});
    REQUIRE(result.exitCode == 0);
    static const std::regex wordRe(
        R"re(<word xMin="([-0-9.]+)" yMin="([-0-9.]+)" xMax="([-0-9.]+)" yMax="([-0-9.]+)">(.*)</word>)re");
    std::vector<std::vector<WordBox>> pages;
    std::istringstream in(result.out);
    std::string line;
    std::smatch m;
    while (std::getline(in, line)) {
        if (line.find("<page ") != std::string::npos) {
            pages.emplace_back();
        } else if (std::regex_search(line, m, wordRe)) {
            REQUIRE(!pages.empty());
            pages.back().push_back({unescapeXml(m[5]), std::stod(m[1]), std::stod(m[2]),
                                    std::stod(m[3]), std::stod(m[4])});
        }
    }
    return pages;
}

} // namespace

namespace {

constexpr double kPageHeight = 841.890;
constexpr double kBottomMargin = 20 * 72 / 25.4;
constexpr double kTopMargin = 20 * 72 / 25.4;
constexpr double kBodyLine = 14 * 1.2; ///< a line of the body, 14 pt at 1.2

/// A công văn of `paragraphs` paragraphs of `sentences` sentences each, to `addressees`
/// recipients after "Kính gửi:" and `distribution` in Nơi nhận.
std::string letterJson(int paragraphs, int sentences, int addressees, int distribution) {
    std::string body;
    for (int p = 1; p <= paragraphs; ++p) {
        body += std::to_string(p) + ".";
        for (int s = 0; s < sentences; ++s) {
            body += " Các cơ quan, đơn vị tiếp tục rà soát thủ tục hành chính thuộc thẩm quyền, "
                    "công khai đầy đủ kết quả giải quyết hồ sơ đợt " +
                    std::to_string(p * 10 + s) + ";";
        }
        body += " báo cáo kết quả trước ngày 15 hằng tháng.\\n\\n";
    }
    std::string list = R"("Như trên")";
    for (int i = 2; i < distribution; ++i) {
        list += R"(, "Ủy ban nhân dân xã số )" + std::to_string(i) + R"(")";
    }
    list += R"(, "Lưu: VT, VP")";
    std::string kinhGui = R"("Các sở, ban, ngành tỉnh")";
    for (int i = 2; i <= addressees; ++i) {
        kinhGui += R"(, "Ủy ban nhân dân huyện số )" + std::to_string(i) + R"(")";
    }
    return R"({
      "system": "state", "type": "CV", "issuingBody": "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN",
      "number": 321, "notation": "UBND-KSTT", "place": "Lạng Sơn", "date": "2025-06-16",
      "subject": "đẩy mạnh cải cách thủ tục hành chính",
      "recipients": [)" +
           kinhGui + R"(],
      "body": ")" +
           body + R"(",
      "signer": {"authority": "KT", "authorityOf": "CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH",
                 "name": "Đoàn Thu Hà"},
      "distribution": [)" +
           list + R"(], "timestamp": 1750050000})";
}

/// The empty space between the lowest word of each page and the bottom margin.
std::vector<double> footSpaces(const std::vector<std::vector<WordBox>>& pages) {
    std::vector<double> spaces;
    for (const auto& page : pages) {
        double lowest = kTopMargin;
        for (const auto& w : page) {
            if (w.yMin >= kTopMargin - 1) { // the page number is in the top margin
                lowest = std::max(lowest, w.yMax);
            }
        }
        spaces.push_back(kPageHeight - kBottomMargin - lowest);
    }
    return spaces;
}

/// The page on which the signer's name stands.
size_t signerPage(const std::vector<std::vector<WordBox>>& pages) {
    for (size_t p = 0; p < pages.size(); ++p) {
        for (size_t i = 0; i + 2 < pages[p].size(); ++i) {
            if (pages[p][i].text == "Đoàn" && pages[p][i + 1].text == "Thu" &&
                pages[p][i + 2].text == "Hà") {
                return p;
            }
        }
    }
    FAIL("the signer's name is not in the PDF");
    return 0;
}

struct TextLine {
    std::string text;
    double x = 0; ///< of its first word
};

/// The lines of the page's text area (the page number left out), top to bottom.
std::vector<TextLine> bodyLines(std::vector<WordBox> page) {
    std::erase_if(page, [](const WordBox& w) { return w.yMin < kTopMargin - 1; });
    std::sort(page.begin(), page.end(),
              [](const WordBox& a, const WordBox& b) { return a.yMin < b.yMin; });
    std::vector<std::vector<WordBox>> groups;
    for (const auto& w : page) {
        if (groups.empty() || w.yMin - groups.back().front().yMin > 2) {
            groups.emplace_back();
        }
        groups.back().push_back(w);
    }
    std::vector<TextLine> lines;
    for (auto& group : groups) {
        std::sort(group.begin(), group.end(),
                  [](const WordBox& a, const WordBox& b) { return a.xMin < b.xMin; });
        TextLine line{"", group.front().xMin};
        for (const auto& w : group) {
            line.text += (line.text.empty() ? "" : " ") + w.text;
        }
        lines.push_back(std::move(line));
    }
    return lines;
}

/// A paragraph's first line is indented 1.27 cm from the left margin (30 mm).
bool startsParagraph(const TextLine& line) {
    return line.x > 30 * 72 / 25.4 + 20;
}

/// The first line of the closing: Nơi nhận beside the signer's authority.
bool isSignerBlock(const TextLine& line) {
    return line.text.find("Nơi nhận") != std::string::npos ||
           line.text.find("KT. CHỦ TỊCH") != std::string::npos;
}

/// A paragraph broken across pages keeps two lines or more on each side.
void checkWidowsAndOrphans(const std::vector<std::vector<WordBox>>& pages, size_t signer) {
    for (size_t p = 0; p + 1 < pages.size() && p < signer; ++p) {
        const auto here = bodyLines(pages[p]);
        const auto next = bodyLines(pages[p + 1]);
        REQUIRE(!here.empty());
        REQUIRE(!next.empty());
        if (startsParagraph(next.front())) {
            continue; // the break falls between paragraphs
        }
        size_t before = 0;
        for (auto it = here.rbegin(); it != here.rend(); ++it) {
            ++before;
            if (startsParagraph(*it)) {
                break;
            }
        }
        size_t after = 0;
        for (const auto& line : next) {
            if (startsParagraph(line) || isSignerBlock(line)) {
                break;
            }
            ++after;
        }
        INFO("page " << p + 1 << " ends with " << before << " line(s) of a paragraph, page "
                     << p + 2 << " starts with " << after << ": \"" << next.front().text << "\"");
        CHECK(before >= 2);
        CHECK(after >= 2);
    }
}

/// Checks each page but the last against the rule: no more than three empty lines of the body
/// at its foot. The page before the signer block is the one exception the rules force: the
/// block (and the last two lines of the body held with it) did not fit there, so less room
/// than the block is left empty.
void checkFeet(const std::string& json, const std::string& what) {
    const auto doc = render(json);
    const auto pages = wordBoxes(doc->pdf);
    REQUIRE(pages.size() >= 2);
    const auto spaces = footSpaces(pages);
    const size_t signer = signerPage(pages);
    checkWidowsAndOrphans(pages, signer);
    // The signer block stands under two lines of the body or more.
    {
        const auto lines = bodyLines(pages[signer]);
        size_t bodyBefore = 0;
        for (const auto& line : lines) {
            if (isSignerBlock(line)) {
                break;
            }
            ++bodyBefore;
        }
        INFO(what << ": lines of the body above the signer block on its page");
        CHECK(bodyBefore >= 2);
    }
    for (size_t p = 0; p + 1 < pages.size(); ++p) {
        INFO(what << ": page " << p + 1 << " of " << pages.size() << " ends " << spaces[p]
                  << " pt above the bottom margin (signer on page " << signer + 1 << ")");
        if (p + 1 == signer) {
            CHECK(spaces[p] < 2 * kBodyLine + 12 + 140);
        } else {
            CHECK(spaces[p] <= 3 * kBodyLine + 3);
        }
    }
}

} // namespace

TEST_CASE("No page but the last ends with more than three empty lines (12 and 50 in Nơi nhận)") {
    for (int distribution : {12, 50}) {
        for (int paragraphs = 6; paragraphs <= 14; ++paragraphs) {
            checkFeet(letterJson(paragraphs, 3, 2, distribution),
                      std::to_string(distribution) + " in Nơi nhận, " + std::to_string(paragraphs) +
                          " paragraphs");
        }
    }
}

TEST_CASE("No page but the last ends with more than three empty lines (12 and 50 Kính gửi)") {
    for (int addressees : {12, 50}) {
        for (int paragraphs = 5; paragraphs <= 13; paragraphs += 2) {
            checkFeet(letterJson(paragraphs, 3, addressees, 4),
                      std::to_string(addressees) + " after Kính gửi, " +
                          std::to_string(paragraphs) + " paragraphs");
        }
    }
}

namespace {

/// The lines of one column of page 1's text: words whose centre is left or right of `split`.
std::vector<std::string> columnLines(const std::vector<WordBox>& page, double split, bool left,
                                     double fromY = 0) {
    std::vector<WordBox> column;
    for (const auto& w : page) {
        if (((w.xMin + w.xMax) / 2 < split) == left && w.yMin >= fromY) {
            column.push_back(w);
        }
    }
    std::vector<std::string> lines;
    for (const auto& line : bodyLines(column)) {
        lines.push_back(line.text);
    }
    return lines;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string all;
    for (const auto& l : lines) {
        all += l + "\n";
    }
    return all;
}

bool contains(const std::vector<std::string>& lines, const std::string& line) {
    return std::find(lines.begin(), lines.end(), line) != lines.end();
}

} // namespace

TEST_CASE("Names of issuing bodies break between the body and its place, never one word alone") {
    const auto doc = render(R"({
      "system": "state", "type": "CV", "parentBody": "ỦY BAN NHÂN DÂN HUYỆN BÌNH SƠN",
      "issuingBody": "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN",
      "number": 12, "notation": "UBND-TNMT", "place": "Lạng Sơn", "date": "2025-03-05",
      "subject": "rà soát đất công", "recipients": ["Ủy ban nhân dân các xã, thị trấn"],
      "body": "Ủy ban nhân dân tỉnh đề nghị các xã rà soát đất công.",
      "signer": {"authority": "TM", "authorityOf": "BAN THƯỜNG VỤ ĐẢNG ỦY XÃ BÌNH LƯ HUYỆN TAM ĐƯỜNG",
                 "title": "CHỦ TỊCH", "name": "Lê Văn An"},
      "distribution": ["Như trên", "Lưu: VT"], "timestamp": 1741150800})");
    const auto pages = wordBoxes(doc->pdf);
    REQUIRE(pages.size() == 1);
    // The header's left column ends left of the page's centre; the signer's column starts
    // right of 30 mm + 45 % of the text width.
    const auto header = columnLines(pages[0], 595.276 / 2, true);
    INFO("left column:\n" << joined(header));
    CHECK(contains(header, "ỦY BAN NHÂN DÂN"));
    CHECK(contains(header, "HUYỆN BÌNH SƠN"));
    CHECK(contains(header, "TỈNH LẠNG SƠN"));
    CHECK_FALSE(contains(header, "SƠN"));
    double closingTop = 0;
    for (const auto& w : pages[0]) {
        if (w.text == "Nơi") {
            closingTop = w.yMin - 4;
        }
    }
    REQUIRE(closingTop > 0);
    const auto signer = columnLines(pages[0], (30 + 0.45 * 165) * 72 / 25.4, false, closingTop);
    INFO("signer column:\n" << joined(signer));
    CHECK(contains(signer, "CHỦ TỊCH"));
    for (const auto& line : signer) {
        CHECK(line.find(' ') != std::string::npos); // never one word alone
    }
}
