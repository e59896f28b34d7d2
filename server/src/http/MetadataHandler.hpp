#pragma once
// Metadata fields an office adds (NĐ 30 Phụ lục VI III.7c, docmgmt::MetadataFields):
// GET /api/metadata-fields[?officeId=] (the office's fields; the user's own office by default),
// POST /api/metadata-fields and DELETE /api/metadata-fields/{id} (administrators of the office);
// GET and PUT /api/metadata/{outgoing|incoming|imported}/{id} (a document's values, read by who
// may read it, written by its author while a draft, or by the office's clerks and, for incoming
// letters, leaders).
#include "http/ApiHandler.hpp"

namespace vanthu::http {

class MetadataHandler : public ApiHandler {
public:
    using ApiHandler::ApiHandler;

protected:
    void serve(Exchange& exchange) override;

private:
    void fields(Exchange& exchange);
    void values(Exchange& exchange);
};

} // namespace vanthu::http
