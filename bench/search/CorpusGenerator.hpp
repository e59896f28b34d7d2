#pragma once
// A corpus shaped like the seed letters for the search benchmark: body text walked from the
// seeds' word pairs (so the vocabulary, the word frequencies and the phrases are theirs), lengths
// around the reference corpus (2.6 KB a document), and varied issuers, types, dates,
// signers and numbers with notation. Deterministic for a given seed.
#include <filesystem>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

namespace vanthu::bench {

struct GeneratedLetter {
    std::string issuer, typeCode, typeName, date, signer, notation, subject, body;
    bool party = false;
    int number = 0;
};

class CorpusGenerator {
public:
    /// Reads the seed texts: samples/*.json bodies and tests/data/seeds/*.txt.
    CorpusGenerator(const std::filesystem::path& sourceDir, unsigned seed);

    GeneratedLetter next();
    /// Words that occur once in the seeds (rare in the corpus too), without marks' removal.
    std::vector<std::string> rareWords(std::size_t count) const;
    /// The document JSON (docs/document-format.md) of a letter.
    static std::string toJson(const GeneratedLetter& letter);

private:
    std::string walk(std::size_t minBytes, std::size_t maxBytes, bool paragraphs);

    std::mt19937_64 random_;
    std::vector<std::string> words_;
    std::unordered_map<std::string, std::vector<std::uint32_t>>
        next_;                          ///< word → following word indices
    std::vector<std::uint32_t> starts_; ///< words that begin sentences
    std::uint64_t count_ = 0;
};

} // namespace vanthu::bench
