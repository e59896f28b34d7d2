#pragma once
// Dispatch (gửi văn bản): when a document is issued it goes to each office in its
// recipientOffices: an office on this server receives it at once, an office at a peer server
// through the exchange outbox (edXML), and an unknown code or a secret document is listed for
// paper dispatch. Each recipient's status (edXML codes 01–06) comes back and is kept with its
// time, for the sender's document page.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "vanthu/docmgmt/Directory.hpp"
#include "vanthu/docmgmt/ExchangeOutbox.hpp"
#include "vanthu/docmgmt/IncomingDocument.hpp"
#include "vanthu/docmgmt/OutgoingDocument.hpp"
#include "vanthu/docmgmt/VietnamTime.hpp"

namespace vanthu::docmgmt {

class Storage;
class BlobStore;
class AuditTrail;

enum class DispatchChannel { Local, Edxml, Paper };
std::string toString(DispatchChannel channel); ///< "local", "edxml", "paper"
std::optional<DispatchChannel> parseDispatchChannel(const std::string& text);

/// A new random exchange identifier (UUID version 4, lower-case hex).
std::string newExchangeId();

/// One status a recipient reported, with its time.
struct RecipientStatus {
    std::string statusCode;  ///< "01" … "06"
    std::string at;          ///< when the recipient reached it (ISO 8601)
    std::string description; ///< the refusal reason, the assignee, …
    std::string staff;       ///< who did it at the recipient
};

/// A recipient of an issued document (a row per recipient code).
struct DispatchRecord {
    Id id = 0;
    Id documentId = 0;
    std::string recipientCode, recipientName;
    DispatchChannel channel = DispatchChannel::Paper;
    std::string peer;       ///< the peer server for Edxml
    std::string statusCode; ///< the latest status ("" before any came back)
    std::string statusAt, statusDescription;
    std::string sentAt; ///< when it was handed over (issue time; delivery time for Edxml)
    std::string note;   ///< why it goes on paper ("không có trong danh bạ", "văn bản mật")
    std::vector<RecipientStatus> history; ///< oldest first
    /// Edxml: the outbox item of its package, filled in by Dispatch::recipients: how the
    /// delivery goes (waiting, failed and retried, sent to the peer, handed to the national
    /// axis and what the axis says of it), apart from the business statuses above.
    std::optional<OutboxItem> transport;
};

/// What verifying arriving PDFs needs.
struct VerificationSettings {
    /// Trust anchors (PEM, several certificates may follow each other): this server's CA and
    /// the CAs of configured peers.
    std::string trustAnchorsPem;
    /// Verify in a child process with limits (the default: arriving files are outside input).
    bool sandboxed = true;
};

class Dispatch {
public:
    Dispatch(Storage& storage, BlobStore& blobs, AuditTrail& audit, Clock clock,
             VerificationSettings verification);
    ~Dispatch();
    Dispatch(const Dispatch&) = delete;
    Dispatch& operator=(const Dispatch&) = delete;

    /// Sends an issued document to its recipientOffices; call inside the issuing transaction
    /// (the dispatch rows, the local incoming documents and the outbox items commit with it).
    /// `document` must have its exchangeId, number, notation and issued PDF.
    void sendIssued(const OutgoingDocument& document, const Office& sender);

    /// Stores an arriving document for the receiving office (local, edxml or paper), verifying
    /// the PDF's signatures; the same packageId for the same receiver returns the existing id.
    /// Reports status 01 (arrived) back to the sender. Throws NotFound when the receiver is not
    /// an office hosted here, InvalidInput when required metadata is missing.
    Id receive(const ArrivingDocument& arriving);

    /// The sender side: a recipient reported a status. Unknown exchangeId or recipient:
    /// NotFound. Repeating the same status is ignored (status packages may be delivered twice).
    void recordRecipientStatus(const std::string& exchangeId, const std::string& recipientCode,
                               const std::string& statusCode, const std::string& at,
                               const std::string& description, const std::string& staff);

    /// The receiving side: an incoming document's status changed; tells its sender (the
    /// dispatch row directly when the sender is on this server, an outbox item for its peer
    /// otherwise, nothing for paper letters).
    void reportStatus(const IncomingDocument& incoming, const std::string& statusCode,
                      const std::string& description, const std::string& staff);

    /// The recipients of an issued document with their status history.
    std::vector<DispatchRecord> recipients(Id documentId) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace vanthu::docmgmt
