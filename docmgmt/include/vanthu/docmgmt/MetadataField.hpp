#pragma once
// A metadata field an office adds to those of Phần II (trường siêu dữ liệu bổ sung, NĐ 30/2020
// Phụ lục VI III.7c "có khả năng bổ sung siêu dữ liệu"): its administrator names it, chooses its
// type and whether it must be filled; clerks and authors fill it on outgoing drafts and incoming
// letters; it is written in the archive manifest beside the document's Phần II fields.
#include <string>
#include <vector>

#include "vanthu/docmgmt/Directory.hpp"

namespace vanthu::docmgmt {

/// What a field holds: free text, a whole number, a date (ISO yyyy-mm-dd), or one of a list.
enum class MetadataType { Text, Number, Date, List };

/// "text", "number", "date", "list"; from "" or anything else std::nullopt is the caller's.
const char* metadataTypeName(MetadataType type);
bool parseMetadataType(const std::string& name, MetadataType& out);

struct MetadataField {
    Id id = 0;
    Id officeId = 0;
    std::string name; ///< unique in the office, e.g. "Lĩnh vực"
    MetadataType type = MetadataType::Text;
    bool required = false;
    std::vector<std::string> options; ///< the choices of a List field, in order
    Id createdBy = 0;
    std::string createdAt;
};

/// One field's value on one document (kind: kOutgoingKind, kIncomingKind, kImportedKind).
struct MetadataValue {
    Id fieldId = 0;
    std::string name; ///< the field's name (read with the value)
    MetadataType type = MetadataType::Text;
    std::string value;
};

} // namespace vanthu::docmgmt
