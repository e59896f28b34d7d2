#pragma once
// The peer servers this server exchanges edXML packages with (`vanthu serve --peers FILE`):
// this server's own name and, for each peer, its name, base URL, the certificates its
// packages must be signed with (the seal certificates of the offices it hosts) and optionally
// the CA certificates its PDF signatures chain to. Nothing is trusted that the file does not
// name. The peers file is the one place peers are kept (docs/exchange.md, "Peers administered"):
// an administrator's change (the web UI, `vanthu admin peers`) rewrites it atomically, with the
// certificates it was given in files beside it (peers/<name>.pem), and every reader sees the
// file as it is now: the file is read again when it changed (a change made by `vanthu admin`
// while the server runs counts at the next package), certificate files when first needed and
// again when they change, so servers can be started in any order. Thread-safe: request threads,
// the outbox worker and the administration read and change it at once.
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
    /// A counter in the peer's entry of the file ("version", 1 when absent), raised by each
    /// change made here: a change from an older one is refused (issue 16 item 1). A change made
    /// to the file by hand does not raise it.
    int version = 1;
    std::string changedBy, changedAt; ///< of the last change made here ("" before)
};

/// What an administrator gives for a peer. Checked before anything is written
/// (docmgmt::InvalidInput naming the field: "name", "url", "certificatePem", "trustAnchorsPem").
struct PeerInput {
    std::string name;
    std::string url; ///< http:// or https://, at most 2048 characters
    /// PEM certificates its packages must be signed with (at most 64, 1 MiB); required to add,
    /// nothing on a change: the current ones kept.
    std::optional<std::string> certificatePem;
    /// PEM CA certificates its PDF signatures chain to; nothing on a change: kept; "": none.
    std::optional<std::string> trustAnchorsPem;
    /// A change: the Peer::version the form was loaded at; from an older one it is refused
    /// with docmgmt::StaleVersion, nothing written. Nothing: not checked.
    std::optional<int> baseVersion;
    /// Who makes the change, kept in the file: the administrator's full name, "cli:<login>" for
    /// `vanthu admin peers`.
    std::string changedBy;
};

/// The national document axis, when the peers file has an "axis" section: how to reach it and
/// which offices are reached through it (docs/exchange.md, "The national axis"). Configured in
/// the file only, read once at start.
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

/// A certificate as the peers page and `vanthu admin peers list` show it.
struct CertificateSummary {
    std::string subject, issuer;
    std::string validUntil; ///< dd/mm/yyyy
    std::string sha256;     ///< of the DER, hex
};
CertificateSummary summarise(const X509* certificate);
/// "name url (N chứng thư: subject, SHA-256 …)": what the audit trail keeps of a change.
std::string auditDetail(const Peer& peer, const CertificateSet& certificates);

class PeerDirectory {
public:
    /// No peers: every package is refused; nothing can be added.
    PeerDirectory() = default;
    /// Reads the JSON file; relative paths are taken from the file's folder. Throws
    /// std::runtime_error naming what is wrong.
    static std::unique_ptr<PeerDirectory> load(const std::filesystem::path& file);
    /// Writes a peers file with no peers (`vanthu admin peers add --self NAME` where there is
    /// none yet); docmgmt::InvalidInput("self") for a bad name, Conflict when the file exists.
    static void create(const std::filesystem::path& file, const std::string& self);

    const std::string& self() const { return self_; }
    const std::filesystem::path& file() const { return file_; }
    /// The peers as the file holds them now.
    std::vector<Peer> peers() const;
    std::optional<Peer> find(const std::string& name) const;
    /// The axis section, or null when the file has none.
    const AxisRoute* axis() const { return axis_ ? &*axis_ : nullptr; }

    /// Adds a peer: Conflict when the name is taken (by a peer, this server or the axis).
    Peer add(const PeerInput& input);
    /// Changes a peer's URL and, when given, its certificates, raising its version; NotFound
    /// when absent, StaleVersion when input.baseVersion is not the stored one.
    Peer change(const PeerInput& input);
    /// Removes a peer and the certificate files written for it; NotFound when absent.
    Peer remove(const std::string& name);

    /// The peer's signing certificates as its file holds them now (empty when the file is
    /// missing or unreadable).
    std::shared_ptr<const CertificateSet> certificates(const Peer& peer) const;
    /// The peer's trust anchors (empty when none or unreadable).
    CertificateSet trustAnchors(const Peer& peer) const;
    /// Every peer's trust anchors file, concatenated (missing files left out).
    std::string trustAnchorsPem() const;

private:
    struct Cached {
        std::filesystem::file_time_type modified;
        std::shared_ptr<const CertificateSet> certificates;
    };
    struct Loaded {
        std::filesystem::file_time_type modified;
        std::vector<Peer> peers;
    };

    std::shared_ptr<const Loaded> current() const;
    /// Reads the file, lets change edit its "peers" array, checks the result as load() does and
    /// writes it in place of the file (atomically); the new peers are then current.
    template <typename Change> void rewrite(Change&& change);
    void checkInput(const PeerInput& input, bool adding) const;

    std::filesystem::path file_; ///< empty: no file, nothing can change
    std::string self_;
    std::optional<AxisRoute> axis_;
    mutable std::mutex mutex_; ///< loaded_ and cache_
    std::mutex writing_;       ///< one change at a time
    mutable std::shared_ptr<const Loaded> loaded_;
    mutable std::vector<std::pair<std::string, Cached>> cache_; ///< by certificate file
};

} // namespace vanthu::http
