#pragma once
// A case file (hồ sơ) as one PDF, as NĐ 30/2020 Phụ lục VI III.4g asks: an index page (mục lục
// văn bản: number, notation, date, subject, page) drawn with the documents' own fonts, then every
// document's pages in the order given (the caller sorts them by date), with one bookmark
// (outline item) per document. Pages are joined with PoDoFo; the documents' signatures do not
// survive the joining (the signed originals are in the sealed archive package).
#include <stdexcept>
#include <string>
#include <vector>

namespace vanthu::templates {

/// One document of the book.
struct BookDocument {
    std::string number;   ///< "05"
    std::string notation; ///< "UBND-NV"
    std::string date;     ///< as printed: "16/06/2026"
    std::string subject;  ///< trích yếu
    std::string pdf;      ///< the document's PDF bytes
};

struct CaseFileBook {
    std::string organName;             ///< the office, first line of the index page
    std::string heading;               ///< "MỤC LỤC VĂN BẢN"
    std::vector<std::string> fileInfo; ///< lines under the heading: code, title, dates …
    std::string title;                 ///< the PDF's title (Info) and the outline's root
    std::vector<BookDocument> documents;
};

/// A document's PDF could not be read; index() is its place in CaseFileBook::documents.
class BookDocumentUnreadable : public std::runtime_error {
public:
    BookDocumentUnreadable(std::size_t index, const std::string& message)
        : std::runtime_error(message), index_(index) {}
    std::size_t index() const { return index_; }

private:
    std::size_t index_;
};

/// What was written: the PDF and, for each document, the 1-based page it starts on.
struct WrittenBook {
    std::string pdf;
    int indexPages = 0;
    std::vector<int> startPages;
};

/// Lays out the index, joins the documents and writes the outline. Throws
/// BookDocumentUnreadable, or std::runtime_error (no Vietnamese font, a glyph missing).
WrittenBook writeCaseFileBook(const CaseFileBook& book);

} // namespace vanthu::templates
