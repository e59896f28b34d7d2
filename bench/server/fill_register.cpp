// bench_register_fill DATA_DIR ROWS [--database CONNINFO]: a demo data folder whose Văn Quan
// district committee has ROWS more entries in this year's outgoing register (and as many issued
// documents behind them), written with SQL in one transaction (SQLite: a recursive CTE;
// PostgreSQL, with --database: generate_series, then VACUUM ANALYZE). One row in ten is in the
// secret (mật) series; issued dates spread over the year. Writes the demo accounts to
// DATA_DIR/demo-accounts.txt and prints the year.
#include <libpq-fe.h>
#include <sqlite3.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "http/DocmgmtBackend.hpp"
#include "vanthu/docmgmt/SqlStorage.hpp"
#include "vanthu/docmgmt/Storage.hpp"
#include "vanthu/docmgmt/VietnamTime.hpp"

using namespace vanthu;

namespace {

struct Office {
    docmgmt::Id id = 0, authorId = 0, templateId = 0;
    std::string issuerCode;
};

/// The demo data folder, and which office, author and issued letter the rows copy.
Office createDemo(const std::filesystem::path& dir, const std::optional<std::string>& database) {
    auto options = docmgmt::InstallationOptions::creating();
    options.database = database;
    http::DocmgmtBackend backend(dir, options);
    const auto demo = backend.createDemoData();
    std::ofstream out(dir / "demo-accounts.txt");
    for (const auto& account : demo.accounts) {
        out << "  " << account.username << "  " << account.password << "\n";
    }
    auto& storage = backend.storage();
    const auto clerk = storage.findUserByName("vanthu.vq").value();
    const auto issued = storage.documents(clerk.officeId, docmgmt::DocumentState::Issued);
    if (issued.empty()) {
        throw std::runtime_error("the demo data has no issued document in this office");
    }
    return {clerk.officeId, issued.front().authorId, issued.front().id,
            storage.findOffice(clerk.officeId)->issuerCode};
}

void exec(sqlite3* db, const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
        const std::string message = error ? error : "?";
        sqlite3_free(error);
        throw std::runtime_error(message + " in: " + sql.substr(0, 200));
    }
}

/// The statements that make the rows, in the engine's spelling (the numbers 1..rows and the
/// date arithmetic differ; the rest is the same SQL).
std::vector<std::string> fillSql(const Office& office, int year, long rows, bool postgres) {
    const std::string o = std::to_string(office.id), y = std::to_string(year),
                      n = std::to_string(rows);
    const std::string numbers =
        postgres ? "generate_series(1::bigint, " + n + ") AS k(i)"
                 : "(WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < " +
                       n + ") SELECT i FROM k) AS k";
    const std::string day =
        postgres
            ? "to_char(DATE '" + y + "-01-01' + ((i - 1) * 365 / " + n + ")::int, 'YYYY-MM-DD')"
            : "date('" + y + "-01-01', '+' || ((i - 1) * 365 / " + n + ") || ' days')";
    std::vector<std::string> out;
    out.push_back(
        "CREATE TEMP TABLE fill AS SELECT i, (SELECT MAX(id) FROM documents) + i AS document_id, "
        "(SELECT COALESCE(MAX(number), 0) FROM outgoing_register) + i AS number, "
        "CASE WHEN i % 10 = 0 THEN 'mat' ELSE 'thuong' END AS series, " +
        day + " AS issued_date FROM " + numbers);
    out.push_back(
        "INSERT INTO documents (id, office_id, author_id, state, type_code, subject, content, "
        "draft, version, number, year, series, notation, issued_date, created_at, "
        "updated_at) SELECT f.document_id, " +
        o + ", " + std::to_string(office.authorId) +
        ", 'issued', t.type_code, 'V/v văn bản thử số ' || f.number, '', t.draft, 1, "
        "f.number, " +
        y + ", f.series, f.number || '/" + office.issuerCode +
        "-VP', f.issued_date, t.created_at, t.updated_at FROM fill f, documents t "
        "WHERE t.id = " +
        std::to_string(office.templateId));
    out.push_back(
        "INSERT INTO outgoing_register (office_id, period, series, number, year, "
        "document_id, notation, issued_date, type_name, subject, signer_name, recipients, "
        "archive_copy) SELECT " +
        o + ", '" + y + "', series, number, " + y + ", document_id, number || '/" +
        office.issuerCode +
        "-VP', issued_date, 'Công văn', 'V/v văn bản thử số ' || number, "
        "'Nông Văn Hòa', 'UBND các xã, thị trấn', 'VT, VP' FROM fill");
    if (postgres) {
        // The ids were given, not drawn: the identity moves past them for the documents to come.
        out.push_back("SELECT setval(pg_get_serial_sequence('documents', 'id'), "
                      "(SELECT MAX(id) FROM documents))");
    }
    return out;
}

void fillSqlite(const std::filesystem::path& dir, const std::vector<std::string>& fill) {
    sqlite3* db = nullptr;
    if (sqlite3_open(docmgmt::SqlStorage::databaseFileIn(dir).c_str(), &db) != SQLITE_OK) {
        throw std::runtime_error("cannot open the database");
    }
    exec(db, "BEGIN IMMEDIATE");
    for (const auto& statement : fill) {
        exec(db, statement);
    }
    exec(db, "COMMIT");
    sqlite3_close(db);
}

void fillPostgres(const std::string& database, const std::vector<std::string>& fill) {
    const std::unique_ptr<PGconn, decltype(&PQfinish)> db(PQconnectdb(database.c_str()), &PQfinish);
    if (PQstatus(db.get()) != CONNECTION_OK) {
        throw std::runtime_error("cannot connect: " + std::string(PQerrorMessage(db.get())));
    }
    const auto run = [&](const std::string& sql) {
        const std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(db.get(), sql.c_str()),
                                                                   &PQclear);
        const auto status = PQresultStatus(result.get());
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            throw std::runtime_error(std::string(PQerrorMessage(db.get())) +
                                     " in: " + sql.substr(0, 200));
        }
    };
    run("BEGIN");
    for (const auto& statement : fill) {
        run(statement);
    }
    run("COMMIT");
    // One transaction updated the day tallies a million times: their old versions fill about
    // 9,000 blocks, which each page would read (before the first autovacuum) and which a plain
    // VACUUM empties but leaves the 730 live tallies spread over 380 of them. Tallied one letter
    // at a time, as the server does, the table stays a few blocks (an update's old version is
    // pruned in its block): rewritten to that size here. Then the planner's statistics, as
    // autovacuum would gather them.
    run("VACUUM FULL register_day_sizes");
    run("VACUUM ANALYZE");
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3 && !(argc == 5 && std::string(argv[3]) == "--database")) {
        std::cerr << "usage: bench_register_fill DATA_DIR ROWS [--database CONNINFO]\n";
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    const long rows = std::stol(argv[2]);
    const std::optional<std::string> database =
        argc == 5 ? std::optional<std::string>(argv[4]) : std::nullopt;
    try {
        const Office office = createDemo(dir, database);
        const int year = docmgmt::vietnamDate(docmgmt::systemClock()()).year;
        const auto started = std::chrono::steady_clock::now();
        const auto fill = fillSql(office, year, rows, database.has_value());
        if (database) {
            fillPostgres(*database, fill);
        } else {
            fillSqlite(dir, fill);
        }
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        std::cerr << "filled " << rows << " register rows in " << seconds << " s\n";
        std::cout << year << "\n";
    } catch (const std::exception& e) {
        std::cerr << "bench_register_fill: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
