#include "http/Views.hpp"

#include "http/Json.hpp"

namespace vanthu::http {

std::string systemName(docmgmt::OfficeSystem system) {
    return system == docmgmt::OfficeSystem::Party ? "party" : "state";
}

std::string roleName(docmgmt::Role role) {
    switch (role) {
    case docmgmt::Role::Clerk:
        return "clerk";
    case docmgmt::Role::Specialist:
        return "specialist";
    case docmgmt::Role::Leader:
        return "leader";
    case docmgmt::Role::Administrator:
        return "administrator";
    }
    return "specialist";
}

std::optional<docmgmt::Role> roleFromName(const std::string& name) {
    for (auto role : {docmgmt::Role::Clerk, docmgmt::Role::Specialist, docmgmt::Role::Leader,
                      docmgmt::Role::Administrator}) {
        if (roleName(role) == name) {
            return role;
        }
    }
    return std::nullopt;
}

Poco::JSON::Object::Ptr officeJson(const Office& office) {
    auto json = newObject();
    json->set("id", office.id);
    json->set("code", office.code);
    json->set("name", office.name);
    json->set("parentBody", office.parentBody);
    json->set("system", systemName(office.system));
    json->set("parentId",
              office.parentId ? Poco::Dynamic::Var(*office.parentId) : Poco::Dynamic::Var());
    json->set("issuerCode", office.issuerCode);
    json->set("place", office.place);
    json->set("peer", office.peer);
    json->set("term", office.term);
    json->set("dissolvedOn", office.dissolvedOn);
    json->set("successorId",
              office.successorId ? Poco::Dynamic::Var(*office.successorId) : Poco::Dynamic::Var());
    json->set("version", office.version);
    return json;
}

Poco::JSON::Object::Ptr userJson(const User& user, const std::string& officeName) {
    auto json = newObject();
    json->set("id", user.id);
    json->set("username", user.username);
    json->set("fullName", user.fullName);
    json->set("role", roleName(user.role));
    json->set("title", user.title);
    json->set("officeId", user.officeId);
    json->set("officeName", officeName);
    json->set("unit", user.unit);
    json->set("email", user.email);
    json->set("mustChangePassword", user.mustChangePassword);
    json->set("installationAdministrator", user.installationAdministrator);
    json->set("active", user.active);
    json->set("version", user.version);
    return json;
}

Poco::JSON::Object::Ptr auditJson(const AuditRecord& entry) {
    auto json = newObject();
    json->set("seq", entry.seq);
    json->set("at", entry.at);
    json->set("userId", entry.userId ? Poco::Dynamic::Var(*entry.userId) : Poco::Dynamic::Var());
    json->set("username", entry.username);
    json->set("action", entry.action);
    json->set("object", entry.object);
    json->set("address", entry.address);
    json->set("detail", entry.detail);
    json->set("hash", entry.hash);
    return json;
}

} // namespace vanthu::http
