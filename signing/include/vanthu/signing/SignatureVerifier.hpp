#pragma once
// Verifies every signature of a PDF strictly, reading it and analysing its changes through pdf/
// (libqpdf) and checking with OpenSSL: byte
// ranges and revision boundaries, the CMS (one SignerInfo, DER, the signed attributes PAdES
// requires), the chain to a trust anchor, key usage, revocation from embedded CRLs, time-stamps,
// and every change made in later revisions. PoDoFo is not used. The report format is documented
// in docs/verify-report.md.
#include <cstdint>
#include <string>
#include <vector>

#include "vanthu/signing/OpenSsl.hpp"

namespace vanthu::signing {

/// One finding: a check's name, whether it passed, and a sentence a clerk can read.
struct VerifyCheck {
    std::string
        name; ///< "integrity", "cms", "chain", "key-usage", "revocation", "time-stamp", "changes"
    std::string status; ///< "passed", "failed", "warning" or "unknown"
    std::string detail;
};

/// A change made in a revision after a signature.
struct DocumentChange {
    int revision = 0;   ///< 1-based revision number
    std::string object; ///< "12 0 R" or "trailer"
    std::string description;
    bool allowed = false;
};

struct SignatureReport {
    int index = 0;         ///< 1-based, in the order of the AcroForm fields
    std::string field;     ///< the field's name
    std::string kind;      ///< "signature" or "document-time-stamp"
    std::string role;      ///< "signer", "seal", "document-time-stamp" or "unknown"
    std::string subFilter; ///< e.g. "ETSI.CAdES.detached"
    std::string signer;    ///< signer (or TSA) certificate's common name
    std::string signerSubject;
    std::string issuer;
    std::string serialNumber;  ///< hex
    std::string claimedTime;   ///< /M as ISO 8601, or ""
    std::string timeStampTime; ///< the time-stamp's genTime as ISO 8601, or ""
    std::string level;         ///< "B-B", "B-T", "B-LT", "B-LTA" or "none"
    /// The time point at which the signature is proved to exist, ISO 8601 +07:00: its own
    /// time-stamp, else the earliest valid document time-stamp over a later revision; "" when
    /// no time-stamp covers it. Its certificate is judged valid at that time point when it has
    /// expired since (issue 21).
    std::string provedAt;
    int revision = 0; ///< the 1-based revision this signature covers
    bool coversWholeDocument = false;
    bool valid = false;   ///< integrity and CMS (and time-stamp when present) hold
    bool trusted = false; ///< the chain reaches a trust anchor
    bool locksDocument = false;
    std::vector<VerifyCheck> checks;
    std::vector<DocumentChange> changes; ///< what later revisions changed
    bool ok = false; ///< valid, trusted, key usage fine, not revoked, no disallowed change
};

struct VerifyReport {
    std::string file;
    int revisions = 0;
    bool ok = false;
    std::vector<std::string> errors; ///< problems with the document as a whole
    std::vector<std::string> unsignedFields;
    std::vector<SignatureReport> signatures;
};

class SignatureVerifier {
public:
    /// trustAnchors: self-signed roots (PEM). extraCrls: revocation data besides the file's own.
    explicit SignatureVerifier(std::vector<X509Ptr> trustAnchors = {},
                               std::vector<X509CrlPtr> extraCrls = {});
    ~SignatureVerifier();

    /// Throws raw::ParseError when the file cannot be read at all (exit code 2: not a PDF, too
    /// large, encrypted; the message is pdf::PdfError's one line); otherwise
    /// reports, failing closed on anything it cannot check.
    VerifyReport verify(std::string_view pdf) const;

    /// Checks the time (seconds since the epoch) certificates are validated at; 0: now.
    void setValidationTime(std::int64_t unixTime) { validationTime_ = unixTime; }

    /// What this verifier trusts and when it checks (verifyInChildProcess hands them on).
    const std::vector<X509Ptr>& trustAnchors() const { return anchors_; }
    const std::vector<X509CrlPtr>& extraCrls() const { return crls_; }
    std::int64_t validationTime() const { return validationTime_; }

private:
    std::vector<X509Ptr> anchors_;
    std::vector<X509CrlPtr> crls_;
    std::int64_t validationTime_ = 0;
};

/// The report as JSON (docs/verify-report.md) and as text lines for people.
std::string toJson(const VerifyReport& report);
std::string toText(const VerifyReport& report);

/// Limits for verifying in a child process.
struct SandboxLimits {
    std::uint64_t memoryBytes = 1024ULL * 1024 * 1024; ///< address space of the child
    int cpuSeconds = 20;
    int wallSeconds = 30;
};

/// The outcome of verifyInChildProcess: exitCode 0 (all good), 1 (a check failed), 2
/// (unreadable input, or the child was killed or crashed: report.errors says which).
struct SandboxedVerification {
    int exitCode = 2;
    VerifyReport report;
};

/// Verifies pdf in a child process with rlimits on memory and CPU time and a wall-clock limit; a
/// crash or a limit hit in the child is an unreadable input, never a crash of the caller. The
/// child is the program vanthu-verify-sandbox beside the running executable, started with
/// posix_spawn (an exec, never a bare fork: safe in a multithreaded server); its absence is
/// reported as an unreadable input too.
SandboxedVerification verifyInChildProcess(std::string_view pdf, const SignatureVerifier& verifier,
                                           const SandboxLimits& limits = {});

/// For a process that verifies one file and then exits (the CLI): the same limits as
/// verifyInChildProcess, applied to this process itself, which saves the fork and the report's
/// round trip through a pipe. A crash (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT) or a limit hit
/// (CPU, wall clock) ends this process with exit code 2, after writing crashPrefix and the reason
/// to stderr; running out of the memory limit is reported as unreadable (exit code 2). Never use
/// it in a long-running process such as the server: use verifyInChildProcess there.
SandboxedVerification verifyUnderLimits(std::string_view pdf, const SignatureVerifier& verifier,
                                        const SandboxLimits& limits = {},
                                        const std::string& crashPrefix = "vanthu: ");

/// The program vanthu-verify-sandbox: reads verifyInChildProcess's request on standard input,
/// verifies under the limits given as arguments (MEMORY_BYTES CPU_SECONDS) and writes the answer
/// to standard output.
int runVerifySandbox(int argc, char** argv);

/// The exit code the CLI uses for a report: 0 when report.ok, else 1.
int exitCodeFor(const VerifyReport& report);

} // namespace vanthu::signing
