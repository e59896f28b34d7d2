#pragma once
// POST /api/session (sign in), DELETE /api/session (sign out), GET /api/me,
// POST /api/me/password (the user's own password change), GET /api/health.
#include "http/ApiHandler.hpp"

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
    void me(Exchange& exchange);
    void changePassword(Exchange& exchange);
};

/// The name of the user's office, "" when it is unknown.
std::string officeNameOf(Backend& backend, const User& user);

} // namespace vanthu::http
