#pragma once
// The outbox worker of `vanthu serve`: a thread that sends due items of docmgmt's exchange
// outbox to peer servers (POST <peer>/api/exchange/packages), each package built from the
// outbox item and signed with the seal key of the office it comes from. A failure (the peer
// down, a refusal) is kept with the item and retried later, waiting twice as long each time
// up to a limit, so a peer that was down gets the package when it is back (docs/exchange.md).
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "http/BackgroundLoop.hpp"

#include "vanthu/docmgmt/BlobStore.hpp"
#include "vanthu/docmgmt/ExchangeOutbox.hpp"
#include "vanthu/docmgmt/Storage.hpp"
#include "vanthu/signing/SigningKey.hpp"

namespace vanthu::docmgmt {
class KeyRing;
}

namespace vanthu::http {

class PeerDirectory;
class AxisLink;

struct OutboxSettings {
    std::chrono::milliseconds poll{500}; ///< how often the outbox is looked at
    std::chrono::seconds firstRetry{2};  ///< wait after the first failure, doubled each time
    std::chrono::seconds maxRetry{300};  ///< longest wait between attempts
    std::chrono::seconds timeout{30};    ///< per HTTP request
    std::string keyPassword = "vanthu";  ///< of the offices' seal PKCS#12 files set up by hand
    /// The installation's keys: an office's imported seal signs its packages (must outlive the
    /// worker); unset: Office::sealKey with keyPassword.
    const docmgmt::KeyRing* keys = nullptr;
    int batch = 20; ///< items per round
};

/// One delivery attempt's outcome.
struct DeliveryResult {
    bool delivered = false;
    std::string error; ///< empty when delivered
};

class OutboxWorker {
public:
    OutboxWorker(const PeerDirectory& peers, docmgmt::Storage& storage, docmgmt::BlobStore& blobs,
                 OutboxSettings settings);
    OutboxWorker(const OutboxWorker&) = delete;
    OutboxWorker& operator=(const OutboxWorker&) = delete;

    void start() { loop_.start(); }
    /// Lets the current round finish, then ends the thread.
    void stop() { loop_.stop(); }

    /// Sends every item due now; returns how many were delivered. Safe to call while the
    /// thread runs (rounds take turns).
    int deliverDue();
    /// The signed package of an item (what deliverDue sends to a vanthu peer).
    std::string packageFor(const docmgmt::OutboxItem& item);

    /// Items the axis reaches (AxisLink::reaches) are sent through it, unsigned, instead of to
    /// a peer; null (the default): every item goes to its peer. Set before start().
    void routeThroughAxis(AxisLink* axis) { axis_ = axis; }

private:
    /// An item's package and the office it is sent from; signed with that office's seal when
    /// `sealed`. A document package names every office of `together` in its To (one package
    /// for all the recipients of the axis), the item's own receiver when it is empty.
    std::pair<std::string, std::string>
    build(const docmgmt::OutboxItem& item, bool sealed,
          const std::vector<docmgmt::OutboxItem>& together = {});
    /// The items that go through the axis in one package with `item`: for a document, every
    /// item of the same document (and the same replaced letter) not sent yet that the axis
    /// reaches; for a status, the item alone.
    std::vector<docmgmt::OutboxItem> axisPackageOf(const docmgmt::OutboxItem& item);
    /// Sends one package for `items` through the axis; the axis's DocId, or the error.
    std::pair<std::string, std::string>
    deliverThroughAxis(const std::vector<docmgmt::OutboxItem>& items);
    /// One round; `stoppable`: the thread's, which ends early once stop() was called.
    int deliverRound(bool stoppable);
    DeliveryResult deliver(const docmgmt::OutboxItem& item);
    /// The office's seal: a PKCS#12 kept once opened; a seal on a PKCS#11 token opened for
    /// each package (an open token key is not kept: another user of the module may close it).
    std::shared_ptr<const signing::SigningKey> sealOf(const docmgmt::Office& office);
    std::chrono::seconds backoff(int attempts) const;

    const PeerDirectory& peers_;
    docmgmt::Storage& storage_;
    docmgmt::BlobStore& blobs_;
    docmgmt::ExchangeOutbox outbox_;
    OutboxSettings settings_;
    AxisLink* axis_ = nullptr;
    std::map<std::string, std::shared_ptr<const signing::SigningKey>> keys_; ///< by file, import
    std::mutex keysMutex_;  ///< packageFor may be called beside a round (tests, the benchmark)
    std::mutex roundMutex_; ///< one round at a time (the thread, tests, the benchmark)
    BackgroundLoop loop_;   ///< last: its thread stops before the members it uses go
};

} // namespace vanthu::http
