// libFuzzer target: the PAdES signer on a foreign PDF (signing::PadesSigner::sign, what
// `vanthu sign` and the flow do with an uploaded or received file: reading it through pdf/ and
// appending the signature with pdf::IncrementalUpdate), then the verifier on what it wrote.
// pdf::PdfError and the signer's own std::runtime_error (a file it cannot sign: no page,
// encrypted, too large) are the expected answers to bad input; a crash, a sanitizer report, or a
// signed file whose new signature the verifier cannot find, is a bug.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string_view>

#include "vanthu/pdf/PdfError.hpp"
#include "vanthu/signing/DemoPki.hpp"
#include "vanthu/signing/PadesSigner.hpp"
#include "vanthu/signing/ParseError.hpp"
#include "vanthu/signing/SignatureVerifier.hpp"
#include "vanthu/signing/SigningKey.hpp"

namespace {

const vanthu::signing::SigningKey& fuzzKey() {
    using namespace vanthu::signing;
    static const std::unique_ptr<Pkcs12Key> key = [] {
        DemoPkiOptions options;
        options.ecdsa = true; // fast keys: the fuzzer signs thousands of files
        const DemoPki pki(options);
        return Pkcs12Key::fromBytes(pki.pkcs12(pki.signer1(), "signer1"), options.password);
    }();
    return *key;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace vanthu;
    const std::string_view pdf(reinterpret_cast<const char*>(data), size);
    signing::SignOptions options;
    options.signingTime = 1700000000;
    std::string signedPdf;
    try {
        signedPdf = signing::PadesSigner(options).sign(pdf, fuzzKey());
    } catch (const pdf::PdfError&) {
        return 0;
    } catch (const std::runtime_error&) {
        return 0;
    }
    try {
        const auto report = signing::SignatureVerifier().verify(signedPdf);
        if (report.signatures.empty()) {
            __builtin_trap(); // signed, yet no signature to be found
        }
    } catch (const signing::raw::ParseError&) {
        __builtin_trap(); // the signer wrote a file that cannot be read back
    }
    return 0;
}
