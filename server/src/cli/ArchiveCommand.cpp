// vanthu archive export --data DIR --file CODE [--office CODE] [--year YYYY] -o PKG.zip
// vanthu archive verify PKG [--trust CA.pem]...
// Export writes a closed case file as an archive package sealed with the office's seal key
// (docs/archive.md); verify checks one, the seal included, and names who sealed it.
// Exit codes: 0 done / valid, 1 invalid (the reasons, first the main one), 2 unreadable or bad
// usage.
#ifdef VANTHU_HAVE_DOCMGMT
#include <filesystem>
#include <iostream>

#include "cli/Command.hpp"
#include "cli/SigningArguments.hpp"
#include "vanthu/docmgmt/ArchivePackage.hpp"
#include "vanthu/docmgmt/CaseFiles.hpp"
#include "vanthu/docmgmt/Installation.hpp"
#include "vanthu/signing/OpenSsl.hpp"
#include "vanthu/signing/Verification.hpp"
#include "vanthu/templates/PdfRenderer.hpp"

namespace vanthu::cli {

namespace {

constexpr const char* kUsage =
    "usage: vanthu archive export --data DIR --file CODE [--office CODE] [--year YYYY] -o PKG.zip"
    " | vanthu archive verify PKG [--trust CA.pem]...";

int exportPackage(const Arguments& args) {
    const SigningArguments parsed(args, {"--data", "--file", "--office", "--year", "-o"}, {});
    if (!parsed.positional().empty() || !parsed.has("--data") || !parsed.has("--file") ||
        !parsed.has("-o")) {
        throw UsageError(kUsage);
    }
    const std::filesystem::path dir = parsed.get("--data");
    std::optional<int> year;
    if (parsed.has("--year")) {
        try {
            year = std::stoi(parsed.get("--year"));
        } catch (const std::exception&) {
            throw UsageError("--year needs a year such as 2026");
        }
    }
    docmgmt::Installation installation(dir);
    const docmgmt::CaseFiles& files = installation.caseFiles();
    const std::string package =
        files.exportPackage(parsed.get("--file"), parsed.get("--office"), year);
    templates::writeFileAtomically(parsed.get("-o"), package);
    std::cout << "exported case file " << parsed.get("--file") << " to " << parsed.get("-o") << " ("
              << package.size() << " bytes)\n";
    return 0;
}

int verifyPackage(const Arguments& args) {
    const SigningArguments parsed(args, {"--trust"}, {});
    if (parsed.positional().size() != 1) {
        throw UsageError(kUsage);
    }
    docmgmt::ArchiveVerifyOptions options;
    options.trustAnchors = signing::trustAnchorsFromFiles(parsed.all("--trust"));
    const std::string path = parsed.positional()[0];
    const auto result = docmgmt::verifyArchivePackage(path, options);
    switch (result.status) {
    case docmgmt::ArchiveVerification::Status::Valid:
        std::cout << "archive package valid: " << result.fileCode << " \"" << result.title << "\", "
                  << result.documents << " documents, " << result.pages << " pages, "
                  << result.signatures << " signatures, sealed by " << result.sealedBy
                  << (options.trustAnchors.empty() ? "; intact (no --trust: chains not checked)"
                                                   : "; trusted")
                  << "\n";
        break;
    case docmgmt::ArchiveVerification::Status::Invalid:
        std::cout << "archive package INVALID: " << result.problems.front() << "\n";
        for (std::size_t i = 1; i < result.problems.size(); ++i) {
            std::cout << "  also: " << result.problems[i] << "\n";
        }
        break;
    case docmgmt::ArchiveVerification::Status::Unreadable:
        std::cerr << "vanthu: cannot read the archive package " << path << ": "
                  << (result.problems.empty() ? "unreadable" : result.problems.front()) << "\n";
        break;
    }
    return result.exitCode();
}

} // namespace

int runArchive(const Arguments& args) {
    if (args.empty()) {
        throw UsageError(kUsage);
    }
    const Arguments rest(args.begin() + 1, args.end());
    if (args[0] == "export") {
        return exportPackage(rest);
    }
    if (args[0] == "verify") {
        return verifyPackage(rest);
    }
    throw UsageError(kUsage);
}

} // namespace vanthu::cli
#endif
