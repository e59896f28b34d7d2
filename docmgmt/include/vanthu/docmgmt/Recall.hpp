#pragma once
// Recall (thu hồi) and replacement (thay thế) of an issued letter (NĐ 30 Phụ lục VI III.8;
// edXML statuses 13, 15, 16 and business document types 1 and 3, docs/incoming.md "Recall").
//
// The issuer's leader asks, with a reason; every electronic receiver gets the request (an office
// here at once, an office at a peer through the exchange outbox: status 13, or for a replacement
// the new letter's package of business type 3); each receiver's clerk agrees (15) or refuses
// (16, with a reason). On agreement the receiver's copy is destroyed: its PDF and attachments are
// no longer referenced (and removed from the blob store when nothing else points to them), its
// metadata and the recall's trail stay. The issuer's letter is recalled once every electronic
// receiver agreed: it is then frozen (no further recall or replacement, shown as recalled on its
// page, in the lists and in search); the issued row itself never changes.
#include <optional>
#include <string>
#include <vector>

#include "vanthu/docmgmt/Dispatch.hpp"
#include "vanthu/docmgmt/OutgoingFlow.hpp"
#include "vanthu/docmgmt/Storage.hpp"

namespace vanthu::docmgmt {

class BlobStore;
class AuditTrail;
class ExchangeOutbox;
struct OutboxItem;

/// The issuer's state of a letter: "" (no request), "requested" (some receiver has not answered),
/// "recalled", "replaced" or "updated" (every electronic receiver agreed: frozen), "refused" (every
/// receiver answered, at least one refused: the letter stays valid there).
inline constexpr const char* kIssuerRecallRequested = "requested";
inline constexpr const char* kIssuerRecalled = "recalled";
inline constexpr const char* kIssuerReplaced = "replaced";
inline constexpr const char* kIssuerUpdated = "updated"; ///< replaced by its updated version
inline constexpr const char* kIssuerRecallRefused = "refused";

/// One receiver's answer to the latest request.
struct RecallAnswer {
    std::string recipientCode, recipientName;
    DispatchChannel channel = DispatchChannel::Paper;
    std::string statusCode; ///< "" waiting, "15" agreed, "16" refused; paper: never asked
    std::string at, reason; ///< when and why (a refusal's reason, a cancellation's note)
    /// The letter never reached this receiver: its package was still in the outbox when the
    /// recall was asked, and was given up (not sent). Counts as agreed: nothing to destroy there.
    bool cancelled = false;
};

struct RecallStatus {
    std::string state;                   ///< kIssuerRecall… or ""
    std::optional<RecallRequest> latest; ///< the request the answers are about
    std::vector<RecallAnswer> answers;   ///< one per recipient of the letter
    std::vector<RecallRequest> requests; ///< every request, oldest first
    bool frozen() const {
        return state == kIssuerRecalled || state == kIssuerReplaced || state == kIssuerUpdated;
    }
};

/// The issuer's recall state of a letter, from its requests and its recipients' answers (15, 16
/// after the latest request); used by Recall and the outgoing search source.
RecallStatus recallStatusOf(const Storage& storage, Id documentId);

/// A request as a receiver gets it (from this server, or from a peer's status 13 or type-3
/// package).
struct RecallNotice {
    std::string senderCode; ///< the issuing office
    std::string exchangeId; ///< the letter as it was sent (what the copies hold)
    std::string kind = kRecallKindRecall;
    std::string reason;
    std::string requestedAt; ///< the issuer's time: the same notice twice is kept once
    std::string replacedBy;  ///< the replacing letter's exchangeId as sent (replacement)
};

class Recall {
public:
    Recall(Storage& storage, BlobStore& blobs, AuditTrail& audit, Clock clock = systemClock());

    /// The issuer's leader asks every receiver of an issued letter to destroy their copy
    /// (replacementId empty) or to take replacementId instead; with `update`, replacementId is
    /// the letter's updated version (business type 2, "cập nhật": the receivers' copies are
    /// updated to it, 422 without a replacementId). Checks: the actor a leader of the
    /// letter's office (403), the letter visible (404) and issued, no request waiting, not
    /// frozen (409), a reason (422); a replacement must be issued by the same office and sent to
    /// every electronic receiver of the letter (422). A receiver at a peer whose package of the
    /// letter has not left yet is not asked: that package is cancelled (never sent), the reason
    /// kept on the outbox item and as the recipient row's note. Request, audit entries, the
    /// local receivers' requests, the cancellations and the outbox items commit together.
    RecallStatus request(const Actor& actor, Id documentId, const std::string& reason,
                         std::optional<Id> replacementId = std::nullopt, bool update = false);

    /// The issuer's view of a letter's recall (for its page); NotFound when the actor may not
    /// see the letter.
    RecallStatus status(const Actor& actor, Id documentId) const;
    /// The same without an actor (search, the exchange).
    RecallStatus statusOf(Id documentId) const;

    /// The receiving side: a request arrived for the copies of exchangeId from senderCode.
    /// Idempotent on (copy, requestedAt); a destroyed copy stays as it is. Returns the copies
    /// it applies to; NotFound when there is none here.
    std::vector<Id> receive(const RecallNotice& notice);

    /// The receiving office's clerk agrees: the copy is destroyed, status 15 goes back.
    /// 404 not visible, 403 not the clerk, 409 no request waiting or the copy is in a case
    /// file (taken out first: a case file and its archive package keep their PDFs).
    IncomingDocument agree(const Actor& actor, Id incomingId, const std::string& note);
    /// The clerk refuses with a reason (422 without): status 16 goes back, the copy stays.
    IncomingDocument refuse(const Actor& actor, Id incomingId, const std::string& reason);

private:
    /// Cancels the letter's packages to this receiver that have not left; true when none of them
    /// left (the receiver never had the letter: it is not asked).
    bool cancelUndelivered(ExchangeOutbox& outbox, const std::vector<OutboxItem>& deliveries,
                           DispatchRecord& row, const std::string& kind, const std::string& reason);

    Storage& storage_;
    BlobStore& blobs_;
    AuditTrail& audit_;
    Clock clock_;
};

} // namespace vanthu::docmgmt
