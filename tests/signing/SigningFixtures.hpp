#pragma once
// Shared inputs of the signing tests: one demo PKI per test run, a one-page letter made with
// PoDoFo with the empty signature fields the renderer leaves, and helpers around the checkers.
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "TestSupport.hpp"
#include "vanthu/signing/DemoPki.hpp"
#include "vanthu/signing/SigningKey.hpp"

namespace vanthu::test {

/// The demo PKI (RSA 2048), created once, and its files written once to a folder. Its keys come
/// from cachedDemoKey, so only certificates are made per test process.
const signing::DemoPki& demoPki();
const std::filesystem::path& demoPkiDir();
/// The same with an OCSP URL in its end-entity certificates and a delegated responder.
const signing::DemoPki& demoPkiWithOcsp();

/// Keys made once per build folder and shared by every signing test process (ctest runs each
/// test in its own process; generating six RSA keys each time cost about a second): the n-th
/// call in a process returns the n-th cached key.
signing::EvpPkeyPtr cachedDemoKey(bool ecdsa);

/// A key from the demo PKI ("signer1", "signer2", "seal", "tsa").
std::unique_ptr<signing::Pkcs12Key> demoKey(const std::string& name);

/// A one-page A4 PDF with text; with empty signature fields SignerSignature and SealSignature
/// in the signer's block when withFields.
std::string makeLetterPdf(bool withFields = true);

/// makeLetterPdf signed once per test process by the demo's signer1 with the signature image
/// (PAdES B-B).
const std::string& signedDemoLetter();

/// The PAdES signature's /Contents of the n-th signature (0-based) cut of its zero padding, and
/// the signed bytes, both extracted with a plain scan of the raw file.
struct ExtractedSignature {
    std::string cms;
    std::string signedBytes;
};
ExtractedSignature extractSignature(const std::string& pdf, int index);

/// pdfsig's output for a file.
ProcessResult pdfsig(const std::filesystem::path& pdf);

/// `openssl cms -verify` of the n-th signature of pdf (0-based) against the CA file, with its
/// scratch files in dir.
ProcessResult opensslCmsVerify(const std::string& pdf, int index, const std::filesystem::path& ca,
                               const std::filesystem::path& dir);

/// Apache PDFBox 2 with BouncyCastle (tests/signing/java, compiled by the build): signs `in`
/// into `out` with a demo key ("signer1", "signer2", "seal") as an incremental update, with
/// PdfBoxSigner's options (--field NAME, --cades, --certify P). FAILs the test when java, javac
/// or the jars were missing when the build was configured.
ProcessResult pdfboxSign(const std::filesystem::path& in, const std::filesystem::path& out,
                         const std::string& key, const std::vector<std::string>& options = {});
/// PDFBox's check of every signature of pdf (PdfBoxVerifier: the CMS over the byte range, the
/// chain to the demo root); exit 0 and "ALL VALID" when every one is valid and trusted.
ProcessResult pdfboxVerify(const std::filesystem::path& pdf);

/// A loopback TCP port that was free a moment ago.
unsigned short freePort();
/// Waits up to 5 s for something to accept connections on the loopback port.
/// True once something accepts connections on the loopback port, false after `within`.
bool waitUntilAccepting(unsigned short port,
                        std::chrono::milliseconds within = std::chrono::seconds(5));

/// `vanthu ARGS...` running in the background (its output goes to the test's) until destroyed,
/// which sends SIGTERM and waits for it.
class BackgroundVanthu {
public:
    explicit BackgroundVanthu(std::vector<std::string> args);
    ~BackgroundVanthu();
    BackgroundVanthu(const BackgroundVanthu&) = delete;
    BackgroundVanthu& operator=(const BackgroundVanthu&) = delete;

private:
    int pid_ = 0;
};

} // namespace vanthu::test
