#include "vanthu/docmgmt/DatabaseMove.hpp"

#include <Poco/Data/Session.h>
#include <Poco/Exception.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "SqlDialect.hpp"
#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/BlobStore.hpp"
#include "vanthu/docmgmt/Installation.hpp"
#include "vanthu/docmgmt/SqlStorage.hpp"

namespace vanthu::docmgmt {

namespace fs = std::filesystem;
using Poco::Data::Session;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace {

constexpr std::size_t kRowsPerStatement = 200;
constexpr const char* kKeptSuffix = ".before-postgresql";

/// A table or column name of vanthu's own schema: letters, digits and underscores only, so it
/// can stand in a statement as it is.
const std::string& checkedName(const std::string& name) {
    const bool plain = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_';
    });
    if (!plain) {
        throw DatabaseMoveError("Tên bảng hoặc cột lạ trong vanthu.db: \"" + name + "\".");
    }
    return name;
}

std::vector<std::string> sqliteTables(Session& file) {
    std::vector<std::string> names;
    file << "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name <> 'schema_version' ORDER BY name",
        into(names), now;
    for (const auto& name : names) {
        checkedName(name);
    }
    return names;
}

/// The tables in an order where each comes after the tables its foreign keys name.
std::vector<std::string> parentsFirst(Session& file, const std::vector<std::string>& tables) {
    std::map<std::string, std::set<std::string>> parents;
    for (const auto& table : tables) {
        std::vector<std::string> named;
        std::string name = table;
        file << "SELECT \"table\" FROM pragma_foreign_key_list(?)", use(name), into(named), now;
        parents[table] = std::set<std::string>(named.begin(), named.end());
        parents[table].erase(table);
    }
    std::vector<std::string> ordered;
    std::set<std::string> placed;
    while (ordered.size() < tables.size()) {
        const auto before = ordered.size();
        for (const auto& table : tables) {
            if (placed.count(table) != 0) {
                continue;
            }
            const auto& needs = parents[table];
            if (std::all_of(needs.begin(), needs.end(),
                            [&](const std::string& p) { return placed.count(p) != 0; })) {
                ordered.push_back(table);
                placed.insert(table);
            }
        }
        if (ordered.size() == before) {
            throw DatabaseMoveError("Các khóa ngoại trong vanthu.db tạo thành vòng; không chép "
                                    "được theo thứ tự.");
        }
    }
    return ordered;
}

std::vector<std::string> sqliteColumns(Session& file, const std::string& table) {
    std::vector<std::string> columns;
    std::string name = table;
    file << "SELECT name FROM pragma_table_info(?) ORDER BY cid", use(name), into(columns), now;
    for (const auto& column : columns) {
        checkedName(column);
    }
    return columns;
}

struct TargetColumn {
    std::string type; ///< information_schema's data_type: bigint, text, bytea …
    bool identity = false;
};

std::map<std::string, TargetColumn> postgresColumns(Session& db, const std::string& table) {
    std::vector<std::string> names, types, identity;
    std::string name = table;
    db << "SELECT column_name, data_type, is_identity FROM information_schema.columns "
          "WHERE table_schema = current_schema() AND table_name = $1",
        use(name), into(names), into(types), into(identity), now;
    std::map<std::string, TargetColumn> columns;
    for (std::size_t i = 0; i < names.size(); ++i) {
        columns[names[i]] = TargetColumn{types[i], identity[i] == "YES"};
    }
    return columns;
}

/// The SQLite expression that spells one column's value as a PostgreSQL literal of the target
/// column's type: quote() for numbers and text, '\x…'::bytea for bytes, convert_from for bytes
/// kept in a text column (SQLite's columns take any type). A `$` is spelt chr(36): Poco's
/// PostgreSQL binder would take `$1` inside a literal for a parameter.
std::string literalOf(const std::string& column, const TargetColumn& target) {
    const std::string c = "\"" + column + "\"";
    if (target.type == "bytea") {
        return "CASE WHEN " + c + " IS NULL THEN 'NULL' ELSE '''\\x' || hex(" + c +
               ") || '''::bytea' END";
    }
    const auto dollarFree = [](const std::string& literal) {
        return "replace(" + literal + ", '$', ''' || chr(36) || ''')";
    };
    if (target.type == "text" || target.type == "character varying") {
        return "CASE typeof(" + c + ") WHEN 'blob' THEN 'convert_from(''\\x' || hex(" + c +
               ") || '''::bytea, ''UTF8'')' WHEN 'null' THEN 'NULL' ELSE " +
               dollarFree("quote(CAST(" + c + " AS TEXT))") + " END";
    }
    return dollarFree("quote(" + c + ")");
}

std::int64_t countRows(Session& session, const std::string& table) {
    std::int64_t rows = 0;
    session << "SELECT COUNT(*) FROM " + table, into(rows), now;
    return rows;
}

bool withoutRowid(Session& file, const std::string& table) {
    std::string sql;
    std::string name = table;
    file << "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", use(name), into(sql),
        now;
    std::transform(sql.begin(), sql.end(), sql.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
    return sql.find("WITHOUT ROWID") != std::string::npos;
}

/// Copies one table, rows in the file's order (some lists read PostgreSQL's insertion order).
void copyTable(Session& file, Session& db, const std::string& table,
               const std::function<void(std::int64_t)>& copied) {
    const auto columns = sqliteColumns(file, table);
    const auto target = postgresColumns(db, table);
    std::string tuple = "'(' || ";
    std::string names;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const auto found = target.find(columns[i]);
        if (found == target.end()) {
            throw DatabaseMoveError("Bảng " + table + " trong PostgreSQL không có cột " +
                                    columns[i] + " của vanthu.db (hai bên khác phiên bản?).");
        }
        tuple += (i == 0 ? "" : " || ',' || ") + literalOf(columns[i], found->second);
        names += (i == 0 ? "" : ", ") + std::string("\"") + columns[i] + "\"";
    }
    tuple += " || ')'";
    const auto insert = [&](const std::vector<std::string>& rows) {
        if (rows.empty()) {
            return;
        }
        std::string sql = "INSERT INTO " + table + " (" + names + ") VALUES ";
        for (std::size_t i = 0; i < rows.size(); ++i) {
            sql += (i == 0 ? "" : ",") + rows[i];
        }
        db << sql, now;
        copied(static_cast<std::int64_t>(rows.size()));
    };
    if (withoutRowid(file, table)) {
        std::vector<std::string> rows;
        file << "SELECT " + tuple + " FROM " + table, into(rows), now;
        for (std::size_t at = 0; at < rows.size(); at += kRowsPerStatement) {
            const auto end = std::min(rows.size(), at + kRowsPerStatement);
            insert(std::vector<std::string>(rows.begin() + static_cast<std::ptrdiff_t>(at),
                                            rows.begin() + static_cast<std::ptrdiff_t>(end)));
        }
        return;
    }
    std::int64_t after = -1;
    for (;;) {
        std::vector<std::int64_t> rowids;
        std::vector<std::string> rows;
        auto limit = static_cast<int>(kRowsPerStatement);
        file << "SELECT rowid, " + tuple + " FROM " + table +
                    " WHERE rowid > ? ORDER BY rowid LIMIT ?",
            use(after), use(limit), into(rowids), into(rows), now;
        if (rows.empty()) {
            return;
        }
        insert(rows);
        after = rowids.back();
    }
}

/// Identity columns continue after the copied ids.
void continueIdentities(Session& db, const std::string& table) {
    for (const auto& [column, target] : postgresColumns(db, table)) {
        if (target.identity) {
            db << "SELECT setval(pg_get_serial_sequence('" + table + "', '" + column +
                      "'), COALESCE((SELECT MAX(" + column + ") FROM " + table +
                      "), 0) + 1, false)",
                now;
        }
    }
}

bool postgresHasSchema(const std::string& connection) {
    Session db("postgresql", connection);
    int tables = 0;
    db << sql::schemaVersionTableCount(sql::Engine::Postgres), into(tables), now;
    return tables > 0;
}

/// Sets the session's replication role to replica (no triggers, no foreign-key checks); false
/// when the role may not (not a superuser).
bool asReplica(Session& db) {
    try {
        db << "SET session_replication_role = replica", now;
        return true;
    } catch (const Poco::Exception&) {
        return false;
    }
}

void report(const ProgressReport& progress, const std::string& stage, std::uint64_t done,
            std::uint64_t total) {
    if (progress) {
        progress(BackupProgress{stage, done, total});
    }
}

/// Renames path to path + ".before-postgresql" when it exists.
void keepBeside(const fs::path& path) {
    if (fs::exists(path)) {
        fs::rename(path, fs::path(path.string() + kKeptSuffix));
    }
}

} // namespace

DatabaseMoveCheck moveToPostgres(const fs::path& dataDir, const std::string& connection,
                                 const ProgressReport& progress) {
    const auto file = Installation::databaseFileIn(dataDir);
    if (Installation::postgresDatabaseOf(dataDir)) {
        throw DatabaseMoveError("Thư mục " + dataDir.string() +
                                " đã dùng PostgreSQL (tệp database); không có gì để chuyển.");
    }
    if (!fs::exists(file)) {
        throw DatabaseMoveError("Thư mục " + dataDir.string() +
                                " không phải thư mục dữ liệu vanthu (không có vanthu.db).");
    }
    for (const auto& kept :
         {fs::path(file.string() + kKeptSuffix),
          fs::path(Installation::blobFolderIn(dataDir).string() + kKeptSuffix)}) {
        if (fs::exists(kept)) {
            throw DatabaseMoveError("Đã có " + kept.string() +
                                    " từ một lần chuyển trước; dời nó đi rồi chạy lại.");
        }
    }
    DatabaseMoveCheck check;
    std::vector<std::string> blobNames;
    AuditVerification sourceAudit;
    try {
        // The file brought to this version's schema first, so both sides have the same tables.
        SqlStorage source(file);
        blobNames = source.referencedBlobs();
        sourceAudit = AuditTrail(source).verify();
    } catch (const std::exception& e) {
        throw DatabaseMoveError("Không mở được " + file.string() + ": " + e.what());
    }
    check.auditEntries = sourceAudit.entries;
    if (!sourceAudit.intact) {
        throw DatabaseMoveError("Nhật ký trong vanthu.db đã hỏng (" + sourceAudit.reason +
                                "); không chuyển một nhật ký hỏng.");
    }
    try {
        if (postgresHasSchema(connection)) {
            throw DatabaseMoveError("Cơ sở dữ liệu đích đã có dữ liệu vanthu (bảng "
                                    "schema_version); chỉ chuyển vào một cơ sở dữ liệu trống.");
        }
        SqlStorage made{PostgresDatabase{connection}}; // the schema, by the same migrations
    } catch (const DatabaseMoveError&) {
        throw;
    } catch (const std::exception& e) {
        throw DatabaseMoveError("Không mở được cơ sở dữ liệu PostgreSQL đích: " +
                                std::string(e.what()));
    }

    try {
        Session source("SQLite", file.string());
        Session db("postgresql", connection);
        db << "SET client_min_messages = warning", now;
        const auto tables = parentsFirst(source, sqliteTables(source));
        std::uint64_t total = blobNames.size();
        for (const auto& table : tables) {
            const auto rows = countRows(source, table);
            check.tables.push_back(MovedTable{table, rows, 0});
            total += static_cast<std::uint64_t>(rows);
        }
        std::uint64_t done = 0;
        // The triggers that keep issued letters and the trail from change would refuse the
        // clean-out of rows the migrations seeded, and rows referring to later rows of their own
        // table (an office and its parent) would trip the foreign keys mid-copy: a superuser's
        // session skips both (replica role); otherwise the table owner turns its triggers off.
        // The copy itself is checked below.
        const bool replica = asReplica(db);
        source << "BEGIN", now; // one snapshot of the file
        db.begin();
        for (const auto& table : replica ? std::vector<std::string>() : tables) {
            db << "ALTER TABLE " + table + " DISABLE TRIGGER USER", now;
        }
        for (auto it = tables.rbegin(); it != tables.rend(); ++it) {
            db << "DELETE FROM " + *it, now;
        }
        for (const auto& table : tables) {
            copyTable(source, db, table, [&](std::int64_t rows) {
                done += static_cast<std::uint64_t>(rows);
                report(progress, "bảng " + table, done, total);
            });
            continueIdentities(db, table);
        }
        for (const auto& table : replica ? std::vector<std::string>() : tables) {
            db << "ALTER TABLE " + table + " ENABLE TRIGGER USER", now;
        }
        db.commit();
        source << "COMMIT", now;

        BlobStore from(Installation::blobFolderIn(dataDir));
        BlobStore to{PostgresDatabase{connection}};
        for (const auto& name : blobNames) {
            to.put(from.get(name));
            report(progress, "tệp văn bản", ++done, total);
        }
        check.blobs = blobNames.size();
    } catch (const DatabaseMoveError&) {
        throw;
    } catch (const Poco::Exception& e) {
        throw DatabaseMoveError("Chép sang PostgreSQL không được: " + e.displayText());
    } catch (const std::exception& e) {
        throw DatabaseMoveError("Chép sang PostgreSQL không được: " + std::string(e.what()));
    }

    // The check, on fresh connections: counts, every blob's bytes, the trail's chain.
    try {
        Session db("postgresql", connection);
        for (auto& table : check.tables) {
            table.targetRows = countRows(db, table.name);
            if (table.targetRows != table.sourceRows) {
                check.problems.push_back("Bảng " + table.name + ": " +
                                         std::to_string(table.sourceRows) + " dòng trong tệp, " +
                                         std::to_string(table.targetRows) + " trong PostgreSQL.");
            }
        }
        BlobStore moved{PostgresDatabase{connection}};
        for (const auto& name : blobNames) {
            try {
                (void)moved.get(name);
                ++check.blobsChecked;
            } catch (const std::exception& e) {
                check.problems.push_back("Tệp " + name + ": " + e.what());
            }
        }
        SqlStorage target{PostgresDatabase{connection}};
        const auto audit = AuditTrail(target).verify();
        check.auditIntact = audit.intact;
        check.auditEntriesMoved = audit.entries;
        if (!audit.intact) {
            check.problems.push_back("Nhật ký trong PostgreSQL không qua kiểm tra chuỗi băm: " +
                                     audit.reason);
        }
        if (audit.entries != check.auditEntries) {
            check.problems.push_back("Nhật ký: " + std::to_string(check.auditEntries) +
                                     " mục trong tệp, " + std::to_string(audit.entries) +
                                     " trong PostgreSQL.");
        }
    } catch (const std::exception& e) {
        check.problems.push_back(std::string("Không kiểm tra được bản chép: ") + e.what());
    }
    if (!check.ok()) {
        return check;
    }

    // The switch: the old file and blobs kept beside, the folder names the database (written
    // by the one place that opens an installation).
    try {
        keepBeside(file);
        keepBeside(fs::path(file.string() + "-wal"));
        keepBeside(fs::path(file.string() + "-shm"));
        keepBeside(Installation::blobFolderIn(dataDir));
        InstallationOptions options;
        options.create = true;
        options.database = connection;
        Installation opened(dataDir, options);
        check.switched = true;
    } catch (const std::exception& e) {
        throw DatabaseMoveError("Đã chép và kiểm tra xong nhưng không chuyển được thư mục " +
                                dataDir.string() + " sang PostgreSQL: " + e.what());
    }
    return check;
}

} // namespace vanthu::docmgmt
