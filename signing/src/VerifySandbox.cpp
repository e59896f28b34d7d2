// Verification in a forked child with resource limits.
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

#include "vanthu/signing/RawPdf.hpp"
#include "vanthu/signing/SignatureVerifier.hpp"

namespace vanthu::signing {

namespace {

void writeAll(int fd, const std::string& text) {
    size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = write(fd, text.data() + done, text.size() - done);
        if (n <= 0) {
            return;
        }
        done += static_cast<size_t>(n);
    }
}

SandboxedVerification unreadable(const std::string& why) {
    SandboxedVerification result;
    result.exitCode = 2;
    result.report.errors.push_back(why);
    return result;
}

} // namespace

SandboxedVerification verifyInChildProcess(std::string_view pdf, const SignatureVerifier& verifier,
                                           const SandboxLimits& limits) {
    int fds[2];
    if (pipe(fds) != 0) {
        return unreadable("cannot start the verification process (pipe)");
    }
    const pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return unreadable("cannot start the verification process (fork)");
    }
    if (pid == 0) {
        // Child: limits, verify, write "C\n" + JSON (C = exit code), exit without unwinding.
        close(fds[0]);
#if !defined(__SANITIZE_ADDRESS__)
        // AddressSanitizer reserves terabytes of address space: no RLIMIT_AS under it.
        const struct rlimit memory = {limits.memoryBytes, limits.memoryBytes};
        setrlimit(RLIMIT_AS, &memory);
#endif
        struct rlimit cpu {
            static_cast<rlim_t>(limits.cpuSeconds), static_cast<rlim_t>(limits.cpuSeconds)
        };
        setrlimit(RLIMIT_CPU, &cpu);
        struct rlimit core {
            0, 0
        };
        setrlimit(RLIMIT_CORE, &core);
        std::string message;
        try {
            const VerifyReport report = verifier.verify(pdf);
            message = std::to_string(exitCodeFor(report)) + "\n" + toJson(report);
        } catch (const raw::ParseError& e) {
            message = std::string("2\n") + "unreadable PDF: " + e.what();
        } catch (const std::bad_alloc&) {
            message = "2\nthe file needs more memory to verify than allowed";
        } catch (const std::exception& e) {
            message = std::string("2\n") + "cannot verify: " + e.what();
        }
        writeAll(fds[1], message);
        close(fds[1]);
        _exit(0);
    }
    close(fds[1]);
    std::string message;
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(limits.wallSeconds);
    bool timedOut = false;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                              deadline - std::chrono::steady_clock::now())
                              .count();
        if (left <= 0) {
            timedOut = true;
            break;
        }
        pollfd p{fds[0], POLLIN, 0};
        const int ready = poll(&p, 1, static_cast<int>(left));
        if (ready < 0 && errno == EINTR) {
            continue;
        }
        if (ready <= 0) {
            timedOut = ready == 0;
            break;
        }
        char buffer[65536];
        const ssize_t n = read(fds[0], buffer, sizeof buffer);
        if (n <= 0) {
            break;
        }
        message.append(buffer, static_cast<size_t>(n));
    }
    close(fds[0]);
    if (timedOut) {
        kill(pid, SIGKILL);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (timedOut) {
        return unreadable("verification took longer than " + std::to_string(limits.wallSeconds) +
                          " s and was stopped");
    }
    if (WIFSIGNALED(status)) {
        return unreadable(std::string("the verification process died (") +
                          strsignal(WTERMSIG(status)) + "): the file is malformed or too large");
    }
    const size_t newline = message.find('\n');
    if (newline == std::string::npos || newline == 0) {
        return unreadable("the verification process gave no answer");
    }
    const int code = message[0] - '0';
    const std::string body = message.substr(newline + 1);
    if (code == 2) {
        return unreadable(body);
    }
    SandboxedVerification result;
    try {
        result.report = reportFromJson(body);
        result.exitCode = code == 0 && result.report.ok ? 0 : 1;
    } catch (const std::exception& e) {
        return unreadable(e.what());
    }
    return result;
}

} // namespace vanthu::signing
