// Verification in a separate process with resource limits: verifyInChildProcess starts the
// program vanthu-verify-sandbox (posix_spawn, then exec: never a bare fork of a process whose other
// threads may hold locks), hands it the request through a sealed memory file and reads the report
// from a pipe; runVerifySandbox is that program's side.
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <optional>

#include "ReportWire.hpp"
#include "vanthu/signing/ParseError.hpp"
#include "vanthu/signing/SignatureVerifier.hpp"

extern char** environ;

namespace vanthu::signing {

namespace {

constexpr std::string_view kRequestMagic = "vanthu-verify-sandbox 1\n";

/// An open file descriptor, closed when it goes out of scope.
class OwnedFd {
public:
    explicit OwnedFd(int fd = -1) : fd_(fd) {}
    ~OwnedFd() { reset(); }
    OwnedFd(const OwnedFd&) = delete;
    OwnedFd& operator=(const OwnedFd&) = delete;
    OwnedFd(OwnedFd&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    int get() const { return fd_; }
    bool valid() const { return fd_ >= 0; }
    void reset() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
        fd_ = -1;
    }

private:
    int fd_;
};

bool writeAll(int fd, std::string_view text) {
    while (!text.empty()) {
        const ssize_t n = write(fd, text.data(), text.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        text.remove_prefix(static_cast<size_t>(n));
    }
    return true;
}

SandboxedVerification unreadable(const std::string& why) {
    SandboxedVerification result;
    result.exitCode = 2;
    result.report.errors.push_back(why);
    return result;
}

void appendField(std::string& request, std::string_view name, std::string_view bytes) {
    request.append(name);
    request += ' ';
    request += std::to_string(bytes.size());
    request += '\n';
    request.append(bytes);
}

/// What the child needs to verify as this verifier would: the trust anchors and extra CRLs (PEM),
/// the validation time and the PDF.
std::string requestFor(std::string_view pdf, const SignatureVerifier& verifier) {
    std::string anchors;
    for (const auto& anchor : verifier.trustAnchors()) {
        anchors += toPem(anchor.get());
    }
    std::string crls;
    for (const auto& crl : verifier.extraCrls()) {
        crls += toPem(crl.get());
    }
    std::string request(kRequestMagic);
    appendField(request, "time", std::to_string(verifier.validationTime()));
    appendField(request, "anchors", anchors);
    appendField(request, "crls", crls);
    appendField(request, "pdf", pdf);
    return request;
}

/// Reads "name LENGTH\n" and LENGTH bytes at the front of rest; nullopt when they are not there.
std::optional<std::string_view> takeField(std::string_view& rest, std::string_view name) {
    if (rest.substr(0, name.size()) != name || rest.size() <= name.size() ||
        rest[name.size()] != ' ') {
        return std::nullopt;
    }
    rest.remove_prefix(name.size() + 1);
    const size_t newline = rest.find('\n');
    size_t length = 0;
    if (newline == std::string_view::npos ||
        std::from_chars(rest.data(), rest.data() + newline, length).ptr != rest.data() + newline ||
        length > rest.size() - newline - 1) {
        return std::nullopt;
    }
    const std::string_view value = rest.substr(newline + 1, length);
    rest.remove_prefix(newline + 1 + length);
    return value;
}

/// The sandbox program: beside the running executable (the build tree), or in ../lib/vanthu/
/// (installed, like vanthu's verb libraries); the first candidate when neither is there.
std::filesystem::path sandboxProgram() {
    std::error_code error;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
    const auto directory = error ? std::filesystem::path(".") : self.parent_path();
    const std::filesystem::path candidates[] = {directory / "vanthu-verify-sandbox",
                                                directory / ".." / "lib" / "vanthu" /
                                                    "vanthu-verify-sandbox"};
    for (const auto& candidate : candidates) {
        if (access(candidate.c_str(), X_OK) == 0) {
            return candidate;
        }
    }
    return candidates[0];
}

/// The request in a memory file (the child's standard input): written whole before the child
/// starts, so that neither side can block the other.
OwnedFd requestFile(const std::string& request) {
    OwnedFd fd(memfd_create("vanthu-verify-request", MFD_CLOEXEC));
    if (!fd.valid() || !writeAll(fd.get(), request) || lseek(fd.get(), 0, SEEK_SET) != 0) {
        return OwnedFd();
    }
    return fd;
}

/// Starts the sandbox program with input as its standard input and output as its standard
/// output, the other descriptors closed, signals at their defaults; -1 when it cannot start.
pid_t spawnSandbox(const std::filesystem::path& program, const SandboxLimits& limits, int input,
                   int output) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, input, 0);
    posix_spawn_file_actions_adddup2(&actions, output, 1);
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t none;
    sigemptyset(&none);
    sigset_t all;
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &all);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    const std::string programText = program.string();
    const std::string memory = std::to_string(limits.memoryBytes);
    const std::string cpu = std::to_string(limits.cpuSeconds);
    char* const argv[] = {const_cast<char*>(programText.c_str()), const_cast<char*>(memory.c_str()),
                          const_cast<char*>(cpu.c_str()), nullptr};
    pid_t pid = -1;
    const int failed = posix_spawn(&pid, programText.c_str(), &actions, &attributes, argv, environ);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    return failed == 0 ? pid : -1;
}

/// Everything the child writes until it closes its output or the deadline passes; nullopt on
/// the deadline.
std::optional<std::string> readUntil(int fd, std::chrono::steady_clock::time_point deadline) {
    std::string message;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                              deadline - std::chrono::steady_clock::now())
                              .count();
        if (left <= 0) {
            return std::nullopt;
        }
        pollfd p{fd, POLLIN, 0};
        const int ready = poll(&p, 1, static_cast<int>(left));
        if (ready < 0 && errno == EINTR) {
            continue;
        }
        if (ready == 0) {
            return std::nullopt;
        }
        if (ready < 0) {
            return message;
        }
        char buffer[65536];
        const ssize_t n = read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return message;
        }
        message.append(buffer, static_cast<size_t>(n));
    }
}

/// The child's answer: "C\n" + the packed report (C = exit code), or "2\n" + why it could not.
SandboxedVerification fromAnswer(const std::string& message, int status) {
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

std::string verifyRequest(std::string_view request) {
    std::string_view rest = request;
    if (rest.substr(0, kRequestMagic.size()) != kRequestMagic) {
        return "2\nthe verification request is malformed";
    }
    rest.remove_prefix(kRequestMagic.size());
    const auto time = takeField(rest, "time");
    const auto anchors = takeField(rest, "anchors");
    const auto crls = takeField(rest, "crls");
    const auto pdf = takeField(rest, "pdf");
    if (!time || !anchors || !crls || !pdf) {
        return "2\nthe verification request is malformed";
    }
    try {
        std::vector<X509CrlPtr> extraCrls;
        for (size_t at = 0; at < crls->size();) {
            constexpr std::string_view kEnd = "-----END X509 CRL-----";
            const size_t end = crls->find(kEnd, at);
            if (end == std::string_view::npos) {
                break;
            }
            extraCrls.push_back(crlFromPemOrDer(crls->substr(at, end + kEnd.size() - at)));
            at = end + kEnd.size();
        }
        SignatureVerifier verifier(anchors->empty() ? std::vector<X509Ptr>{}
                                                    : certificatesFromPem(*anchors),
                                   std::move(extraCrls));
        std::int64_t when = 0;
        std::from_chars(time->data(), time->data() + time->size(), when);
        verifier.setValidationTime(when);
        const VerifyReport report = verifier.verify(*pdf);
        return std::to_string(exitCodeFor(report)) + "\n" + wire::pack(report);
    } catch (const raw::ParseError& e) {
        return std::string("2\n") + "unreadable PDF: " + e.what();
    } catch (const std::bad_alloc&) {
        return "2\nthe file needs more memory to verify than allowed";
    } catch (const std::exception& e) {
        return std::string("2\n") + "cannot verify: " + e.what();
    }
}

} // namespace

SandboxedVerification verifyInChildProcess(std::string_view pdf, const SignatureVerifier& verifier,
                                           const SandboxLimits& limits) {
    const auto program = sandboxProgram();
    if (access(program.c_str(), X_OK) != 0) {
        return unreadable(
            "cannot start the verification process: " + program.string() +
            " is missing (it belongs next to the vanthu executable, or in ../lib/vanthu/)");
    }
    const OwnedFd input = requestFile(requestFor(pdf, verifier));
    int fds[2];
    if (!input.valid() || pipe2(fds, O_CLOEXEC) != 0) {
        return unreadable("cannot start the verification process (memory file or pipe)");
    }
    OwnedFd outputRead(fds[0]);
    OwnedFd outputWrite(fds[1]);
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(limits.wallSeconds);
    const pid_t pid = spawnSandbox(program, limits, input.get(), outputWrite.get());
    if (pid < 0) {
        return unreadable("cannot start the verification process (" + program.string() + ")");
    }
    outputWrite.reset();
    const auto message = readUntil(outputRead.get(), deadline);
    if (!message) {
        kill(pid, SIGKILL);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!message) {
        return unreadable("verification took longer than " + std::to_string(limits.wallSeconds) +
                          " s and was stopped");
    }
    return fromAnswer(*message, status);
}

int runVerifySandbox(int argc, char** argv) {
    if (argc != 3) {
        writeAll(2, "usage: vanthu-verify-sandbox MEMORY_BYTES CPU_SECONDS (started by vanthu, "
                    "with the request on standard input)\n");
        return 2;
    }
    rlim_t memoryBytes = 0;
    int cpuSeconds = 0;
    std::from_chars(argv[1], argv[1] + std::strlen(argv[1]), memoryBytes);
    std::from_chars(argv[2], argv[2] + std::strlen(argv[2]), cpuSeconds);
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
    // AddressSanitizer and ThreadSanitizer reserve terabytes of address space: no RLIMIT_AS
    // under them.
    if (memoryBytes > 0) {
        const rlimit memory{memoryBytes, memoryBytes};
        setrlimit(RLIMIT_AS, &memory);
    }
#endif
    if (cpuSeconds > 0) {
        const rlimit cpu{static_cast<rlim_t>(cpuSeconds), static_cast<rlim_t>(cpuSeconds)};
        setrlimit(RLIMIT_CPU, &cpu);
    }
    const rlimit core{0, 0};
    setrlimit(RLIMIT_CORE, &core);
    std::string request;
    char buffer[65536];
    for (;;) {
        const ssize_t n = read(0, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        request.append(buffer, static_cast<size_t>(n));
    }
    writeAll(1, verifyRequest(request));
    // No unwinding and no leak check at exit: the answer is written, the process is done.
    _exit(0);
}

namespace {

char crashPrefixBuffer[512];
std::size_t crashPrefixLength = 0;

extern "C" void onFatalSignal(int signal) {
    // Async-signal-safe only: write and _exit.
    writeAll(2, std::string_view(crashPrefixBuffer, crashPrefixLength));
    const char* why = "the verification crashed: the file is malformed\n";
    if (signal == SIGXCPU) {
        why = "verification used more CPU time than allowed and was stopped\n";
    } else if (signal == SIGALRM) {
        why = "verification took longer than allowed and was stopped\n";
    }
    writeAll(2, why);
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
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
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
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
    setrlimit(RLIMIT_AS, &memory);
#endif
    for (std::size_t i = 0; i < std::size(kFatalSignals); ++i) {
        sigaction(kFatalSignals[i], &previous[i], nullptr);
    }
    return result;
}

} // namespace vanthu::signing
