#pragma once
// Small command-line parsing shared by the pki, sign, verify and tsa verbs.
#include <map>
#include <string>
#include <vector>

#include "cli/Command.hpp"

namespace vanthu::cli {

/// Options of the form --name VALUE (or flags --name), and the remaining positional words.
class SigningArguments {
public:
    /// valueOptions take a value; flagOptions do not; repeatable options may appear many times.
    SigningArguments(const Arguments& args, const std::vector<std::string>& valueOptions,
                     const std::vector<std::string>& flagOptions)
        : positional_() {
        for (size_t i = 0; i < args.size(); ++i) {
            const std::string& word = args[i];
            if (word.size() > 1 && word[0] == '-') {
                const bool takesValue = contains(valueOptions, word);
                if (takesValue) {
                    if (i + 1 >= args.size()) {
                        throw UsageError(word + " needs a value");
                    }
                    values_[word].push_back(args[++i]);
                } else if (contains(flagOptions, word)) {
                    values_[word].push_back("");
                } else {
                    throw UsageError("unknown option " + word);
                }
            } else {
                positional_.push_back(word);
            }
        }
    }

    bool has(const std::string& option) const { return values_.count(option) != 0; }
    std::string get(const std::string& option, const std::string& fallback = "") const {
        const auto it = values_.find(option);
        return it == values_.end() ? fallback : it->second.back();
    }
    std::vector<std::string> all(const std::string& option) const {
        const auto it = values_.find(option);
        return it == values_.end() ? std::vector<std::string>{} : it->second;
    }
    const std::vector<std::string>& positional() const { return positional_; }

private:
    static bool contains(const std::vector<std::string>& list, const std::string& word) {
        for (const auto& item : list) {
            if (item == word) {
                return true;
            }
        }
        return false;
    }
    std::map<std::string, std::vector<std::string>> values_;
    std::vector<std::string> positional_;
};

} // namespace vanthu::cli
