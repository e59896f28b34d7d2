#include "vanthu/signing/TimeStampClient.hpp"

#include "HttpPost.hpp"
#include "vanthu/signing/Base64.hpp"
#include "vanthu/signing/TimeStampAuthority.hpp"

namespace vanthu::signing {

TimeStampClient::TimeStampClient(std::string url, int timeoutSeconds)
    : url_(std::move(url)), timeoutSeconds_(timeoutSeconds) {}

Bytes TimeStampClient::timeStamp(std::string_view sha256Digest) {
    Bytes nonce;
    const Bytes request = makeTimeStampRequest(sha256Digest, &nonce);
    const Bytes answer = httpPost(url_, "application/timestamp-query", request, timeoutSeconds_,
                                  "the time-stamp authority", authorization_);
    return tokenFromResponse(answer, sha256Digest, nonce);
}

void TimeStampClient::setCredentials(const std::string& username, const std::string& password) {
    authorization_ = username.empty() && password.empty()
                         ? std::string()
                         : "Basic " + toBase64(username + ":" + password);
}

} // namespace vanthu::signing
