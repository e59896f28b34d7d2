#pragma once
// The exchange outbox: what this server must deliver to peer servers (edXML document packages
// and status packages), written in the same transaction as the step that caused it, and
// delivered by the transport (exchange/) with retries. Times are vietnamTimestamp() strings
// ("2026-06-16T09:30:00+07:00"), so they sort as text.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "vanthu/docmgmt/Directory.hpp"
#include "vanthu/docmgmt/IncomingDocument.hpp"
#include "vanthu/docmgmt/OutgoingDocument.hpp"

namespace vanthu::docmgmt {

class Storage;
class BlobStore;

inline constexpr const char* kOutboxDocument = "document";
inline constexpr const char* kOutboxStatus = "status";

struct OutboxItem {
    Id id = 0;
    std::string peer; ///< the peer server to deliver to
    std::string kind; ///< kOutboxDocument or kOutboxStatus
    /// "document": the outgoing document issued here; "status": the incoming document here
    /// whose status changed.
    Id documentId = 0;
    /// "document": the receiving office's code (at the peer); "status": this side's receiving
    /// office (the one reporting its status).
    std::string recipientCode;
    /// "document": the package's id (the receiver's idempotency key, "<exchangeId>/<code>");
    /// "status": the packageId of the incoming document the status is about.
    std::string packageId;
    std::string exchangeId; ///< the sender's document identifier (DocumentId) in both kinds
    std::string senderCode; ///< "status": the original sender's office code (at the peer)
    std::string statusCode, statusDescription, statusAt, staff; ///< "status" only
    /// "document" of a replacement (business type 3): the exchangeId of the letter it replaces,
    /// the reason in statusDescription. A "status" item with statusCode "13" is the issuer's
    /// recall request: documentId is then the outgoing document here, recipientCode the
    /// receiving office at the peer, senderCode the issuing office here, the reason in
    /// statusDescription.
    std::string affects;
    int attempts = 0;
    std::string nextAttemptAt, lastError;
    std::string createdAt, deliveredAt; ///< deliveredAt empty while pending
    /// When it was given up (never sent: the letter was recalled first); the reason is in
    /// lastError. Empty for an item still pending or delivered.
    std::string cancelledAt;
    /// Sent through the national axis: the axis's DocId of the package that carried it (one
    /// package for all of a document's recipients on the axis); empty otherwise.
    std::string axisDocId;
    /// Its delivery to this recipient as the axis's getSentEdocList last told it: the
    /// receiver's copy id, its receive status ("initial", "processing", "done", "fail": the
    /// receiving system's transport acknowledgement, not a business status), the send status,
    /// and when it was asked. Empty until first asked.
    std::string axisReceiverDocId, axisReceiveStatus, axisSendStatus, axisCheckedAt;
};

/// Everything the transport needs to build the package of a "document" item.
struct OutboxDocument {
    OutgoingDocument document; ///< issued: number, notation, date, exchangeId, responseFor
    Office sender;
    Office recipient;     ///< the office at the peer
    std::string typeName; ///< "Công văn"
    std::string signerName, signerPosition;
    std::string pdf; ///< the issued (signed, sealed) PDF bytes
    std::vector<Attachment> attachments;
};

class ExchangeOutbox {
public:
    ExchangeOutbox(Storage& storage, BlobStore& blobs);

    /// Pending items whose next attempt is due at `now` (seconds since the epoch), oldest
    /// first, at most limit.
    std::vector<OutboxItem> due(std::int64_t now, int limit) const;
    /// The items due at `now`, claimed for `leaseSeconds`: their next attempt moves past the
    /// lease in the same transaction, so that another server's worker (or this one's next
    /// round) leaves them alone while they are being sent; delivered() or failed() then set
    /// them, and a server that dies meanwhile leaves them due again when the lease ends.
    std::vector<OutboxItem> claim(std::int64_t now, std::int64_t leaseSeconds, int limit);
    /// Every item not yet delivered nor cancelled (for the exchange page and tests).
    std::vector<OutboxItem> pending() const;
    std::optional<OutboxItem> find(Id id) const;
    void delivered(Id id, std::int64_t at);
    /// Counts an attempt, keeps the error and when to try again.
    void failed(Id id, const std::string& error, std::int64_t nextAttemptAt);
    /// Gives a pending item up: it is never sent; the reason is kept as its lastError.
    void cancel(Id id, const std::string& reason, std::int64_t at);
    /// Items handed to the national axis in one package, whose DocId it answered: delivered.
    void sentThroughAxis(const std::vector<Id>& ids, const std::string& axisDocId, std::int64_t at);
    /// What the axis says of an item's delivery (getSentEdocList), asked at `at`.
    void recordAxisDelivery(Id id, const std::string& receiverDocId,
                            const std::string& receiveStatus, const std::string& sendStatus,
                            std::int64_t at);
    /// Items sent through the axis in the last `days` days whose delivery is not final, those
    /// asked about longest ago first.
    std::vector<OutboxItem> awaitingAxisDelivery(std::int64_t now, int days, int limit) const;

    /// The package content of a "document" item. Throws NotFound when the document is gone.
    OutboxDocument documentFor(const OutboxItem& item) const;

    /// Adds an item (the flows call this inside their transaction); returns its id.
    Id add(OutboxItem item, std::int64_t now);

private:
    Storage& storage_;
    BlobStore& blobs_;
};

} // namespace vanthu::docmgmt
