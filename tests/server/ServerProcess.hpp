#pragma once
// `vanthu serve` as a child process: started with its stdout on a pipe, the port read from its
// start-up line, stopped with a signal of the test's choice.
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace vanthu::test {

class ServerProcess {
public:
    /// Starts `vanthu serve --data dataDir --listen 127.0.0.1:0 [extra...]` and waits until it
    /// listens (throws after the time-out, with what it printed).
    ServerProcess(const std::filesystem::path& dataDir, const std::vector<std::string>& extra,
                  std::chrono::seconds timeout = std::chrono::seconds(120));
    /// Starts `vanthu serve` with exactly these arguments (e.g. only --config FILE).
    explicit ServerProcess(const std::vector<std::string>& serveArguments,
                           std::chrono::seconds timeout = std::chrono::seconds(120));
    ~ServerProcess(); ///< kills it when still running

    unsigned short port() const { return port_; }
    const std::string& output() const { return output_; }
    /// Demo passwords printed at start-up, by user name.
    std::map<std::string, std::string> demoPasswords() const;

    void signal(int number);
    /// Waits for the exit; returns the exit code, or 128 + signal when killed by one.
    int wait(std::chrono::seconds timeout = std::chrono::seconds(30));

private:
    void start(std::vector<std::string> argv, std::chrono::seconds timeout);
    void readUntilListening(std::chrono::seconds timeout);

    pid_t pid_ = -1;
    int out_ = -1;
    unsigned short port_ = 0;
    std::string output_;
};

} // namespace vanthu::test
