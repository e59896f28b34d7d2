#pragma once
// The web UI's files from the bundle folder (server/web/dist), with their content types. Paths
// without an extension get index.html (the UI routes them). Without a bundle, "/" answers a
// placeholder page compiled into the binary.
#include <Poco/Net/HTTPRequestHandler.h>

#include <filesystem>
#include <optional>
#include <string>

#include "http/ServerContext.hpp"

namespace vanthu::http {

/// The content type for a file name's extension ("application/octet-stream" when unknown).
std::string contentTypeFor(const std::filesystem::path& file);

class StaticFileHandler : public Poco::Net::HTTPRequestHandler {
public:
    explicit StaticFileHandler(ServerContext& context) : context_(context) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override;

private:
    /// The file for a decoded URL path inside the web root, or nothing.
    std::optional<std::filesystem::path> resolve(const std::string& urlPath) const;
    void sendText(Poco::Net::HTTPServerResponse& response, int status, const std::string& type,
                  std::string_view text, bool head);

    ServerContext& context_;
};

} // namespace vanthu::http
