#include "vanthu/docmgmt/DraftComparison.hpp"

#include <algorithm>
#include <cstdint>

namespace vanthu::docmgmt {

namespace {

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/// The text cut into words and the runs of spaces between them, alternating; joined again they
/// are the text.
std::vector<std::string> tokens(const std::string& text) {
    std::vector<std::string> out;
    std::size_t at = 0;
    while (at < text.size()) {
        const bool space = isSpace(text[at]);
        std::size_t end = at;
        while (end < text.size() && isSpace(text[end]) == space) {
            ++end;
        }
        out.push_back(text.substr(at, end - at));
        at = end;
    }
    return out;
}

void append(std::vector<WordChange>& out, WordChange::Kind kind, const std::string& text) {
    if (text.empty()) {
        return;
    }
    if (!out.empty() && out.back().kind == kind) {
        out.back().text += text;
        return;
    }
    out.push_back({kind, text});
}

/// The middle parts compared by their longest common subsequence of tokens.
void compareMiddle(const std::vector<std::string>& a, const std::vector<std::string>& b,
                   std::vector<WordChange>& out) {
    const std::size_t n = a.size(), m = b.size();
    // lengths[i][j]: the longest common subsequence of a[i..] and b[j..].
    std::vector<std::uint32_t> lengths((n + 1) * (m + 1), 0);
    const auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& {
        return lengths[i * (m + 1) + j];
    };
    for (std::size_t i = n; i-- > 0;) {
        for (std::size_t j = m; j-- > 0;) {
            at(i, j) = a[i] == b[j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
        }
    }
    std::size_t i = 0, j = 0;
    while (i < n && j < m) {
        if (a[i] == b[j]) {
            append(out, WordChange::Kind::Same, a[i]);
            ++i;
            ++j;
        } else if (at(i + 1, j) >= at(i, j + 1)) {
            append(out, WordChange::Kind::Removed, a[i++]);
        } else {
            append(out, WordChange::Kind::Added, b[j++]);
        }
    }
    for (; i < n; ++i) {
        append(out, WordChange::Kind::Removed, a[i]);
    }
    for (; j < m; ++j) {
        append(out, WordChange::Kind::Added, b[j]);
    }
}

std::string lines(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        out += (out.empty() ? "" : "\n") + item;
    }
    return out;
}

} // namespace

std::string toString(WordChange::Kind kind) {
    switch (kind) {
    case WordChange::Kind::Added:
        return "added";
    case WordChange::Kind::Removed:
        return "removed";
    case WordChange::Kind::Same:
        break;
    }
    return "same";
}

bool VersionComparison::bodyChanged() const {
    return std::any_of(body.begin(), body.end(),
                       [](const WordChange& c) { return c.kind != WordChange::Kind::Same; });
}

std::vector<WordChange> compareWords(const std::string& before, const std::string& after,
                                     std::size_t maxCells) {
    const auto a = tokens(before);
    const auto b = tokens(after);
    std::size_t head = 0;
    while (head < a.size() && head < b.size() && a[head] == b[head]) {
        ++head;
    }
    std::size_t tail = 0;
    while (tail < a.size() - head && tail < b.size() - head &&
           a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) {
        ++tail;
    }
    std::vector<WordChange> out;
    for (std::size_t i = 0; i < head; ++i) {
        append(out, WordChange::Kind::Same, a[i]);
    }
    const std::vector<std::string> middleA(a.begin() + static_cast<std::ptrdiff_t>(head),
                                           a.end() - static_cast<std::ptrdiff_t>(tail));
    const std::vector<std::string> middleB(b.begin() + static_cast<std::ptrdiff_t>(head),
                                           b.end() - static_cast<std::ptrdiff_t>(tail));
    if ((middleA.size() + 1) * (middleB.size() + 1) <= maxCells) {
        compareMiddle(middleA, middleB, out);
    } else {
        for (const auto& token : middleA) {
            append(out, WordChange::Kind::Removed, token);
        }
        for (const auto& token : middleB) {
            append(out, WordChange::Kind::Added, token);
        }
    }
    for (std::size_t i = a.size() - tail; i < a.size(); ++i) {
        append(out, WordChange::Kind::Same, a[i]);
    }
    return out;
}

std::vector<FieldChange> compareFields(const DraftInput& before, const DraftInput& after,
                                       const std::string& signerBefore,
                                       const std::string& signerAfter) {
    std::vector<FieldChange> out;
    const auto field = [&](const char* name, const char* label, const std::string& a,
                           const std::string& b) {
        if (a != b) {
            out.push_back({name, label, a, b});
        }
    };
    const auto amount = [](int n) { return n == 0 ? std::string() : std::to_string(n); };
    field("typeCode", "Loại văn bản", before.typeCode, after.typeCode);
    field("subject", "Trích yếu", before.subject, after.subject);
    field("recipients", "Kính gửi", lines(before.recipients), lines(after.recipients));
    field("distribution", "Nơi nhận", lines(before.distribution), lines(after.distribution));
    field("signerId", "Người ký", signerBefore, signerAfter);
    field("authority", "Thẩm quyền ký", before.authority, after.authority);
    field("authorityOf", "Ký thay, thay mặt", before.authorityOf, after.authorityOf);
    field("draftingUnit", "Đơn vị soạn thảo", before.draftingUnit, after.draftingUnit);
    field("urgency", "Độ khẩn", before.urgency, after.urgency);
    field("secrecy", "Độ mật", before.secrecy, after.secrecy);
    field("recipientOffices", "Gửi điện tử đến", lines(before.recipientOffices),
          lines(after.recipientOffices));
    field("dueDate", "Hạn trả lời", before.dueDate, after.dueDate);
    field("issuedAmount", "Số lượng bản phát hành", amount(before.issuedAmount),
          amount(after.issuedAmount));
    field("language", "Ngôn ngữ", before.language, after.language);
    field("description", "Ghi chú", before.description, after.description);
    return out;
}

} // namespace vanthu::docmgmt
