// vanthu init --data DIR --office-code CODE --office-name NAME --issuer-code ABBR --place PLACE
//             --admin USERNAME [--admin-name FULL NAME] [--office-system state|party]
//             [--parent-body TEXT]
// Creates an empty installation in a new or empty folder: the database, its first office and its
// first administrator, whose password is read from a prompt or standard input (never a
// default). No demo data. Exit codes: 0 created, 2 bad usage, a bad value or a folder in use.
#ifdef VANTHU_HAVE_DOCMGMT
#include <filesystem>
#include <iostream>
#include <tuple>

#include "cli/AdminSupport.hpp"
#include "cli/Command.hpp"
#include "cli/PasswordPrompt.hpp"
#include "cli/SigningArguments.hpp"
#include "vanthu/docmgmt/Administration.hpp"
#include "vanthu/docmgmt/Installation.hpp"

namespace vanthu::cli {

namespace {

constexpr const char* kUsage =
    "usage: vanthu init --data DIR --office-code 000.00.00.H41 --office-name NAME "
    "--issuer-code ABBR --place PLACE --admin USERNAME [--admin-name \"FULL NAME\"] "
    "[--office-system state|party] [--parent-body TEXT] [--database postgresql://…]";

} // namespace

int runInit(const Arguments& args) {
    const SigningArguments parsed(args,
                                  {"--data", "--office-code", "--office-name", "--issuer-code",
                                   "--place", "--admin", "--admin-name", "--office-system",
                                   "--parent-body", "--database"},
                                  {});
    for (const char* required :
         {"--data", "--office-code", "--office-name", "--issuer-code", "--place", "--admin"}) {
        if (!parsed.has(required)) {
            throw UsageError(std::string("thiếu ") + required + " (" + kUsage + ")");
        }
    }
    if (!parsed.positional().empty()) {
        throw UsageError(kUsage);
    }
    const std::filesystem::path dir = parsed.get("--data");
    if (!docmgmt::Installation::mayCreateIn(dir)) {
        throw UsageError("thư mục " + dir.string() +
                         " không trống; vanthu init chỉ tạo cài đặt trong thư mục mới hoặc trống");
    }
    return withAdminErrors([&] {
        docmgmt::Office office;
        office.code = parsed.get("--office-code");
        office.name = parsed.get("--office-name");
        office.issuerCode = parsed.get("--issuer-code");
        office.place = parsed.get("--place");
        office.parentBody = parsed.get("--parent-body");
        office.system = officeSystemOption(parsed.get("--office-system", "state"));
        docmgmt::checkOfficeCode(office.code); // before a folder is made
        docmgmt::User admin;
        admin.username = parsed.get("--admin");
        admin.fullName = parsed.get("--admin-name", "");
        const std::string password = readNewPassword(admin.username);
        docmgmt::checkPassword(password);

        const bool existed = std::filesystem::exists(dir);
        try {
            auto options = docmgmt::InstallationOptions::creating();
            if (parsed.has("--database")) {
                options.database = parsed.get("--database");
            }
            docmgmt::Installation installation(dir, options);
            docmgmt::Administration administration(installation.storage(), installation.audit());
            const auto actor = docmgmt::Administration::commandLineActor();
            std::tie(office, admin) = administration.installFirst(actor, office, admin, password);
        } catch (...) {
            // Nothing half-made: the folder goes back to what it was.
            std::error_code ignored;
            if (existed) {
                for (const auto& entry : std::filesystem::directory_iterator(dir, ignored)) {
                    std::filesystem::remove_all(entry.path(), ignored);
                }
            } else {
                std::filesystem::remove_all(dir, ignored);
            }
            throw;
        }
        std::cout << "đã tạo cài đặt vanthu trong " << dir.string() << ": cơ quan " << office.code
                  << " " << office.name << ", quản trị viên " << admin.username << "\n";
        return 0;
    });
}

} // namespace vanthu::cli
#endif
