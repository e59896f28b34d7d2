#pragma once
// A subcommand of the vanthu binary. Exit codes: 0 success, 1 a check failed (verify), 2 bad
// input or usage. Errors print one line on stderr, prefixed "vanthu: ".
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace vanthu::cli {

using Arguments = std::vector<std::string>;

struct Command {
    std::string_view name;
    std::string_view synopsis;
    int (*run)(const Arguments& args); ///< args after the verb
};

/// A mistake in the command line or its input: exit code 2 with this message.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Every verb the binary knows, in the order `vanthu --help` lists them.
std::span<const Command> commands();

int runRender(const Arguments& args);
#ifdef VANTHU_HAVE_SIGNING
int runPki(const Arguments& args);
int runSign(const Arguments& args);
int runVerify(const Arguments& args);
int runTsa(const Arguments& args);
int runAgent(const Arguments& args);
#endif
#ifdef VANTHU_HAVE_DOCMGMT
int runAudit(const Arguments& args);
int runServe(const Arguments& args);
int runSearch(const Arguments& args);
int runArchive(const Arguments& args);
int runImport(const Arguments& args);
int runBackup(const Arguments& args);
int runRestore(const Arguments& args);
int runMigrate(const Arguments& args);
int runExchange(const Arguments& args);
int runInit(const Arguments& args);
int runAdmin(const Arguments& args);
#endif

} // namespace vanthu::cli
