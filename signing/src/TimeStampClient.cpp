#include "vanthu/signing/TimeStampClient.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/URI.h>

#include <istream>
#include <ostream>

#include "vanthu/signing/TimeStampAuthority.hpp"

namespace vanthu::signing {

TimeStampClient::TimeStampClient(std::string url, int timeoutSeconds)
    : url_(std::move(url)), timeoutSeconds_(timeoutSeconds) {}

Bytes TimeStampClient::timeStamp(std::string_view sha256Digest) {
    Bytes nonce;
    const Bytes request = makeTimeStampRequest(sha256Digest, &nonce);
    Bytes answer;
    try {
        const Poco::URI uri(url_);
        if (uri.getScheme() != "http") {
            throw std::runtime_error("the time-stamp URL must start with http:// (" + url_ + ")");
        }
        Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
        session.setTimeout(Poco::Timespan(timeoutSeconds_, 0));
        Poco::Net::HTTPRequest post(Poco::Net::HTTPRequest::HTTP_POST,
                                    uri.getPathAndQuery().empty() ? "/" : uri.getPathAndQuery(),
                                    Poco::Net::HTTPMessage::HTTP_1_1);
        post.setContentType("application/timestamp-query");
        post.setContentLength(static_cast<std::streamsize>(request.size()));
        session.sendRequest(post).write(request.data(),
                                        static_cast<std::streamsize>(request.size()));
        Poco::Net::HTTPResponse response;
        std::istream& body = session.receiveResponse(response);
        if (response.getStatus() != Poco::Net::HTTPResponse::HTTP_OK) {
            throw std::runtime_error("the time-stamp authority at " + url_ + " answered HTTP " +
                                     std::to_string(static_cast<int>(response.getStatus())));
        }
        char buffer[8192];
        while (body.read(buffer, sizeof buffer) || body.gcount() > 0) {
            answer.append(buffer, static_cast<size_t>(body.gcount()));
            if (answer.size() > 1024 * 1024) {
                throw std::runtime_error("the time-stamp authority's answer is too large");
            }
        }
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("cannot reach the time-stamp authority at " + url_ + ": " +
                                 e.displayText());
    }
    return tokenFromResponse(answer, sha256Digest, nonce);
}

} // namespace vanthu::signing
