#pragma once
// GET /api/offices and GET /api/document-types (the types of the user's office system);
// administrators: POST /api/offices, PUT /api/offices/{id}, POST /api/offices/{id}/dissolve
// (docmgmt::Administration: codes checked, every change audited); GET and PUT
// /api/offices/{id}/signing-policy (docmgmt::SigningPolicies, issue 21: the PAdES levels, the
// time-stamp authority and the revocation source; the change audited, warnings below B-T);
// GET, POST /api/offices/{id}/units and PUT, DELETE /api/offices/{id}/units/{unitId} (the
// office's units, phòng and ban, that a user's unit is chosen from).
#include "http/ApiHandler.hpp"

namespace vanthu::http {

class OfficeHandler : public ApiHandler {
public:
    using ApiHandler::ApiHandler;

protected:
    void serve(Exchange& exchange) override;

private:
    void offices(Exchange& exchange);
    void documentTypes(Exchange& exchange);
    void fieldLimits(Exchange& exchange);
    void add(Exchange& exchange);
    void edit(Exchange& exchange);
    void dissolve(Exchange& exchange);
    void signingPolicy(Exchange& exchange);
    void units(Exchange& exchange);
    docmgmt::Administration administration(Exchange& exchange);
};

/// A new office from a JSON body's code, name, issuerCode, place (required), parentBody, term,
/// system ("state" when absent) and parentId (422 when system is neither state nor party).
docmgmt::Office newOfficeFrom(const Poco::JSON::Object::Ptr& body);

} // namespace vanthu::http
