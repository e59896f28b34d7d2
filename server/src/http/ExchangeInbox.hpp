#pragma once
// What the exchange endpoint (POST /api/exchange/packages) does with a package: read and
// check it (exchange::ParsedPackage, the liberal reader), find the configured peer whose
// certificate signed it, verify the signature against that certificate, check that the sending
// office is one that peer hosts, then hand a document to docmgmt (Dispatch::receive, idempotent on
// DocumentId + receiver) or record a status (Dispatch::recordRecipientStatus; a DocumentId in the
// comma form is mapped back to this server's own document). Refusals are ApiErrors (4xx).
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/BlobStore.hpp"
#include "vanthu/docmgmt/Storage.hpp"

namespace vanthu::exchange {
class ParsedPackage;
} // namespace vanthu::exchange

namespace vanthu::http {

class PeerDirectory;

struct ExchangeReceipt {
    std::string kind;                     ///< "document" or "status"
    std::string peer;                     ///< the sending peer
    std::string packageId;                ///< document: the edXML DocumentId
    std::vector<docmgmt::Id> incomingIds; ///< document: one per receiving office here
    /// A recall request (13) about a letter of which no copy is here: what was noted (taken,
    /// nothing to recall; empty otherwise).
    std::string unknownRecall;
};

class ExchangeInbox {
public:
    /// ownTrustAnchors: this server's CA (PEM file) for the PDF signature check, besides the
    /// peers' trust anchors.
    ExchangeInbox(const PeerDirectory& peers, docmgmt::Storage& storage, docmgmt::BlobStore& blobs,
                  std::filesystem::path ownTrustAnchors, std::size_t maxBytes);

    /// peerHint: the X-Vanthu-Peer header (only narrows the search; the signature decides).
    ExchangeReceipt accept(std::string_view xml, const std::string& peerHint);

    /// A package fetched from the national axis (`axisName`: the name statuses go back by):
    /// the same bounded, liberal read and the same receiving code as accept, without a package
    /// signature (the axis authenticated the sending system); an office of this server named
    /// as the sender is refused (403). Idempotent on DocumentId + receiver.
    ExchangeReceipt acceptFromAxis(std::string_view xml, const std::string& axisName);

    /// Keeps a recall request about an unknown letter (receipt.unknownRecall) in the audit trail
    /// and the log: it is taken (not refused, so not sent again forever) and nothing is recalled.
    /// accept() calls it itself; the axis's link calls it once the documents of its round are in
    /// (a 13 listed before the letter it is about is tried again first).
    void noteUnknownRecall(const ExchangeReceipt& receipt);

private:
    /// Hands a checked package to docmgmt: a status recorded on this server's own document, a
    /// document received by every office here in its To (404 when none is).
    ExchangeReceipt store(const exchange::ParsedPackage& package, const docmgmt::Office& sender,
                          const std::string& via);

    const PeerDirectory& peers_;
    docmgmt::Storage& storage_;
    docmgmt::BlobStore& blobs_;
    docmgmt::AuditTrail audit_;
    std::filesystem::path ownTrustAnchors_;
    std::size_t maxBytes_;
};

} // namespace vanthu::http
