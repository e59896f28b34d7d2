// Verification in a forked child with resource limits.
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <iterator>

#include "ReportWire.hpp"
#include "vanthu/signing/ParseError.hpp"
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
        // Child: limits, verify, write "C\n" + the packed report (C = exit code), exit without
        // unwinding.
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
            message = std::to_string(exitCodeFor(report)) + "\n" + wire::pack(report);
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
        result.report = wire::unpack(body);
        result.exitCode = code == 0 && result.report.ok ? 0 : 1;
    } catch (const std::exception& e) {
        return unreadable(e.what());
    }
    return result;
}

namespace {

char crashPrefixBuffer[512];
std::size_t crashPrefixLength = 0;

void writeStderr(const char* text, std::size_t length) {
    while (length > 0) {
        const ssize_t n = write(2, text, length);
        if (n <= 0) {
            return;
        }
        text += n;
        length -= static_cast<std::size_t>(n);
    }
}

extern "C" void onFatalSignal(int signal) {
    // Async-signal-safe only: write and _exit.
    writeStderr(crashPrefixBuffer, crashPrefixLength);
    const char* why = "the verification crashed: the file is malformed\n";
    if (signal == SIGXCPU) {
        why = "verification used more CPU time than allowed and was stopped\n";
    } else if (signal == SIGALRM) {
        why = "verification took longer than allowed and was stopped\n";
    }
    writeStderr(why, std::strlen(why));
    _exit(2);
}

constexpr int kFatalSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGXCPU, SIGALRM};

/// Lowers a soft limit (never above the hard one); gives the previous value back.
rlimit lowerSoftLimit(int resource, rlim_t value) {
    rlimit previous{};
    getrlimit(resource, &previous);
    rlimit lowered = previous;
    lowered.rlim_cur =
        previous.rlim_max == RLIM_INFINITY ? value : std::min(value, previous.rlim_max);
    setrlimit(resource, &lowered);
    return previous;
}

} // namespace

SandboxedVerification verifyUnderLimits(std::string_view pdf, const SignatureVerifier& verifier,
                                        const SandboxLimits& limits,
                                        const std::string& crashPrefix) {
    crashPrefixLength = std::min(crashPrefix.size(), sizeof crashPrefixBuffer);
    std::memcpy(crashPrefixBuffer, crashPrefix.data(), crashPrefixLength);
    // A stack of its own for the handler, so a stack overflow is reported too.
    static char alternateStack[64 * 1024];
    stack_t stack{};
    stack.ss_sp = alternateStack;
    stack.ss_size = sizeof alternateStack;
    sigaltstack(&stack, nullptr);
    struct sigaction action {};
    action.sa_handler = onFatalSignal;
    action.sa_flags = SA_ONSTACK | SA_RESETHAND;
    sigemptyset(&action.sa_mask);
    struct sigaction previous[std::size(kFatalSignals)];
    for (std::size_t i = 0; i < std::size(kFatalSignals); ++i) {
        sigaction(kFatalSignals[i], &action, &previous[i]);
    }
#if !defined(__SANITIZE_ADDRESS__)
    const rlimit memory = lowerSoftLimit(RLIMIT_AS, limits.memoryBytes);
#endif
    const rlimit cpu = lowerSoftLimit(RLIMIT_CPU, static_cast<rlim_t>(limits.cpuSeconds));
    alarm(static_cast<unsigned>(limits.wallSeconds));

    SandboxedVerification result;
    try {
        result.report = verifier.verify(pdf);
        result.exitCode = exitCodeFor(result.report);
    } catch (const raw::ParseError& e) {
        result = unreadable(std::string("unreadable PDF: ") + e.what());
    } catch (const std::bad_alloc&) {
        result = unreadable("the file needs more memory to verify than allowed");
    } catch (const std::exception& e) {
        result = unreadable(std::string("cannot verify: ") + e.what());
    }

    alarm(0);
    setrlimit(RLIMIT_CPU, &cpu);
#if !defined(__SANITIZE_ADDRESS__)
    setrlimit(RLIMIT_AS, &memory);
#endif
    for (std::size_t i = 0; i < std::size(kFatalSignals); ++i) {
        sigaction(kFatalSignals[i], &previous[i], nullptr);
    }
    return result;
}

} // namespace vanthu::signing
