// PostgreSQL statements in one round trip each (issue 17 item 6, docs/performance.md
// "PostgreSQL"): Poco 1.11's connector prepares every statement under a new name, executes it and
// deallocates it, three round trips. Here PQexecParams sends the statement, its values and the
// request for its rows at once (an unnamed statement), on the very connection the Poco session
// holds: a transaction begun through that session is the one these statements run in.
#include <Poco/Data/PostgreSQL/PostgreSQLException.h>
#include <Poco/Data/PostgreSQL/SessionImpl.h>
#include <libpq-fe.h>

#include "SqlDialect.hpp"
#include "SqlRows.hpp"

namespace vanthu::docmgmt::sql {

namespace {

PGconn* connectionOf(Poco::Data::Session& session) {
    auto* impl = dynamic_cast<Poco::Data::PostgreSQL::SessionImpl*>(session.impl());
    if (impl == nullptr) {
        throw std::logic_error("postgresExecute: not a PostgreSQL session");
    }
    return impl->handle();
}

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
        text.pop_back();
    }
    return text;
}

/// The server's error as the storage reads it: class 23 a Conflict, anything else its message.
[[noreturn]] void fail(PGconn* connection, const PGresult* result, const std::string& statement) {
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const std::string message =
        trimmed(result ? PQresultErrorMessage(result) : PQerrorMessage(connection));
    // " State: " as Poco's connector writes it, which throwConflictAsSqlite reads.
    const Poco::Data::PostgreSQL::StatementException error(
        "PostgreSQL: " + message + " State: " + (state ? state : "unknown") +
        " Statement: " + statement);
    throwConflictAsSqlite(error);
    throw error;
}

} // namespace

Rows postgresExecute(Poco::Data::Session& session, const std::string& statement,
                     const std::vector<Param>& params) {
    PGconn* connection = connectionOf(session);
    std::vector<const char*> values;
    std::vector<int> lengths;
    std::vector<int> formats;
    values.reserve(params.size());
    lengths.reserve(params.size());
    formats.reserve(params.size());
    for (const auto& p : params) {
        values.push_back(p.value ? p.value->data() : nullptr);
        lengths.push_back(p.value ? static_cast<int>(p.value->size()) : 0);
        formats.push_back(p.binary ? 1 : 0);
    }
    std::shared_ptr<PGresult> result(PQexecParams(connection, statement.c_str(),
                                                  static_cast<int>(params.size()), nullptr,
                                                  values.data(), lengths.data(), formats.data(), 0),
                                     PQclear);
    const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        fail(connection, result.get(), statement);
    }
    return Rows(std::move(result));
}

} // namespace vanthu::docmgmt::sql
