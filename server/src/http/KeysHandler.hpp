#pragma once
// The keys and trust list of the installation for administrators (issue 13; docs/api.md, "Keys
// and trust"), mirroring `vanthu admin seal|leader-cert|trust`:
//   GET  /api/keys/trust                 the trusted CAs, CRLs and OCSP responders
//   POST /api/keys/trust                 {kind: "ca", certificatePem} | {kind: "crl", crlBase64}
//                                        | {kind: "ocsp", url}
//   POST /api/keys/trust/remove          {kind, id}: a SHA-256 (ca, crl) or the URL (ocsp)
//   GET  /api/keys/seals/{officeId}      the office's seal, or 404
//   PUT  /api/keys/seals/{officeId}      {pkcs12Base64, password}: a PKCS#12 seal, or
//                                        {module, token, label, pin}: a PKCS#11 token slot, its
//                                        module one the server allows (--pkcs11-module: a
//                                        module is a library loaded into the server)
//   GET  /api/keys/pkcs11-modules        those modules
//   GET|PUT|DELETE /api/keys/leaders/{userId}   {certificatePem}: the leader's registered
//                                        certificate for two-phase signing
// Every change is audited with the administrator's name and address. The trust list is changed
// only by an installation administrator; an office's seal and its leaders' certificates by an
// administrator of that office or one above it (docmgmt::AdministrationScope); a refusal is a 403,
// audited as "refused".
#include "http/ApiHandler.hpp"

namespace vanthu::http {

class KeysHandler : public ApiHandler {
public:
    using ApiHandler::ApiHandler;

protected:
    void serve(Exchange& exchange) override;

private:
    void trust(Exchange& exchange);
    void seal(Exchange& exchange);
    void leader(Exchange& exchange);
};

} // namespace vanthu::http
