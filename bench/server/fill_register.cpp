// bench_register_fill DATA_DIR ROWS: a demo data folder whose Văn Quan district committee has
// ROWS more entries in this year's outgoing register (and as many issued documents behind
// them), written with SQL in one transaction (a recursive CTE: about a million rows in tens of
// seconds). One row in ten is in the secret (mật) series; issued dates spread over the year.
// Writes the demo accounts to DATA_DIR/demo-accounts.txt and prints the year.
#include <sqlite3.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>

#include "http/DocmgmtBackend.hpp"
#include "vanthu/docmgmt/SqliteStorage.hpp"
#include "vanthu/docmgmt/Storage.hpp"
#include "vanthu/docmgmt/VietnamTime.hpp"

using namespace vanthu;

namespace {

struct Office {
    docmgmt::Id id = 0, authorId = 0, templateId = 0;
    std::string issuerCode;
};

/// The demo data folder, and which office, author and issued letter the rows copy.
Office createDemo(const std::filesystem::path& dir) {
    http::DocmgmtBackend backend(dir);
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

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: bench_register_fill DATA_DIR ROWS\n";
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    const long rows = std::stol(argv[2]);
    const Office office = createDemo(dir);
    const int year = docmgmt::vietnamDate(docmgmt::systemClock()()).year;
    const auto started = std::chrono::steady_clock::now();
    sqlite3* db = nullptr;
    if (sqlite3_open(docmgmt::SqliteStorage::databaseFileIn(dir).c_str(), &db) != SQLITE_OK) {
        std::cerr << "cannot open the database\n";
        return 1;
    }
    const std::string o = std::to_string(office.id), y = std::to_string(year),
                      n = std::to_string(rows);
    exec(db, "BEGIN IMMEDIATE");
    exec(db, "CREATE TEMP TABLE fill AS WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
             "FROM k WHERE i < " +
                 n +
                 ") SELECT i, (SELECT MAX(id) FROM documents) + i AS document_id, "
                 "(SELECT COALESCE(MAX(number), 0) FROM outgoing_register) + i AS number, "
                 "CASE WHEN i % 10 = 0 THEN 'mat' ELSE 'thuong' END AS series, "
                 "date('" +
                 y + "-01-01', '+' || ((i - 1) * 365 / " + n +
                 ") || ' days') AS issued_date FROM k");
    exec(db, "INSERT INTO documents (id, office_id, author_id, state, type_code, subject, content, "
             "draft, version, number, year, series, notation, issued_date, created_at, "
             "updated_at) SELECT f.document_id, " +
                 o + ", " + std::to_string(office.authorId) +
                 ", 'issued', t.type_code, 'V/v văn bản thử số ' || f.number, '', t.draft, 1, "
                 "f.number, " +
                 y + ", f.series, f.number || '/" + office.issuerCode +
                 "-VP', f.issued_date, t.created_at, t.updated_at FROM fill f, documents t "
                 "WHERE t.id = " +
                 std::to_string(office.templateId));
    exec(db, "INSERT INTO outgoing_register (office_id, period, series, number, year, "
             "document_id, notation, issued_date, type_name, subject, signer_name, recipients, "
             "archive_copy) SELECT " +
                 o + ", '" + y + "', series, number, " + y + ", document_id, number || '/" +
                 office.issuerCode +
                 "-VP', issued_date, 'Công văn', 'V/v văn bản thử số ' || number, "
                 "'Nông Văn Hòa', 'UBND các xã, thị trấn', 'VT, VP' FROM fill");
    exec(db, "COMMIT");
    sqlite3_close(db);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cerr << "filled " << rows << " register rows in " << seconds << " s\n";
    std::cout << year << "\n";
    return 0;
}
