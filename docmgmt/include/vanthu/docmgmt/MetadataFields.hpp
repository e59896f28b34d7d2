#pragma once
// Metadata fields an office adds (NĐ 30 Phụ lục VI III.7c; docs/archive.md, "Fields an office
// adds"): defined by an administrator whose scope covers the office, filled on its documents by
// those who may change them (the server checks that before it calls values()), checked by type,
// bounded, kept in `metadata_fields` and `metadata_values` (migration 25), every change audited.
#include <map>
#include <string>
#include <vector>

#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/MetadataField.hpp"
#include "vanthu/docmgmt/OutgoingFlow.hpp"
#include "vanthu/docmgmt/Storage.hpp"
#include "vanthu/docmgmt/VietnamTime.hpp"

namespace vanthu::docmgmt {

struct MetadataFieldInput {
    std::string name;
    std::string type; ///< "text", "number", "date", "list"
    bool required = false;
    std::vector<std::string> options; ///< a list field's choices
};

class MetadataFields {
public:
    static constexpr std::size_t kMaxName = 100;     ///< characters of a field's name
    static constexpr std::size_t kMaxValue = 500;    ///< characters of a value
    static constexpr std::size_t kMaxOptions = 50;   ///< choices of a list field
    static constexpr std::size_t kMaxPerOffice = 30; ///< fields an office defines

    MetadataFields(Storage& storage, AuditTrail& audit, Clock clock = systemClock())
        : storage_(storage), audit_(audit), clock_(std::move(clock)) {}

    /// The office's fields, in the order they were defined.
    std::vector<MetadataField> fields(Id officeId) const;
    /// By an administrator whose scope covers officeId (Forbidden otherwise); InvalidInput names
    /// the field at fault, Conflict a name the office has already.
    MetadataField define(const Actor& actor, Id officeId, const MetadataFieldInput& input);
    /// Removes a field that no document has a value for (Conflict otherwise).
    void remove(const Actor& actor, Id fieldId);

    /// The values of a document, in the order of the office's fields (filled ones only).
    std::vector<MetadataValue> values(const std::string& kind, Id documentId) const;
    /// The version of the document's values (issue 16 item 1): how many times they were set
    /// (the audit trail's "set-metadata" entries about the document), 0 before the first time.
    int valuesVersion(const std::string& kind, Id documentId) const;
    /// Replaces the document's values by `given` (field name → value; an empty value clears
    /// it). Every value is checked against its field's type; a required field of the office
    /// must be given (InvalidInput naming it); a name the office does not have is refused.
    /// baseVersion: the valuesVersion the form was loaded at; a save from an older one is
    /// refused with StaleVersion (who set them last, when), nothing written.
    std::vector<MetadataValue> setValues(const Actor& actor, Id officeId, const std::string& kind,
                                         Id documentId,
                                         const std::map<std::string, std::string>& given,
                                         std::optional<int> baseVersion = std::nullopt);
    /// The names of the office's required fields that the document has no value for.
    std::vector<std::string> missingRequired(Id officeId, const std::string& kind,
                                             Id documentId) const;

private:
    Storage& storage_;
    AuditTrail& audit_;
    Clock clock_;
};

} // namespace vanthu::docmgmt
