#pragma once
// This server on the national document axis (the "axis" section of `--peers`): which outbox
// items go through the axis instead of straight to a vanthu peer, sending them (sendEdoc, the
// package unsigned: the axis authenticates the system), and a thread that polls the axis for
// documents and statuses (getReceivedEdocList, getEdoc), hands each package to the same
// receiving code as the peer-to-peer endpoint (ExchangeInbox::acceptFromAxis) and acknowledges
// it (updateStatus done) only once it is stored, `fail` when it can never be stored, nothing when
// storing failed for a passing reason (the axis offers it again); the same thread asks the axis
// how what was sent is delivered (getSentEdocList) and synchronises the axis's directory of
// offices into the office directory (getAgenciesListQD20, else getAgenciesList; also when an
// administrator asks: POST /api/axis/directory). docs/exchange.md.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "http/BackgroundLoop.hpp"
#include "http/ExchangeInbox.hpp"
#include "http/PeerDirectory.hpp"

#include "vanthu/docmgmt/BlobStore.hpp"
#include "vanthu/docmgmt/DirectorySync.hpp"
#include "vanthu/docmgmt/ExchangeOutbox.hpp"
#include "vanthu/docmgmt/Storage.hpp"
#include "vanthu/docmgmt/WorkClaims.hpp"
#include "vanthu/exchange/AxisClient.hpp"

namespace vanthu::http {

class ExchangeInbox;

/// What one polling round did.
struct AxisRound {
    int stored = 0;       ///< packages stored and acknowledged done
    int repeated = 0;     ///< offered again after they were stored: acknowledged, not fetched again
    int refused = 0;      ///< acknowledged fail (a package that can never be stored)
    int failed = 0;       ///< left unacknowledged, offered again next round
    int listsSkipped = 0; ///< lists not asked for: the axis counted nothing waiting
    int downloaded = 0;   ///< packages fetched with downloadEdoc (getEdoc refused them)
};

/// What waits for this system on the axis (countReceiveEdoc, countReceiveStatus).
struct AxisWaiting {
    long documents = 0, statuses = 0;
};

/// The last synchronisation of the axis's directory.
struct DirectorySyncReport {
    std::string at;   ///< when it ended (ISO 8601, Vietnam time)
    std::string list; ///< the call that gave the list: "getAgenciesListQD20", "getAgenciesList"
    std::string who;  ///< "axis" (the thread) or the administrator's user name
    /// The call whose `pid` placed the offices under their parents (the list itself,
    /// "getSynchronizeUnit" or "getAgenciesList" when the QĐ 20 list has none); "" when none
    /// did (the parents were left as they were).
    std::string parentsFrom;
    docmgmt::DirectorySyncResult result;
    std::string error; ///< why it failed (then result is empty)
};

class AxisLink {
public:
    /// maxRetry: the longest wait after failing polls (the wait doubles from the poll interval).
    AxisLink(const AxisRoute& route, ExchangeInbox& inbox, docmgmt::Storage& storage,
             docmgmt::BlobStore& blobs, std::chrono::seconds maxRetry = std::chrono::seconds(600));
    AxisLink(const AxisLink&) = delete;
    AxisLink& operator=(const AxisLink&) = delete;

    const std::string& name() const { return route_.name; }

    /// Whether an outbox item goes through the axis: its peer is the axis's name, or the office
    /// it goes to (a document's receiver, a status's original sender) is one of the axis's
    /// offices in the configuration.
    bool reaches(const docmgmt::OutboxItem& item) const;
    /// Sends a package from the office `from` (to the offices `to` when the package does not
    /// name them: a recall request); returns the axis's DocId. Throws AxisError.
    std::string send(const std::string& package, const std::string& from,
                     exchange::AxisMessageType type, const std::vector<std::string>& to = {});

    /// One polling round (statuses first, then documents). Throws AxisError when the axis cannot
    /// be listed.
    AxisRound receiveWaiting() { return receiveRound(/*stoppable=*/false); }

    /// Asks the axis how the items it was handed are delivered (getSentEdocList, one call per
    /// package) and keeps each receiver's state with its outbox item: the items sent in the
    /// last 30 days whose delivery is not final, at most 20 packages' worth. Returns how many
    /// items were updated. Throws AxisError when the axis cannot be reached.
    int checkDeliveries();

    /// Fetches the axis's directory (getAgenciesListQD20; getAgenciesList when the axis refuses
    /// that or lists nothing) and applies it to the office directory (docmgmt::DirectorySync).
    /// `who`: the administrator who asked, "axis" for the thread. Throws AxisError (kept as the
    /// report's error) when the list cannot be had.
    DirectorySyncReport syncDirectory(const std::string& who);
    /// What waits for this system on the axis now (the count calls). Throws AxisError.
    AxisWaiting waiting();
    /// The units the axis keeps in step (getSynchronizeUnit), for the administrator. Throws
    /// AxisError.
    std::vector<exchange::AxisUnit> units();
    /// The client, for the sub-unit calls (AxisAgencies).
    exchange::AxisClient& client() { return client_; }

    /// The last synchronisation (empty `at` before any).
    DirectorySyncReport lastDirectorySync() const;
    const AxisRoute& route() const { return route_; }

    /// The polling thread: a round every poll interval, put off after failures. Several servers
    /// on one database poll one at a time: each round is claimed ("axis:<name>",
    /// docmgmt::WorkClaims) for a lease renewed between packages, and released due a poll
    /// interval after it began (the backoff's wait after a failure); the directory sync is
    /// claimed apart ("axis-directory:<name>"), due again directoryEvery after it ran. A
    /// server that dies holding either leaves it due when the lease ends.
    void start() { loop_.start(); }
    void stop() { loop_.stop(); }

private:
    /// stoppable: the thread's round, which ends early on stop(); a direct call runs to the end.
    AxisRound receiveRound(bool stoppable);
    /// A recall request (13) about a letter not here yet, put back until the round's documents
    /// are in.
    struct Deferred {
        exchange::AxisItem item;
        std::string package;
    };
    void receiveItems(exchange::AxisMessageType type, AxisRound& round, bool stoppable,
                      std::vector<Deferred>* deferred);
    /// Hands one fetched package to the inbox: the receipt when it was taken (not acknowledged
    /// yet); nothing when it was refused for good (acknowledged fail) or could not be stored now
    /// (left for the next round).
    std::optional<ExchangeReceipt> accept(const exchange::AxisItem& item,
                                          const std::string& package, AxisRound& round);
    /// A package taken: remembered and acknowledged done.
    void stored(const exchange::AxisItem& item, AxisRound& round);
    bool acknowledge(const std::string& docId, exchange::AxisAcknowledgement acknowledgement);
    /// The package of an item: getEdoc, or downloadEdoc when the axis refuses getEdoc for it
    /// (or answers it badly: a package too large for base64 in JSON).
    std::string fetch(const exchange::AxisItem& item, AxisRound& round);
    /// Whether items of this type wait (countReceive…); true when the axis cannot count (it is
    /// then listed every round, and not counted again).
    bool anyWaiting(exchange::AxisMessageType type, AxisRound& round);
    void remember(const std::string& docId);
    /// Each office's parent code for the sync, from the first list that gives a pid; sets
    /// report.parentsFrom (left empty, and nothing returned, when none does).
    std::map<std::string, std::string> parentsOf(const std::vector<exchange::AxisAgency>& agencies,
                                                 DirectorySyncReport& report);
    bool pollRound();
    /// The thread's round, once claimed (`started`: when it was claimed).
    void claimedRound(std::int64_t started);
    /// Between the pieces of the thread's round: renews its claim; false when another server
    /// holds it now (the round stops). Direct calls (tests, an administrator) hold none: true.
    bool keepClaim();
    /// The directory sync of the thread, when due and claimed.
    void syncDirectoryWhenDue();
    std::int64_t claimLease() const;

    AxisRoute route_;
    ExchangeInbox& inbox_;
    docmgmt::Storage& storage_;
    docmgmt::BlobStore& blobs_;
    exchange::AxisClient client_;
    mutable std::mutex directoryMutex_; ///< one sync at a time; guards lastSync_
    DirectorySyncReport lastSync_;
    docmgmt::WorkClaims claims_;
    std::atomic<bool> claimedRound_{false}; ///< the thread's round holds "axis:<name>"
    std::chrono::seconds maxRetry_;
    std::mutex roundMutex_; ///< one round at a time (the thread, tests)
    /// The axis ids stored here (most recent 10,000), so an item offered again after its
    /// acknowledgement was lost is acknowledged without being fetched and read again. A restart
    /// forgets them; receiving stays idempotent on DocumentId + receiver in the database.
    std::set<std::string> stored_;
    std::deque<std::string> storedOrder_;
    int failures_ = 0;
    bool counts_ = true; ///< the axis answers the count calls (until it refuses one)
    std::chrono::steady_clock::time_point resumeAt_{};
    BackgroundLoop loop_; ///< last: its thread stops before the members it uses go
};

} // namespace vanthu::http
