#include "vanthu/docmgmt/ScanReader.hpp"

#include <algorithm>

#include "vanthu/search/PdfText.hpp"

namespace vanthu::docmgmt {

void putPdfText(const Storage& storage, const BlobStore& blobs, const std::string& blob,
                search::IndexedDocument& document) {
    if (blob.empty()) {
        return;
    }
    if (auto recognised = storage.recognisedText(blob)) {
        document.text = std::move(*recognised);
        return;
    }
    try {
        const auto pages = search::extractPdfText(blobs.get(blob));
        document.text = search::joinPages(pages);
        if (std::any_of(pages.begin(), pages.end(),
                        [](const search::PageText& page) { return page.scanned; })) {
            document.unreadScan = blob;
        }
    } catch (const std::exception&) {
        // Not readable by poppler: found by its metadata only.
    }
}

std::string ocrWork(const std::string& blob) {
    return "ocr:" + blob;
}

std::size_t ScanReader::readWaiting(search::Ocr& ocr, std::size_t limit) {
    // More than `limit` looked at: scans other servers are reading now are passed over.
    const auto scans = indexer_.index().unreadScans(limit + 8);
    std::size_t done = 0;
    for (const auto& scan : scans) {
        if (done == limit) {
            break;
        }
        if (!storage_.recognisedText(scan.blob)) {
            const std::string work = ocrWork(scan.blob);
            if (!claims_.claim(work, clock_(), kOcrLeaseSeconds)) {
                continue; // another server reads it now
            }
            // Read again under the claim: another server may have finished it meanwhile.
            if (!storage_.recognisedText(scan.blob)) {
                std::string text;
                try {
                    text = search::joinPages(search::extractPdfText(blobs_.get(scan.blob), &ocr));
                } catch (const std::exception&) {
                    // Kept as read with no text: the document stays findable by its metadata.
                }
                storage_.saveRecognisedText(scan.blob, text);
            }
            claims_.finish(work);
        }
        indexer_.refresh(scan.keys);
        ++done;
    }
    return done;
}

} // namespace vanthu::docmgmt
