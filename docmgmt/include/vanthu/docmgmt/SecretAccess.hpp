#pragma once
// Secret documents and case files limited to named people (NĐ 30 Phụ lục VI III.3b, III.3c),
// the record of who read or downloaded a document (III.6l) and the statistics built on it
// (6a, 6b): docs/access-rules.md "Secret documents".
//
// Objects are named as in the audit trail: "document/7" (outgoing), "incoming/3", "casefile/2".
// A leader of the office who sees the object limits it (a document only when it is secret:
// mật, tối mật, tuyệt mật) and names or removes people of the office; every change is audited
// on the object and becomes an access notice the office's administrator confirms (III.3c).
// Errors: NotFound (no such object or not visible: the same answer), Forbidden (not a leader),
// Conflict (not secret, not limited, already named), InvalidInput ("userId").
#include <string>
#include <vector>

#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/OutgoingFlow.hpp"
#include "vanthu/docmgmt/Storage.hpp"

namespace vanthu::docmgmt {

inline constexpr const char* kReadView = "view";         ///< the document's page was opened
inline constexpr const char* kReadDownload = "download"; ///< its PDF was downloaded

/// An object's limit as its managers see it, with how often it was read.
struct AccessView {
    std::string object;
    bool limited = false;
    std::string limitedAt;
    std::string limitedByName;
    struct Reader {
        Id userId = 0;
        std::string username, fullName, role;
        std::string grantedAt, grantedByName;
    };
    std::vector<Reader> readers;
    bool canManage = false; ///< the viewer may limit, name and remove
    long views = 0, downloads = 0;
    std::vector<DocumentRead> latestReads; ///< at most 20, newest first (managers only)
};

/// Reads per document over a period, for the reports page and as CSV (6a).
struct ReadReportRow {
    ReadTally tally;
    std::string notation; ///< số, ký hiệu ("" for a draft)
    std::string subject;  ///< kHiddenSubject when the viewer may not see the document
    bool secret = false;  ///< limited to named people
};
struct ReadReport {
    std::string from, to;
    std::vector<ReadReportRow> rows; ///< the most read first (at most 500)
};
/// Case files per account (the person responsible) and per state (6b).
struct CaseFileCount {
    std::string key; ///< the account's user name, or "(chưa giao)"
    std::string fullName;
    long open = 0, closed = 0;
};
struct CaseFileReport {
    std::vector<CaseFileCount> accounts;
    CaseFileCount total; ///< key "Tổng"
};

class SecretAccess {
public:
    SecretAccess(Storage& storage, AuditTrail& audit, Clock clock = systemClock());

    /// The object's limit and read counts: 404 unless the actor sees the object.
    AccessView view(const Actor& actor, const std::string& object) const;
    /// Limits a secret document or a case file to named people; the actor is named first.
    AccessView limit(const Actor& actor, const std::string& object);
    /// Lifts the limit (and forgets the names).
    AccessView unlimit(const Actor& actor, const std::string& object);
    /// Names one more person of the office (active, not an administrator).
    AccessView grant(const Actor& actor, const std::string& object, Id userId);
    /// Removes a named person.
    AccessView revoke(const Actor& actor, const std::string& object, Id userId);

    /// Records a reading or a download of a document the actor has just been given.
    void recordRead(const Actor& actor, const std::string& object, Id officeId,
                    const std::string& action);

    /// The office's reads of documents on the days from .. to (ISO dates): leaders, clerks and
    /// the office's administrators (Forbidden otherwise); subjects only of what the viewer sees.
    ReadReport readStatistics(const Actor& actor, const std::string& from,
                              const std::string& to) const;
    static std::string readStatisticsCsv(const ReadReport& report);
    /// The office's case files per responsible account and state (the same people).
    CaseFileReport caseFileStatistics(const Actor& actor) const;
    static std::string caseFileStatisticsCsv(const CaseFileReport& report);

private:
    struct Target;
    Target find(const User& user, const std::string& object) const;
    User manager(const Actor& actor, const std::string& object, Target& target) const;
    User reporter(const Actor& actor) const;
    AccessView viewOf(const User& user, const Target& target) const;
    void audited(const User& user, const Actor& actor, const std::string& action,
                 const std::string& object, const std::string& detail, const User& affected,
                 const std::string& change);

    Storage& storage_;
    AuditTrail& audit_;
    Clock clock_;
};

} // namespace vanthu::docmgmt
