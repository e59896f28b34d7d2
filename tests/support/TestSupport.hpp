#pragma once
// Shared by every test executable: running the vanthu binary and the independent checkers
// (pdftotext, pdfinfo, pdffonts, qpdf, pdfsig, openssl) and scratch folders.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace vanthu::test {

struct ProcessResult {
    int exitCode = -1;
    std::string out;
    std::string err;
};

/// Runs a program (looked up on PATH) with arguments, no shell; captures stdout and stderr.
ProcessResult run(const std::vector<std::string>& argv, const std::string& stdinText = "");

/// Runs build/vanthu with these arguments.
ProcessResult runVanthu(const std::vector<std::string>& args);

/// A fresh folder under the system temp folder, removed with everything in it when destroyed.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

/// The private PostgreSQL of the "postgresql" ctest fixture (tests/CMakeLists.txt), from
/// VANTHU_TEST_POSTGRES; empty when the test does not run under that fixture.
std::string postgresServer();
/// Makes the schema afresh on that server (dropped first when it exists) and returns the libpq
/// connection string that works in it. Throws when it cannot.
std::string freshPostgresSchema(const std::string& schema);
/// Runs sql in the test server's own database (psql) and returns what it printed; throws with
/// psql's message when it fails.
std::string postgresServerSql(const std::string& sql);
/// The libpq connection string of the database `name` on the test server.
std::string postgresDatabaseConnection(const std::string& name);
/// Whether the test server has the database `name`.
bool postgresDatabaseExists(const std::string& name);
/// A database `name` made afresh on the test server as a copy of `from` (CREATE DATABASE …
/// TEMPLATE: a copy of its files, far quicker than making its content again); its connection.
std::string copyPostgresDatabase(const std::string& from, const std::string& name);

/// A data set made once per build of the running test binary and kept under `cache` for every
/// test process of the build (ctest runs each test case in a process of its own, and making a
/// demo set takes seconds). The set's folder is cache/kind/<the binary's time and size>: the
/// first process makes it with `make(folder)` under a lock while the others wait; a set of an
/// earlier build is removed. `stillWhole(folder)`, when given, says whether a finished set is
/// still usable (a database it names may be gone with the test server); if not, it is made
/// again. Returns the folder.
std::filesystem::path
madeOncePerBuild(const std::filesystem::path& cache, const std::string& kind,
                 const std::function<void(const std::filesystem::path&)>& make,
                 const std::function<bool(const std::filesystem::path&)>& stillWhole = {});
/// The name of the database of the set in `folder` (madeOncePerBuild's): "set_" and a hash of
/// the folder's path, well within PostgreSQL's 63 characters.
std::string setDatabaseName(const std::filesystem::path& folder);

std::string readFile(const std::filesystem::path& path);
void writeFile(const std::filesystem::path& path, const std::string& bytes);

std::filesystem::path sourceDir();   ///< the repository
std::filesystem::path testDataDir(); ///< tests/data

/// A SoftHSM2 token for one test (Debian's softhsm2 and opensc): made in a folder of its own
/// and named by SOFTHSM2_CONF while the object lives (child processes see it too), initialised
/// with label and pin, holding the key and certificate of a PKCS#12 (its bytes and password)
/// under keyLabel, id 01, and the PKCS#12's CA certificates (labels ca1, ca2, …). Throws
/// std::runtime_error with the tool's message when it cannot.
class SoftHsmToken {
public:
    static constexpr const char* kModule = "/usr/lib/softhsm/libsofthsm2.so";
    SoftHsmToken(const std::string& label, const std::string& pin, const std::string& keyLabel,
                 const std::string& pkcs12, const std::string& pkcs12Password);
    ~SoftHsmToken();
    SoftHsmToken(const SoftHsmToken&) = delete;
    SoftHsmToken& operator=(const SoftHsmToken&) = delete;

private:
    TempDir dir_;
};

/// Words of a text split on white space.
std::vector<std::string> words(const std::string& text);

} // namespace vanthu::test
