#include "vanthu/signing/TimeStampServer.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Util/ServerApplication.h>

#include <csignal>
#include <istream>
#include <mutex>

namespace vanthu::signing {

namespace {

constexpr std::size_t kMaxRequest = 64 * 1024;

class Handler : public Poco::Net::HTTPRequestHandler {
public:
    Handler(TimeStampAuthority& authority, const OcspResponder* ocsp)
        : authority_(authority), ocsp_(ocsp) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
        using Poco::Net::HTTPResponse;
        if (request.getMethod() != Poco::Net::HTTPRequest::HTTP_POST) {
            response.setStatusAndReason(HTTPResponse::HTTP_METHOD_NOT_ALLOWED);
            response.send() << "POST an RFC 3161 time-stamp request"
                            << (ocsp_ ? " or an OCSP request\n" : "\n");
            return;
        }
        const bool isOcsp = ocsp_ && request.getContentType() == "application/ocsp-request";
        if (!isOcsp && request.getContentType() != "application/timestamp-query") {
            response.setStatusAndReason(HTTPResponse::HTTP_UNSUPPORTED_MEDIA_TYPE);
            response.send() << "expected Content-Type: application/timestamp-query"
                            << (ocsp_ ? " or application/ocsp-request\n" : "\n");
            return;
        }
        std::string body;
        char buffer[4096];
        std::istream& in = request.stream();
        while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
            body.append(buffer, static_cast<size_t>(in.gcount()));
            if (body.size() > kMaxRequest) {
                response.setStatusAndReason(HTTPResponse::HTTP_REQUEST_ENTITY_TOO_LARGE);
                response.send();
                return;
            }
        }
        std::string answer;
        try {
            answer = isOcsp ? ocsp_->respond(body) : authority_.respond(body);
        } catch (const std::exception&) {
            response.setStatusAndReason(HTTPResponse::HTTP_INTERNAL_SERVER_ERROR);
            response.send();
            return;
        }
        response.setContentType(isOcsp ? "application/ocsp-response"
                                       : "application/timestamp-reply");
        response.setContentLength(static_cast<std::streamsize>(answer.size()));
        response.send().write(answer.data(), static_cast<std::streamsize>(answer.size()));
    }

private:
    TimeStampAuthority& authority_;
    const OcspResponder* ocsp_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    Factory(TimeStampAuthority& authority, const OcspResponder* ocsp)
        : authority_(authority), ocsp_(ocsp) {}
    Poco::Net::HTTPRequestHandler*
    createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return newTimeStampRequestHandler(authority_, ocsp_);
    }

private:
    TimeStampAuthority& authority_;
    const OcspResponder* ocsp_;
};

} // namespace

Poco::Net::HTTPRequestHandler* newTimeStampRequestHandler(TimeStampAuthority& authority,
                                                          const OcspResponder* ocsp) {
    return new Handler(authority, ocsp);
}

struct TimeStampServer::Impl {
    std::unique_ptr<Poco::Net::HTTPServer> server;
    unsigned short port = 0;
};

TimeStampServer::TimeStampServer(TimeStampAuthority& authority, unsigned short port, bool bindAll,
                                 const OcspResponder* ocsp)
    : impl_(std::make_unique<Impl>()) {
    Poco::Net::ServerSocket socket(
        Poco::Net::SocketAddress(bindAll ? "0.0.0.0" : "127.0.0.1", port));
    impl_->port = socket.address().port();
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(4);
    params->setKeepAlive(false);
    impl_->server =
        std::make_unique<Poco::Net::HTTPServer>(new Factory(authority, ocsp), socket, params);
    impl_->server->start();
}

TimeStampServer::~TimeStampServer() {
    if (impl_->server) {
        impl_->server->stopAll(true);
    }
}

unsigned short TimeStampServer::port() const {
    return impl_->port;
}

void TimeStampServer::waitForTermination() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    int signal = 0;
    sigwait(&set, &signal);
}

} // namespace vanthu::signing
