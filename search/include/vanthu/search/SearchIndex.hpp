#pragma once
// The full-text index (chỉ mục tìm kiếm) of every document, on Xapian 1.4 (docs/search.md):
// each word is indexed twice, folded (no marks, with positions, for phrases) and exact (lower
// case with its marks, prefix "E"), so a query typed without diacritics finds both and a query
// typed with them ranks exact matches first. Filters and access tokens are boolean terms; the
// date is a value for ranges and sorting. The index is a derived store: it can always be rebuilt
// from the database.
//
// One writer at a time (calls are serialised inside); searches may run from any number of
// threads at once.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace vanthu::search {

/// A case file (hồ sơ) a document is filed in, as the index keeps it.
struct IndexedCaseFile {
    std::string id;    ///< the case file's id ("12"): its documents are found again when it changes
    std::string code;  ///< số và ký hiệu hồ sơ: "HS-01"
    std::string title; ///< tiêu đề hồ sơ
    bool operator==(const IndexedCaseFile&) const = default;
};

/// What the index keeps of one document. `key` is unique ("outgoing/7").
struct IndexedDocument {
    std::string key;
    std::string kind;         ///< "outgoing", "incoming", "archived", …
    std::string registerName; ///< sổ: "outgoing" (văn bản đi), "incoming" (văn bản đến)
    std::string notation;     ///< số và ký hiệu: "753-CV/ĐU", "05/UBND-NV"
    std::string typeCode;     ///< "CV", "QĐ"
    std::string typeName;     ///< "Công văn"
    std::string issuer;       ///< cơ quan ban hành
    std::string signer;       ///< người ký
    std::string status;       ///< "draft", "issued", …
    std::string secrecy;      ///< độ mật: "", "MẬT", "TỐI MẬT"
    std::string date;         ///< ISO date: of issue, else of the latest change
    std::string subject;      ///< trích yếu
    std::string text;         ///< the body's text (snippets are cut from it)
    std::string arrivalNumber; ///< số đến (incoming, once registered): "15"
    std::string handler;       ///< người xử lý: the assignee, or the drafter (outgoing)
    std::string deadline;      ///< hạn xử lý (ISO date), may be empty
    std::vector<std::string> recipients; ///< nơi nhận
    std::vector<IndexedCaseFile> caseFiles;
    std::string urgency; ///< độ khẩn: "", "Khẩn", "Thượng khẩn", "Hỏa tốc"
    /// Access tokens: a user sees the document when one of their tokens is here (the tokens are
    /// docmgmt's business: "u7", "r3:leader", …). Not returned by searches.
    std::vector<std::string> readers;
    /// The blob name of the document's PDF when it has scanned pages (bản quét) whose text was
    /// not read yet: the index keeps the document findable by its metadata and lists it among
    /// unreadScans() until it is put again with the text. Not returned by searches.
    std::string unreadScan;
};

/// A PDF whose scanned pages wait for OCR, and the keys of the documents that hold it.
struct UnreadScan {
    std::string blob;
    std::vector<std::string> keys;
};

enum class SortOrder { Relevance, Newest, Oldest };

struct SearchQuery {
    /// Words, "quoted phrases", prefix* and numbers with notation ("753-CV/ĐU"). All must match.
    std::string text;
    /// Search as you type: the last word, when the text does not end in a space, is a prefix.
    bool lastWordIsPrefix = false;
    /// Required: the searcher's access tokens (nothing is found without one).
    std::vector<std::string> readers;
    // Filters; empty means any.
    std::string typeCode, issuer, registerName, signer, status, secrecy;
    /// Exact: the arrival number ("15"); urgency by its words ("none" or "-": not urgent).
    std::string arrivalNumber, urgency;
    /// Every word given must be in the field (any order, with or without marks): the handler's
    /// name, one of the recipients, a case file's code or title.
    std::string handler, recipient, caseFile;
    std::string deadlineFrom, deadlineTo; ///< ISO dates, inclusive: documents with a deadline
    std::string dateFrom, dateTo;         ///< ISO dates, inclusive
    std::optional<int> year;              ///< shorthand for dateFrom/dateTo of one year
    SortOrder sort = SortOrder::Relevance;
    int offset = 0;
    int limit = 20;
};

/// A piece of a snippet; `match` pieces are the words the query found.
struct SnippetPart {
    std::string text;
    bool match = false;
    bool operator==(const SnippetPart&) const = default;
};

struct SearchHit {
    IndexedDocument document; ///< without text and readers
    double weight = 0;
    std::vector<SnippetPart> subject; ///< the subject with the query's words marked
    std::vector<SnippetPart> snippet; ///< a passage of the text around the query's words
};

struct SearchResults {
    std::uint64_t total = 0; ///< matches (an estimate when exact is false)
    bool exact = true;
    std::vector<SearchHit> hits;
};

class SearchIndex {
public:
    /// Opens the index in `folder`, creating it when missing. Throws IndexError when another
    /// process holds it for writing.
    explicit SearchIndex(const std::filesystem::path& folder);
    ~SearchIndex();
    SearchIndex(const SearchIndex&) = delete;
    SearchIndex& operator=(const SearchIndex&) = delete;

    /// Whether an index was ever committed in `folder`.
    static bool existsIn(const std::filesystem::path& folder);

    /// Adds or replaces the document with the same key (seen by searches after commit()).
    void put(const IndexedDocument& document);
    void remove(const std::string& key);
    /// Makes the changes visible and durable, remembering the last audit entry they cover.
    void commit(std::int64_t lastSeq);
    /// The lastSeq of the last commit (0 for a new index).
    std::int64_t lastSeq() const;
    std::uint64_t documentCount() const;
    /// Bytes on disk.
    std::uint64_t sizeOnDisk() const;

    SearchResults search(const SearchQuery& query) const;
    /// The stored fields of one document, if indexed.
    std::optional<IndexedDocument> find(const std::string& key) const;
    /// Up to `limit` PDFs put with an unreadScan, in the order of their blob names.
    std::vector<UnreadScan> unreadScans(std::size_t limit) const;
    /// Whether the documents that may hold scans are to be put again (their keys: keysOfKind),
    /// then scanMarksComplete() and a commit. False since format 4: an index of format 2 (before
    /// scan marks) is rebuilt whole, as every index older than the fields of format 4.
    bool missingScanMarks() const;
    std::vector<std::string> keysOfKind(const std::string& kind) const;
    /// The keys of the documents indexed as filed in that case file (IndexedCaseFile::id).
    std::vector<std::string> keysInCaseFile(const std::string& caseFileId) const;
    void scanMarksComplete();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// The index cannot be opened or used; what() says what to do.
class IndexError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace vanthu::search
