#pragma once
// PoDoFo 0.9.8, which draws what vanthu writes (the renderer, the issue stamp's and the print
// mark's text, the case-file book, the signer's appearance), makes every PdfDate (each new
// document's /CreationDate) with localtime(), whose result is one buffer of the C library for
// the whole process; PoDoFo promises no thread safety. Those writers run on the server's
// long-work threads at once, and only renders are serialised among themselves (docmgmt's render
// lock): every place that makes a PoDoFo document or writes one holds this lock meanwhile
// (issue 19 item 11, docs/security.md "Threads"). pdf/ itself reads and writes through qpdf; the
// lock lives here because it is the one library both templates/ and signing/ build on.
#include <mutex>

namespace vanthu::pdf {

/// The process's one lock around PoDoFo's documents being made and written.
std::mutex& podofoLock();

} // namespace vanthu::pdf
