// Independent checks of the rendered PDFs: every sample in samples/ and two generated long
// documents are rendered with build/vanthu and examined only with outside tools (poppler's
// pdftotext, pdffonts and pdfinfo, and qpdf), never with the renderer's own code.
//
// Golden files: tests/data/golden/<sample>.txt hold `pdftotext -layout` of each sample. After a
// deliberate layout change, inspect the PDFs, then regenerate with
//   VANTHU_UPDATE_GOLDEN=1 ctest --test-dir build -R 'sample checks'
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include "TestSupport.hpp"

namespace fs = std::filesystem;
using namespace vanthu::test;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

// ---------------------------------------------------------------------------------------------
// Page geometry (PDF points, y from the top as pdftotext -bbox gives it).
constexpr double kMm = 72.0 / 25.4;
constexpr double kA4Width = 595.276;
constexpr double kA4Height = 841.89;
constexpr double kMarginLeft = 30 * kMm;
constexpr double kMarginRight = kA4Width - 15 * kMm;
constexpr double kMarginTop = 20 * kMm;
constexpr double kMarginBottom = kA4Height - 20 * kMm;
constexpr double kEpsilon = 0.5;     ///< rounding in pdftotext's boxes
constexpr double kCentreSlack = 1.0; ///< how far a page number's centre may be off

// ---------------------------------------------------------------------------------------------
// The documents under test.

/// What the test knows about a sample from outside the renderer: the seed letter it transcribes
/// and the first words of that letter's body.
struct SeedInfo {
    std::string sample;    ///< samples/<sample>.json
    std::string seedFile;  ///< tests/data/seeds/<seedFile>
    std::string bodyStart; ///< the first body line of the seed starts with this
};

const std::vector<SeedInfo>& seeds() {
    static const std::vector<SeedInfo> table{
        {"party-commune-cv-753", "000_e2f4e42ed9a817fd.txt", "Thực hiện Công văn số 1267-CV/TU"},
        {"party-province-cv-2858", "001_bf85b1cdd7b62294.txt", "Nhằm hiện thực tốt"},
        {"state-district-cv-draft", "002_8d10b5f59e2eeead.txt", "Thực hiện Thông báo số 227"},
        {"party-district-cv-1307", "003_2cfce8eb09a0a0fe.txt", "Thực hiện Kế hoạch số 67-KH/HU"},
        {"state-commune-tb-draft", "004_55faa59907aede1d.txt", "Sáng ngày 08/10/2025"},
    };
    return table;
}

const SeedInfo* seedFor(const std::string& sample) {
    for (const auto& s : seeds()) {
        if (s.sample == sample) {
            return &s;
        }
    }
    return nullptr;
}

/// Samples in samples/, by name without ".json", sorted.
std::vector<std::string> sampleNames() {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(sourceDir() / "samples")) {
        if (entry.path().extension() == ".json") {
            names.push_back(entry.path().stem().string());
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

constexpr const char* kTenPages = "generated-ten-pages";
constexpr const char* kTwoHundred = "generated-200-paragraphs";

/// Deterministic Vietnamese filler for the generated documents.
std::string generatedParagraph(int index, int sentences) {
    static const std::vector<std::string> pool{
        "Các cơ quan, đơn vị tiếp tục rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm "
        "quyền giải quyết, công khai đầy đủ quy trình, thời hạn và phí, lệ phí.",
        "Tăng cường ứng dụng công nghệ thông tin, chuyển đổi số trong hoạt động chỉ đạo, điều "
        "hành; sử dụng hệ thống quản lý văn bản điện tử và chữ ký số.",
        "Người đứng đầu chịu trách nhiệm trước cấp trên về kết quả thực hiện nhiệm vụ cải cách "
        "hành chính tại cơ quan, đơn vị mình.",
        "Định kỳ hằng quý báo cáo kết quả thực hiện, nêu rõ khó khăn, vướng mắc, nguyên nhân và "
        "đề xuất giải pháp khắc phục kịp thời.",
        "Phát huy vai trò giám sát của Mặt trận Tổ quốc và các tổ chức chính trị - xã hội đối "
        "với việc giải quyết thủ tục hành chính và phục vụ Nhân dân.",
        "Kịp thời biểu dương, khen thưởng tập thể, cá nhân thực hiện tốt; chấn chỉnh, xử lý "
        "nghiêm những trường hợp gây phiền hà, sách nhiễu người dân, doanh nghiệp.",
        "Bố trí cán bộ, công chức có trình độ, năng lực tại Bộ phận Một cửa; nâng cao tinh thần "
        "trách nhiệm, thái độ phục vụ và văn hóa công sở.",
    };
    std::string text = "Nội dung thứ " + std::to_string(index) + ".";
    for (int j = 0; j < sentences; ++j) {
        text += " " + pool[static_cast<size_t>(index * 3 + j) % pool.size()];
    }
    return text;
}

std::string stringify(const Object::Ptr& object) {
    std::ostringstream out;
    object->stringify(out, 2);
    return out.str();
}

Array::Ptr textArray(const std::vector<std::string>& items) {
    Array::Ptr array = new Array;
    for (const auto& item : items) {
        array->add(item);
    }
    return array;
}

/// A generated document: a State letter (ten pages) or a Party letter (200 paragraphs).
std::string generatedJson(const std::string& name) {
    const bool tenPages = name == kTenPages;
    Object::Ptr doc = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    doc->set("system", tenPages ? "state" : "party");
    doc->set("type", "CV");
    if (tenPages) {
        doc->set("issuingBody", "ỦY BAN NHÂN DÂN\nHUYỆN VĂN QUAN");
        doc->set("number", 7);
        doc->set("notation", "UBND-NV");
        doc->set("place", "Văn Quan");
        doc->set("date", "2024-02-05");
        doc->set("subject", "tăng cường kỷ luật, kỷ cương hành chính năm 2024");
        doc->set("recipients", textArray({"Các phòng chuyên môn trực thuộc UBND huyện;",
                                          "UBND các xã, thị trấn."}));
    } else {
        doc->set("parentBody", "ĐẢNG BỘ TỈNH LAI CHÂU");
        doc->set("issuingBody", "ĐẢNG ỦY XÃ BÌNH LƯ");
        doc->set("number", 812);
        doc->set("notation", "CV/ĐU");
        doc->set("place", "Bình Lư");
        doc->set("date", "2026-07-01");
        doc->set("subject", "thực hiện nhiệm vụ cải cách hành chính 6 tháng cuối năm 2026");
        doc->set("recipients", textArray({"Các chi, đảng bộ trực thuộc."}));
    }
    std::string body;
    const int paragraphs = tenPages ? 60 : 200;
    for (int i = 1; i <= paragraphs; ++i) {
        if (!body.empty()) {
            body += "\n\n";
        }
        body += generatedParagraph(i, tenPages ? 4 : 1);
    }
    doc->set("body", body);
    Object::Ptr signer = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    if (tenPages) {
        signer->set("authority", "KT");
        signer->set("authorityOf", "CHỦ TỊCH");
        signer->set("title", "PHÓ CHỦ TỊCH");
        signer->set("name", "Triệu Đức Dũng");
    } else {
        signer->set("authority", "T/M");
        signer->set("authorityOf", "BAN THƯỜNG VỤ");
        signer->set("title", "BÍ THƯ");
        signer->set("name", "Tạ Thị Dung");
    }
    doc->set("signer", signer);
    doc->set("distribution", tenPages ? textArray({"Như trên;", "Lưu: VT, NV."})
                                      : textArray({"Như trên,", "Lưu VPĐU."}));
    doc->set("timestamp", tenPages ? 1707105600 : 1782882000);
    return stringify(doc);
}

// ---------------------------------------------------------------------------------------------
// Rendering, once per document and test process.

struct Rendered {
    std::string name;
    fs::path json;
    fs::path pdf;
    ProcessResult result;
    Object::Ptr input;
    std::chrono::steady_clock::time_point renderedAt;
};

TempDir& scratch() {
    static TempDir dir;
    return dir;
}

Object::Ptr parseJson(const std::string& text) {
    Poco::JSON::Parser parser;
    return parser.parse(text).extract<Object::Ptr>();
}

const Rendered& rendered(const std::string& name) {
    static std::map<std::string, std::unique_ptr<Rendered>> cache;
    auto& slot = cache[name];
    if (!slot) {
        slot = std::make_unique<Rendered>();
        slot->name = name;
        if (name == kTenPages || name == kTwoHundred) {
            slot->json = scratch() / (name + ".json");
            writeFile(slot->json, generatedJson(name));
        } else {
            slot->json = sourceDir() / "samples" / (name + ".json");
        }
        slot->input = parseJson(readFile(slot->json));
        slot->pdf = scratch() / (name + ".pdf");
        slot->result = runVanthu({"render", slot->json.string(), "-o", slot->pdf.string()});
        slot->renderedAt = std::chrono::steady_clock::now();
    }
    return *slot;
}

/// Renders and insists that it worked; every check starts here.
const Rendered& renderedOk(const std::string& name) {
    const Rendered& r = rendered(name);
    INFO("vanthu render " << name << ".json: stderr: " << r.result.err);
    REQUIRE(r.result.exitCode == 0);
    REQUIRE(fs::exists(r.pdf));
    return r;
}

std::string tool(const std::vector<std::string>& argv) {
    const ProcessResult r = run(argv);
    INFO(argv.at(0) << " stderr: " << r.err);
    REQUIRE(r.exitCode == 0);
    return r.out;
}

// ---------------------------------------------------------------------------------------------
// Text.

/// What pdftotext may legitimately give differently from the source: nothing so far. (No-break
/// spaces would be split like spaces by words().)
std::vector<std::string> normalisedWords(const std::string& text) {
    std::string copy = text;
    for (size_t at = copy.find("\xC2\xA0"); at != std::string::npos; at = copy.find("\xC2\xA0")) {
        copy.replace(at, 2, " ");
    }
    return words(copy);
}

std::string replaceAll(std::string text, const std::string& from, const std::string& to) {
    for (size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
    return text;
}

/// The seed's markdown down to the words a reader sees.
std::string stripSeedMarkdown(std::string line) {
    line = std::regex_replace(line, std::regex("<sup>([0-9]+)</sup>"), "$1");
    line = std::regex_replace(line, std::regex("<(https?://[^>\\s]+)>"), "$1");
    line = replaceAll(line, "\\*", "");
    line = replaceAll(line, "**", "");
    line = replaceAll(line, "*", "");
    return line;
}

/// The body markup of docs/document-format.md down to the words a reader sees (the subset the
/// generated documents and the two invented samples use).
std::string stripBodyMarkup(const std::string& markup) {
    std::string out;
    std::istringstream in(markup);
    std::string line;
    while (std::getline(in, line)) {
        line = std::regex_replace(line, std::regex("^(#{1,3}|>|=) "), "");
        line = replaceAll(line, " | ", " ");
        line = std::regex_replace(line, std::regex("\\[\\^([0-9]+)\\]:?"), "$1");
        line = std::regex_replace(line, std::regex("<(https?://[^>\\s]+)>"), "$1");
        line = replaceAll(line, "**", "");
        line = replaceAll(line, "\\*", "\x01");
        line = replaceAll(line, "*", "");
        line = replaceAll(line, "\x01", "*");
        out += line + "\n";
    }
    return out;
}

std::string context(const std::vector<std::string>& list, size_t at, size_t before, size_t after) {
    std::string text;
    const size_t from = at > before ? at - before : 0;
    for (size_t i = from; i < std::min(list.size(), at + after); ++i) {
        text += (i == at ? "[" + list[i] + "]" : list[i]) + " ";
    }
    return text;
}

/// The first `limit` entries, one a line, for a failure message.
std::string firstLines(const std::vector<std::string>& list, size_t limit) {
    std::string text;
    for (size_t i = 0; i < std::min(list.size(), limit); ++i) {
        text += "  " + list[i] + "\n";
    }
    if (list.size() > limit) {
        text += "  … and " + std::to_string(list.size() - limit) + " more\n";
    }
    return text;
}

/// The words of `expected` left out of a longest common subsequence with `actual`, with context.
std::vector<std::string> alignmentMisses(const std::vector<std::string>& expected,
                                         const std::vector<std::string>& actual) {
    const size_t n = expected.size(), m = actual.size();
    // lengths[i][j]: LCS of expected[i..] and actual[j..]
    std::vector<std::vector<uint16_t>> lengths(n + 1, std::vector<uint16_t>(m + 1, 0));
    for (size_t i = n; i-- > 0;) {
        for (size_t j = m; j-- > 0;) {
            lengths[i][j] = expected[i] == actual[j]
                                ? static_cast<uint16_t>(lengths[i + 1][j + 1] + 1)
                                : std::max(lengths[i + 1][j], lengths[i][j + 1]);
        }
    }
    std::vector<std::string> misses;
    size_t i = 0, j = 0;
    while (i < n) {
        if (j < m && expected[i] == actual[j]) {
            ++i;
            ++j;
        } else if (j < m && lengths[i][j + 1] >= lengths[i + 1][j]) {
            ++j;
        } else {
            misses.push_back("word " + std::to_string(i) + " \"" + expected[i] + "\" after \"" +
                             context(expected, i, 6, 1) + "\"; PDF text there: \"" +
                             context(actual, j, 6, 6) + "\"");
            ++i;
        }
    }
    return misses;
}

/// Checks that `expected` is a subsequence of `actual`; reports every word that is not found
/// where it should be (it is then skipped, so one miss does not hide the rest).
void checkInOrder(const std::vector<std::string>& expected, const std::vector<std::string>& actual,
                  const std::string& what) {
    size_t at = 0;
    std::vector<std::string> misses;
    for (size_t i = 0; i < expected.size(); ++i) {
        auto found = std::find(actual.begin() + static_cast<long>(at), actual.end(), expected[i]);
        size_t length = 1;
        if (found == actual.end() && expected[i].find("://") != std::string::npos) {
            // A URL wider than the line has to be broken somewhere: accept it split over two or
            // three consecutive words, nothing lost.
            for (auto from = actual.begin() + static_cast<long>(at);
                 from != actual.end() && found == actual.end(); ++from) {
                std::string joined;
                for (auto to = from; to != actual.end() && to - from < 3; ++to) {
                    joined += *to;
                    if (joined == expected[i]) {
                        found = from;
                        length = static_cast<size_t>(to - from) + 1;
                        break;
                    }
                }
            }
        }
        if (found == actual.end()) {
            misses.push_back("word " + std::to_string(i) + " \"" + expected[i] + "\" after \"" +
                             context(expected, i, 6, 1) + "\"; PDF text from there: \"" +
                             context(actual, at, 0, 12) + "\"");
        } else {
            at = static_cast<size_t>(found - actual.begin()) + length;
        }
    }
    if (!misses.empty()) {
        // One miss can send the greedy walk astray; report the smallest set of words whose
        // removal makes the rest a subsequence (longest common subsequence).
        misses = alignmentMisses(expected, actual);
    }
    INFO(what << ": " << misses.size() << " of " << expected.size()
              << " words missing or out of order");
    INFO(firstLines(misses, 15));
    CHECK(misses.empty());
}

/// Checks that every word of `expected` occurs in `actual` at least as often.
void checkPresent(const std::vector<std::string>& expected, const std::vector<std::string>& actual,
                  const std::string& what) {
    std::map<std::string, int> have;
    for (const auto& w : actual) {
        ++have[w];
    }
    std::map<std::string, int> need;
    for (const auto& w : expected) {
        ++need[w];
    }
    std::vector<std::string> misses;
    for (const auto& [word, count] : need) {
        if (have[word] < count) {
            misses.push_back("\"" + word + "\" needed " + std::to_string(count) + "x, found " +
                             std::to_string(have[word]) + "x");
        }
    }
    INFO(what << ": missing words: " << misses.size());
    INFO(firstLines(misses, 15));
    CHECK(misses.empty());
}

/// True when `run` occurs as consecutive words of `actual`.
bool containsRun(const std::vector<std::string>& actual, const std::vector<std::string>& run) {
    return !run.empty() &&
           std::search(actual.begin(), actual.end(), run.begin(), run.end()) != actual.end();
}

std::string str(const Object::Ptr& object, const std::string& key) {
    return object->has(key) && !object->isNull(key) ? object->getValue<std::string>(key) : "";
}

std::vector<std::string> strList(const Object::Ptr& object, const std::string& key) {
    std::vector<std::string> list;
    if (object->has(key)) {
        Array::Ptr array = object->getArray(key);
        for (size_t i = 0; i < array->size(); ++i) {
            list.push_back(array->getElement<std::string>(static_cast<unsigned>(i)));
        }
    }
    return list;
}

std::string twoDigits(int n) {
    return (n < 10 ? "0" : "") + std::to_string(n);
}

/// The words the rules put on the page for the input's header and footer fields.
void checkFieldsPresent(const Rendered& r, const std::vector<std::string>& pdfWords) {
    const Object::Ptr in = r.input;
    const bool party = str(in, "system") == "party";
    std::vector<std::string> expected;
    auto add = [&](const std::string& text) {
        for (const auto& w : words(text)) {
            expected.push_back(w);
        }
    };
    add(str(in, "parentBody"));
    add(str(in, "issuingBody"));
    add(str(in, "subject"));
    Object::Ptr signer = in->getObject("signer");
    add(str(signer, "authorityOf"));
    add(str(signer, "title"));
    add(str(signer, "name"));
    add("Nơi nhận:");
    // List entries: the renderer adds the closing mark when the entry has none.
    auto addEntries = [&](const std::vector<std::string>& entries) {
        for (const auto& entry : entries) {
            auto ws = words(entry);
            if (!ws.empty() && std::string(";,.").find(ws.back().back()) == std::string::npos) {
                ws.pop_back(); // checked below with its mark
            }
            expected.insert(expected.end(), ws.begin(), ws.end());
        }
    };
    addEntries(strList(in, "distribution"));
    const auto recipients = strList(in, "recipients");
    addEntries(recipients);
    if (!recipients.empty()) {
        add("Kính gửi:");
    }
    checkPresent(expected, pdfWords, "header and footer fields of " + r.name);

    // Number and notation, as each system writes them.
    const std::string notation = str(in, "notation");
    std::vector<std::string> numberLine;
    if (party) {
        numberLine = {"Số", (in->has("number") ? std::to_string(in->getValue<int>("number")) : "") +
                                "-" + notation};
    } else {
        numberLine = {"Số:", (in->has("number") ? twoDigits(in->getValue<int>("number")) : "") +
                                 "/" + notation};
    }
    INFO("number line " << numberLine[0] << " " << numberLine[1]);
    CHECK(containsRun(pdfWords, numberLine));

    // Place and date on one line: "Bình Lư, ngày 16 tháng 6 năm 2026".
    const std::string date = str(in, "date");
    const int year = std::stoi(date.substr(0, 4));
    const int month = std::stoi(date.substr(5, 2));
    std::vector<std::string> dateLine = words(str(in, "place"));
    dateLine.back() += ",";
    dateLine.push_back("ngày");
    if (date.size() == 10) {
        dateLine.push_back(twoDigits(std::stoi(date.substr(8, 2))));
    }
    dateLine.push_back("tháng");
    dateLine.push_back(month <= 2 ? twoDigits(month) : std::to_string(month));
    dateLine.push_back("năm");
    dateLine.push_back(std::to_string(year));
    {
        std::string joined;
        for (const auto& w : dateLine) {
            joined += w + " ";
        }
        INFO("place and date line: " << joined);
        CHECK(containsRun(pdfWords, dateLine));
    }

    // National title, or the Party's.
    const auto title =
        party ? std::vector<std::string>{"ĐẢNG", "CỘNG", "SẢN", "VIỆT", "NAM"}
              : std::vector<std::string>{"CỘNG", "HÒA", "XÃ", "HỘI", "CHỦ", "NGHĨA", "VIỆT", "NAM"};
    CHECK(containsRun(pdfWords, title));
    if (!party) {
        CHECK(containsRun(pdfWords, {"Độc", "lập", "-", "Tự", "do", "-", "Hạnh", "phúc"}));
    }

    // Subject: "V/v …" for a công văn unless the input says otherwise; none for the others.
    const std::string type = str(in, "type");
    const bool withVv =
        type == "CV" && (!in->has("subjectWithVv") || in->getValue<bool>("subjectWithVv"));
    const bool hasVv = std::find(pdfWords.begin(), pdfWords.end(), "V/v") != pdfWords.end();
    INFO("type " << type << ", subject with V/v expected: " << withVv);
    CHECK(hasVv == withVv);
    if (type == "TB") {
        CHECK(containsRun(pdfWords, {"THÔNG", "BÁO"}));
    } else if (type == "QĐ") {
        CHECK(containsRun(pdfWords, {"QUYẾT", "ĐỊNH"}));
    }

    // Signing authority, spelt as the document's system requires.
    const std::string authority = str(signer, "authority");
    if (!authority.empty()) {
        static const std::map<std::string, std::pair<std::string, std::string>> spellings{
            {"TM", {"TM.", "T/M"}},    {"T/M", {"TM.", "T/M"}},    {"KT", {"KT.", "K/T"}},
            {"K/T", {"KT.", "K/T"}},   {"TL", {"TL.", "T/L"}},     {"T/L", {"TL.", "T/L"}},
            {"TUQ", {"TUQ.", "T/UQ"}}, {"T/UQ", {"TUQ.", "T/UQ"}}, {"Q", {"Q.", ""}},
        };
        const auto& spelt = spellings.at(authority);
        const std::string prefix = party ? spelt.second : spelt.first;
        auto line = words(str(signer, "authorityOf"));
        line.insert(line.begin(), prefix);
        INFO("authority line " << prefix << " " << str(signer, "authorityOf"));
        CHECK(containsRun(pdfWords, line));
    }

    // Urgency mark.
    const std::string urgency = str(in, "urgency");
    if (urgency == "khan") {
        CHECK(std::find(pdfWords.begin(), pdfWords.end(), "KHẨN") != pdfWords.end());
    } else if (urgency == "thuong-khan") {
        CHECK(containsRun(pdfWords, {"THƯỢNG", "KHẨN"}));
    } else if (urgency == "hoa-toc") {
        CHECK(containsRun(pdfWords, {"HỎA", "TỐC"}));
    }
}

/// Every word of the seed letter; the body in order.
void checkSeedWords(const SeedInfo& seed, const std::vector<std::string>& pdfWords) {
    const std::string text = readFile(testDataDir() / "seeds" / seed.seedFile);
    std::vector<std::string> lines;
    {
        std::istringstream in(text);
        std::string line;
        while (std::getline(in, line)) {
            lines.push_back(line);
        }
    }
    size_t bodyFrom = lines.size();
    for (size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].rfind(seed.bodyStart, 0) == 0) {
            bodyFrom = i;
            break;
        }
    }
    REQUIRE(bodyFrom < lines.size());
    size_t footerFrom = lines.size();
    for (size_t i = bodyFrom; i < lines.size(); ++i) {
        if (stripSeedMarkdown(lines[i]).rfind("Nơi nhận", 0) == 0) {
            footerFrom = i;
            break;
        }
    }
    REQUIRE(footerFrom < lines.size());

    std::vector<std::string> header, body, footnotes, footer;
    for (size_t i = 0; i < lines.size(); ++i) {
        const bool footnote = lines[i].rfind("<sup>", 0) == 0;
        auto& into = i < bodyFrom ? header : i >= footerFrom ? footer : footnote ? footnotes : body;
        for (const auto& w : words(stripSeedMarkdown(lines[i]))) {
            into.push_back(w);
        }
    }
    // A page number or the footnote may sit between two words of the body, so the body must be a
    // subsequence of the PDF's words; header, footnotes and footer must all be present.
    checkInOrder(body, pdfWords, "body of seed " + seed.seedFile);
    checkPresent(header, pdfWords, "header of seed " + seed.seedFile);
    checkPresent(footnotes, pdfWords, "footnotes of seed " + seed.seedFile);
    checkPresent(footer, pdfWords, "Nơi nhận and signer of seed " + seed.seedFile);
}

/// Splits body markup into the text that stays in order and the footnote definitions
/// ("[^1]: …"), which go to the foot of a page.
std::pair<std::string, std::string> splitFootnotes(const std::string& markup) {
    std::string text, notes;
    std::istringstream in(markup);
    std::string line;
    bool inNote = false;
    while (std::getline(in, line)) {
        if (line.rfind("[^", 0) == 0 && line.find("]:") != std::string::npos) {
            inNote = true;
        } else if (line.empty()) {
            inNote = false;
        }
        (inNote ? notes : text) += line + "\n";
    }
    return {text, notes};
}

/// The words of the input's body (and appendices), in order; footnote texts apart.
std::vector<std::string> inputBodyWords(const Object::Ptr& in, std::vector<std::string>& notes) {
    const auto [text, footnotes] = splitFootnotes(str(in, "body"));
    notes = words(stripBodyMarkup(footnotes));
    std::vector<std::string> list = words(stripBodyMarkup(text));
    if (in->has("appendices")) {
        Array::Ptr appendices = in->getArray("appendices");
        for (size_t i = 0; i < appendices->size(); ++i) {
            Object::Ptr a = appendices->getObject(static_cast<unsigned>(i));
            for (const auto& part :
                 {str(a, "label"), str(a, "title"), stripBodyMarkup(str(a, "body"))}) {
                for (const auto& w : words(part)) {
                    list.push_back(w);
                }
            }
        }
    }
    return list;
}

// ---------------------------------------------------------------------------------------------
// Word boxes from pdftotext -bbox.

struct WordBox {
    std::string text;
    double xMin = 0, yMin = 0, xMax = 0, yMax = 0;
    double centreX() const { return (xMin + xMax) / 2; }
};

struct PageBoxes {
    double width = 0, height = 0;
    std::vector<WordBox> words;
};

std::string unescapeXml(std::string text) {
    text = replaceAll(text, "&lt;", "<");
    text = replaceAll(text, "&gt;", ">");
    text = replaceAll(text, "&quot;", "\"");
    text = replaceAll(text, "&apos;", "'");
    text = replaceAll(text, "&#39;", "'");
    return replaceAll(text, "&amp;", "&");
}

std::vector<PageBoxes> wordBoxes(const fs::path& pdf) {
    const std::string xhtml = tool({"pdftotext", "-bbox", pdf.string(), "-"});
    static const std::regex pageRe(R"re(<page width="([0-9.]+)" height="([0-9.]+)">)re");
    static const std::regex wordRe(
        R"re(<word xMin="([-0-9.]+)" yMin="([-0-9.]+)" xMax="([-0-9.]+)" yMax="([-0-9.]+)">(.*)</word>)re");
    std::vector<PageBoxes> pages;
    std::istringstream in(xhtml);
    std::string line;
    std::smatch m;
    while (std::getline(in, line)) {
        if (std::regex_search(line, m, pageRe)) {
            pages.push_back({std::stod(m[1]), std::stod(m[2]), {}});
        } else if (std::regex_search(line, m, wordRe)) {
            REQUIRE(!pages.empty());
            pages.back().words.push_back({unescapeXml(m[5]), std::stod(m[1]), std::stod(m[2]),
                                          std::stod(m[3]), std::stod(m[4])});
        }
    }
    return pages;
}

std::string describe(const WordBox& w, size_t page) {
    std::ostringstream out;
    out << "page " << page << " \"" << w.text << "\" x " << w.xMin << ".." << w.xMax << " y "
        << w.yMin << ".." << w.yMax;
    return out.str();
}

bool isPageNumber(const std::string& text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool centred(const WordBox& w) {
    const double pageCentre = kA4Width / 2;
    const double textCentre = (kMarginLeft + kMarginRight) / 2;
    return std::abs(w.centreX() - pageCentre) <= kCentreSlack ||
           std::abs(w.centreX() - textCentre) <= kCentreSlack;
}

/// Every word inside the margins; only a page number may be in the top margin, centred, and not on
/// page 1.
void checkMargins(const std::string& name, const std::vector<PageBoxes>& pages) {
    std::vector<std::string> outside;
    for (size_t p = 0; p < pages.size(); ++p) {
        for (const auto& w : pages[p].words) {
            const bool inTopMargin = w.yMin < kMarginTop - kEpsilon;
            const bool pageNumber = inTopMargin && p > 0 && isPageNumber(w.text) &&
                                    w.yMax <= kMarginTop + kEpsilon && w.yMin >= 0 && centred(w);
            if (pageNumber) {
                continue;
            }
            if (w.xMin < kMarginLeft - kEpsilon || w.xMax > kMarginRight + kEpsilon ||
                inTopMargin || w.yMax > kMarginBottom + kEpsilon) {
                outside.push_back(describe(w, p + 1));
            }
        }
    }
    INFO(name << ": words outside the margins (left " << kMarginLeft << ", right " << kMarginRight
              << ", top " << kMarginTop << ", bottom " << kMarginBottom << "): " << outside.size());
    INFO(firstLines(outside, 15));
    CHECK(outside.empty());
}

/// The box around the first consecutive run of `run` on a page.
std::optional<WordBox> findRun(const PageBoxes& page, const std::vector<std::string>& run) {
    for (size_t i = 0; i + run.size() <= page.words.size(); ++i) {
        bool match = true;
        for (size_t j = 0; j < run.size() && match; ++j) {
            match = page.words[i + j].text == run[j];
        }
        if (match) {
            WordBox box = page.words[i];
            for (size_t j = 1; j < run.size(); ++j) {
                const auto& w = page.words[i + j];
                box.xMin = std::min(box.xMin, w.xMin);
                box.xMax = std::max(box.xMax, w.xMax);
                box.yMin = std::min(box.yMin, w.yMin);
                box.yMax = std::max(box.yMax, w.yMax);
            }
            return box;
        }
    }
    return std::nullopt;
}

/// Issuing body in the left column, national (or Party) title in the right one, on page 1.
void checkHeaderColumns(const Rendered& r, const std::vector<PageBoxes>& pages) {
    REQUIRE(!pages.empty());
    const PageBoxes& first = pages.front();
    const bool party = str(r.input, "system") == "party";
    std::vector<std::vector<std::string>> titleLines;
    if (party) {
        titleLines.push_back({"ĐẢNG", "CỘNG", "SẢN", "VIỆT", "NAM"});
    } else {
        titleLines.push_back({"CỘNG", "HÒA", "XÃ", "HỘI", "CHỦ", "NGHĨA", "VIỆT", "NAM"});
        titleLines.push_back({"Độc", "lập", "-", "Tự", "do", "-", "Hạnh", "phúc"});
    }
    double titleLeft = kA4Width;
    for (const auto& line : titleLines) {
        const auto box = findRun(first, line);
        INFO(r.name << ": title line \"" << line.front() << " … " << line.back() << "\" on page 1");
        REQUIRE(box);
        INFO(describe(*box, 1));
        CHECK(box->centreX() > kA4Width / 2);
        CHECK(box->yMax < kA4Height / 3);
        titleLeft = std::min(titleLeft, box->xMin);
    }
    // A draft leaves room to write the day in by hand: "ngày      tháng 6 năm 2024".
    if (str(r.input, "date").size() == 7) {
        const auto ngay = findRun(first, {"ngày"});
        const auto thang = findRun(first, {"tháng"});
        REQUIRE(ngay);
        REQUIRE(thang);
        INFO(r.name << ": draft date: " << describe(*ngay, 1) << ", " << describe(*thang, 1)
                    << ": gap for the day " << thang->xMin - ngay->xMax << " pt");
        CHECK(thang->xMin - ngay->xMax >= 14.0);
    }
    std::istringstream issuer(str(r.input, "issuingBody"));
    std::string line;
    while (std::getline(issuer, line)) {
        const auto box = findRun(first, words(line));
        INFO(r.name << ": issuing body line \"" << line << "\" on page 1");
        REQUIRE(box);
        INFO(describe(*box, 1) << "; title column starts at x " << titleLeft);
        CHECK(box->centreX() < kA4Width / 2);
        CHECK(box->xMax < titleLeft);
        CHECK(box->yMax < kA4Height / 3);
    }
}

/// The last page holding `run`, with its box.
std::optional<std::pair<size_t, WordBox>> findLast(const std::vector<PageBoxes>& pages,
                                                   const std::vector<std::string>& run) {
    for (size_t p = pages.size(); p-- > 0;) {
        // the last match on the page
        std::optional<WordBox> last;
        PageBoxes rest = pages[p];
        while (auto box = findRun(rest, run)) {
            last = box;
            const auto at =
                std::find_if(rest.words.begin(), rest.words.end(), [&](const WordBox& w) {
                    return w.xMin == box->xMin && w.yMin == box->yMin && w.text == run.front();
                });
            rest.words.erase(rest.words.begin(), at + 1);
        }
        if (last) {
            return std::pair{p, *last};
        }
    }
    return std::nullopt;
}

/// The signer block stays with the last lines of the body; "Nơi nhận:" sits flush left, level
/// with the first line of the signer block; a footnote is printed on the page that cites it.
void checkFooter(const Rendered& r, const std::vector<PageBoxes>& pages) {
    const auto [text, notes] = splitFootnotes(str(r.input, "body"));
    const auto bodyWords = words(stripBodyMarkup(text));
    REQUIRE(bodyWords.size() >= 3);
    const std::vector<std::string> lastWords(bodyWords.end() - 3, bodyWords.end());
    Object::Ptr signer = r.input->getObject("signer");
    const auto name = findLast(pages, words(str(signer, "name")));
    const auto bodyEnd = findLast(pages, lastWords);
    INFO(r.name << ": the body ends \"" << lastWords[0] << " " << lastWords[1] << " "
                << lastWords[2] << "\"; signer " << str(signer, "name"));
    REQUIRE(name);
    REQUIRE(bodyEnd);
    INFO("body end: " << describe(bodyEnd->second, bodyEnd->first + 1)
                      << "; signer name: " << describe(name->second, name->first + 1));
    CHECK(name->first == bodyEnd->first);
    CHECK(name->second.yMin > bodyEnd->second.yMax);

    // First line of the signer block: authority line, else the title.
    std::vector<std::string> firstLine = words(str(signer, "authorityOf"));
    if (firstLine.empty()) {
        firstLine = words(str(signer, "title"));
    } else {
        static const std::map<std::string, std::pair<std::string, std::string>> spellings{
            {"TM", {"TM.", "T/M"}},    {"T/M", {"TM.", "T/M"}},    {"KT", {"KT.", "K/T"}},
            {"K/T", {"KT.", "K/T"}},   {"TL", {"TL.", "T/L"}},     {"T/L", {"TL.", "T/L"}},
            {"TUQ", {"TUQ.", "T/UQ"}}, {"T/UQ", {"TUQ.", "T/UQ"}}, {"Q", {"Q.", ""}},
        };
        const auto& spelt = spellings.at(str(signer, "authority"));
        firstLine.insert(firstLine.begin(),
                         str(r.input, "system") == "party" ? spelt.second : spelt.first);
    }
    const auto authority = findLast(pages, firstLine);
    const auto received = findLast(pages, {"Nơi", "nhận:"});
    REQUIRE(authority);
    REQUIRE(received);
    INFO("signer block starts: " << describe(authority->second, authority->first + 1) << "; "
                                 << describe(received->second, received->first + 1));
    CHECK(received->first == authority->first);
    CHECK(std::abs(received->second.xMin - kMarginLeft) <= 1.0);
    CHECK(std::abs(received->second.yMin - authority->second.yMin) <= 4.0);
    CHECK(authority->second.centreX() > kA4Width / 2);
    CHECK(name->second.centreX() > kA4Width / 2);

    // Footnote 1: on the page of the word that cites it, below it.
    const std::smatch cite = [&] {
        std::smatch m;
        std::regex_search(text, m, std::regex("(\\S+)\\[\\^1\\]"));
        return m;
    }();
    if (!cite.empty()) {
        const auto noteWords = words(stripBodyMarkup(notes));
        REQUIRE(noteWords.size() >= 4);
        // pdftotext -bbox gives the superscript as a word of its own ("động", "1").
        const std::string citing = words(stripBodyMarkup(cite[1].str())).back();
        auto reference = findLast(pages, {citing, "1"});
        if (!reference) {
            reference = findLast(pages, {citing + "1"});
        }
        // The note's text without its number.
        const auto note =
            findLast(pages, std::vector<std::string>(noteWords.begin() + 1, noteWords.begin() + 4));
        INFO("footnote reference \"" << citing << "\" + \"1\", footnote \"" << noteWords[1] << " "
                                     << noteWords[2] << " " << noteWords[3] << "\"");
        REQUIRE(reference);
        REQUIRE(note);
        INFO(describe(reference->second, reference->first + 1)
             << "; " << describe(note->second, note->first + 1));
        CHECK(reference->first == note->first);
        CHECK(note->second.yMin > reference->second.yMax);
    }
}

struct Rect {
    double left = 0, top = 0, right = 0, bottom = 0; ///< y from the top of the page
};

/// The empty signature fields the renderer leaves for signing (qpdf's view of the AcroForm):
/// the signer's between the title line and the name, centred over the name; the seal's over
/// the left part of it.
void checkSignatureFields(const Rendered& r, const std::vector<PageBoxes>& pages) {
    const std::string json = tool({"qpdf", "--json=2", "--json-key=acroform", r.pdf.string()});
    Object::Ptr acroform = parseJson(json)->getObject("acroform");
    REQUIRE(acroform);
    Array::Ptr fields = acroform->getArray("fields");
    REQUIRE(fields);
    std::map<std::string, std::pair<int, Rect>> found;
    for (size_t i = 0; i < fields->size(); ++i) {
        Object::Ptr field = fields->getObject(static_cast<unsigned>(i));
        const std::string name = str(field, "fullname");
        INFO(r.name << ": field " << name);
        const std::string object = field->getObject("annotation")->getValue<std::string>("object");
        const std::string dict =
            tool({"qpdf", "--show-object=" + words(object).front(), r.pdf.string()});
        std::smatch m;
        REQUIRE(std::regex_search(
            dict, m,
            std::regex(R"(/Rect \[ *([-0-9.]+) +([-0-9.]+) +([-0-9.]+) +([-0-9.]+) *\])")));
        const double pageHeight = pages.at(0).height;
        const Rect rect{std::stod(m[1]), pageHeight - std::stod(m[4]), std::stod(m[3]),
                        pageHeight - std::stod(m[2])};
        INFO("x " << rect.left << ".." << rect.right << " y " << rect.top << ".." << rect.bottom);
        if (name == "DocumentNumber" || name == "IssuePlaceDate") {
            // A draft's number and date: read-only text fields the clerk's issuing fills in, in
            // the header of page 1.
            const bool draft = !r.input->has("number") || str(r.input, "date").size() == 7;
            CHECK(draft);
            CHECK(str(field, "fieldtype") == "/Tx");
            CHECK((field->getValue<int>("fieldflags") & 1) == 1); // ReadOnly
            CHECK(field->getValue<int>("pageposfrom1") == 1);
            CHECK(rect.left >= kMarginLeft - kEpsilon);
            CHECK(rect.right <= kMarginRight + kEpsilon);
            CHECK(rect.top >= kMarginTop - kEpsilon);
            CHECK(rect.bottom <= kA4Height / 3);
            continue;
        }
        CHECK(str(field, "fieldtype") == "/Sig");
        CHECK(field->isNull("value")); // empty: not signed yet
        found[name] = {field->getValue<int>("pageposfrom1"), rect};
    }
    REQUIRE(found.count("SignerSignature") == 1);
    REQUIRE(found.count("SealSignature") == 1);
    Object::Ptr signer = r.input->getObject("signer");
    const auto name = findLast(pages, words(str(signer, "name")));
    const auto title = findLast(pages, words(str(signer, "title")));
    REQUIRE(name);
    REQUIRE(title);
    const auto& [signerPage, box] = found["SignerSignature"];
    const auto& [sealPage, seal] = found["SealSignature"];
    INFO("signer's field on page " << signerPage << ": x " << box.left << ".." << box.right << " y "
                                   << box.top << ".." << box.bottom << "; seal's on page "
                                   << sealPage << ": x " << seal.left << ".." << seal.right << " y "
                                   << seal.top << ".." << seal.bottom
                                   << "; title: " << describe(title->second, title->first + 1)
                                   << "; name: " << describe(name->second, name->first + 1));
    CHECK(signerPage == static_cast<int>(name->first) + 1);
    CHECK(sealPage == signerPage);
    CHECK(box.top >= title->second.yMax - kEpsilon);
    CHECK(box.bottom <= name->second.yMin + kEpsilon);
    CHECK(std::abs((box.left + box.right) / 2 - name->second.centreX()) <= 5.0);
    CHECK(box.left >= kMarginLeft);
    CHECK(box.right <= kMarginRight);
    CHECK(seal.left < box.left);
    CHECK(seal.right > box.left);
    CHECK(seal.right < (box.left + box.right) / 2);
}

// ---------------------------------------------------------------------------------------------
// The other tools.

void checkFonts(const Rendered& r) {
    const std::string out = tool({"pdffonts", r.pdf.string()});
    std::istringstream in(out);
    std::string line;
    std::getline(in, line); // column names
    std::getline(in, line); // dashes
    static const std::vector<std::string> base14{"Times-", "Helvetica", "Courier", "Symbol",
                                                 "ZapfDingbats"};
    int fonts = 0;
    while (std::getline(in, line)) {
        if (line.find_first_not_of(' ') == std::string::npos) {
            continue;
        }
        ++fonts;
        const auto cols = words(line);
        INFO(r.name << ": pdffonts line: " << line);
        REQUIRE(cols.size() >= 7);
        const std::string& name = cols.front();
        const std::string& emb = cols[cols.size() - 5];
        const std::string& sub = cols[cols.size() - 4];
        const std::string& uni = cols[cols.size() - 3];
        CHECK(emb == "yes");
        CHECK(sub == "yes");
        CHECK(uni == "yes");
        CHECK(std::regex_match(name, std::regex("[A-Z]{6}\\+.+")));
        const std::string base = name.size() > 7 && name[6] == '+' ? name.substr(7) : name;
        for (const auto& b : base14) {
            CHECK(base.rfind(b, 0) != 0);
        }
    }
    CHECK(fonts > 0);
}

int pageCount(const std::string& pdfinfo) {
    std::smatch m;
    REQUIRE(std::regex_search(pdfinfo, m, std::regex("\nPages: +([0-9]+)")));
    return std::stoi(m[1]);
}

void checkInfo(const Rendered& r, int minPages, int maxPages) {
    const std::string info = tool({"pdfinfo", r.pdf.string()});
    INFO(r.name << ": pdfinfo:\n" << info);
    for (const char* key : {"Title", "Subject", "Author"}) {
        std::smatch m;
        const bool present =
            std::regex_search(info, m, std::regex(std::string("(^|\n)") + key + ": +(\\S.*)"));
        INFO("metadata " << key);
        CHECK(present);
    }
    // One "Key: value" a line: no value may carry a line break into the metadata.
    {
        std::istringstream lines(info);
        std::string line;
        while (std::getline(lines, line)) {
            INFO("pdfinfo line: " << line);
            CHECK(std::regex_search(line, std::regex("^[A-Za-z][A-Za-z ]*: ")));
        }
    }
    // The author defaults to the issuing body (its line breaks are only layout).
    if (!r.input->has("author")) {
        std::string issuer = str(r.input, "issuingBody");
        std::replace(issuer.begin(), issuer.end(), '\n', ' ');
        CHECK(info.find("\nAuthor:          " + issuer + "\n") != std::string::npos);
    }
    // The font used is recorded in the metadata.
    CHECK((info.find("Liberation Serif") != std::string::npos ||
           info.find("Times New Roman") != std::string::npos));
    const int pages = pageCount(info);
    CHECK(pages >= minPages);
    CHECK(pages <= maxPages);
    // Every page A4 portrait.
    const std::string perPage =
        tool({"pdfinfo", "-f", "1", "-l", std::to_string(pages), r.pdf.string()});
    static const std::regex sizeRe(R"(Page +([0-9]+) size: +([0-9.]+) x ([0-9.]+) pts)");
    int sized = 0;
    for (auto it = std::sregex_iterator(perPage.begin(), perPage.end(), sizeRe);
         it != std::sregex_iterator(); ++it) {
        ++sized;
        const double w = std::stod((*it)[2]);
        const double h = std::stod((*it)[3]);
        INFO("page " << (*it)[1] << " is " << w << " x " << h << " pts");
        CHECK(std::abs(w - kA4Width) < 0.5);
        CHECK(std::abs(h - kA4Height) < 0.5);
    }
    CHECK(sized == pages);
}

void checkQpdf(const Rendered& r) {
    const ProcessResult q = run({"qpdf", "--check", r.pdf.string()});
    INFO(r.name << ": qpdf --check:\n" << q.out << q.err);
    CHECK(q.exitCode == 0);
    CHECK(q.out.find("No syntax or stream encoding errors") != std::string::npos);
}

void checkDeterministic(const Rendered& r) {
    // Let the clock move on by more than a second, so that a wall-clock date written into the
    // file cannot pass unnoticed.
    std::this_thread::sleep_until(r.renderedAt + std::chrono::milliseconds(1100));
    TempDir dir;
    const fs::path again = dir / "again.pdf";
    const ProcessResult second = runVanthu({"render", r.json.string(), "-o", again.string()});
    REQUIRE(second.exitCode == 0);
    const std::string a = readFile(r.pdf);
    const std::string b = readFile(again);
    size_t firstDiff = 0;
    while (firstDiff < std::min(a.size(), b.size()) && a[firstDiff] == b[firstDiff]) {
        ++firstDiff;
    }
    auto around = [&](const std::string& bytes) {
        const size_t from = firstDiff > 60 ? firstDiff - 60 : 0;
        std::string text = bytes.substr(from, std::min<size_t>(120, bytes.size() - from));
        for (char& c : text) {
            c = c >= 32 && c < 127 ? c : '.';
        }
        return text;
    };
    INFO(r.name << ": sizes " << a.size() << " and " << b.size() << ", first difference at byte "
                << firstDiff << "\nfirst:  " << around(a) << "\nsecond: " << around(b));
    const bool identical = a == b;
    CHECK(identical);
}

void checkGolden(const Rendered& r) {
    const std::string layout = tool({"pdftotext", "-layout", r.pdf.string(), "-"});
    const fs::path golden = testDataDir() / "golden" / (r.name + ".txt");
    const char* update = std::getenv("VANTHU_UPDATE_GOLDEN");
    if (update && std::string(update) == "1") {
        fs::create_directories(golden.parent_path());
        writeFile(golden, layout);
        WARN("wrote " << golden.string());
        return;
    }
    INFO("golden file " << golden.string()
                        << " (regenerate with VANTHU_UPDATE_GOLDEN=1 after checking the PDF)");
    REQUIRE(fs::exists(golden));
    const std::string expected = readFile(golden);
    if (expected != layout) {
        // Show the first line that differs.
        std::istringstream e(expected), a(layout);
        std::string le, la;
        int n = 0;
        while (true) {
            ++n;
            const bool more = static_cast<bool>(std::getline(e, le));
            const bool moreA = static_cast<bool>(std::getline(a, la));
            if (le != la || !more || !moreA) {
                break;
            }
        }
        INFO("first difference at line " << n << ":\nexpected: " << le << "\nactual:   " << la);
        const bool same = expected == layout;
        CHECK(same);
    }
}

/// The page range each document is expected to have (inspected by eye; the golden files pin the
/// exact layout).
std::pair<int, int> expectedPages(const std::string& name) {
    static const std::map<std::string, std::pair<int, int>> pages{
        {kTenPages, {10, 16}},
        {kTwoHundred, {10, 20}},
        {"party-commune-cv-753", {2, 2}},
        {"party-province-cv-2858", {3, 3}},
        {"state-district-cv-draft", {3, 3}},
        {"party-district-cv-1307", {2, 2}},
        {"state-commune-tb-draft", {3, 3}},
        {"state-decision", {4, 4}}, // 2 pages of decision, 2 of appendix
        {"party-urgent-notice", {2, 2}},
    };
    const auto found = pages.find(name);
    return found == pages.end() ? std::pair{1, 10} : found->second;
}

void checkDocument(const std::string& name) {
    const Rendered& r = renderedOk(name);
    const std::string raw = tool({"pdftotext", "-raw", r.pdf.string(), "-"});
    const std::vector<std::string> pdfWords = normalisedWords(raw);
    DYNAMIC_SECTION(name << ": text: every word, the body in order") {
        if (const SeedInfo* seed = seedFor(name)) {
            checkSeedWords(*seed, pdfWords);
        }
        std::vector<std::string> notes;
        checkInOrder(inputBodyWords(r.input, notes), pdfWords, "input body of " + name);
        checkPresent(notes, pdfWords, "input footnotes of " + name);
        checkFieldsPresent(r, pdfWords);
    }
    DYNAMIC_SECTION(name << ": boxes: inside the margins, page numbers centred in the top margin") {
        checkMargins(name, wordBoxes(r.pdf));
    }
    DYNAMIC_SECTION(name << ": boxes: issuing body left, title right on page 1") {
        checkHeaderColumns(r, wordBoxes(r.pdf));
    }
    DYNAMIC_SECTION(name << ": boxes: signer block with the body's end, Nơi nhận, footnotes") {
        checkFooter(r, wordBoxes(r.pdf));
    }
    DYNAMIC_SECTION(name << ": qpdf: empty signature fields in the signer block") {
        checkSignatureFields(r, wordBoxes(r.pdf));
    }
    DYNAMIC_SECTION(name << ": pdffonts: embedded subsets with ToUnicode, no base-14 font") {
        checkFonts(r);
    }
    DYNAMIC_SECTION(name << ": pdfinfo: A4, page count, metadata") {
        const auto [minPages, maxPages] = expectedPages(name);
        checkInfo(r, minPages, maxPages);
    }
    DYNAMIC_SECTION(name << ": qpdf --check") {
        checkQpdf(r);
    }
    DYNAMIC_SECTION(name << ": deterministic") {
        checkDeterministic(r);
    }
    if (name != kTenPages && name != kTwoHundred) {
        DYNAMIC_SECTION(name << ": golden pdftotext -layout") {
            checkGolden(r);
        }
    }
}

std::string toNfd(const std::string& utf8) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    REQUIRE(U_SUCCESS(status));
    const icu::UnicodeString decomposed =
        nfd->normalize(icu::UnicodeString::fromUTF8(utf8), status);
    REQUIRE(U_SUCCESS(status));
    std::string out;
    decomposed.toUTF8String(out);
    return out;
}

} // namespace

// ---------------------------------------------------------------------------------------------

TEST_CASE("sample checks: every sample has its seed or is known", "[templates][samples]") {
    const auto names = sampleNames();
    CHECK(names.size() >= 7);
    for (const auto& s : seeds()) {
        INFO("seed " << s.seedFile << " should be transcribed in samples/" << s.sample << ".json");
        CHECK(std::find(names.begin(), names.end(), s.sample) != names.end());
        CHECK(fs::exists(testDataDir() / "seeds" / s.seedFile));
    }
    CHECK(std::find(names.begin(), names.end(), "state-decision") != names.end());
    CHECK(std::find(names.begin(), names.end(), "party-urgent-notice") != names.end());
}

TEST_CASE("sample checks: party-commune-cv-753", "[templates][samples]") {
    checkDocument("party-commune-cv-753");
}
TEST_CASE("sample checks: party-province-cv-2858", "[templates][samples]") {
    checkDocument("party-province-cv-2858");
}
TEST_CASE("sample checks: state-district-cv-draft", "[templates][samples]") {
    checkDocument("state-district-cv-draft");
}
TEST_CASE("sample checks: party-district-cv-1307", "[templates][samples]") {
    checkDocument("party-district-cv-1307");
}
TEST_CASE("sample checks: state-commune-tb-draft", "[templates][samples]") {
    checkDocument("state-commune-tb-draft");
}
TEST_CASE("sample checks: state-decision", "[templates][samples]") {
    checkDocument("state-decision");
}
TEST_CASE("sample checks: party-urgent-notice", "[templates][samples]") {
    checkDocument("party-urgent-notice");
}
TEST_CASE("sample checks: every other sample in samples/", "[templates][samples]") {
    static const std::vector<std::string> named{"party-commune-cv-753",    "party-province-cv-2858",
                                                "state-district-cv-draft", "party-district-cv-1307",
                                                "state-commune-tb-draft",  "state-decision",
                                                "party-urgent-notice"};
    for (const auto& name : sampleNames()) {
        if (std::find(named.begin(), named.end(), name) == named.end()) {
            INFO("sample " << name);
            checkDocument(name);
        }
    }
}

TEST_CASE("sample checks: a generated ten-page document", "[templates][samples]") {
    checkDocument(kTenPages);
}

TEST_CASE("sample checks: a 200-paragraph document", "[templates][samples]") {
    checkDocument(kTwoHundred);
}

TEST_CASE("sample checks: 200 paragraphs numbered 2..N in the top margin, none on page 1",
          "[templates][samples]") {
    const Rendered& r = renderedOk(kTwoHundred);
    const auto pages = wordBoxes(r.pdf);
    const int count = pageCount(tool({"pdfinfo", r.pdf.string()}));
    REQUIRE(static_cast<int>(pages.size()) == count);
    REQUIRE(count >= 10);
    for (size_t p = 0; p < pages.size(); ++p) {
        std::vector<WordBox> top;
        for (const auto& w : pages[p].words) {
            if (w.yMin < kMarginTop - kEpsilon) {
                top.push_back(w);
            }
        }
        INFO("page " << p + 1 << " of " << count);
        if (p == 0) {
            CHECK(top.empty());
            continue;
        }
        REQUIRE(top.size() == 1);
        INFO(describe(top[0], p + 1));
        CHECK(top[0].text == std::to_string(p + 1));
        CHECK(top[0].yMax <= kMarginTop + kEpsilon);
        CHECK(centred(top[0]));
    }
}

TEST_CASE("sample checks: NFD input gives the same text as NFC input", "[templates][samples]") {
    for (const std::string name : {"party-commune-cv-753", "state-district-cv-draft"}) {
        INFO("sample " << name);
        const std::string nfc = readFile(sourceDir() / "samples" / (name + ".json"));
        const std::string nfd = toNfd(nfc);
        REQUIRE(nfd != nfc);
        REQUIRE(nfd.size() > nfc.size());
        TempDir dir;
        writeFile(dir / "nfd.json", nfd);
        const ProcessResult a =
            runVanthu({"render", (dir / "nfd.json").string(), "-o", (dir / "nfd.pdf").string()});
        INFO("stderr: " << a.err);
        REQUIRE(a.exitCode == 0);
        const Rendered& r = renderedOk(name);
        const std::string fromNfc = tool({"pdftotext", "-raw", r.pdf.string(), "-"});
        const std::string fromNfd = tool({"pdftotext", "-raw", (dir / "nfd.pdf").string(), "-"});
        CHECK(fromNfc == fromNfd);
        CHECK(tool({"pdftotext", "-layout", r.pdf.string(), "-"}) ==
              tool({"pdftotext", "-layout", (dir / "nfd.pdf").string(), "-"}));
    }
}

namespace {

/// A small valid State letter to spoil in one place.
Object::Ptr validLetter() {
    return parseJson(R"({
  "system": "state",
  "type": "CV",
  "issuingBody": "ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN",
  "number": 5,
  "notation": "UBND-NV",
  "place": "Văn Quan",
  "date": "2024-02-05",
  "subject": "báo cáo kết quả cải cách hành chính",
  "recipients": ["Sở Nội vụ tỉnh Lạng Sơn"],
  "body": "Ủy ban nhân dân huyện báo cáo kết quả như sau.",
  "signer": {"authority": "KT", "authorityOf": "CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH",
             "name": "Triệu Đức Dũng"},
  "distribution": ["Như trên", "Lưu: VT, NV"],
  "timestamp": 1707105600
})");
}

struct InvalidCase {
    std::string what;
    std::string json;
    std::string field; ///< the field the message must name; empty for malformed JSON
};

std::vector<InvalidCase> invalidCases() {
    std::vector<InvalidCase> cases;
    auto spoil = [&](const std::string& what, const std::string& field, auto change) {
        Object::Ptr doc = validLetter();
        change(doc);
        cases.push_back({what, stringify(doc), field});
    };
    spoil("missing field", "issuingBody", [](Object::Ptr d) { d->remove("issuingBody"); });
    spoil("missing nested field", "signer.name",
          [](Object::Ptr d) { d->getObject("signer")->remove("name"); });
    spoil("unknown type", "type", [](Object::Ptr d) { d->set("type", "XYZ"); });
    spoil("unknown system", "system", [](Object::Ptr d) { d->set("system", "federal"); });
    spoil("bad date", "date", [](Object::Ptr d) { d->set("date", "2024-13-01"); });
    spoil("29 February of a common year", "date",
          [](Object::Ptr d) { d->set("date", "2023-02-29"); });
    spoil("wrong type: number as text", "number", [](Object::Ptr d) { d->set("number", "753"); });
    spoil("wrong type: timestamp as text", "timestamp",
          [](Object::Ptr d) { d->set("timestamp", "soon"); });
    spoil("wrong type: recipients as a number", "recipients",
          [](Object::Ptr d) { d->set("recipients", 5); });
    spoil("misspelt field", "subjcet", [](Object::Ptr d) { d->set("subjcet", "x"); });
    std::string valid = stringify(validLetter());
    cases.push_back({"malformed JSON (truncated)", valid.substr(0, valid.size() / 2), ""});
    cases.push_back(
        {"malformed JSON (trailing comma)", R"({"system": "state", "type": "CV",})", ""});
    return cases;
}

} // namespace

TEST_CASE("sample checks: the valid letter used for the invalid cases renders",
          "[templates][samples]") {
    TempDir dir;
    writeFile(dir / "in.json", stringify(validLetter()));
    const ProcessResult r =
        runVanthu({"render", (dir / "in.json").string(), "-o", (dir / "out.pdf").string()});
    INFO("stderr: " << r.err);
    CHECK(r.exitCode == 0);
    CHECK(fs::exists(dir / "out.pdf"));
}

TEST_CASE("sample checks: invalid input is refused with exit 2, one line, no output",
          "[templates][samples]") {
    for (const auto& c : invalidCases()) {
        INFO("case: " << c.what);
        TempDir dir;
        const fs::path in = dir / "bad.json";
        writeFile(in, c.json);
        // No output file appears.
        {
            const fs::path out = dir / "out.pdf";
            const ProcessResult r = runVanthu({"render", in.string(), "-o", out.string()});
            INFO("stderr: " << r.err);
            CHECK(r.exitCode == 2);
            CHECK(!r.err.empty());
            CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
            CHECK(r.err.back() == '\n');
            if (!c.field.empty()) {
                CHECK(r.err.find("\"" + c.field + "\"") != std::string::npos);
            }
            CHECK(r.out.empty());
            CHECK(!fs::exists(out));
            // Nothing else left behind either (no temporary file).
            size_t files = 0;
            for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path())) {
                ++files;
            }
            CHECK(files == 1);
        }
        // An existing output file is left untouched.
        {
            const fs::path out = dir / "existing.pdf";
            writeFile(out, "keep me");
            const ProcessResult r = runVanthu({"render", in.string(), "-o", out.string()});
            CHECK(r.exitCode == 2);
            REQUIRE(fs::exists(out));
            CHECK(readFile(out) == "keep me");
        }
    }
}
