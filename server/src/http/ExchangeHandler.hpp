#pragma once
// POST /api/exchange/packages: an edXML package from a peer server (document or status). Not
// a session endpoint: the package's XML signature, checked against the configured peer's
// certificate, is the authentication (ExchangeInbox). 404 when the server has no --peers.
#include "http/ApiHandler.hpp"

namespace vanthu::http {

class ExchangeHandler : public ApiHandler {
public:
    using ApiHandler::ApiHandler;

protected:
    void serve(Exchange& exchange) override;
    bool isPublic(const Exchange&) const override { return true; }
};

} // namespace vanthu::http
