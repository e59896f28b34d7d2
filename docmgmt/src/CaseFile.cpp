#include "vanthu/docmgmt/CaseFile.hpp"

#include <cctype>

#include "vanthu/docmgmt/ImportedDocument.hpp"

namespace vanthu::docmgmt {

namespace {

std::string trimmed(const std::string& text) {
    const auto begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos) {
        return {};
    }
    return text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
}

/// Lower case for ASCII and the few capitals a retention period uses.
std::string lowered(std::string text) {
    for (auto& c : text) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    for (const auto& [upper, lower] :
         {std::pair<std::string, std::string>{"Ă", "ă"}, {"Ĩ", "ĩ"}, {"Ễ", "ễ"}}) {
        for (std::size_t at; (at = text.find(upper)) != std::string::npos;) {
            text.replace(at, upper.size(), lower);
        }
    }
    return text;
}

} // namespace

std::string Retention::text() const {
    return years ? std::to_string(*years) + " năm" : "vĩnh viễn";
}

std::optional<Retention> parseRetention(const std::string& input) {
    const std::string text = lowered(trimmed(input));
    if (text == "vĩnh viễn" || text == "vinh vien") {
        return Retention{};
    }
    std::size_t digits = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) {
        ++digits;
    }
    if (digits == 0 || digits > 2) {
        return std::nullopt;
    }
    const std::string unit = trimmed(text.substr(digits));
    if (!unit.empty() && unit != "năm" && unit != "nam") {
        return std::nullopt;
    }
    const int years = std::stoi(text.substr(0, digits));
    if (years < 1) {
        return std::nullopt;
    }
    return Retention{years};
}

bool caseFileLets(const User& user, const CaseFile& file) {
    return file.access.lets(user.id) || file.createdBy == user.id ||
           (file.responsibleId && *file.responsibleId == user.id);
}

std::string toString(CaseFileState state) {
    return state == CaseFileState::Closed ? "closed" : "open";
}

std::string toString(Direction direction) {
    return direction == Direction::Outgoing ? "out" : "in";
}

} // namespace vanthu::docmgmt
