#pragma once
// POST /api/session (sign in), DELETE /api/session (sign out), GET /api/me,
// POST /api/me/password (the user's own password change), GET /api/health.
#include "http/ApiHandler.hpp"
#include "http/SignInThrottle.hpp"

namespace vanthu::http {

class SessionHandler : public ApiHandler {
public:
    using ApiHandler::ApiHandler;

protected:
    void serve(Exchange& exchange) override;
    bool isPublic(const Exchange& exchange) const override;
    /// Sign-in, sign-out, /api/me and the password change itself.
    bool servesBeforePasswordChange(const Exchange&) const override { return true; }

private:
    void signIn(Exchange& exchange);
    void signOut(Exchange& exchange);
    /// A notice to the account's office's administrators when a failure spends a pair's checks
    /// or makes the account guarded (docmgmt::Administration::noticeRepeatedSignInFailures).
    void noticeRepeatedFailures(const std::string& account, const std::string& address,
                                SignInThrottle::Attempt::Failures failures);
    void me(Exchange& exchange);
    void changePassword(Exchange& exchange);
};

/// The name of the user's office, "" when it is unknown.
std::string officeNameOf(Backend& backend, const User& user);

} // namespace vanthu::http
