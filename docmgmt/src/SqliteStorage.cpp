#include "vanthu/docmgmt/SqliteStorage.hpp"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <variant>

#include "SqlDialect.hpp"
#include "SqlRows.hpp"
#include "SqliteMigrations.hpp"
#include "vanthu/docmgmt/Errors.hpp"

namespace vanthu::docmgmt {

namespace {

using Poco::Data::Session;
using Poco::Data::Statement;
using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using sql::Rows;
using NullableId = Poco::Nullable<Poco::Int64>;

NullableId nullable(const std::optional<Id>& id) {
    return id ? NullableId(*id) : NullableId();
}

/// Runs a statement; on PostgreSQL a broken constraint is reported as on SQLite (SqlDialect).
void execute(Statement& statement) {
    try {
        statement.execute();
    } catch (const Poco::Exception& e) {
        sql::throwConflictAsSqlite(e);
        throw;
    }
}

/// A statement and its values (SQLite's spelling, `?` placeholders): on SQLite through
/// Poco::Data, on PostgreSQL in one round trip (SqlRows.hpp, sql::postgresExecute).
template <typename Values>
Rows run(Session& session, const std::string& text, const Values& values) {
    const auto engine = sql::engineOf(session);
    if (engine == sql::Engine::Postgres) {
        std::vector<sql::Param> params;
        params.reserve(values.size());
        for (const auto& v : values) {
            params.push_back(sql::param(v));
        }
        return sql::postgresExecute(session, sql::statement(engine, text), params);
    }
    Statement statement(session);
    statement << text;
    for (const auto& v : values) {
        std::visit([&](const auto& x) { statement, bind(x); }, v);
    }
    execute(statement);
    return Rows(statement);
}

/// The kinds of value a statement takes.
using Value = std::variant<Poco::Int64, std::string, NullableId, Poco::Nullable<int>>;
inline Value value(const std::string& text) {
    return text;
}
inline Value value(const char* text) {
    return std::string(text);
}
inline Value value(const NullableId& id) {
    return id;
}
inline Value value(const Poco::Nullable<int>& n) {
    return n;
}
template <typename Integer>
requires std::is_integral_v<Integer> Value value(Integer n) {
    return Poco::Int64(n);
}

template <typename... Args> void exec(Session& session, const std::string& text, Args... args) {
    run(session, text, std::vector<Value>{value(args)...});
}

template <typename... Args> Rows query(Session& session, const std::string& text, Args... args) {
    return run(session, text, std::vector<Value>{value(args)...});
}

std::string text(Rows& rows, const std::string& column) {
    return rows.text(column);
}

Id integer(Rows& rows, const std::string& column) {
    return rows.integer(column);
}

std::optional<Id> optionalInteger(Rows& rows, const std::string& column) {
    if (rows.isNull(column)) {
        return std::nullopt;
    }
    return rows.integer(column);
}

/// The access_limited and access_readers columns (AccessLimit), readers in order of id.
AccessLimit accessFrom(Rows& rows) {
    AccessLimit access;
    access.limited = integer(rows, "access_limited") != 0;
    const std::string readers = text(rows, "access_readers");
    std::size_t from = 0;
    while (from < readers.size()) {
        auto comma = readers.find(',', from);
        if (comma == std::string::npos) {
            comma = readers.size();
        }
        access.readers.push_back(std::stoll(readers.substr(from, comma - from)));
        from = comma + 1;
    }
    std::sort(access.readers.begin(), access.readers.end());
    return access;
}

/// Rows of a query mapped to T, in order.
template <typename T, typename Map> std::vector<T> mapRows(Rows rows, Map map) {
    std::vector<T> out;
    for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
        out.push_back(map(rows));
    }
    return out;
}

template <typename T, typename Map> std::optional<T> firstRow(Rows rows, Map map) {
    if (!rows.moveFirst()) {
        return std::nullopt;
    }
    return map(rows);
}

Office officeFrom(Rows& r) {
    Office office;
    office.id = integer(r, "id");
    office.code = text(r, "code");
    office.name = text(r, "name");
    office.parentBody = text(r, "parent_body");
    office.system = parseOfficeSystem(text(r, "system")).value_or(OfficeSystem::State);
    office.parentId = optionalInteger(r, "parent_id");
    office.issuerCode = text(r, "issuer_code");
    office.place = text(r, "place");
    office.sealKey = text(r, "seal_key");
    office.term = text(r, "term");
    office.peer = text(r, "peer");
    office.dissolvedOn = text(r, "dissolved_on");
    office.successorId = optionalInteger(r, "successor_id");
    return office;
}

User userFrom(Rows& r) {
    User user;
    user.id = integer(r, "id");
    user.officeId = integer(r, "office_id");
    user.username = text(r, "username");
    user.fullName = text(r, "full_name");
    user.role = parseRole(text(r, "role")).value_or(Role::Specialist);
    user.title = text(r, "title");
    user.signingKey = text(r, "signing_key");
    user.active = integer(r, "active") != 0;
    user.unit = text(r, "unit");
    user.mustChangePassword = integer(r, "must_change_password") != 0;
    user.installationAdministrator = integer(r, "installation_admin") != 0;
    user.email = text(r, "email");
    return user;
}

OutgoingDocument documentFrom(Rows& r) {
    OutgoingDocument doc;
    doc.id = integer(r, "id");
    doc.officeId = integer(r, "office_id");
    doc.authorId = integer(r, "author_id");
    doc.signerId = optionalInteger(r, "signer_id");
    doc.state = parseDocumentState(text(r, "state")).value_or(DocumentState::Draft);
    doc.typeCode = text(r, "type_code");
    doc.subject = text(r, "subject");
    doc.content = text(r, "content");
    doc.draft = draftFromJson(text(r, "draft"));
    doc.version = static_cast<int>(integer(r, "version"));
    doc.returnComment = text(r, "return_comment");
    doc.preparedPdf = text(r, "prepared_pdf");
    doc.preparedChainPem = text(r, "prepared_chain");
    doc.signedPdf = text(r, "signed_pdf");
    doc.issuedPdf = text(r, "issued_pdf");
    if (const auto number = optionalInteger(r, "number")) {
        doc.number = static_cast<int>(*number);
    }
    doc.year = static_cast<int>(integer(r, "year"));
    doc.series = text(r, "series");
    doc.notation = text(r, "notation");
    doc.issuedDate = text(r, "issued_date");
    doc.createdAt = text(r, "created_at");
    doc.updatedAt = text(r, "updated_at");
    doc.exchangeId = text(r, "exchange_id");
    doc.replyToIncoming = optionalInteger(r, "reply_to_incoming");
    doc.responseFor = text(r, "response_for");
    doc.access = accessFrom(r);
    return doc;
}

DocumentVersion versionFrom(Rows& r) {
    DocumentVersion version;
    version.documentId = integer(r, "document_id");
    version.version = static_cast<int>(integer(r, "version"));
    version.content = text(r, "content");
    version.draft = text(r, "draft");
    version.authorId = integer(r, "author_id");
    version.createdAt = text(r, "created_at");
    version.editedAs = text(r, "edited_as");
    return version;
}

RegisterEntry registerEntryFrom(Rows& r) {
    RegisterEntry entry;
    entry.documentId = integer(r, "document_id");
    entry.number = static_cast<int>(integer(r, "number"));
    entry.notation = text(r, "notation");
    entry.issuedDate = text(r, "issued_date");
    entry.typeName = text(r, "type_name");
    entry.subject = text(r, "subject");
    entry.signerName = text(r, "signer_name");
    entry.recipients = text(r, "recipients");
    entry.archiveCopy = text(r, "archive_copy");
    entry.series = text(r, "series");
    entry.limited = integer(r, "limited") != 0;
    return entry;
}

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

SessionRecord sessionFrom(Rows& r) {
    SessionRecord session;
    session.tokenHash = text(r, "token_hash");
    session.userId = integer(r, "user_id");
    session.csrf = text(r, "csrf");
    session.createdAt = integer(r, "created_at");
    session.expiresAt = integer(r, "expires_at");
    return session;
}

constexpr const char* kDocumentColumns =
    "id, office_id, author_id, signer_id, state, type_code, subject, content, draft, version, "
    "return_comment, prepared_pdf, prepared_chain, signed_pdf, issued_pdf, number, year, series, "
    "notation, issued_date, created_at, updated_at, exchange_id, reply_to_incoming, "
    "response_for, "
    "EXISTS (SELECT 1 FROM access_limits WHERE object = 'document/' || documents.id) "
    "AS access_limited, "
    "(SELECT group_concat(user_id) FROM access_grants WHERE object = 'document/' || documents.id) "
    "AS access_readers";
constexpr const char* kAuditColumns =
    "seq, at, user_id, username, action, object, address, detail, prev_hash, hash";
constexpr const char* kOfficeColumns =
    "id, code, name, parent_body, system, parent_id, issuer_code, place, seal_key, term, peer, "
    "dissolved_on, successor_id";
constexpr const char* kUserColumns =
    "id, office_id, username, full_name, role, title, signing_key, active, unit, "
    "must_change_password, installation_admin, email";

void registerConnector() {
    static std::once_flag once;
    std::call_once(once, [] {
        Poco::Data::SQLite::Connector::registerConnector();
        Poco::Data::PostgreSQL::Connector::registerConnector();
    });
}

} // namespace

struct SqliteStorage::Impl {
    std::filesystem::path file;
    std::unique_ptr<Session> session;
    mutable std::recursive_mutex mutex;
    int depth = 0; ///< nesting of transaction() on the owning thread

    Session& db() const { return *session; }

    Id lastInsertId() const {
        auto rows = query(db(), sql::lastInsertId(sql::engineOf(db())));
        return rows.moveFirst() ? rows.integer(std::size_t{0}) : 0;
    }

    int readSchemaVersion() const {
        int tables = 0;
        db() << sql::schemaVersionTableCount(sql::engineOf(db())), into(tables), now;
        if (tables == 0) {
            return 0;
        }
        Poco::Nullable<int> version;
        db() << sql::statement(sql::engineOf(db()), "SELECT MAX(version) FROM schema_version"),
            into(version), now;
        return version.isNull() ? 0 : version.value();
    }

    template <typename Work> void inTransaction(Work&& work) {
        std::lock_guard lock(mutex);
        const std::string savepoint = "sp" + std::to_string(depth);
        exec(db(),
             depth == 0 ? sql::beginTransaction(sql::engineOf(db())) : "SAVEPOINT " + savepoint);
        ++depth;
        try {
            if (const auto lock = sql::writeLock(sql::engineOf(db()));
                depth == 1 && !lock.empty()) {
                query(db(), lock);
            }
            work();
        } catch (...) {
            --depth;
            try {
                if (depth == 0) {
                    exec(db(), "ROLLBACK");
                } else {
                    exec(db(), "ROLLBACK TO " + savepoint);
                    exec(db(), "RELEASE " + savepoint);
                }
            } catch (...) {
                // the original failure matters more
            }
            throw;
        }
        --depth;
        try {
            exec(db(), depth == 0 ? "COMMIT" : "RELEASE " + savepoint);
        } catch (...) {
            if (depth == 0) {
                try {
                    exec(db(), "ROLLBACK");
                } catch (...) {
                }
            }
            throw;
        }
    }

    void bringSchemaUpToDate(const SqliteOptions& options, const std::string& name) {
        const int current = currentSchemaVersion();
        const int target = options.migrateTo > 0 ? std::min(options.migrateTo, current) : current;
        const int version = readSchemaVersion();
        if (version > current) {
            throw std::runtime_error("the database " + name + " is from a newer vanthu (schema " +
                                     std::to_string(version) + ", this build knows " +
                                     std::to_string(current) + ")");
        }
        if (options.migrate) {
            migrate(target);
        } else if (version != current) {
            throw std::runtime_error("the database " + name + " is at schema " +
                                     std::to_string(version) + ", not " + std::to_string(current));
        }
    }

    void migrate(int target) {
        const auto& steps = sqlite::migrations();
        exec(db(), "CREATE TABLE IF NOT EXISTS schema_version ("
                   "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
        for (int version = readSchemaVersion(); version < target; ++version) {
            inTransaction([&] {
                for (const auto& step : sql::migration(sql::engineOf(db()),
                                                       steps[static_cast<std::size_t>(version)])) {
                    exec(db(), step);
                }
                exec(db(),
                     "INSERT INTO schema_version (version, applied_at) "
                     "VALUES (?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
                     version + 1);
            });
        }
    }
};

SqliteStorage::SqliteStorage(const std::filesystem::path& databaseFile,
                             const SqliteOptions& options)
    : impl_(std::make_unique<Impl>()) {
    registerConnector();
    impl_->file = databaseFile;
    try {
        if (!options.migrate && !std::filesystem::exists(databaseFile)) {
            throw std::runtime_error("no database at " + databaseFile.string());
        }
        impl_->session = std::make_unique<Session>("SQLite", databaseFile.string());
        exec(impl_->db(), "PRAGMA busy_timeout = " + std::to_string(options.busyTimeoutMs));
        exec(impl_->db(), "PRAGMA foreign_keys = ON");
        std::string mode;
        impl_->db() << "PRAGMA journal_mode = WAL", into(mode), now;
        exec(impl_->db(), "PRAGMA synchronous = FULL");
        impl_->bringSchemaUpToDate(options, databaseFile.string());
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("cannot open the database " + databaseFile.string() + ": " +
                                 e.displayText());
    }
}

SqliteStorage::SqliteStorage(const PostgresDatabase& database, const SqliteOptions& options)
    : impl_(std::make_unique<Impl>()) {
    registerConnector();
    try {
        impl_->session = std::make_unique<Session>("postgresql", database.connection);
        exec(impl_->db(), "SET client_min_messages = warning");
        impl_->bringSchemaUpToDate(options, "(PostgreSQL)");
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("cannot open the PostgreSQL database: " + e.displayText());
    }
}

SqliteStorage::~SqliteStorage() = default;

int SqliteStorage::currentSchemaVersion() {
    return static_cast<int>(sqlite::migrations().size());
}

std::filesystem::path SqliteStorage::databaseFileIn(const std::filesystem::path& dataDir) {
    return dataDir / "vanthu.db";
}

void SqliteStorage::transaction(const std::function<void()>& work) {
    impl_->inTransaction(work);
}

int SqliteStorage::schemaVersion() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->readSchemaVersion();
}

// ---- offices -----------------------------------------------------------------------------

Id SqliteStorage::addOffice(const Office& office) {
    Id id = 0;
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "INSERT INTO offices (code, name, parent_body, system, parent_id, issuer_code, "
                 "place, seal_key, term, peer, dissolved_on, successor_id) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 office.code, office.name, office.parentBody, toString(office.system),
                 nullable(office.parentId), office.issuerCode, office.place, office.sealKey,
                 office.term, office.peer, office.dissolvedOn, nullable(office.successorId));
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Mã định danh " + office.code + " đã được dùng cho một cơ quan khác.");
        }
        id = impl_->lastInsertId();
    });
    return id;
}

void SqliteStorage::updateOffice(const Office& office) {
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "UPDATE offices SET code = ?, name = ?, parent_body = ?, system = ?, "
                 "parent_id = ?, issuer_code = ?, place = ?, seal_key = ?, term = ?, peer = ?, "
                 "dissolved_on = ?, successor_id = ? WHERE id = ?",
                 office.code, office.name, office.parentBody, toString(office.system),
                 nullable(office.parentId), office.issuerCode, office.place, office.sealKey,
                 office.term, office.peer, office.dissolvedOn, nullable(office.successorId),
                 office.id);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Mã định danh " + office.code + " đã được dùng cho một cơ quan khác.");
        }
    });
}

std::optional<Office> SqliteStorage::findOffice(Id id) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<Office>(
        query(impl_->db(), std::string("SELECT ") + kOfficeColumns + " FROM offices WHERE id = ?",
              id),
        officeFrom);
}

std::vector<Office> SqliteStorage::offices() const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<Office>(
        query(impl_->db(), std::string("SELECT ") + kOfficeColumns + " FROM offices ORDER BY id"),
        officeFrom);
}

// ---- users -------------------------------------------------------------------------------

Id SqliteStorage::addUser(const User& user, const std::string& passwordHash) {
    Id id = 0;
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "INSERT INTO users (office_id, username, full_name, role, title, signing_key, "
                 "password_hash, active, unit, must_change_password, installation_admin, "
                 "email) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 user.officeId, user.username, user.fullName, toString(user.role), user.title,
                 user.signingKey, passwordHash, user.active ? 1 : 0, user.unit,
                 user.mustChangePassword ? 1 : 0, user.installationAdministrator ? 1 : 0,
                 user.email);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Tên đăng nhập " + user.username +
                           " đã có người dùng hoặc cơ quan không tồn tại.");
        }
        id = impl_->lastInsertId();
    });
    return id;
}

void SqliteStorage::updateUser(const User& user) {
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "UPDATE users SET office_id = ?, username = ?, full_name = ?, role = ?, "
                 "title = ?, signing_key = ?, active = ?, unit = ?, must_change_password = ?, "
                 "installation_admin = ?, email = ? WHERE id = ?",
                 user.officeId, user.username, user.fullName, toString(user.role), user.title,
                 user.signingKey, user.active ? 1 : 0, user.unit, user.mustChangePassword ? 1 : 0,
                 user.installationAdministrator ? 1 : 0, user.email, user.id);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Tên đăng nhập " + user.username + " đã có người dùng.");
        }
    });
}

void SqliteStorage::setPasswordHash(Id userId, const std::string& passwordHash) {
    impl_->inTransaction([&] {
        exec(impl_->db(), "UPDATE users SET password_hash = ? WHERE id = ?", passwordHash, userId);
    });
}

std::optional<User> SqliteStorage::findUser(Id id) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<User>(
        query(impl_->db(), std::string("SELECT ") + kUserColumns + " FROM users WHERE id = ?", id),
        userFrom);
}

std::optional<User> SqliteStorage::findUserByName(const std::string& username) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<User>(query(impl_->db(),
                                std::string("SELECT ") + kUserColumns +
                                    " FROM users WHERE lower(username) = lower(?)",
                                username),
                          userFrom);
}

std::string SqliteStorage::passwordHash(Id userId) const {
    std::lock_guard lock(impl_->mutex);
    const auto hash = firstRow<std::string>(
        query(impl_->db(), "SELECT password_hash FROM users WHERE id = ?", userId),
        [](Rows& r) { return text(r, "password_hash"); });
    return hash.value_or("");
}

std::vector<User> SqliteStorage::users(std::optional<Id> officeId) const {
    std::lock_guard lock(impl_->mutex);
    const std::string select = std::string("SELECT ") + kUserColumns + " FROM users";
    if (officeId) {
        return mapRows<User>(
            query(impl_->db(), select + " WHERE office_id = ? ORDER BY id", *officeId), userFrom);
    }
    return mapRows<User>(query(impl_->db(), select + " ORDER BY id"), userFrom);
}

// ---- documents ---------------------------------------------------------------------------

namespace {

Poco::Nullable<int> nullableNumber(const std::optional<int>& number) {
    return number ? Poco::Nullable<int>(*number) : Poco::Nullable<int>();
}

} // namespace

Id SqliteStorage::addDocument(const OutgoingDocument& d) {
    Id id = 0;
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "INSERT INTO documents (office_id, author_id, signer_id, state, type_code, "
             "subject, content, draft, version, return_comment, prepared_pdf, "
             "prepared_chain, signed_pdf, issued_pdf, number, year, series, notation, "
             "issued_date, created_at, updated_at, reply_to_incoming, response_for) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
             d.officeId, d.authorId, nullable(d.signerId), toString(d.state), d.typeCode, d.subject,
             d.content, toJson(d.draft), d.version, d.returnComment, d.preparedPdf,
             d.preparedChainPem, d.signedPdf, d.issuedPdf, nullableNumber(d.number), d.year,
             d.series, d.notation, d.issuedDate, d.createdAt, d.updatedAt,
             nullable(d.replyToIncoming), d.responseFor);
        id = impl_->lastInsertId();
        DocumentVersion first{id, d.version, d.content, toJson(d.draft), d.authorId, d.createdAt};
        addDocumentVersion(first);
    });
    return id;
}

void SqliteStorage::updateDocument(const OutgoingDocument& d) {
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "UPDATE documents SET signer_id = ?, state = ?, type_code = ?, subject = ?, "
                 "content = ?, draft = ?, version = ?, return_comment = ?, prepared_pdf = ?, "
                 "prepared_chain = ?, signed_pdf = ?, issued_pdf = ?, number = ?, year = ?, "
                 "series = ?, notation = ?, issued_date = ?, updated_at = ?, exchange_id = ?, "
                 "reply_to_incoming = ?, response_for = ? WHERE id = ?",
                 nullable(d.signerId), toString(d.state), d.typeCode, d.subject, d.content,
                 toJson(d.draft), d.version, d.returnComment, d.preparedPdf, d.preparedChainPem,
                 d.signedPdf, d.issuedPdf, nullableNumber(d.number), d.year, d.series, d.notation,
                 d.issuedDate, d.updatedAt, d.exchangeId, nullable(d.replyToIncoming),
                 d.responseFor, d.id);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Văn bản đã phát hành thì không được thay đổi.");
        } catch (const Poco::Data::SQLite::ExecutionAbortedException&) {
            throw Conflict("Văn bản đã phát hành thì không được thay đổi.");
        }
    });
}

void SqliteStorage::addDocumentVersion(const DocumentVersion& v) {
    impl_->inTransaction([&] {
        if (v.editedAs == kEditedByAuthor) { // the column's default (as before migration 22)
            exec(impl_->db(),
                 "INSERT INTO document_versions (document_id, version, content, draft, "
                 "author_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                 v.documentId, v.version, v.content, v.draft, v.authorId, v.createdAt);
            return;
        }
        exec(impl_->db(),
             "INSERT INTO document_versions (document_id, version, content, draft, author_id, "
             "created_at, edited_as) VALUES (?, ?, ?, ?, ?, ?, ?)",
             v.documentId, v.version, v.content, v.draft, v.authorId, v.createdAt, v.editedAs);
    });
}

std::optional<OutgoingDocument> SqliteStorage::findDocument(Id id) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<OutgoingDocument>(
        query(impl_->db(),
              std::string("SELECT ") + kDocumentColumns + " FROM documents WHERE id = ?", id),
        documentFrom);
}

std::vector<OutgoingDocument> SqliteStorage::documents(Id officeId,
                                                       std::optional<DocumentState> state) const {
    std::lock_guard lock(impl_->mutex);
    const std::string select =
        std::string("SELECT ") + kDocumentColumns + " FROM documents WHERE office_id = ?";
    if (state) {
        return mapRows<OutgoingDocument>(query(impl_->db(),
                                               select + " AND state = ? ORDER BY id DESC", officeId,
                                               toString(*state)),
                                         documentFrom);
    }
    return mapRows<OutgoingDocument>(query(impl_->db(), select + " ORDER BY id DESC", officeId),
                                     documentFrom);
}

std::size_t SqliteStorage::openDrafts(Id authorId) const {
    std::lock_guard lock(impl_->mutex);
    Poco::Int64 count = 0;
    impl_->db() << sql::statement(
        sql::engineOf(impl_->db()),
        "SELECT COUNT(*) FROM documents WHERE author_id = ? AND state IN (?, ?)"),
        into(count), bind(static_cast<Poco::Int64>(authorId)), bind(toString(DocumentState::Draft)),
        bind(toString(DocumentState::Returned)), Poco::Data::Keywords::now;
    return static_cast<std::size_t>(count);
}

std::vector<DocumentVersion> SqliteStorage::documentVersions(Id documentId) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<DocumentVersion>(
        query(impl_->db(),
              "SELECT document_id, version, content, draft, author_id, created_at, edited_as "
              "FROM document_versions WHERE document_id = ? ORDER BY version",
              documentId),
        versionFrom);
}

Id SqliteStorage::addDocumentComment(const DraftComment& c) {
    Id id = 0;
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "INSERT INTO document_comments (document_id, author_id, version, written_at, text) "
             "VALUES (?, ?, ?, ?, ?)",
             c.documentId, c.authorId, c.version, c.writtenAt, c.text);
        id = impl_->lastInsertId();
    });
    return id;
}

namespace {

DraftComment commentFrom(Rows& r) {
    DraftComment c;
    c.id = integer(r, "id");
    c.documentId = integer(r, "document_id");
    c.authorId = integer(r, "author_id");
    c.version = static_cast<int>(integer(r, "version"));
    c.writtenAt = text(r, "written_at");
    c.text = text(r, "text");
    return c;
}

} // namespace

std::vector<DraftComment> SqliteStorage::documentComments(Id documentId) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<DraftComment>(
        query(impl_->db(),
              "SELECT id, document_id, author_id, version, written_at, text "
              "FROM document_comments WHERE document_id = ? ORDER BY id",
              documentId),
        commentFrom);
}

Id SqliteStorage::addIncomingComment(const DraftComment& c) {
    Id id = 0;
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "INSERT INTO incoming_comments (incoming_id, author_id, written_at, text) "
             "VALUES (?, ?, ?, ?)",
             c.documentId, c.authorId, c.writtenAt, c.text);
        id = impl_->lastInsertId();
    });
    return id;
}

std::vector<DraftComment> SqliteStorage::incomingComments(Id incomingId) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<DraftComment>(
        query(impl_->db(),
              "SELECT id, incoming_id AS document_id, author_id, 0 AS version, written_at, text "
              "FROM incoming_comments WHERE incoming_id = ? ORDER BY id",
              incomingId),
        commentFrom);
}

Id SqliteStorage::addDocumentAttachment(const LetterAttachment& a) {
    Id id = 0;
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "INSERT INTO document_attachments (document_id, name, content_type, size, blob, "
                 "added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                 a.documentId, a.name, a.contentType, static_cast<Poco::Int64>(a.size), a.blob,
                 a.addedBy, a.addedAt);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Văn bản đã phát hành thì không thêm tệp đính kèm được.");
        } catch (const Poco::Data::SQLite::ExecutionAbortedException&) {
            throw Conflict("Văn bản đã phát hành thì không thêm tệp đính kèm được.");
        }
        id = impl_->lastInsertId();
    });
    return id;
}

bool SqliteStorage::removeDocumentAttachment(Id documentId, Id attachmentId) {
    bool removed = false;
    impl_->inTransaction([&] {
        Poco::Int64 count = 0;
        impl_->db() << sql::statement(sql::engineOf(impl_->db()),
                                      "SELECT COUNT(*) FROM document_attachments "
                                      "WHERE id = ? AND document_id = ?"),
            into(count), bind(static_cast<Poco::Int64>(attachmentId)),
            bind(static_cast<Poco::Int64>(documentId)), Poco::Data::Keywords::now;
        if (count == 0) {
            return;
        }
        try {
            exec(impl_->db(), "DELETE FROM document_attachments WHERE id = ? AND document_id = ?",
                 attachmentId, documentId);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Văn bản đã phát hành thì không bỏ tệp đính kèm được.");
        } catch (const Poco::Data::SQLite::ExecutionAbortedException&) {
            throw Conflict("Văn bản đã phát hành thì không bỏ tệp đính kèm được.");
        }
        removed = true;
    });
    return removed;
}

std::vector<LetterAttachment> SqliteStorage::documentAttachments(Id documentId) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<LetterAttachment>(
        query(impl_->db(),
              "SELECT id, document_id, name, content_type, size, blob, added_by, added_at "
              "FROM document_attachments WHERE document_id = ? ORDER BY id",
              documentId),
        [](Rows& r) {
            LetterAttachment a;
            a.id = integer(r, "id");
            a.documentId = integer(r, "document_id");
            a.name = text(r, "name");
            a.contentType = text(r, "content_type");
            a.size = static_cast<std::size_t>(integer(r, "size"));
            a.blob = text(r, "blob");
            a.addedBy = integer(r, "added_by");
            a.addedAt = text(r, "added_at");
            return a;
        });
}

std::vector<std::string> SqliteStorage::referencedBlobs() const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<std::string>(
        query(impl_->db(), "SELECT prepared_pdf AS name FROM documents WHERE prepared_pdf <> '' "
                           "UNION SELECT signed_pdf FROM documents WHERE signed_pdf <> '' "
                           "UNION SELECT issued_pdf FROM documents WHERE issued_pdf <> '' "
                           "UNION SELECT pdf FROM incoming_documents WHERE pdf <> '' "
                           "UNION SELECT blob FROM incoming_attachments "
                           "UNION SELECT blob FROM document_attachments "
                           "UNION SELECT pdf FROM imported_documents "
                           // long-term copies, but not of an incoming letter whose content was
                           // recalled (its copy goes with it)
                           "UNION SELECT p.blob FROM preserved_copies p WHERE p.blob <> '' AND "
                           "(p.kind = 'outgoing' OR EXISTS (SELECT 1 FROM incoming_documents i "
                           "WHERE i.id = p.document_id AND i.pdf <> ''))"),
        [](Rows& r) { return r.text(std::size_t{0}); });
}

// ---- outgoing register -------------------------------------------------------------------

int SqliteStorage::nextOutgoingNumber(const RegisterKey& key) {
    int number = 0;
    impl_->inTransaction([&] {
        // Portable (SQLite ≥ 3.24, PostgreSQL): the counter row is created at 0, then bumped;
        // in PostgreSQL the UPDATE locks the row until the issuing transaction ends.
        exec(impl_->db(),
             "INSERT INTO register_counters (office_id, period, series, last_number) "
             "VALUES (?, ?, ?, 0) ON CONFLICT (office_id, period, series) DO NOTHING",
             key.officeId, key.period, key.series);
        exec(impl_->db(),
             "UPDATE register_counters SET last_number = last_number + 1 "
             "WHERE office_id = ? AND period = ? AND series = ?",
             key.officeId, key.period, key.series);
        auto rows = query(impl_->db(),
                          "SELECT last_number FROM register_counters "
                          "WHERE office_id = ? AND period = ? AND series = ?",
                          key.officeId, key.period, key.series);
        number = rows.moveFirst() ? static_cast<int>(rows.integer(std::size_t{0})) : 0;
    });
    return number;
}

int SqliteStorage::peekOutgoingNumber(const RegisterKey& key) const {
    std::lock_guard lock(impl_->mutex);
    const auto last = firstRow<Id>(query(impl_->db(),
                                         "SELECT last_number FROM register_counters "
                                         "WHERE office_id = ? AND period = ? AND series = ?",
                                         key.officeId, key.period, key.series),
                                   [](Rows& r) { return integer(r, "last_number"); });
    return static_cast<int>(last.value_or(0)) + 1;
}

void SqliteStorage::addRegisterEntry(const RegisterKey& key, int year, Id officeId,
                                     const RegisterEntry& e) {
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "INSERT INTO outgoing_register (office_id, period, series, number, year, "
                 "document_id, notation, issued_date, type_name, subject, signer_name, "
                 "recipients, archive_copy) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 officeId, key.period, key.series, e.number, year, e.documentId, e.notation,
                 e.issuedDate, e.typeName, e.subject, e.signerName, e.recipients, e.archiveCopy);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Số " + std::to_string(e.number) +
                           " đã có trong sổ đăng ký văn bản đi; hãy phát hành lại.");
        }
    });
}

std::vector<RegisterEntry> SqliteStorage::registerEntries(Id officeId, int year) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<RegisterEntry>(
        query(impl_->db(),
              "SELECT document_id, number, notation, issued_date, type_name, subject, "
              "signer_name, recipients, archive_copy, series, EXISTS (SELECT 1 FROM access_limits "
              "WHERE "
              "object = 'document/' || document_id) AS limited FROM outgoing_register "
              "WHERE office_id = ? AND year = ? ORDER BY issued_date, series, number",
              officeId, year),
        registerEntryFrom);
}

// ---- audit -------------------------------------------------------------------------------

void SqliteStorage::appendAudit(const AuditRecord& r) {
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "INSERT INTO audit_log (seq, at, user_id, username, action, object, address, "
             "detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
             r.seq, r.at, nullable(r.userId), r.username, r.action, r.object, r.address, r.detail,
             r.prevHash, r.hash);
    });
}

std::optional<AuditRecord> SqliteStorage::lastAudit() const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<AuditRecord>(
        query(impl_->db(),
              std::string("SELECT ") + kAuditColumns + " FROM audit_log ORDER BY seq DESC LIMIT 1"),
        auditFrom);
}

std::vector<AuditRecord> SqliteStorage::auditRecords(std::int64_t afterSeq, int limit) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<AuditRecord>(query(impl_->db(),
                                      std::string("SELECT ") + kAuditColumns +
                                          " FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?",
                                      static_cast<Poco::Int64>(afterSeq), limit),
                                auditFrom);
}

std::vector<AuditRecord> SqliteStorage::latestAudit(int limit) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<AuditRecord>(
        query(impl_->db(),
              std::string("SELECT ") + kAuditColumns + " FROM audit_log ORDER BY seq DESC LIMIT ?",
              limit),
        auditFrom);
}

std::vector<AuditRecord> SqliteStorage::auditFor(const std::string& object) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<AuditRecord>(query(impl_->db(),
                                      std::string("SELECT ") + kAuditColumns +
                                          " FROM audit_log WHERE object = ? ORDER BY seq",
                                      object),
                                auditFrom);
}

// ---- sessions ----------------------------------------------------------------------------

void SqliteStorage::addSession(const SessionRecord& s) {
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) "
             "VALUES (?, ?, ?, ?, ?)",
             s.tokenHash, s.userId, s.csrf, static_cast<Poco::Int64>(s.createdAt),
             static_cast<Poco::Int64>(s.expiresAt));
    });
}

std::optional<SessionRecord> SqliteStorage::findSession(const std::string& tokenHash) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<SessionRecord>(
        query(impl_->db(),
              "SELECT token_hash, user_id, csrf, created_at, expires_at FROM sessions "
              "WHERE token_hash = ?",
              tokenHash),
        sessionFrom);
}

void SqliteStorage::removeSession(const std::string& tokenHash) {
    impl_->inTransaction(
        [&] { exec(impl_->db(), "DELETE FROM sessions WHERE token_hash = ?", tokenHash); });
}

void SqliteStorage::touchSession(const std::string& tokenHash, std::int64_t expiresAt) {
    impl_->inTransaction([&] {
        exec(impl_->db(), "UPDATE sessions SET expires_at = ? WHERE token_hash = ?",
             static_cast<Poco::Int64>(expiresAt), tokenHash);
    });
}

int SqliteStorage::removeUserSessions(Id userId) {
    int removed = 0;
    impl_->inTransaction([&] {
        Poco::Int64 before = 0;
        impl_->db() << sql::statement(sql::engineOf(impl_->db()),
                                      "SELECT COUNT(*) FROM sessions WHERE user_id = ?"),
            bind(userId), into(before), Poco::Data::Keywords::now;
        exec(impl_->db(), "DELETE FROM sessions WHERE user_id = ?", userId);
        removed = static_cast<int>(before);
    });
    return removed;
}

int SqliteStorage::removeExpiredSessions(std::int64_t now) {
    int removed = 0;
    impl_->inTransaction([&] {
        Poco::Int64 before = 0;
        impl_->db() << sql::statement(sql::engineOf(impl_->db()),
                                      "SELECT COUNT(*) FROM sessions WHERE expires_at < ?"),
            bind(static_cast<Poco::Int64>(now)), into(before), Poco::Data::Keywords::now;
        exec(impl_->db(), "DELETE FROM sessions WHERE expires_at < ?",
             static_cast<Poco::Int64>(now));
        removed = static_cast<int>(before);
    });
    return removed;
}

// ---- case files and imported documents (CaseFiles, BulkImport) -----------------------------

namespace {

constexpr const char* kFileListColumns =
    "id, office_id, year, code, title, retention, responsible_id, note";
constexpr const char* kCaseFileColumns =
    "id, office_id, list_entry_id, year, code, title, retention, responsible_id, rights, "
    "language, description, state, start_date, end_date, doc_total, page_total, closed_at, "
    "archive_due_on, created_by, created_at, updated_at, version, "
    "EXISTS (SELECT 1 FROM access_limits WHERE object = 'casefile/' || case_files.id) "
    "AS access_limited, "
    "(SELECT group_concat(user_id) FROM access_grants WHERE object = 'casefile/' || case_files.id) "
    "AS access_readers";
constexpr const char* kImportedColumns =
    "id, office_id, direction, number, notation, issued_date, issuer, type_name, subject, signer, "
    "pdf, pages, source_file, imported_by, imported_at, duplicate_of, duplicate_reason, "
    "issued_amount, language, description";

FileListEntry fileListEntryFrom(Rows& r) {
    FileListEntry e;
    e.id = integer(r, "id");
    e.officeId = integer(r, "office_id");
    e.year = static_cast<int>(integer(r, "year"));
    e.code = text(r, "code");
    e.title = text(r, "title");
    e.retention = text(r, "retention");
    e.responsibleId = optionalInteger(r, "responsible_id");
    e.note = text(r, "note");
    return e;
}

CaseFile caseFileFrom(Rows& r) {
    CaseFile f;
    f.id = integer(r, "id");
    f.officeId = integer(r, "office_id");
    f.listEntryId = optionalInteger(r, "list_entry_id");
    f.year = static_cast<int>(integer(r, "year"));
    f.code = text(r, "code");
    f.title = text(r, "title");
    f.retention = text(r, "retention");
    f.responsibleId = optionalInteger(r, "responsible_id");
    f.rights = text(r, "rights");
    f.language = text(r, "language");
    f.description = text(r, "description");
    f.state = text(r, "state") == "closed" ? CaseFileState::Closed : CaseFileState::Open;
    f.startDate = text(r, "start_date");
    f.endDate = text(r, "end_date");
    f.docTotal = static_cast<int>(integer(r, "doc_total"));
    f.pageTotal = static_cast<int>(integer(r, "page_total"));
    f.closedAt = text(r, "closed_at");
    f.archiveDueOn = text(r, "archive_due_on");
    f.createdBy = integer(r, "created_by");
    f.createdAt = text(r, "created_at");
    f.updatedAt = text(r, "updated_at");
    f.version = static_cast<int>(integer(r, "version"));
    f.access = accessFrom(r);
    return f;
}

CaseFileItem caseFileItemFrom(Rows& r) {
    CaseFileItem item;
    item.caseFileId = integer(r, "case_file_id");
    item.kind = text(r, "kind");
    item.documentId = integer(r, "document_id");
    item.ordinal = static_cast<int>(integer(r, "ordinal"));
    item.addedBy = integer(r, "added_by");
    item.addedAt = text(r, "added_at");
    return item;
}

ImportedDocument importedFrom(Rows& r) {
    ImportedDocument d;
    d.id = integer(r, "id");
    d.officeId = integer(r, "office_id");
    d.direction = text(r, "direction") == "out" ? Direction::Outgoing : Direction::Incoming;
    d.number = text(r, "number");
    d.notation = text(r, "notation");
    d.issuedDate = text(r, "issued_date");
    d.issuer = text(r, "issuer");
    d.typeName = text(r, "type_name");
    d.subject = text(r, "subject");
    d.signer = text(r, "signer");
    d.pdfBlob = text(r, "pdf");
    d.pages = static_cast<int>(integer(r, "pages"));
    d.sourceFile = text(r, "source_file");
    d.importedBy = integer(r, "imported_by");
    d.importedAt = text(r, "imported_at");
    d.duplicateOf = text(r, "duplicate_of");
    d.duplicateReason = text(r, "duplicate_reason");
    d.issuedAmount = static_cast<int>(integer(r, "issued_amount"));
    d.language = text(r, "language");
    d.description = text(r, "description");
    return d;
}

int yearOf(const std::string& isoDate) {
    return isoDate.size() >= 4 ? std::atoi(isoDate.substr(0, 4).c_str()) : 0;
}

} // namespace

Id SqliteStorage::addFileListEntry(const FileListEntry& e) {
    Id id = 0;
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "INSERT INTO file_list (office_id, year, code, title, retention, responsible_id, "
                 "note) VALUES (?, ?, ?, ?, ?, ?, ?)",
                 e.officeId, e.year, e.code, e.title, e.retention, nullable(e.responsibleId),
                 e.note);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Danh mục hồ sơ năm " + std::to_string(e.year) + " đã có hồ sơ số " +
                           e.code + ".");
        }
        id = impl_->lastInsertId();
    });
    return id;
}

std::optional<FileListEntry> SqliteStorage::findFileListEntry(Id id) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<FileListEntry>(
        query(impl_->db(),
              std::string("SELECT ") + kFileListColumns + " FROM file_list WHERE id = ?", id),
        fileListEntryFrom);
}

std::vector<FileListEntry> SqliteStorage::fileList(Id officeId, int year) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<FileListEntry>(
        query(impl_->db(),
              std::string("SELECT ") + kFileListColumns +
                  " FROM file_list WHERE office_id = ? AND year = ? ORDER BY code, id",
              officeId, year),
        fileListEntryFrom);
}

Id SqliteStorage::addCaseFile(const CaseFile& f) {
    Id id = 0;
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "INSERT INTO case_files (office_id, list_entry_id, year, code, title, "
                 "retention, responsible_id, rights, language, description, state, start_date, "
                 "end_date, doc_total, page_total, closed_at, archive_due_on, created_by, "
                 "created_at, updated_at) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 f.officeId, nullable(f.listEntryId), f.year, f.code, f.title, f.retention,
                 nullable(f.responsibleId), f.rights, f.language, f.description, toString(f.state),
                 f.startDate, f.endDate, f.docTotal, f.pageTotal, f.closedAt, f.archiveDueOn,
                 f.createdBy, f.createdAt, f.updatedAt);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Cơ quan đã có hồ sơ số " + f.code + " trong năm " +
                           std::to_string(f.year) + ".");
        }
        id = impl_->lastInsertId();
    });
    return id;
}

void SqliteStorage::updateCaseFile(const CaseFile& f) {
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "UPDATE case_files SET title = ?, retention = ?, responsible_id = ?, "
                 "rights = ?, language = ?, description = ?, state = ?, start_date = ?, "
                 "end_date = ?, doc_total = ?, page_total = ?, closed_at = ?, "
                 "archive_due_on = ?, updated_at = ?, version = ? WHERE id = ?",
                 f.title, f.retention, nullable(f.responsibleId), f.rights, f.language,
                 f.description, toString(f.state), f.startDate, f.endDate, f.docTotal, f.pageTotal,
                 f.closedAt, f.archiveDueOn, f.updatedAt, f.version, f.id);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Hồ sơ đã đóng hoặc đang bị phong tỏa thì không được thay đổi.");
        } catch (const Poco::Data::SQLite::ExecutionAbortedException&) {
            throw Conflict("Hồ sơ đã đóng hoặc đang bị phong tỏa thì không được thay đổi.");
        }
    });
}

std::optional<CaseFile> SqliteStorage::findCaseFile(Id id) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<CaseFile>(
        query(impl_->db(),
              std::string("SELECT ") + kCaseFileColumns + " FROM case_files WHERE id = ?", id),
        caseFileFrom);
}

std::vector<CaseFile> SqliteStorage::caseFiles(Id officeId) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<CaseFile>(query(impl_->db(),
                                   std::string("SELECT ") + kCaseFileColumns +
                                       " FROM case_files WHERE office_id = ? ORDER BY id DESC",
                                   officeId),
                             caseFileFrom);
}

void SqliteStorage::addCaseFileItem(const CaseFileItem& item) {
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "INSERT INTO case_file_items (case_file_id, kind, document_id, ordinal, "
                 "added_by, added_at) VALUES (?, ?, ?, ?, ?, ?)",
                 item.caseFileId, item.kind, item.documentId, item.ordinal, item.addedBy,
                 item.addedAt);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Văn bản này đã có trong hồ sơ này.");
        } catch (const Poco::Data::SQLite::ExecutionAbortedException&) {
            throw Conflict("Hồ sơ đã đóng hoặc đang bị phong tỏa thì không được thêm văn bản.");
        }
    });
}

bool SqliteStorage::removeCaseFileItem(Id caseFileId, const std::string& kind, Id documentId) {
    bool removed = false;
    impl_->inTransaction([&] {
        const auto held = firstRow<Id>(query(impl_->db(),
                                             "SELECT case_file_id FROM case_file_items "
                                             "WHERE case_file_id = ? AND kind = ? AND "
                                             "document_id = ?",
                                             caseFileId, kind, documentId),
                                       [](Rows& r) { return integer(r, "case_file_id"); });
        if (held) {
            try {
                exec(impl_->db(),
                     "DELETE FROM case_file_items WHERE case_file_id = ? AND kind = ? AND "
                     "document_id = ?",
                     caseFileId, kind, documentId);
            } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
                throw Conflict("Hồ sơ đang bị phong tỏa thì không được rút văn bản ra.");
            } catch (const Poco::Data::SQLite::ExecutionAbortedException&) {
                throw Conflict("Hồ sơ đang bị phong tỏa thì không được rút văn bản ra.");
            }
            removed = true;
        }
    });
    return removed;
}

std::vector<CaseFileItem> SqliteStorage::caseFileItems(Id caseFileId) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<CaseFileItem>(
        query(impl_->db(),
              "SELECT case_file_id, kind, document_id, ordinal, added_by, added_at "
              "FROM case_file_items WHERE case_file_id = ? ORDER BY ordinal",
              caseFileId),
        caseFileItemFrom);
}

std::vector<Id> SqliteStorage::caseFilesHolding(const std::string& kind, Id documentId) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<Id>(query(impl_->db(),
                             "SELECT case_file_id FROM case_file_items "
                             "WHERE kind = ? AND document_id = ? ORDER BY case_file_id",
                             kind, documentId),
                       [](Rows& r) { return integer(r, "case_file_id"); });
}

void SqliteStorage::addCaseFileHandover(const CaseFileHandover& h) {
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "INSERT INTO case_file_handovers (case_file_id, handed_by, handed_at, "
                 "package_sha256, receiver) VALUES (?, ?, ?, ?, ?)",
                 h.caseFileId, h.handedBy, h.handedAt, h.packageSha256, h.receiver);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Hồ sơ này đã nộp lưu rồi.");
        }
    });
}

namespace {

constexpr const char* kFreezeSelect =
    "SELECT z.case_file_id, f.code, f.title, f.year, z.order_ref, z.frozen_by, u.full_name, "
    "z.frozen_at FROM case_file_freezes z JOIN case_files f ON f.id = z.case_file_id "
    "JOIN users u ON u.id = z.frozen_by ";

CaseFileFreeze freezeFrom(Rows& r) {
    CaseFileFreeze z;
    z.caseFileId = integer(r, "case_file_id");
    z.code = text(r, "code");
    z.title = text(r, "title");
    z.year = static_cast<int>(integer(r, "year"));
    z.orderRef = text(r, "order_ref");
    z.frozenBy = integer(r, "frozen_by");
    z.frozenByName = text(r, "full_name");
    z.frozenAt = text(r, "frozen_at");
    return z;
}

} // namespace

void SqliteStorage::addCaseFileFreeze(const CaseFileFreeze& z) {
    std::lock_guard lock(impl_->mutex);
    exec(impl_->db(),
         "INSERT INTO case_file_freezes (case_file_id, order_ref, frozen_by, frozen_at) "
         "VALUES (?, ?, ?, ?)",
         z.caseFileId, z.orderRef, z.frozenBy, z.frozenAt);
}

void SqliteStorage::removeCaseFileFreeze(Id caseFileId) {
    std::lock_guard lock(impl_->mutex);
    exec(impl_->db(), "DELETE FROM case_file_freezes WHERE case_file_id = ?", caseFileId);
}

std::optional<CaseFileFreeze> SqliteStorage::findCaseFileFreeze(Id caseFileId) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<CaseFileFreeze>(
        query(impl_->db(), std::string(kFreezeSelect) + "WHERE z.case_file_id = ?", caseFileId),
        freezeFrom);
}

std::vector<CaseFileFreeze> SqliteStorage::caseFileFreezes(Id officeId) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<CaseFileFreeze>(
        query(impl_->db(),
              std::string(kFreezeSelect) + "WHERE f.office_id = ? ORDER BY z.frozen_at, f.code",
              officeId),
        freezeFrom);
}

std::optional<CaseFileHandover> SqliteStorage::findCaseFileHandover(Id caseFileId) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<CaseFileHandover>(
        query(impl_->db(),
              "SELECT h.case_file_id, h.handed_by, u.full_name, h.handed_at, h.package_sha256, "
              "h.receiver FROM case_file_handovers h JOIN users u ON u.id = h.handed_by "
              "WHERE h.case_file_id = ?",
              caseFileId),
        [](Rows& r) {
            CaseFileHandover h;
            h.caseFileId = integer(r, "case_file_id");
            h.handedBy = integer(r, "handed_by");
            h.handedByName = text(r, "full_name");
            h.handedAt = text(r, "handed_at");
            h.packageSha256 = text(r, "package_sha256");
            h.receiver = text(r, "receiver");
            return h;
        });
}

void SqliteStorage::addCaseFileTransfer(const CaseFileHandover& h) {
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "INSERT INTO case_file_transfers (case_file_id, handed_by, handed_at, "
                 "package_sha256, receiver) VALUES (?, ?, ?, ?, ?)",
                 h.caseFileId, h.handedBy, h.handedAt, h.packageSha256, h.receiver);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Hồ sơ này đã nộp vào lưu trữ lịch sử rồi.");
        }
    });
}

std::optional<CaseFileHandover> SqliteStorage::findCaseFileTransfer(Id caseFileId) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<CaseFileHandover>(
        query(impl_->db(),
              "SELECT h.case_file_id, h.handed_by, u.full_name, h.handed_at, h.package_sha256, "
              "h.receiver FROM case_file_transfers h JOIN users u ON u.id = h.handed_by "
              "WHERE h.case_file_id = ?",
              caseFileId),
        [](Rows& r) {
            CaseFileHandover h;
            h.caseFileId = integer(r, "case_file_id");
            h.handedBy = integer(r, "handed_by");
            h.handedByName = text(r, "full_name");
            h.handedAt = text(r, "handed_at");
            h.packageSha256 = text(r, "package_sha256");
            h.receiver = text(r, "receiver");
            return h;
        });
}

bool SqliteStorage::addCaseFileNotice(const CaseFileNotice& n) {
    bool added = false;
    impl_->inTransaction([&] {
        const auto existing = firstRow<Id>(
            query(impl_->db(),
                  "SELECT id FROM case_file_notices WHERE case_file_id = ? AND user_id = ?",
                  n.caseFileId, n.userId),
            [](Rows& r) { return integer(r, "id"); });
        if (!existing) {
            exec(impl_->db(),
                 "INSERT INTO case_file_notices (case_file_id, user_id, office_id, due_on, "
                 "sent_at) VALUES (?, ?, ?, ?, ?)",
                 n.caseFileId, n.userId, n.officeId, n.dueOn, n.sentAt);
            added = true;
        }
    });
    return added;
}

std::vector<CaseFileNotice> SqliteStorage::caseFileNotices(Id userId, bool unreadOnly) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<CaseFileNotice>(
        query(impl_->db(),
              std::string("SELECT n.id, n.case_file_id, n.user_id, n.office_id, n.due_on, "
                          "n.sent_at, n.read_at, f.code, f.title FROM case_file_notices n "
                          "JOIN case_files f ON f.id = n.case_file_id WHERE n.user_id = ?") +
                  (unreadOnly ? " AND n.read_at = ''" : "") + " ORDER BY n.id DESC LIMIT 200",
              userId),
        [](Rows& r) {
            CaseFileNotice n;
            n.id = integer(r, "id");
            n.caseFileId = integer(r, "case_file_id");
            n.userId = integer(r, "user_id");
            n.officeId = integer(r, "office_id");
            n.dueOn = text(r, "due_on");
            n.sentAt = text(r, "sent_at");
            n.readAt = text(r, "read_at");
            n.fileCode = text(r, "code");
            n.fileTitle = text(r, "title");
            return n;
        });
}

bool SqliteStorage::markCaseFileNoticeRead(Id noticeId, Id userId, const std::string& at) {
    bool marked = false;
    impl_->inTransaction([&] {
        const auto unread = firstRow<Id>(query(impl_->db(),
                                               "SELECT id FROM case_file_notices WHERE id = ? "
                                               "AND user_id = ? AND read_at = ''",
                                               noticeId, userId),
                                         [](Rows& r) { return integer(r, "id"); });
        if (unread) {
            exec(impl_->db(), "UPDATE case_file_notices SET read_at = ? WHERE id = ?", at,
                 noticeId);
            marked = true;
        }
    });
    return marked;
}

Id SqliteStorage::addImportedDocument(const ImportedDocument& d) {
    Id id = 0;
    impl_->inTransaction([&] {
        Statement insert(impl_->db());
        const std::string direction = toString(d.direction);
        const int year = yearOf(d.issuedDate);
        const NullableId importedBy = d.importedBy ? NullableId(d.importedBy) : NullableId();
        insert << sql::statement(
            sql::engineOf(impl_->db()),
            "INSERT INTO imported_documents (office_id, direction, number, notation, "
            "issued_date, year, issuer, type_name, subject, signer, pdf, pages, "
            "source_file, imported_by, imported_at, duplicate_of, duplicate_reason, "
            "issued_amount, language, description) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            bind(d.officeId), bind(direction), bind(d.number), bind(d.notation), bind(d.issuedDate),
            bind(year), bind(d.issuer), bind(d.typeName), bind(d.subject), bind(d.signer),
            bind(d.pdfBlob), bind(d.pages), bind(d.sourceFile), bind(importedBy),
            bind(d.importedAt), bind(d.duplicateOf), bind(d.duplicateReason), bind(d.issuedAmount),
            bind(d.language), bind(d.description);
        try {
            execute(insert);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Đã có văn bản số " + d.number + " ký hiệu " + d.notation + " của " +
                           d.issuer + " trong năm " + std::to_string(year) + ".");
        }
        id = impl_->lastInsertId();
    });
    return id;
}

std::optional<ImportedDocument> SqliteStorage::findImportedDocument(Id id) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<ImportedDocument>(
        query(impl_->db(),
              std::string("SELECT ") + kImportedColumns + " FROM imported_documents WHERE id = ?",
              id),
        importedFrom);
}

std::optional<ImportedDocument>
SqliteStorage::findImportedDuplicate(Id officeId, int year, const std::string& number,
                                     const std::string& notation, const std::string& issuer) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<ImportedDocument>(
        query(impl_->db(),
              std::string("SELECT ") + kImportedColumns +
                  " FROM imported_documents WHERE office_id = ? AND year = ? AND number = ? "
                  "AND notation = ? AND issuer = ?",
              officeId, year, number, notation, issuer),
        importedFrom);
}

std::vector<ImportedDocument> SqliteStorage::importedCandidates(Id officeId,
                                                                const std::string& number) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<ImportedDocument>(
        query(impl_->db(),
              std::string("SELECT ") + kImportedColumns +
                  " FROM imported_documents WHERE office_id = ? AND direction = 'in' AND "
                  "ltrim(number, '0') = ? ORDER BY id",
              officeId, number),
        importedFrom);
}

std::vector<ImportedDocument> SqliteStorage::importedDocuments(Id officeId) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<ImportedDocument>(
        query(impl_->db(),
              std::string("SELECT ") + kImportedColumns +
                  " FROM imported_documents WHERE office_id = ? ORDER BY id",
              officeId),
        importedFrom);
}

std::optional<std::string> SqliteStorage::recognisedText(const std::string& blob) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<std::string>(
        query(impl_->db(), "SELECT text FROM recognised_texts WHERE blob = ?", blob),
        [](Rows& r) { return text(r, "text"); });
}

void SqliteStorage::saveRecognisedText(const std::string& blob, const std::string& text) {
    std::lock_guard lock(impl_->mutex);
    exec(impl_->db(),
         "INSERT INTO recognised_texts (blob, text) VALUES (?, ?) "
         "ON CONFLICT (blob) DO UPDATE SET text = excluded.text",
         blob, text);
}

// ---- seals and leaders' certificates ------------------------------------------------------

namespace {

constexpr const char* kKeyColumns =
    "owner, kind, location, token, label, certificate, secret, changed_at";

KeyRecord keyRecordFrom(Rows& r) {
    KeyRecord record;
    record.owner = text(r, "owner");
    record.kind = text(r, "kind");
    record.location = text(r, "location");
    record.token = text(r, "token");
    record.label = text(r, "label");
    record.certificatePem = text(r, "certificate");
    record.secret = text(r, "secret");
    record.changedAt = text(r, "changed_at");
    return record;
}

} // namespace

std::optional<KeyRecord> SqliteStorage::findKeyRecord(const std::string& owner) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<KeyRecord>(
        query(impl_->db(),
              std::string("SELECT ") + kKeyColumns + " FROM key_records WHERE owner = ?", owner),
        keyRecordFrom);
}

void SqliteStorage::saveKeyRecord(const KeyRecord& r) {
    std::lock_guard lock(impl_->mutex);
    exec(impl_->db(),
         std::string("INSERT INTO key_records (") + kKeyColumns +
             ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (owner) DO UPDATE SET "
             "kind = excluded.kind, location = excluded.location, token = excluded.token, "
             "label = excluded.label, certificate = excluded.certificate, "
             "secret = excluded.secret, changed_at = excluded.changed_at",
         r.owner, r.kind, r.location, r.token, r.label, r.certificatePem, r.secret, r.changedAt);
}

bool SqliteStorage::removeKeyRecord(const std::string& owner) {
    std::lock_guard lock(impl_->mutex);
    const bool present =
        firstRow<int>(query(impl_->db(), "SELECT 1 AS one FROM key_records WHERE owner = ?", owner),
                      [](Rows&) { return 1; })
            .has_value();
    exec(impl_->db(), "DELETE FROM key_records WHERE owner = ?", owner);
    return present;
}

std::vector<KeyRecord> SqliteStorage::keyRecords() const {
    std::lock_guard lock(impl_->mutex);
    std::vector<KeyRecord> out;
    auto rs = query(impl_->db(),
                    std::string("SELECT ") + kKeyColumns + " FROM key_records ORDER BY owner");
    for (bool more = rs.moveFirst(); more; more = rs.moveNext()) {
        out.push_back(keyRecordFrom(rs));
    }
    return out;
}

namespace {

constexpr const char* kPolicyColumns =
    "office_id, signer_level, seal_level, tsa, tsa_url, tsa_username, tsa_secret, revocation, "
    "changed_at, changed_by";

SigningPolicyRecord signingPolicyFrom(Rows& r) {
    SigningPolicyRecord record;
    record.officeId = integer(r, "office_id");
    record.signerLevel = text(r, "signer_level");
    record.sealLevel = text(r, "seal_level");
    record.tsa = text(r, "tsa");
    record.tsaUrl = text(r, "tsa_url");
    record.tsaUsername = text(r, "tsa_username");
    record.tsaSecret = text(r, "tsa_secret");
    record.revocation = text(r, "revocation");
    record.changedAt = text(r, "changed_at");
    record.changedBy = text(r, "changed_by");
    return record;
}

} // namespace

std::optional<SigningPolicyRecord> SqliteStorage::findSigningPolicy(Id officeId) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<SigningPolicyRecord>(query(impl_->db(),
                                               std::string("SELECT ") + kPolicyColumns +
                                                   " FROM signing_policies WHERE office_id = ?",
                                               officeId),
                                         signingPolicyFrom);
}

void SqliteStorage::saveSigningPolicy(const SigningPolicyRecord& r) {
    std::lock_guard lock(impl_->mutex);
    exec(impl_->db(),
         std::string("INSERT INTO signing_policies (") + kPolicyColumns +
             ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (office_id) DO UPDATE SET "
             "signer_level = excluded.signer_level, seal_level = excluded.seal_level, "
             "tsa = excluded.tsa, tsa_url = excluded.tsa_url, "
             "tsa_username = excluded.tsa_username, tsa_secret = excluded.tsa_secret, "
             "revocation = excluded.revocation, changed_at = excluded.changed_at, "
             "changed_by = excluded.changed_by",
         r.officeId, r.signerLevel, r.sealLevel, r.tsa, r.tsaUrl, r.tsaUsername, r.tsaSecret,
         r.revocation, r.changedAt, r.changedBy);
}

// ---- saved searches ----------------------------------------------------------------------

namespace {

constexpr const char* kSavedSearchColumns =
    "id, office_id, owner_id, name, query, columns, shared, created_at, updated_at";

SavedSearch savedSearchFrom(Rows& r) {
    SavedSearch s;
    s.id = integer(r, "id");
    s.officeId = integer(r, "office_id");
    s.ownerId = integer(r, "owner_id");
    s.name = text(r, "name");
    s.query = text(r, "query");
    s.columns = text(r, "columns");
    s.shared = integer(r, "shared") != 0;
    s.createdAt = text(r, "created_at");
    s.updatedAt = text(r, "updated_at");
    return s;
}

} // namespace

Id SqliteStorage::addSavedSearch(const SavedSearch& s) {
    Id id = 0;
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "INSERT INTO saved_searches (office_id, owner_id, name, query, columns, shared, "
             "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
             s.officeId, s.ownerId, s.name, s.query, s.columns, s.shared ? 1 : 0, s.createdAt,
             s.updatedAt);
        id = impl_->lastInsertId();
    });
    return id;
}

void SqliteStorage::updateSavedSearch(const SavedSearch& s) {
    std::lock_guard lock(impl_->mutex);
    exec(impl_->db(),
         "UPDATE saved_searches SET name = ?, query = ?, columns = ?, shared = ?, updated_at = ? "
         "WHERE id = ?",
         s.name, s.query, s.columns, s.shared ? 1 : 0, s.updatedAt, s.id);
}

void SqliteStorage::removeSavedSearch(Id id) {
    std::lock_guard lock(impl_->mutex);
    exec(impl_->db(), "DELETE FROM saved_searches WHERE id = ?", id);
}

std::optional<SavedSearch> SqliteStorage::findSavedSearch(Id id) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<SavedSearch>(
        query(impl_->db(),
              std::string("SELECT ") + kSavedSearchColumns + " FROM saved_searches WHERE id = ?",
              id),
        savedSearchFrom);
}

std::vector<SavedSearch> SqliteStorage::savedSearches(Id officeId, Id userId) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<SavedSearch>(
        query(impl_->db(),
              std::string("SELECT ") + kSavedSearchColumns +
                  " FROM saved_searches WHERE owner_id = ? OR (office_id = ? AND shared = 1) "
                  "ORDER BY name, id",
              userId, officeId),
        savedSearchFrom);
}

// ---- metadata fields an office adds (III.7c) ---------------------------------------------

namespace {

constexpr const char* kMetadataFieldColumns =
    "id, office_id, name, type, required, options, created_by, created_at";

MetadataField metadataFieldFrom(Rows& r) {
    MetadataField f;
    f.id = integer(r, "id");
    f.officeId = integer(r, "office_id");
    f.name = text(r, "name");
    parseMetadataType(text(r, "type"), f.type);
    f.required = integer(r, "required") != 0;
    const std::string options = text(r, "options");
    for (std::size_t from = 0; from < options.size();) {
        auto end = options.find('\n', from);
        if (end == std::string::npos) {
            end = options.size();
        }
        f.options.push_back(options.substr(from, end - from));
        from = end + 1;
    }
    f.createdBy = integer(r, "created_by");
    f.createdAt = text(r, "created_at");
    return f;
}

} // namespace

Id SqliteStorage::addMetadataField(const MetadataField& f) {
    std::string options;
    for (const auto& option : f.options) {
        options += (options.empty() ? "" : "\n") + option;
    }
    Id id = 0;
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "INSERT INTO metadata_fields (office_id, name, type, required, options, "
                 "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                 f.officeId, f.name, std::string(metadataTypeName(f.type)), f.required ? 1 : 0,
                 options, f.createdBy, f.createdAt);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Cơ quan đã có trường “" + f.name + "”.");
        }
        id = impl_->lastInsertId();
    });
    return id;
}

void SqliteStorage::removeMetadataField(Id id) {
    std::lock_guard lock(impl_->mutex);
    exec(impl_->db(), "DELETE FROM metadata_fields WHERE id = ?", id);
}

std::optional<MetadataField> SqliteStorage::findMetadataField(Id id) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<MetadataField>(
        query(impl_->db(),
              std::string("SELECT ") + kMetadataFieldColumns + " FROM metadata_fields WHERE id = ?",
              id),
        metadataFieldFrom);
}

std::vector<MetadataField> SqliteStorage::metadataFields(Id officeId) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<MetadataField>(query(impl_->db(),
                                        std::string("SELECT ") + kMetadataFieldColumns +
                                            " FROM metadata_fields WHERE office_id = ? ORDER BY id",
                                        officeId),
                                  metadataFieldFrom);
}

bool SqliteStorage::metadataFieldInUse(Id id) const {
    std::lock_guard lock(impl_->mutex);
    return query(impl_->db(), "SELECT field_id FROM metadata_values WHERE field_id = ? LIMIT 1", id)
        .moveFirst();
}

std::vector<MetadataValue> SqliteStorage::metadataValues(const std::string& kind,
                                                         Id documentId) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<MetadataValue>(
        query(impl_->db(),
              "SELECT v.field_id, f.name, f.type, v.value FROM metadata_values v "
              "JOIN metadata_fields f ON f.id = v.field_id "
              "WHERE v.kind = ? AND v.document_id = ? ORDER BY f.id",
              kind, documentId),
        [](Rows& r) {
            MetadataValue v;
            v.fieldId = integer(r, "field_id");
            v.name = text(r, "name");
            parseMetadataType(text(r, "type"), v.type);
            v.value = text(r, "value");
            return v;
        });
}

void SqliteStorage::replaceMetadataValues(const std::string& kind, Id documentId,
                                          const std::vector<MetadataValue>& values) {
    impl_->inTransaction([&] {
        exec(impl_->db(), "DELETE FROM metadata_values WHERE kind = ? AND document_id = ?", kind,
             documentId);
        for (const auto& v : values) {
            exec(impl_->db(),
                 "INSERT INTO metadata_values (kind, document_id, field_id, value) "
                 "VALUES (?, ?, ?, ?)",
                 kind, documentId, v.fieldId, v.value);
        }
    });
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

constexpr const char* kLoweredColumns =
    "document_id, policy_level, issued_level, reason, chosen_by, chosen_by_name, chosen_at";

LoweredIssue loweredFrom(Rows& r) {
    LoweredIssue l;
    l.documentId = integer(r, "document_id");
    l.policyLevel = text(r, "policy_level");
    l.issuedLevel = text(r, "issued_level");
    l.reason = text(r, "reason");
    l.chosenBy = integer(r, "chosen_by");
    l.chosenByName = text(r, "chosen_by_name");
    l.chosenAt = text(r, "chosen_at");
    return l;
}

} // namespace

void SqliteStorage::addToIssueQueue(const IssueQueueEntry& e) {
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

void SqliteStorage::updateIssueQueueEntry(const IssueQueueEntry& e) {
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "UPDATE issue_queue SET attempts = ?, next_attempt_at = ?, last_attempt_at = ?, "
             "last_code = ?, last_error = ? WHERE document_id = ?",
             e.attempts, static_cast<Poco::Int64>(e.nextAttemptAt), e.lastAttemptAt, e.lastCode,
             e.lastError, e.documentId);
    });
}

void SqliteStorage::removeFromIssueQueue(Id documentId) {
    impl_->inTransaction(
        [&] { exec(impl_->db(), "DELETE FROM issue_queue WHERE document_id = ?", documentId); });
}

std::optional<IssueQueueEntry> SqliteStorage::findIssueQueueEntry(Id documentId) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<IssueQueueEntry>(
        query(impl_->db(),
              std::string("SELECT ") + kQueueColumns + " FROM issue_queue WHERE document_id = ?",
              documentId),
        queueEntryFrom);
}

std::vector<IssueQueueEntry> SqliteStorage::issueQueue(std::optional<Id> officeId) const {
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

std::vector<IssueQueueEntry> SqliteStorage::lockDueIssueQueueEntries(std::int64_t now, int limit) {
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

std::optional<WorkClaim> SqliteStorage::lockWorkClaim(const std::string& work) {
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

void SqliteStorage::saveWorkClaim(const WorkClaim& claim) {
    impl_->inTransaction([&] {
        exec(impl_->db(), "UPDATE work_claims SET holder = ?, claimed_until = ? WHERE work = ?",
             claim.holder, static_cast<Poco::Int64>(claim.until), claim.work);
    });
}

void SqliteStorage::addLoweredIssue(const LoweredIssue& l) {
    impl_->inTransaction([&] {
        exec(impl_->db(),
             std::string("INSERT INTO lowered_issues (") + kLoweredColumns +
                 ") VALUES (?, ?, ?, ?, ?, ?, ?)",
             l.documentId, l.policyLevel, l.issuedLevel, l.reason, l.chosenBy, l.chosenByName,
             l.chosenAt);
    });
}

std::optional<LoweredIssue> SqliteStorage::findLoweredIssue(Id documentId) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<LoweredIssue>(query(impl_->db(),
                                        std::string("SELECT ") + kLoweredColumns +
                                            " FROM lowered_issues WHERE document_id = ?",
                                        documentId),
                                  loweredFrom);
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

std::vector<WaitingWork> SqliteStorage::waitingWork(const std::string& today,
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

bool SqliteStorage::hasMailNotice(Id userId, const std::string& key) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<Id>(query(impl_->db(),
                              "SELECT id FROM mail_notices WHERE user_id = ? AND notice_key = ?",
                              userId, key),
                        [](Rows& r) { return integer(r, "id"); })
        .has_value();
}

bool SqliteStorage::addMailNotice(const MailNotice& n) {
    bool added = false;
    impl_->inTransaction([&] {
        const auto existing = firstRow<Id>(
            query(impl_->db(), "SELECT id FROM mail_notices WHERE user_id = ? AND notice_key = ?",
                  n.userId, n.key),
            [](Rows& r) { return integer(r, "id"); });
        if (!existing) {
            exec(impl_->db(),
                 "INSERT INTO mail_notices (user_id, notice_key, recipient, subject, body, "
                 "queued_at, attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 n.userId, n.key, n.recipient, n.subject, n.body, n.queuedAt, n.attempts,
                 static_cast<Poco::Int64>(n.nextAttemptAt));
            added = true;
        }
    });
    return added;
}

std::vector<MailNotice> SqliteStorage::dueMailNotices(std::int64_t now, int limit) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<MailNotice>(
        query(impl_->db(),
              std::string("SELECT ") + kMailColumns +
                  " FROM mail_notices WHERE sent_at = '' AND next_attempt_at <= ? ORDER BY "
                  "next_attempt_at, id LIMIT ?",
              static_cast<Poco::Int64>(now), limit),
        mailNoticeFrom);
}

void SqliteStorage::updateMailNotice(const MailNotice& n) {
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "UPDATE mail_notices SET attempts = ?, next_attempt_at = ?, last_attempt_at = ?, "
             "last_error = ?, sent_at = ? WHERE id = ?",
             n.attempts, static_cast<Poco::Int64>(n.nextAttemptAt), n.lastAttemptAt, n.lastError,
             n.sentAt, n.id);
    });
}

std::vector<MailNotice> SqliteStorage::mailNotices(std::optional<Id> userId, int limit) const {
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

std::vector<std::string> SqliteStorage::mailOptOuts(Id userId) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<std::string>(
        query(impl_->db(), "SELECT kind FROM mail_opt_outs WHERE user_id = ? ORDER BY kind",
              userId),
        [](Rows& r) { return text(r, "kind"); });
}

void SqliteStorage::setMailOptOuts(Id userId, const std::vector<std::string>& kinds) {
    impl_->inTransaction([&] {
        exec(impl_->db(), "DELETE FROM mail_opt_outs WHERE user_id = ?", userId);
        for (const auto& kind : kinds) {
            exec(impl_->db(), "INSERT INTO mail_opt_outs (user_id, kind) VALUES (?, ?)", userId,
                 kind);
        }
    });
}

std::optional<StoredSmtp> SqliteStorage::storedSmtp() const {
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

void SqliteStorage::setStoredSmtp(const std::optional<StoredSmtp>& smtp) {
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

void SqliteStorage::savePreservedCopy(const PreservedCopy& c) {
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

std::optional<PreservedCopy> SqliteStorage::findPreservedCopy(const std::string& kind,
                                                              Id documentId) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<PreservedCopy>(
        query(impl_->db(),
              std::string("SELECT ") + kPreservedColumns +
                  " FROM preserved_copies WHERE kind = ? AND document_id = ?",
              kind, documentId),
        preservedFrom);
}

std::vector<PreservedCopy> SqliteStorage::preservedCopiesDue(std::int64_t expiresBefore,
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

std::vector<PreservedCopy> SqliteStorage::lettersWithoutCopy(std::size_t limit) const {
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

PreservationCounts SqliteStorage::preservationCounts(std::int64_t expiresBefore) const {
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

RenewalState SqliteStorage::renewalState() const {
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

void SqliteStorage::saveRenewalState(const RenewalState& st) {
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

// ---- routing: dispatch, incoming documents, the exchange outbox --------------------------

namespace {

constexpr const char* kIncomingColumns =
    "id, office_id, state, channel, package_id, exchange_id, sender_code, sender_name, "
    "sender_peer, number, notation, issued_date, place, type_code, type_name, subject, "
    "signer_name, signer_position, recipients, due_date, response_for, urgency, secrecy, pdf, "
    "signature_status, signature_report, received_at, entered_by, refuse_reason, arrival_number, "
    "arrival_date, arrival_year, assignee_id, assigned_unit, assigned_by, deadline, instructions, "
    "assigned_at, started_at, done_at, done_note, reply_document_id, updated_at, recall, "
    "recall_kind, recall_reason, recall_requested_at, recall_answer, recall_answered_at, "
    "recall_answered_by, replaced_by, duplicate_kind, duplicate_of, duplicate_match, "
    "duplicate_reason, issued_amount, page_amount, language, description, assignment_version, "
    "EXISTS (SELECT 1 FROM access_limits WHERE object = 'incoming/' || incoming_documents.id) "
    "AS access_limited, "
    "(SELECT group_concat(user_id) FROM access_grants "
    "WHERE object = 'incoming/' || incoming_documents.id) AS access_readers";
constexpr const char* kDispatchColumns =
    "id, document_id, recipient_code, recipient_name, channel, peer, status_code, status_at, "
    "status_description, sent_at, note";
constexpr const char* kOutboxColumns =
    "id, peer, kind, document_id, recipient_code, package_id, exchange_id, sender_code, "
    "status_code, status_description, status_at, staff, attempts, next_attempt_at, last_error, "
    "created_at, delivered_at, affects, cancelled_at, axis_doc_id, axis_receiver_doc_id, "
    "axis_receive_status, axis_send_status, axis_checked_at";

std::string joinedLines(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& line : lines) {
        out += (out.empty() ? "" : "\n") + line;
    }
    return out;
}

std::vector<std::string> splitLines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find('\n', start);
        out.push_back(text.substr(start, end == std::string::npos ? end : end - start));
        if (end == std::string::npos) {
            break;
        }
        start = end + 1;
    }
    return out;
}

Poco::Nullable<int> nullableInt(const std::optional<int>& value) {
    return value ? Poco::Nullable<int>(*value) : Poco::Nullable<int>();
}

IncomingDocument incomingFrom(Rows& r) {
    IncomingDocument d;
    d.id = integer(r, "id");
    d.officeId = integer(r, "office_id");
    d.state = parseIncomingState(text(r, "state")).value_or(IncomingState::Arrived);
    d.channel = text(r, "channel");
    d.packageId = text(r, "package_id");
    d.exchangeId = text(r, "exchange_id");
    d.senderCode = text(r, "sender_code");
    d.senderName = text(r, "sender_name");
    d.senderPeer = text(r, "sender_peer");
    d.number = text(r, "number");
    d.notation = text(r, "notation");
    d.issuedDate = text(r, "issued_date");
    d.place = text(r, "place");
    d.typeCode = text(r, "type_code");
    d.typeName = text(r, "type_name");
    d.subject = text(r, "subject");
    d.signerName = text(r, "signer_name");
    d.signerPosition = text(r, "signer_position");
    d.recipients = splitLines(text(r, "recipients"));
    d.dueDate = text(r, "due_date");
    d.issuedAmount = static_cast<int>(optionalInteger(r, "issued_amount").value_or(0));
    d.pageAmount = static_cast<int>(optionalInteger(r, "page_amount").value_or(0));
    d.language = text(r, "language");
    d.description = text(r, "description");
    d.responseFor = text(r, "response_for");
    d.urgency = text(r, "urgency");
    d.secrecy = text(r, "secrecy");
    d.pdf = text(r, "pdf");
    d.signatureStatus = text(r, "signature_status");
    d.signatureReport = text(r, "signature_report");
    d.receivedAt = text(r, "received_at");
    d.enteredBy = optionalInteger(r, "entered_by");
    d.refuseReason = text(r, "refuse_reason");
    if (const auto number = optionalInteger(r, "arrival_number")) {
        d.arrivalNumber = static_cast<int>(*number);
    }
    d.arrivalDate = text(r, "arrival_date");
    d.arrivalYear = static_cast<int>(integer(r, "arrival_year"));
    d.assigneeId = optionalInteger(r, "assignee_id");
    d.assignedUnit = text(r, "assigned_unit");
    d.assignedById = optionalInteger(r, "assigned_by");
    d.deadline = text(r, "deadline");
    d.instructions = text(r, "instructions");
    d.assignedAt = text(r, "assigned_at");
    d.startedAt = text(r, "started_at");
    d.doneAt = text(r, "done_at");
    d.doneNote = text(r, "done_note");
    d.replyDocumentId = optionalInteger(r, "reply_document_id");
    d.updatedAt = text(r, "updated_at");
    d.assignmentVersion = static_cast<int>(integer(r, "assignment_version"));
    d.recall.state = text(r, "recall");
    d.recall.kind = text(r, "recall_kind");
    d.recall.reason = text(r, "recall_reason");
    d.recall.requestedAt = text(r, "recall_requested_at");
    d.recall.answer = text(r, "recall_answer");
    d.recall.answeredAt = text(r, "recall_answered_at");
    d.recall.answeredBy = optionalInteger(r, "recall_answered_by");
    d.recall.replacedBy = text(r, "replaced_by");
    d.duplicate.kind = text(r, "duplicate_kind");
    d.duplicate.of = optionalInteger(r, "duplicate_of");
    d.duplicate.match = text(r, "duplicate_match");
    d.duplicate.reason = text(r, "duplicate_reason");
    d.access = accessFrom(r);
    return d;
}

DispatchRecord dispatchFrom(Rows& r) {
    DispatchRecord d;
    d.id = integer(r, "id");
    d.documentId = integer(r, "document_id");
    d.recipientCode = text(r, "recipient_code");
    d.recipientName = text(r, "recipient_name");
    d.channel = parseDispatchChannel(text(r, "channel")).value_or(DispatchChannel::Paper);
    d.peer = text(r, "peer");
    d.statusCode = text(r, "status_code");
    d.statusAt = text(r, "status_at");
    d.statusDescription = text(r, "status_description");
    d.sentAt = text(r, "sent_at");
    d.note = text(r, "note");
    return d;
}

OutboxItem outboxFrom(Rows& r) {
    OutboxItem o;
    o.id = integer(r, "id");
    o.peer = text(r, "peer");
    o.kind = text(r, "kind");
    o.documentId = integer(r, "document_id");
    o.recipientCode = text(r, "recipient_code");
    o.packageId = text(r, "package_id");
    o.exchangeId = text(r, "exchange_id");
    o.senderCode = text(r, "sender_code");
    o.statusCode = text(r, "status_code");
    o.statusDescription = text(r, "status_description");
    o.statusAt = text(r, "status_at");
    o.staff = text(r, "staff");
    o.attempts = static_cast<int>(integer(r, "attempts"));
    o.nextAttemptAt = text(r, "next_attempt_at");
    o.lastError = text(r, "last_error");
    o.createdAt = text(r, "created_at");
    o.deliveredAt = text(r, "delivered_at");
    o.affects = text(r, "affects");
    o.cancelledAt = text(r, "cancelled_at");
    o.axisDocId = text(r, "axis_doc_id");
    o.axisReceiverDocId = text(r, "axis_receiver_doc_id");
    o.axisReceiveStatus = text(r, "axis_receive_status");
    o.axisSendStatus = text(r, "axis_send_status");
    o.axisCheckedAt = text(r, "axis_checked_at");
    return o;
}

} // namespace

std::optional<OutgoingDocument>
SqliteStorage::findDocumentByExchangeId(const std::string& exchangeId) const {
    std::lock_guard lock(impl_->mutex);
    if (exchangeId.empty()) {
        return std::nullopt;
    }
    return firstRow<OutgoingDocument>(
        query(impl_->db(),
              std::string("SELECT ") + kDocumentColumns + " FROM documents WHERE exchange_id = ?",
              exchangeId),
        documentFrom);
}

Id SqliteStorage::addIncoming(const IncomingDocument& d) {
    Id id = 0;
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "INSERT INTO incoming_documents (office_id, state, channel, package_id, "
                 "exchange_id, sender_code, sender_name, sender_peer, number, notation, "
                 "issued_date, place, type_code, type_name, subject, signer_name, "
                 "signer_position, recipients, due_date, response_for, urgency, secrecy, pdf, "
                 "signature_status, signature_report, received_at, entered_by, updated_at, "
                 "issued_amount, page_amount, language, description) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                 "?, ?, ?, ?, ?, ?, ?, ?)",
                 d.officeId, toString(d.state), d.channel, d.packageId, d.exchangeId, d.senderCode,
                 d.senderName, d.senderPeer, d.number, d.notation, d.issuedDate, d.place,
                 d.typeCode, d.typeName, d.subject, d.signerName, d.signerPosition,
                 joinedLines(d.recipients), d.dueDate, d.responseFor, d.urgency, d.secrecy, d.pdf,
                 d.signatureStatus, d.signatureReport, d.receivedAt, nullable(d.enteredBy),
                 d.updatedAt, static_cast<Poco::Int64>(d.issuedAmount),
                 static_cast<Poco::Int64>(d.pageAmount), d.language, d.description);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Văn bản này (gói " + d.packageId + ") đã đến cơ quan rồi.");
        }
        id = impl_->lastInsertId();
        int position = 0;
        for (const auto& a : d.attachments) {
            exec(impl_->db(),
                 "INSERT INTO incoming_attachments (incoming_id, position, name, content_type, "
                 "blob) VALUES (?, ?, ?, ?, ?)",
                 id, position++, a.name, a.contentType, a.blob);
        }
    });
    return id;
}

void SqliteStorage::updateIncoming(const IncomingDocument& d) {
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "UPDATE incoming_documents SET state = ?, refuse_reason = ?, arrival_number = ?, "
                 "arrival_date = ?, arrival_year = ?, assignee_id = ?, assigned_unit = ?, "
                 "assigned_by = ?, deadline = ?, instructions = ?, assigned_at = ?, "
                 "started_at = ?, done_at = ?, done_note = ?, reply_document_id = ?, "
                 "entered_by = ?, updated_at = ?, assignment_version = ? WHERE id = ?",
                 toString(d.state), d.refuseReason, nullableInt(d.arrivalNumber), d.arrivalDate,
                 d.arrivalYear, nullable(d.assigneeId), d.assignedUnit, nullable(d.assignedById),
                 d.deadline, d.instructions, d.assignedAt, d.startedAt, d.doneAt, d.doneNote,
                 nullable(d.replyDocumentId), nullable(d.enteredBy), d.updatedAt,
                 d.assignmentVersion, d.id);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Số đến này đã có trong sổ đăng ký văn bản đến; hãy vào sổ lại.");
        }
    });
}

namespace {

std::vector<Attachment> attachmentsOf(Session& db, Id incomingId) {
    return mapRows<Attachment>(query(db,
                                     "SELECT name, content_type, blob FROM incoming_attachments "
                                     "WHERE incoming_id = ? ORDER BY position",
                                     incomingId),
                               [](Rows& r) {
                                   Attachment a;
                                   a.name = text(r, "name");
                                   a.contentType = text(r, "content_type");
                                   a.blob = text(r, "blob");
                                   return a;
                               });
}

constexpr const char* kHandlerColumns =
    "h.incoming_id, h.user_id, h.role, h.status, h.note, h.assigned_by, h.assigned_at, "
    "h.updated_at";

IncomingHandler handlerFrom(Rows& r) {
    IncomingHandler h;
    h.userId = integer(r, "user_id");
    h.role = text(r, "role");
    h.status = text(r, "status");
    h.note = text(r, "note");
    h.assignedBy = optionalInteger(r, "assigned_by");
    h.assignedAt = text(r, "assigned_at");
    h.updatedAt = text(r, "updated_at");
    return h;
}

/// The handlers and instructions of one incoming document (distribution, issue 14 item 3).
void loadDistribution(Session& db, IncomingDocument& doc) {
    doc.handlers = mapRows<IncomingHandler>(
        query(db,
              std::string("SELECT ") + kHandlerColumns +
                  " FROM incoming_handlers h WHERE h.incoming_id = ? ORDER BY h.position",
              doc.id),
        handlerFrom);
    doc.instructionHistory = mapRows<Instruction>(
        query(db,
              "SELECT id, author_id, given_at, text FROM incoming_instructions "
              "WHERE incoming_id = ? ORDER BY id",
              doc.id),
        [](Rows& r) {
            Instruction i;
            i.id = integer(r, "id");
            i.authorId = optionalInteger(r, "author_id");
            i.givenAt = text(r, "given_at");
            i.text = text(r, "text");
            return i;
        });
}

/// The handlers of many documents of one office, in one query.
void loadOfficeHandlers(Session& db, Id officeId, std::vector<IncomingDocument>& docs) {
    std::map<Id, std::vector<IncomingHandler>> byDocument;
    Rows rows = query(db,
                      std::string("SELECT ") + kHandlerColumns +
                          " FROM incoming_handlers h JOIN incoming_documents d ON d.id = "
                          "h.incoming_id WHERE d.office_id = ? ORDER BY h.incoming_id, h.position",
                      officeId);
    for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
        byDocument[integer(rows, "incoming_id")].push_back(handlerFrom(rows));
    }
    for (auto& doc : docs) {
        if (auto found = byDocument.find(doc.id); found != byDocument.end()) {
            doc.handlers = found->second;
        }
    }
}

} // namespace

void SqliteStorage::setIncomingHandlers(Id incomingId,
                                        const std::vector<IncomingHandler>& handlers) {
    impl_->inTransaction([&] {
        exec(impl_->db(), "DELETE FROM incoming_handlers WHERE incoming_id = ?", incomingId);
        Id position = 0;
        for (const auto& h : handlers) {
            exec(impl_->db(),
                 "INSERT INTO incoming_handlers (incoming_id, user_id, role, status, note, "
                 "position, assigned_by, assigned_at, updated_at) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 incomingId, h.userId, h.role, h.status, h.note, position++, nullable(h.assignedBy),
                 h.assignedAt, h.updatedAt);
        }
    });
}

Id SqliteStorage::addIncomingInstruction(Id incomingId, const Instruction& instruction) {
    Id id = 0;
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "INSERT INTO incoming_instructions (incoming_id, author_id, given_at, text) "
             "VALUES (?, ?, ?, ?)",
             incomingId, nullable(instruction.authorId), instruction.givenAt, instruction.text);
        id = impl_->lastInsertId();
    });
    return id;
}

void SqliteStorage::updateIncomingDuplicate(const IncomingDocument& d) {
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "UPDATE incoming_documents SET duplicate_kind = ?, duplicate_of = ?, "
             "duplicate_match = ?, duplicate_reason = ? WHERE id = ?",
             d.duplicate.kind, nullable(d.duplicate.of), d.duplicate.match, d.duplicate.reason,
             d.id);
    });
}

std::vector<IncomingDocument> SqliteStorage::incomingCandidates(Id officeId,
                                                                const std::string& exchangeId,
                                                                const std::string& number) const {
    std::lock_guard lock(impl_->mutex);
    // Numbers compared without leading zeros ("05" and "5"); ltrim('0') of "0" is "".
    return mapRows<IncomingDocument>(
        query(impl_->db(),
              std::string("SELECT ") + kIncomingColumns +
                  " FROM incoming_documents WHERE office_id = ? AND ((? <> '' AND exchange_id = "
                  "?) OR (? <> '' AND ltrim(trim(number), '0') = ?)) ORDER BY id",
              officeId, exchangeId, exchangeId, number, number),
        incomingFrom);
}

void SqliteStorage::updateIncomingRecall(const IncomingDocument& d) {
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "UPDATE incoming_documents SET recall = ?, recall_kind = ?, recall_reason = ?, "
             "recall_requested_at = ?, recall_answer = ?, recall_answered_at = ?, "
             "recall_answered_by = ?, replaced_by = ?, pdf = ?, updated_at = ? WHERE id = ?",
             d.recall.state, d.recall.kind, d.recall.reason, d.recall.requestedAt, d.recall.answer,
             d.recall.answeredAt, nullable(d.recall.answeredBy), d.recall.replacedBy, d.pdf,
             d.updatedAt, d.id);
        int position = 0;
        for (const auto& a : d.attachments) {
            exec(impl_->db(),
                 "UPDATE incoming_attachments SET blob = ? WHERE incoming_id = ? AND position = ?",
                 a.blob, d.id, position++);
        }
    });
}

std::vector<IncomingDocument>
SqliteStorage::findIncomingByExchangeId(const std::string& senderCode,
                                        const std::string& exchangeId) const {
    std::vector<Id> ids;
    {
        std::lock_guard lock(impl_->mutex);
        if (exchangeId.empty()) {
            return {};
        }
        ids = mapRows<Id>(query(impl_->db(),
                                "SELECT id FROM incoming_documents WHERE sender_code = ? AND "
                                "exchange_id = ? ORDER BY id",
                                senderCode, exchangeId),
                          [](Rows& r) { return static_cast<Id>(integer(r, "id")); });
    }
    std::vector<IncomingDocument> out;
    for (const auto id : ids) {
        if (auto doc = findIncoming(id)) {
            out.push_back(std::move(*doc));
        }
    }
    return out;
}

namespace {

constexpr const char* kAccessNoticeColumns =
    "id, user_id, office_id, change, detail, changed_by, changed_at, confirmed_by, confirmed_at";

AccessNotice accessNoticeFrom(Rows& r) {
    AccessNotice n;
    n.id = integer(r, "id");
    n.userId = integer(r, "user_id");
    n.officeId = integer(r, "office_id");
    n.change = text(r, "change");
    n.detail = text(r, "detail");
    n.changedBy = text(r, "changed_by");
    n.changedAt = text(r, "changed_at");
    n.confirmedBy = optionalInteger(r, "confirmed_by");
    n.confirmedAt = text(r, "confirmed_at");
    return n;
}

} // namespace

// ---- units (phòng, ban) of an office -----------------------------------------------------

namespace {

Unit unitFrom(Rows& r) {
    Unit unit;
    unit.id = integer(r, "id");
    unit.officeId = integer(r, "office_id");
    unit.name = text(r, "name");
    return unit;
}

Conflict unitTaken(const std::string& name) {
    return Conflict("Cơ quan đã có đơn vị \"" + name + "\".");
}

} // namespace

Id SqliteStorage::addUnit(const Unit& unit) {
    Id id = 0;
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(), "INSERT INTO units (office_id, name) VALUES (?, ?)", unit.officeId,
                 unit.name);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw unitTaken(unit.name);
        }
        id = impl_->lastInsertId();
    });
    return id;
}

void SqliteStorage::renameUnit(Id unitId, const std::string& name) {
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(), "UPDATE units SET name = ? WHERE id = ?", name, unitId);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw unitTaken(name);
        }
    });
}

void SqliteStorage::removeUnit(Id unitId) {
    impl_->inTransaction([&] { exec(impl_->db(), "DELETE FROM units WHERE id = ?", unitId); });
}

std::optional<Unit> SqliteStorage::findUnit(Id unitId) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<Unit>(
        query(impl_->db(), "SELECT id, office_id, name FROM units WHERE id = ?", unitId), unitFrom);
}

std::vector<Unit> SqliteStorage::units(Id officeId) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<Unit>(query(impl_->db(),
                               "SELECT id, office_id, name FROM units WHERE office_id = ? "
                               "ORDER BY id",
                               officeId),
                         unitFrom);
}

std::vector<Storage::SignInTally> SqliteStorage::signInTallies(const std::string& from,
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

Id SqliteStorage::addAccessNotice(const AccessNotice& n) {
    Id id = 0;
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "INSERT INTO access_notices (user_id, office_id, change, detail, changed_by, "
             "changed_at) VALUES (?, ?, ?, ?, ?, ?)",
             n.userId, n.officeId, n.change, n.detail, n.changedBy, n.changedAt);
        id = impl_->lastInsertId();
    });
    return id;
}

std::optional<AccessNotice> SqliteStorage::findAccessNotice(Id id) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<AccessNotice>(
        query(impl_->db(),
              std::string("SELECT ") + kAccessNoticeColumns + " FROM access_notices WHERE id = ?",
              id),
        accessNoticeFrom);
}

std::vector<AccessNotice> SqliteStorage::accessNotices(bool pendingOnly, std::size_t limit) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<AccessNotice>(
        query(impl_->db(),
              std::string("SELECT ") + kAccessNoticeColumns + " FROM access_notices" +
                  (pendingOnly ? " WHERE confirmed_at = ''" : "") + " ORDER BY id DESC LIMIT ?",
              static_cast<Poco::Int64>(limit)),
        accessNoticeFrom);
}

void SqliteStorage::confirmAccessNotice(Id id, Id confirmedBy, const std::string& confirmedAt) {
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "UPDATE access_notices SET confirmed_by = ?, confirmed_at = ? WHERE id = ?",
                 confirmedBy, confirmedAt, id);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            // The trigger: confirmed already.
            throw Conflict("Thông báo này đã được xác nhận.");
        }
    });
}

// ---- secret access and document reads (SecretAccess, issue 14 item 6) ----------------------

std::optional<AccessLimitRecord> SqliteStorage::findAccessLimit(const std::string& object) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<AccessLimitRecord>(
        query(impl_->db(),
              "SELECT object, office_id, limited_by, limited_at FROM access_limits WHERE object "
              "= ?",
              object),
        [](Rows& r) {
            AccessLimitRecord limit;
            limit.object = text(r, "object");
            limit.officeId = integer(r, "office_id");
            limit.limitedBy = integer(r, "limited_by");
            limit.limitedAt = text(r, "limited_at");
            return limit;
        });
}

void SqliteStorage::addAccessLimit(const AccessLimitRecord& limit) {
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "INSERT OR IGNORE INTO access_limits (object, office_id, limited_by, limited_at) "
             "VALUES (?, ?, ?, ?)",
             limit.object, limit.officeId, limit.limitedBy, limit.limitedAt);
    });
}

bool SqliteStorage::removeAccessLimit(const std::string& object) {
    bool removed = false;
    impl_->inTransaction([&] {
        removed = findAccessLimit(object).has_value();
        exec(impl_->db(), "DELETE FROM access_grants WHERE object = ?", object);
        exec(impl_->db(), "DELETE FROM access_limits WHERE object = ?", object);
    });
    return removed;
}

std::vector<AccessGrant> SqliteStorage::accessGrants(const std::string& object) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<AccessGrant>(
        query(impl_->db(),
              "SELECT user_id, granted_by, granted_at FROM access_grants WHERE object = ? "
              "ORDER BY user_id",
              object),
        [](Rows& r) {
            AccessGrant grant;
            grant.userId = integer(r, "user_id");
            grant.grantedBy = integer(r, "granted_by");
            grant.grantedAt = text(r, "granted_at");
            return grant;
        });
}

bool SqliteStorage::addAccessGrant(const std::string& object, const AccessGrant& grant) {
    bool added = false;
    impl_->inTransaction([&] {
        Poco::Int64 named = 0;
        impl_->db() << sql::statement(sql::engineOf(impl_->db()),
                                      "SELECT COUNT(*) FROM access_grants WHERE object = ? AND "
                                      "user_id = ?"),
            bind(object), bind(grant.userId), into(named), now;
        if (named == 0) {
            exec(impl_->db(),
                 "INSERT INTO access_grants (object, user_id, granted_by, granted_at) VALUES "
                 "(?, ?, ?, ?)",
                 object, grant.userId, grant.grantedBy, grant.grantedAt);
            added = true;
        }
    });
    return added;
}

bool SqliteStorage::removeAccessGrant(const std::string& object, Id userId) {
    bool removed = false;
    impl_->inTransaction([&] {
        Poco::Int64 named = 0;
        impl_->db() << sql::statement(sql::engineOf(impl_->db()),
                                      "SELECT COUNT(*) FROM access_grants WHERE object = ? AND "
                                      "user_id = ?"),
            bind(object), bind(userId), into(named), now;
        if (named > 0) {
            exec(impl_->db(), "DELETE FROM access_grants WHERE object = ? AND user_id = ?", object,
                 userId);
            removed = true;
        }
    });
    return removed;
}

void SqliteStorage::addDocumentRead(const DocumentRead& read) {
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "INSERT INTO document_reads (object, office_id, user_id, action, at) VALUES "
             "(?, ?, ?, ?, ?)",
             read.object, read.officeId, read.userId, read.action, read.at);
    });
}

std::vector<ReadTally> SqliteStorage::readTallies(Id officeId, const std::string& from,
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

std::vector<DocumentRead> SqliteStorage::documentReads(const std::string& object, int limit) const {
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

Id SqliteStorage::addRecallRequest(const RecallRequest& r) {
    Id id = 0;
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "INSERT INTO recall_requests (document_id, kind, reason, replacement_id, "
             "requested_by, requested_at, updating) VALUES (?, ?, ?, ?, ?, ?, ?)",
             r.documentId,
             // An update is kept as a replacement row with `updating` (step 27: the CHECK of
             // step 13 stays as it is).
             std::string(r.kind == kRecallKindUpdate ? kRecallKindReplacement : r.kind.c_str()),
             r.reason, nullable(r.replacementId), r.requestedBy, r.requestedAt,
             r.kind == kRecallKindUpdate ? 1 : 0);
        id = impl_->lastInsertId();
    });
    return id;
}

std::vector<RecallRequest> SqliteStorage::recallRequests(Id documentId) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<RecallRequest>(
        query(impl_->db(),
              "SELECT id, document_id, kind, reason, replacement_id, requested_by, requested_at, "
              "updating FROM recall_requests WHERE document_id = ? ORDER BY id",
              documentId),
        [](Rows& r) {
            RecallRequest q;
            q.id = integer(r, "id");
            q.documentId = integer(r, "document_id");
            q.kind = integer(r, "updating") == 1 ? std::string(kRecallKindUpdate) : text(r, "kind");
            q.reason = text(r, "reason");
            q.replacementId = optionalInteger(r, "replacement_id");
            q.requestedBy = integer(r, "requested_by");
            q.requestedAt = text(r, "requested_at");
            return q;
        });
}

std::optional<IncomingDocument> SqliteStorage::findIncoming(Id id) const {
    std::lock_guard lock(impl_->mutex);
    auto found = firstRow<IncomingDocument>(
        query(impl_->db(),
              std::string("SELECT ") + kIncomingColumns + " FROM incoming_documents WHERE id = ?",
              id),
        incomingFrom);
    if (found) {
        found->attachments = attachmentsOf(impl_->db(), found->id);
        loadDistribution(impl_->db(), *found);
    }
    return found;
}

std::optional<IncomingDocument>
SqliteStorage::findIncomingByPackage(Id officeId, const std::string& packageId) const {
    std::lock_guard lock(impl_->mutex);
    const auto id = firstRow<Id>(
        query(impl_->db(),
              "SELECT id FROM incoming_documents WHERE office_id = ? AND package_id = ?", officeId,
              packageId),
        [](Rows& r) { return integer(r, "id"); });
    return id ? findIncoming(*id) : std::nullopt;
}

std::vector<IncomingDocument> SqliteStorage::incomingDocuments(Id officeId) const {
    std::lock_guard lock(impl_->mutex);
    auto docs = mapRows<IncomingDocument>(
        query(impl_->db(),
              std::string("SELECT ") + kIncomingColumns +
                  " FROM incoming_documents WHERE office_id = ? ORDER BY id DESC",
              officeId),
        incomingFrom);
    loadOfficeHandlers(impl_->db(), officeId, docs);
    return docs;
}

std::vector<IncomingRegisterEntry> SqliteStorage::incomingRegister(Id officeId, int year, int limit,
                                                                   int offset) const {
    std::lock_guard lock(impl_->mutex);
    const auto rows = mapRows<IncomingDocument>(
        query(impl_->db(),
              std::string("SELECT ") + kIncomingColumns +
                  " FROM incoming_documents WHERE office_id = ? AND arrival_year = ? AND "
                  "arrival_number IS NOT NULL ORDER BY arrival_number LIMIT ? OFFSET ?",
              officeId, year, limit, offset),
        incomingFrom);
    std::vector<IncomingRegisterEntry> out;
    for (const auto& d : rows) {
        IncomingRegisterEntry e;
        e.incomingId = d.id;
        e.arrivalDate = d.arrivalDate;
        e.arrivalNumber = d.arrivalNumber.value_or(0);
        e.author = d.senderName;
        e.notation = d.notation;
        e.issuedDate = d.issuedDate;
        e.typeName = d.typeName;
        e.subject = d.subject;
        e.limited = d.access.limited;
        e.channel = d.channel;
        e.deadline = d.deadline;
        e.handedAt = d.assignedAt.substr(0, std::min<std::size_t>(10, d.assignedAt.size()));
        if (d.assigneeId) {
            const auto user = firstRow<std::string>(
                query(impl_->db(), "SELECT full_name FROM users WHERE id = ?", *d.assigneeId),
                [](Rows& r) { return text(r, "full_name"); });
            e.recipient = user.value_or("");
        }
        if (!d.assignedUnit.empty()) {
            e.recipient += (e.recipient.empty() ? "" : ", ") + d.assignedUnit;
        }
        e.progress = toString(d.state);
        e.note = recallLabel(d.recall); // "Đã thu hồi", "Đã được thay thế", …
        if (d.duplicate.marked()) {
            e.note += std::string(e.note.empty() ? "" : "; ") + "Có thể trùng văn bản " +
                      d.duplicate.kind + "/" + std::to_string(*d.duplicate.of) +
                      (d.duplicate.reason.empty() ? "" : " (" + d.duplicate.reason + ")");
        }
        if (d.replyDocumentId) {
            e.reply = firstRow<std::string>(query(impl_->db(),
                                                  "SELECT notation FROM documents WHERE id = ?",
                                                  *d.replyDocumentId),
                                            [](Rows& r) { return text(r, "notation"); })
                          .value_or("");
        }
        out.push_back(e);
    }
    return out;
}

int SqliteStorage::incomingRegisterSize(Id officeId, int year) const {
    std::lock_guard lock(impl_->mutex);
    int count = 0;
    impl_->db() << sql::statement(sql::engineOf(impl_->db()),
                                  "SELECT COUNT(*) FROM incoming_documents WHERE office_id = ? AND "
                                  "arrival_year = ? AND arrival_number IS NOT NULL"),
        bind(officeId), bind(year), into(count), now;
    return count;
}

Id SqliteStorage::addDispatch(const DispatchRecord& d) {
    Id id = 0;
    impl_->inTransaction([&] {
        try {
            exec(impl_->db(),
                 "INSERT INTO dispatches (document_id, recipient_code, recipient_name, channel, "
                 "peer, status_code, status_at, status_description, sent_at, note) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 d.documentId, d.recipientCode, d.recipientName, toString(d.channel), d.peer,
                 d.statusCode, d.statusAt, d.statusDescription, d.sentAt, d.note);
        } catch (const Poco::Data::SQLite::ConstraintViolationException&) {
            throw Conflict("Nơi nhận " + d.recipientCode + " được ghi hai lần.");
        }
        id = impl_->lastInsertId();
    });
    return id;
}

void SqliteStorage::updateDispatch(const DispatchRecord& d) {
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "UPDATE dispatches SET status_code = ?, status_at = ?, status_description = ?, "
             "sent_at = ?, note = ? WHERE id = ?",
             d.statusCode, d.statusAt, d.statusDescription, d.sentAt, d.note, d.id);
    });
}

void SqliteStorage::addRecipientStatus(Id dispatchId, const RecipientStatus& s) {
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "INSERT INTO dispatch_statuses (dispatch_id, status_code, at, description, staff) "
             "VALUES (?, ?, ?, ?, ?)",
             dispatchId, s.statusCode, s.at, s.description, s.staff);
    });
}

std::vector<DispatchRecord> SqliteStorage::dispatches(Id documentId) const {
    std::lock_guard lock(impl_->mutex);
    auto records =
        mapRows<DispatchRecord>(query(impl_->db(),
                                      std::string("SELECT ") + kDispatchColumns +
                                          " FROM dispatches WHERE document_id = ? ORDER BY id",
                                      documentId),
                                dispatchFrom);
    for (auto& record : records) {
        record.history = mapRows<RecipientStatus>(
            query(impl_->db(),
                  "SELECT status_code, at, description, staff FROM dispatch_statuses "
                  "WHERE dispatch_id = ? ORDER BY rowid",
                  record.id),
            [](Rows& r) {
                return RecipientStatus{text(r, "status_code"), text(r, "at"),
                                       text(r, "description"), text(r, "staff")};
            });
    }
    return records;
}

Id SqliteStorage::addOutboxItem(const OutboxItem& o) {
    Id id = 0;
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "INSERT INTO exchange_outbox (peer, kind, document_id, recipient_code, "
             "package_id, exchange_id, sender_code, status_code, status_description, "
             "status_at, staff, attempts, next_attempt_at, last_error, created_at, "
             "delivered_at, affects) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
             "?)",
             o.peer, o.kind, o.documentId, o.recipientCode, o.packageId, o.exchangeId, o.senderCode,
             o.statusCode, o.statusDescription, o.statusAt, o.staff, o.attempts, o.nextAttemptAt,
             o.lastError, o.createdAt, o.deliveredAt, o.affects);
        id = impl_->lastInsertId();
    });
    return id;
}

void SqliteStorage::updateOutboxItem(const OutboxItem& o) {
    impl_->inTransaction([&] {
        exec(impl_->db(),
             "UPDATE exchange_outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, "
             "delivered_at = ?, cancelled_at = ?, axis_doc_id = ?, axis_receiver_doc_id = ?, "
             "axis_receive_status = ?, axis_send_status = ?, axis_checked_at = ? WHERE id = ?",
             o.attempts, o.nextAttemptAt, o.lastError, o.deliveredAt, o.cancelledAt, o.axisDocId,
             o.axisReceiverDocId, o.axisReceiveStatus, o.axisSendStatus, o.axisCheckedAt, o.id);
    });
}

std::vector<OutboxItem> SqliteStorage::outboxAwaitingAxisDelivery(const std::string& since,
                                                                  int limit) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<OutboxItem>(
        query(impl_->db(),
              std::string("SELECT ") + kOutboxColumns +
                  " FROM exchange_outbox WHERE axis_doc_id <> '' AND delivered_at >= ? AND "
                  "axis_receive_status NOT IN ('done', 'fail') ORDER BY axis_checked_at, id "
                  "LIMIT ?",
              since, limit),
        outboxFrom);
}

std::optional<OutboxItem> SqliteStorage::findOutboxItem(Id id) const {
    std::lock_guard lock(impl_->mutex);
    return firstRow<OutboxItem>(
        query(impl_->db(),
              std::string("SELECT ") + kOutboxColumns + " FROM exchange_outbox WHERE id = ?", id),
        outboxFrom);
}

std::vector<OutboxItem> SqliteStorage::outboxDocumentItems(Id documentId) const {
    std::lock_guard lock(impl_->mutex);
    return mapRows<OutboxItem>(
        query(impl_->db(),
              std::string("SELECT ") + kOutboxColumns +
                  " FROM exchange_outbox WHERE kind = 'document' AND document_id = ? ORDER BY id",
              documentId),
        outboxFrom);
}

std::vector<OutboxItem> SqliteStorage::pendingOutboxItems(const std::string& now, int limit) const {
    std::lock_guard lock(impl_->mutex);
    const std::string select =
        std::string("SELECT ") + kOutboxColumns +
        " FROM exchange_outbox WHERE delivered_at = '' AND cancelled_at = ''";
    if (now.empty()) {
        return mapRows<OutboxItem>(query(impl_->db(), select + " ORDER BY id LIMIT ?", limit),
                                   outboxFrom);
    }
    return mapRows<OutboxItem>(
        query(impl_->db(), select + " AND next_attempt_at <= ? ORDER BY id LIMIT ?", now, limit),
        outboxFrom);
}

std::vector<OutboxItem> SqliteStorage::lockDueOutboxItems(const std::string& now, int limit) {
    std::lock_guard lock(impl_->mutex);
    // SQLite's BEGIN IMMEDIATE already holds the one write lock; PostgreSQL locks the rows.
    const bool postgres = sql::engineOf(impl_->db()) == sql::Engine::Postgres;
    return mapRows<OutboxItem>(
        query(impl_->db(),
              std::string("SELECT ") + kOutboxColumns +
                  " FROM exchange_outbox WHERE delivered_at = '' AND cancelled_at = '' AND "
                  "next_attempt_at <= ? ORDER BY id LIMIT ?" +
                  (postgres ? " FOR UPDATE SKIP LOCKED" : ""),
              now, limit),
        outboxFrom);
}

// ---- paged lists (issue 17 item 4) -------------------------------------------------------

namespace {

/// The conditions of a WHERE clause and their values, bound in order.
class Conditions {
public:
    Conditions& add(std::string sql) {
        parts_.push_back(std::move(sql));
        return *this;
    }
    template <typename... Values> Conditions& add(std::string sql, Values... values) {
        parts_.push_back(std::move(sql));
        (values_.emplace_back(value(values)), ...);
        return *this;
    }
    /// More values for the condition added last (an IN list).
    Conditions& with(const std::vector<std::string>& values) {
        values_.insert(values_.end(), values.begin(), values.end());
        return *this;
    }
    std::string where() const {
        std::string out;
        for (const auto& part : parts_) {
            out += (out.empty() ? " WHERE " : " AND ") + part;
        }
        return out;
    }
    /// The values of the conditions, in order.
    std::vector<Value> values() const { return values_; }

private:
    std::vector<std::string> parts_;
    std::vector<Value> values_;
};

/// Hỏa tốc 3, thượng khẩn 2, khẩn 1, anything else 0 (an incoming letter's urgency column).
constexpr const char* kUrgencyRank =
    "(CASE urgency WHEN 'hoa-toc' THEN 3 WHEN 'thuong-khan' THEN 2 WHEN 'khan' THEN 1 "
    "ELSE 0 END)";

/// One page of `SELECT columns FROM table WHERE … ORDER BY …` and the count of the whole list,
/// in the database. A page past the middle is read from the other end (the reversed order,
/// the rows turned back), so that the database steps over at most half the list.
template <typename T, typename Map>
Paged<T> pageOf(Session& db, const std::string& columns, const std::string& table,
                const Conditions& where, const std::string& order, const std::string& reversedOrder,
                const PageRequest& page, Map map) {
    Paged<T> out;
    {
        auto count = run(db, "SELECT COUNT(*) FROM " + table + where.where(), where.values());
        out.total = count.moveFirst() ? count.integer(std::size_t{0}) : 0;
    }
    const std::int64_t offset = page.offset;
    if (offset >= out.total || page.limit <= 0) {
        return out;
    }
    const std::int64_t rows = std::min<std::int64_t>(page.limit, out.total - offset);
    const std::int64_t fromEnd = out.total - offset - rows;
    const bool reversed = fromEnd < offset;
    auto values = where.values();
    values.emplace_back(Poco::Int64(rows));
    values.emplace_back(Poco::Int64(reversed ? fromEnd : offset));
    out.items =
        mapRows<T>(run(db,
                       "SELECT " + columns + " FROM " + table + where.where() + " ORDER BY " +
                           (reversed ? reversedOrder : order) + " LIMIT ? OFFSET ?",
                       values),
                   map);
    if (reversed) {
        std::reverse(out.items.begin(), out.items.end());
    }
    return out;
}

std::string inList(std::size_t n) {
    std::string out = "(";
    for (std::size_t i = 0; i < n; ++i) {
        out += i ? ", ?" : "?";
    }
    return out + ")";
}

} // namespace

Paged<RegisterEntry> SqliteStorage::registerPage(Id officeId, int year,
                                                 const RegisterFilter& filter,
                                                 const PageRequest& page) const {
    std::lock_guard lock(impl_->mutex);
    Conditions where;
    where.add("office_id = ?", officeId).add("year = ?", year);
    if (!filter.series.empty()) {
        where.add("series = ?", filter.series);
    }
    if (!filter.from.empty()) {
        where.add("issued_date >= ?", filter.from);
    }
    if (!filter.to.empty()) {
        where.add("issued_date <= ?", filter.to);
    }
    // The rows per issued day (register_day_sizes, kept by triggers) give the total and the
    // day where the page starts; the rows are then read from that day on, stepping over at
    // most one day's rows.
    Paged<RegisterEntry> out;
    std::string startDay;
    std::int64_t intoDay = 0;
    {
        Rows rows = run(impl_->db(),
                        "SELECT issued_date, SUM(rows) AS n FROM register_day_sizes" +
                            where.where() + " GROUP BY issued_date ORDER BY issued_date",
                        where.values());
        for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
            const std::int64_t n = integer(rows, "n");
            if (startDay.empty() && page.offset < out.total + n) {
                startDay = text(rows, "issued_date");
                intoDay = page.offset - out.total;
            }
            out.total += n;
        }
    }
    if (startDay.empty() || page.limit <= 0) {
        return out;
    }
    where.add("issued_date >= ?", startDay);
    auto values = where.values();
    values.emplace_back(Poco::Int64(page.limit));
    values.emplace_back(Poco::Int64(intoDay));
    out.items = mapRows<RegisterEntry>(
        run(impl_->db(),
            "SELECT document_id, number, notation, issued_date, type_name, subject, "
            "signer_name, recipients, archive_copy, series, EXISTS (SELECT 1 FROM access_limits "
            "WHERE object = 'document/' || document_id) AS limited FROM outgoing_register" +
                where.where() + " ORDER BY issued_date, series, number LIMIT ? OFFSET ?",
            values),
        registerEntryFrom);
    return out;
}

Paged<OutgoingDocument> SqliteStorage::documentPage(const DocumentFilter& filter,
                                                    const PageRequest& page) const {
    std::lock_guard lock(impl_->mutex);
    Conditions where;
    where.add("office_id = ?", filter.officeId);
    if (filter.state) {
        where.add("state = ?", toString(*filter.state));
    }
    // What the reader may see: their own documents, and others' in the states given.
    std::vector<std::string> states;
    for (const auto state : filter.visibleStates) {
        states.push_back(toString(state));
    }
    where
        .add("(author_id = ?" + (states.empty() ? "" : " OR state IN " + inList(states.size())) +
                 ")",
             filter.authorId)
        .with(states);
    if (filter.readerId != 0) {
        where.add("(NOT EXISTS (SELECT 1 FROM access_limits WHERE object = 'document/' || "
                  "documents.id) OR author_id = ? OR signer_id = ? OR EXISTS (SELECT 1 FROM "
                  "access_grants WHERE object = 'document/' || documents.id AND user_id = ?))",
                  filter.readerId, filter.readerId, filter.readerId);
    }
    return pageOf<OutgoingDocument>(impl_->db(), kDocumentColumns, "documents", where, "id DESC",
                                    "id", page, documentFrom);
}

Paged<IncomingDocument> SqliteStorage::incomingPage(const IncomingListFilter& filter,
                                                    const PageRequest& page) const {
    std::lock_guard lock(impl_->mutex);
    Conditions where;
    where.add("office_id = ?", filter.officeId);
    if (filter.state) {
        where.add("state = ?", toString(*filter.state));
    }
    if (filter.assigneeId) {
        where.add("assignee_id = ?", *filter.assigneeId);
    }
    if (filter.readerId != 0) {
        where.add("(NOT EXISTS (SELECT 1 FROM access_limits WHERE object = 'incoming/' || "
                  "incoming_documents.id) OR assignee_id = ? OR EXISTS (SELECT 1 FROM "
                  "access_grants WHERE object = 'incoming/' || incoming_documents.id AND "
                  "user_id = ?))",
                  filter.readerId, filter.readerId);
    }
    if (filter.handlerId) {
        where.add("(assignee_id = ? OR id IN (SELECT incoming_id FROM incoming_handlers WHERE "
                  "user_id = ?))",
                  *filter.handlerId, *filter.handlerId);
    }
    auto result =
        filter.urgentFirst
            ? pageOf<IncomingDocument>(impl_->db(), kIncomingColumns, "incoming_documents", where,
                                       std::string(kUrgencyRank) + " DESC, id DESC",
                                       std::string(kUrgencyRank) + ", id", page, incomingFrom)
            : pageOf<IncomingDocument>(impl_->db(), kIncomingColumns, "incoming_documents", where,
                                       "id DESC", "id", page, incomingFrom);
    for (auto& doc : result.items) {
        loadDistribution(impl_->db(), doc);
    }
    return result;
}

Paged<AuditRecord> SqliteStorage::auditPage(const PageRequest& page) const {
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

Paged<User> SqliteStorage::userPage(std::optional<Id> officeId, const PageRequest& page) const {
    std::lock_guard lock(impl_->mutex);
    Conditions where;
    if (officeId) {
        where.add("office_id = ?", *officeId);
    }
    return pageOf<User>(impl_->db(), kUserColumns, "users", where, "id", "id DESC", page, userFrom);
}

Paged<Office> SqliteStorage::officePage(const PageRequest& page) const {
    std::lock_guard lock(impl_->mutex);
    return pageOf<Office>(impl_->db(), kOfficeColumns, "offices", Conditions(), "id", "id DESC",
                          page, officeFrom);
}

} // namespace vanthu::docmgmt
