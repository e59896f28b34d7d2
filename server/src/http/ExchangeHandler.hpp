#pragma once
// POST /api/exchange/packages: an edXML package from a peer server (document or status). Not
// a session endpoint: the package's XML signature, checked against the configured peer's
// certificate, is the authentication (ExchangeInbox). 404 when the server has no --peers.
// Before the body is read: the X-Vanthu-Peer header must name a configured peer (401/403), the
// Content-Length must be given and within the limit (411/413), and the address, the peer and
// the number of packages being checked at once must be within ExchangeLimits (429).
#include <optional>

#include "http/ApiHandler.hpp"
#include "http/ExchangeGate.hpp"

namespace vanthu::http {

class ExchangeHandler : public ApiHandler {
public:
    using ApiHandler::ApiHandler;

protected:
    void admit(Exchange& exchange) override;
    void serve(Exchange& exchange) override;
    bool isPublic(const Exchange&) const override { return true; }

private:
    std::optional<ExchangeGate::Pass> pass_; ///< held while the package is read and checked
};

} // namespace vanthu::http
