#include "http/OpenApiHandler.hpp"

#include "http/ApiError.hpp"
#include "http/Embedded.hpp"

namespace vanthu::http {

void OpenApiHandler::serve(Exchange& exchange) {
    if (exchange.method != "GET" && exchange.method != "HEAD") {
        throw ApiError::methodNotAllowed();
    }
    auto& response = exchange.response;
    response.setContentType("application/json; charset=utf-8");
    response.set("Cache-Control", "no-cache");
    response.setContentLength64(static_cast<Poco::Int64>(embedded::openApiJson.size()));
    auto& out = response.send();
    if (exchange.method == "GET") {
        out.write(embedded::openApiJson.data(),
                  static_cast<std::streamsize>(embedded::openApiJson.size()));
    }
}

} // namespace vanthu::http
