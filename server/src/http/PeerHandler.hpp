#pragma once
// The exchange peers for administrators (issue 13 item 3; docs/exchange.md, "Peers
// administered"), mirroring `vanthu admin peers`:
//   GET    /api/exchange/peers          this server's name, the axis's, every peer
//   POST   /api/exchange/peers          {name, url, certificatePem, trustAnchorsPem?}
//   GET    /api/exchange/peers/{name}
//   PUT    /api/exchange/peers/{name}   {url, certificatePem?, trustAnchorsPem?} (absent: kept;
//                                       trustAnchorsPem "": none)
//   DELETE /api/exchange/peers/{name}
// Changes are made by installation administrators only, each audited (exchange-peer-add,
// -change, -remove on object exchange-peer/<name>); a refusal is a 403, audited as "refused".
// They count at once: the next package from or to the peer uses them. 404 when the server runs
// without --peers.
#include "http/ApiHandler.hpp"

namespace vanthu::http {

class PeerHandler : public ApiHandler {
public:
    using ApiHandler::ApiHandler;
    /// Whether the handler answers this URI (/api/exchange/peers…).
    static bool answers(const std::string& uri);

protected:
    void serve(Exchange& exchange) override;
};

} // namespace vanthu::http
