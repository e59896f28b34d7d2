#pragma once
// Keeps the search index (DIR/search, a derived store) current with the database and answers
// searches with the access rules applied (docs/search.md).
//
// Keeping current: every change writes an audit entry naming its object ("document/7"); the
// indexer reads the entries after the last one it indexed (kept in the index), asks the source
// of each named object for the document, and commits the index with the new last entry. A
// missing index is rebuilt the same way, from the first entry.
//
// Searching: the user's access tokens filter the query inside the index, then each result is
// checked again with its source's access rules before it is returned.
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "vanthu/docmgmt/SearchSource.hpp"
#include "vanthu/docmgmt/Storage.hpp"
#include "vanthu/search/SearchIndex.hpp"

namespace vanthu::docmgmt {

class DocumentIndexer {
public:
    /// Opens (creating when missing) the index in `folder`; throws search::IndexError.
    DocumentIndexer(const Storage& storage, const std::filesystem::path& folder);
    ~DocumentIndexer();

    static std::filesystem::path folderIn(const std::filesystem::path& dataDir); ///< DIR/search

    void addSource(std::unique_ptr<SearchSource> source);

    /// Indexes what the audit trail recorded since the last call; returns the number of
    /// documents (re)indexed or removed. progress(entriesRead, lastSeq) is called per batch.
    std::size_t catchUp(const std::function<void(std::int64_t, std::int64_t)>& progress = {});
    /// Puts these documents ("incoming/7") into the index again as their sources give them now
    /// (the ScanReader, once a scan's text is known); a key of no source is skipped.
    void refresh(const std::vector<std::string>& keys);
    /// Whether the audit trail has entries the index has not seen.
    bool behind() const;

    /// Searches as this user: catches up first, filters by the user's tokens, re-checks every
    /// result with the source's access rules. query.readers is set here.
    search::SearchResults search(const User& user, search::SearchQuery query);

    search::SearchIndex& index() { return *index_; }

private:
    const SearchSource* sourceOf(const std::string& kind) const;
    /// Puts or removes one document as its source gives it now.
    void reload(const SearchSource& source, Id id);

    const Storage& storage_;
    std::unique_ptr<search::SearchIndex> index_;
    std::vector<std::unique_ptr<SearchSource>> sources_;
    std::mutex catchUpMutex_;
};

} // namespace vanthu::docmgmt
