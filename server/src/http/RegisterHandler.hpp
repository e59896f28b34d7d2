#pragma once
// GET /api/registers/outgoing?year= (JSON) and /api/registers/outgoing.csv?year= (CSV, UTF-8 with
// a BOM): the office's outgoing register (sổ đăng ký văn bản đi) of a year.
#include "http/ApiHandler.hpp"

namespace vanthu::http {

class RegisterHandler : public ApiHandler {
public:
    using ApiHandler::ApiHandler;

protected:
    void serve(Exchange& exchange) override;
};

} // namespace vanthu::http
