// Background work: the issue queue, work claims, recognised text, notices by e-mail and the
// renewal of long-term copies (JobStore).
#include "SqlStorageImpl.hpp"

namespace vanthu::docmgmt {

std::optional<std::string> SqlStorage::recognisedText(const std::string& blob) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<std::string>(
        query(impl_->db(), "SELECT text FROM recognised_texts WHERE blob = ?", blob),
        [](Rows& r) { return text(r, "text"); });
}

void SqlStorage::saveRecognisedText(const std::string& blob, const std::string& text) {
    std::lock_guard lock(impl_->mutex);
    exec(impl_->db(),
         "INSERT INTO recognised_texts (blob, text) VALUES (?, ?) "
         "ON CONFLICT (blob) DO UPDATE SET text = excluded.text",
         blob, text);
}

// ---- the issue queue and letters issued below their policy (issue 21 item 2) ------------

namespace {

constexpr const char* kQueueColumns =
    "document_id, office_id, queued_by, queued_at, attempts, next_attempt_at, last_attempt_at, "
    "last_code, last_error";

IssueQueueEntry queueEntryFrom(Rows& r) {
    IssueQueueEntry e;
    e.documentId = integer(r, "document_id");
    e.officeId = integer(r, "office_id");
    e.queuedBy = integer(r, "queued_by");
    e.queuedAt = text(r, "queued_at");
    e.attempts = static_cast<int>(integer(r, "attempts"));
    e.nextAttemptAt = integer(r, "next_attempt_at");
    e.lastAttemptAt = text(r, "last_attempt_at");
    e.lastCode = text(r, "last_code");
    e.lastError = text(r, "last_error");
    return e;
}

} // namespace

void SqlStorage::addToIssueQueue(const IssueQueueEntry& e) {
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 std::string("INSERT INTO issue_queue (") + kQueueColumns +
                     ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 e.documentId, e.officeId, e.queuedBy, e.queuedAt, e.attempts,
                 static_cast<Poco::Int64>(e.nextAttemptAt), e.lastAttemptAt, e.lastCode,
                 e.lastError);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Văn bản đã ở trong hàng chờ phát hành.");
        }
    });
}

void SqlStorage::updateIssueQueueEntry(const IssueQueueEntry& e) {
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "UPDATE issue_queue SET attempts = ?, next_attempt_at = ?, last_attempt_at = ?, "
             "last_code = ?, last_error = ? WHERE document_id = ?",
             e.attempts, static_cast<Poco::Int64>(e.nextAttemptAt), e.lastAttemptAt, e.lastCode,
             e.lastError, e.documentId);
    });
}

void SqlStorage::removeFromIssueQueue(Id documentId) {
    impl_->inTransaction(
        [&] { exec(impl_->db(), "DELETE FROM issue_queue WHERE document_id = ?", documentId); });
}

std::optional<IssueQueueEntry> SqlStorage::findIssueQueueEntry(Id documentId) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<IssueQueueEntry>(
        query(impl_->db(),
              std::string("SELECT ") + kQueueColumns + " FROM issue_queue WHERE document_id = ?",
              documentId),
        queueEntryFrom);
}

std::vector<IssueQueueEntry> SqlStorage::issueQueue(std::optional<Id> officeId) const {
    std::lock_guard lock(impl_->mutex);
    const std::string select = std::string("SELECT ") + kQueueColumns + " FROM issue_queue";
    if (officeId) {
        return mapRows<IssueQueueEntry>(
            query(impl_->db(), select + " WHERE office_id = ? ORDER BY queued_at, document_id",
                  *officeId),
            queueEntryFrom);
    }
    return mapRows<IssueQueueEntry>(query(impl_->db(), select + " ORDER BY queued_at, document_id"),
                                    queueEntryFrom);
}

std::vector<IssueQueueEntry> SqlStorage::lockDueIssueQueueEntries(std::int64_t now, int limit) {
    std::lock_guard lock(impl_->mutex);
    // SQLite's BEGIN IMMEDIATE already holds the one write lock; PostgreSQL locks the rows.
    const bool postgres = sql::engineOf(impl_->db()) == sql::Engine::Postgres;
    return mapRows<IssueQueueEntry>(
        query(impl_->db(),
              std::string("SELECT ") + kQueueColumns +
                  " FROM issue_queue WHERE next_attempt_at <= ? ORDER BY queued_at, document_id "
                  "LIMIT ?" +
                  (postgres ? " FOR UPDATE SKIP LOCKED" : ""),
              static_cast<Poco::Int64>(now), limit),
        queueEntryFrom);
}

std::optional<WorkClaim> SqlStorage::lockWorkClaim(const std::string& work) {
    std::lock_guard lock(impl_->mutex);
    const bool postgres = sql::engineOf(impl_->db()) == sql::Engine::Postgres;
    exec(impl_->db(), "INSERT OR IGNORE INTO work_claims (work) VALUES (?)", work);
    return firstRow<WorkClaim>(
        query(impl_->db(),
              std::string("SELECT work, holder, claimed_until FROM work_claims WHERE work = ?") +
                  (postgres ? " FOR UPDATE SKIP LOCKED" : ""),
              work),
        [](Rows& r) {
            WorkClaim claim;
            claim.work = text(r, "work");
            claim.holder = text(r, "holder");
            claim.until = integer(r, "claimed_until");
            return claim;
        });
}

void SqlStorage::saveWorkClaim(const WorkClaim& claim) {
    impl_->inTransaction([&] {
        exec(impl_->db(), "UPDATE work_claims SET holder = ?, claimed_until = ? WHERE work = ?",
             claim.holder, static_cast<Poco::Int64>(claim.until), claim.work);
    });
}

void SqlStorage::removeWorkClaim(const std::string& work) {
    impl_->inTransaction(
        [&] { exec(impl_->db(), "DELETE FROM work_claims WHERE work = ?", work); });
}

std::optional<std::string> SqlStorage::pkiFingerprint(const std::string& name) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<std::string>(
        query(impl_->db(), "SELECT fingerprint FROM pki_fingerprints WHERE name = ?", name),
        [](Rows& r) { return text(r, "fingerprint"); });
}

bool SqlStorage::recordPkiFingerprint(const std::string& name, const std::string& fingerprint,
                                      const std::string& at) {
    bool recorded = false;
    impl_->inTransaction([&] {
        recorded = exec(impl_->db(),
                        "INSERT OR IGNORE INTO pki_fingerprints (name, fingerprint, recorded_at) "
                        "VALUES (?, ?, ?)",
                        name, fingerprint, at) == 1;
    });
    return recorded;
}

void SqlStorage::forgetPkiFingerprint(const std::string& name) {
    impl_->inTransaction(
        [&] { exec(impl_->db(), "DELETE FROM pki_fingerprints WHERE name = ?", name); });
}

// ---- notices by e-mail (issue 14 item 7) -------------------------------------------------

namespace {

/// Active people with an e-mail address (the join of every waiting-work query).
constexpr const char* kMailable = "u.active = 1 AND u.email <> ''";

/// An incoming letter that is secret or limited to named people: its subject stays off e-mail.
constexpr const char* kIncomingSecret =
    "CASE WHEN i.secrecy <> '' OR EXISTS (SELECT 1 FROM access_limits a WHERE a.object = "
    "'incoming/' || i.id) THEN 1 ELSE 0 END";

/// A lead handler, or a co-handler who has not given an opinion yet, of an open letter.
constexpr const char* kMustAct =
    "i.state IN ('assigned', 'in_progress') AND i.recall NOT IN ('recalled', 'replaced') AND "
    "(h.role = 'lead' OR (h.role = 'co' AND h.status <> 'done'))";

constexpr const char* kMailColumns =
    "id, user_id, notice_key, recipient, subject, body, queued_at, attempts, next_attempt_at, "
    "last_attempt_at, last_error, sent_at";

MailNotice mailNoticeFrom(Rows& r) {
    MailNotice n;
    n.id = integer(r, "id");
    n.userId = integer(r, "user_id");
    n.key = text(r, "notice_key");
    n.recipient = text(r, "recipient");
    n.subject = text(r, "subject");
    n.body = text(r, "body");
    n.queuedAt = text(r, "queued_at");
    n.attempts = static_cast<int>(integer(r, "attempts"));
    n.nextAttemptAt = integer(r, "next_attempt_at");
    n.lastAttemptAt = text(r, "last_attempt_at");
    n.lastError = text(r, "last_error");
    n.sentAt = text(r, "sent_at");
    return n;
}

WaitingWork waitingWorkFrom(Rows& r) {
    WaitingWork w;
    w.userId = integer(r, "user_id");
    w.kind = text(r, "kind");
    w.documentId = integer(r, "document_id");
    w.version = static_cast<int>(integer(r, "version"));
    w.subject = text(r, "subject");
    w.notation = text(r, "notation");
    w.deadline = text(r, "deadline");
    w.secret = integer(r, "secret") != 0;
    w.recallKind = text(r, "recall_kind");
    w.recallAt = text(r, "recall_at");
    w.recallReason = text(r, "recall_reason");
    return w;
}

} // namespace

std::vector<WaitingWork> SqlStorage::waitingWork(const std::string& today,
                                                 const std::string& dueBy) const {
    const std::string incoming =
        std::string(" i.id AS document_id, 0 AS version, i.subject, CASE WHEN i.number <> '' "
                    "THEN i.number || '/' || i.notation ELSE i.notation END AS notation, "
                    "i.deadline, i.recall_kind, i.recall_requested_at AS recall_at, "
                    "i.recall_reason, ") +
        kIncomingSecret + " AS secret ";
    const std::string handlers = std::string("FROM incoming_documents i JOIN incoming_handlers h "
                                             "ON h.incoming_id = i.id JOIN users u ON u.id = "
                                             "h.user_id WHERE ") +
                                 kMailable + " AND " + kMustAct;
    const std::string office = std::string("FROM incoming_documents i JOIN users u ON "
                                           "u.office_id = i.office_id WHERE ") +
                               kMailable;
    const std::string drafts = " d.id AS document_id, d.version, d.subject, '' AS notation, '' "
                               "AS deadline, '' AS recall_kind, '' AS recall_at, '' AS "
                               "recall_reason, 0 AS secret FROM documents d JOIN users u ON ";
    // Every handler of a copy destroyed on its issuer's recall (or replaced) is told once.
    const std::string allHandlers = std::string("FROM incoming_documents i JOIN "
                                                "incoming_handlers h ON h.incoming_id = i.id "
                                                "JOIN users u ON u.id = h.user_id WHERE ") +
                                    kMailable;
    const std::string sql =
        "SELECT u.id AS user_id, 'assigned' AS kind," + incoming + handlers +
        " UNION ALL SELECT u.id AS user_id, 'due-soon' AS kind," + incoming + handlers +
        " AND i.deadline <> '' AND i.deadline >= ? AND i.deadline <= ?"
        " UNION ALL SELECT u.id AS user_id, 'overdue' AS kind," +
        incoming + handlers +
        " AND i.deadline <> '' AND i.deadline < ?"
        " UNION ALL SELECT u.id AS user_id, 'arrived' AS kind," +
        incoming + office +
        " AND u.role = 'clerk' AND i.state = 'arrived' AND (i.entered_by IS NULL OR "
        "i.entered_by <> u.id) AND i.recall NOT IN ('recalled', 'replaced')"
        " UNION ALL SELECT u.id AS user_id, 'registered' AS kind," +
        incoming + office +
        " AND u.role = 'leader' AND i.state = 'registered' AND i.recall NOT IN ('recalled', "
        "'replaced')"
        " UNION ALL SELECT u.id AS user_id, 'recall-requested' AS kind," +
        incoming + office +
        " AND u.role = 'clerk' AND i.recall = 'requested'"
        " UNION ALL SELECT u.id AS user_id, 'recalled' AS kind," +
        incoming + allHandlers +
        " AND i.recall IN ('recalled', 'replaced')"
        " UNION ALL SELECT u.id AS user_id, 'submitted' AS kind," +
        drafts + "u.id = d.signer_id WHERE " + kMailable +
        " AND d.state = 'submitted'"
        " UNION ALL SELECT u.id AS user_id, 'returned' AS kind," +
        drafts + "u.id = d.author_id WHERE " + kMailable +
        " AND d.state = 'returned'"
        " UNION ALL SELECT u.id AS user_id, 'approved' AS kind," +
        drafts + "u.id = d.signer_id WHERE " + kMailable +
        " AND d.state = 'approved'"
        " UNION ALL SELECT u.id AS user_id, 'signed' AS kind," +
        drafts + "u.office_id = d.office_id WHERE " + kMailable +
        " AND u.role = 'clerk' AND d.state = 'signed'"
        " ORDER BY user_id, kind, document_id";
    std::lock_guard lock(impl_->mutex);
    return mapRows<WaitingWork>(query(impl_->db(), sql, today, dueBy, today), waitingWorkFrom);
}

bool SqlStorage::hasMailNotice(Id userId, const std::string& key) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<Id>(query(impl_->db(),
                              "SELECT id FROM mail_notices WHERE user_id = ? AND notice_key = ?",
                              userId, key),
                        [](Rows& r) { return integer(r, "id"); })
        .has_value();
}

bool SqlStorage::addMailNotice(const MailNotice& n) {
    bool added = false;
    impl_->inTransaction([&] {
        // OR IGNORE: two servers queueing the same work at once write it once.
        added = exec(impl_->db(),
                     "INSERT OR IGNORE INTO mail_notices (user_id, notice_key, recipient, "
                     "subject, body, queued_at, attempts, next_attempt_at) VALUES (?, ?, ?, ?, "
                     "?, ?, ?, ?)",
                     n.userId, n.key, n.recipient, n.subject, n.body, n.queuedAt, n.attempts,
                     static_cast<Poco::Int64>(n.nextAttemptAt)) == 1;
    });
    return added;
}

std::vector<MailNotice> SqlStorage::lockDueMailNotices(std::int64_t now, int limit) {
    std::lock_guard lock(impl_->mutex);
    const bool postgres = sql::engineOf(impl_->db()) == sql::Engine::Postgres;
    return mapRows<MailNotice>(
        query(impl_->db(),
              std::string("SELECT ") + kMailColumns +
                  " FROM mail_notices WHERE sent_at = '' AND next_attempt_at <= ? ORDER BY "
                  "next_attempt_at, id LIMIT ?" +
                  (postgres ? " FOR UPDATE SKIP LOCKED" : ""),
              static_cast<Poco::Int64>(now), limit),
        mailNoticeFrom);
}

void SqlStorage::updateMailNotice(const MailNotice& n) {
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "UPDATE mail_notices SET attempts = ?, next_attempt_at = ?, last_attempt_at = ?, "
             "last_error = ?, sent_at = ? WHERE id = ?",
             n.attempts, static_cast<Poco::Int64>(n.nextAttemptAt), n.lastAttemptAt, n.lastError,
             n.sentAt, n.id);
    });
}

std::vector<MailNotice> SqlStorage::mailNotices(std::optional<Id> userId, int limit) const {
    std::lock_guard lock(impl_->mutex);
    const std::string select = std::string("SELECT ") + kMailColumns + " FROM mail_notices";
    if (userId) {
        return mapRows<MailNotice>(query(impl_->db(),
                                         select + " WHERE user_id = ? ORDER BY id DESC LIMIT ?",
                                         *userId, limit),
                                   mailNoticeFrom);
    }
    return mapRows<MailNotice>(query(impl_->db(), select + " ORDER BY id DESC LIMIT ?", limit),
                               mailNoticeFrom);
}

std::vector<std::string> SqlStorage::mailOptOuts(Id userId) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<std::string>(
        query(impl_->db(), "SELECT kind FROM mail_opt_outs WHERE user_id = ? ORDER BY kind",
              userId),
        [](Rows& r) { return text(r, "kind"); });
}

void SqlStorage::setMailOptOuts(Id userId, const std::vector<std::string>& kinds) {
    impl_->inTransaction([&] {
        exec(impl_->db(), "DELETE FROM mail_opt_outs WHERE user_id = ?", userId);
        for (const auto& kind : kinds) {
            exec(impl_->db(), "INSERT INTO mail_opt_outs (user_id, kind) VALUES (?, ?)", userId,
                 kind);
        }
    });
}

std::optional<StoredSmtp> SqlStorage::storedSmtp() const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<StoredSmtp>(
        query(impl_->db(), "SELECT host, port, start_tls, username, password_sealed, sender, "
                           "updated_at, updated_by FROM smtp_settings WHERE id = 1"),
        [](Rows& r) {
            StoredSmtp smtp;
            smtp.host = text(r, "host");
            smtp.port = static_cast<int>(integer(r, "port"));
            smtp.startTls = integer(r, "start_tls") != 0;
            smtp.user = text(r, "username");
            smtp.passwordSealed = text(r, "password_sealed");
            smtp.sender = text(r, "sender");
            smtp.updatedAt = text(r, "updated_at");
            smtp.updatedBy = optionalInteger(r, "updated_by").value_or(0);
            return smtp;
        });
}

void SqlStorage::setStoredSmtp(const std::optional<StoredSmtp>& smtp) {
    impl_->inTransaction([&] {
        exec(impl_->db(), "DELETE FROM smtp_settings");
        if (smtp) {
            exec(
                impl_->db(),
                "INSERT INTO smtp_settings (id, host, port, start_tls, username, "
                "password_sealed, sender, updated_at, updated_by) VALUES (1, ?, ?, ?, ?, ?, ?, "
                "?, ?)",
                smtp->host, smtp->port, smtp->startTls ? 1 : 0, smtp->user, smtp->passwordSealed,
                smtp->sender, smtp->updatedAt,
                nullable(smtp->updatedBy != 0 ? std::optional<Id>(smtp->updatedBy) : std::nullopt));
        }
    });
}

// ---- long-term copies and their renewal (issue 21 items 3 and 4) -------------------------

namespace {

constexpr const char* kPreservedColumns =
    "kind, document_id, office_id, original_blob, original_level, blob, level, expires_at, "
    "renewals, next_attempt_at, updated_at, last_error, algorithms_until, weakest_algorithm";

PreservedCopy preservedFrom(Rows& r) {
    PreservedCopy c;
    c.kind = text(r, "kind");
    c.documentId = integer(r, "document_id");
    c.officeId = integer(r, "office_id");
    c.originalBlob = text(r, "original_blob");
    c.originalLevel = text(r, "original_level");
    c.blob = text(r, "blob");
    c.level = text(r, "level");
    c.expiresAt = integer(r, "expires_at");
    c.renewals = static_cast<int>(integer(r, "renewals"));
    c.nextAttemptAt = integer(r, "next_attempt_at");
    c.updatedAt = text(r, "updated_at");
    c.lastError = text(r, "last_error");
    c.algorithmsUntil = integer(r, "algorithms_until");
    c.weakestAlgorithm = text(r, "weakest_algorithm");
    return c;
}

/// Signed letters the renewal looks after: issued outgoing letters, and registered incoming
/// letters with signatures whose content is still there (not recalled).
constexpr const char* kSignedLetters =
    "SELECT 'outgoing' AS kind, id AS document_id, office_id, issued_pdf AS original_blob "
    "FROM documents WHERE state = 'issued' AND issued_pdf <> '' "
    "UNION ALL SELECT 'incoming', id, office_id, pdf FROM incoming_documents "
    "WHERE state NOT IN ('arrived', 'refused') AND pdf <> '' AND signature_status <> 'none'";

} // namespace

void SqlStorage::savePreservedCopy(const PreservedCopy& c) {
    impl_->inTransaction([&] {
        exec(impl_->db(),
             std::string("INSERT INTO preserved_copies (") + kPreservedColumns +
                 ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                 "ON CONFLICT (kind, document_id) DO UPDATE SET office_id = excluded.office_id, "
                 "original_blob = excluded.original_blob, "
                 "original_level = excluded.original_level, blob = excluded.blob, "
                 "level = excluded.level, expires_at = excluded.expires_at, "
                 "renewals = excluded.renewals, next_attempt_at = excluded.next_attempt_at, "
                 "updated_at = excluded.updated_at, last_error = excluded.last_error, "
                 "algorithms_until = excluded.algorithms_until, "
                 "weakest_algorithm = excluded.weakest_algorithm",
             c.kind, c.documentId, c.officeId, c.originalBlob, c.originalLevel, c.blob, c.level,
             static_cast<Poco::Int64>(c.expiresAt), c.renewals,
             static_cast<Poco::Int64>(c.nextAttemptAt), c.updatedAt, c.lastError,
             static_cast<Poco::Int64>(c.algorithmsUntil), c.weakestAlgorithm);
    });
}

std::optional<PreservedCopy> SqlStorage::findPreservedCopy(const std::string& kind,
                                                           Id documentId) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<PreservedCopy>(
        query(impl_->db(),
              std::string("SELECT ") + kPreservedColumns +
                  " FROM preserved_copies WHERE kind = ? AND document_id = ?",
              kind, documentId),
        preservedFrom);
}

std::vector<PreservedCopy> SqlStorage::preservedCopiesDue(std::int64_t expiresBefore,
                                                          std::int64_t now,
                                                          std::size_t limit) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<PreservedCopy>(
        query(impl_->db(),
              std::string("SELECT ") + kPreservedColumns +
                  " FROM preserved_copies WHERE (blob = '' OR expires_at < ? OR "
                  "algorithms_until < ?) AND next_attempt_at <= ? "
                  "ORDER BY expires_at, kind, document_id LIMIT ?",
              static_cast<Poco::Int64>(expiresBefore), static_cast<Poco::Int64>(expiresBefore),
              static_cast<Poco::Int64>(now), static_cast<Poco::Int64>(limit)),
        preservedFrom);
}

std::vector<PreservedCopy> SqlStorage::lettersWithoutCopy(std::size_t limit) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<PreservedCopy>(
        query(impl_->db(),
              std::string("SELECT kind, document_id, office_id, original_blob FROM (") +
                  kSignedLetters +
                  ") letters WHERE NOT EXISTS (SELECT 1 FROM preserved_copies p "
                  "WHERE p.kind = letters.kind AND p.document_id = letters.document_id) "
                  "ORDER BY kind DESC, document_id LIMIT ?",
              static_cast<Poco::Int64>(limit)),
        [](Rows& r) {
            PreservedCopy c;
            c.kind = text(r, "kind");
            c.documentId = integer(r, "document_id");
            c.officeId = integer(r, "office_id");
            c.originalBlob = text(r, "original_blob");
            return c;
        });
}

PreservationCounts SqlStorage::preservationCounts(std::int64_t expiresBefore) const {
    std::lock_guard lock(impl_->mutex);
    PreservationCounts counts;
    auto count = [&](const std::string& sql, auto... args) {
        Poco::Int64 n = 0;
        auto rows = query(impl_->db(), sql, args...);
        if (rows.moveFirst()) {
            n = rows.integer(std::size_t{0});
        }
        return static_cast<int>(n);
    };
    counts.copies = count("SELECT COUNT(*) FROM preserved_copies");
    counts.due =
        count("SELECT COUNT(*) FROM preserved_copies WHERE blob = '' OR expires_at < ? "
              "OR algorithms_until < ?",
              static_cast<Poco::Int64>(expiresBefore), static_cast<Poco::Int64>(expiresBefore));
    counts.failing = count("SELECT COUNT(*) FROM preserved_copies WHERE last_error <> ''");
    counts.waiting = count(std::string("SELECT COUNT(*) FROM (") + kSignedLetters +
                           ") letters WHERE NOT EXISTS (SELECT 1 FROM preserved_copies p "
                           "WHERE p.kind = letters.kind AND p.document_id = letters.document_id)");
    return counts;
}

RenewalState SqlStorage::renewalState() const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<RenewalState>(
               query(impl_->db(), "SELECT last_round_at, last_renewed, last_failed, renewed_total, "
                                  "failed_total, last_error FROM renewal_state WHERE id = 1"),
               [](Rows& r) {
                   RenewalState st;
                   st.lastRoundAt = text(r, "last_round_at");
                   st.lastRenewed = static_cast<int>(integer(r, "last_renewed"));
                   st.lastFailed = static_cast<int>(integer(r, "last_failed"));
                   st.renewedTotal = integer(r, "renewed_total");
                   st.failedTotal = integer(r, "failed_total");
                   st.lastError = text(r, "last_error");
                   return st;
               })
        .value_or(RenewalState{});
}

void SqlStorage::saveRenewalState(const RenewalState& st) {
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "INSERT INTO renewal_state (id, last_round_at, last_renewed, last_failed, "
             "renewed_total, failed_total, last_error) VALUES (1, ?, ?, ?, ?, ?, ?) "
             "ON CONFLICT (id) DO UPDATE SET last_round_at = excluded.last_round_at, "
             "last_renewed = excluded.last_renewed, last_failed = excluded.last_failed, "
             "renewed_total = excluded.renewed_total, failed_total = excluded.failed_total, "
             "last_error = excluded.last_error",
             st.lastRoundAt, st.lastRenewed, st.lastFailed,
             static_cast<Poco::Int64>(st.renewedTotal), static_cast<Poco::Int64>(st.failedTotal),
             st.lastError);
    });
}

} // namespace vanthu::docmgmt
