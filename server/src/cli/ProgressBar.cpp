#ifdef VANTHU_HAVE_DOCMGMT
#include "cli/ProgressBar.hpp"

#include <unistd.h>

#include <iostream>

namespace vanthu::cli {

docmgmt::ProgressReport progressBar(const std::string& verb) {
    const bool terminal = ::isatty(STDERR_FILENO) == 1;
    return [terminal, verb, lastTenth = -1,
            lastStage = std::string()](const docmgmt::BackupProgress& p) mutable {
        const int tenth = p.total > 0 ? static_cast<int>(p.done * 10 / p.total) : 10;
        if (terminal) {
            constexpr int width = 30;
            const auto filled = p.total > 0 ? static_cast<std::size_t>(p.done * width / p.total)
                                            : static_cast<std::size_t>(width);
            std::cerr << "\r[" << std::string(filled, '#') << std::string(width - filled, ' ')
                      << "] " << (p.total > 0 ? p.done * 100 / p.total : 100) << "% " << p.stage
                      << "          " << std::flush;
            return;
        }
        if (tenth != lastTenth || p.stage != lastStage) {
            lastTenth = tenth;
            lastStage = p.stage;
            std::cerr << verb << ": " << p.stage << " "
                      << (p.total > 0 ? p.done * 100 / p.total : 100) << "%\n";
        }
    };
}

void endBar() {
    if (::isatty(STDERR_FILENO) == 1) {
        std::cerr << "\n";
    }
}

} // namespace vanthu::cli
#endif
