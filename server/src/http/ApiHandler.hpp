#pragma once
// The base of every /api handler: security headers, the body read within the size limit (413),
// the session from a bearer token or the cookie, the CSRF check for cookie requests that change
// something, and the mapping of exceptions to JSON errors. Subclasses implement serve().
#include <Poco/Net/HTTPRequestHandler.h>

#include "http/Exchange.hpp"
#include "http/ServerContext.hpp"

namespace vanthu::http {

inline constexpr const char* kSessionCookie = "vanthu_session";
inline constexpr const char* kCsrfHeader = "X-CSRF-Token";

/// Headers every answer carries (CSP, no sniffing, no framing; HSTS under TLS).
void addSecurityHeaders(Poco::Net::HTTPServerResponse& response, const ServerConfig& config);

class ApiHandler : public Poco::Net::HTTPRequestHandler {
public:
    explicit ApiHandler(ServerContext& context) : context_(context) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) final;

protected:
    /// Answers the request; throws ApiError or docmgmt's errors for refusals.
    virtual void serve(Exchange& exchange) = 0;
    /// Whether this request is answered without a session (sign-in, health, OpenAPI).
    virtual bool isPublic(const Exchange&) const { return false; }
    /// Whether a user who must change the password an administrator set (mustChangePassword)
    /// is answered here; every other request of such a user is refused with 403
    /// `password-change-required` until the change (docs/api.md).
    virtual bool servesBeforePasswordChange(const Exchange& exchange) const {
        return isPublic(exchange);
    }
    /// Checks made before the body is read, from the request line and headers only (the
    /// exchange endpoint's sender and rate); throws ApiError to refuse. The body of a refused
    /// request is skipped (at most 1 MiB) and the connection closed.
    virtual void admit(Exchange&) {}

    /// What the signed-in administrator administers (docmgmt::AdministrationScope); 404 when
    /// the backend has no administration.
    docmgmt::AdministrationScope administrationScope(Exchange& exchange);
    /// 403 with message, audited as "refused" on object, unless allowed
    /// (docmgmt::Administration::refuseUnless, for scope checks made here).
    void refuseUnless(Exchange& exchange, bool allowed, const std::string& object,
                      const std::string& message);

    /// Runs work on the long-work pool and returns its result (LongWorkPool::run): renders,
    /// signing, issuing, verification, packages. Full: LongWorkRefused, a 503.
    template <typename Work> auto longWork(Work work) {
        return context_.longWork.run(std::move(work));
    }

    ServerContext& context_;

private:
    void readBody(Exchange& exchange) const;
    void authenticate(Exchange& exchange) const;
    void dispatch(Exchange& exchange);
};

/// Any /api path no handler knows: 404 (after the session check).
class UnknownApiHandler : public ApiHandler {
public:
    using ApiHandler::ApiHandler;

protected:
    void serve(Exchange& exchange) override;
};

} // namespace vanthu::http
