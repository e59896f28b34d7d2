#include "TestSupport.hpp"
#include "TestPaths.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace vanthu::test {
namespace {

struct Pipe {
    int fd[2] = {-1, -1};
    Pipe() {
        if (pipe2(fd, O_CLOEXEC) != 0) {
            throw std::runtime_error("pipe failed");
        }
    }
    ~Pipe() {
        closeRead();
        closeWrite();
    }
    void closeRead() {
        if (fd[0] >= 0) {
            close(fd[0]);
        }
        fd[0] = -1;
    }
    void closeWrite() {
        if (fd[1] >= 0) {
            close(fd[1]);
        }
        fd[1] = -1;
    }
};

ProcessResult runOnce(const std::vector<std::string>& argv, const std::string& stdinText);

/// LeakSanitizer's stop-the-world tracer itself sometimes crashes at a process's exit on some
/// kernels (google/sanitizers#1353): the command has done its work, no leak is reported, and the
/// sanitizer runtime dies. That one signature, and only it, earns one more run.
bool leakCheckerCrashed(const ProcessResult& result) {
    return result.exitCode != 0 && result.err.find("Tracer caught signal") != std::string::npos &&
           result.err.find("LeakSanitizer has encountered a fatal error") != std::string::npos;
}

} // namespace

ProcessResult run(const std::vector<std::string>& argv, const std::string& stdinText) {
    ProcessResult result = runOnce(argv, stdinText);
    if (leakCheckerCrashed(result)) {
        result = runOnce(argv, stdinText);
    }
    return result;
}

std::string postgresServer() {
    const char* value = std::getenv("VANTHU_TEST_POSTGRES");
    return value != nullptr ? value : "";
}

std::string freshPostgresSchema(const std::string& schema) {
    const auto server = postgresServer();
    if (server.empty()) {
        throw std::runtime_error("VANTHU_TEST_POSTGRES is not set (the \"postgresql\" fixture)");
    }
    const auto made =
        run({"psql", server, "-v", "ON_ERROR_STOP=1", "-qAt", "-c",
             "DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema});
    if (made.exitCode != 0) {
        throw std::runtime_error("cannot make the schema " + schema + ": " + made.err);
    }
    return server + " options=-csearch_path=" + schema;
}

std::string postgresServerSql(const std::string& sql) {
    const auto done = run({"psql", postgresServer(), "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql});
    if (done.exitCode != 0) {
        throw std::runtime_error("psql: " + sql + ": " + done.err);
    }
    return done.out;
}

std::string postgresDatabaseConnection(const std::string& name) {
    return postgresServer() + " dbname=" + name; // libpq takes the last dbname
}

bool postgresDatabaseExists(const std::string& name) {
    return postgresServerSql("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'") ==
           "1\n";
}

std::string copyPostgresDatabase(const std::string& from, const std::string& name) {
    postgresServerSql("DROP DATABASE IF EXISTS " + name);
    postgresServerSql("CREATE DATABASE " + name + " TEMPLATE " + from);
    return postgresDatabaseConnection(name);
}

namespace {

/// flock on a file, released when destroyed.
class FileLock {
public:
    explicit FileLock(const std::filesystem::path& file)
        : fd_(::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
        if (fd_ < 0 || ::flock(fd_, LOCK_EX) != 0) {
            throw std::runtime_error("cannot lock " + file.string());
        }
    }
    ~FileLock() { ::close(fd_); }
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

private:
    int fd_;
};

} // namespace

std::filesystem::path
madeOncePerBuild(const std::filesystem::path& cache, const std::string& kind,
                 const std::function<void(const std::filesystem::path&)>& make,
                 const std::function<bool(const std::filesystem::path&)>& stillWhole) {
    namespace fs = std::filesystem;
    const auto sets = cache / kind;
    fs::create_directories(sets);
    const fs::path exe = fs::read_symlink("/proc/self/exe");
    const auto root = sets / (std::to_string(fs::last_write_time(exe).time_since_epoch().count()) +
                              "-" + std::to_string(fs::file_size(exe)));
    const FileLock lock(sets / "lock");
    if (fs::exists(root / "complete") && (!stillWhole || stillWhole(root))) {
        return root;
    }
    for (const auto& old : fs::directory_iterator(sets)) {
        if (old.is_directory()) {
            fs::remove_all(old.path()); // an earlier build's set, or one left unfinished
        }
    }
    fs::create_directories(root);
    make(root);
    std::ofstream(root / "complete") << "1\n";
    return root;
}

std::string setDatabaseName(const std::filesystem::path& folder) {
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016zx", std::hash<std::string>{}(folder.string()));
    return std::string("set_") + hash;
}

namespace {

ProcessResult runOnce(const std::vector<std::string>& argv, const std::string& stdinText) {
    Pipe in, out, err;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in.fd[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out.fd[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err.fd[1], 2);
    std::vector<char*> args;
    for (const auto& a : argv) {
        args.push_back(const_cast<char*>(a.c_str()));
    }
    args.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        throw std::runtime_error("cannot start " + argv.at(0));
    }
    in.closeRead();
    out.closeWrite();
    err.closeWrite();

    ProcessResult result;
    size_t written = 0;
    if (stdinText.empty()) {
        in.closeWrite();
    }
    pollfd fds[3] = {{out.fd[0], POLLIN, 0}, {err.fd[0], POLLIN, 0}, {in.fd[1], POLLOUT, 0}};
    while (fds[0].fd >= 0 || fds[1].fd >= 0) {
        fds[2].fd = in.fd[1];
        if (poll(fds, 3, -1) < 0) {
            break;
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd >= 0 && (fds[i].revents & (POLLIN | POLLHUP))) {
                char buffer[65536];
                const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
                if (n <= 0) {
                    fds[i].fd = -1;
                } else {
                    (i == 0 ? result.out : result.err).append(buffer, static_cast<size_t>(n));
                }
            }
        }
        if (in.fd[1] >= 0 && (fds[2].revents & (POLLOUT | POLLERR))) {
            const ssize_t n =
                write(in.fd[1], stdinText.data() + written, stdinText.size() - written);
            if (n <= 0 || (written += static_cast<size_t>(n)) == stdinText.size()) {
                in.closeWrite();
            }
        }
    }
    int status = 0;
    waitpid(pid, &status, 0);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

} // namespace

namespace {

void runOrThrow(const std::vector<std::string>& argv) {
    const auto result = run(argv);
    if (result.exitCode != 0) {
        throw std::runtime_error(argv.front() + " " + argv.at(1) + ": " + result.err);
    }
}

} // namespace

SoftHsmToken::SoftHsmToken(const std::string& label, const std::string& pin,
                           const std::string& keyLabel, const std::string& pkcs12,
                           const std::string& pkcs12Password) {
    if (!std::filesystem::exists(kModule)) {
        throw std::runtime_error(std::string(kModule) + " is missing (Debian package softhsm2, "
                                                        "installed by scripts/bootstrap)");
    }
    std::filesystem::create_directories(dir_ / "tokens");
    writeFile(dir_ / "softhsm2.conf", "directories.tokendir = " + (dir_ / "tokens").string() +
                                          "\nobjectstore.backend = file\nlog.level = ERROR\n");
    ::setenv("SOFTHSM2_CONF", (dir_ / "softhsm2.conf").c_str(), 1);
    runOrThrow({"softhsm2-util", "--init-token", "--free", "--label", label, "--pin", pin,
                "--so-pin", "97531"});
    writeFile(dir_ / "key.p12", pkcs12);
    const std::string pass = "pass:" + pkcs12Password;
    runOrThrow({"openssl", "pkcs12", "-in", (dir_ / "key.p12").string(), "-nocerts", "-nodes",
                "-passin", pass, "-out", (dir_ / "key.pem").string()});
    runOrThrow({"openssl", "pkcs8", "-topk8", "-nocrypt", "-in", (dir_ / "key.pem").string(),
                "-out", (dir_ / "key8.pem").string()});
    runOrThrow({"softhsm2-util", "--import", (dir_ / "key8.pem").string(), "--token", label,
                "--label", keyLabel, "--id", "01", "--pin", pin});
    runOrThrow({"openssl", "pkcs12", "-in", (dir_ / "key.p12").string(), "-clcerts", "-nokeys",
                "-passin", pass, "-out", (dir_ / "cert.pem").string()});
    runOrThrow({"openssl", "x509", "-in", (dir_ / "cert.pem").string(), "-outform", "DER", "-out",
                (dir_ / "cert.der").string()});
    runOrThrow({"pkcs11-tool", "--module", kModule, "--token-label", label, "--login", "--pin", pin,
                "--write-object", (dir_ / "cert.der").string(), "--type", "cert", "--id", "01",
                "--label", keyLabel});
    // The CA certificates of the PKCS#12 go onto the token too, as a token holds its chain.
    runOrThrow({"openssl", "pkcs12", "-in", (dir_ / "key.p12").string(), "-cacerts", "-nokeys",
                "-passin", pass, "-out", (dir_ / "cas.pem").string()});
    const std::string cas = readFile(dir_ / "cas.pem");
    const std::string begin = "-----BEGIN CERTIFICATE-----", end = "-----END CERTIFICATE-----";
    int count = 0;
    for (auto at = cas.find(begin); at != std::string::npos; at = cas.find(begin, at + 1)) {
        const auto stop = cas.find(end, at);
        if (stop == std::string::npos) {
            break;
        }
        const auto pem = dir_ / ("ca" + std::to_string(++count) + ".pem");
        writeFile(pem, cas.substr(at, stop + end.size() - at) + "\n");
        const auto der = dir_ / ("ca" + std::to_string(count) + ".der");
        runOrThrow(
            {"openssl", "x509", "-in", pem.string(), "-outform", "DER", "-out", der.string()});
        runOrThrow({"pkcs11-tool", "--module", kModule, "--token-label", label, "--login", "--pin",
                    pin, "--write-object", der.string(), "--type", "cert", "--id",
                    std::to_string(10 + count), "--label", "ca" + std::to_string(count)});
    }
    std::filesystem::remove(dir_ / "key.pem");
    std::filesystem::remove(dir_ / "key8.pem");
}

SoftHsmToken::~SoftHsmToken() {
    ::unsetenv("SOFTHSM2_CONF");
}

ProcessResult runVanthu(const std::vector<std::string>& args) {
    std::vector<std::string> argv{VANTHU_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv);
}

TempDir::TempDir() {
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() /
            ("vanthu-test-" + std::to_string(getpid()) + "-" + std::to_string(random()));
    std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

std::string readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read " + path.string());
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

void writeFile(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
    if (!out) {
        throw std::runtime_error("cannot write " + path.string());
    }
}

std::filesystem::path sourceDir() {
    return VANTHU_SOURCE_DIR;
}
std::filesystem::path testDataDir() {
    return VANTHU_TEST_DATA;
}

std::vector<std::string> words(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> result;
    std::string word;
    while (in >> word) {
        result.push_back(word);
    }
    return result;
}

} // namespace vanthu::test
