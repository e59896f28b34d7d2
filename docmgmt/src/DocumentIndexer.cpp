#include "vanthu/docmgmt/DocumentIndexer.hpp"

#include <map>
#include <set>

namespace vanthu::docmgmt {

namespace {

constexpr int kBatch = 5000; // audit entries read per step

/// "outgoing/7" → {"outgoing", 7}.
std::optional<std::pair<std::string, Id>> splitKey(const std::string& key) {
    const auto slash = key.find('/');
    if (slash == std::string::npos) {
        return std::nullopt;
    }
    try {
        return std::pair{key.substr(0, slash), static_cast<Id>(std::stoll(key.substr(slash + 1)))};
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

} // namespace

DocumentIndexer::DocumentIndexer(const Storage& storage, const std::filesystem::path& folder)
    : storage_(storage), index_(std::make_unique<search::SearchIndex>(folder)) {}

DocumentIndexer::~DocumentIndexer() = default;

std::filesystem::path DocumentIndexer::folderIn(const std::filesystem::path& dataDir) {
    return dataDir / "search";
}

void DocumentIndexer::addSource(std::unique_ptr<SearchSource> source) {
    sources_.push_back(std::move(source));
}

const SearchSource* DocumentIndexer::sourceOf(const std::string& kind) const {
    for (const auto& source : sources_) {
        if (source->kind() == kind) {
            return source.get();
        }
    }
    return nullptr;
}

bool DocumentIndexer::behind() const {
    const auto last = storage_.lastAudit();
    return last && last->seq > index_->lastSeq();
}

std::size_t
DocumentIndexer::catchUp(const std::function<void(std::int64_t, std::int64_t)>& progress) {
    std::lock_guard lock(catchUpMutex_);
    std::size_t changed = 0;
    if (index_->missingScanMarks()) {
        // An index made before scans were marked: the documents that may hold scans are put
        // again (a few in most offices), not the whole index rebuilt.
        for (const auto& source : sources_) {
            if (source->holdsScans()) {
                for (const auto& key : index_->keysOfKind(source->kind())) {
                    if (const auto split = splitKey(key)) {
                        reload(*source, split->second);
                        ++changed;
                    }
                }
            }
        }
        index_->scanMarksComplete();
        index_->commit(index_->lastSeq());
    }
    std::int64_t read = 0;
    for (;;) {
        const auto records = storage_.auditRecords(index_->lastSeq(), kBatch);
        if (records.empty()) {
            break;
        }
        // Each object once per batch, whatever happened to it.
        std::set<std::pair<const SearchSource*, Id>> objects;
        for (const auto& record : records) {
            for (const auto& source : sources_) {
                const auto prefix = source->auditPrefix();
                if (record.object.size() > prefix.size() &&
                    record.object.compare(0, prefix.size(), prefix) == 0) {
                    try {
                        objects.insert({source.get(), static_cast<Id>(std::stoll(
                                                          record.object.substr(prefix.size())))});
                    } catch (const std::exception&) {
                        // Not an id: not a document of this kind.
                    }
                }
            }
        }
        // A case file changed (a document filed or taken out, its title): its documents again,
        // those the index holds as filed in it and those filed in it now.
        std::set<std::string> keys;
        for (const auto& record : records) {
            constexpr std::string_view kCaseFile = "casefile/";
            if (record.object.size() > kCaseFile.size() &&
                record.object.compare(0, kCaseFile.size(), kCaseFile) == 0) {
                const auto fileId = record.object.substr(kCaseFile.size());
                for (auto& key : index_->keysInCaseFile(fileId)) {
                    keys.insert(std::move(key));
                }
                try {
                    for (const auto& item : storage_.caseFileItems(std::stoll(fileId))) {
                        keys.insert(item.kind + "/" + std::to_string(item.documentId));
                    }
                } catch (const std::exception&) {
                    // Not an id: not a case file.
                }
            }
        }
        for (const auto& key : keys) {
            const auto split = splitKey(key);
            if (const auto* source = split ? sourceOf(split->first) : nullptr) {
                objects.insert({source, split->second});
            }
        }
        for (const auto& [source, id] : objects) {
            reload(*source, id);
            ++changed;
        }
        read += static_cast<std::int64_t>(records.size());
        index_->commit(records.back().seq);
        if (progress) {
            progress(read, records.back().seq);
        }
    }
    return changed;
}

void DocumentIndexer::reload(const SearchSource& source, Id id) {
    if (const auto doc = source.load(id)) {
        index_->put(*doc);
    } else {
        index_->remove(source.kind() + "/" + std::to_string(id));
    }
}

void DocumentIndexer::refresh(const std::vector<std::string>& keys) {
    std::lock_guard lock(catchUpMutex_);
    for (const auto& key : keys) {
        const auto split = splitKey(key);
        if (const auto* source = split ? sourceOf(split->first) : nullptr) {
            reload(*source, split->second);
        }
    }
    index_->commit(index_->lastSeq());
}

search::SearchResults DocumentIndexer::search(const User& user, search::SearchQuery query) {
    query.readers = readerTokens(user);
    if (query.readers.empty()) {
        return {};
    }
    if (behind()) {
        catchUp();
    }
    auto results = index_->search(query);
    // The index filtered by access tokens; the rules have the last word on each result.
    std::vector<search::SearchHit> allowed;
    for (auto& hit : results.hits) {
        const auto key = splitKey(hit.document.key);
        const auto* source = key ? sourceOf(key->first) : nullptr;
        if (source && source->canSee(user, key->second)) {
            allowed.push_back(std::move(hit));
        } else if (results.total > 0) {
            --results.total;
        }
    }
    results.hits = std::move(allowed);
    return results;
}

} // namespace vanthu::docmgmt
