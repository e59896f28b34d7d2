#pragma once
// Reports on the incoming side: /api/reports/deadlines (overdue and due soon, per office and
// person), /api/reports/figures and figures.csv (received, sent, handled on time, exchanged
// electronically with digital signatures, per month), and the incoming register
// /api/registers/incoming and incoming.csv (paged from the start). Access checks are
// docmgmt::IncomingFlow's. Statistics (NĐ 30 Phụ lục VI 6a, 6b; docmgmt::SecretAccess's checks):
// /api/reports/reads and reads.csv (views and downloads per document over from .. to) and
// /api/reports/casefiles and casefiles.csv (case files per responsible account and state).
#include "http/ApiHandler.hpp"
#include "vanthu/docmgmt/IncomingFlow.hpp"

namespace vanthu::docmgmt {
class SecretAccess;
}

namespace vanthu::http {

class ReportHandler : public ApiHandler {
public:
    using ApiHandler::ApiHandler;

    /// Whether this handler answers the path (the Router sends /api/registers/incoming* here).
    static bool answers(std::string_view uri);

protected:
    void serve(Exchange& exchange) override;

private:
    docmgmt::IncomingFlow& flow();
    void incomingRegister(Exchange& exchange, bool csv);
    void figures(Exchange& exchange, bool csv);
    /// /api/reports/outgoing(.csv): each letter issued in the period with each receiver's
    /// latest status (docmgmt::outgoingHandlingReport).
    void outgoing(Exchange& exchange, bool csv);
    docmgmt::SecretAccess& secretAccess();
    void reads(Exchange& exchange, bool csv);
    void caseFiles(Exchange& exchange, bool csv);
};

} // namespace vanthu::http
