#pragma once
// Where the search index gets one kind of document (outgoing, incoming, imported, …): the
// DocumentIndexer follows the audit trail and asks the source of each object it sees for the
// document's text and fields, and asks it again, at search time, whether the user may see each
// result (docs/search.md). A new kind of document plugs in with a source of its own.
#include <optional>
#include <string>
#include <vector>

#include "vanthu/docmgmt/Directory.hpp"
#include "vanthu/search/SearchIndex.hpp"

namespace vanthu::docmgmt {

class SearchSource {
public:
    virtual ~SearchSource() = default;

    /// The kind, also the first part of index keys: "outgoing" → "outgoing/7".
    virtual std::string kind() const = 0;
    /// How the audit trail names this kind's documents: "document/" for "document/7".
    virtual std::string auditPrefix() const = 0;
    /// The document as the index keeps it (kind, key, fields, text, readers), or nothing when it
    /// no longer exists.
    virtual std::optional<search::IndexedDocument> load(Id id) const = 0;
    /// The access rules, checked on every result: whether the user may see the document now.
    virtual bool canSee(const User& user, Id id) const = 0;
    /// Whether its documents may hold scanned PDFs (bản quét) read by OCR later (ScanReader).
    virtual bool holdsScans() const { return false; }
};

/// Access tokens (stored in the index, matched at search time): a user's own token and their
/// office-and-role token. Sources list the tokens that may see a document.
std::string userReaderToken(Id userId);                  ///< "u7"
std::string roleReaderToken(Id officeId, Role role);     ///< "r3:leader"
std::vector<std::string> readerTokens(const User& user); ///< none for inactive users and admins

class Storage;
/// The case files (hồ sơ) a document of that kind is filed in, for the index (code and title
/// are searched; the id finds the document again when the file changes). A file limited to
/// named people is given by its id only (no code, no title).
std::vector<search::IndexedCaseFile> indexedCaseFiles(const Storage& storage,
                                                      const std::string& kind, Id documentId);
/// An urgency code as the index keeps it: "khan" → "Khẩn", "thuong-khan" → "Thượng khẩn",
/// "hoa-toc" → "Hỏa tốc" (the filter folds both to the same words).
std::string indexedUrgency(const std::string& code);
/// A user's full name for the index ("" when unknown).
std::string indexedUserName(const Storage& storage, std::optional<Id> userId);

} // namespace vanthu::docmgmt
