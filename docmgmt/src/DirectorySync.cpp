#include "vanthu/docmgmt/DirectorySync.hpp"

#include <map>
#include <set>

#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/Storage.hpp"

namespace vanthu::docmgmt {

namespace {

constexpr std::size_t kMaxName = 300;
constexpr std::size_t kMaxProblems = 20;

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

/// A name as kept: trimmed, control characters dropped.
std::string cleanName(const std::string& text) {
    std::string out;
    for (const char c : trimmed(text)) {
        if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) {
            out += c;
        }
    }
    return out;
}

/// The offices of the directory by code, updated as the sync goes.
class Offices {
public:
    explicit Offices(const Storage& storage) {
        for (auto& office : storage.offices()) {
            codeOf_[office.id] = office.code;
            byCode_[office.code] = office;
        }
    }
    Office* find(const std::string& code) {
        const auto it = byCode_.find(code);
        return it == byCode_.end() ? nullptr : &it->second;
    }
    Office* find(Id id) {
        const auto it = codeOf_.find(id);
        return it == codeOf_.end() ? nullptr : find(it->second);
    }
    Office& add(Storage& storage, Office office) {
        office.id = storage.addOffice(office);
        codeOf_[office.id] = office.code;
        return byCode_[office.code] = office;
    }
    /// The office a code leads to: itself, or the successor of a dissolved one (16 steps).
    Office* current(const std::string& code) {
        Office* office = find(code);
        for (int step = 0;
             office != nullptr && office->dissolved() && office->successorId && step < 16; ++step) {
            office = find(*office->successorId);
        }
        return office;
    }
    /// Whether `ancestor` is `office` or above it (parentId followed, at most 64 steps).
    bool leadsTo(const Office* office, Id ancestor) {
        for (int step = 0; office != nullptr && step < 64; ++step) {
            if (office->id == ancestor) {
                return true;
            }
            office = office->parentId ? find(*office->parentId) : nullptr;
        }
        return office != nullptr; // deeper than 64: treated as a cycle
    }

private:
    std::map<std::string, Office> byCode_;
    std::map<Id, std::string> codeOf_;
};

} // namespace

bool usableOfficeCode(const std::string& code) {
    if (code.empty() || code.size() > 32) {
        return false;
    }
    for (const char c : code) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
        if (!ok) {
            return false;
        }
    }
    return true;
}

DirectorySync::DirectorySync(Storage& storage, AuditTrail& audit)
    : storage_(storage), audit_(audit) {}

DirectorySyncResult DirectorySync::apply(const std::vector<DirectoryEntry>& entries,
                                         const std::string& axisName, const std::string& today,
                                         const std::string& who) {
    if (entries.size() > kMaxDirectoryEntries) {
        throw InvalidInput("directory", "Danh bạ của trục liên thông có " +
                                            std::to_string(entries.size()) +
                                            " cơ quan, quá giới hạn " +
                                            std::to_string(kMaxDirectoryEntries) + ".");
    }
    DirectorySyncResult result;
    result.listed = static_cast<int>(entries.size());
    const auto skip = [&](const std::string& why) {
        ++result.skipped;
        if (result.problems.size() < kMaxProblems) {
            result.problems.push_back(why);
        }
    };
    // A code the axis lists as an office now is never dissolved as another's old code.
    std::set<std::string> current;
    for (const auto& entry : entries) {
        current.insert(trimmed(entry.code));
    }
    storage_.transaction([&] {
        Offices offices(storage_);
        std::set<std::string> seen;
        std::vector<std::pair<std::string, std::string>> parents; // the axis's office, its parent
        for (const auto& entry : entries) {
            const std::string code = trimmed(entry.code);
            const std::string name = cleanName(entry.name);
            if (!usableOfficeCode(code)) {
                skip("mã \"" + code.substr(0, 40) + "\" không dùng được");
                continue;
            }
            if (name.empty() || name.size() > kMaxName) {
                skip(code + ": tên trống hoặc quá dài");
                continue;
            }
            if (!seen.insert(code).second) {
                skip(code + ": có hai lần trong danh bạ");
                continue;
            }
            Office* office = offices.find(code);
            if (office == nullptr) {
                Office added;
                added.code = code;
                added.name = name;
                added.peer = axisName;
                office = &offices.add(storage_, added);
                ++result.added;
            } else if (office->isLocal() || office->peer != axisName) {
                ++result.kept; // hosted here, or reached directly: the administrator's choice
            } else if (office->dissolved() || office->name != name) {
                office->name = name; // renamed, or listed again after it was an old code
                office->dissolvedOn.clear();
                office->successorId.reset();
                storage_.updateOffice(*office);
                ++result.updated;
            } else {
                ++result.unchanged;
            }
            if (!office->isLocal() && office->peer == axisName && entry.parentCode) {
                parents.emplace_back(code, trimmed(*entry.parentCode));
            }
            const Id successor = office->id;
            for (const auto& raw : entry.oldCodes) {
                const std::string old = trimmed(raw);
                if (old == code || !usableOfficeCode(old) || current.count(old) != 0) {
                    continue;
                }
                Office* before = offices.find(old);
                if (before == nullptr) {
                    Office kept;
                    kept.code = old;
                    kept.name = name;
                    kept.peer = axisName;
                    kept.dissolvedOn = today;
                    kept.successorId = successor;
                    offices.add(storage_, kept);
                    ++result.oldCodes;
                } else if (!before->isLocal() && before->peer == axisName &&
                           before->successorId != successor) {
                    if (before->dissolvedOn.empty()) {
                        before->dissolvedOn = today;
                    }
                    before->successorId = successor;
                    storage_.updateOffice(*before);
                    ++result.oldCodes;
                }
            }
        }
        // The tree, once every listed office is in: each office of the axis under its parent.
        for (const auto& [code, parentCode] : parents) {
            Office* office = offices.find(code);
            std::optional<Id> parent;
            if (!parentCode.empty()) {
                const Office* above = offices.current(parentCode);
                if (above == nullptr || offices.leadsTo(above, office->id)) {
                    ++result.parentsUnknown;
                    if (result.problems.size() < kMaxProblems) {
                        result.problems.push_back(
                            code + ": cơ quan cấp trên \"" + parentCode.substr(0, 40) + "\" " +
                            (above == nullptr ? "không có trong danh bạ"
                                              : "lại trực thuộc cơ quan này") +
                            ", giữ nguyên");
                    }
                    continue;
                }
                parent = above->id;
            }
            if (office->parentId != parent) {
                office->parentId = parent;
                storage_.updateOffice(*office);
                ++result.parents;
            }
        }
        audit_.record({std::nullopt, who, "directory-sync", "directory", "",
                       "Danh bạ trục liên thông: " + std::to_string(result.listed) +
                           " cơ quan; thêm " + std::to_string(result.added) + ", đổi tên " +
                           std::to_string(result.updated) + ", mã cũ giữ lại " +
                           std::to_string(result.oldCodes) + ", đổi cơ quan cấp trên " +
                           std::to_string(result.parents) + ", bỏ qua " +
                           std::to_string(result.skipped) + "."});
    });
    return result;
}

std::optional<Office> currentOffice(const Storage& storage, const std::string& code) {
    const auto all = storage.offices();
    const auto byId = [&](Id id) -> const Office* {
        for (const auto& office : all) {
            if (office.id == id) {
                return &office;
            }
        }
        return nullptr;
    };
    const Office* office = nullptr;
    for (const auto& candidate : all) {
        if (candidate.code == code) {
            office = &candidate;
        }
    }
    for (int step = 0; office != nullptr && office->dissolved() && office->successorId && step < 16;
         ++step) {
        const Office* next = byId(*office->successorId);
        if (next == nullptr) {
            break;
        }
        office = next;
    }
    return office ? std::optional<Office>(*office) : std::nullopt;
}

} // namespace vanthu::docmgmt
