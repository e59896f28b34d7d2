#pragma once
// The demo data set of `vanthu serve --demo`: the five offices of the seed letters (Tỉnh ủy Bắc
// Giang, Huyện ủy Bình Sơn, Đảng ủy xã Bình Lư, UBND huyện Văn Quan, UBND xã Nghi Dương), users
// in every role with generated passwords, the demo PKI with a signing key per leader and a seal
// key per office, and documents in several states (two issued through the real flow).
#include <filesystem>
#include <string>
#include <vector>

#include "vanthu/docmgmt/Directory.hpp"
#include "vanthu/docmgmt/VietnamTime.hpp"

namespace vanthu::docmgmt {

class Storage;
class BlobStore;
class AuditTrail;

struct DemoAccount {
    std::string username;
    std::string password; ///< generated; shown once at start-up
    std::string fullName;
    Role role = Role::Specialist;
    std::string officeName;
};

struct DemoDataResult {
    bool created = false; ///< false: the storage already had offices, nothing was done
    std::vector<DemoAccount> accounts;
};

/// Which demo offices this server hosts, so that two demo servers can exchange documents.
enum class DemoProfile {
    All,   ///< every office on this server (one-server demo)
    Party, ///< the Party committees here; the State offices known with peer "state"
    State, ///< the State offices here; the Party committees known with peer "party"
};

/// Peer names the profiles use for each other.
inline constexpr const char* kDemoPartyPeer = "party";
inline constexpr const char* kDemoStatePeer = "state";

struct DemoDataOptions {
    DemoProfile profile = DemoProfile::All;
    std::string keyPassword = "vanthu"; ///< of every .p12 (signing::kDemoPassword)
    bool ecdsa = false;                 ///< P-256 keys instead of RSA 2048 (faster to make)
    Clock clock = systemClock();
    /// Sample letters (samples/*.json) imported as the local offices' earlier letters, so the
    /// demo finds them by search; empty: none.
    std::filesystem::path lettersDir;
};

/// Creates the demo data set once: does nothing when the storage has offices. Key files go to
/// pkiDir (ca.pem, the DemoPki files, leader-<username>.p12, seal-<n>.p12); when pkiDir already
/// holds a complete set from an earlier run they are reused. The flow that the server builds
/// must use options.keyPassword (written to pkiDir/key-password, where Installation reads it),
/// pkiDir/signature.png and pkiDir/seal.png.
DemoDataResult createDemoData(Storage& storage, BlobStore& blobs, AuditTrail& audit,
                              const std::filesystem::path& pkiDir,
                              const DemoDataOptions& options = {});

} // namespace vanthu::docmgmt
