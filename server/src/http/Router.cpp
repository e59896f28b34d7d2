#include "http/Router.hpp"

#include <Poco/Net/HTTPServerRequest.h>

#include <string_view>

#include "http/AccessNoticeHandler.hpp"
#include "http/AuditHandler.hpp"
#include "http/AxisHandler.hpp"
#include "http/BodyImportHandler.hpp"
#include "http/CaseFileHandler.hpp"
#include "http/DocumentHandler.hpp"
#include "http/ExchangeHandler.hpp"
#include "http/ImportedHandler.hpp"
#include "http/IncomingHandler.hpp"
#include "http/KeysHandler.hpp"
#include "http/MailHandler.hpp"
#include "http/MetadataHandler.hpp"
#include "http/OfficeHandler.hpp"
#include "http/OpenApiHandler.hpp"
#include "http/PeerHandler.hpp"
#include "http/RegisterHandler.hpp"
#include "http/ReportHandler.hpp"
#include "http/SavedSearchHandler.hpp"
#include "http/SearchHandler.hpp"
#include "http/SessionHandler.hpp"
#include "http/SetupHandler.hpp"
#include "http/StaticFileHandler.hpp"
#include "http/UserHandler.hpp"
#include "vanthu/signing/TimeStampServer.hpp"

namespace vanthu::http {

namespace {

/// The resource name of an /api path ("/api/documents/7" → "documents"), or nothing.
std::optional<std::string_view> apiResource(std::string_view uri) {
    static constexpr std::string_view prefix = "/api/";
    if (uri.substr(0, prefix.size()) != prefix) {
        return uri == "/api" ? std::optional<std::string_view>("") : std::nullopt;
    }
    uri.remove_prefix(prefix.size());
    return uri.substr(0, uri.find_first_of("/?#"));
}

} // namespace

Poco::Net::HTTPRequestHandler*
Router::createRequestHandler(const Poco::Net::HTTPServerRequest& request) {
    if (context_.config.timeStampAuthority && request.getURI() == "/tsa") { // --tsa-p12
        return signing::newTimeStampRequestHandler(*context_.config.timeStampAuthority);
    }
    const auto resource = apiResource(request.getURI());
    if (!resource) {
        return new StaticFileHandler(context_);
    }
    if (MailHandler::answers(request.getURI())) { // /api/me/mail-preferences, /api/smtp…
        return new MailHandler(context_);
    }
    if (*resource == "session" || *resource == "me" || *resource == "health") {
        return new SessionHandler(context_);
    }
    if (*resource == "setup") {
        return new SetupHandler(context_);
    }
    if (*resource == "openapi.json") {
        return new OpenApiHandler(context_);
    }
    if (*resource == "offices" || *resource == "document-types" || *resource == "field-limits") {
        return new OfficeHandler(context_);
    }
    if (*resource == "access-notices") {
        return new AccessNoticeHandler(context_);
    }
    if (*resource == "users") {
        return new UserHandler(context_);
    }
    if (*resource == "incoming") {
        return new IncomingHandler(context_);
    }
    if (ReportHandler::answers(request.getURI())) { // /api/reports/…, /api/registers/incoming…
        return new ReportHandler(context_);
    }
    if (*resource == "documents" || *resource == "issue-queue") {
        return new DocumentHandler(context_);
    }
    if (*resource == "casefiles" || *resource == "file-list") {
        return new CaseFileHandler(context_);
    }
    if (*resource == "registers") {
        return new RegisterHandler(context_);
    }
    if (*resource == "audit") {
        return new AuditHandler(context_);
    }
    if (*resource == "keys") {
        return new KeysHandler(context_);
    }
    if (PeerHandler::answers(request.getURI())) { // /api/exchange/peers…: administrators
        return new PeerHandler(context_);
    }
    if (*resource == "exchange") { // /api/exchange/packages: peer servers
        return new ExchangeHandler(context_);
    }
    if (*resource == "axis") {
        return new AxisHandler(context_);
    }
    if (*resource == "search") {
        return new SearchHandler(context_);
    }
    if (*resource == "saved-searches") {
        return new SavedSearchHandler(context_);
    }
    if (*resource == "metadata-fields" || *resource == "metadata") {
        return new MetadataHandler(context_);
    }
    if (*resource == "imported") {
        return new ImportedHandler(context_);
    }
    if (*resource == "body-import") {
        return new BodyImportHandler(context_);
    }
    return new UnknownApiHandler(context_);
}

} // namespace vanthu::http
