#pragma once
// The audit trail (nhật ký): who did what, when, from where. Append-only; each entry carries
// hash = SHA-256(previous hash ‖ its canonical fields), so an edited, deleted or reordered entry
// breaks the chain from that entry on.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/Storage.hpp"
#include "vanthu/docmgmt/VietnamTime.hpp"

namespace vanthu::docmgmt {

struct AuditEvent {
    std::optional<Id> userId;
    std::string username;
    std::string action; ///< "sign-in", "create", "submit", "issue", ...
    std::string object; ///< "document/7", "user/3", ""
    std::string address;
    std::string detail;
};

struct AuditVerification {
    bool intact = true;
    std::int64_t entries = 0;                ///< entries read
    std::optional<std::int64_t> firstBadSeq; ///< the first entry that does not fit the chain
    std::string reason;                      ///< one line, English, for the CLI and logs
};

class AuditTrail {
public:
    explicit AuditTrail(Storage& storage, Clock clock = systemClock());

    /// Appends an entry (inside the caller's transaction when there is one).
    AuditRecord record(const AuditEvent& event);
    /// Walks the whole chain. Deleting the newest entries cannot be seen from the chain alone:
    /// compare entries with a hash kept elsewhere (docs/storage.md).
    AuditVerification verify() const;

    std::vector<AuditRecord> latest(int limit) const;
    std::vector<AuditRecord> about(const std::string& object) const;
    /// The refusal of a save from baseVersion of a record now at currentVersion
    /// (StaleVersion::of, issue 16): who made the latest entry about object that `changed`
    /// accepts (their full name, else the audited user name) and when; "người khác" and
    /// fallbackAt when there is none.
    StaleVersion staleSave(const std::string& what, const std::string& object,
                           const std::function<bool(const AuditRecord&)>& changed,
                           int currentVersion, int baseVersion,
                           const std::string& fallbackAt = "") const;

    /// The hash an entry must carry given its fields and prevHash.
    static std::string chainHash(const AuditRecord& record);
    static const std::string& genesisHash(); ///< 64 zeros: the prevHash of entry 1

private:
    Storage& storage_;
    Clock clock_;
};

} // namespace vanthu::docmgmt
