#pragma once
// The signing library's failures by kind (issue 12 item 7), so that callers and the UI can tell
// them apart: a PDF that cannot be read (raw::ParseError from the verifier, pdf::PdfError from
// the reader and the signer), a key that cannot be used (BadKey), a key or algorithm too weak to
// sign with (WeakAlgorithm), a file that cannot be read or written (FileError). Each derives
// from std::runtime_error, as every failure of the library did before, and carries one English
// line; the edge (CLI, HTTP) words it for the user. A signature that fails verification is not
// an exception: the verifier reports it (a failed check naming the algorithm, for a weak one).
#include <stdexcept>

namespace vanthu::signing {

/// A signing key that cannot be used: not a PKCS#12 file, a wrong password or PIN, no private
/// key with its certificate, a PKCS#11 module, token, key or certificate that is not there.
class BadKey : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A key too weak to sign with (RSA under 2048 bits).
class WeakAlgorithm : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A file (a key, a PDF, a CRL, a trust list) that cannot be read or written.
class FileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace vanthu::signing
