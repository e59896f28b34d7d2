#pragma once
// Document types (loại văn bản) and their notation codes: Nghị định 30/2020/NĐ-CP Phụ lục III for
// State documents, Hướng dẫn 36-HD/VPTW for Party documents.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vanthu::templates {

/// Which rulebook a document follows.
enum class DocumentSystem {
    State, ///< văn bản hành chính, Nghị định 30/2020/NĐ-CP
    Party, ///< văn bản của Đảng, Hướng dẫn 36-HD/VPTW
};

struct DocumentType {
    std::string code; ///< notation code, "QĐ", "TB", "CV" for công văn
    std::string name; ///< the type's name as written, "Quyết định"
    bool isLetter;    ///< công văn: no type line, subject under the number ("V/v …")
    bool stateUse;    ///< listed in NĐ 30 Phụ lục III
    bool partyUse;    ///< used by Party bodies (HD 36)
};

/// Every known type, in the order of the rules' lists.
const std::vector<DocumentType>& documentTypes();

/// The type with this code (exact, or ignoring case and Vietnamese marks: "QD" finds "QĐ").
std::optional<DocumentType> findDocumentType(std::string_view code);

} // namespace vanthu::templates
