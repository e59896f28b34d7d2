#pragma once
// An RFC 3161 client over HTTP (POST application/timestamp-query).
#include <string>

#include "vanthu/signing/TimeStampSource.hpp"

namespace vanthu::signing {

class TimeStampClient : public TimeStampSource {
public:
    /// url: http://host[:port]/path (https is not supported yet).
    explicit TimeStampClient(std::string url, int timeoutSeconds = 15);
    Bytes timeStamp(std::string_view sha256Digest) override;
    /// HTTP Basic credentials for a TSA that asks for them (RFC 7617, UTF-8).
    void setCredentials(const std::string& username, const std::string& password);

private:
    std::string url_;
    int timeoutSeconds_;
    std::string authorization_;
};

} // namespace vanthu::signing
