#pragma once
// What a package or an arriving copy says about an issued document, read from its document
// JSON: type name, signer, printed recipients (shared by Dispatch and ExchangeOutbox).
#include <optional>
#include <string>
#include <vector>

#include "vanthu/docmgmt/Directory.hpp"
#include "vanthu/docmgmt/OutgoingDocument.hpp"
#include "vanthu/docmgmt/Storage.hpp"

namespace vanthu::docmgmt {

struct IssuedDetails {
    std::string typeName;
    std::string signerName, signerPosition;
    std::vector<std::string> recipients;
};

IssuedDetails issuedDetails(const OutgoingDocument& document);

/// The office with this identifier code, if the directory has it.
std::optional<Office> officeByCode(const Storage& storage, const std::string& code);

} // namespace vanthu::docmgmt
