#pragma once
// The first-run page's API (docs/api.md, "First run"): an installation made by
// `vanthu serve --setup` has no user; GET /api/setup says so, and POST /api/setup, with the
// one-time setup code the server printed at start, makes its first office and administrator
// (docmgmt::Administration::installFirst). Afterwards both answer that the installation is set
// up; the administrator signs in as anyone else.
#include "http/ApiHandler.hpp"

namespace vanthu::http {

class SetupHandler : public ApiHandler {
public:
    using ApiHandler::ApiHandler;

protected:
    void serve(Exchange& exchange) override;
    bool isPublic(const Exchange&) const override { return true; }

private:
    /// Whether this server takes its first administrator now: started with a setup code, and
    /// the installation still has no user.
    bool awaitsSetup() const;
    void status(Exchange& exchange);
    void install(Exchange& exchange);
    /// Throws 403 (counted by the sign-in throttle, 429 when too many) unless code is the
    /// server's setup code.
    void checkSetupCode(Exchange& exchange, const std::string& code);
};

} // namespace vanthu::http
