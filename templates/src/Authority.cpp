#include "vanthu/templates/Authority.hpp"

#include <stdexcept>

namespace vanthu::templates {

std::string authorityPrefix(Authority authority, DocumentSystem system) {
    const bool party = system == DocumentSystem::Party;
    switch (authority) {
    case Authority::Own:
        return "";
    case Authority::OnBehalf:
        return party ? "T/M" : "TM.";
    case Authority::ForHead:
        return party ? "K/T" : "KT.";
    case Authority::ByOrder:
        return party ? "T/L" : "TL.";
    case Authority::Delegated:
        return party ? "T/UQ" : "TUQ.";
    case Authority::Acting:
        if (party) {
            throw std::invalid_argument("Party documents have no \"Q.\" (acting) authority");
        }
        return "Q.";
    }
    return "";
}

std::optional<Authority> parseAuthority(std::string_view text) {
    std::string key;
    for (char c : text) {
        if (c != '.' && c != '/' && c != ' ') {
            key += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
        }
    }
    if (key.empty()) {
        return Authority::Own;
    }
    if (key == "TM") {
        return Authority::OnBehalf;
    }
    if (key == "KT") {
        return Authority::ForHead;
    }
    if (key == "TL") {
        return Authority::ByOrder;
    }
    if (key == "TUQ") {
        return Authority::Delegated;
    }
    if (key == "Q") {
        return Authority::Acting;
    }
    return std::nullopt;
}

} // namespace vanthu::templates
