#include "vanthu/docmgmt/ExchangeOutbox.hpp"

#include <limits>

#include "IssuedDetails.hpp"
#include "vanthu/docmgmt/BlobStore.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/Storage.hpp"
#include "vanthu/docmgmt/VietnamTime.hpp"

namespace vanthu::docmgmt {

ExchangeOutbox::ExchangeOutbox(Storage& storage, BlobStore& blobs)
    : storage_(storage), blobs_(blobs) {}

std::vector<OutboxItem> ExchangeOutbox::due(std::int64_t now, int limit) const {
    return storage_.pendingOutboxItems(vietnamTimestamp(now), limit);
}

std::vector<OutboxItem> ExchangeOutbox::claim(std::int64_t now, std::int64_t leaseSeconds,
                                              int limit) {
    std::vector<OutboxItem> claimed;
    storage_.transaction([&] {
        claimed = storage_.lockDueOutboxItems(vietnamTimestamp(now), limit);
        for (auto& item : claimed) {
            item.nextAttemptAt = vietnamTimestamp(now + leaseSeconds);
            storage_.updateOutboxItem(item);
        }
    });
    return claimed;
}

std::vector<OutboxItem> ExchangeOutbox::pending() const {
    return storage_.pendingOutboxItems("", std::numeric_limits<int>::max());
}

std::optional<OutboxItem> ExchangeOutbox::find(Id id) const {
    return storage_.findOutboxItem(id);
}

void ExchangeOutbox::delivered(Id id, std::int64_t at) {
    storage_.transaction([&] {
        auto item = storage_.findOutboxItem(id);
        if (!item) {
            throw NotFound("Không có mục gửi đi số " + std::to_string(id) + ".");
        }
        item->attempts += 1;
        item->deliveredAt = vietnamTimestamp(at);
        item->lastError.clear();
        storage_.updateOutboxItem(*item);
    });
}

void ExchangeOutbox::failed(Id id, const std::string& error, std::int64_t nextAttemptAt) {
    storage_.transaction([&] {
        auto item = storage_.findOutboxItem(id);
        if (!item) {
            throw NotFound("Không có mục gửi đi số " + std::to_string(id) + ".");
        }
        item->attempts += 1;
        item->lastError = error;
        item->nextAttemptAt = vietnamTimestamp(nextAttemptAt);
        storage_.updateOutboxItem(*item);
    });
}

void ExchangeOutbox::cancel(Id id, const std::string& reason, std::int64_t at) {
    storage_.transaction([&] {
        auto item = storage_.findOutboxItem(id);
        if (!item) {
            throw NotFound("Không có mục gửi đi số " + std::to_string(id) + ".");
        }
        if (!item->deliveredAt.empty()) {
            throw Conflict("Mục gửi đi số " + std::to_string(id) + " đã được gửi.");
        }
        item->cancelledAt = vietnamTimestamp(at);
        item->lastError = reason;
        storage_.updateOutboxItem(*item);
    });
}

void ExchangeOutbox::sentThroughAxis(const std::vector<Id>& ids, const std::string& axisDocId,
                                     std::int64_t at) {
    storage_.transaction([&] {
        for (const Id id : ids) {
            auto item = storage_.findOutboxItem(id);
            if (!item) {
                throw NotFound("Không có mục gửi đi số " + std::to_string(id) + ".");
            }
            item->attempts += 1;
            item->deliveredAt = vietnamTimestamp(at);
            item->lastError.clear();
            item->axisDocId = axisDocId;
            storage_.updateOutboxItem(*item);
        }
    });
}

void ExchangeOutbox::recordAxisDelivery(Id id, const std::string& receiverDocId,
                                        const std::string& receiveStatus,
                                        const std::string& sendStatus, std::int64_t at) {
    storage_.transaction([&] {
        auto item = storage_.findOutboxItem(id);
        if (!item) {
            throw NotFound("Không có mục gửi đi số " + std::to_string(id) + ".");
        }
        item->axisReceiverDocId = receiverDocId;
        item->axisReceiveStatus = receiveStatus;
        item->axisSendStatus = sendStatus;
        item->axisCheckedAt = vietnamTimestamp(at);
        storage_.updateOutboxItem(*item);
    });
}

std::vector<OutboxItem> ExchangeOutbox::awaitingAxisDelivery(std::int64_t now, int days,
                                                             int limit) const {
    return storage_.outboxAwaitingAxisDelivery(
        vietnamTimestamp(now - static_cast<std::int64_t>(days) * 86400), limit);
}

OutboxDocument ExchangeOutbox::documentFor(const OutboxItem& item) const {
    if (item.kind != kOutboxDocument) {
        throw InvalidInput("kind", "Mục này là trạng thái, không phải văn bản.");
    }
    const auto document = storage_.findDocument(item.documentId);
    if (!document || document->state != DocumentState::Issued) {
        throw NotFound("Không tìm thấy văn bản đã phát hành số " + std::to_string(item.documentId) +
                       ".");
    }
    OutboxDocument out;
    out.document = *document;
    out.sender = *storage_.findOffice(document->officeId);
    if (const auto recipient = officeByCode(storage_, item.recipientCode)) {
        out.recipient = *recipient;
    } else {
        throw NotFound("Cơ quan " + item.recipientCode + " không còn trong danh bạ.");
    }
    const auto details = issuedDetails(*document);
    out.typeName = details.typeName;
    out.signerName = details.signerName;
    out.signerPosition = details.signerPosition;
    out.pdf = blobs_.get(document->issuedPdf);
    // The letter's attachments travel beside its PDF; the worker reads their bytes.
    for (const auto& file : storage_.documentAttachments(document->id)) {
        out.attachments.push_back({file.name, file.contentType, "", file.blob});
    }
    return out;
}

Id ExchangeOutbox::add(OutboxItem item, std::int64_t now) {
    item.createdAt = vietnamTimestamp(now);
    if (item.nextAttemptAt.empty()) {
        item.nextAttemptAt = item.createdAt;
    }
    return storage_.addOutboxItem(item);
}

} // namespace vanthu::docmgmt
