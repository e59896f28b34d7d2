#pragma once
// GET /api/users?officeId= (administrators: any office; others: their own) and POST /api/users
// (administrators).
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
};

} // namespace vanthu::http
