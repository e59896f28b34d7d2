#include "CorpusGenerator.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace vanthu::bench {

namespace {

std::string readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

struct Issuer {
    const char* name;
    const char* code;
    bool party;
};

const Issuer kIssuers[] = {
    {"TỈNH ỦY BẮC GIANG", "TU", true},
    {"HUYỆN ỦY BÌNH SƠN", "HU", true},
    {"ĐẢNG ỦY XÃ BÌNH LƯ", "ĐU", true},
    {"TỈNH ỦY LAI CHÂU", "TU", true},
    {"HUYỆN ỦY VĂN QUAN", "HU", true},
    {"ĐẢNG ỦY XÃ NGHI DƯƠNG", "ĐU", true},
    {"ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN", "UBND", false},
    {"ỦY BAN NHÂN DÂN XÃ NGHI DƯƠNG", "UBND", false},
    {"ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN", "UBND", false},
    {"ỦY BAN NHÂN DÂN HUYỆN BÌNH SƠN", "UBND", false},
    {"ỦY BAN NHÂN DÂN XÃ BÌNH LƯ", "UBND", false},
    {"SỞ NỘI VỤ TỈNH BẮC GIANG", "SNV", false},
};

struct Type {
    const char* code;
    const char* name;
};
const Type kTypes[] = {{"CV", "Công văn"},   {"CV", "Công văn"},  {"CV", "Công văn"},
                       {"QĐ", "Quyết định"}, {"TB", "Thông báo"}, {"KH", "Kế hoạch"},
                       {"BC", "Báo cáo"}};

const char* kFamily[] = {"Nguyễn", "Trần", "Lê",  "Phạm",  "Hoàng", "Vũ", "Đặng",  "Bùi",
                         "Đỗ",     "Hồ",   "Ngô", "Dương", "Lý",    "Tạ", "Triệu", "Lưu"};
const char* kMiddle[] = {"Văn", "Thị", "Đức", "Minh", "Thanh", "Quang", "Ngọc", "Hữu"};
const char* kGiven[] = {"An",   "Bình", "Cường", "Dũng", "Hà",   "Hương",  "Lan", "Long", "Nam",
                        "Tuấn", "Tươi", "Dung",  "Hùng", "Thảo", "Phương", "Sơn", "Việt", "Yến"};

template <typename T, std::size_t N> const T& pick(std::mt19937_64& r, const T (&items)[N]) {
    return items[std::uniform_int_distribution<std::size_t>(0, N - 1)(r)];
}

bool endsSentence(const std::string& word) {
    return !word.empty() && (word.back() == '.' || word.back() == ';' || word.back() == ':');
}

} // namespace

CorpusGenerator::CorpusGenerator(const std::filesystem::path& sourceDir, unsigned seed)
    : random_(seed) {
    std::vector<std::string> texts;
    for (const auto& entry : std::filesystem::directory_iterator(sourceDir / "samples")) {
        if (entry.path().extension() != ".json" || !entry.is_regular_file()) {
            continue;
        }
        const auto json =
            Poco::JSON::Parser().parse(readFile(entry.path())).extract<Poco::JSON::Object::Ptr>();
        texts.push_back(json->optValue<std::string>("body", ""));
    }
    for (const auto& entry :
         std::filesystem::directory_iterator(sourceDir / "tests" / "data" / "seeds")) {
        texts.push_back(readFile(entry.path()));
    }
    std::unordered_map<std::string, std::uint32_t> ids;
    auto idOf = [&](const std::string& word) {
        const auto [it, added] = ids.emplace(word, static_cast<std::uint32_t>(words_.size()));
        if (added) {
            words_.push_back(word);
        }
        return it->second;
    };
    for (const auto& text : texts) {
        std::istringstream in(text);
        std::string previous, word;
        while (in >> word) {
            if (word.find('*') != std::string::npos || word.find('[') != std::string::npos) {
                continue; // markup
            }
            const auto id = idOf(word);
            if (previous.empty() || endsSentence(previous)) {
                starts_.push_back(id);
            }
            if (!previous.empty()) {
                next_[previous].push_back(id);
            }
            previous = word;
        }
    }
}

std::string CorpusGenerator::walk(std::size_t minBytes, std::size_t maxBytes, bool paragraphs) {
    const std::size_t target =
        std::uniform_int_distribution<std::size_t>(minBytes, maxBytes)(random_);
    std::string out;
    auto start = [&] {
        return words_[starts_[std::uniform_int_distribution<std::size_t>(0, starts_.size() -
                                                                                1)(random_)]];
    };
    std::string word = start();
    int sinceBreak = 0;
    while (out.size() < target) {
        if (!out.empty()) {
            out += (paragraphs && sinceBreak > 60 && endsSentence(out.substr(out.size() - 1)))
                       ? "\n\n"
                       : " ";
            if (out.back() == '\n') {
                sinceBreak = 0;
            }
        }
        out += word;
        ++sinceBreak;
        const auto it = next_.find(word);
        word = it == next_.end() || it->second.empty()
                   ? start()
                   : words_[it->second[std::uniform_int_distribution<std::size_t>(
                         0, it->second.size() - 1)(random_)]];
    }
    return out;
}

std::vector<std::string> CorpusGenerator::rareWords(std::size_t count) const {
    std::unordered_map<std::uint32_t, int> seen;
    for (const auto& [word, following] : next_) {
        for (const auto id : following) {
            ++seen[id];
        }
    }
    std::vector<std::string> rare;
    for (const auto& [id, times] : seen) {
        const auto& word = words_[id];
        bool letters = word.size() >= 5;
        for (const char ch : word) {
            letters = letters && (static_cast<unsigned char>(ch) >= 0x80 ||
                                  std::isalpha(static_cast<unsigned char>(ch)));
        }
        if (times == 1 && letters) {
            rare.push_back(word);
        }
    }
    std::sort(rare.begin(), rare.end());
    if (rare.size() > count) {
        rare.resize(count);
    }
    return rare;
}

GeneratedLetter CorpusGenerator::next() {
    ++count_;
    GeneratedLetter l;
    const auto& issuer = pick(random_, kIssuers);
    const auto& type = pick(random_, kTypes);
    l.issuer = issuer.name;
    l.party = issuer.party;
    l.typeCode = type.code;
    l.typeName = type.name;
    const int year = std::uniform_int_distribution<int>(2020, 2026)(random_);
    const int month = std::uniform_int_distribution<int>(1, 12)(random_);
    const int day = std::uniform_int_distribution<int>(1, 28)(random_);
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", year, month, day);
    l.date = date;
    l.signer = std::string(pick(random_, kFamily)) + " " + pick(random_, kMiddle) + " " +
               pick(random_, kGiven);
    l.number = std::uniform_int_distribution<int>(1, 3000)(random_);
    l.notation = issuer.party ? std::to_string(l.number) + "-" + l.typeCode + "/" + issuer.code
                              : std::to_string(l.number) + "/" + l.typeCode + "-" + issuer.code;
    l.subject = walk(60, 200, false);
    while (!l.subject.empty() && (l.subject.back() == ';' || l.subject.back() == '.' ||
                                  l.subject.back() == ',' || l.subject.back() == ':')) {
        l.subject.pop_back();
    }
    // Bodies of 0.8–4.4 KB: 2.6 KB on average, as the reference corpus.
    l.body = walk(800, 4400, true);
    return l;
}

std::string CorpusGenerator::toJson(const GeneratedLetter& l) {
    Poco::JSON::Object json(Poco::JSON_PRESERVE_KEY_ORDER);
    json.set("system", l.party ? "party" : "state");
    json.set("type", l.typeCode);
    json.set("issuingBody", l.issuer);
    json.set("number", l.number);
    json.set("date", l.date);
    json.set("subject", l.subject);
    json.set("body", l.body);
    Poco::JSON::Object signer;
    signer.set("name", l.signer);
    json.set("signer", signer);
    std::ostringstream out;
    json.stringify(out);
    return out.str();
}

} // namespace vanthu::bench
