#pragma once
// One connection of the HTTP server, in place of Poco's HTTPServerConnection: the same loop
// over the requests of a kept-alive connection, plus what Poco 1.11 lacks:
// - deadlines for a request's headers and body that arriving bytes do not extend, and a cap
//   on connections per client address (ConnectionWatch);
// - a 400 with a JSON body for a broken request line or header, a bad or repeated
//   Content-Length, or Content-Length together with Transfer-Encoding (Poco closes the
//   connection without an answer for some of these), and a 408 when a deadline passes;
// - status lines with the reason phrase of their code (Poco keeps "OK" after setStatus()).
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>

#include <atomic>
#include <chrono>

#include "http/ConnectionWatch.hpp"

namespace vanthu::http {

struct ConnectionLimits {
    std::chrono::seconds headers{10};   ///< to receive a request's line and headers
    std::chrono::seconds body{60};      ///< to receive its body, from its last header
    std::chrono::seconds keepAlive{10}; ///< for the next request on a kept-alive connection
    ConnectionWatch::Limits watch;
};

class HttpConnectionFactory : public Poco::Net::TCPServerConnectionFactory {
public:
    HttpConnectionFactory(Poco::Net::HTTPServerParams::Ptr params,
                          Poco::Net::HTTPRequestHandlerFactory::Ptr handlers,
                          ConnectionLimits limits);

    Poco::Net::TCPServerConnection*
    createConnection(const Poco::Net::StreamSocket& socket) override;

    /// No more requests on any connection: those waiting for one end now, the others after
    /// their current request.
    void stop();
    /// Ends every connection now.
    void abort() { watch_.closeAll(); }
    /// Connections open now.
    std::size_t connections() const { return watch_.size(); }

private:
    friend class HttpConnection;
    Poco::Net::HTTPServerParams::Ptr params_;
    Poco::Net::HTTPRequestHandlerFactory::Ptr handlers_;
    ConnectionLimits limits_;
    ConnectionWatch watch_;
    std::atomic<bool> stopped_{false};
};

class HttpConnection : public Poco::Net::TCPServerConnection {
public:
    HttpConnection(const Poco::Net::StreamSocket& socket, HttpConnectionFactory& factory)
        : TCPServerConnection(socket), factory_(factory) {}

    void run() override;

private:
    /// Reads and answers one request; false when the connection is to end.
    bool serveOne(Poco::Net::HTTPServerSession& session, ConnectionWatch::Watched& watched);

    HttpConnectionFactory& factory_;
};

} // namespace vanthu::http
