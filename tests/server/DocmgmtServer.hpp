#pragma once
// A server on docmgmt (its database, blobs, the real flow) over a demo data folder, shared by the
// test cases of one process (making the demo data set is slow), with helpers to sign in as its
// users and to take a document through the flow. Its data folder is a copy of a demo set made
// once per build (DocmgmtServer.cpp); its database is DIR/vanthu.db, or a database of its own on
// the test PostgreSQL, copied from the set's, when VANTHU_TEST_POSTGRES is set (the
// "server (postgresql): " registrations, tests/server/CMakeLists.txt).
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ApiClient.hpp"
#include "TestSupport.hpp"
#include "http/DocmgmtBackend.hpp"
#include "http/Server.hpp"

namespace vanthu::test {

class DocmgmtServer {
public:
    /// The shared instance (created on first use).
    static DocmgmtServer& shared();

    DocmgmtServer();
    ~DocmgmtServer();

    unsigned short port() const { return server_->port(); }
    const std::filesystem::path& dataDir() const { return dir_.path(); }
    http::DocmgmtBackend& backend() { return *backend_; }
    /// SQL run outside vanthu on the installation's database (sqlite3 on DIR/vanthu.db, or psql
    /// in its PostgreSQL schema): for tests that tamper with the database directly.
    ProcessResult databaseSql(const std::string& sql) const;

    /// A client signed in as this demo user (bearer token).
    ApiClient as(const std::string& username) const;
    const std::string& password(const std::string& username) const;
    http::Id userId(const std::string& username) const;

private:
    TempDir dir_;
    std::optional<std::string> database_; ///< the PostgreSQL connection string, when there
    std::unique_ptr<http::DocmgmtBackend> backend_;
    std::unique_ptr<http::Server> server_;
    std::map<std::string, std::string> passwords_;
    std::map<std::string, http::Id> ids_;
};

/// The database of a new installation in a test: on PostgreSQL (VANTHU_TEST_POSTGRES, the
/// "server (postgresql): " registrations) a fresh schema of its own in the test server, its
/// connection string; nothing on SQLite (DIR/vanthu.db).
std::optional<std::string> freshTestDatabase();
/// InstallationOptions::creating() with that database.
docmgmt::InstallationOptions testInstallation(const std::optional<std::string>& database);
/// args with `--database CONNECTION` added when there is a database (the PostgreSQL run), as
/// `vanthu init` and `vanthu serve` take it; args as they are on SQLite.
std::vector<std::string> withDatabase(std::vector<std::string> args,
                                      const std::optional<std::string>& database);
/// SQL run outside vanthu on the database of the installation in dataDir, for tests that read
/// or tamper with its records directly: psql on the connection string when there is one (the
/// PostgreSQL run), else sqlite3 on DIR/vanthu.db.
ProcessResult databaseSql(const std::filesystem::path& dataDir,
                          const std::optional<std::string>& database, const std::string& sql);
/// Whether text is stored in clear anywhere in that database: on SQLite in the bytes of
/// DIR/vanthu.db and its WAL (free pages too), on PostgreSQL in any row of its schema's tables
/// (binary columns searched as psql shows them, in hex).
bool databaseHolds(const std::filesystem::path& dataDir, const std::optional<std::string>& database,
                   const std::string& text);

/// A draft of a công văn from the Văn Quan specialist, to be signed by signerId.
std::string letterDraft(http::Id signerId, const std::string& subject);

/// letterDraft with the version it was started from, as PUT /api/documents/{id} takes it.
std::string savedLetterDraft(http::Id signerId, const std::string& subject, int version);

/// The id of a user of the server, as GET /api/users lists them to `client`; throws when absent.
http::Id userIdOf(ApiClient& client, const std::string& username);

/// Creates a letter as `author` and takes it to `signed` with `leader`; returns its id.
http::Id signedLetter(ApiClient& author, ApiClient& leader, http::Id signerId,
                      const std::string& subject);

} // namespace vanthu::test
