#include "vanthu/search/SearchIndex.hpp"

#include <xapian.h>

#include <mutex>
#include <shared_mutex>

#include "vanthu/search/Folding.hpp"
#include "vanthu/search/Highlighter.hpp"
#include "vanthu/search/QueryText.hpp"

namespace vanthu::search {

namespace {

// Term prefixes (Xapian's convention: upper case; the folded words have none).
constexpr const char* kKey = "Q";           // unique key
constexpr const char* kExact = "E";         // exact word: lower case with its marks
constexpr const char* kNotation = "N";      // the document's own number and notation
constexpr const char* kReferenced = "R";    // a notation the text mentions
constexpr const char* kType = "T";          // type code, folded
constexpr const char* kIssuer = "I";        // issuing body, folded
constexpr const char* kSigner = "S";        // signer, folded
constexpr const char* kRegister = "G";      // register
constexpr const char* kStatus = "XST";      // status
constexpr const char* kSecrecy = "XM";      // secrecy, folded ("none" for none)
constexpr const char* kKind = "XK";         // kind
constexpr const char* kYear = "Y";          // year
constexpr const char* kReader = "A";        // access token
constexpr const char* kUnreadScan = "XO";   // the blob of a PDF whose scanned pages wait for OCR
constexpr const char* kArrival = "XAN";     // arrival number, folded
constexpr const char* kHandler = "XH";      // a word of the handler's name, folded
constexpr const char* kRecipient = "XR";    // a word of a recipient, folded
constexpr const char* kCaseFileWord = "XF"; // a word of a case file's code or title, folded
constexpr const char* kCaseFileId = "XFI";  // a case file's id (words are lower case: no clash)
constexpr const char* kUrgency = "XU";      // urgency, folded ("none" for none)
constexpr const char* kStart = "P"; // the first 1–3 letters of a folded word (short prefixes)
constexpr std::size_t kStartLetters = 3; // prefixes up to this length are one term, not expanded
constexpr Xapian::valueno kDateSlot = 0; // ISO date
constexpr Xapian::valueno kDeadlineSlot = 1; // ISO date of the deadline
constexpr const char* kLastSeqKey = "vanthu.last-seq";
// What the index holds; an index of another format is emptied and rebuilt from the audit trail.
// 2: the start terms (P) for short prefixes. 3: unread scans (XO); a format 2 index was kept and
// only its documents that may hold scans put again. 4: arrival number, handler, deadline,
// recipients, case files, urgency; every document lacks them before, so an index of format 2 or
// 3 is rebuilt like any older one (missingScanMarks stays false).
constexpr const char* kFormatKey = "vanthu.format";
constexpr const char* kFormat = "4";
constexpr std::size_t kMaxTermBytes = 200; // Xapian refuses terms over 245 bytes
constexpr Xapian::termpos kFieldGap = 100; // phrases never span two fields
constexpr Xapian::termcount kPrefixExpansion = 64;
// Documents put between two writes to disk. Xapian buffers each posting in a std::map node until
// it writes (by default every 10,000 documents); with ~700 terms a letter those maps outgrow the
// caches, and measured on 10,000 letters 1,000 builds twice as fast per CPU second.
constexpr int kPutsPerFlush = 1000;
constexpr double kExactBoost = 2.0;
constexpr double kOwnNotationBoost = 50.0;

std::string clip(std::string term) {
    if (term.size() > kMaxTermBytes) {
        term.resize(kMaxTermBytes);
        // Do not leave half a UTF-8 sequence at the end.
        while (!term.empty() && (static_cast<unsigned char>(term.back()) & 0xC0) == 0x80) {
            term.pop_back();
        }
        if (!term.empty() && static_cast<unsigned char>(term.back()) >= 0xC0) {
            term.pop_back();
        }
    }
    return term;
}

std::string filterValue(std::string_view text) {
    std::string value;
    for (const auto& token : tokenize(text)) {
        if (!value.empty()) {
            value += ' ';
        }
        value += token.folded;
    }
    return clip(value);
}

// The stored fields, each as a decimal length, ':' and the bytes.
void putField(std::string& out, const std::string& value) {
    out += std::to_string(value.size());
    out += ':';
    out += value;
}

std::string getField(const std::string& in, std::size_t& at) {
    const auto colon = in.find(':', at);
    if (colon == std::string::npos) {
        at = in.size();
        return {};
    }
    const auto length = std::stoul(in.substr(at, colon - at));
    std::string value = in.substr(colon + 1, length);
    at = colon + 1 + length;
    return value;
}

std::string serialise(const IndexedDocument& d) {
    std::string out;
    out.reserve(d.text.size() + d.subject.size() + 256);
    for (const auto* field :
         {&d.key, &d.kind, &d.registerName, &d.notation, &d.typeCode, &d.typeName, &d.issuer,
          &d.signer, &d.status, &d.secrecy, &d.date, &d.subject, &d.text, &d.arrivalNumber,
          &d.handler, &d.deadline, &d.urgency}) {
        putField(out, *field);
    }
    std::string recipients, caseFiles;
    for (const auto& recipient : d.recipients) {
        putField(recipients, recipient);
    }
    for (const auto& file : d.caseFiles) {
        putField(caseFiles, file.id);
        putField(caseFiles, file.code);
        putField(caseFiles, file.title);
    }
    putField(out, recipients);
    putField(out, caseFiles);
    return out;
}

IndexedDocument unserialise(const std::string& in) {
    IndexedDocument d;
    std::size_t at = 0;
    for (auto* field : {&d.key, &d.kind, &d.registerName, &d.notation, &d.typeCode, &d.typeName,
                        &d.issuer, &d.signer, &d.status, &d.secrecy, &d.date, &d.subject, &d.text,
                        &d.arrivalNumber, &d.handler, &d.deadline, &d.urgency}) {
        *field = getField(in, at);
    }
    const auto recipients = getField(in, at);
    for (std::size_t r = 0; r < recipients.size();) {
        d.recipients.push_back(getField(recipients, r));
    }
    const auto caseFiles = getField(in, at);
    for (std::size_t c = 0; c < caseFiles.size();) {
        IndexedCaseFile file;
        file.id = getField(caseFiles, c);
        file.code = getField(caseFiles, c);
        file.title = getField(caseFiles, c);
        d.caseFiles.push_back(std::move(file));
    }
    return d;
}

/// Byte length of the first `letters` code points of a UTF-8 word (all of it when shorter).
std::size_t startBytes(std::string_view word, std::size_t letters) {
    std::size_t at = 0;
    for (std::size_t n = 0; n < letters && at < word.size(); ++n) {
        ++at;
        while (at < word.size() && (static_cast<unsigned char>(word[at]) & 0xC0) == 0x80) {
            ++at;
        }
    }
    return at;
}

std::size_t letterCount(std::string_view word) {
    std::size_t n = 0;
    for (const char ch : word) {
        n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80 ? 1 : 0;
    }
    return n;
}

/// Indexes the words of one field: folded with positions, exact when it differs, and the
/// folded word's first 1, 2 and 3 letters (P), so that a short prefix is one posting list
/// instead of an expansion to thousands of words.
void indexText(Xapian::Document& doc, std::string_view text, Xapian::termpos& pos,
               Xapian::termcount wdf) {
    std::string term;
    for (const auto& token : tokenize(text)) {
        const std::string folded = clip(token.folded);
        doc.add_posting(folded, ++pos, wdf);
        if (token.exact != token.folded) {
            term.assign(kExact);
            term += clip(token.exact);
            doc.add_term(term, wdf);
        }
        std::size_t previous = 0;
        for (std::size_t letters = 1; letters <= kStartLetters; ++letters) {
            const auto bytes = startBytes(folded, letters);
            if (bytes == previous) {
                break;
            }
            previous = bytes;
            term.assign(kStart);
            term.append(folded, 0, bytes);
            doc.add_term(term, wdf);
        }
    }
    pos += kFieldGap;
}

/// Each folded word of the text as a boolean term with the prefix (a field searched by its words).
void addWordTerms(Xapian::Document& doc, const char* prefix, std::string_view text) {
    for (const auto& token : tokenize(text)) {
        doc.add_boolean_term(prefix + clip(token.folded));
    }
}

/// Every folded word of the value as a term with the prefix (all must match); nothing when the
/// value has no words.
std::vector<Xapian::Query> wordFilters(const char* prefix, std::string_view value) {
    std::vector<Xapian::Query> terms;
    for (const auto& token : tokenize(value)) {
        terms.emplace_back(prefix + clip(token.folded));
    }
    return terms;
}

Xapian::Document toXapian(const IndexedDocument& d) {
    Xapian::Document doc;
    Xapian::termpos pos = 0;
    indexText(doc, d.subject, pos, 3);
    indexText(doc, d.text, pos, 1);
    indexText(doc, d.issuer, pos, 1);
    indexText(doc, d.signer, pos, 1);
    indexText(doc, d.typeName, pos, 1);
    if (!d.notation.empty()) {
        doc.add_term(kNotation + clip(notationKey(d.notation)), 1);
        indexText(doc, d.notation, pos, 1);
    }
    for (const auto& referenced : notationsIn(d.text)) {
        doc.add_term(kReferenced + clip(notationKey(referenced)), 1);
    }
    doc.add_boolean_term(kKey + d.key);
    doc.add_boolean_term(kKind + d.kind);
    doc.add_boolean_term(kRegister + filterValue(d.registerName));
    doc.add_boolean_term(kType + filterValue(d.typeCode));
    doc.add_boolean_term(kIssuer + filterValue(d.issuer));
    doc.add_boolean_term(kSigner + filterValue(d.signer));
    doc.add_boolean_term(kStatus + filterValue(d.status));
    doc.add_boolean_term(kSecrecy +
                         (d.secrecy.empty() ? std::string("none") : filterValue(d.secrecy)));
    if (d.date.size() >= 4) {
        doc.add_boolean_term(kYear + d.date.substr(0, 4));
    }
    for (const auto& reader : d.readers) {
        doc.add_boolean_term(kReader + clip(reader));
    }
    if (!d.unreadScan.empty()) {
        doc.add_boolean_term(kUnreadScan + clip(d.unreadScan));
    }
    if (!d.arrivalNumber.empty()) {
        doc.add_boolean_term(kArrival + filterValue(d.arrivalNumber));
    }
    addWordTerms(doc, kHandler, d.handler);
    for (const auto& recipient : d.recipients) {
        addWordTerms(doc, kRecipient, recipient);
    }
    for (const auto& file : d.caseFiles) {
        doc.add_boolean_term(kCaseFileId + clip(file.id));
        addWordTerms(doc, kCaseFileWord, file.code);
        addWordTerms(doc, kCaseFileWord, file.title);
    }
    doc.add_boolean_term(kUrgency +
                         (d.urgency.empty() ? std::string("none") : filterValue(d.urgency)));
    if (!d.deadline.empty()) {
        doc.add_value(kDeadlineSlot, d.deadline);
    }
    doc.add_value(kDateSlot, d.date);
    doc.set_data(serialise(d));
    return doc;
}

Xapian::Query termQuery(const std::string& term) {
    return Xapian::Query(clip(term));
}

/// The matching part of the query; `boost` collects exact terms of words typed with marks.
Xapian::Query clauseQuery(const QueryClause& clause, const Xapian::Database& db,
                          std::vector<Xapian::Query>& boost) {
    auto addBoost = [&](const Token& word) {
        if (word.exact != word.folded) {
            boost.push_back(termQuery(kExact + word.exact));
        }
    };
    switch (clause.kind) {
    case QueryClause::Kind::Word:
        addBoost(clause.words.front());
        return termQuery(clause.words.front().folded);
    case QueryClause::Kind::Prefix: {
        addBoost(clause.words.front());
        const auto& folded = clause.words.front().folded;
        if (letterCount(folded) <= kStartLetters) {
            // One term holding every word that starts so: all of them, one posting list.
            return termQuery(kStart + folded);
        }
        return Xapian::Query(Xapian::Query::OP_WILDCARD, clip(folded), kPrefixExpansion,
                             Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    }
    case QueryClause::Kind::Phrase: {
        std::vector<Xapian::Query> words;
        for (const auto& word : clause.words) {
            words.push_back(termQuery(word.folded));
            addBoost(word);
        }
        return Xapian::Query(Xapian::Query::OP_PHRASE, words.begin(), words.end(),
                             static_cast<Xapian::termcount>(words.size()));
    }
    case QueryClause::Kind::Notation: {
        const std::string own = kNotation + clip(clause.notation);
        const std::string referenced = kReferenced + clip(clause.notation);
        if (db.term_exists(own) || db.term_exists(referenced)) {
            return Xapian::Query(Xapian::Query::OP_OR,
                                 Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(own),
                                               kOwnNotationBoost),
                                 Xapian::Query(referenced));
        }
        // Not a notation the index knows: its words in a row ("05/UBND" of "05/UBND-NV").
        std::vector<Xapian::Query> words;
        for (const auto& word : clause.words) {
            words.push_back(termQuery(word.folded));
        }
        if (words.size() == 1) {
            return words.front();
        }
        return Xapian::Query(Xapian::Query::OP_PHRASE, words.begin(), words.end(),
                             static_cast<Xapian::termcount>(words.size()));
    }
    }
    return Xapian::Query(); // MatchNothing, made here: the static ones are not to be shared
}

} // namespace

struct SearchIndex::Impl {
    std::filesystem::path folder;
    mutable std::mutex writeMutex;
    std::unique_ptr<Xapian::WritableDatabase> writer;
    std::int64_t lastSeq = 0;
    int unflushed = 0;             ///< documents put or removed since the last write to disk
    bool missingScanMarks = false; ///< never set since format 4 (older indexes are rebuilt)

    /// Reads share the files; a write (put, remove, commit) has them alone. Xapian's readers
    /// are meant to detect a commit under them (DatabaseModifiedError), but a search running
    /// across a commit was seen to return nothing at all, without an error (1 in about 50,000
    /// searches, ConcurrentSearchTest). A writer first takes `turnstile`, so new reads wait
    /// behind it and a steady stream of searches cannot starve the indexer.
    mutable std::shared_mutex files;
    mutable std::mutex turnstile;
    mutable std::mutex poolMutex;
    mutable std::vector<std::unique_ptr<Xapian::Database>> readers;

    std::unique_lock<std::shared_mutex> writing() const {
        std::unique_lock waiting(turnstile);
        return std::unique_lock(files);
    }

    std::shared_lock<std::shared_mutex> reading() const {
        { std::lock_guard waiting(turnstile); }
        return std::shared_lock(files);
    }

    std::unique_ptr<Xapian::Database> takeReader() const {
        std::unique_ptr<Xapian::Database> reader;
        {
            std::lock_guard lock(poolMutex);
            if (!readers.empty()) {
                reader = std::move(readers.back());
                readers.pop_back();
            }
        }
        if (reader) {
            try {
                reader->reopen();
            } catch (const Xapian::DatabaseError&) {
                reader.reset(); // another process's writer moved on while it reopened
            }
        }
        if (!reader) {
            reader = openReader();
        }
        return reader;
    }

    /// A new reader. Opening can meet another process's commit (the blocks being read are
    /// recycled, seen as modified or even corrupt for a moment): again, a bounded number of times.
    std::unique_ptr<Xapian::Database> openReader() const {
        for (int attempt = 0;; ++attempt) {
            try {
                return std::make_unique<Xapian::Database>(folder.string());
            } catch (const Xapian::DatabaseError&) {
                if (attempt >= 20) {
                    throw;
                }
            }
        }
    }

    void giveBack(std::unique_ptr<Xapian::Database> reader) const {
        std::lock_guard lock(poolMutex);
        readers.push_back(std::move(reader));
    }

    /// A reader from the pool, up to date, with the files shared for as long as it lives;
    /// back to the pool at the end.
    class Lease {
    public:
        explicit Lease(const Impl& impl)
            : impl_(impl), reading_(impl.reading()), reader_(impl.takeReader()) {}
        ~Lease() {
            if (reader_) {
                impl_.giveBack(std::move(reader_));
            }
        }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;

        const Xapian::Database& operator*() const { return *reader_; }
        const Xapian::Database* operator->() const { return reader_.get(); }
        /// A fresh reader, when this one met a change it could not follow.
        void renew() { reader_ = impl_.openReader(); }

    private:
        const Impl& impl_;
        std::shared_lock<std::shared_mutex> reading_;
        std::unique_ptr<Xapian::Database> reader_;
    };
};

SearchIndex::SearchIndex(const std::filesystem::path& folder) : impl_(std::make_unique<Impl>()) {
    impl_->folder = folder;
    try {
        std::filesystem::create_directories(folder);
        impl_->writer =
            std::make_unique<Xapian::WritableDatabase>(folder.string(), Xapian::DB_CREATE_OR_OPEN);
        const auto format = impl_->writer->get_metadata(kFormatKey);
        if (impl_->writer->get_doccount() > 0 && format != kFormat) {
            // Made by an older vanthu: emptied, and the indexer rebuilds it from entry 1.
            impl_->writer.reset();
            impl_->writer = std::make_unique<Xapian::WritableDatabase>(
                folder.string(), Xapian::DB_CREATE_OR_OVERWRITE);
        }
        const auto seq = impl_->writer->get_metadata(kLastSeqKey);
        impl_->lastSeq = seq.empty() ? 0 : std::stoll(seq);
    } catch (const Xapian::DatabaseLockError&) {
        throw IndexError("The search index " + folder.string() +
                         " is in use by another vanthu process (a running server?); stop it "
                         "and try again.");
    } catch (const Xapian::Error& e) {
        throw IndexError("The search index " + folder.string() + " cannot be opened (" +
                         e.get_description() + "); remove the folder and it is rebuilt.");
    }
}

SearchIndex::~SearchIndex() {
    try {
        if (impl_->writer) {
            impl_->writer->close();
        }
    } catch (const Xapian::Error&) {
        // Uncommitted changes are lost; the indexer catches up from lastSeq next time.
    }
}

bool SearchIndex::existsIn(const std::filesystem::path& folder) {
    std::error_code error;
    return std::filesystem::exists(folder / "iamglass", error);
}

void SearchIndex::put(const IndexedDocument& document) {
    const auto doc = toXapian(document);
    std::lock_guard lock(impl_->writeMutex);
    const auto writing = impl_->writing();
    impl_->writer->replace_document(kKey + document.key, doc);
    // Written without vanthu.last-seq: after a crash the indexer puts these again (idempotent).
    if (++impl_->unflushed >= kPutsPerFlush) {
        impl_->writer->commit();
        impl_->unflushed = 0;
    }
}

void SearchIndex::remove(const std::string& key) {
    std::lock_guard lock(impl_->writeMutex);
    const auto writing = impl_->writing();
    impl_->writer->delete_document(kKey + key);
}

void SearchIndex::commit(std::int64_t lastSeq) {
    std::lock_guard lock(impl_->writeMutex);
    const auto writing = impl_->writing();
    impl_->writer->set_metadata(kLastSeqKey, std::to_string(lastSeq));
    impl_->writer->set_metadata(kFormatKey, kFormat);
    impl_->writer->commit();
    impl_->unflushed = 0;
    impl_->lastSeq = lastSeq;
}

std::int64_t SearchIndex::lastSeq() const {
    std::lock_guard lock(impl_->writeMutex);
    return impl_->lastSeq;
}

std::uint64_t SearchIndex::documentCount() const {
    const Impl::Lease reader(*impl_);
    return reader->get_doccount();
}

std::uint64_t SearchIndex::sizeOnDisk() const {
    std::uint64_t bytes = 0;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(impl_->folder, error)) {
        if (entry.is_regular_file(error)) {
            bytes += entry.file_size(error);
        }
    }
    return bytes;
}

std::optional<IndexedDocument> SearchIndex::find(const std::string& key) const {
    const Impl::Lease reader(*impl_);
    std::optional<IndexedDocument> found;
    {
        // The iterator holds on to the reader's insides: gone before the lease ends and the
        // reader goes back to the pool, where another thread may take it.
        const auto postings = reader->postlist_begin(kKey + key);
        if (postings != reader->postlist_end(kKey + key)) {
            found = unserialise(reader->get_document(*postings).get_data());
        }
    }
    return found;
}

bool SearchIndex::missingScanMarks() const {
    std::lock_guard lock(impl_->writeMutex);
    return impl_->missingScanMarks;
}

std::vector<std::string> SearchIndex::keysOfKind(const std::string& kind) const {
    const Impl::Lease reader(*impl_);
    std::vector<std::string> keys;
    const std::string term = kKind + kind;
    for (auto posting = reader->postlist_begin(term); posting != reader->postlist_end(term);
         ++posting) {
        keys.push_back(unserialise(reader->get_document(*posting).get_data()).key);
    }
    return keys;
}

std::vector<std::string> SearchIndex::keysInCaseFile(const std::string& caseFileId) const {
    const Impl::Lease reader(*impl_);
    std::vector<std::string> keys;
    const std::string term = kCaseFileId + clip(caseFileId);
    for (auto posting = reader->postlist_begin(term); posting != reader->postlist_end(term);
         ++posting) {
        keys.push_back(unserialise(reader->get_document(*posting).get_data()).key);
    }
    return keys;
}

void SearchIndex::scanMarksComplete() {
    std::lock_guard lock(impl_->writeMutex);
    impl_->missingScanMarks = false;
}

std::vector<UnreadScan> SearchIndex::unreadScans(std::size_t limit) const {
    const Impl::Lease reader(*impl_);
    std::vector<UnreadScan> scans;
    for (auto term = reader->allterms_begin(kUnreadScan);
         term != reader->allterms_end(kUnreadScan) && scans.size() < limit; ++term) {
        UnreadScan scan;
        scan.blob = (*term).substr(std::string_view(kUnreadScan).size());
        for (auto posting = reader->postlist_begin(*term); posting != reader->postlist_end(*term);
             ++posting) {
            scan.keys.push_back(unserialise(reader->get_document(*posting).get_data()).key);
        }
        scans.push_back(std::move(scan));
    }
    return scans;
}

SearchResults SearchIndex::search(const SearchQuery& query) const {
    SearchResults results;
    if (query.readers.empty() || query.limit <= 0) {
        return results;
    }
    const auto clauses = parseQueryText(query.text, query.lastWordIsPrefix);
    Impl::Lease reader(*impl_);
    for (int attempt = 0;; ++attempt) {
        try {
            const Xapian::Database& db = *reader;
            std::vector<Xapian::Query> matching, boost;
            for (const auto& clause : clauses) {
                matching.push_back(clauseQuery(clause, db, boost));
            }
            // No words: every document. A fresh object, never the static Query::MatchAll,
            // whose reference count is not atomic (xapian/query.h: not to be shared across
            // threads); searches run on every request thread at once.
            Xapian::Query q = matching.empty() ? Xapian::Query(std::string())
                                               : Xapian::Query(Xapian::Query::OP_AND,
                                                               matching.begin(), matching.end());
            if (!boost.empty()) {
                q = Xapian::Query(
                    Xapian::Query::OP_AND_MAYBE, q,
                    Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                  Xapian::Query(Xapian::Query::OP_OR, boost.begin(), boost.end()),
                                  kExactBoost));
            }
            // Filters: access first, then what the user chose.
            std::vector<Xapian::Query> readerTerms;
            for (const auto& token : query.readers) {
                readerTerms.emplace_back(kReader + clip(token));
            }
            std::vector<Xapian::Query> filters;
            filters.emplace_back(Xapian::Query::OP_OR, readerTerms.begin(), readerTerms.end());
            const std::pair<const char*, const std::string*> chosen[] = {
                {kType, &query.typeCode},         {kIssuer, &query.issuer},
                {kRegister, &query.registerName}, {kSigner, &query.signer},
                {kStatus, &query.status},         {kSecrecy, &query.secrecy},
            };
            for (const auto& [prefix, value] : chosen) {
                if (!value->empty()) {
                    const bool none = prefix == kSecrecy && (*value == "none" || *value == "-");
                    filters.emplace_back(prefix +
                                         (none ? std::string("none") : filterValue(*value)));
                }
            }
            // A year is a term (its posting list lets the matcher skip); dates are a value
            // range, checked on each candidate, so only when the user gave dates.
            if (query.year) {
                filters.emplace_back(kYear + std::to_string(*query.year));
            }
            if (!query.arrivalNumber.empty()) {
                filters.emplace_back(kArrival + filterValue(query.arrivalNumber));
            }
            if (!query.urgency.empty()) {
                const bool none = query.urgency == "none" || query.urgency == "-";
                filters.emplace_back(kUrgency +
                                     (none ? std::string("none") : filterValue(query.urgency)));
            }
            for (const auto& [prefix, value] :
                 {std::pair{kHandler, &query.handler}, std::pair{kRecipient, &query.recipient},
                  std::pair{kCaseFileWord, &query.caseFile}}) {
                for (auto& term : wordFilters(prefix, *value)) {
                    filters.push_back(std::move(term));
                }
            }
            if (!query.deadlineFrom.empty() || !query.deadlineTo.empty()) {
                // Documents without a deadline hold no value in the slot: never in the range.
                const std::string lower =
                    query.deadlineFrom.empty() ? std::string("0000-00-00") : query.deadlineFrom;
                const std::string upper =
                    query.deadlineTo.empty() ? std::string("9999-99-99") : query.deadlineTo;
                filters.emplace_back(Xapian::Query::OP_VALUE_RANGE, kDeadlineSlot, lower, upper);
            }
            if (!query.dateFrom.empty() || !query.dateTo.empty()) {
                const std::string upper =
                    query.dateTo.empty() ? std::string("9999-99-99") : query.dateTo;
                filters.emplace_back(Xapian::Query::OP_VALUE_RANGE, kDateSlot, query.dateFrom,
                                     upper);
            }
            q = Xapian::Query(Xapian::Query::OP_FILTER, q,
                              Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));

            Xapian::Enquire enquire(db);
            enquire.set_query(q);
            auto sort = query.sort;
            if (matching.empty() && sort == SortOrder::Relevance) {
                sort = SortOrder::Newest;
            }
            if (sort != SortOrder::Relevance) {
                enquire.set_sort_by_value_then_relevance(kDateSlot, sort == SortOrder::Newest);
            }
            const auto mset = enquire.get_mset(static_cast<Xapian::doccount>(query.offset),
                                               static_cast<Xapian::doccount>(query.limit));
            results.total = mset.get_matches_estimated();
            results.exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
            const Highlighter highlighter(clauses);
            for (auto it = mset.begin(); it != mset.end(); ++it) {
                SearchHit hit;
                hit.document = unserialise(it.get_document().get_data());
                hit.weight = it.get_weight();
                hit.subject = highlighter.mark(hit.document.subject);
                hit.snippet = highlighter.snippet(hit.document.text);
                hit.document.text.clear();
                results.hits.push_back(std::move(hit));
            }
            break;
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt > 10) {
                throw IndexError("The search index changed too fast to be read; try again.");
            }
            reader.renew(); // another process's commit
            results = SearchResults{};
        }
    }
    return results;
}

} // namespace vanthu::search
