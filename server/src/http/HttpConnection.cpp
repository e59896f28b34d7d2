#include "http/HttpConnection.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/NumberParser.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace vanthu::http {

namespace {

/// A response whose status line carries the reason phrase of its code.
class ReasonedResponse : public Poco::Net::HTTPServerResponseImpl {
public:
    using HTTPServerResponseImpl::HTTPServerResponseImpl;

    std::ostream& send() override {
        fixReason();
        return HTTPServerResponseImpl::send();
    }
    void sendFile(const std::string& path, const std::string& mediaType) override {
        fixReason();
        HTTPServerResponseImpl::sendFile(path, mediaType);
    }
    void sendBuffer(const void* buffer, std::size_t length) override {
        fixReason();
        HTTPServerResponseImpl::sendBuffer(buffer, length);
    }

private:
    void fixReason() { setReason(getReasonForStatus(getStatus())); }
};

void sendError(Poco::Net::HTTPServerSession& session, Poco::Net::HTTPResponse::HTTPStatus status,
               const std::string& code, const std::string& message) {
    try {
        ReasonedResponse response(session);
        response.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
        response.setStatus(status);
        response.setKeepAlive(false);
        response.setContentType("application/json; charset=utf-8");
        if (status == Poco::Net::HTTPResponse::HTTP_TOO_MANY_REQUESTS) {
            response.set("Retry-After", "10");
        }
        const std::string body =
            R"({"error":{"code":")" + code + R"(","message":")" + message + R"("}})";
        response.sendBuffer(body.data(), body.size());
    } catch (const Poco::Exception&) {
        // the client is gone; nothing more to say
    }
    session.setKeepAlive(false);
}

bool isToken(const std::string& name) {
    static const std::string special = "!#$%&'*+-.^_`|~";
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || special.find(c) != std::string::npos;
    });
}

/// Whether the request is well-formed beyond what Poco checks: HTTP/1.0 or 1.1, header names
/// that are tokens, and an unambiguous body framing (Content-Length values all equal,
/// decimal, not negative, and not together with Transfer-Encoding).
bool framingIsSound(const Poco::Net::HTTPRequest& request) {
    const auto& version = request.getVersion();
    if (version != Poco::Net::HTTPMessage::HTTP_1_0 &&
        version != Poco::Net::HTTPMessage::HTTP_1_1) {
        return false;
    }
    for (const auto& [name, value] : request) {
        if (!isToken(name)) {
            return false;
        }
    }
    std::string length;
    int count = 0;
    for (auto it = request.find("Content-Length");
         it != request.end() && Poco::icompare(it->first, "Content-Length") == 0; ++it) {
        if (it->second.empty() || it->second.size() > 18 ||
            it->second.find_first_not_of("0123456789") != std::string::npos ||
            (count > 0 && it->second != length)) {
            return false;
        }
        length = it->second;
        ++count;
    }
    return count == 0 || !request.has("Transfer-Encoding");
}

} // namespace

HttpConnectionFactory::HttpConnectionFactory(Poco::Net::HTTPServerParams::Ptr params,
                                             Poco::Net::HTTPRequestHandlerFactory::Ptr handlers,
                                             ConnectionLimits limits)
    : params_(std::move(params)), handlers_(std::move(handlers)), limits_(limits),
      watch_(limits.watch) {}

Poco::Net::TCPServerConnection*
HttpConnectionFactory::createConnection(const Poco::Net::StreamSocket& socket) {
    return new HttpConnection(socket, *this);
}

void HttpConnectionFactory::stop() {
    stopped_ = true;
    watch_.closeWaiting();
}

void HttpConnection::run() {
    std::string address;
    try {
        address = socket().peerAddress().host().toString();
    } catch (const Poco::Exception&) {
        return; // gone already
    }
    ConnectionWatch::Watched watched(factory_.watch_, socket(), address);
    Poco::Net::HTTPServerSession session(socket(), factory_.params_);
    if (!watched.admitted()) {
        sendError(session, Poco::Net::HTTPResponse::HTTP_TOO_MANY_REQUESTS, "too-many-connections",
                  "Quá nhiều kết nối từ địa chỉ " + address + "; xin thử lại sau.");
        return;
    }
    const auto& limits = factory_.limits_;
    bool first = true;
    while (!factory_.stopped_) {
        watched.expect(ConnectionWatch::Phase::Waiting,
                       first ? limits.headers : limits.keepAlive + std::chrono::seconds(1));
        first = false;
        try {
            if (!session.hasMoreRequests()) {
                return;
            }
        } catch (const Poco::Exception&) {
            return;
        }
        watched.expect(ConnectionWatch::Phase::Headers, limits.headers);
        if (!serveOne(session, watched)) {
            return;
        }
    }
}

bool HttpConnection::serveOne(Poco::Net::HTTPServerSession& session,
                              ConnectionWatch::Watched& watched) {
    using Poco::Net::HTTPResponse;
    auto& params = *factory_.params_;
    ReasonedResponse response(session);
    std::unique_ptr<Poco::Net::HTTPServerRequestImpl> request;
    try {
        request = std::make_unique<Poco::Net::HTTPServerRequestImpl>(response, session, &params);
    } catch (const Poco::Net::NoMessageException&) {
        if (watched.cut()) {
            sendError(session, HTTPResponse::HTTP_REQUEST_TIMEOUT, "timeout",
                      "Yêu cầu đến quá chậm.");
        }
        return false;
    } catch (const Poco::Exception& e) {
        if (watched.cut()) {
            sendError(session, HTTPResponse::HTTP_REQUEST_TIMEOUT, "timeout",
                      "Yêu cầu đến quá chậm.");
        } else if (!dynamic_cast<const Poco::Net::NetException*>(&e) &&
                   !dynamic_cast<const Poco::TimeoutException*>(&e)) {
            sendError(session, HTTPResponse::HTTP_BAD_REQUEST, "bad-request",
                      "Dòng yêu cầu hoặc tiêu đề HTTP không hợp lệ.");
        }
        return false;
    }
    if (!framingIsSound(*request)) {
        sendError(session, HTTPResponse::HTTP_BAD_REQUEST, "bad-request",
                  "Phiên bản HTTP, tên tiêu đề hoặc Content-Length không hợp lệ.");
        return false;
    }
    watched.expect(ConnectionWatch::Phase::Body, factory_.limits_.body);
    response.setDate(Poco::Timestamp());
    response.setVersion(request->getVersion());
    response.setKeepAlive(params.getKeepAlive() && request->getKeepAlive() &&
                          session.canKeepAlive() && !factory_.stopped_);
    response.set("Server", params.getSoftwareVersion());
    try {
        std::unique_ptr<Poco::Net::HTTPRequestHandler> handler(
            factory_.handlers_->createRequestHandler(*request));
        if (request->getExpectContinue() && response.getStatus() == HTTPResponse::HTTP_OK) {
            response.sendContinue();
        }
        handler->handleRequest(*request, response);
    } catch (const std::exception&) {
        if (!response.sent()) {
            sendError(session, HTTPResponse::HTTP_INTERNAL_SERVER_ERROR, "internal",
                      "Máy chủ gặp lỗi, xin thử lại sau.");
        }
        return false;
    }
    const bool again = params.getKeepAlive() && response.getKeepAlive() && session.canKeepAlive() &&
                       !factory_.stopped_ && !watched.cut();
    session.setKeepAlive(again);
    return again;
}

} // namespace vanthu::http
