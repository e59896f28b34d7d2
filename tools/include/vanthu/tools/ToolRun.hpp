#pragma once

#include "vanthu/tools/ScratchFolder.hpp"

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

namespace vanthu::tools {

/// The program could not be started at all (not installed, not executable).
class ToolMissing : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// How a run of an outside program ended.
struct ToolRun {
    int exitCode = -1;     ///< the program's exit status
    bool timedOut = false; ///< stopped by the time limit (exitCode is then 124)
    std::string messages;  ///< the start of what it printed (stdout and stderr together)

    bool succeeded() const { return exitCode == 0 && !timedOut; }
};

/// What a run may take.
struct ToolLimits {
    std::chrono::seconds time{60};   ///< then the program is stopped (SIGTERM, then SIGKILL)
    std::size_t messageBytes = 2000; ///< what is kept of its output; the rest is read and dropped
};

/// Runs `program` with `arguments` inside `folder` (its working folder), through timeout(1), with
/// no shell in between: the arguments reach the program as they are. Its output and error
/// streams are collected together, bounded by `limits.messageBytes`. The files it reads and
/// writes are the caller's, named relative to the folder. Throws ToolMissing when it cannot be
/// started.
ToolRun runTool(const ScratchFolder& folder, const std::string& program,
                const std::vector<std::string>& arguments, const ToolLimits& limits);

} // namespace vanthu::tools
