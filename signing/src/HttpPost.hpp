#pragma once
// One HTTP POST with Poco (http:// only), for the RFC 3161 and OCSP clients.
#include <string>
#include <string_view>

namespace vanthu::signing {

/// POSTs body to url and returns the answer's body (at most 1 MiB). service names the other end
/// in error messages ("the time-stamp authority"); authorization, when not empty, is sent as the
/// Authorization header. Throws std::runtime_error.
std::string httpPost(const std::string& url, const std::string& contentType, std::string_view body,
                     int timeoutSeconds, const std::string& service,
                     const std::string& authorization = "");

} // namespace vanthu::signing
