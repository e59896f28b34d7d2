#include "ExchangeNode.hpp"

#include <Poco/Net/ServerSocket.h>

#include "http/ExchangeCertificates.hpp"
#include "vanthu/docmgmt/Storage.hpp"

namespace vanthu::test {

unsigned short freePort() {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    return socket.address().port();
}

ExchangeNode::ExchangeNode(const std::string& name, docmgmt::DemoProfile profile,
                           unsigned short port)
    : name_(name), port_(port) {
    backend_ = std::make_unique<http::DocmgmtBackend>(dir_.path());
    docmgmt::DemoDataOptions options;
    options.profile = profile;
    options.ecdsa = true;
    for (const auto& account : backend_->createDemoData(options).accounts) {
        passwords_[account.username] = account.password;
    }
    http::writeExchangeCertificates(backend_->storage(), "vanthu",
                                    dir_.path() / "pki" / "exchange-certificates.pem");
}

ExchangeNode::~ExchangeNode() {
    stop();
}

void ExchangeNode::start(const ExchangeNode& other, const std::string& axisSection) {
    axis_.reset();
    const auto file = dir_.path() / "peers.json";
    writeFile(file, "{\"self\": \"" + name_ + "\", \"peers\": [{\"name\": \"" + other.name() +
                        "\", \"url\": \"http://127.0.0.1:" + std::to_string(other.port()) +
                        "\", \"certificate\": \"" +
                        (other.dataDir() / "pki" / "exchange-certificates.pem").string() +
                        "\", \"trustAnchors\": \"" + (other.dataDir() / "pki" / "ca.pem").string() +
                        "\"}]" + (axisSection.empty() ? "" : ", \"axis\": " + axisSection) + "}");
    peers_ = http::PeerDirectory::load(file);
    http::ServerConfig config;
    config.port = port_;
    config.maxThreads = 4;
    config.loginMaxFailures = 1000;
    inbox_ = std::make_unique<http::ExchangeInbox>(*peers_, backend_->storage(), backend_->blobs(),
                                                   backend_->trustAnchors(), config.maxBodyBytes);
    config.exchangeInbox = inbox_.get();
    config.exchangePeers = peers_.get();
    http::OutboxSettings settings;
    settings.firstRetry = std::chrono::seconds(1);
    settings.maxRetry = std::chrono::seconds(1);
    settings.timeout = std::chrono::seconds(10);
    worker_ = std::make_unique<http::OutboxWorker>(*peers_, backend_->storage(), backend_->blobs(),
                                                   settings);
    if (const auto* route = peers_->axis()) {
        axis_ = std::make_unique<http::AxisLink>(*route, *inbox_, std::chrono::seconds(1));
        worker_->routeThroughAxis(axis_.get());
    }
    server_ = std::make_unique<http::Server>(config, *backend_);
}

void ExchangeNode::stop() {
    if (server_) {
        server_->stop(std::chrono::seconds(1));
        server_.reset();
    }
}

docmgmt::IncomingFlow& ExchangeNode::incoming() {
    if (!incoming_) {
        audit_ = std::make_unique<docmgmt::AuditTrail>(backend_->storage());
        docmgmt::IncomingSettings settings;
        settings.verification.sandboxed = false;
        incoming_ = std::make_unique<docmgmt::IncomingFlow>(backend_->storage(), backend_->blobs(),
                                                            *audit_, *backend_->flow(), settings);
    }
    return *incoming_;
}

ApiClient ExchangeNode::as(const std::string& username) const {
    ApiClient client(port_);
    client.signIn(username, passwords_.at(username));
    return client;
}

docmgmt::Actor ExchangeNode::actor(const std::string& username) {
    for (const auto& user : backend_->users(std::nullopt)) {
        if (user.username == username) {
            return docmgmt::Actor{user, "127.0.0.1"};
        }
    }
    throw std::runtime_error("no user " + username);
}

docmgmt::Office ExchangeNode::office(const std::string& code) {
    for (const auto& office : backend_->offices()) {
        if (office.code == code) {
            return office;
        }
    }
    throw std::runtime_error("no office " + code);
}

std::vector<docmgmt::IncomingDocument> ExchangeNode::incomingOf(const std::string& code) {
    return backend_->storage().incomingDocuments(office(code).id);
}

} // namespace vanthu::test
