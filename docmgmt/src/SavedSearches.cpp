#include "vanthu/docmgmt/SavedSearches.hpp"

#include <algorithm>

#include "vanthu/docmgmt/Errors.hpp"

namespace vanthu::docmgmt {

namespace {

std::size_t characters(const std::string& text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

bool searches(const User& user) {
    return user.active && user.role != Role::Administrator;
}

} // namespace

std::vector<SavedSearch> SavedSearches::list(const User& user) const {
    if (!searches(user)) {
        return {};
    }
    return storage_.savedSearches(user.officeId, user.id);
}

SavedSearch SavedSearches::find(const User& user, Id id) const {
    const auto found = storage_.findSavedSearch(id);
    if (!found || !searches(user) ||
        (found->ownerId != user.id && !(found->shared && found->officeId == user.officeId))) {
        throw NotFound("Không có tìm kiếm đã lưu này.");
    }
    return *found;
}

SavedSearch SavedSearches::owned(const User& user, Id id) const {
    const auto found = find(user, id);
    if (found.ownerId != user.id) {
        throw Forbidden("Chỉ người lưu tìm kiếm này được sửa hoặc xóa nó.");
    }
    return found;
}

void SavedSearches::check(const User& user, const SavedSearchInput& input, Id except) const {
    if (!searches(user)) {
        throw Forbidden("Quản trị hệ thống không tìm kiếm văn bản.");
    }
    const auto name = characters(input.name);
    if (name == 0 || input.name.find_first_not_of(" \t") == std::string::npos) {
        throw InvalidInput("name", "Xin đặt tên cho tìm kiếm.");
    }
    if (name > kMaxName) {
        throw InvalidInput("name", "Tên tìm kiếm dài quá " + std::to_string(kMaxName) + " ký tự.");
    }
    if (input.query.size() > kMaxQuery) {
        throw InvalidInput("query",
                           "Điều kiện tìm kiếm dài quá " + std::to_string(kMaxQuery) + " ký tự.");
    }
    if (input.columns.size() > kMaxColumns) {
        throw InvalidInput("columns",
                           "Danh sách cột dài quá " + std::to_string(kMaxColumns) + " ký tự.");
    }
    std::size_t own = 0;
    for (const auto& saved : storage_.savedSearches(user.officeId, user.id)) {
        if (saved.ownerId != user.id || saved.id == except) {
            continue;
        }
        ++own;
        if (saved.name == input.name) {
            throw Conflict("Bạn đã có tìm kiếm tên “" + input.name + "”.");
        }
    }
    if (except == 0 && own >= kMaxPerUser) {
        throw InvalidInput("name", "Mỗi người lưu được tối đa " + std::to_string(kMaxPerUser) +
                                       " tìm kiếm; xin xóa bớt.");
    }
}

SavedSearch SavedSearches::create(const User& user, const SavedSearchInput& input) {
    check(user, input, 0);
    SavedSearch saved;
    saved.officeId = user.officeId;
    saved.ownerId = user.id;
    saved.name = input.name;
    saved.query = input.query;
    saved.columns = input.columns;
    saved.shared = input.shared;
    saved.createdAt = saved.updatedAt = vietnamTimestamp(clock_());
    saved.id = storage_.addSavedSearch(saved);
    return saved;
}

SavedSearch SavedSearches::update(const User& user, Id id, const SavedSearchInput& input) {
    SavedSearch saved;
    storage_.transaction([&] {
        saved = owned(user, id);
        if (input.baseVersion && *input.baseVersion != saved.version) {
            // Only its owner saves it: another of their windows did, when it was last updated.
            const auto owner = storage_.findUser(saved.ownerId);
            throw StaleVersion::of("Tìm kiếm “" + saved.name + "”", saved.version,
                                   *input.baseVersion, owner ? owner->fullName : std::string(),
                                   saved.updatedAt);
        }
        check(user, input, id);
        saved.name = input.name;
        saved.query = input.query;
        saved.columns = input.columns;
        saved.shared = input.shared;
        saved.updatedAt = vietnamTimestamp(clock_());
        saved.version += 1;
        storage_.updateSavedSearch(saved);
    });
    return saved;
}

void SavedSearches::remove(const User& user, Id id) {
    owned(user, id);
    storage_.removeSavedSearch(id);
}

} // namespace vanthu::docmgmt
