// sql::Rows and the PostgreSQL executor (docmgmt/src/SqlRows.hpp): one round trip per statement
// on the connection of the Poco session, the values read the same on both engines.
#include <Poco/Data/LOB.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include <catch2/catch.hpp>

#include "../../docmgmt/src/SqlRows.hpp" // the storage's own header
#include "DocmgmtFixtures.hpp"

using namespace vanthu::docmgmt;
using Poco::Data::Keywords::now;
using vanthu::test::TempDir;

namespace {

const std::string kVietnamese = "Công văn số 12/UBND-VP về việc Đắk Lắk, Thừa Thiên Huế – ổn định";
const std::string kBytes("%PDF\0\xff\x01\x7f\\x00 văn bản", 20);

Poco::Data::BLOB blobOf(const std::string& bytes) {
    return Poco::Data::BLOB(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

/// The one row of `SELECT …` on PostgreSQL.
sql::Rows postgresRow(Poco::Data::Session& session, const std::string& statement,
                      const std::vector<sql::Param>& params = {}) {
    auto rows = sql::postgresExecute(session, statement, params);
    REQUIRE(rows.moveFirst());
    return rows;
}

} // namespace

TEST_CASE("sql::Rows on PostgreSQL: NULL, integers, Vietnamese text, bytes, booleans, in one "
          "round trip on Poco's connection",
          "[sqlrows][postgresql]") {
    REQUIRE(vanthu::test::onPostgres()); // run by the "docmgmt (postgresql): " tests only
    TempDir dir;
    // The storage registers Poco's PostgreSQL connector (and makes the schema's tables, unused).
    const auto storage = vanthu::test::openStorage(dir / "rows.db");
    Poco::Data::Session session("postgresql",
                                vanthu::test::postgresDatabaseFor(dir / "rows.db").connection);
    sql::postgresExecute(
        session, "CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT, n BIGINT, b BYTEA)", {});
    sql::postgresExecute(session, "INSERT INTO t (id, name, n, b) VALUES ($1, $2, $3, $4)",
                         {sql::param(Id(1)), sql::param(kVietnamese),
                          sql::param(std::int64_t(-9007199254740993)), sql::param(blobOf(kBytes))});
    sql::postgresExecute(session, "INSERT INTO t (id, name, n, b) VALUES ($1, $2, $3, $4)",
                         {sql::param(2), sql::param(std::optional<std::string>()),
                          sql::param(Poco::Nullable<Poco::Int64>()), sql::Param{}});
    // The rows a statement wrote (exec's count: 0 for an INSERT that found its row there).
    CHECK(sql::postgresExecute(session, "INSERT INTO t (id) VALUES ($1) ON CONFLICT DO NOTHING",
                               {sql::param(2)})
              .affected() == 0);
    CHECK(sql::postgresExecute(session, "UPDATE t SET n = n WHERE id IN ($1, $2)",
                               {sql::param(1), sql::param(2)})
              .affected() == 2);

    auto rows = sql::postgresExecute(session,
                                     "SELECT id, name, n, b, n IS NULL AS empty FROM t "
                                     "ORDER BY id",
                                     {});
    CHECK(rows.size() == 2);
    REQUIRE(rows.moveFirst());
    CHECK(rows.integer("id") == 1);
    CHECK(rows.text("name") == kVietnamese);
    CHECK(rows.integer("n") == -9007199254740993);
    CHECK(rows.blob("b") == kBytes);
    CHECK(rows.integer("empty") == 0);
    CHECK_FALSE(rows.isNull("name"));
    REQUIRE(rows.moveNext());
    CHECK(rows.integer(std::size_t{0}) == 2);
    CHECK(rows.isNull("name"));
    CHECK(rows.isNull(std::size_t{2}));
    CHECK(rows.text("name").empty());
    CHECK(rows.integer("n") == 0);
    CHECK(rows.blob("b").empty());
    CHECK(rows.integer("empty") == 1);
    CHECK_FALSE(rows.moveNext());
    CHECK_FALSE(sql::postgresExecute(session, "SELECT id FROM t WHERE id = $1", {sql::param(3)})
                    .moveFirst());
    CHECK_THROWS_AS(rows.text("no_such_column"), std::out_of_range);

    // A value found by a Vietnamese parameter: the text went through as UTF-8 both ways.
    CHECK(postgresRow(session, "SELECT id FROM t WHERE name = $1", {sql::param(kVietnamese)})
              .integer("id") == 1);

    SECTION("a transaction opened through Poco is the one the statements run in") {
        session << "BEGIN", now;
        sql::postgresExecute(session, "INSERT INTO t (id, name) VALUES ($1, $2)",
                             {sql::param(3), sql::param("trong giao dịch")});
        int seen = 0;
        session << "SELECT COUNT(*) FROM t WHERE id = 3", Poco::Data::Keywords::into(seen), now;
        CHECK(seen == 1);
        session << "ROLLBACK", now;
        CHECK(postgresRow(session, "SELECT COUNT(*) FROM t").integer(std::size_t{0}) == 2);
    }
    SECTION("a broken constraint is a conflict, as on SQLite") {
        CHECK_THROWS_AS(
            sql::postgresExecute(session, "INSERT INTO t (id) VALUES ($1)", {sql::param(1)}),
            Poco::Data::SQLite::ConstraintViolationException);
        // The connection goes on.
        CHECK(postgresRow(session, "SELECT COUNT(*) FROM t").integer(std::size_t{0}) == 2);
    }
    SECTION("any other error names the server's message, its SQLSTATE and the statement") {
        try {
            sql::postgresExecute(session, "SELEC id FROM t", {});
            FAIL("no error");
        } catch (const Poco::Exception& e) { // Poco::Data::PostgreSQL::StatementException
            const std::string message = e.message();
            CHECK_THAT(message, Catch::Contains("syntax error"));
            CHECK_THAT(message, Catch::Contains("42601"));
            CHECK_THAT(message, Catch::Contains("SELEC id FROM t"));
        }
        CHECK_THROWS_WITH(postgresRow(session, "SELECT name FROM t WHERE id = 1").integer("name"),
                          Catch::Contains("not an integer"));
    }
}

TEST_CASE("sql::Rows on SQLite: NULL, integers, Vietnamese text and bytes through Poco",
          "[sqlrows]") {
    Poco::Data::SQLite::Connector::registerConnector();
    TempDir dir;
    Poco::Data::Session session("SQLite", (dir / "rows.db").string());
    session << "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n INTEGER, b BLOB)", now;
    auto bytes = blobOf(kBytes);
    std::string name = kVietnamese;
    Poco::Int64 n = -9007199254740993;
    session << "INSERT INTO t (id, name, n, b) VALUES (1, ?, ?, ?)",
        Poco::Data::Keywords::use(name), Poco::Data::Keywords::use(n),
        Poco::Data::Keywords::use(bytes), now;
    session << "INSERT INTO t (id) VALUES (2)", now;
    Poco::Data::Statement select(session);
    select << "SELECT id, name, n, b FROM t ORDER BY id";
    const std::size_t extracted = select.execute();
    sql::Rows rows(select, extracted);
    CHECK(rows.affected() == 2);
    CHECK(rows.size() == 2);
    REQUIRE(rows.moveFirst());
    CHECK(rows.integer("id") == 1);
    CHECK(rows.text("name") == kVietnamese);
    CHECK(rows.integer("n") == -9007199254740993);
    CHECK(rows.blob("b") == kBytes);
    REQUIRE(rows.moveNext());
    CHECK(rows.isNull("name"));
    CHECK(rows.isNull(std::size_t{3}));
    CHECK(rows.text("name").empty());
    CHECK(rows.integer("n") == 0);
    CHECK_FALSE(rows.moveNext());
}
