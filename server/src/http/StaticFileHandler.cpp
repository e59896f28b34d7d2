#include "http/StaticFileHandler.hpp"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/URI.h>

#include <algorithm>
#include <map>

#include "http/ApiHandler.hpp"
#include "http/Embedded.hpp"

namespace vanthu::http {

std::string contentTypeFor(const std::filesystem::path& file) {
    static const std::map<std::string, std::string> types = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json; charset=utf-8"},
        {".map", "application/json; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".ico", "image/x-icon"},
        {".webp", "image/webp"},
        {".woff", "font/woff"},
        {".woff2", "font/woff2"},
        {".ttf", "font/ttf"},
        {".otf", "font/otf"},
        {".pdf", "application/pdf"},
        {".wasm", "application/wasm"},
        {".txt", "text/plain; charset=utf-8"},
        {".bcmap", "application/octet-stream"},
        {".pfb", "application/octet-stream"},
    };
    const auto found = types.find(file.extension().string());
    return found == types.end() ? "application/octet-stream" : found->second;
}

std::optional<std::filesystem::path> StaticFileHandler::resolve(const std::string& urlPath) const {
    const auto& root = context_.config.webRoot;
    if (root.empty() || !std::filesystem::is_directory(root)) {
        return std::nullopt;
    }
    std::filesystem::path relative;
    std::size_t start = 0;
    while (start < urlPath.size()) {
        auto end = urlPath.find('/', start);
        if (end == std::string::npos) {
            end = urlPath.size();
        }
        const auto piece = urlPath.substr(start, end - start);
        if (!piece.empty()) {
            if (piece.front() == '.' || piece.find('\\') != std::string::npos ||
                piece.find('\0') != std::string::npos) {
                return std::nullopt; // no "..", no hidden files
            }
            relative /= piece;
        }
        start = end + 1;
    }
    std::error_code error;
    const auto realRoot = std::filesystem::canonical(root, error);
    if (error) {
        return std::nullopt;
    }
    // Only files whose real path (symbolic links followed) lies inside the web root.
    const auto inside = [&](const std::filesystem::path& candidate) {
        std::error_code failed;
        const auto real = std::filesystem::canonical(candidate, failed);
        if (failed || !std::filesystem::is_regular_file(real, failed)) {
            return false;
        }
        const auto [rootEnd, realEnd] =
            std::mismatch(realRoot.begin(), realRoot.end(), real.begin(), real.end());
        return rootEnd == realRoot.end();
    };
    auto file = root / relative;
    if (std::filesystem::is_directory(file, error)) {
        file /= "index.html";
    }
    if (inside(file)) {
        return file;
    }
    if (!relative.has_extension() && inside(root / "index.html")) {
        return root / "index.html";
    }
    return std::nullopt;
}

void StaticFileHandler::sendText(Poco::Net::HTTPServerResponse& response, int status,
                                 const std::string& type, std::string_view text, bool head) {
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentType(type);
    response.setContentLength64(static_cast<Poco::Int64>(text.size()));
    auto& out = response.send();
    if (!head) {
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
    }
}

void StaticFileHandler::handleRequest(Poco::Net::HTTPServerRequest& request,
                                      Poco::Net::HTTPServerResponse& response) {
    addSecurityHeaders(response, context_.config);
    const bool head = request.getMethod() == "HEAD";
    if (request.getMethod() != "GET" && !head) {
        response.set("Allow", "GET, HEAD");
        sendText(response, 405, "text/plain; charset=utf-8", "Phương thức không được hỗ trợ.\n",
                 head);
        return;
    }
    std::string path;
    try {
        path = Poco::URI(request.getURI()).getPath();
    } catch (const Poco::Exception&) {
        sendText(response, 400, "text/plain; charset=utf-8", "Địa chỉ không hợp lệ.\n", head);
        return;
    }
    const auto file = resolve(path);
    if (file) {
        const bool entry = file->filename() == "index.html";
        response.set("Cache-Control", entry ? "no-cache" : "public, max-age=3600");
        if (head) {
            response.setContentType(contentTypeFor(*file));
            response.setContentLength64(
                static_cast<Poco::Int64>(std::filesystem::file_size(*file)));
            response.send();
        } else {
            response.sendFile(file->string(), contentTypeFor(*file));
        }
        return;
    }
    if (path == "/" || path == "/index.html") {
        response.set("Cache-Control", "no-cache");
        sendText(response, 200, "text/html; charset=utf-8", embedded::placeholderHtml, head);
        return;
    }
    sendText(response, 404, "text/plain; charset=utf-8", "Không tìm thấy trang này.\n", head);
}

} // namespace vanthu::http
