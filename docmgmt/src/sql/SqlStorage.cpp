// Opening a database (SQLite file or PostgreSQL), bringing its schema up to date, transactions.
#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>

#include "SqlStorageImpl.hpp"

namespace vanthu::docmgmt {

namespace {

void registerConnector() {
    static std::once_flag once;
    std::call_once(once, [] {
        Poco::Data::SQLite::Connector::registerConnector();
        Poco::Data::PostgreSQL::Connector::registerConnector();
    });
}

} // namespace

SqlStorage::SqlStorage(const std::filesystem::path& databaseFile, const SqlOptions& options)
    : impl_(std::make_unique<Impl>()) {
    registerConnector();
    impl_->file = databaseFile;
    try {
        if (!options.migrate && !std::filesystem::exists(databaseFile)) {
            throw std::runtime_error("no database at " + databaseFile.string());
        }
        impl_->session = std::make_unique<Session>("SQLite", databaseFile.string());
        exec(impl_->db(), "PRAGMA busy_timeout = " + std::to_string(options.busyTimeoutMs));
        exec(impl_->db(), "PRAGMA foreign_keys = ON");
        std::string mode;
        impl_->db() << "PRAGMA journal_mode = WAL", into(mode), now;
        exec(impl_->db(), "PRAGMA synchronous = FULL");
        impl_->bringSchemaUpToDate(options, databaseFile.string());
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("cannot open the database " + databaseFile.string() + ": " +
                                 e.displayText());
    }
}

SqlStorage::SqlStorage(const PostgresDatabase& database, const SqlOptions& options)
    : impl_(std::make_unique<Impl>()) {
    registerConnector();
    try {
        impl_->session = std::make_unique<Session>("postgresql", database.connection);
        exec(impl_->db(), "SET client_min_messages = warning");
        impl_->bringSchemaUpToDate(options, "(PostgreSQL)");
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("cannot open the PostgreSQL database: " + e.displayText());
    }
}

SqlStorage::~SqlStorage() = default;

int SqlStorage::currentSchemaVersion() {
    return static_cast<int>(schema::migrations().size());
}

std::filesystem::path SqlStorage::databaseFileIn(const std::filesystem::path& dataDir) {
    return dataDir / "vanthu.db";
}

void SqlStorage::transaction(const std::function<void()>& work) {
    impl_->inTransaction(work);
}

int SqlStorage::schemaVersion() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->readSchemaVersion();
}

} // namespace vanthu::docmgmt
