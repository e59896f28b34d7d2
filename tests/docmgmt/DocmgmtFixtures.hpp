#pragma once
// Shared by the docmgmt tests: a demo data set made once per test binary (the PKI's RSA keys are
// slow under AddressSanitizer) and copied into a fresh folder for each test, a settable clock,
// and a failure injector.
#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "TestSupport.hpp"
#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/BlobStore.hpp"
#include "vanthu/docmgmt/DemoData.hpp"
#include "vanthu/docmgmt/Installation.hpp"
#include "vanthu/docmgmt/OutgoingFlow.hpp"
#include "vanthu/docmgmt/SqlStorage.hpp"

namespace vanthu::test {

/// 16 June 2026, 09:30 Vietnam time: when the demo data set is made.
std::int64_t demoTime();

/// The demo PKI folder (ca.pem, signer1.p12, leader-*.p12, seal-*.p12, images).
const std::filesystem::path& demoPkiDir();
/// The accounts the demo data set created.
const std::vector<docmgmt::DemoAccount>& demoAccounts();

/// Throws std::runtime_error at one named point.
class FailAt : public docmgmt::FaultInjector {
public:
    std::string point;
    int hits = 0;
    void reached(std::string_view where) override {
        if (!point.empty() && where == point) {
            ++hits;
            throw std::runtime_error("injected failure at " + point);
        }
    }
};

/// A copy of the demo data set in its own folder, with storage, blobs, audit and flow open.
class DemoWorld {
public:
    DemoWorld();
    ~DemoWorld();

    docmgmt::Actor actor(const std::string& username) const;
    docmgmt::User user(const std::string& username) const;
    docmgmt::Office officeOf(const std::string& username) const;
    /// A signed document of vanthu.vq's office ready to issue (created through the flow).
    docmgmt::Id signedLetter(const std::string& subject = "kiểm tra phát hành");
    docmgmt::DraftInput letterInput(const std::string& subject) const;
    /// Closes and reopens the storage (as a restart does).
    void reopen();

    TempDir dir;
    std::shared_ptr<std::atomic<std::int64_t>> now;
    FailAt faults;
    std::unique_ptr<docmgmt::SqlStorage> storage;
    std::unique_ptr<docmgmt::BlobStore> blobs;
    std::unique_ptr<docmgmt::AuditTrail> audit;
    std::unique_ptr<docmgmt::OutgoingFlow> flow;

private:
    void open();
};

docmgmt::FlowSettings flowSettings(docmgmt::Clock clock, docmgmt::FaultInjector* faults);
/// sqlite3 CLI on the database (tests that tamper with the file directly).
ProcessResult sqlite(const std::filesystem::path& db, const std::string& sql);

/// The storage tests' engine: PostgreSQL when VANTHU_TEST_POSTGRES holds a libpq connection
/// string (the "docmgmt (postgresql): " ctest registrations, with the private server that
/// scripts/pg-instance starts), SQLite otherwise.
bool onPostgres();
/// The PostgreSQL database (a schema of its own) that stands for `file` in openStorage().
docmgmt::PostgresDatabase postgresDatabaseFor(const std::filesystem::path& file);
/// A storage for the database `file`: that file on SQLite; on PostgreSQL a schema of its own in
/// the test server, the same schema each time the same file is opened.
std::unique_ptr<docmgmt::SqlStorage> openStorage(const std::filesystem::path& file,
                                                 const docmgmt::SqlOptions& options = {});
/// The blob store of the data folder `dataDir` whose database is `databaseFileIn(dataDir)`:
/// its blobs folder on SQLite, its database's table on PostgreSQL (as an installation there).
std::unique_ptr<docmgmt::BlobStore> openBlobs(const std::filesystem::path& dataDir,
                                              docmgmt::FaultInjector* faults = nullptr);
/// `options` for an Installation of the data folder `dataDir` on the tests' engine: as given on
/// SQLite (DIR/vanthu.db); on PostgreSQL with the database that stands for its
/// SqlStorage::databaseFileIn(dataDir) in openStorage() (written to DIR/database when created).
docmgmt::InstallationOptions installationOptions(
    const std::filesystem::path& dataDir,
    docmgmt::InstallationOptions options = docmgmt::InstallationOptions::creating());
/// SQL run outside vanthu on the database `file` stands for (sqlite3, or psql in its schema):
/// for tests that tamper with the database directly.
ProcessResult databaseSql(const std::filesystem::path& file, const std::string& sql);

} // namespace vanthu::test
