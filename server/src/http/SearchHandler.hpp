#pragma once
// /api/search: full-text search over every document the user may see (docs/search.md), fast
// enough to answer as the user types. The index and the access rules are docmgmt's
// (DocumentIndexer); this class translates the query string and writes the answer.
#include "http/ApiHandler.hpp"

namespace vanthu::http {

class SearchHandler : public ApiHandler {
public:
    using ApiHandler::ApiHandler;

protected:
    void serve(Exchange& exchange) override;

private:
    /// GET /api/search/export?format=docx|pdf&columns=…: the hits as a table (SearchExport).
    void exportResults(Exchange& exchange, docmgmt::DocumentIndexer& indexer, const User& user);
};

} // namespace vanthu::http
