#include "DocmgmtServer.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <unistd.h>

#include <atomic>
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

DocmgmtServer::DocmgmtServer() : database_(freshTestDatabase()) {
    backend_ = std::make_unique<http::DocmgmtBackend>(dir_.path(), testInstallation(database_));
    docmgmt::DemoDataOptions options;
    options.ecdsa = true; // quicker to make than RSA keys
    const auto demo = backend_->createDemoData(options);
    for (const auto& account : demo.accounts) {
        passwords_[account.username] = account.password;
    }
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
    if (database_) {
        return run({"psql", *database_, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql});
    }
    return run({"sqlite3", (dir_.path() / "vanthu.db").string(), sql});
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
