#pragma once
// Notices of access-right changes (Phụ lục VI III.3c), for administrators:
// GET /api/access-notices[?all=1] and POST /api/access-notices/{id}/confirm
// (docmgmt::Administration: each notice waits until an administrator confirms it).
#include "http/ApiHandler.hpp"

namespace vanthu::http {

class AccessNoticeHandler : public ApiHandler {
public:
    using ApiHandler::ApiHandler;

protected:
    void serve(Exchange& exchange) override;

private:
    void list(Exchange& exchange);
    void confirm(Exchange& exchange);
    docmgmt::Administration administration(Exchange& exchange);
};

/// A notice as the API shows it, with the user's name and the office's (from offices, read
/// once per answer).
Poco::JSON::Object::Ptr accessNoticeJson(Backend& backend, const std::vector<Office>& offices,
                                         const docmgmt::AccessNotice& notice);

} // namespace vanthu::http
