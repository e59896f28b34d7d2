#include "ServerProcess.hpp"
#include "TestPaths.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace vanthu::test {

ServerProcess::ServerProcess(const std::filesystem::path& dataDir,
                             const std::vector<std::string>& extra, std::chrono::seconds timeout) {
    std::vector<std::string> argv = {"--data", dataDir.string(), "--listen", "127.0.0.1:0"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    start(std::move(argv), timeout);
}

ServerProcess::ServerProcess(const std::vector<std::string>& serveArguments,
                             std::chrono::seconds timeout) {
    start(serveArguments, timeout);
}

void ServerProcess::start(std::vector<std::string> argv, std::chrono::seconds timeout) {
    argv.insert(argv.begin(), {VANTHU_BINARY, "serve"});
    std::vector<char*> args;
    for (auto& arg : argv) {
        args.push_back(arg.data());
    }
    args.push_back(nullptr);
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        throw std::runtime_error("pipe failed");
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    const int rc = posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    out_ = fds[0];
    if (rc != 0) {
        close(out_);
        throw std::runtime_error("cannot start " + argv[0]);
    }
    readUntilListening(timeout);
}

ServerProcess::~ServerProcess() {
    if (pid_ > 0) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
    }
    if (out_ >= 0) {
        close(out_);
    }
}

void ServerProcess::readUntilListening(std::chrono::seconds timeout) {
    const std::regex listening(R"(https?://127\.0\.0\.1:(\d+)/)");
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd fd{out_, POLLIN, 0};
        if (poll(&fd, 1, 200) > 0) {
            char buffer[4096];
            const auto n = read(out_, buffer, sizeof buffer);
            if (n <= 0) {
                break;
            }
            output_.append(buffer, static_cast<std::size_t>(n));
            std::smatch match;
            if (std::regex_search(output_, match, listening)) {
                port_ = static_cast<unsigned short>(std::stoi(match[1]));
                return;
            }
        }
    }
    throw std::runtime_error("vanthu serve did not start; it printed:\n" + output_);
}

std::map<std::string, std::string> ServerProcess::demoPasswords() const {
    std::map<std::string, std::string> passwords;
    std::istringstream lines(output_);
    std::string line;
    const std::regex account(R"(^\s+(\S+)\s+(\S+)\s+)");
    while (std::getline(lines, line)) {
        std::smatch match;
        if (std::regex_search(line, match, account)) {
            passwords[match[1]] = match[2];
        }
    }
    return passwords;
}

void ServerProcess::signal(int number) {
    if (pid_ > 0) {
        kill(pid_, number);
    }
}

int ServerProcess::wait(std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (pid_ > 0) {
        int status = 0;
        const pid_t done = waitpid(pid_, &status, WNOHANG);
        if (done == pid_) {
            pid_ = -1;
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        if (std::chrono::steady_clock::now() > deadline) {
            throw std::runtime_error("vanthu serve did not exit in time");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
}

} // namespace vanthu::test
