#pragma once
// The audit trail (append-only, hash-chained: AuditTrail), the sign-in events counted from
// it, and the readings and downloads of documents. Part of Storage (Storage.hpp);
// SqlStorage implements it in docmgmt/src/sql/AuditSql.cpp.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "vanthu/docmgmt/Directory.hpp"
#include "vanthu/docmgmt/Paging.hpp"

namespace vanthu::docmgmt {

/// A row of the audit trail (append-only, hash-chained: see AuditTrail).
struct AuditRecord {
    std::int64_t seq = 0; ///< 1, 2, 3, … in order of writing
    std::string at;       ///< ISO 8601, Vietnam time
    std::optional<Id> userId;
    std::string username, action, object, address, detail;
    std::string prevHash, hash; ///< hex SHA-256
};

/// One reading (the document's page) or download (its PDF) of a document (III.6l).
struct DocumentRead {
    std::string object; ///< "document/7", "incoming/3", "imported/5"
    Id officeId = 0;    ///< the office holding the document
    Id userId = 0;
    std::string action; ///< "view" or "download"
    std::string at;     ///< vietnamTimestamp
};

/// The reads of one document over a period.
struct ReadTally {
    std::string object;
    long views = 0, downloads = 0;
    long readers = 0;   ///< different people
    std::string lastAt; ///< the latest read
};
class AuditStore {
public:
    virtual ~AuditStore() = default;

    // The audit trail. appendAudit stores the record as given (seq included).
    virtual void appendAudit(const AuditRecord& record) = 0;
    virtual std::optional<AuditRecord> lastAudit() const = 0;
    /// Records with seq > afterSeq in order, at most limit of them.
    virtual std::vector<AuditRecord> auditRecords(std::int64_t afterSeq, int limit) const = 0;
    /// The newest records first.
    virtual std::vector<AuditRecord> latestAudit(int limit) const = 0;
    /// Records about one object ("document/7"), oldest first.
    virtual std::vector<AuditRecord> auditFor(const std::string& object) const = 0;
    /// Sign-in events of the audit trail on the days from .. to (ISO dates, inclusive), counted
    /// per month, user name and action (AccessStatistics).
    struct SignInTally {
        std::string month, username, action;
        long count = 0;
        std::string lastAt;
    };
    virtual std::vector<SignInTally> signInTallies(const std::string& from,
                                                   const std::string& to) const = 0;
    // Readings and downloads of documents (III.6l), counted per document (6a).
    virtual void addDocumentRead(const DocumentRead& read) = 0;
    /// An office's documents read on the days from .. to (ISO dates, inclusive), the most read
    /// first, at most limit of them.
    virtual std::vector<ReadTally> readTallies(Id officeId, const std::string& from,
                                               const std::string& to, int limit) const = 0;
    /// Who read a document and when, newest first, at most limit.
    virtual std::vector<DocumentRead> documentReads(const std::string& object, int limit) const = 0;
    /// A page of the audit trail, newest first.
    virtual Paged<AuditRecord> auditPage(const PageRequest& page) const = 0;
};

} // namespace vanthu::docmgmt
