#include "Duplicates.hpp"

#include <cctype>

#include "Csv.hpp"
#include "vanthu/docmgmt/Storage.hpp"
#include "vanthu/templates/Unicode.hpp"

namespace vanthu::docmgmt {

namespace {

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string digitsOnly(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (std::isdigit(static_cast<unsigned char>(c))) {
            out += c;
        } else if (!isSpace(c)) {
            return {};
        }
    }
    const auto first = out.find_first_not_of('0');
    return first == std::string::npos ? std::string() : out.substr(first);
}

/// Upper case (Vietnamese too), NFC, no white space, no trailing full stop.
std::string folded(const std::string& text) {
    std::string out;
    for (const char c : templates::toUpper(templates::toNfc(text))) {
        if (!isSpace(c)) {
            out += c;
        }
    }
    while (!out.empty() && out.back() == '.') {
        out.pop_back();
    }
    return out;
}

/// A letter's number and the notation's symbol: "15" and "15/UBND-NV" → {"15", "UBND-NV"};
/// "05", "CV/ĐU" → {"5", "CV/ĐU"}; an empty number is taken from the notation's front.
struct NumberKey {
    std::string number, symbol;
    bool usable() const { return !number.empty() && !symbol.empty(); }
};

NumberKey numberKey(const std::string& number, const std::string& notation) {
    std::string symbol = folded(notation);
    if (symbol.rfind("SỐ:", 0) == 0) {
        symbol = symbol.substr(std::string("SỐ:").size());
    }
    std::size_t digits = 0;
    while (digits < symbol.size() && std::isdigit(static_cast<unsigned char>(symbol[digits]))) {
        ++digits;
    }
    NumberKey key{digitsOnly(number), symbol};
    if (digits > 0 && digits < symbol.size() && (symbol[digits] == '/' || symbol[digits] == '-')) {
        if (key.number.empty()) {
            key.number = digitsOnly(symbol.substr(0, digits));
        }
        key.symbol = symbol.substr(digits + 1);
    }
    return key;
}

bool sameIssuer(const LetterIdentity& a, const LetterIdentity& b) {
    if (!a.senderCode.empty() && !b.senderCode.empty()) {
        return a.senderCode == b.senderCode;
    }
    const std::string left = folded(a.senderName), right = folded(b.senderName);
    return !left.empty() && left == right;
}

bool sameDateWhenBoth(const std::string& a, const std::string& b) {
    return a.empty() || b.empty() || a.substr(0, 10) == b.substr(0, 10);
}

/// kMatchIdentifier, kMatchNumber, or "" when the two are not the same letter.
std::string matchOf(const LetterIdentity& letter, const NumberKey& key,
                    const LetterIdentity& earlier) {
    if (!letter.exchangeId.empty() && letter.exchangeId == earlier.exchangeId) {
        return kMatchIdentifier;
    }
    if (!key.usable() || !sameIssuer(letter, earlier) ||
        !sameDateWhenBoth(letter.issuedDate, earlier.issuedDate)) {
        return {};
    }
    const NumberKey other = numberKey(earlier.number, earlier.notation);
    return other.number == key.number && other.symbol == key.symbol ? kMatchNumber : "";
}

EarlierEntry entryOf(const IncomingDocument& d, const std::string& match) {
    EarlierEntry e;
    e.kind = kDuplicateOfIncoming;
    e.id = d.id;
    e.match = match;
    e.arrivalNumber = d.arrivalNumber;
    e.arrivalDate = d.arrivalDate;
    e.receivedAt = d.receivedAt;
    e.state = toString(d.state);
    e.channel = d.channel;
    e.senderName = d.senderName;
    e.notation = d.notation;
    e.issuedDate = d.issuedDate;
    e.subject = d.subject;
    return e;
}

EarlierEntry entryOf(const ImportedDocument& d, const std::string& match) {
    EarlierEntry e;
    e.kind = kDuplicateOfImported;
    e.id = d.id;
    e.match = match;
    e.receivedAt = d.importedAt;
    e.state = "imported";
    e.senderName = d.issuer;
    e.notation = d.number + "/" + d.notation;
    e.issuedDate = d.issuedDate;
    e.subject = d.subject;
    return e;
}

} // namespace

LetterIdentity identityOf(const ArrivingDocument& a) {
    return {a.exchangeId, a.senderCode, a.senderName, a.number, a.notation, a.issuedDate};
}

LetterIdentity identityOf(const IncomingDocument& d) {
    return {d.exchangeId, d.senderCode, d.senderName, d.number, d.notation, d.issuedDate};
}

LetterIdentity identityOf(const ImportedDocument& d) {
    return {"", "", d.issuer, d.number, d.notation, d.issuedDate};
}

std::optional<EarlierEntry> findEarlierEntry(const Storage& storage, Id officeId,
                                             const LetterIdentity& letter,
                                             const DuplicateScope& scope) {
    const NumberKey key = numberKey(letter.number, letter.notation);
    if (letter.exchangeId.empty() && !key.usable()) {
        return std::nullopt;
    }
    for (const auto& d : storage.incomingCandidates(officeId, letter.exchangeId, key.number)) {
        if (scope.before && d.id >= *scope.before) {
            break; // oldest first
        }
        if (d.state == IncomingState::Refused) {
            continue;
        }
        if (const auto match = matchOf(letter, key, identityOf(d)); !match.empty()) {
            return entryOf(d, match);
        }
    }
    if (!scope.includeImported || !key.usable()) {
        return std::nullopt;
    }
    for (const auto& d : storage.importedCandidates(officeId, key.number)) {
        if (const auto match = matchOf(letter, key, identityOf(d)); match == kMatchNumber) {
            return entryOf(d, match);
        }
    }
    return std::nullopt;
}

std::optional<EarlierEntry> earlierEntryOf(const Storage& storage, const DuplicateMark& mark) {
    if (!mark.of) {
        return std::nullopt;
    }
    if (mark.kind == kDuplicateOfImported) {
        const auto d = storage.findImportedDocument(*mark.of);
        return d ? std::optional(entryOf(*d, mark.match)) : std::nullopt;
    }
    const auto d = storage.findIncoming(*mark.of);
    return d ? std::optional(entryOf(*d, mark.match)) : std::nullopt;
}

std::string describe(const EarlierEntry& e) {
    std::string out;
    if (e.kind == kDuplicateOfImported) {
        out = "văn bản đến đã nhập từ hệ thống cũ (mã " + std::to_string(e.id) + ")";
    } else if (e.arrivalNumber) {
        out = "văn bản đến số " + std::to_string(*e.arrivalNumber) + " ngày " +
              csv::writtenDate(e.arrivalDate) + " (mã " + std::to_string(e.id) + ")";
    } else {
        out = "văn bản đến chưa vào sổ, nhận ngày " + csv::writtenDate(e.receivedAt.substr(0, 10)) +
              " (mã " + std::to_string(e.id) + ")";
    }
    out += e.match == kMatchIdentifier ? ", cùng mã định danh văn bản"
                                       : ", cùng cơ quan ban hành, số và ký hiệu " + e.notation;
    return out;
}

DuplicateMark markOf(const EarlierEntry& entry) {
    DuplicateMark mark;
    mark.kind = entry.kind;
    mark.of = entry.id;
    mark.match = entry.match;
    return mark;
}

} // namespace vanthu::docmgmt
