#pragma once
// Saved searches (NĐ 30 Phụ lục VI 6e, 6đ): GET and POST /api/saved-searches, GET, PUT and
// DELETE /api/saved-searches/{id} (docmgmt::SavedSearches: a user's own, or shared with the
// office; only the owner changes one).
#include "http/ApiHandler.hpp"

namespace vanthu::http {

class SavedSearchHandler : public ApiHandler {
public:
    using ApiHandler::ApiHandler;

protected:
    void serve(Exchange& exchange) override;
};

} // namespace vanthu::http
