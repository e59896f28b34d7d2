// vanthu serve [--config FILE] [--data DIR] [--listen HOST:PORT] [--demo] [--tls-cert F
//              --tls-key F] [--web DIR] [--key-password-file FILE]
//              [--threads N] [--work-threads N] [--work-queue N] [--max-body-mb N] [--ecdsa]
//              [--demo-profile all|party|state]
//              [--demo-letters DIR]
//              [--peers FILE] [--exchange-retry-max SECONDS] [--tsa-p12 FILE] [--no-ocr]
//              [--database CONNINFO]
//              [--smtp-host HOST [--smtp-port N] [--smtp-security starttls|none]
//               [--smtp-user NAME --smtp-password-file FILE] [--smtp-ca-file PEM]
//               --smtp-from ADDRESS]
//              [--mail-link URL] [--mail-retry-max SECONDS]
//              [--renewal-margin-days N]
// Runs the HTTP server until SIGTERM or SIGINT, then stops cleanly with exit code 0. The
// options can come from a config file (key = value, the flags' names without "--": "data =
// /var/lib/vanthu", "no-ocr = true"); flags on the command line win. Without --demo the data
// folder must be an installation (vanthu init), or with --setup a missing or empty folder that
// becomes one on the web UI's first-run page (its one-time code is printed at start).
#ifdef VANTHU_HAVE_DOCMGMT
#include "WebDist.hpp"
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include "cli/Command.hpp"
#include "http/AxisLink.hpp"
#include "http/BackgroundLoop.hpp"
#include "http/DocmgmtBackend.hpp"
#include "http/ExchangeCertificates.hpp"
#include "http/ExchangeInbox.hpp"
#include "http/MailSender.hpp"
#include "http/OutboxWorker.hpp"
#include "http/PeerDirectory.hpp"
#include "http/Server.hpp"
#include "http/Views.hpp"
#include "vanthu/docmgmt/CaseFiles.hpp"
#include "vanthu/docmgmt/Installation.hpp"
#include "vanthu/docmgmt/KeyRing.hpp"
#include "vanthu/docmgmt/OutgoingFlow.hpp"
#include "vanthu/docmgmt/Passwords.hpp"
#include "vanthu/docmgmt/Preservation.hpp"
#include "vanthu/search/Ocr.hpp"
#include "vanthu/signing/DemoPki.hpp"
#include "vanthu/signing/TimeStampAuthority.hpp"

namespace vanthu::cli {

namespace {

constexpr const char* kUsage =
    "usage: vanthu serve [--data DIR] [--listen HOST:PORT] [--demo] [--tls-cert FILE "
    "--tls-key FILE] [--web DIR] [--threads N] [--work-threads N] [--work-queue N] [--max-body-mb "
    "N] [--ecdsa] "
    "[--demo-profile "
    "all|party|state] [--demo-letters DIR] [--peers FILE] [--exchange-retry-max SECONDS] "
    "[--tsa-p12 FILE] [--no-ocr] [--key-password-file FILE] [--config FILE] [--setup] "
    "[--signing-agent http://127.0.0.1:8765] [--database postgresql://…] [--pkcs11-module "
    "FILE[,FILE…]] [--smtp-host HOST [--smtp-port N] [--smtp-security starttls|none] "
    "[--smtp-user NAME --smtp-password-file FILE] [--smtp-ca-file PEM] --smtp-from ADDRESS] "
    "[--mail-link URL] "
    "[--mail-retry-max SECONDS] [--renewal-margin-days N]";

/// The signing agent's origin (http://127.0.0.1:8765): it goes into the Content-Security-Policy,
/// so only an origin's characters are taken.
std::string signingAgentOrigin(const std::string& text) {
    const bool http = text.rfind("http://", 0) == 0 || text.rfind("https://", 0) == 0;
    const auto rest = text.substr(text.find("://") + 3);
    const bool plain =
        !rest.empty() && rest.find_first_not_of("abcdefghijklmnopqrstuvwxyz"
                                                "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                "0123456789.-:[]") == std::string::npos;
    if (!http || !plain) {
        throw UsageError("--signing-agent must be the signing agent's origin, e.g. "
                         "http://127.0.0.1:8765 (no path)");
    }
    return text;
}

/// Options that take no value; in a config file they are "name = true" or "name = false".
const std::vector<std::string> kFlags = {"demo", "ecdsa", "no-ocr", "setup"};
/// Options that take a value, by their name without "--".
const std::vector<std::string> kValued = {"data",
                                          "listen",
                                          "tls-cert",
                                          "tls-key",
                                          "web",
                                          "threads",
                                          "work-threads",
                                          "work-queue",
                                          "max-body-mb",
                                          "demo-profile",
                                          "demo-letters",
                                          "peers",
                                          "tsa-p12",
                                          "exchange-retry-max",
                                          "key-password-file",
                                          "signing-agent",
                                          "database",
                                          "pkcs11-module",
                                          "smtp-host",
                                          "smtp-port",
                                          "smtp-security",
                                          "smtp-user",
                                          "smtp-password-file",
                                          "smtp-from",
                                          "smtp-ca-file",
                                          "mail-link",
                                          "mail-retry-max"};

/// The PKCS#11 modules (FILE[,FILE…]) an administrator may name for an office's seal from the
/// web UI or the API: each an absolute path to an existing file. The module is loaded into the
/// server, so only the server's operator names them (here or in the config file).
void addPkcs11Modules(const std::string& list, std::vector<std::string>& modules) {
    std::size_t start = 0;
    while (start <= list.size()) {
        const auto end = std::min(list.find(',', start), list.size());
        auto path = list.substr(start, end - start);
        path.erase(0, path.find_first_not_of(" \t"));
        path.erase(path.find_last_not_of(" \t") + 1);
        if (!path.empty()) {
            if (path.front() != '/' || !std::filesystem::is_regular_file(path)) {
                throw UsageError("--pkcs11-module: " + path +
                                 " is not the absolute path of a PKCS#11 module file");
            }
            modules.push_back(path);
        }
        start = end + 1;
    }
}

bool listed(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

/// The options of the config file named by --config as arguments, before the command line's
/// own (so that the flags win); unknown keys are refused.
Arguments withConfigFile(const Arguments& args) {
    Arguments own;
    std::filesystem::path file;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--config") {
            if (i + 1 >= args.size()) {
                throw UsageError("--config needs a file");
            }
            file = args[++i];
        } else {
            own.push_back(args[i]);
        }
    }
    if (file.empty()) {
        return own;
    }
    if (!std::filesystem::is_regular_file(file)) {
        throw UsageError("không đọc được tệp cấu hình " + file.string());
    }
    Arguments fromFile;
    try {
        Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> config(
            new Poco::Util::PropertyFileConfiguration(file.string()));
        Poco::Util::AbstractConfiguration::Keys keys;
        config->keys(keys);
        for (const auto& key : keys) {
            if (listed(kFlags, key)) {
                if (config->getBool(key)) {
                    fromFile.push_back("--" + key);
                }
            } else if (listed(kValued, key)) {
                fromFile.push_back("--" + key);
                fromFile.push_back(config->getString(key));
            } else {
                throw UsageError("tệp cấu hình " + file.string() + ": không có tùy chọn \"" + key +
                                 "\"");
            }
        }
    } catch (const Poco::Exception& e) {
        throw UsageError("tệp cấu hình " + file.string() + ": " + e.displayText());
    }
    fromFile.insert(fromFile.end(), own.begin(), own.end());
    return fromFile;
}

struct ServeOptions {
    std::filesystem::path dataDir = "vanthu-data";
    bool demo = false;
    /// --setup: a missing or empty data folder becomes an installation that waits for its
    /// first administrator on the web UI's first-run page (http/SetupHandler).
    bool setup = false;
    docmgmt::DemoDataOptions demoData; ///< --ecdsa, --demo-profile, --demo-letters
    std::filesystem::path peersFile;   ///< edXML exchange with peer servers (docs/exchange.md)
    /// RFC 3161 authority at /tsa, its key opened with the server-held keys' password
    /// (docs/signatures.md)
    std::string tsaP12;
    http::OutboxSettings outbox;
    http::ServerConfig server;
    bool readScans = true; ///< OCR of scanned PDFs for the search index (--no-ocr: off)
    /// The server-held keys' password, from --key-password-file (first line); unset: the
    /// installation's own (docmgmt::InstallationOptions).
    std::optional<std::string> keyPassword;
    /// --database: the installation's records in PostgreSQL (docs/storage.md); unset: what the
    /// data folder names (DIR/database), else DIR/vanthu.db.
    std::optional<std::string> database;
    /// Notices by e-mail (issue 14 item 7): the SMTP server; no --smtp-host: none are sent.
    http::SmtpSettings smtp;
    std::filesystem::path smtpPasswordFile;
    docmgmt::MailNoticeSettings mail; ///< --mail-link: the web UI's address in the e-mails
    /// --renewal-margin-days: long-term copies are renewed when their newest time-stamp's
    /// certificate expires within this many days (issue 21 item 4).
    int renewalMarginDays = 365;
};

std::string firstLineOf(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        throw UsageError("không đọc được tệp mật khẩu khóa " + file.string());
    }
    std::string line;
    std::getline(in, line);
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    return line;
}

int positiveNumber(const std::string& text, const std::string& option) {
    try {
        std::size_t used = 0;
        const int value = std::stoi(text, &used);
        if (used == text.size() && value > 0) {
            return value;
        }
    } catch (const std::exception&) {
    }
    throw UsageError(option + " must be a positive number");
}

void parseListen(const std::string& text, http::ServerConfig& config) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0) {
        throw UsageError("--listen must be HOST:PORT, e.g. 127.0.0.1:8080");
    }
    config.host = text.substr(0, colon);
    if (config.host.size() > 2 && config.host.front() == '[' && config.host.back() == ']') {
        config.host = config.host.substr(1, config.host.size() - 2);
    }
    const std::string port = text.substr(colon + 1);
    const int value = port == "0" ? 0 : positiveNumber(port, "--listen's port");
    if (value > 65535) {
        throw UsageError("--listen's port must be at most 65535");
    }
    config.port = static_cast<unsigned short>(value);
}

/// The folder next to the binary ("web"), an installation's ../share/vanthu/web, or the source
/// tree's bundle, the first that exists.
std::filesystem::path defaultWebRoot() {
    std::error_code error;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", error);
    if (!error) {
        for (const auto& candidate :
             {exe.parent_path() / "web", exe.parent_path() / ".." / "share" / "vanthu" / "web"}) {
            if (std::filesystem::is_directory(candidate)) {
                return candidate;
            }
        }
    }
    return VANTHU_WEB_DIST;
}

/// The SMTP settings go together: a host needs a sender address, a user its password file
/// (read now, owner-only like the axis's secret).
void checkSmtp(ServeOptions& options) {
    auto& smtp = options.smtp;
    if (!smtp.configured()) {
        if (!smtp.sender.empty() || !smtp.user.empty() || !options.smtpPasswordFile.empty()) {
            throw UsageError("the --smtp-* options need --smtp-host");
        }
        return;
    }
    if (smtp.sender.find('@') == std::string::npos ||
        smtp.sender.find_first_of(" <>\r\n") != std::string::npos) {
        throw UsageError(
            "--smtp-host needs --smtp-from, the sender's address (vanthu@coquan.gov.vn)");
    }
    if (smtp.user.empty() != options.smtpPasswordFile.empty()) {
        throw UsageError("--smtp-user and --smtp-password-file go together");
    }
    if (!options.smtpPasswordFile.empty()) {
        try {
            smtp.password = http::readSmtpPassword(options.smtpPasswordFile);
        } catch (const std::runtime_error& e) {
            throw UsageError(e.what());
        }
    }
}

ServeOptions parse(const Arguments& args) {
    ServeOptions options;
    auto& config = options.server;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= args.size()) {
                throw UsageError(arg + " needs a value (" + kUsage + ")");
            }
            return args[++i];
        };
        if (arg == "--demo") {
            options.demo = true;
        } else if (arg == "--setup") {
            options.setup = true;
        } else if (arg == "--ecdsa") {
            options.demoData.ecdsa = true;
        } else if (arg == "--demo-profile") {
            const std::string profile = value();
            if (profile == "all") {
                options.demoData.profile = docmgmt::DemoProfile::All;
            } else if (profile == "party") {
                options.demoData.profile = docmgmt::DemoProfile::Party;
            } else if (profile == "state") {
                options.demoData.profile = docmgmt::DemoProfile::State;
            } else {
                throw UsageError("--demo-profile must be all, party or state");
            }
        } else if (arg == "--demo-letters") {
            options.demoData.lettersDir = value();
            if (!std::filesystem::is_directory(options.demoData.lettersDir)) {
                throw UsageError("--demo-letters: " + options.demoData.lettersDir.string() +
                                 " is not a folder of letters (samples/*.json)");
            }
        } else if (arg == "--key-password-file") {
            options.keyPassword = firstLineOf(value());
        } else if (arg == "--no-ocr") {
            options.readScans = false;
        } else if (arg == "--peers") {
            options.peersFile = value();
        } else if (arg == "--database") {
            options.database = value();
        } else if (arg == "--smtp-host") {
            options.smtp.host = value();
        } else if (arg == "--smtp-port") {
            const int port = positiveNumber(value(), arg);
            if (port > 65535) {
                throw UsageError("--smtp-port must be at most 65535");
            }
            options.smtp.port = static_cast<unsigned short>(port);
        } else if (arg == "--smtp-security") {
            const std::string security = value();
            if (security != "starttls" && security != "none") {
                throw UsageError("--smtp-security must be starttls or none");
            }
            options.smtp.startTls = security == "starttls";
        } else if (arg == "--smtp-user") {
            options.smtp.user = value();
        } else if (arg == "--smtp-password-file") {
            options.smtpPasswordFile = value();
        } else if (arg == "--smtp-from") {
            options.smtp.sender = value();
        } else if (arg == "--smtp-ca-file") {
            options.smtp.caFile = value();
        } else if (arg == "--mail-retry-max") {
            options.mail.maxRetry = std::chrono::seconds(positiveNumber(value(), arg));
            options.mail.firstRetry = std::min(options.mail.firstRetry, options.mail.maxRetry);
        } else if (arg == "--mail-link") {
            options.mail.link = value();
            if (options.mail.link.rfind("http://", 0) != 0 &&
                options.mail.link.rfind("https://", 0) != 0) {
                throw UsageError("--mail-link must be the web UI's address (https://…)");
            }
        } else if (arg == "--tsa-p12") {
            options.tsaP12 = value();
        } else if (arg == "--exchange-retry-max") {
            options.outbox.maxRetry = std::chrono::seconds(positiveNumber(value(), arg));
            options.outbox.firstRetry =
                std::min(options.outbox.firstRetry, options.outbox.maxRetry);
        } else if (arg == "--data") {
            options.dataDir = value();
        } else if (arg == "--listen") {
            parseListen(value(), config);
        } else if (arg == "--tls-cert") {
            config.tlsCertificate = value();
        } else if (arg == "--tls-key") {
            config.tlsKey = value();
        } else if (arg == "--pkcs11-module") {
            addPkcs11Modules(value(), config.pkcs11Modules);
        } else if (arg == "--signing-agent") {
            config.signingAgent = signingAgentOrigin(value());
        } else if (arg == "--web") {
            config.webRoot = value();
        } else if (arg == "--threads") {
            config.maxThreads = positiveNumber(value(), arg);
        } else if (arg == "--work-threads") {
            config.longWork.threads = positiveNumber(value(), arg);
        } else if (arg == "--work-queue") {
            config.longWork.queued = positiveNumber(value(), arg);
        } else if (arg == "--max-body-mb") {
            config.maxBodyBytes = static_cast<std::size_t>(positiveNumber(value(), arg)) << 20;
        } else if (arg == "--renewal-margin-days") {
            options.renewalMarginDays = positiveNumber(value(), arg);
        } else {
            throw UsageError("unknown argument \"" + arg + "\" (" + kUsage + ")");
        }
    }
    if (options.demo && options.setup) {
        throw UsageError("--setup and --demo do not go together (the demo makes its own offices)");
    }
    if (config.tlsCertificate.empty() != config.tlsKey.empty()) {
        throw UsageError("--tls-cert and --tls-key go together");
    }
    if (config.webRoot.empty()) {
        config.webRoot = defaultWebRoot();
    }
    checkSmtp(options);
    return options;
}

std::string vietnameseRole(docmgmt::Role role) {
    switch (role) {
    case docmgmt::Role::Clerk:
        return "văn thư";
    case docmgmt::Role::Specialist:
        return "chuyên viên";
    case docmgmt::Role::Leader:
        return "lãnh đạo";
    case docmgmt::Role::Administrator:
        return "quản trị";
    }
    return "";
}

/// The demo accounts as a table; kept in DIR/demo-accounts.txt (owner-only) so later starts
/// with --demo can show the passwords again.
std::filesystem::path demoAccountsFile(const std::filesystem::path& dataDir) {
    return dataDir / "demo-accounts.txt";
}

std::string accountTable(const std::vector<docmgmt::DemoAccount>& accounts) {
    std::ostringstream out;
    out << "Tài khoản mẫu (tên đăng nhập — mật khẩu — vai trò — cơ quan):\n";
    for (const auto& account : accounts) {
        out << "  " << account.username << "  " << account.password << "  "
            << vietnameseRole(account.role) << " (" << http::roleName(account.role) << ")  "
            << account.officeName << "\n";
    }
    return out.str();
}

void showDemoAccounts(http::DocmgmtBackend& backend, const std::filesystem::path& dataDir,
                      const docmgmt::DemoDataOptions& demo) {
    const auto result = backend.createDemoData(demo);
    const auto file = demoAccountsFile(dataDir);
    if (result.created) {
        const std::string table = accountTable(result.accounts);
        {
            std::ofstream out(file, std::ios::binary | std::ios::trunc);
            out << table;
        }
        std::filesystem::permissions(file, std::filesystem::perms::owner_read |
                                               std::filesystem::perms::owner_write);
        std::cout << "vanthu: đã tạo dữ liệu mẫu trong " << dataDir.string() << "\n" << table;
        return;
    }
    std::ifstream in(file, std::ios::binary);
    if (in) {
        std::cout << "vanthu: dữ liệu mẫu đã có từ trước\n" << in.rdbuf();
    } else {
        std::cout << "vanthu: thư mục dữ liệu đã có cơ quan và người dùng; không tạo dữ liệu mẫu\n";
    }
}

/// The 30-day notices of closed case files due at the archive (NĐ 30 Phụ lục VI III.5b), sent
/// at start-up and then every hour to the person responsible and the office's clerks.
std::unique_ptr<http::BackgroundLoop> archiveNotices(http::DocmgmtBackend& backend) {
    return std::make_unique<http::BackgroundLoop>(
        "thông báo nộp lưu hồ sơ", std::chrono::hours(1),
        [&backend] {
            if (auto* files = backend.caseFiles()) {
                files->sendArchiveNotices();
            }
            return false;
        },
        /*lowPriority=*/true);
}

/// Letters waiting in the issue queue (issue 21 item 2) are tried again when due, as the clerk
/// who chose to wait: issued at their office's policy level once its time-stamp authority and
/// revocation sources answer, else put off (1 min, doubling, at most 1 h).
std::unique_ptr<http::BackgroundLoop> issueQueue(http::DocmgmtBackend& backend) {
    return std::make_unique<http::BackgroundLoop>("hàng chờ phát hành", std::chrono::seconds(15),
                                                  [&backend] {
                                                      auto* flow = backend.flow();
                                                      return flow && flow->retryIssueQueue(10).more;
                                                  });
}

/// Long-term copies (issue 21 item 4): letters whose newest time-stamp's certificate expires
/// within the margin get fresh validation data and a new document time-stamp, ten a round (each
/// committed and audited on its own, so a restart goes on with what is still due), niced; idle
/// rounds every ten minutes.
std::unique_ptr<http::BackgroundLoop> renewal(http::DocmgmtBackend& backend) {
    return std::make_unique<http::BackgroundLoop>(
        "gia hạn chứng cứ chữ ký", std::chrono::minutes(10),
        [&backend] {
            auto* preservation = backend.preservation();
            return preservation && preservation->renewDue(10).more;
        },
        /*lowPriority=*/true);
}

/// Scanned PDFs are read (OCR) for the search index on a niced thread of their own, one PDF a
/// round, so that no request waits for them. Without Tesseract's Vietnamese data: one line in
/// the log, and scans stay found by their metadata only.
std::unique_ptr<http::BackgroundLoop> scanReading(http::DocmgmtBackend& backend) {
    return std::make_unique<http::BackgroundLoop>(
        "đọc bản quét", std::chrono::seconds(2),
        [&backend, unavailable = false]() mutable {
            if (unavailable) {
                return false;
            }
            try {
                return backend.readScans(1) > 0;
            } catch (const search::OcrError& e) {
                unavailable = true;
                std::cerr << "vanthu: không đọc được bản quét (OCR): " << e.what()
                          << "; văn bản quét chỉ tìm được theo thông tin mô tả" << std::endl;
                return false;
            }
        },
        /*lowPriority=*/true);
}

} // namespace

int runServe(const Arguments& args) {
    // Before any thread exists, so that only the main thread receives SIGTERM/SIGINT.
    http::blockTerminationSignals();
    const auto options = parse(withConfigFile(args));
    // Only the demo and --setup make an installation on the fly; otherwise `vanthu init` made
    // it.
    docmgmt::InstallationOptions installation;
    installation.create =
        options.demo || (options.setup && docmgmt::Installation::mayCreateIn(options.dataDir));
    installation.keyPassword = options.keyPassword;
    installation.database = options.database;
    installation.renewalMarginSeconds = std::int64_t{options.renewalMarginDays} * 86400;
    http::DocmgmtBackend backend(options.dataDir, installation);
    if (options.demo) {
        showDemoAccounts(backend, options.dataDir, options.demoData);
    }
    auto serverConfig = options.server;
    if (options.setup && backend.administration()->awaitsFirstAdministrator()) {
        serverConfig.setupCode = docmgmt::generatePassword(12);
    }
    // The exchange with peer servers: the endpoint's inbox and the outbox worker.
    std::unique_ptr<http::PeerDirectory> peers;
    std::unique_ptr<http::ExchangeInbox> inbox;
    std::unique_ptr<http::OutboxWorker> outbox;
    std::unique_ptr<http::AxisLink> axis;
    if (!options.peersFile.empty()) {
        try {
            peers = http::PeerDirectory::load(options.peersFile);
        } catch (const std::runtime_error& e) {
            throw UsageError(e.what());
        }
        const auto certificates =
            http::DocmgmtBackend::pkiFolderIn(options.dataDir) / "exchange-certificates.pem";
        const int count =
            http::writeExchangeCertificates(backend.storage(), backend.installation().keyPassword(),
                                            certificates, &backend.installation().keys());
        inbox = std::make_unique<http::ExchangeInbox>(*peers, backend.storage(), backend.blobs(),
                                                      backend.trustAnchors(),
                                                      serverConfig.maxBodyBytes);
        serverConfig.exchangeInbox = inbox.get();
        serverConfig.exchangePeers = peers.get();
        auto outboxSettings = options.outbox;
        outboxSettings.keyPassword = backend.installation().keyPassword();
        outboxSettings.keys = &backend.installation().keys();
        outbox = std::make_unique<http::OutboxWorker>(*peers, backend.storage(), backend.blobs(),
                                                      outboxSettings);
        std::cout << "vanthu: trao đổi văn bản với tên \"" << peers->self() << "\" (" << count
                  << " chứng thư con dấu trong " << certificates.string() << ")";
        for (const auto& peer : peers->peers()) {
            std::cout << "; " << peer.name << " " << peer.baseUrl;
        }
        std::cout << std::endl;
        if (const auto* route = peers->axis()) {
            // The national document axis: items for its offices go through it, and a thread
            // polls it for documents and statuses.
            axis = std::make_unique<http::AxisLink>(*route, *inbox, backend.storage(),
                                                    backend.blobs(), options.outbox.maxRetry);
            outbox->routeThroughAxis(axis.get());
            serverConfig.axis = axis.get();
            std::cout << "vanthu: trục liên thông \"" << route->name << "\" "
                      << route->settings.endpoint << " (hệ thống " << route->settings.systemId
                      << ", hỏi mỗi " << route->settings.pollInterval.count() << " giây)"
                      << std::endl;
        }
    }
    std::unique_ptr<signing::TimeStampAuthority> timeStamps;
    if (!options.tsaP12.empty()) {
        try {
            timeStamps = signing::TimeStampAuthority::fromPkcs12(
                options.tsaP12, backend.installation().keyPassword());
        } catch (const std::exception& e) {
            throw UsageError("--tsa-p12: không mở được khóa cấp dấu thời gian " + options.tsaP12 +
                             " bằng mật khẩu khóa của máy chủ (pki/key-password hoặc "
                             "--key-password-file): " +
                             e.what());
        }
        serverConfig.timeStampAuthority = timeStamps.get();
    }
    http::Server server(serverConfig, backend);
    if (outbox) {
        outbox->start();
    }
    if (axis) {
        axis->start();
    }
    const auto notices = archiveNotices(backend);
    notices->start();
    const auto waitingIssues = issueQueue(backend);
    waitingIssues->start();
    const auto renewing = renewal(backend);
    renewing->start();
    std::unique_ptr<http::BackgroundLoop> scans;
    if (options.readScans) {
        scans = scanReading(backend);
        scans->start();
    }
    // Notices by e-mail: queued and sent on a thread of their own, never on a request's, through
    // the SMTP server the administrator's page set, else the config file's (none: nothing sent).
    auto& mailSettings = *backend.mailSettings();
    mailSettings.setFileSmtp(options.smtp);
    auto noticeSettings = options.mail;
    if (noticeSettings.link.empty()) {
        noticeSettings.link = server.url();
    }
    docmgmt::MailNotices mailNotices(backend.storage(), backend.installation().audit(),
                                     docmgmt::systemClock(), noticeSettings);
    // Every 15 s, or as often as the longest pause between tries when that is shorter.
    const auto mailLoop = http::mailNoticeLoop(
        mailNotices, mailSettings,
        std::min<std::chrono::milliseconds>(std::chrono::seconds(15), noticeSettings.maxRetry));
    mailLoop->start();
    if (const auto smtp = mailSettings.smtp(); smtp.configured()) {
        std::cout << "vanthu: thư thông báo qua " << smtp.host << ":" << smtp.port
                  << (smtp.startTls ? " (STARTTLS)" : " (không mã hóa)") << ", từ " << smtp.sender
                  << std::endl;
    }
    if (!serverConfig.setupCode.empty()) {
        // Only who can read the server's log can take the installation.
        std::cout << "vanthu: cài đặt lần đầu: mở " << server.url()
                  << "/ và nhập mã cài đặt: " << serverConfig.setupCode << std::endl;
    } else if (options.setup) {
        std::cout << "vanthu: đã cài đặt từ trước (có người dùng); --setup không làm gì thêm"
                  << std::endl;
    }
    std::cout << "vanthu: đang phục vụ tại " << server.url()
              << "/ (dữ liệu: " << options.dataDir.string() << "; dừng bằng Ctrl+C)" << std::endl;
    const int signal = http::waitForTerminationSignal();
    std::cout << "vanthu: nhận tín hiệu " << signal << ", đang dừng…" << std::endl;
    backend.stopRenders(); // renders running now end within a paragraph or a page
    if (scans) {
        scans->stop(); // after the PDF being read
    }
    notices->stop();
    mailLoop->stop();      // after the message being sent
    waitingIssues->stop(); // after the letter being issued
    if (axis) {
        axis->stop(); // after the package being stored and acknowledged
    }
    if (outbox) {
        outbox->stop();
    }
    server.stop(std::chrono::seconds(3));
    std::cout << "vanthu: đã dừng" << std::endl;
    return 0;
}

} // namespace vanthu::cli
#endif
