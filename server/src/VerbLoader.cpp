// The vanthu executable holds 'verify' (and the verb table) itself; pki, sign and tsa live in
// vanthu-signing.so (PoDoFo, Poco Net, libp11), every other verb in vanthu-verbs.so, each loaded
// with dlopen only when one of its verbs runs. A verification then starts with the libraries the
// verifier needs (OpenSSL, zlib) instead of the dozens the other verbs bring, whose dynamic
// linking used to cost more than the verification itself (docs/performance.md, "Signing").
// A new verb: declare it in cli/Command.hpp, list it in cli/Commands.cpp, and forward it below
// (vanthu-verbs.so finds it through the same table).
#include <dlfcn.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "cli/Command.hpp"

namespace vanthu::cli {
namespace {

using VerbEntry = int (*)(const char* verb, const Arguments* args);

std::filesystem::path executableDirectory() {
    std::error_code error;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
    return error ? std::filesystem::current_path() : self.parent_path();
}

/// The verbs library next to the executable (build tree), or in ../lib/vanthu/ (installed).
VerbEntry loadVerbs(const std::string& library) {
    const auto directory = executableDirectory();
    for (const auto& candidate :
         {directory / library, directory / ".." / "lib" / "vanthu" / library}) {
        if (!std::filesystem::exists(candidate)) {
            continue;
        }
        void* module = ::dlopen(candidate.c_str(), RTLD_LAZY | RTLD_LOCAL);
        if (module == nullptr) {
            throw std::runtime_error("cannot load " + candidate.string() + ": " + ::dlerror());
        }
        if (void* entry = ::dlsym(module, "vanthu_run_verb")) {
            return reinterpret_cast<VerbEntry>(entry);
        }
        throw std::runtime_error(candidate.string() + " is not vanthu's verbs library");
    }
    throw std::runtime_error(library + " is missing: it belongs next to the vanthu executable (" +
                             directory.string() + ") or in ../lib/vanthu/; reinstall vanthu");
}

int runInVerbs(const char* verb, const Arguments& args,
               const std::string& library = "vanthu-verbs.so") {
    return loadVerbs(library)(verb, &args);
}

} // namespace

int runRender(const Arguments& args) {
    return runInVerbs("render", args);
}
#ifdef VANTHU_HAVE_SIGNING
int runPki(const Arguments& args) {
    return runInVerbs("pki", args, "vanthu-signing.so");
}
int runSign(const Arguments& args) {
    return runInVerbs("sign", args, "vanthu-signing.so");
}
int runTsa(const Arguments& args) {
    return runInVerbs("tsa", args, "vanthu-signing.so");
}
int runAgent(const Arguments& args) {
    return runInVerbs("agent", args, "vanthu-signing.so");
}
#endif
#ifdef VANTHU_HAVE_DOCMGMT
int runAudit(const Arguments& args) {
    return runInVerbs("audit", args);
}
int runServe(const Arguments& args) {
    return runInVerbs("serve", args);
}
int runArchive(const Arguments& args) {
    return runInVerbs("archive", args);
}
int runImport(const Arguments& args) {
    return runInVerbs("import", args);
}
int runSearch(const Arguments& args) {
    return runInVerbs("search", args);
}
int runBackup(const Arguments& args) {
    return runInVerbs("backup", args);
}
int runRestore(const Arguments& args) {
    return runInVerbs("restore", args);
}
int runMigrate(const Arguments& args) {
    return runInVerbs("migrate", args);
}
int runExchange(const Arguments& args) {
    return runInVerbs("exchange", args);
}
int runInit(const Arguments& args) {
    return runInVerbs("init", args);
}
int runAdmin(const Arguments& args) {
    return runInVerbs("admin", args);
}
#endif

} // namespace vanthu::cli
