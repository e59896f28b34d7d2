#pragma once
// Progress of a long CLI verb (backup, restore, migrate) on stderr: a bar on a terminal, a line
// every tenth of the way (or at each new stage) otherwise.
#ifdef VANTHU_HAVE_DOCMGMT
#include <string>

#include "vanthu/docmgmt/Backup.hpp"

namespace vanthu::cli {

/// The report function for docmgmt's long work; verb starts each line off a terminal.
docmgmt::ProgressReport progressBar(const std::string& verb);
/// Ends the bar's line on a terminal (call once the work returned or threw).
void endBar();

} // namespace vanthu::cli
#endif
