#pragma once
// Reads an OfficialDocument from the JSON input format (docs/document-format.md).
#include <stdexcept>
#include <string>
#include <string_view>

#include "vanthu/templates/OfficialDocument.hpp"

namespace vanthu::templates {

/// Input that cannot become a document. `field()` names the JSON field at fault ("date",
/// "signer.name", "body", or "" for malformed JSON); what() is one line a clerk can act on.
class InvalidDocument : public std::runtime_error {
public:
    InvalidDocument(std::string field, const std::string& message);
    const std::string& field() const { return field_; }

private:
    std::string field_;
};

/// Parses and validates; every text is normalised to NFC. Throws InvalidDocument.
OfficialDocument parseDocumentJson(std::string_view json);

} // namespace vanthu::templates
