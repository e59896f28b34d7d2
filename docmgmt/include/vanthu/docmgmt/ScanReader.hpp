#pragma once
// Scanned pages (bản quét) in the search index: a PDF whose pages carry no text (a paper letter
// entered from a scan, an imported scan) is indexed at once by its metadata and marked as an
// unread scan; the ScanReader later reads such PDFs with OCR (seconds a page), keeps the text
// in the database (read once, kept through rebuilds of the index) and puts the documents that
// hold them into the index again, now with their text (docs/search.md, "Scanned pages").
// `vanthu serve` runs it on a thread of its own, so no request waits for OCR.
#include <cstddef>
#include <string>

#include "vanthu/docmgmt/BlobStore.hpp"
#include "vanthu/docmgmt/DocumentIndexer.hpp"
#include "vanthu/docmgmt/Storage.hpp"
#include "vanthu/search/Ocr.hpp"
#include "vanthu/search/SearchIndex.hpp"

namespace vanthu::docmgmt {

/// Sets document.text from the PDF in blob `blob`: its text layer, or the text recognised
/// earlier; when pages have neither, also document.unreadScan. A PDF poppler cannot read leaves
/// the text empty (the document is still found by its metadata).
void putPdfText(const Storage& storage, const BlobStore& blobs, const std::string& blob,
                search::IndexedDocument& document);

class ScanReader {
public:
    ScanReader(Storage& storage, const BlobStore& blobs, DocumentIndexer& indexer)
        : storage_(storage), blobs_(blobs), indexer_(indexer) {}

    /// Reads up to `limit` unread scans with `ocr` and re-indexes their documents; returns how
    /// many PDFs were read. A PDF that cannot be read is kept as read with no text (so it is not
    /// tried again and again).
    std::size_t readWaiting(search::Ocr& ocr, std::size_t limit);

private:
    Storage& storage_;
    const BlobStore& blobs_;
    DocumentIndexer& indexer_;
};

} // namespace vanthu::docmgmt
