#include "DocmgmtServer.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <unistd.h>

#include <atomic>
#include <fstream>
#include <stdexcept>

namespace vanthu::test {

std::optional<std::string> freshTestDatabase() {
    if (postgresServer().empty()) {
        return std::nullopt;
    }
    static std::atomic<int> made{0};
    return freshPostgresSchema("s" + std::to_string(::getpid()) + "_" + std::to_string(++made));
}

docmgmt::InstallationOptions testInstallation(const std::optional<std::string>& database) {
    // The one way an installation is opened, as `vanthu serve [--database]` opens it.
    auto options = docmgmt::InstallationOptions::creating();
    options.database = database;
    return options;
}

std::vector<std::string> withDatabase(std::vector<std::string> args,
                                      const std::optional<std::string>& database) {
    if (database) {
        args.insert(args.end(), {"--database", *database});
    }
    return args;
}

ProcessResult databaseSql(const std::filesystem::path& dataDir,
                          const std::optional<std::string>& database, const std::string& sql) {
    if (database) {
        return run({"psql", *database, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql});
    }
    return run({"sqlite3", (dataDir / "vanthu.db").string(), sql});
}

namespace {

/// Every row of every table in the connection's schema, one a line (psql's text of the row).
std::string everyRow(const std::string& database) {
    const auto rows = run({"psql", database, "-v", "ON_ERROR_STOP=1", "-qAt"},
                          "SELECT format('SELECT t::text FROM %I.%I t', table_schema, table_name) "
                          "FROM information_schema.tables WHERE table_schema = current_schema() "
                          "AND table_type = 'BASE TABLE' \\gexec\n");
    if (rows.exitCode != 0) {
        throw std::runtime_error("psql cannot read the schema's rows: " + rows.err);
    }
    return rows.out;
}

std::string hex(const std::string& bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (const unsigned char byte : bytes) {
        out += digits[byte >> 4];
        out += digits[byte & 0x0f];
    }
    return out;
}

} // namespace

bool databaseHolds(const std::filesystem::path& dataDir, const std::optional<std::string>& database,
                   const std::string& text) {
    if (database) {
        const auto rows = everyRow(*database);
        return rows.find(text) != std::string::npos || rows.find(hex(text)) != std::string::npos;
    }
    const auto file = dataDir / "vanthu.db";
    const auto wal = dataDir / "vanthu.db-wal";
    if (!std::filesystem::exists(file)) {
        throw std::runtime_error("no database file " + file.string());
    }
    const auto bytes = readFile(file) + (std::filesystem::exists(wal) ? readFile(wal) : "");
    return bytes.find(text) != std::string::npos;
}

DocmgmtServer& DocmgmtServer::shared() {
    static DocmgmtServer instance;
    return instance;
}

namespace {

namespace fs = std::filesystem;

/// DocmgmtServer's demo data set, made once per build of the test binary and engine
/// (madeOncePerBuild) and copied by every test process: ctest runs each test case in a process
/// of its own, and making the set takes seconds (most on PostgreSQL, where the migrations alone
/// are hundreds of statements). On PostgreSQL the set's database is a template that each copy
/// is made from (CREATE DATABASE … TEMPLATE).
struct DemoSet {
    fs::path data;
    std::optional<std::string> database; ///< the template database, on PostgreSQL
    std::map<std::string, std::string> passwords;

    DemoSet() {
        const bool onPostgres = !postgresServer().empty();
        const auto exe = fs::read_symlink("/proc/self/exe");
        const auto kind = exe.filename().string() + (onPostgres ? "-postgresql" : "-sqlite");
        const auto cache = exe.parent_path() / "demo-cache";
        const auto root =
            onPostgres
                ? madeOncePerBuild(cache, kind, makeOnPostgres,
                                   [](const fs::path& made) {
                                       return recent(made) &&
                                              postgresDatabaseExists(databaseOf(made));
                                   })
                : madeOncePerBuild(
                      cache, kind, [](const fs::path& made) { make(made, std::nullopt); }, recent);
        data = root / "data";
        if (onPostgres) {
            database = databaseOf(root);
        }
        std::ifstream in(root / "passwords.tsv");
        for (std::string username, password;
             std::getline(in, username, '\t') && std::getline(in, password);) {
            passwords[username] = password;
        }
    }

    /// Made in the last hours: the set is made on the real clock (its letters' dates and
    /// deadlines), so a set from an earlier day is made again.
    static bool recent(const fs::path& root) {
        const auto age = fs::file_time_type::clock::now() - fs::last_write_time(root / "complete");
        return age < std::chrono::hours(6);
    }

    static std::string databaseOf(const fs::path& root) { return setDatabaseName(root); }

    static void makeOnPostgres(const fs::path& root) {
        const auto database = databaseOf(root);
        const auto making = database + "_making";
        postgresServerSql("DROP DATABASE IF EXISTS " + making);
        postgresServerSql("DROP DATABASE IF EXISTS " + database);
        postgresServerSql("CREATE DATABASE " + making);
        make(root, postgresDatabaseConnection(making));
        postgresServerSql("ALTER DATABASE " + making + " RENAME TO " + database);
    }

    /// The demo installation in root/data (on `database` when given), as `vanthu serve --demo`
    /// makes one, and its demo users' passwords in root/passwords.tsv.
    static void make(const fs::path& root, const std::optional<std::string>& database) {
        http::DocmgmtBackend backend(root / "data", testInstallation(database));
        docmgmt::DemoDataOptions options;
        options.ecdsa = true; // quicker to make than RSA keys
        const auto demo = backend.createDemoData(options);
        std::ofstream out(root / "passwords.tsv");
        for (const auto& account : demo.accounts) {
            out << account.username << '\t' << account.password << '\n';
        }
    }
};

const DemoSet& demoSet() {
    static const DemoSet set;
    return set;
}

} // namespace

DocmgmtServer::DocmgmtServer() {
    const auto& set = demoSet();
    fs::copy(set.data, dir_.path(), fs::copy_options::recursive);
    if (set.database) {
        static std::atomic<int> made{0};
        database_ = copyPostgresDatabase(*set.database, "d" + std::to_string(::getpid()) + "_" +
                                                            std::to_string(++made));
        // The copy's folder names the copy's database, as `vanthu serve --database` records it.
        std::ofstream(docmgmt::Installation::databasePointerIn(dir_.path()), std::ios::trunc)
            << *database_ << '\n';
    }
    backend_ = std::make_unique<http::DocmgmtBackend>(dir_.path(), testInstallation(database_));
    passwords_ = set.passwords;
    for (const auto& user : backend_->users(std::nullopt)) {
        ids_[user.username] = user.id;
    }
    http::ServerConfig config;
    config.port = 0;
    config.maxThreads = 8;
    // An issued letter at the demo's B-LTA (about 210 KB) posted back in base64 must fit.
    config.maxBodyBytes = 512 * 1024;
    config.loginMaxFailures = 1000; // many sign-ins from one address in the tests
    server_ = std::make_unique<http::Server>(config, *backend_);
}

DocmgmtServer::~DocmgmtServer() {
    server_->stop(std::chrono::seconds(1));
}

ProcessResult DocmgmtServer::databaseSql(const std::string& sql) const {
    return test::databaseSql(dir_.path(), database_, sql);
}

const std::string& DocmgmtServer::password(const std::string& username) const {
    return passwords_.at(username);
}

http::Id DocmgmtServer::userId(const std::string& username) const {
    return ids_.at(username);
}

ApiClient DocmgmtServer::as(const std::string& username) const {
    ApiClient client(port());
    client.signIn(username, password(username));
    return client;
}

std::string letterDraft(http::Id signerId, const std::string& subject) {
    Poco::JSON::Object draft;
    draft.set("typeCode", "CV");
    draft.set("subject", subject);
    Poco::JSON::Array recipients;
    recipients.add("Ủy ban nhân dân các xã, thị trấn");
    draft.set("recipients", recipients);
    draft.set("body", "Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh, Ủy ban nhân dân huyện đề nghị "
                      "các xã, thị trấn báo cáo kết quả trước ngày 30 tháng 6.");
    Poco::JSON::Array distribution;
    distribution.add("Như trên;");
    distribution.add("Lưu: VT, NV.");
    draft.set("distribution", distribution);
    draft.set("signerId", signerId);
    draft.set("authority", "KT");
    draft.set("authorityOf", "CHỦ TỊCH");
    draft.set("draftingUnit", "NV");
    return jsonText(draft);
}

std::string savedLetterDraft(http::Id signerId, const std::string& subject, int version) {
    auto draft = Poco::JSON::Parser()
                     .parse(letterDraft(signerId, subject))
                     .extract<Poco::JSON::Object::Ptr>();
    draft->set("version", version);
    return jsonText(draft);
}

namespace {

void expectState(const ApiResponse& response, const std::string& state) {
    if (response.status != 200 && response.status != 201) {
        throw std::runtime_error("expected " + state + ", got " + std::to_string(response.status) +
                                 ": " + response.body);
    }
    if (response.object()->getValue<std::string>("state") != state) {
        throw std::runtime_error("expected state " + state + ": " + response.body);
    }
}

} // namespace

http::Id signedLetter(ApiClient& author, ApiClient& leader, http::Id signerId,
                      const std::string& subject) {
    const auto created = author.post("/api/documents", letterDraft(signerId, subject));
    expectState(created, "draft");
    const auto id = created.object()->getValue<http::Id>("id");
    const auto base = "/api/documents/" + std::to_string(id);
    expectState(author.post(base + "/submit"), "submitted");
    expectState(leader.post(base + "/approve"), "approved");
    expectState(leader.post(base + "/sign"), "signed");
    return id;
}

http::Id userIdOf(ApiClient& client, const std::string& username) {
    const auto users = client.get("/api/users").array();
    for (std::size_t i = 0; i < users->size(); ++i) {
        const auto user = users->getObject(static_cast<unsigned>(i));
        if (user->getValue<std::string>("username") == username) {
            return user->getValue<http::Id>("id");
        }
    }
    throw std::runtime_error("no user " + username);
}

} // namespace vanthu::test
