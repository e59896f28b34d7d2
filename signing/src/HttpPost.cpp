#include "HttpPost.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/URI.h>

#include <istream>
#include <ostream>
#include <stdexcept>

namespace vanthu::signing {

std::string httpPost(const std::string& url, const std::string& contentType, std::string_view body,
                     int timeoutSeconds, const std::string& service,
                     const std::string& authorization) {
    std::string answer;
    try {
        const Poco::URI uri(url);
        if (uri.getScheme() != "http") {
            throw std::runtime_error("the URL of " + service + " must start with http:// (" + url +
                                     ")");
        }
        Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
        session.setTimeout(Poco::Timespan(timeoutSeconds, 0));
        Poco::Net::HTTPRequest post(Poco::Net::HTTPRequest::HTTP_POST,
                                    uri.getPathAndQuery().empty() ? "/" : uri.getPathAndQuery(),
                                    Poco::Net::HTTPMessage::HTTP_1_1);
        post.setContentType(contentType);
        if (!authorization.empty()) {
            post.set("Authorization", authorization);
        }
        post.setContentLength(static_cast<std::streamsize>(body.size()));
        session.sendRequest(post).write(body.data(), static_cast<std::streamsize>(body.size()));
        Poco::Net::HTTPResponse response;
        std::istream& in = session.receiveResponse(response);
        if (response.getStatus() != Poco::Net::HTTPResponse::HTTP_OK) {
            throw std::runtime_error(service + " at " + url + " answered HTTP " +
                                     std::to_string(static_cast<int>(response.getStatus())));
        }
        char buffer[8192];
        while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
            answer.append(buffer, static_cast<size_t>(in.gcount()));
            if (answer.size() > 1024 * 1024) {
                throw std::runtime_error("the answer of " + service + " is too large");
            }
        }
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("cannot reach " + service + " at " + url + ": " + e.displayText());
    }
    return answer;
}

} // namespace vanthu::signing
