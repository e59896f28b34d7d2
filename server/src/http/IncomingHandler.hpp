#pragma once
// /api/incoming: the incoming queue and list, paper letters entered from a scan, one document
// with its PDF, attachments and signature verdict, and the steps of the incoming flow (register,
// refuse, assign, start, forward, reply, close). Every access check is the flow's
// (docmgmt::IncomingFlow); this class translates HTTP to its calls.
#include "http/ApiHandler.hpp"
#include "vanthu/docmgmt/IncomingFlow.hpp"

namespace vanthu::http {

class IncomingHandler : public ApiHandler {
public:
    using ApiHandler::ApiHandler;

protected:
    void serve(Exchange& exchange) override;

private:
    docmgmt::IncomingFlow& flow();
    void route(Exchange& exchange);
    void list(Exchange& exchange);
    void enterPaper(Exchange& exchange);
    void step(Exchange& exchange, Id id, const std::string& action);
    void answerRecall(Exchange& exchange, Id id, const std::string& action);
    void sendFile(Exchange& exchange, const std::string& bytes, const std::string& contentType,
                  const std::string& filename, bool download = false);
    /// The letter's long-term copy (issue 21 item 3): levels of the received bytes and of the
    /// copy, renewals, expiry; null when it has none.
    void sendIncoming(Exchange& exchange, const docmgmt::IncomingDocument& document,
                      int status = 200);
};

} // namespace vanthu::http
