#pragma once
// GET /api/audit?limit= (administrators): the audit trail, newest first; GET
// /api/audit/access and access.csv?from=&to=: sign-ins per month and account (III.6b); GET
// /api/audit/renewal: the state of the renewal of long-term copies (issue 21 item 4).
#include "http/ApiHandler.hpp"

namespace vanthu::http {

class AuditHandler : public ApiHandler {
public:
    using ApiHandler::ApiHandler;

protected:
    void serve(Exchange& exchange) override;

private:
    void accessStatistics(Exchange& exchange, bool csv);
    /// GET /api/audit/renewal: the renewal job of long-term copies (issue 21 item 4).
    void renewalState(Exchange& exchange);
};

} // namespace vanthu::http
