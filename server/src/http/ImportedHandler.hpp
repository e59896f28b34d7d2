#pragma once
// Imported documents (văn bản nhập từ hệ thống cũ, `vanthu import`), read only: GET
// /api/imported/{id} (its metadata) and GET /api/imported/{id}/pdf, for the users of its office
// (docmgmt::canSeeImported), so that a search hit or a case file's item opens.
#include "http/ApiHandler.hpp"

namespace vanthu::http {

class ImportedHandler : public ApiHandler {
public:
    using ApiHandler::ApiHandler;

protected:
    void serve(Exchange& exchange) override;
};

} // namespace vanthu::http
