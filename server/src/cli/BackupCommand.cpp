// vanthu backup --data DIR -o FILE: a consistent backup of an installation, taken while its
// server runs (docs/deployment.md, "Backup and restore").
// vanthu restore FILE --data NEWDIR: restores into a new folder and prints the check.
// Progress on stderr (a bar on a terminal, a line every tenth of the way otherwise).
// Exit codes: 0 done (and, for restore, checked); 1 the restored data failed the check (nothing
// is left at NEWDIR); 2 bad usage, an unreadable backup or a folder that cannot be written.
#ifdef VANTHU_HAVE_DOCMGMT
#include <filesystem>
#include <iostream>

#include "cli/Command.hpp"
#include "cli/ProgressBar.hpp"
#include "cli/SigningArguments.hpp"
#include "vanthu/docmgmt/Backup.hpp"

namespace vanthu::cli {

namespace {

constexpr const char* kBackupUsage = "usage: vanthu backup --data DIR -o FILE";
constexpr const char* kRestoreUsage = "usage: vanthu restore FILE --data NEWDIR";

std::string megabytes(std::uint64_t bytes) {
    return std::to_string((bytes + (1 << 19)) >> 20) + " MB";
}

} // namespace

int runBackup(const Arguments& args) {
    const SigningArguments parsed(args, {"--data", "-o"}, {});
    if (!parsed.positional().empty() || !parsed.has("--data") || !parsed.has("-o")) {
        throw UsageError(kBackupUsage);
    }
    const std::filesystem::path dir = parsed.get("--data");
    try {
        const auto contents = docmgmt::writeBackup(dir, parsed.get("-o"), progressBar("backup"));
        endBar();
        std::cout << "đã sao lưu " << dir.string() << " vào " << parsed.get("-o") << ": "
                  << contents.auditEntries << " mục nhật ký, " << contents.blobs << " tệp văn bản, "
                  << contents.files << " tệp khóa và cấu hình, " << megabytes(contents.bytes)
                  << " (chỉ mục tìm kiếm không sao lưu: tự dựng lại "
                  << "khi khôi phục)\n";
    } catch (const docmgmt::BackupError& e) {
        endBar();
        std::cerr << "vanthu: " << e.what() << "\n";
        return 2;
    }
    return 0;
}

int runRestore(const Arguments& args) {
    const SigningArguments parsed(args, {"--data"}, {});
    if (parsed.positional().size() != 1 || !parsed.has("--data")) {
        throw UsageError(kRestoreUsage);
    }
    const std::filesystem::path dir = parsed.get("--data");
    docmgmt::RestoreCheck check;
    try {
        check = docmgmt::restoreBackup(parsed.positional()[0], dir, progressBar("restore"));
        endBar();
    } catch (const docmgmt::BackupError& e) {
        endBar();
        std::cerr << "vanthu: " << e.what() << "\n";
        return 2;
    }
    std::cout << "bản sao lưu lúc " << check.expected.createdAt << "\n"
              << "  nhật ký: " << check.auditEntries << " mục, chuỗi băm "
              << (check.auditIntact ? "nguyên vẹn" : "HỎNG") << "\n"
              << "  tệp văn bản: " << check.blobsChecked << "/" << check.expected.blobs
              << " khớp mã băm\n"
              << "  tệp khóa và cấu hình: " << check.filesChecked << "/" << check.expected.files
              << " khớp mã băm\n";
    if (!check.ok()) {
        for (const auto& problem : check.problems) {
            std::cout << "  LỖI: " << problem << "\n";
        }
        std::cout << "không khôi phục: dữ liệu trong bản sao lưu không qua kiểm tra\n";
        return 1;
    }
    std::cout << "đã khôi phục vào " << dir.string()
              << "; chỉ mục tìm kiếm được dựng lại khi máy chủ khởi động\n";
    return 0;
}

} // namespace vanthu::cli
#endif
