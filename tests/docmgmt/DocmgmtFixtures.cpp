#include "DocmgmtFixtures.hpp"
#include "DocmgmtTestPaths.hpp"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>

#include "vanthu/docmgmt/DatabaseMove.hpp"
#include "vanthu/docmgmt/Installation.hpp"
#include "vanthu/signing/OpenSsl.hpp"

namespace vanthu::test {

namespace fs = std::filesystem;
using namespace docmgmt;

namespace {

/// The demo data set, made once per build and kept in the build folder (madeOncePerBuild): ctest
/// runs every test case in a process of its own, and making the set (RSA keys, scrypt, two
/// issued letters) takes seconds.
struct Golden {
    fs::path root;
    fs::path pki, data;
    std::vector<DemoAccount> accounts;

    Golden() {
        root = madeOncePerBuild(DOCMGMT_TEST_CACHE, "demo", make);
        pki = root / "pki";
        data = root / "data";
        accounts = readAccounts(root / "accounts.tsv");
    }

    static void make(const fs::path& root) {
        const auto data = root / "data";
        fs::create_directories(data);
        std::vector<DemoAccount> made;
        {
            SqlStorage storage(SqlStorage::databaseFileIn(data));
            BlobStore blobs(BlobStore::folderIn(data));
            const Clock clock = [] { return demoTime(); };
            AuditTrail audit(storage, clock);
            DemoDataOptions options;
            options.clock = clock;
            made = createDemoData(storage, blobs, audit, root / "pki", options).accounts;
        }
        std::ofstream out(root / "accounts.tsv");
        for (const auto& a : made) {
            out << a.username << '\t' << a.password << '\t' << toString(a.role) << '\t'
                << a.fullName << '\t' << a.officeName << '\n';
        }
    }

    static std::vector<DemoAccount> readAccounts(const fs::path& file) {
        std::vector<DemoAccount> out;
        std::ifstream in(file);
        std::string line;
        while (std::getline(in, line)) {
            std::vector<std::string> f;
            std::size_t start = 0;
            for (std::size_t tab; (tab = line.find('\t', start)) != std::string::npos;
                 start = tab + 1) {
                f.push_back(line.substr(start, tab - start));
            }
            f.push_back(line.substr(start));
            if (f.size() == 5) {
                out.push_back({f[0], f[1], f[3], parseRole(f[2]).value_or(Role::Specialist), f[4]});
            }
        }
        return out;
    }
};

Golden& golden() {
    static Golden instance;
    return instance;
}

} // namespace

std::int64_t demoTime() {
    return vietnamMidnight(2026, 6, 16) + 9 * 3600 + 30 * 60;
}

const fs::path& demoPkiDir() {
    return golden().pki;
}

const std::vector<DemoAccount>& demoAccounts() {
    return golden().accounts;
}

FlowSettings flowSettings(Clock clock, FaultInjector* faults) {
    FlowSettings settings;
    settings.keyPassword = "vanthu";
    settings.signatureImagePng = signing::readBinaryFile((demoPkiDir() / "signature.png").string());
    settings.sealImagePng = signing::readBinaryFile((demoPkiDir() / "seal.png").string());
    settings.clock = std::move(clock);
    settings.faults = faults;
    settings.verification.trustAnchorsPem =
        signing::readBinaryFile((demoPkiDir() / "ca.pem").string());
    return settings;
}

ProcessResult sqlite(const fs::path& db, const std::string& sql) {
    return run({"sqlite3", db.string(), sql});
}

namespace {

/// The connections of the databases the tests made, by the database file they stand for.
std::map<std::string, std::string>& madeConnections() {
    static std::map<std::string, std::string> made;
    return made;
}

std::mutex& connectionsMutex() {
    static std::mutex mutex;
    return mutex;
}

/// The connection string of the schema that stands for `file` (made on first use).
std::string postgresSchemaFor(const fs::path& file) {
    static int made = 0;
    std::lock_guard lock(connectionsMutex());
    auto& connection = madeConnections()[fs::absolute(file).lexically_normal().string()];
    if (connection.empty()) {
        connection =
            freshPostgresSchema("t" + std::to_string(::getpid()) + "_" + std::to_string(++made));
    }
    return connection;
}

/// The demo set moved into PostgreSQL once per build and test server: a database that each
/// DemoWorld copies (CREATE DATABASE … TEMPLATE, a copy of its files), and the data folder the
/// move left. Moving the set for every test cost seconds each: the migrations alone are some
/// 800 statements, each prepared, run and deallocated by Poco's connector (three round trips).
struct PostgresGolden {
    std::string database;
    fs::path data;

    PostgresGolden() {
        const auto root =
            madeOncePerBuild(DOCMGMT_TEST_CACHE, "demo-postgresql", make, [](const fs::path& made) {
                return postgresDatabaseExists(databaseOf(made));
            });
        database = databaseOf(root);
        data = root / "data";
    }

    /// The database of the set in `root` (the test server is made afresh for each ctest run).
    static std::string databaseOf(const fs::path& root) { return setDatabaseName(root); }

    static void make(const fs::path& root) {
        const auto database = databaseOf(root);
        const std::string making = database + "_making";
        postgresServerSql("DROP DATABASE IF EXISTS " + making);
        postgresServerSql("DROP DATABASE IF EXISTS " + database);
        postgresServerSql("CREATE DATABASE " + making);
        const auto data = root / "data";
        fs::copy(golden().data, data, fs::copy_options::recursive);
        // As `vanthu migrate` moves an office; the folder then names the database.
        const auto check = moveToPostgres(data, postgresDatabaseConnection(making));
        if (!check.ok()) {
            throw std::runtime_error("the demo set did not move to PostgreSQL: " +
                                     check.problems.front());
        }
        postgresServerSql("ALTER DATABASE " + making + " RENAME TO " + database);
    }
};

PostgresGolden& postgresGolden() {
    static PostgresGolden instance;
    return instance;
}

} // namespace

bool onPostgres() {
    return !postgresServer().empty();
}

PostgresDatabase postgresDatabaseFor(const fs::path& file) {
    return PostgresDatabase{postgresSchemaFor(file)};
}

std::unique_ptr<docmgmt::SqlStorage> openStorage(const fs::path& file,
                                                 const docmgmt::SqlOptions& options) {
    if (onPostgres()) {
        return std::make_unique<SqlStorage>(PostgresDatabase{postgresSchemaFor(file)}, options);
    }
    return std::make_unique<SqlStorage>(file, options);
}

std::unique_ptr<BlobStore> openBlobs(const fs::path& dataDir, FaultInjector* faults) {
    if (onPostgres()) {
        return std::make_unique<BlobStore>(postgresDatabaseFor(SqlStorage::databaseFileIn(dataDir)),
                                           faults);
    }
    return std::make_unique<BlobStore>(BlobStore::folderIn(dataDir), faults);
}

InstallationOptions installationOptions(const fs::path& dataDir, InstallationOptions options) {
    if (onPostgres()) {
        options.database = postgresSchemaFor(SqlStorage::databaseFileIn(dataDir));
    }
    return options;
}

ProcessResult databaseSql(const fs::path& file, const std::string& sql) {
    if (onPostgres()) {
        return run({"psql", postgresSchemaFor(file), "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql});
    }
    return sqlite(file, sql);
}

DemoWorld::DemoWorld() : now(std::make_shared<std::atomic<std::int64_t>>(demoTime())) {
    if (!onPostgres()) {
        fs::copy(golden().data, dir.path(), fs::copy_options::recursive);
        open();
        return;
    }
    // The same demo set on PostgreSQL (moved there once, as `vanthu migrate` moves an office):
    // a database of this test's own copied from it, the folder the move left naming it.
    static std::atomic<int> made{0};
    const auto& set = postgresGolden();
    const auto connection = copyPostgresDatabase(set.database, "w" + std::to_string(::getpid()) +
                                                                   "_" + std::to_string(++made));
    fs::copy(set.data, dir.path(), fs::copy_options::recursive);
    std::ofstream(Installation::databasePointerIn(dir.path()), std::ios::trunc)
        << connection << '\n';
    {
        std::lock_guard lock(connectionsMutex());
        madeConnections()
            [fs::absolute(SqlStorage::databaseFileIn(dir.path())).lexically_normal().string()] =
                connection;
    }
    open();
}

DemoWorld::~DemoWorld() = default;

void DemoWorld::open() {
    const auto clockValue = now;
    const Clock clock = [clockValue] { return clockValue->load(); };
    storage = openStorage(SqlStorage::databaseFileIn(dir.path()));
    blobs = openBlobs(dir.path(), &faults);
    audit = std::make_unique<AuditTrail>(*storage, clock);
    flow = std::make_unique<OutgoingFlow>(*storage, *blobs, *audit, flowSettings(clock, &faults));
}

void DemoWorld::reopen() {
    flow.reset();
    audit.reset();
    blobs.reset();
    storage.reset();
    open();
}

User DemoWorld::user(const std::string& username) const {
    const auto found = storage->findUserByName(username);
    if (!found) {
        throw std::runtime_error("no demo user " + username);
    }
    return *found;
}

Actor DemoWorld::actor(const std::string& username) const {
    return {user(username), "192.0.2.7"};
}

Office DemoWorld::officeOf(const std::string& username) const {
    return *storage->findOffice(user(username).officeId);
}

DraftInput DemoWorld::letterInput(const std::string& subject) const {
    DraftInput d;
    d.typeCode = "CV";
    d.subject = subject;
    d.recipients = {"UBND các xã, thị trấn."};
    d.body = "Đề nghị các cơ quan, đơn vị thực hiện./.";
    d.distribution = {"Như trên;", "Lưu: VT, NV."};
    d.signerId = user("phochutich.vq").id;
    d.authority = "KT";
    d.authorityOf = "CHỦ TỊCH";
    d.draftingUnit = "NV";
    return d;
}

Id DemoWorld::signedLetter(const std::string& subject) {
    const auto doc = flow->createDraft(actor("chuyenvien.vq"), letterInput(subject));
    flow->submit(actor("chuyenvien.vq"), doc.id);
    flow->approve(actor("chutich.vq"), doc.id);
    flow->sign(actor("phochutich.vq"), doc.id);
    return doc.id;
}

} // namespace vanthu::test
