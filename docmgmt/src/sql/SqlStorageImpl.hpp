#pragma once
// What every area of SqlStorage shares (docs/storage.md, "Where the SQL is"): running a
// statement on either engine, reading a row's columns, the mappings of rows more than one area
// reads, paging in the database, and the connection (Impl). Internal to docmgmt/src/sql.
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <variant>
#include <vector>

#include "SchemaMigrations.hpp"
#include "SqlDialect.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/SqlStorage.hpp"

namespace vanthu::docmgmt {

namespace sqlstorage {

using Poco::Data::RecordSet;
using Poco::Data::Session;
using Poco::Data::Statement;
using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using NullableId = Poco::Nullable<Poco::Int64>;

inline NullableId nullable(const std::optional<Id>& id) {
    return id ? NullableId(*id) : NullableId();
}

inline Poco::Nullable<int> nullableInt(const std::optional<int>& value) {
    return value ? Poco::Nullable<int>(*value) : Poco::Nullable<int>();
}

/// Runs a statement; on PostgreSQL a broken constraint is reported as on SQLite (SqlDialect).
/// Returns how many rows it changed (or extracted).
inline std::size_t execute(Statement& statement) {
    try {
        return statement.execute();
    } catch (const Poco::Exception& e) {
        sql::throwConflictAsSqlite(e);
        throw;
    }
}

/// Returns how many rows the statement changed (0: an INSERT OR IGNORE that found its row
/// there, written by another server at the same moment).
template <typename... Args>
std::size_t exec(Session& session, const std::string& text, Args... args) {
    Statement statement(session);
    statement << sql::statement(sql::engineOf(session), text);
    ((statement, bind(args)), ...);
    return execute(statement);
}

template <typename... Args>
RecordSet query(Session& session, const std::string& text, Args... args) {
    Statement statement(session);
    statement << sql::statement(sql::engineOf(session), text);
    ((statement, bind(args)), ...);
    execute(statement);
    return RecordSet(statement);
}

inline std::string text(RecordSet& rows, const std::string& column) {
    return rows.isNull(column) ? std::string() : rows.value(column).convert<std::string>();
}

inline Id integer(RecordSet& rows, const std::string& column) {
    return rows.isNull(column) ? 0 : rows.value(column).convert<Poco::Int64>();
}

inline std::optional<Id> optionalInteger(RecordSet& rows, const std::string& column) {
    if (rows.isNull(column)) {
        return std::nullopt;
    }
    return rows.value(column).convert<Poco::Int64>();
}

/// The access_limited and access_readers columns (AccessLimit), readers in order of id.
inline AccessLimit accessFrom(RecordSet& rows) {
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
template <typename T, typename Map> std::vector<T> mapRows(RecordSet rows, Map map) {
    std::vector<T> out;
    for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
        out.push_back(map(rows));
    }
    return out;
}

template <typename T, typename Map> std::optional<T> firstRow(RecordSet rows, Map map) {
    if (!rows.moveFirst()) {
        return std::nullopt;
    }
    return map(rows);
}

inline OutgoingDocument documentFrom(RecordSet& r) {
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

inline constexpr const char* kDocumentColumns =
    "id, office_id, author_id, signer_id, state, type_code, subject, content, draft, version, "
    "return_comment, prepared_pdf, prepared_chain, signed_pdf, issued_pdf, number, year, series, "
    "notation, issued_date, created_at, updated_at, exchange_id, reply_to_incoming, "
    "response_for, "
    "EXISTS (SELECT 1 FROM access_limits WHERE object = 'document/' || documents.id) "
    "AS access_limited, "
    "(SELECT group_concat(user_id) FROM access_grants WHERE object = 'document/' || documents.id) "
    "AS access_readers";

inline DraftComment commentFrom(RecordSet& r) {
    DraftComment c;
    c.id = integer(r, "id");
    c.documentId = integer(r, "document_id");
    c.authorId = integer(r, "author_id");
    c.version = static_cast<int>(integer(r, "version"));
    c.writtenAt = text(r, "written_at");
    c.text = text(r, "text");
    return c;
}

// ---- paged lists (issue 17 item 4) -------------------------------------------------------

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
    void bindTo(Statement& statement) const {
        for (const auto& v : values_) {
            std::visit([&](const auto& x) { statement, bind(x); }, v);
        }
    }

private:
    using Value = std::variant<Poco::Int64, std::string>;
    static Value value(const std::string& text) { return text; }
    static Value value(const char* text) { return std::string(text); }
    template <typename Integer> static Value value(Integer n) { return Poco::Int64(n); }

    std::vector<std::string> parts_;
    std::vector<Value> values_;
};

/// One page of `SELECT columns FROM table WHERE … ORDER BY …` and the count of the whole list,
/// in the database. A page past the middle is read from the other end (the reversed order,
/// the rows turned back), so that the database steps over at most half the list.
template <typename T, typename Map>
Paged<T> pageOf(Session& db, const std::string& columns, const std::string& table,
                const Conditions& where, const std::string& order, const std::string& reversedOrder,
                const PageRequest& page, Map map) {
    Paged<T> out;
    {
        Statement count(db);
        count << sql::statement(sql::engineOf(db), "SELECT COUNT(*) FROM " + table + where.where());
        where.bindTo(count);
        count, into(out.total), now;
    }
    const std::int64_t offset = page.offset;
    if (offset >= out.total || page.limit <= 0) {
        return out;
    }
    const std::int64_t rows = std::min<std::int64_t>(page.limit, out.total - offset);
    const std::int64_t fromEnd = out.total - offset - rows;
    const bool reversed = fromEnd < offset;
    Statement select(db);
    select << sql::statement(sql::engineOf(db),
                             "SELECT " + columns + " FROM " + table + where.where() + " ORDER BY " +
                                 (reversed ? reversedOrder : order) + " LIMIT ? OFFSET ?");
    where.bindTo(select);
    select, bind(Poco::Int64(rows)), bind(Poco::Int64(reversed ? fromEnd : offset));
    execute(select);
    out.items = mapRows<T>(RecordSet(select), map);
    if (reversed) {
        std::reverse(out.items.begin(), out.items.end());
    }
    return out;
}

} // namespace sqlstorage

using namespace sqlstorage;

struct SqlStorage::Impl {
    std::filesystem::path file;
    std::unique_ptr<Session> session;
    mutable std::recursive_mutex mutex;
    int depth = 0; ///< nesting of transaction() on the owning thread

    Session& db() const { return *session; }

    Id lastInsertId() const {
        Poco::Int64 id = 0;
        db() << sql::lastInsertId(sql::engineOf(db())), into(id), now;
        return id;
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
                int held = 0;
                db() << lock, into(held), now;
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

    void bringSchemaUpToDate(const SqlOptions& options, const std::string& name) {
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
        const auto& steps = schema::migrations();
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

} // namespace vanthu::docmgmt
