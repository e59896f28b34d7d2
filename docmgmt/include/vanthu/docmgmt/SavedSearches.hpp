#pragma once
// Saved searches (NĐ 30 Phụ lục VI 6e) and their chosen columns (6đ): each user keeps their own
// and may share one with their office; only its owner changes or removes it. Administrators
// search nothing and keep none. What is saved is bounded (name, query, columns, how many).
#include <optional>
#include <vector>

#include "vanthu/docmgmt/SavedSearch.hpp"
#include "vanthu/docmgmt/Storage.hpp"
#include "vanthu/docmgmt/VietnamTime.hpp"

namespace vanthu::docmgmt {

/// What a user sends to save a search.
struct SavedSearchInput {
    std::string name, query, columns;
    bool shared = false;
    /// The SavedSearch::version the update starts from: one from an older version (another tab
    /// saved it meanwhile) is refused with StaleVersion, nothing written; nothing: not checked.
    std::optional<int> baseVersion;
};

class SavedSearches {
public:
    static constexpr std::size_t kMaxName = 100;    ///< characters
    static constexpr std::size_t kMaxQuery = 2000;  ///< bytes of the query string
    static constexpr std::size_t kMaxColumns = 300; ///< bytes of the column list
    static constexpr std::size_t kMaxPerUser = 100; ///< saved searches a user owns

    explicit SavedSearches(Storage& storage, Clock clock = systemClock())
        : storage_(storage), clock_(std::move(clock)) {}

    /// The user's own and those shared in their office.
    std::vector<SavedSearch> list(const User& user) const;
    /// Throws NotFound when the user may not see it.
    SavedSearch find(const User& user, Id id) const;
    /// Throws InvalidInput (a Vietnamese sentence naming the field), Conflict for a name the
    /// user already gave another of theirs, Forbidden for an administrator.
    SavedSearch create(const User& user, const SavedSearchInput& input);
    /// Only by its owner: Forbidden for others who see it (shared), NotFound for the rest;
    /// raises its version.
    SavedSearch update(const User& user, Id id, const SavedSearchInput& input);
    void remove(const User& user, Id id);

private:
    void check(const User& user, const SavedSearchInput& input, Id except) const;
    SavedSearch owned(const User& user, Id id) const;

    Storage& storage_;
    Clock clock_;
};

} // namespace vanthu::docmgmt
