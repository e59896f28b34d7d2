#pragma once
// Routing (issue 5): incoming documents, their distribution and comments, dispatch rows of
// issued documents, the exchange outbox, and recall or replacement requests. Part of Storage
// (Storage.hpp); SqlStorage implements it in docmgmt/src/sql/IncomingSql.cpp.
#include <optional>
#include <string>
#include <vector>

#include "vanthu/docmgmt/Directory.hpp"
#include "vanthu/docmgmt/Dispatch.hpp"
#include "vanthu/docmgmt/ExchangeOutbox.hpp"
#include "vanthu/docmgmt/IncomingDocument.hpp"
#include "vanthu/docmgmt/OutgoingDocument.hpp"
#include "vanthu/docmgmt/Paging.hpp"

namespace vanthu::docmgmt {

/// The issuer's request to recall (thu hồi) or replace (thay thế) an issued letter; never
/// changes once written (a later request is a new row).
struct RecallRequest {
    Id id = 0;
    Id documentId = 0;  ///< the issued letter recalled or replaced
    std::string kind;   ///< kRecallKindRecall, kRecallKindReplacement or kRecallKindUpdate
    std::string reason; ///< required
    std::optional<Id> replacementId; ///< the issued letter that replaces it (replacement)
    Id requestedBy = 0;              ///< the leader who asked
    std::string requestedAt;         ///< vietnamTimestamp
};

/// Which incoming documents a list shows: an office's, optionally in one state, optionally
/// only those assigned to one user.
struct IncomingListFilter {
    Id officeId = 0;
    std::optional<IncomingState> state;
    std::optional<Id> assigneeId;
    /// Not 0: of the letters limited to named people, only those naming this reader or
    /// assigned to them.
    Id readerId = 0;
    /// Urgent letters first (hỏa tốc, thượng khẩn, khẩn), then newest first.
    bool urgentFirst = false;
    /// Only those distributed to this user (lead, co-handler, informed, forwarded) or assigned.
    std::optional<Id> handlerId;
};
class IncomingStore {
public:
    virtual ~IncomingStore() = default;

    /// Comments on incoming letters (documentId: the incoming letter), only ever added.
    virtual Id addIncomingComment(const DraftComment& comment) = 0;
    virtual std::vector<DraftComment> incomingComments(Id incomingId) const = 0;
    // ---- routing: dispatch, incoming documents, the exchange outbox (issue 5) -------------
    /// The issued document with this exchangeId, if any.
    virtual std::optional<OutgoingDocument>
    findDocumentByExchangeId(const std::string& exchangeId) const = 0;
    // Incoming documents. addIncoming stores the attachments too (their blobs set) and throws
    // Conflict when the office already has the packageId.
    virtual Id addIncoming(const IncomingDocument& document) = 0;
    virtual void updateIncoming(const IncomingDocument& document) = 0;
    virtual std::optional<IncomingDocument> findIncoming(Id id) const = 0;
    virtual std::optional<IncomingDocument>
    findIncomingByPackage(Id officeId, const std::string& packageId) const = 0;
    /// Stores a copy's recall fields, its PDF blob name and its attachments' blob names (empty
    /// once the copy is destroyed).
    virtual void updateIncomingRecall(const IncomingDocument& document) = 0;
    /// Stores a document's duplicate mark (kind, earlier entry, match, the clerk's reason).
    virtual void updateIncomingDuplicate(const IncomingDocument& document) = 0;
    /// Replaces the distribution of an incoming document (its handlers, in this order).
    virtual void setIncomingHandlers(Id incomingId,
                                     const std::vector<IncomingHandler>& handlers) = 0;
    /// Adds one entry to the history of its instructions (never changed afterwards).
    virtual Id addIncomingInstruction(Id incomingId, const Instruction& instruction) = 0;
    /// The office's incoming documents that may be the same letter as one with this
    /// identifier (exchangeId, when not empty) or this number (digits, leading zeros ignored),
    /// oldest first; the caller compares the rest (issuer, notation, date).
    virtual std::vector<IncomingDocument> incomingCandidates(Id officeId,
                                                             const std::string& exchangeId,
                                                             const std::string& number) const = 0;
    /// Every copy here (any receiving office) of the document a sender sent as exchangeId.
    virtual std::vector<IncomingDocument>
    findIncomingByExchangeId(const std::string& senderCode,
                             const std::string& exchangeId) const = 0;
    /// An office's incoming documents, newest first.
    virtual std::vector<IncomingDocument> incomingDocuments(Id officeId) const = 0;
    /// The incoming register of a year in number order, one page, and its row count.
    virtual std::vector<IncomingRegisterEntry> incomingRegister(Id officeId, int year, int limit,
                                                                int offset) const = 0;
    virtual int incomingRegisterSize(Id officeId, int year) const = 0;
    // Dispatch rows of issued documents and the statuses recipients reported.
    virtual Id addDispatch(const DispatchRecord& record) = 0;
    /// Updates the latest status, sentAt and note of a row.
    virtual void updateDispatch(const DispatchRecord& record) = 0;
    virtual void addRecipientStatus(Id dispatchId, const RecipientStatus& status) = 0;
    /// A document's recipients with their status history, in the order they were added.
    virtual std::vector<DispatchRecord> dispatches(Id documentId) const = 0;
    // The exchange outbox.
    virtual Id addOutboxItem(const OutboxItem& item) = 0;
    virtual void updateOutboxItem(const OutboxItem& item) = 0;
    virtual std::optional<OutboxItem> findOutboxItem(Id id) const = 0;
    /// Undelivered items not cancelled, with nextAttemptAt <= now (text comparison of
    /// vietnamTimestamp), oldest first; every such item when now is empty.
    virtual std::vector<OutboxItem> pendingOutboxItems(const std::string& now, int limit) const = 0;
    /// Inside a transaction: the items pendingOutboxItems(now, limit) gives, locked until the
    /// transaction ends; on PostgreSQL items another server holds are skipped (FOR UPDATE SKIP
    /// LOCKED), so that no two servers claim one item.
    virtual std::vector<OutboxItem> lockDueOutboxItems(const std::string& now, int limit) = 0;
    /// Every "document" item (pending, delivered or cancelled) of an outgoing document, oldest
    /// first.
    virtual std::vector<OutboxItem> outboxDocumentItems(Id documentId) const = 0;
    /// Items sent through the national axis (axisDocId set) since `since` (deliveredAt, text
    /// comparison) whose delivery is not final yet (axisReceiveStatus not "done" nor "fail"),
    /// those checked longest ago first, at most limit.
    virtual std::vector<OutboxItem> outboxAwaitingAxisDelivery(const std::string& since,
                                                               int limit) const = 0;
    // Recall and replacement requests of issued documents (Recall), oldest first.
    virtual Id addRecallRequest(const RecallRequest& request) = 0;
    virtual std::vector<RecallRequest> recallRequests(Id documentId) const = 0;
    /// A page of an office's incoming documents, newest first.
    virtual Paged<IncomingDocument> incomingPage(const IncomingListFilter& filter,
                                                 const PageRequest& page) const = 0;
};

} // namespace vanthu::docmgmt
