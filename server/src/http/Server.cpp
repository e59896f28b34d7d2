#include "http/Server.hpp"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/ThreadPool.h>
#include <pthread.h>

#include <algorithm>
#include <csignal>
#include <mutex>
#include <thread>

#include "http/HttpConnection.hpp"
#include "http/Router.hpp"
#include "http/ServerContext.hpp"

namespace vanthu::http {

namespace {

void initializeSslOnce() {
    static std::once_flag once;
    std::call_once(once, [] { Poco::Net::initializeSSL(); });
}

Poco::Net::ServerSocket bindSocket(const ServerConfig& config) {
    const Poco::Net::SocketAddress address(config.host, config.port);
    if (!config.tls()) {
        return Poco::Net::ServerSocket(address, 128);
    }
    initializeSslOnce();
    Poco::Net::Context::Params params;
    params.privateKeyFile = config.tlsKey.string();
    params.certificateFile = config.tlsCertificate.string();
    params.verificationMode = Poco::Net::Context::VERIFY_NONE;
    params.cipherList = "HIGH:!aNULL:!MD5:!RC4";
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    return Poco::Net::SecureServerSocket(address, 128, context);
}

Poco::Net::HTTPServerParams::Ptr serverParams(const ServerConfig& config) {
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setServerName("vanthu");
    params->setSoftwareVersion("vanthu");
    params->setMaxThreads(config.maxThreads);
    params->setMaxQueued(config.maxQueued);
    params->setTimeout(Poco::Timespan(config.requestTimeout.count(), 0));
    params->setKeepAlive(true);
    params->setMaxKeepAliveRequests(10000);
    params->setKeepAliveTimeout(Poco::Timespan(config.keepAliveTimeout.count(), 0));
    return params;
}

ConnectionLimits connectionLimits(const ServerConfig& config) {
    ConnectionLimits limits;
    limits.headers = config.headerTimeout;
    limits.body = config.bodyTimeout;
    limits.keepAlive = config.keepAliveTimeout;
    limits.watch.connectionsPerAddress = config.maxConnectionsPerAddress;
    // Under 8 threads the pressure rule would cut the idle keep-alive connections of a
    // single client: off.
    limits.watch.busyThreads = config.maxThreads >= 8 ? config.maxThreads * 3 / 4 : 0;
    return limits;
}

} // namespace

struct Server::Impl {
    Impl(ServerConfig config, Backend& backend)
        : context(std::move(config), backend), socket(bindSocket(context.config)),
          pool(2, context.config.maxThreads + 1), params(serverParams(context.config)),
          connections(new HttpConnectionFactory(params, new Router(context),
                                                connectionLimits(context.config))),
          server(connections, pool, socket, params) {}

    ServerContext context;
    Poco::Net::ServerSocket socket;
    Poco::ThreadPool pool;
    Poco::Net::HTTPServerParams::Ptr params;
    Poco::SharedPtr<HttpConnectionFactory> connections;
    Poco::Net::TCPServer server;
    bool running = true;
};

Server::Server(ServerConfig config, Backend& backend)
    : impl_(std::make_unique<Impl>(std::move(config), backend)) {
    impl_->server.start();
}

Server::~Server() {
    stop();
}

unsigned short Server::port() const {
    return impl_->socket.address().port();
}

std::string Server::url() const {
    return std::string(impl_->context.config.tls() ? "https" : "http") + "://" +
           impl_->context.config.host + ":" + std::to_string(port());
}

void Server::stop(std::chrono::milliseconds grace) {
    if (!impl_->running) {
        return;
    }
    impl_->running = false;
    impl_->server.stop();
    impl_->connections->stop();
    impl_->context.longWork.close(); // waiting long works answer 503 at once
    const auto deadline = std::chrono::steady_clock::now() + grace;
    while (impl_->connections->connections() > 0 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    impl_->connections->abort();
    impl_->context.longWork.stop();
    impl_->pool.joinAll();
}

void blockTerminationSignals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int waitForTerminationSignal() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    int signal = 0;
    while (sigwait(&set, &signal) != 0) {
    }
    return signal;
}

} // namespace vanthu::http
