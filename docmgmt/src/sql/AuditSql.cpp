// The audit trail, sign-in tallies and readings of documents (AuditStore).
#include "SqlStorageImpl.hpp"

namespace vanthu::docmgmt {

namespace {

AuditRecord auditFrom(Rows& r) {
    AuditRecord record;
    record.seq = integer(r, "seq");
    record.at = text(r, "at");
    record.userId = optionalInteger(r, "user_id");
    record.username = text(r, "username");
    record.action = text(r, "action");
    record.object = text(r, "object");
    record.address = text(r, "address");
    record.detail = text(r, "detail");
    record.prevHash = text(r, "prev_hash");
    record.hash = text(r, "hash");
    return record;
}

constexpr const char* kAuditColumns =
    "seq, at, user_id, username, action, object, address, detail, prev_hash, hash";

} // namespace

// ---- audit -------------------------------------------------------------------------------

void SqlStorage::appendAudit(const AuditRecord& r) {
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "INSERT INTO audit_log (seq, at, user_id, username, action, object, address, "
             "detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
             r.seq, r.at, nullable(r.userId), r.username, r.action, r.object, r.address, r.detail,
             r.prevHash, r.hash);
    });
}

std::optional<AuditRecord> SqlStorage::lastAudit() const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<AuditRecord>(
        query(impl_->db(),
              std::string("SELECT ") + kAuditColumns + " FROM audit_log ORDER BY seq DESC LIMIT 1"),
        auditFrom);
}

std::vector<AuditRecord> SqlStorage::auditRecords(std::int64_t afterSeq, int limit) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<AuditRecord>(query(impl_->db(),
                                      std::string("SELECT ") + kAuditColumns +
                                          " FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?",
                                      static_cast<Poco::Int64>(afterSeq), limit),
                                auditFrom);
}

std::vector<AuditRecord> SqlStorage::latestAudit(int limit) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<AuditRecord>(
        query(impl_->db(),
              std::string("SELECT ") + kAuditColumns + " FROM audit_log ORDER BY seq DESC LIMIT ?",
              limit),
        auditFrom);
}

std::vector<AuditRecord> SqlStorage::auditFor(const std::string& object) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<AuditRecord>(query(impl_->db(),
                                      std::string("SELECT ") + kAuditColumns +
                                          " FROM audit_log WHERE object = ? ORDER BY seq",
                                      object),
                                auditFrom);
}

std::vector<Storage::SignInTally> SqlStorage::signInTallies(const std::string& from,
                                                            const std::string& to) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<SignInTally>(
        query(impl_->db(),
              "SELECT substr(at, 1, 7) AS month, username, action, COUNT(*) AS n, "
              "MAX(at) AS last_at FROM audit_log WHERE action IN ('sign-in', "
              "'sign-in-failed', 'sign-in-throttled', 'sign-out') AND substr(at, 1, 10) "
              "BETWEEN ? AND ? GROUP BY month, username, action ORDER BY month, username",
              from, to),
        [](Rows& r) {
            SignInTally t;
            t.month = text(r, "month");
            t.username = text(r, "username");
            t.action = text(r, "action");
            t.count = static_cast<long>(integer(r, "n"));
            t.lastAt = text(r, "last_at");
            return t;
        });
}

void SqlStorage::addDocumentRead(const DocumentRead& read) {
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "INSERT INTO document_reads (object, office_id, user_id, action, at) VALUES "
             "(?, ?, ?, ?, ?)",
             read.object, read.officeId, read.userId, read.action, read.at);
    });
}

std::vector<ReadTally> SqlStorage::readTallies(Id officeId, const std::string& from,
                                               const std::string& to, int limit) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<ReadTally>(
        query(impl_->db(),
              "SELECT object, SUM(CASE WHEN action = 'view' THEN 1 ELSE 0 END) AS views, SUM(CASE "
              "WHEN action = 'download' THEN 1 ELSE 0 END) AS "
              "downloads, COUNT(DISTINCT user_id) AS readers, MAX(at) AS last_at FROM "
              "document_reads WHERE office_id = ? AND substr(at, 1, 10) BETWEEN ? AND ? GROUP BY "
              "object ORDER BY COUNT(*) DESC, object LIMIT ?",
              officeId, from, to, limit),
        [](Rows& r) {
            ReadTally t;
            t.object = text(r, "object");
            t.views = static_cast<long>(integer(r, "views"));
            t.downloads = static_cast<long>(integer(r, "downloads"));
            t.readers = static_cast<long>(integer(r, "readers"));
            t.lastAt = text(r, "last_at");
            return t;
        });
}

std::vector<DocumentRead> SqlStorage::documentReads(const std::string& object, int limit) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<DocumentRead>(
        query(impl_->db(),
              "SELECT object, office_id, user_id, action, at FROM document_reads WHERE object = ? "
              "ORDER BY id DESC LIMIT ?",
              object, limit),
        [](Rows& r) {
            DocumentRead read;
            read.object = text(r, "object");
            read.officeId = integer(r, "office_id");
            read.userId = integer(r, "user_id");
            read.action = text(r, "action");
            read.at = text(r, "at");
            return read;
        });
}

Paged<AuditRecord> SqlStorage::auditPage(const PageRequest& page) const {
    std::lock_guard lock(impl_->mutex);
    // seq runs 1, 2, 3, … without a gap (the hash chain, AuditTrail): the total is the last seq
    // and a page, newest first, the range of seq below total - offset.
    Paged<AuditRecord> out;
    Poco::Nullable<Poco::Int64> last;
    impl_->db() << sql::statement(sql::engineOf(impl_->db()), "SELECT MAX(seq) FROM audit_log"),
        into(last), now;
    out.total = last.isNull() ? 0 : last.value();
    const std::int64_t top = out.total - page.offset;
    if (top <= 0 || page.limit <= 0) {
        return out;
    }
    out.items =
        mapRows<AuditRecord>(query(impl_->db(),
                                   std::string("SELECT ") + kAuditColumns +
                                       " FROM audit_log WHERE seq <= ? ORDER BY seq DESC LIMIT ?",
                                   Poco::Int64(top), page.limit),
                             auditFrom);
    return out;
}

} // namespace vanthu::docmgmt
