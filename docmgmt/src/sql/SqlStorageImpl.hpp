#pragma once
// What every area of SqlStorage shares (docs/storage.md, "Where the SQL is"): running a
// statement on either engine, reading a row's columns, the mappings of rows more than one area
// reads, paging in the database, and the connection (Impl). Internal to docmgmt/src/sql.

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
#include "SqlRows.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/SqlStorage.hpp"

namespace vanthu::docmgmt {

namespace sqlstorage {

using Poco::Data::Session;
using Poco::Data::Statement;
using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using sql::Rows;
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
    const std::size_t affected = execute(statement);
    return Rows(statement, affected);
}

/// Returns how many rows the statement changed (0: an INSERT OR IGNORE that found its row
/// there, written by another server at the same moment).
template <typename... Args>
std::size_t exec(Session& session, const std::string& text, Args... args) {
    return run(session, text, std::vector<Value>{value(args)...}).affected();
}

template <typename... Args> Rows query(Session& session, const std::string& text, Args... args) {
    return run(session, text, std::vector<Value>{value(args)...});
}

inline std::string text(Rows& rows, const std::string& column) {
    return rows.text(column);
}

inline Id integer(Rows& rows, const std::string& column) {
    return rows.integer(column);
}

inline std::optional<Id> optionalInteger(Rows& rows, const std::string& column) {
    if (rows.isNull(column)) {
        return std::nullopt;
    }
    return rows.integer(column);
}

/// The access_limited and access_readers columns (AccessLimit), readers in order of id.
inline AccessLimit accessFrom(Rows& rows) {
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

inline OutgoingDocument documentFrom(Rows& r) {
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

inline DraftComment commentFrom(Rows& r) {
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
    /// The values of the conditions, in order.
    std::vector<Value> values() const { return values_; }

private:
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

} // namespace sqlstorage

using namespace sqlstorage;

struct SqlStorage::Impl {
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
