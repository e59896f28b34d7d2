#pragma once
// GET /api/offices and GET /api/document-types (the types of the user's office system).
#include "http/ApiHandler.hpp"

namespace vanthu::http {

class OfficeHandler : public ApiHandler {
public:
    using ApiHandler::ApiHandler;

protected:
    void serve(Exchange& exchange) override;

private:
    void offices(Exchange& exchange);
    void documentTypes(Exchange& exchange);
};

} // namespace vanthu::http
