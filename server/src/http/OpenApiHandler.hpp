#pragma once
// GET /api/openapi.json: the OpenAPI 3 description of the API, answered without a session.
#include "http/ApiHandler.hpp"

namespace vanthu::http {

class OpenApiHandler : public ApiHandler {
public:
    using ApiHandler::ApiHandler;

protected:
    void serve(Exchange& exchange) override;
    bool isPublic(const Exchange&) const override { return true; }
};

} // namespace vanthu::http
