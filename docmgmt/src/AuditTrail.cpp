#include "vanthu/docmgmt/AuditTrail.hpp"

#include "vanthu/signing/OpenSsl.hpp"

namespace vanthu::docmgmt {

namespace {

/// Each field as "<length>:<bytes>\n", so no choice of values can make two different entries
/// encode alike.
void appendField(std::string& out, const std::string& value) {
    out += std::to_string(value.size());
    out += ':';
    out += value;
    out += '\n';
}

std::string canonical(const AuditRecord& r) {
    std::string out = "vanthu-audit-v1\n";
    appendField(out, r.prevHash);
    appendField(out, std::to_string(r.seq));
    appendField(out, r.at);
    appendField(out, r.userId ? std::to_string(*r.userId) : std::string());
    appendField(out, r.username);
    appendField(out, r.action);
    appendField(out, r.object);
    appendField(out, r.address);
    appendField(out, r.detail);
    return out;
}

constexpr int kBatch = 1000;

/// The text as the database gives it back: SQLite text read through Poco::Data ends at a NUL,
/// so each NUL becomes U+FFFD before hashing, and the chain hashes exactly the bytes stored.
std::string storable(std::string text) {
    static const std::string replacement = "\xEF\xBF\xBD";
    for (auto at = text.find('\0'); at != std::string::npos; at = text.find('\0', at)) {
        text.replace(at, 1, replacement);
    }
    return text;
}

} // namespace

AuditTrail::AuditTrail(Storage& storage, Clock clock)
    : storage_(storage), clock_(std::move(clock)) {}

const std::string& AuditTrail::genesisHash() {
    static const std::string zeros(64, '0');
    return zeros;
}

std::string AuditTrail::chainHash(const AuditRecord& record) {
    return signing::toHex(signing::sha256(canonical(record)));
}

AuditRecord AuditTrail::record(const AuditEvent& event) {
    AuditRecord record;
    storage_.transaction([&] {
        const auto last = storage_.lastAudit();
        record.seq = last ? last->seq + 1 : 1;
        record.prevHash = last ? last->hash : genesisHash();
        record.at = vietnamTimestamp(clock_());
        record.userId = event.userId;
        record.username = storable(event.username);
        record.action = storable(event.action);
        record.object = storable(event.object);
        record.address = storable(event.address);
        record.detail = storable(event.detail);
        record.hash = chainHash(record);
        storage_.appendAudit(record);
    });
    return record;
}

AuditVerification AuditTrail::verify() const {
    AuditVerification result;
    std::string prevHash = genesisHash();
    std::int64_t expectedSeq = 1;
    const auto broken = [&](std::int64_t seq, std::string reason) {
        result.intact = false;
        result.firstBadSeq = seq;
        result.reason = std::move(reason);
        return result;
    };
    for (;;) {
        const auto batch = storage_.auditRecords(expectedSeq - 1, kBatch);
        if (batch.empty()) { // every entry with a greater seq was read: the end
            return result;
        }
        for (const auto& record : batch) {
            ++result.entries;
            if (record.seq != expectedSeq) {
                return broken(record.seq, "entry " + std::to_string(expectedSeq) +
                                              " is missing (next entry is " +
                                              std::to_string(record.seq) + ")");
            }
            if (record.prevHash != prevHash) {
                return broken(record.seq, "entry " + std::to_string(record.seq) +
                                              " does not follow the entry before it "
                                              "(an entry was deleted, reordered or edited)");
            }
            if (chainHash(record) != record.hash) {
                return broken(record.seq, "entry " + std::to_string(record.seq) +
                                              " was edited (hash mismatch)");
            }
            prevHash = record.hash;
            ++expectedSeq;
        }
    }
}

std::vector<AuditRecord> AuditTrail::latest(int limit) const {
    return storage_.latestAudit(limit);
}

std::vector<AuditRecord> AuditTrail::about(const std::string& object) const {
    return storage_.auditFor(object);
}

StaleVersion AuditTrail::staleSave(const std::string& what, const std::string& object,
                                   const std::function<bool(const AuditRecord&)>& changed,
                                   int currentVersion, int baseVersion,
                                   const std::string& fallbackAt) const {
    std::string by, at = fallbackAt;
    for (const auto& entry : about(object)) {
        if (changed(entry)) {
            const auto user = entry.userId ? storage_.findUser(*entry.userId) : std::nullopt;
            by = user ? user->fullName : entry.username;
            at = entry.at;
        }
    }
    return StaleVersion::of(what, currentVersion, baseVersion, by, at);
}

} // namespace vanthu::docmgmt
