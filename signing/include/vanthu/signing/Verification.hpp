#pragma once
// The one way to verify a PDF's signatures (issue 12 item 7), for every caller: `vanthu verify`,
// the server's document pages, dispatch (received letters and the incoming register) and the
// archive. Trust anchors are loaded here, one way, and the verification runs through one entry
// point that isolates it as the caller asks and reports an unreadable file the same way each
// time (exit code 2, one line in report.errors).
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "vanthu/signing/OpenSsl.hpp"
#include "vanthu/signing/SignatureVerifier.hpp"

namespace vanthu::signing {

/// Every certificate of a PEM text (a trust list, stored or typed), in order; blank text (or
/// only white space): none. Text that is not blank but holds no certificate throws.
std::vector<X509Ptr> trustAnchorsFromPem(std::string_view pem);
/// Every certificate of each file, in order (the CLI's --trust, the archive's); a file that
/// cannot be read throws FileError naming it.
std::vector<X509Ptr> trustAnchorsFromFiles(const std::vector<std::string>& paths);
/// The server's trust file: none when path is empty or the file is not there (yet).
std::vector<X509Ptr> trustAnchorsFromOptionalFile(const std::filesystem::path& path);

/// Where the verification runs.
enum class Isolation {
    ChildProcess,       ///< verifyInChildProcess: the server, dispatch, the archive
    ThisProcessLimited, ///< verifyUnderLimits: a process that verifies one file and exits
    InProcess,          ///< no limits (tests, `vanthu verify --no-sandbox`, unsandboxed dispatch)
};

/// Verifies pdf with verifier: exitCode 0 (all good), 1 (a check failed), 2 (unreadable, with
/// the reason as the one entry of report.errors: "unreadable PDF: …", "cannot verify: …").
/// crashPrefix: what ThisProcessLimited writes before the reason when it ends the process.
SandboxedVerification verifyDocument(std::string_view pdf, const SignatureVerifier& verifier,
                                     Isolation isolation = Isolation::ChildProcess,
                                     const SandboxLimits& limits = {},
                                     const std::string& crashPrefix = "vanthu: ");

} // namespace vanthu::signing
