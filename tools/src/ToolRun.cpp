#include "vanthu/tools/ToolRun.hpp"

#include <Poco/Exception.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>

#include <algorithm>

namespace vanthu::tools {

namespace {

constexpr int kTimedOut = 124; ///< timeout(1)'s exit status when the time ran out

/// Reads the pipe to its end, keeping the first `keep` bytes: a program that prints without end
/// is neither blocked on a full pipe nor allowed to fill memory.
std::string drain(Poco::Pipe& pipe, std::size_t keep) {
    Poco::PipeInputStream in(pipe);
    std::string kept;
    char buffer[4096];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        const auto got = static_cast<std::size_t>(in.gcount());
        if (kept.size() < keep) {
            kept.append(buffer, std::min(got, keep - kept.size()));
        }
    }
    return kept;
}

} // namespace

ToolRun runTool(const ScratchFolder& folder, const std::string& program,
                const std::vector<std::string>& arguments, const ToolLimits& limits) {
    Poco::Process::Args args{"--kill-after=5", std::to_string(limits.time.count()), program};
    args.insert(args.end(), arguments.begin(), arguments.end());
    Poco::Pipe output;
    ToolRun run;
    try {
        // One pipe for both streams: Poco lets outPipe and errPipe be the same.
        auto handle = Poco::Process::launch("timeout", args, folder.path().string(), nullptr,
                                            &output, &output);
        run.messages = drain(output, limits.messageBytes);
        run.exitCode = handle.wait();
    } catch (const Poco::Exception& e) {
        throw ToolMissing(program + " cannot be started: " + e.displayText());
    }
    // timeout(1) answers 125 when it failed itself and 126/127 when the program cannot be run.
    if (run.exitCode == 126 || run.exitCode == 127) {
        throw ToolMissing(program + " cannot be started: " + run.messages);
    }
    run.timedOut = run.exitCode == kTimedOut || run.exitCode == 128 + 9;
    return run;
}

} // namespace vanthu::tools
