#pragma once
// The errors of the pdf library. Every one is a PdfError, so a caller that only needs "this file
// cannot be read" catches that; the subclasses let callers and the UI tell the cases apart.
#include <stdexcept>
#include <string>

namespace vanthu::pdf {

/// A PDF that cannot be read. what() is one line a clerk can read.
class PdfError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The file is larger than the limit it was opened with.
class PdfTooLarge : public PdfError {
public:
    using PdfError::PdfError;
};

/// The file is encrypted (with or without a user password): vanthu does not read those.
class EncryptedPdf : public PdfError {
public:
    EncryptedPdf() : PdfError("the file is encrypted; encrypted PDFs are not accepted") {}
};

/// qpdf could not make a document of the bytes, even with its repair, or the document's
/// structure (catalog, form) is not what the PDF standard requires.
class DamagedPdf : public PdfError {
public:
    using PdfError::PdfError;
};

} // namespace vanthu::pdf
