#pragma once
// The rows a statement gives back and the values it takes, the same on both engines
// (docs/storage.md, "One SQL, two engines"). On SQLite the rows are Poco::Data's RecordSet; on
// PostgreSQL they are libpq's result of the one round trip that ran the statement
// (PostgresExecutor.cpp: PQexecParams, an unnamed statement, on the connection Poco holds).
#include <Poco/Data/LOB.h>
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

struct pg_result; // libpq's PGresult

namespace vanthu::docmgmt::sql {

/// A statement's rows, read one at a time: moveFirst() then moveNext() until false. Columns by
/// name or position; NULL reads as "" and 0. Integers: SQLite's, PostgreSQL's integer types and
/// its booleans (1 and 0).
class Rows {
public:
    /// SQLite (or any Poco statement): the rows a Poco statement extracted. (Held on the heap:
    /// Poco 1.11's RecordSet frees its row iterators twice when copied or moved.)
    /// `affected`: what the statement's execute() returned (rows changed or extracted).
    Rows(const Poco::Data::Statement& executed, std::size_t affected);
    /// PostgreSQL: a result of PQexecParams (in text format), freed with the last copy.
    explicit Rows(std::shared_ptr<pg_result> result);

    /// How many rows the statement changed (INSERT, UPDATE, DELETE; 0 for an INSERT OR IGNORE
    /// that found its row there) or, for a query, returned.
    std::size_t affected() const;

    bool moveFirst();
    bool moveNext();
    std::size_t size() const;

    bool isNull(const std::string& column) const;
    bool isNull(std::size_t column) const;
    std::string text(const std::string& column) const;
    std::string text(std::size_t column) const;
    std::int64_t integer(const std::string& column) const;
    std::int64_t integer(std::size_t column) const;
    /// A BLOB (SQLite) or BYTEA (PostgreSQL) column's bytes.
    std::string blob(const std::string& column) const;
    std::string blob(std::size_t column) const;

private:
    int postgresColumn(const std::string& name) const;
    std::size_t sqliteColumn(const std::string& name) const;
    bool nullAt(std::size_t column) const;
    std::string textAt(std::size_t column) const;
    std::int64_t integerAt(std::size_t column) const;
    std::string blobAt(std::size_t column) const;

    std::shared_ptr<Poco::Data::RecordSet> sqlite_;
    std::shared_ptr<pg_result> postgres_;
    std::size_t affected_ = 0; ///< SQLite: execute()'s count
    std::size_t row_ = 0;
};

/// One value for a `?` of a statement run by PostgresExecutor: text, or bytes sent in binary
/// format (a BYTEA column), or NULL.
struct Param {
    std::optional<std::string> value;
    bool binary = false;
};

inline Param param(const std::string& value) {
    return {value};
}
inline Param param(const char* value) {
    return {std::string(value)};
}
inline Param param(bool value) {
    return {std::string(value ? "1" : "0")};
}
template <typename T>
requires std::is_integral_v<T> Param param(T value) {
    return {std::to_string(value)};
}
inline Param param(const Poco::Data::BLOB& bytes) {
    return {std::string(reinterpret_cast<const char*>(bytes.rawContent()), bytes.size()), true};
}
template <typename T> Param param(const Poco::Nullable<T>& value) {
    return value.isNull() ? Param{} : param(value.value());
}
template <typename T> Param param(const std::optional<T>& value) {
    return value ? param(*value) : Param{};
}
template <typename... Ts> Param param(const std::variant<Ts...>& value) {
    return std::visit([](const auto& v) { return param(v); }, value);
}

/// PostgreSQL: runs `statement` (already in PostgreSQL's spelling, `$1` … placeholders) in one
/// round trip (PQexecParams) on the connection of the Poco session, in whatever transaction
/// that connection is in. A broken constraint (SQLSTATE class 23) is thrown as
/// throwConflictAsSqlite does; any other error as a Poco::Data::PostgreSQL::StatementException
/// with the server's message, its SQLSTATE and the statement.
Rows postgresExecute(Poco::Data::Session& session, const std::string& statement,
                     const std::vector<Param>& params);

} // namespace vanthu::docmgmt::sql
