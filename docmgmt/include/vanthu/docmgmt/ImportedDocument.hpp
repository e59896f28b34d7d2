#pragma once
// A document brought in from before vanthu (văn bản nhập từ hệ thống cũ / từ bản giấy): an
// office moving in imports its earlier outgoing and incoming documents as PDFs with their
// metadata (BulkImport.hpp). An imported document never changes; it can be filed in a case file.
#include <string>

#include "vanthu/docmgmt/Directory.hpp"

namespace vanthu::docmgmt {

enum class Direction { Outgoing, Incoming };
std::string toString(Direction direction); ///< "out", "in"

struct ImportedDocument {
    Id id = 0;
    Id officeId = 0;
    Direction direction = Direction::Incoming;
    std::string number;     ///< số: "753", "05"
    std::string notation;   ///< ký hiệu: "CV/ĐU", "UBND-NV"
    std::string issuedDate; ///< ISO date
    std::string issuer;     ///< cơ quan ban hành
    std::string typeName;   ///< tên loại: "Công văn", "Quyết định"
    std::string subject;    ///< trích yếu
    std::string signer;     ///< người ký
    std::string pdfBlob;    ///< SHA-256 name in the blob store
    int pages = 0;
    // Phần II, from the CSV's optional columns issued_amount, language, description:
    int issuedAmount = 0;    ///< IssuedAmount, 0 not given
    std::string language;    ///< Language, "" meaning Tiếng Việt
    std::string description; ///< Description (ghi chú)
    std::string sourceFile;  ///< the file name in the imported folder
    Id importedBy = 0;
    std::string importedAt; ///< ISO 8601
    /// An incoming entry this row looks like ("incoming/12") and the reason it was imported
    /// all the same (the CSV's duplicate_reason); both empty otherwise.
    std::string duplicateOf, duplicateReason;
};

/// Who may read an imported document (docs/access-rules.md): the active clerks, leaders and
/// specialists of its office.
bool canSeeImported(const User& user, const ImportedDocument& document);

} // namespace vanthu::docmgmt
