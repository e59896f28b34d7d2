// libFuzzer target: the PDF signature verifier on raw bytes (signing::SignatureVerifier::verify,
// what `vanthu verify` and the server's verification child run on a received or uploaded PDF),
// and the report written as JSON. raw::ParseError (an unreadable file) is the expected answer
// to bad input; anything else escaping, a crash or a sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "vanthu/signing/ParseError.hpp"
#include "vanthu/signing/SignatureVerifier.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace vanthu::signing;
    static const SignatureVerifier verifier;
    const std::string_view pdf(reinterpret_cast<const char*>(data), size);
    try {
        const auto report = verifier.verify(pdf);
        (void)toJson(report);
        (void)toText(report);
    } catch (const raw::ParseError&) {
    }
    return 0;
}
