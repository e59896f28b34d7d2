// runTool: an outside program run in a scratch folder, bounded in time and in what it prints,
// with its arguments passed as they are (no shell in between).
#include "vanthu/tools/ToolRun.hpp"

#include <catch2/catch.hpp>

#include <chrono>

using namespace std::chrono_literals;
using vanthu::tools::runTool;
using vanthu::tools::ScratchFolder;
using vanthu::tools::ToolLimits;
using vanthu::tools::ToolMissing;

TEST_CASE("runTool: exit status and both output streams, in the scratch folder", "[tools]") {
    const ScratchFolder folder;
    folder.write("input.txt", "hello");
    const auto run = runTool(folder, "sh", {"-c", "cat input.txt; echo ' warn' >&2; exit 3"},
                             ToolLimits{10s, 100});
    CHECK(run.exitCode == 3);
    CHECK_FALSE(run.timedOut);
    CHECK_FALSE(run.succeeded());
    CHECK(run.messages == "hello warn\n");
}

TEST_CASE("runTool: arguments reach the program unchanged, quotes and $ included", "[tools]") {
    const ScratchFolder folder;
    const std::string tricky = "a b \"c\" 'd' $(touch pwned) `x` ; e";
    const auto run = runTool(folder, "printf", {"%s", tricky}, ToolLimits{10s, 1000});
    CHECK(run.succeeded());
    CHECK(run.messages == tricky);
    CHECK_FALSE(std::filesystem::exists(folder.path() / "pwned"));
}

TEST_CASE("runTool: a program that runs too long is stopped at the time limit", "[tools]") {
    const ScratchFolder folder;
    const auto started = std::chrono::steady_clock::now();
    const auto run = runTool(folder, "sleep", {"60"}, ToolLimits{1s, 100});
    const auto took = std::chrono::steady_clock::now() - started;
    CHECK(run.timedOut);
    CHECK_FALSE(run.succeeded());
    CHECK(took < 20s);
}

TEST_CASE("runTool: a program that prints without end keeps only the first bytes", "[tools]") {
    const ScratchFolder folder;
    // 20 MB through the pipe: the run neither blocks on a full pipe nor keeps it all.
    const auto run =
        runTool(folder, "head", {"-c", "20000000", "/dev/zero"}, ToolLimits{30s, 4096});
    CHECK(run.succeeded());
    CHECK(run.messages.size() == 4096);
}

TEST_CASE("runTool: a program that is not installed is ToolMissing", "[tools]") {
    const ScratchFolder folder;
    CHECK_THROWS_AS(runTool(folder, "vanthu-no-such-program", {}, ToolLimits{}), ToolMissing);
}
