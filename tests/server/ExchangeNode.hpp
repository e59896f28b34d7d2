#pragma once
// One demo server of a two-server exchange test, in this process: a data folder with the demo
// data of a profile (Party or State offices here, the others known at the peer), the HTTP
// server on a loopback port chosen beforehand (so that each side's peers file can name the
// other before it runs), the exchange inbox behind POST /api/exchange/packages, and the outbox
// worker, driven by the test (deliverDue) instead of its thread. Below it, what the two-server
// tests share: the pair of demo servers (peer to peer, or only through the mock national axis),
// the provincial Party committee's letter to the Văn Quan district People's Committee, and the
// look-ups of its copy and its recipient row.
#include <memory>
#include <string>

#include "ApiClient.hpp"
#include "MockAxis.hpp"
#include "TestSupport.hpp"
#include "http/AxisLink.hpp"
#include "http/DocmgmtBackend.hpp"
#include "http/ExchangeInbox.hpp"
#include "http/OutboxWorker.hpp"
#include "http/PeerDirectory.hpp"
#include "http/Server.hpp"
#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/Dispatch.hpp"
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
    /// Starts the server with a peers file that names no peer (an administrator adds them).
    void startWithoutPeers();
    void stop();

    const std::string& name() const { return name_; }
    unsigned short port() const { return port_; }
    const std::filesystem::path& dataDir() const { return dir_.path(); }
    std::filesystem::path peersFile() const { return dir_.path() / "peers.json"; }
    http::PeerDirectory& peers() { return *peers_; }
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
    void launch(const std::filesystem::path& peersFile);
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

inline constexpr const char* kProvince = "DEMO.TU.BG"; ///< Tỉnh ủy Bắc Giang, on the Party server
inline constexpr const char* kDistrict = "DEMO.UB.VQ"; ///< UBND huyện Văn Quan, on the State server
inline constexpr const char* kCommune = "DEMO.UB.ND"; ///< UBND xã Nghi Dương, on the State server
inline constexpr const char* kPartySystem = "000.00.00.P01"; ///< the Party server on the axis
inline constexpr const char* kStateSystem = "000.00.00.S01"; ///< the State server on the axis
/// A system of the axis with no vanthu server: Văn phòng Chính phủ's, the test acts for it.
inline constexpr const char* kGovernmentSystem = "000.00.00.H20";
inline constexpr const char* kGovernmentSecret = "bi-mat-vpcp";
inline constexpr const char* kGovernmentOffice = "000.00.00.G22"; ///< Văn phòng Chính phủ

/// The Party and State demo servers, each the other's vanthu peer (signed packages posted to
/// /api/exchange/packages).
struct TwoServers {
    ExchangeNode party{"party", docmgmt::DemoProfile::Party, freePort()};
    ExchangeNode state{"state", docmgmt::DemoProfile::State, freePort()};
    TwoServers();
};

/// The same two servers, reaching each other's offices only through the mock national axis (the
/// peers file's "axis" section: the Party server reaches the district and the commune through
/// it, the State server the province); each system has its secret in a file of `secrets`. The
/// axis also knows a third system, Văn phòng Chính phủ's (kGovernmentSystem), with no server:
/// its office is in the axis's directory only.
struct AxisServers {
    TempDir secrets;
    MockAxis axis;
    ExchangeNode party{"party", docmgmt::DemoProfile::Party, freePort()};
    ExchangeNode state{"state", docmgmt::DemoProfile::State, freePort()};
    AxisServers();
    /// Restarts the Party server with this secret in its secret file.
    void startParty(const std::string& secret);
};

/// The answer was 200 or 201 (its body shown otherwise).
void expectOk(const ApiResponse& response);

/// The draft JSON of a công văn of the provincial Party committee's standing board to the
/// district (signed by signerId, due 2030-06-30).
std::string partyLetterJson(http::Id signerId, const std::string& subject,
                            const std::vector<std::string>& offices = {kDistrict});

/// The letter drafted by chuyenvien.bg, approved and signed by phobithu.bg, issued by
/// vanthu.bg, sent electronically to `offices`; its id. Nothing is delivered yet.
http::Id issuePartyLetter(ExchangeNode& party, const std::string& subject,
                          const std::vector<std::string>& offices = {kDistrict});

/// The district's incoming documents on `state` with this subject (several if it was
/// registered twice).
std::vector<docmgmt::IncomingDocument> districtCopies(ExchangeNode& state,
                                                      const std::string& subject);

/// The district's recipient row of a letter on `party`.
docmgmt::DispatchRecord districtRecord(ExchangeNode& party, http::Id documentId);

} // namespace vanthu::test
