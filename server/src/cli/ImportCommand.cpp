// vanthu import --data DIR --office CODE --csv METADATA.csv [--report FILE] [--user NAME] FOLDER
// Imports a folder of PDFs described by a CSV (docs/archive.md, "Bulk import"), showing progress
// on stderr (a bar on a terminal, plain lines otherwise) and writing the rows not imported to
// the report (default: METADATA.not-imported.csv). Exit codes: 0 every row is there (imported
// now or before), 1 some rows were rejected, 2 bad usage or an unusable CSV.
#ifdef VANTHU_HAVE_DOCMGMT
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "cli/Command.hpp"
#include "cli/SigningArguments.hpp"
#include "vanthu/docmgmt/BulkImport.hpp"
#include "vanthu/docmgmt/Installation.hpp"
#include "vanthu/docmgmt/Storage.hpp"
#include "vanthu/templates/PdfRenderer.hpp"

namespace vanthu::cli {

namespace {

constexpr const char* kUsage = "usage: vanthu import --data DIR --office CODE --csv METADATA.csv "
                               "[--report FILE] [--user NAME] FOLDER";

/// "[#########           ]  45/100 rows" rewritten in place on a terminal; a line every tenth
/// of the way otherwise.
docmgmt::BulkImport::Progress progressPrinter() {
    const bool terminal = ::isatty(STDERR_FILENO) == 1;
    return [terminal, lastTenth = -1](int done, int total) mutable {
        if (terminal) {
            constexpr int width = 30;
            const int filled = total > 0 ? done * width / total : width;
            std::cerr << "\r[" << std::string(static_cast<std::size_t>(filled), '#')
                      << std::string(static_cast<std::size_t>(width - filled), ' ') << "] " << done
                      << "/" << total << " rows" << (done == total ? "\n" : "") << std::flush;
            return;
        }
        const int tenth = total > 0 ? done * 10 / total : 10;
        if (tenth != lastTenth || done == total) {
            lastTenth = tenth;
            std::cerr << "import: " << done << "/" << total << " rows\n";
        }
    };
}

} // namespace

int runImport(const Arguments& args) {
    const SigningArguments parsed(args, {"--data", "--office", "--csv", "--report", "--user"}, {});
    if (parsed.positional().size() != 1 || !parsed.has("--data") || !parsed.has("--office") ||
        !parsed.has("--csv")) {
        throw UsageError(kUsage);
    }
    const std::filesystem::path dir = parsed.get("--data");
    const std::filesystem::path folder = parsed.positional()[0];
    const std::filesystem::path csv = parsed.get("--csv");
    if (!std::filesystem::is_directory(folder)) {
        throw UsageError("the folder " + folder.string() + " does not exist");
    }
    const std::filesystem::path reportFile =
        parsed.get("--report", (csv.parent_path() / csv.stem()).string() + ".not-imported.csv");

    docmgmt::Installation installation(dir);
    auto& storage = installation.storage();
    const auto office = installation.officeByCode(parsed.get("--office"));
    if (!office) {
        throw UsageError("no office with the code " + parsed.get("--office") + " in " +
                         dir.string());
    }
    docmgmt::ImportActor actor;
    if (parsed.has("--user")) {
        const auto user = storage.findUserByName(parsed.get("--user"));
        if (!user || user->officeId != office->id || !user->active) {
            throw UsageError("no active user " + parsed.get("--user") + " in the office " +
                             office->code);
        }
        actor.userId = user->id;
        actor.username = user->username;
    }
    docmgmt::ImportReport report;
    try {
        report = docmgmt::BulkImport(storage, installation.blobs(), installation.audit())
                     .run(*office, csv, folder, actor, progressPrinter());
    } catch (const docmgmt::BadImportFile& e) {
        throw UsageError(csv.string() + ": " + e.what());
    }
    templates::writeFileAtomically(reportFile.string(), report.notImportedCsv());
    std::cout << "imported " << report.imported << ", already there " << report.duplicates
              << ", rejected " << report.rejected << " of " << report.rows.size()
              << " rows; rows not imported: " << reportFile.string() << "\n";
    return report.rejected > 0 ? 1 : 0;
}

} // namespace vanthu::cli
#endif
