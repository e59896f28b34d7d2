// vanthu search reindex --data DIR: rebuilds the search index (DIR/search) from the database.
// The index is a derived store: removing it loses nothing, the server rebuilds a missing one at
// start-up too. Exit codes: 0 done, 2 bad usage or the index is in use (a running server).
#ifdef VANTHU_HAVE_DOCMGMT
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli/Command.hpp"
#include "vanthu/docmgmt/DataFolder.hpp"
#include "vanthu/docmgmt/DocumentIndexer.hpp"
#include "vanthu/docmgmt/Installation.hpp"

namespace vanthu::cli {

namespace {

constexpr const char* kUsage = "usage: vanthu search reindex --data DIR";

std::filesystem::path dataDirFrom(const Arguments& args) {
    if (args.empty() || args[0] != "reindex") {
        throw UsageError(kUsage);
    }
    std::filesystem::path dir;
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--data" && i + 1 < args.size()) {
            dir = args[++i];
        } else {
            throw UsageError("unknown argument \"" + args[i] + "\" (" + kUsage + ")");
        }
    }
    if (dir.empty() || !std::filesystem::exists(dir)) {
        throw UsageError(dir.empty() ? std::string(kUsage)
                                     : "the data folder " + dir.string() + " does not exist");
    }
    return dir;
}

} // namespace

int runSearch(const Arguments& args) {
    const auto dir = dataDirFrom(args);
    const auto folder = docmgmt::Installation::searchFolderIn(dir);
    try {
        docmgmt::makeDataFolderPrivate(dir);
        // Refuses (IndexError) when a running server holds the index.
        { search::SearchIndex probe(folder); }
        std::filesystem::remove_all(folder);
        const auto start = std::chrono::steady_clock::now();
        // A missing index is rebuilt on opening.
        docmgmt::Installation installation(dir, docmgmt::InstallationOptions::searching());
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        auto& index = installation.search()->index();
        const auto documents = index.documentCount();
        char line[256];
        std::snprintf(line, sizeof line,
                      "search index rebuilt: %llu documents in %.1f s (%.0f documents/s), %.1f MB "
                      "on disk, up to audit entry %lld\n",
                      static_cast<unsigned long long>(documents), seconds,
                      seconds > 0 ? static_cast<double>(documents) / seconds : 0.0,
                      static_cast<double>(index.sizeOnDisk()) / 1e6,
                      static_cast<long long>(index.lastSeq()));
        std::cout << line;
    } catch (const search::IndexError& e) {
        std::cerr << "vanthu: " << e.what() << "\n";
        return 2;
    }
    return 0;
}

} // namespace vanthu::cli
#endif
