#include "IssuedDetails.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "vanthu/templates/DocumentType.hpp"

namespace vanthu::docmgmt {

IssuedDetails issuedDetails(const OutgoingDocument& document) {
    IssuedDetails details;
    const auto type = templates::findDocumentType(document.typeCode);
    details.typeName = type ? type->name : document.typeCode;
    details.recipients = document.draft.recipients;
    try {
        const auto content =
            Poco::JSON::Parser().parse(document.content).extract<Poco::JSON::Object::Ptr>();
        if (const auto signer = content->getObject("signer")) {
            details.signerName = signer->optValue<std::string>("name", "");
            details.signerPosition = signer->optValue<std::string>("title", "");
        }
    } catch (const std::exception&) {
        // the stored content was validated when it was written; leave the signer empty
    }
    return details;
}

std::optional<Office> officeByCode(const Storage& storage, const std::string& code) {
    for (auto& office : storage.offices()) {
        if (office.code == code) {
            return office;
        }
    }
    return std::nullopt;
}

} // namespace vanthu::docmgmt
