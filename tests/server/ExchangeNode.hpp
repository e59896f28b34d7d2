#pragma once
// One demo server of a two-server exchange test, in this process: a data folder with the demo
// data of a profile (Party or State offices here, the others known at the peer), the HTTP
// server on a loopback port chosen beforehand (so that each side's peers file can name the
// other before it runs), the exchange inbox behind POST /api/exchange/packages, and the outbox
// worker, driven by the test (deliverDue) instead of its thread.
#include <memory>
#include <string>

#include "ApiClient.hpp"
#include "TestSupport.hpp"
#include "http/AxisLink.hpp"
#include "http/DocmgmtBackend.hpp"
#include "http/ExchangeInbox.hpp"
#include "http/OutboxWorker.hpp"
#include "http/PeerDirectory.hpp"
#include "http/Server.hpp"
#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/IncomingFlow.hpp"

namespace vanthu::test {

/// A free loopback port (bound once and released).
unsigned short freePort();

class ExchangeNode {
public:
    /// Makes the data folder and demo data; the server is not started yet.
    ExchangeNode(const std::string& name, docmgmt::DemoProfile profile, unsigned short port);
    ~ExchangeNode();

    /// Writes the peers file naming `other` and starts the server (again after stop()).
    /// axisSection: the JSON of the peers file's "axis" section (docs/exchange.md), or "" for
    /// none; with one, the node has an AxisLink (driven by the test, no thread) and its outbox
    /// routes through it.
    void start(const ExchangeNode& other, const std::string& axisSection = "");
    void stop();

    const std::string& name() const { return name_; }
    unsigned short port() const { return port_; }
    const std::filesystem::path& dataDir() const { return dir_.path(); }
    http::DocmgmtBackend& backend() { return *backend_; }
    http::OutboxWorker& outbox() { return *worker_; }
    http::ExchangeInbox& inbox() { return *inbox_; }
    http::AxisLink& axis() { return *axis_; }
    docmgmt::IncomingFlow& incoming();

    ApiClient as(const std::string& username) const;
    docmgmt::Actor actor(const std::string& username);
    docmgmt::Office office(const std::string& code);
    /// The incoming documents of an office here.
    std::vector<docmgmt::IncomingDocument> incomingOf(const std::string& code);

private:
    std::string name_;
    unsigned short port_;
    TempDir dir_;
    std::unique_ptr<http::DocmgmtBackend> backend_;
    std::map<std::string, std::string> passwords_;
    std::unique_ptr<http::PeerDirectory> peers_;
    std::unique_ptr<http::ExchangeInbox> inbox_;
    std::unique_ptr<http::OutboxWorker> worker_;
    std::unique_ptr<http::AxisLink> axis_;
    std::unique_ptr<http::Server> server_;
    std::unique_ptr<docmgmt::AuditTrail> audit_;
    std::unique_ptr<docmgmt::IncomingFlow> incoming_;
};

} // namespace vanthu::test
