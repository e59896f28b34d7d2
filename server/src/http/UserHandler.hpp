#pragma once
// GET /api/users?officeId= (administrators: any office; others: their own); administrators:
// POST /api/users, PUT /api/users/{id} (name, title, unit, role), POST /api/users/{id}/move,
// /deactivate, /activate and /password (docmgmt::Administration, every change audited).
#include "http/ApiHandler.hpp"

namespace vanthu::http {

class UserHandler : public ApiHandler {
public:
    using ApiHandler::ApiHandler;

protected:
    void serve(Exchange& exchange) override;

private:
    void list(Exchange& exchange);
    void create(Exchange& exchange);
    void edit(Exchange& exchange);
    /// move, deactivate, activate, password.
    void change(Exchange& exchange, const std::string& action);
    docmgmt::Administration administration(Exchange& exchange);
    void respond(Exchange& exchange, const User& user);
};

} // namespace vanthu::http
