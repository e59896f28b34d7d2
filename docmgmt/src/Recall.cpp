#include "vanthu/docmgmt/Recall.hpp"

#include <algorithm>
#include <set>

#include "Actors.hpp"
#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/BlobStore.hpp"
#include "vanthu/docmgmt/CaseFile.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/ExchangeOutbox.hpp"

namespace vanthu::docmgmt {

namespace {

bool blank(const std::string& text) {
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

std::string documentObject(Id id) {
    return "document/" + std::to_string(id);
}

std::string incomingObject(Id id) {
    return "incoming/" + std::to_string(id);
}

bool electronic(const DispatchRecord& row) {
    return row.channel == DispatchChannel::Local || row.channel == DispatchChannel::Edxml;
}

/// The letter's own package to this receiver was given up before it left (and no package of it
/// reached the receiver): the cancelled item.
std::optional<OutboxItem> cancelledDelivery(const std::vector<OutboxItem>& items,
                                            const std::string& recipientCode) {
    std::optional<OutboxItem> cancelled;
    for (const auto& item : items) {
        if (item.recipientCode != recipientCode || !item.affects.empty()) {
            continue;
        }
        if (!item.deliveredAt.empty()) {
            return std::nullopt;
        }
        if (!item.cancelledAt.empty()) {
            cancelled = item;
        }
    }
    return cancelled;
}

/// An issued document of the actor's office; NotFound otherwise (other offices' letters are not
/// revealed).
OutgoingDocument issuedOfOffice(const Storage& storage, const User& user, Id id) {
    refuseAdministrator(user);
    const auto doc = storage.findDocument(id);
    if (!doc || doc->officeId != user.officeId || doc->state != DocumentState::Issued) {
        throw NotFound("Không tìm thấy văn bản đã ban hành này, hoặc bạn không được xem văn bản "
                       "này.");
    }
    return *doc;
}

/// The copy if the user may see it (NotFound otherwise), and only the clerk of the receiving
/// office may answer a request (Forbidden).
IncomingDocument answerableCopy(const Storage& storage, const User& user, Id id) {
    refuseAdministrator(user);
    const auto doc = storage.findIncoming(id);
    if (!doc || !canSeeIncoming(user, *doc)) {
        throw NotFound("Không tìm thấy văn bản đến này, hoặc bạn không được xem văn bản này.");
    }
    if (user.role != Role::Clerk) {
        throw Forbidden("Chỉ văn thư của cơ quan nhận mới được trả lời đề nghị thu hồi.");
    }
    if (doc->recall.state != kRecallRequested) {
        throw Conflict(doc->recall.destroyed()
                           ? "Văn bản này đã được thu hồi hoặc thay thế."
                           : "Văn bản này không có đề nghị thu hồi hay thay thế nào đang chờ.");
    }
    return *doc;
}

} // namespace

Recall::Recall(Storage& storage, BlobStore& blobs, AuditTrail& audit, Clock clock)
    : storage_(storage), blobs_(blobs), audit_(audit),
      clock_(clock ? std::move(clock) : systemClock()) {}

RecallStatus recallStatusOf(const Storage& storage, Id documentId) {
    RecallStatus status;
    status.requests = storage.recallRequests(documentId);
    if (status.requests.empty()) {
        return status;
    }
    status.latest = status.requests.back();
    const auto& latest = *status.latest;
    const auto deliveries = storage.outboxDocumentItems(documentId);
    int waiting = 0, agreed = 0, refused = 0;
    for (const auto& row : storage.dispatches(documentId)) {
        RecallAnswer answer;
        answer.recipientCode = row.recipientCode;
        answer.recipientName = row.recipientName;
        answer.channel = row.channel;
        if (!electronic(row)) {
            status.answers.push_back(answer);
            continue;
        }
        if (const auto given = cancelledDelivery(deliveries, row.recipientCode)) {
            answer.cancelled = true;
            answer.at = given->cancelledAt;
            answer.reason = given->lastError;
            ++agreed;
            status.answers.push_back(answer);
            continue;
        }
        // The receiver's latest answer given after this request (an earlier refusal is about an
        // earlier request).
        for (const auto& seen : row.history) {
            if ((seen.statusCode == kStatusRecallAgreed ||
                 seen.statusCode == kStatusRecallRefused) &&
                seen.at >= latest.requestedAt && seen.at >= answer.at) {
                answer.statusCode = seen.statusCode;
                answer.at = seen.at;
                answer.reason = seen.description;
            }
        }
        if (answer.statusCode.empty()) {
            ++waiting;
        } else if (answer.statusCode == kStatusRecallAgreed) {
            ++agreed;
        } else {
            ++refused;
        }
        status.answers.push_back(answer);
    }
    if (waiting > 0) {
        status.state = kIssuerRecallRequested;
    } else if (refused > 0) {
        status.state = kIssuerRecallRefused;
    } else {
        status.state = latest.kind == kRecallKindReplacement ? kIssuerReplaced
                       : latest.kind == kRecallKindUpdate    ? kIssuerUpdated
                                                             : kIssuerRecalled;
    }
    (void)agreed;
    return status;
}

RecallStatus Recall::statusOf(Id documentId) const {
    return recallStatusOf(storage_, documentId);
}

RecallStatus Recall::status(const Actor& actor, Id documentId) const {
    const User user = activeUser(storage_, actor);
    issuedOfOffice(storage_, user, documentId);
    return statusOf(documentId);
}

RecallStatus Recall::request(const Actor& actor, Id documentId, const std::string& reason,
                             std::optional<Id> replacementId, bool update) {
    storage_.transaction([&] {
        const User user = activeUser(storage_, actor);
        const auto doc = issuedOfOffice(storage_, user, documentId);
        if (user.role != Role::Leader) {
            throw Forbidden("Chỉ lãnh đạo cơ quan ban hành mới được đề nghị thu hồi hoặc thay "
                            "thế văn bản.");
        }
        const auto current = statusOf(documentId);
        if (current.frozen()) {
            throw Conflict("Văn bản này đã được thu hồi hoặc thay thế; không đề nghị thêm được.");
        }
        if (current.state == kIssuerRecallRequested) {
            throw Conflict("Đề nghị thu hồi trước của văn bản này còn chờ nơi nhận trả lời.");
        }
        if (blank(reason)) {
            throw InvalidInput("reason", "Hãy ghi lý do thu hồi hoặc thay thế văn bản.");
        }
        if (update && !replacementId) {
            throw InvalidInput("replacementId", "Hãy chọn văn bản cập nhật: bản đã ban hành "
                                                "thay cho văn bản này.");
        }
        const auto rows = storage_.dispatches(documentId);
        std::optional<OutgoingDocument> replacement;
        if (replacementId) {
            replacement = storage_.findDocument(*replacementId);
            if (!replacement || replacement->officeId != doc.officeId ||
                replacement->state != DocumentState::Issued || replacement->id == doc.id) {
                throw InvalidInput("replacementId", "Văn bản thay thế phải là một văn bản khác "
                                                    "đã ban hành của cơ quan.");
            }
            if (statusOf(replacement->id).frozen()) {
                throw InvalidInput("replacementId", "Văn bản thay thế đã bị thu hồi.");
            }
            const auto& to = replacement->draft.recipientOffices;
            for (const auto& row : rows) {
                if (electronic(row) &&
                    std::find(to.begin(), to.end(), row.recipientCode) == to.end()) {
                    throw InvalidInput("replacementId",
                                       "Văn bản thay thế phải được gửi tới mọi nơi đã nhận văn "
                                       "bản bị thay thế (thiếu " +
                                           row.recipientName + ").");
                }
            }
        }
        RecallRequest r;
        r.documentId = doc.id;
        r.kind = update        ? kRecallKindUpdate
                 : replacement ? kRecallKindReplacement
                               : kRecallKindRecall;
        r.reason = reason;
        r.replacementId = replacementId;
        r.requestedBy = user.id;
        r.requestedAt = vietnamTimestamp(clock_());
        r.id = storage_.addRecallRequest(r);
        const auto sender = storage_.findOffice(doc.officeId);
        ExchangeOutbox outbox(storage_, blobs_);
        const auto deliveries = storage_.outboxDocumentItems(doc.id);
        std::vector<std::string> asked, notSent;
        for (auto row : rows) {
            if (row.channel == DispatchChannel::Edxml &&
                cancelUndelivered(outbox, deliveries, row, r.kind, reason)) {
                notSent.push_back(row.recipientName);
                continue;
            }
            if (row.channel == DispatchChannel::Local) {
                RecallNotice notice;
                notice.senderCode = sender->code;
                notice.exchangeId = doc.exchangeId;
                notice.kind = r.kind;
                notice.reason = reason;
                notice.requestedAt = r.requestedAt;
                notice.replacedBy = replacement ? replacement->exchangeId : "";
                receive(notice);
            } else if (row.channel == DispatchChannel::Edxml) {
                OutboxItem item;
                item.peer = row.peer;
                item.recipientCode = row.recipientCode;
                item.senderCode = sender->code;
                item.statusDescription = reason;
                item.statusAt = r.requestedAt;
                item.staff = user.fullName;
                if (replacement) {
                    // The replacing letter's own package again, of business type 3 naming this
                    // one (the receiver is idempotent on the package id).
                    item.kind = kOutboxDocument;
                    item.documentId = replacement->id;
                    item.exchangeId = replacement->exchangeId;
                    item.packageId = replacement->exchangeId + "/" + row.recipientCode;
                    item.affects = doc.exchangeId;
                } else {
                    item.kind = kOutboxStatus;
                    item.statusCode = kStatusRecallRequest;
                    item.documentId = doc.id;
                    item.exchangeId = doc.exchangeId;
                    item.packageId = doc.exchangeId + "/" + row.recipientCode;
                }
                outbox.add(item, clock_());
            } else {
                continue;
            }
            asked.push_back(row.recipientName);
        }
        const auto joined = [](const std::vector<std::string>& list) {
            std::string names;
            for (const auto& name : list) {
                names += (names.empty() ? "" : "; ") + name;
            }
            return names;
        };
        const auto names = joined(asked);
        audit_.record(
            {user.id, user.username,
             r.kind == kRecallKindRecall   ? "recall-request"
             : r.kind == kRecallKindUpdate ? "update-request"
                                           : "replace-request",
             documentObject(doc.id), actor.address,
             (replacement
                  ? (update ? "Cập nhật bằng " : "Thay thế bằng ") + replacement->notation + ". "
                  : std::string()) +
                 "Lý do: " + reason + ". Gửi đề nghị tới: " + (names.empty() ? "không" : names) +
                 "." +
                 (notSent.empty()
                      ? std::string()
                      : " Chưa gửi đi nên đã hủy việc gửi tới: " + joined(notSent) + ".")});
    });
    return statusOf(documentId);
}

bool Recall::cancelUndelivered(ExchangeOutbox& outbox, const std::vector<OutboxItem>& deliveries,
                               DispatchRecord& row, const std::string& kind,
                               const std::string& reason) {
    std::vector<Id> pending;
    bool given = false;
    for (const auto& item : deliveries) {
        if (item.recipientCode != row.recipientCode || !item.affects.empty()) {
            continue;
        }
        if (!item.deliveredAt.empty()) {
            return false; // it reached the receiver: ask it
        }
        if (item.cancelledAt.empty()) {
            pending.push_back(item.id);
        } else {
            given = true; // an earlier request gave it up: nothing to ask
        }
    }
    if (pending.empty()) {
        return given;
    }
    const std::string note =
        std::string("Chưa gửi đi khi văn bản bị ") +
        (kind == kRecallKindReplacement ? "thay thế"
         : kind == kRecallKindUpdate    ? "cập nhật"
                                        : "thu hồi") +
        ": đã hủy việc gửi, nơi nhận không nhận được văn bản này. Lý do: " + reason;
    for (const auto id : pending) {
        outbox.cancel(id, note, clock_());
    }
    row.note = note;
    storage_.updateDispatch(row);
    return true;
}

std::vector<Id> Recall::receive(const RecallNotice& notice) {
    std::vector<Id> ids;
    storage_.transaction([&] {
        auto copies = storage_.findIncomingByExchangeId(notice.senderCode, notice.exchangeId);
        if (copies.empty()) {
            throw NotFound("Không có văn bản đến nào mã " + notice.exchangeId + " của cơ quan " +
                           notice.senderCode + " trên máy chủ này.");
        }
        for (auto& copy : copies) {
            ids.push_back(copy.id);
            if (copy.recall.destroyed() || (copy.recall.requestedAt == notice.requestedAt &&
                                            copy.recall.kind == notice.kind)) {
                continue; // already gone, or the same request delivered again
            }
            copy.recall = IncomingRecall{};
            copy.recall.state = kRecallRequested;
            copy.recall.kind = notice.kind;
            copy.recall.reason = notice.reason;
            copy.recall.requestedAt = notice.requestedAt;
            copy.recall.replacedBy = notice.replacedBy;
            copy.updatedAt = vietnamTimestamp(clock_());
            storage_.updateIncomingRecall(copy);
            audit_.record({std::nullopt, notice.senderCode,
                           notice.kind == kRecallKindRecall   ? "recall-requested"
                           : notice.kind == kRecallKindUpdate ? "update-requested"
                                                              : "replace-requested",
                           incomingObject(copy.id), "", "Lý do: " + notice.reason});
        }
    });
    return ids;
}

IncomingDocument Recall::agree(const Actor& actor, Id incomingId, const std::string& note) {
    IncomingDocument copy;
    std::set<std::string> released;
    storage_.transaction([&] {
        const User user = activeUser(storage_, actor);
        copy = answerableCopy(storage_, user, incomingId);
        if (const auto files = storage_.caseFilesHolding(kIncomingKind, copy.id); !files.empty()) {
            // A case file (and its archive package) needs the document's PDF.
            const auto held = storage_.findCaseFile(files.front());
            throw Conflict("Văn bản đang nằm trong hồ sơ " + (held ? held->code : std::string()) +
                           "; hãy rút văn bản khỏi hồ sơ trước khi đồng ý thu hồi.");
        }
        released.insert(copy.pdf);
        copy.pdf.clear();
        for (auto& attachment : copy.attachments) {
            released.insert(attachment.blob);
            attachment.blob.clear();
        }
        copy.recall.state = copy.recall.kind == kRecallKindRecall ? kRecallDone : kRecallReplaced;
        copy.recall.answer = note;
        copy.recall.answeredAt = copy.updatedAt = vietnamTimestamp(clock_());
        copy.recall.answeredBy = user.id;
        storage_.updateIncomingRecall(copy);
        audit_.record({user.id, user.username, "recall-agree", incomingObject(copy.id),
                       actor.address,
                       recallLabel(copy.recall) + (note.empty() ? "" : ": " + note) +
                           ". Nội dung bản nhận đã hủy."});
        Dispatch(storage_, blobs_, audit_, clock_, {})
            .reportStatus(copy, kStatusRecallAgreed, note, user.fullName);
        // The content goes now when no other row points to it (a local copy shares its bytes
        // with the issuer's PDF, which stays).
        const auto referenced = storage_.referencedBlobs();
        for (const auto& blob : released) {
            if (!blob.empty() &&
                std::find(referenced.begin(), referenced.end(), blob) == referenced.end()) {
                blobs_.remove(blob);
            }
        }
    });
    return copy;
}

IncomingDocument Recall::refuse(const Actor& actor, Id incomingId, const std::string& reason) {
    IncomingDocument copy;
    storage_.transaction([&] {
        const User user = activeUser(storage_, actor);
        copy = answerableCopy(storage_, user, incomingId);
        if (blank(reason)) {
            throw InvalidInput("reason", "Hãy ghi lý do từ chối thu hồi.");
        }
        copy.recall.state = kRecallRefused;
        copy.recall.answer = reason;
        copy.recall.answeredAt = copy.updatedAt = vietnamTimestamp(clock_());
        copy.recall.answeredBy = user.id;
        storage_.updateIncomingRecall(copy);
        audit_.record({user.id, user.username, "recall-refuse", incomingObject(copy.id),
                       actor.address, "Từ chối: " + reason});
        Dispatch(storage_, blobs_, audit_, clock_, {})
            .reportStatus(copy, kStatusRecallRefused, reason, user.fullName);
    });
    return copy;
}

} // namespace vanthu::docmgmt
