#pragma once
// The verifier's "this file cannot be read at all" (not a PDF, too large, encrypted, damaged
// beyond qpdf's repair): SignatureVerifier::verify throws it with pdf::PdfError's one line, and
// the CLI answers exit code 2. Its namespace is the one its callers have always caught it by.
#include <stdexcept>

namespace vanthu::signing::raw {

class ParseError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace vanthu::signing::raw
