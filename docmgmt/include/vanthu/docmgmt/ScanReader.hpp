#pragma once
// Scanned pages (bản quét) in the search index: a PDF whose pages carry no text (a paper letter
// entered from a scan, an imported scan) is indexed at once by its metadata and marked as an
// unread scan; the ScanReader later reads such PDFs with OCR (seconds a page), keeps the text
// in the database (read once, kept through rebuilds of the index) and puts the documents that
// hold them into the index again, now with their text (docs/search.md, "Scanned pages").
// `vanthu serve` runs it on a thread of its own, so no request waits for OCR. Servers sharing
// one database read each PDF once: each has its own index, but the text is the database's, and
// a PDF is claimed (WorkClaims, "ocr:" and its blob name) while one server reads it; the others
// pass it over, then take the text from the database (or the PDF, when the reader died and its
// lease ended).
#include <cstddef>
#include <cstdint>
#include <string>

#include "vanthu/docmgmt/BlobStore.hpp"
#include "vanthu/docmgmt/DocumentIndexer.hpp"
#include "vanthu/docmgmt/Storage.hpp"
#include "vanthu/docmgmt/VietnamTime.hpp"
#include "vanthu/docmgmt/WorkClaims.hpp"
#include "vanthu/search/Ocr.hpp"
#include "vanthu/search/SearchIndex.hpp"

namespace vanthu::docmgmt {

/// Sets document.text from the PDF in blob `blob`: its text layer, or the text recognised
/// earlier; when pages have neither, also document.unreadScan. A PDF poppler cannot read leaves
/// the text empty (the document is still found by its metadata).
void putPdfText(const Storage& storage, const BlobStore& blobs, const std::string& blob,
                search::IndexedDocument& document);

/// The claim of the OCR of one PDF ("ocr:" and its blob name) and its lease: more than a long
/// scan takes (seconds a page).
std::string ocrWork(const std::string& blob);
inline constexpr std::int64_t kOcrLeaseSeconds = 3600;

class ScanReader {
public:
    ScanReader(Storage& storage, const BlobStore& blobs, DocumentIndexer& indexer,
               Clock clock = systemClock())
        : storage_(storage), blobs_(blobs), indexer_(indexer), clock_(std::move(clock)),
          claims_(storage, WorkClaims::newHolder()) {}

    /// Reads up to `limit` unread scans with `ocr` and re-indexes their documents; returns how
    /// many PDFs were done (read here, or their text taken from the database where another
    /// server put it). A PDF another server is reading now is passed over. A PDF that cannot be
    /// read is kept as read with no text (so it is not tried again and again).
    std::size_t readWaiting(search::Ocr& ocr, std::size_t limit);

private:
    Storage& storage_;
    const BlobStore& blobs_;
    DocumentIndexer& indexer_;
    Clock clock_;
    WorkClaims claims_;
};

} // namespace vanthu::docmgmt
