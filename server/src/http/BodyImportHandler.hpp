#pragma once
// POST /api/body-import: a .docx or .odt sent as the request body becomes body markup for the
// editor (templates::importWordBody, through pandoc on the long-work pool): {"markup",
// "warnings"}; a file that cannot become a body (a table, not Word or LibreOffice, too large) is
// a 422 naming why. Nothing is stored: the editor puts the markup into the draft it is writing.
#include "http/ApiHandler.hpp"

namespace vanthu::http {

class BodyImportHandler : public ApiHandler {
public:
    using ApiHandler::ApiHandler;

protected:
    void serve(Exchange& exchange) override;
};

} // namespace vanthu::http
