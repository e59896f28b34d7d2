#pragma once
// Domain objects as the JSON objects of the contract (docs/api.md, Objects).
#include <Poco/JSON/Object.h>

#include <optional>
#include <string>

#include "http/Backend.hpp"

namespace vanthu::http {

std::string systemName(docmgmt::OfficeSystem system); ///< "state" or "party"
std::string roleName(docmgmt::Role role);             ///< "clerk", "specialist", ...
std::optional<docmgmt::Role> roleFromName(const std::string& name);

Poco::JSON::Object::Ptr officeJson(const Office& office);
/// officeName is the user's office's name ("" when unknown).
Poco::JSON::Object::Ptr userJson(const User& user, const std::string& officeName);
Poco::JSON::Object::Ptr auditJson(const AuditRecord& entry);

} // namespace vanthu::http
