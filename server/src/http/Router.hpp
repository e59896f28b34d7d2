#pragma once
// Chooses the handler for a request: /api/<resource>... to the resource's handler, everything
// else to the web UI's files.
#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include "http/ServerContext.hpp"

namespace vanthu::http {

class Router : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit Router(ServerContext& context) : context_(context) {}

    Poco::Net::HTTPRequestHandler*
    createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

private:
    ServerContext& context_;
};

} // namespace vanthu::http
