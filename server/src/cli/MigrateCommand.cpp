// vanthu migrate --from DIR --to CONNINFO: moves an installation from its SQLite file to an
// empty PostgreSQL database (issue 17 item 3; docs/deployment.md, "From one machine to
// several"), checks the copy and switches the folder to it. Stop the server first.
// Progress on stderr; the check on stdout.
// Exit codes: 0 moved and checked, the folder now uses PostgreSQL; 1 the copy failed the check
// (the folder still uses its file); 2 bad usage, or a move that could not start or be written.
#ifdef VANTHU_HAVE_DOCMGMT
#include <iostream>

#include "cli/Command.hpp"
#include "cli/ProgressBar.hpp"
#include "cli/SigningArguments.hpp"
#include "vanthu/docmgmt/DatabaseMove.hpp"

namespace vanthu::cli {

namespace {

constexpr const char* kMigrateUsage = "usage: vanthu migrate --from DIR --to CONNINFO";

void printCheck(const docmgmt::DatabaseMoveCheck& check) {
    std::int64_t rows = 0;
    for (const auto& table : check.tables) {
        rows += table.targetRows;
    }
    std::cout << "  bảng: " << check.tables.size() << ", " << rows
              << " dòng, số dòng từng bảng khớp với tệp\n"
              << "  tệp văn bản: " << check.blobsChecked << "/" << check.blobs << " khớp mã băm\n"
              << "  nhật ký: " << check.auditEntriesMoved << "/" << check.auditEntries
              << " mục, chuỗi băm " << (check.auditIntact ? "nguyên vẹn" : "HỎNG") << "\n";
}

} // namespace

int runMigrate(const Arguments& args) {
    const SigningArguments parsed(args, {"--from", "--to"}, {});
    if (!parsed.positional().empty() || !parsed.has("--from") || !parsed.has("--to")) {
        throw UsageError(kMigrateUsage);
    }
    const std::filesystem::path dir = parsed.get("--from");
    docmgmt::DatabaseMoveCheck check;
    try {
        check = docmgmt::moveToPostgres(dir, parsed.get("--to"), progressBar("migrate"));
        endBar();
    } catch (const docmgmt::DatabaseMoveError& e) {
        endBar();
        std::cerr << "vanthu: " << e.what() << "\n";
        return 2;
    }
    printCheck(check);
    if (!check.ok()) {
        for (const auto& problem : check.problems) {
            std::cout << "  LỖI: " << problem << "\n";
        }
        std::cout << "không chuyển: bản chép trong PostgreSQL không qua kiểm tra; thư mục "
                  << dir.string() << " vẫn dùng vanthu.db (xóa cơ sở dữ liệu đích rồi thử lại)\n";
        return 1;
    }
    std::cout << "đã chuyển " << dir.string()
              << " sang PostgreSQL; tệp cũ giữ lại: vanthu.db.before-postgresql, "
                 "blobs.before-postgresql\n";
    return 0;
}

} // namespace vanthu::cli
#endif
