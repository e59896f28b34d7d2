#pragma once
// Small PDFs written byte by byte for the pdf library's tests, and their variants made by the
// qpdf command-line tool (object streams and cross-reference streams, encryption).
#include <filesystem>
#include <string>
#include <vector>

namespace vanthu::test {

/// A classic PDF (cross-reference table) whose objects 1..n are the given bodies ("<< ... >>");
/// object 1 must be the catalog.
std::string classicPdf(const std::vector<std::string>& objects);

/// pdf with an incremental update appended that (re)defines the given objects (number, body),
/// with /Prev to pdf's last cross-reference table. size is the new /Size.
std::string appendRevision(const std::string& pdf,
                           const std::vector<std::pair<int, std::string>>& objects, int size);

/// A one-page document whose AcroForm holds the signature field "Approval.Signer" (a parent
/// with a named kid), an empty signature field "Seal" with a /Lock, and a text field "Number".
/// The signer field's /V is a signature dictionary with a DocMDP reference (P 2).
std::string formPdf();

/// `qpdf ARGS... in out` on pdf, returning the output's bytes (REQUIREs success).
std::string throughQpdf(const std::string& pdf, const std::vector<std::string>& args);

} // namespace vanthu::test
