#pragma once
// GET /api/audit?limit= (administrators): the audit trail, newest first.
#include "http/ApiHandler.hpp"

namespace vanthu::http {

class AuditHandler : public ApiHandler {
public:
    using ApiHandler::ApiHandler;

protected:
    void serve(Exchange& exchange) override;
};

} // namespace vanthu::http
