// vanthu audit verify --data DIR: walks the audit trail's hash chain.
// Exit codes: 0 intact, 1 broken (one line naming the first bad entry), 2 unreadable.
#ifdef VANTHU_HAVE_DOCMGMT
#include <filesystem>
#include <iostream>

#include "cli/Command.hpp"
#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/Installation.hpp"

namespace vanthu::cli {

namespace {

std::filesystem::path dataDirFrom(const Arguments& args) {
    if (args.empty() || args[0] != "verify") {
        throw UsageError("usage: vanthu audit verify --data DIR");
    }
    std::filesystem::path dir;
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--data" && i + 1 < args.size()) {
            dir = args[++i];
        } else {
            throw UsageError("unknown argument \"" + args[i] +
                             "\" (usage: vanthu audit verify --data DIR)");
        }
    }
    if (dir.empty()) {
        throw UsageError("usage: vanthu audit verify --data DIR");
    }
    return dir;
}

} // namespace

int runAudit(const Arguments& args) {
    const auto dir = dataDirFrom(args);
    docmgmt::AuditVerification result;
    try {
        // Verifying changes nothing: no migration, permissions left alone.
        docmgmt::Installation installation(dir, docmgmt::InstallationOptions::inspecting());
        result = installation.audit().verify();
    } catch (const std::exception& e) {
        std::cerr << "vanthu: cannot read the audit trail: " << e.what() << "\n";
        return 2;
    }
    if (!result.intact) {
        std::cout << "audit trail BROKEN at entry " << *result.firstBadSeq << ": " << result.reason
                  << "\n";
        return 1;
    }
    std::cout << "audit trail intact: " << result.entries << " entries\n";
    return 0;
}

} // namespace vanthu::cli
#endif
