#pragma once
// The peer servers this server exchanges edXML packages with (`vanthu serve --peers FILE`):
// this server's own name and, for each peer, its name, base URL, the certificates its
// packages must be signed with (the seal certificates of the offices it hosts) and optionally
// the CA certificates its PDF signatures chain to. Nothing is trusted that the file does not
// name. Certificate files are read when first needed and again when they change, so servers
// can be started in any order (docs/exchange.md).
#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "vanthu/exchange/AxisClient.hpp"
#include "vanthu/signing/OpenSsl.hpp"

namespace vanthu::http {

struct Peer {
    std::string name;                      ///< as in Office::peer: "state"
    std::string baseUrl;                   ///< "https://vanthu.example.vn", "http://127.0.0.1:8081"
    std::filesystem::path certificateFile; ///< PEM: every certificate that may sign
    std::filesystem::path trustAnchorsFile; ///< PEM, may be empty
};

/// The national document axis, when the peers file has an "axis" section: how to reach it and
/// which offices are reached through it (docs/exchange.md, "The national axis").
struct AxisRoute {
    /// The name statuses and replies go back by (Office::peer of offices known only through the
    /// axis, IncomingDocument::senderPeer of what arrived from it): "axis" unless set.
    std::string name = "axis";
    exchange::AxisSettings settings; ///< endpoint, systemId, the secret read from secretFile
    std::filesystem::path secretFile;
    /// Offices reached through the axis even when the directory places them at a vanthu peer.
    std::vector<std::string> offices;
    /// How often the axis's directory of offices is synchronised into the office directory
    /// (the first time at the first poll); 0: only when an administrator asks.
    std::chrono::hours directoryEvery{24};
};

using CertificateSet = std::vector<signing::X509Ptr>;

class PeerDirectory {
public:
    /// No peers: every package is refused.
    PeerDirectory() = default;
    /// Reads the JSON file; relative paths are taken from the file's folder. Throws
    /// std::runtime_error naming what is wrong.
    static std::unique_ptr<PeerDirectory> load(const std::filesystem::path& file);

    const std::string& self() const { return self_; }
    const std::vector<Peer>& peers() const { return peers_; }
    const Peer* find(const std::string& name) const;
    /// The axis section, or null when the file has none.
    const AxisRoute* axis() const { return axis_ ? &*axis_ : nullptr; }

    /// The peer's signing certificates as its file holds them now (empty when the file is
    /// missing or unreadable).
    std::shared_ptr<const CertificateSet> certificates(const Peer& peer) const;
    /// Every peer's trust anchors file, concatenated (missing files left out).
    std::string trustAnchorsPem() const;

private:
    struct Cached {
        std::filesystem::file_time_type modified;
        std::shared_ptr<const CertificateSet> certificates;
    };

    std::string self_;
    std::vector<Peer> peers_;
    std::optional<AxisRoute> axis_;
    mutable std::mutex mutex_;
    mutable std::vector<std::pair<std::string, Cached>> cache_;
};

} // namespace vanthu::http
