#include "http/IncomingViews.hpp"

#include <Poco/JSON/Parser.h>

#include "http/Json.hpp"

namespace vanthu::http {

namespace {

Poco::Dynamic::Var optionalId(const std::optional<Id>& id) {
    return id ? Poco::Dynamic::Var(*id) : Poco::Dynamic::Var();
}

Poco::JSON::Array::Ptr stringArray(const std::vector<std::string>& items) {
    auto array = newArray();
    for (const auto& item : items) {
        array->add(item);
    }
    return array;
}

/// The verifier's stored report, or null when it cannot be read back.
Poco::Dynamic::Var reportOrNull(const std::string& json) {
    if (json.empty()) {
        return {};
    }
    try {
        return Poco::JSON::Parser().parse(json);
    } catch (const Poco::Exception&) {
        return {};
    }
}

Poco::JSON::Object::Ptr periodJson(const docmgmt::PeriodFigures& m) {
    auto json = newObject();
    json->set("period", m.period);
    json->set("received", m.received);
    json->set("receivedElectronicSigned", m.receivedElectronicSigned);
    json->set("shareReceivedElectronic", m.shareReceivedElectronic());
    json->set("sent", m.sent);
    json->set("sentElectronicSigned", m.sentElectronicSigned);
    json->set("shareSentElectronic", m.shareSentElectronic());
    json->set("handled", m.handled);
    json->set("handledOnTime", m.handledOnTime);
    json->set("shareHandledOnTime", m.shareHandledOnTime());
    return json;
}

Poco::JSON::Array::Ptr deadlineItems(const std::vector<docmgmt::DeadlineItem>& items) {
    auto array = newArray();
    for (const auto& item : items) {
        auto json = newObject();
        json->set("id", item.document.id);
        json->set("notation", item.document.notation);
        json->set("senderName", item.document.senderName);
        json->set("subject", item.document.subject);
        json->set("arrivalNumber", item.document.arrivalNumber
                                       ? Poco::Dynamic::Var(*item.document.arrivalNumber)
                                       : Poco::Dynamic::Var());
        json->set("deadline", item.document.deadline);
        json->set("state", docmgmt::toString(item.document.state));
        json->set("assigneeName", item.assigneeName);
        json->set("daysLeft", item.daysLeft);
        json->set("myRole", item.role);
        array->add(json);
    }
    return array;
}

} // namespace

Poco::JSON::Object::Ptr incomingSummaryJson(const docmgmt::IncomingDocument& d, UserNames& names) {
    auto json = newObject();
    json->set("id", d.id);
    json->set("state", docmgmt::toString(d.state));
    json->set("channel", d.channel);
    json->set("senderCode", d.senderCode);
    json->set("senderName", d.senderName);
    json->set("notation", d.notation);
    json->set("issuedDate", d.issuedDate);
    json->set("typeName", d.typeName);
    json->set("subject", d.subject);
    json->set("urgency", d.urgency);
    json->set("secrecy", d.secrecy);
    json->set("limited", d.access.limited); // docs/access-rules.md "Secret documents"
    json->set("signatureStatus", d.signatureStatus);
    json->set("receivedAt", d.receivedAt);
    json->set("arrivalNumber",
              d.arrivalNumber ? Poco::Dynamic::Var(*d.arrivalNumber) : Poco::Dynamic::Var());
    json->set("arrivalDate", d.arrivalDate);
    json->set("assigneeId", optionalId(d.assigneeId));
    json->set("assigneeName", names.of(d.assigneeId));
    json->set("assignedUnit", d.assignedUnit);
    json->set("deadline", d.deadline);
    json->set("updatedAt", d.updatedAt);
    json->set("recall", d.recall.state);
    json->set("recallLabel", docmgmt::recallLabel(d.recall));
    json->set("possibleDuplicate", d.duplicate.marked());
    return json;
}

Poco::JSON::Object::Ptr earlierEntryJson(const docmgmt::EarlierEntry& e) {
    auto json = newObject();
    json->set("kind", e.kind);
    json->set("id", e.id);
    json->set("match", e.match);
    json->set("arrivalNumber",
              e.arrivalNumber ? Poco::Dynamic::Var(*e.arrivalNumber) : Poco::Dynamic::Var());
    json->set("arrivalDate", e.arrivalDate);
    json->set("receivedAt", e.receivedAt);
    json->set("state", e.state);
    json->set("channel", e.channel);
    json->set("senderName", e.senderName);
    json->set("notation", e.notation);
    json->set("issuedDate", e.issuedDate);
    json->set("subject", e.subject);
    return json;
}

Poco::Dynamic::Var duplicateJson(const docmgmt::DuplicateMark& mark,
                                 const std::optional<docmgmt::EarlierEntry>& earlier) {
    if (!mark.marked()) {
        return Poco::Dynamic::Var();
    }
    auto json = newObject();
    json->set("kind", mark.kind);
    json->set("of", *mark.of);
    json->set("match", mark.match);
    json->set("reason", mark.reason);
    json->set("earlier",
              earlier ? Poco::Dynamic::Var(earlierEntryJson(*earlier)) : Poco::Dynamic::Var());
    return Poco::Dynamic::Var(json);
}

Poco::JSON::Object::Ptr incomingJson(const docmgmt::IncomingDocument& d, UserNames& names,
                                     const std::optional<docmgmt::OutgoingDocument>& reply,
                                     const std::vector<docmgmt::AuditRecord>& history,
                                     const std::vector<std::string>& allowedActions) {
    auto json = incomingSummaryJson(d, names);
    json->set("packageId", d.packageId);
    json->set("exchangeId", d.exchangeId);
    json->set("number", d.number);
    json->set("place", d.place);
    json->set("typeCode", d.typeCode);
    json->set("signerName", d.signerName);
    json->set("signerPosition", d.signerPosition);
    json->set("recipients", stringArray(d.recipients));
    json->set("dueDate", d.dueDate);
    json->set("issuedAmount", d.issuedAmount);
    json->set("pageAmount", d.pageAmount);
    json->set("language", d.language);
    json->set("description", d.description);
    json->set("responseFor", d.responseFor);
    json->set("signatureReport", reportOrNull(d.signatureReport));
    json->set("refuseReason", d.refuseReason);
    json->set("assignedById", optionalId(d.assignedById));
    json->set("assignedByName", names.of(d.assignedById));
    json->set("instructions", d.instructions);
    json->set("assignedAt", d.assignedAt);
    json->set("assignmentVersion", d.assignmentVersion);
    json->set("startedAt", d.startedAt);
    json->set("doneAt", d.doneAt);
    json->set("doneNote", d.doneNote);
    json->set("enteredBy", optionalId(d.enteredBy));
    auto recall = newObject();
    recall->set("state", d.recall.state);
    recall->set("kind", d.recall.kind);
    recall->set("reason", d.recall.reason);
    recall->set("requestedAt", d.recall.requestedAt);
    recall->set("answer", d.recall.answer);
    recall->set("answeredAt", d.recall.answeredAt);
    recall->set("answeredBy", optionalId(d.recall.answeredBy));
    recall->set("answeredByName", names.of(d.recall.answeredBy));
    recall->set("replacedBy", d.recall.replacedBy);
    recall->set("label", docmgmt::recallLabel(d.recall));
    json->set("recallDetails", recall);
    auto attachments = newArray();
    for (std::size_t i = 0; i < d.attachments.size(); ++i) {
        auto a = newObject();
        a->set("index", static_cast<int>(i));
        a->set("name", d.attachments[i].name);
        a->set("contentType", d.attachments[i].contentType);
        attachments->add(a);
    }
    json->set("attachments", attachments);
    json->set("replyDocumentId", optionalId(d.replyDocumentId));
    json->set("reply", reply ? Poco::Dynamic::Var(documentSummaryJson(*reply, names))
                             : Poco::Dynamic::Var());
    auto handlers = newArray();
    for (const auto& h : d.handlers) {
        auto item = newObject();
        item->set("userId", h.userId);
        item->set("name", names.of(h.userId));
        item->set("role", h.role);
        item->set("roleLabel", docmgmt::handlerRoleLabel(h.role));
        item->set("status", h.status);
        item->set("statusLabel", docmgmt::handlerStatusLabel(h.role, h.status));
        item->set("note", h.note);
        item->set("assignedById", optionalId(h.assignedBy));
        item->set("assignedAt", h.assignedAt);
        item->set("updatedAt", h.updatedAt);
        handlers->add(item);
    }
    json->set("handlers", handlers);
    auto instructions = newArray();
    for (const auto& i : d.instructionHistory) {
        auto item = newObject();
        item->set("id", i.id);
        item->set("authorId", optionalId(i.authorId));
        item->set("authorName", names.of(i.authorId));
        item->set("givenAt", i.givenAt);
        item->set("text", i.text);
        instructions->add(item);
    }
    json->set("instructionHistory", instructions);
    json->set("history", historyJson(history, names));
    json->set("allowedActions", stringArray(allowedActions));
    return json;
}

void setMyPart(Poco::JSON::Object::Ptr json, const docmgmt::IncomingDocument& d, Id userId) {
    std::string role, status;
    if (const auto* h = d.handlerOf(userId)) {
        role = h->role;
        status = h->status;
    } else if (d.assigneeId && *d.assigneeId == userId) {
        role = docmgmt::kHandlerLead;
    }
    json->set("myRole", role);
    json->set("myRoleLabel", role.empty() ? "" : docmgmt::handlerRoleLabel(role));
    json->set("myStatus", status);
    json->set("myStatusLabel", role.empty() ? "" : docmgmt::handlerStatusLabel(role, status));
}

namespace {

/// The transport of a recipient's package, apart from its business statuses: waiting, sent to
/// the peer, handed to the national axis and what the axis says of its delivery (getSentEdocList).
Poco::Dynamic::Var deliveryJson(const docmgmt::DispatchRecord& record) {
    if (!record.transport) {
        return {};
    }
    const auto& t = *record.transport;
    auto json = newObject();
    std::string state;
    std::string label;
    if (!t.cancelledAt.empty()) {
        state = "cancelled";
        label = "Không gửi (đã hủy)";
    } else if (t.deliveredAt.empty()) {
        state = t.attempts == 0 ? "waiting" : "retrying";
        label = t.attempts == 0 ? "Đang chờ gửi" : "Chưa gửi được, sẽ thử lại";
    } else if (t.axisDocId.empty()) {
        state = "sent";
        label = "Đã chuyển đến máy chủ " + t.peer;
    } else if (t.axisReceiveStatus == "done") {
        state = "received";
        label = "Nơi nhận đã lấy gói tin từ trục liên thông";
    } else if (t.axisReceiveStatus == "fail") {
        state = "failed";
        label = "Nơi nhận báo không nhận được gói tin";
    } else if (t.axisReceiveStatus == "processing") {
        state = "processing";
        label = "Nơi nhận đang lấy gói tin";
    } else {
        state = "at-axis";
        label = "Trục liên thông đã nhận, nơi nhận chưa lấy";
    }
    json->set("state", state);
    json->set("label", label);
    json->set("via", t.axisDocId.empty() ? (t.deliveredAt.empty() ? "" : "peer") : "axis");
    json->set("attempts", t.attempts);
    json->set("lastError", t.lastError);
    json->set("sentAt", t.deliveredAt);
    json->set("axisDocId", t.axisDocId);
    json->set("receiverDocId", t.axisReceiverDocId);
    json->set("receiveStatus", t.axisReceiveStatus);
    json->set("sendStatus", t.axisSendStatus);
    json->set("checkedAt", t.axisCheckedAt);
    return json;
}

} // namespace

Poco::JSON::Array::Ptr recipientsJson(const std::vector<docmgmt::DispatchRecord>& records) {
    auto array = newArray();
    for (const auto& r : records) {
        auto json = newObject();
        json->set("recipientCode", r.recipientCode);
        json->set("recipientName", r.recipientName);
        json->set("channel", docmgmt::toString(r.channel));
        json->set("peer", r.peer);
        json->set("statusCode", r.statusCode);
        json->set("statusLabel", r.statusCode.empty() ? "" : docmgmt::statusLabel(r.statusCode));
        json->set("statusAt", r.statusAt);
        json->set("statusDescription", r.statusDescription);
        json->set("sentAt", r.sentAt);
        json->set("note", r.note);
        auto history = newArray();
        for (const auto& s : r.history) {
            auto status = newObject();
            status->set("statusCode", s.statusCode);
            status->set("statusLabel", docmgmt::statusLabel(s.statusCode));
            status->set("at", s.at);
            status->set("description", s.description);
            status->set("staff", s.staff);
            history->add(status);
        }
        json->set("history", history);
        json->set("delivery", deliveryJson(r));
        array->add(json);
    }
    return array;
}

Poco::JSON::Object::Ptr deadlinesJson(const docmgmt::DeadlineReport& report) {
    auto json = newObject();
    json->set("today", report.today);
    json->set("dueSoonDays", report.dueSoonDays);
    json->set("overdue", deadlineItems(report.overdue));
    json->set("dueSoon", deadlineItems(report.dueSoon));
    auto people = newArray();
    for (const auto& p : report.people) {
        auto person = newObject();
        person->set("userId", optionalId(p.userId));
        person->set("name", p.name);
        person->set("open", p.open);
        person->set("overdue", p.overdue);
        person->set("dueSoon", p.dueSoon);
        people->add(person);
    }
    json->set("people", people);
    return json;
}

Poco::JSON::Object::Ptr figuresJson(const docmgmt::FiguresReport& report) {
    auto json = newObject();
    json->set("from", report.from);
    json->set("to", report.to);
    auto months = newArray();
    for (const auto& m : report.months) {
        months->add(periodJson(m));
    }
    json->set("months", months);
    json->set("total", periodJson(report.total));
    return json;
}

Poco::JSON::Object::Ptr incomingRegisterJson(const docmgmt::IncomingRegisterPage& page) {
    auto json = newObject();
    json->set("total", page.total);
    auto entries = newArray();
    for (const auto& e : page.entries) {
        auto entry = newObject();
        entry->set("incomingId", e.incomingId);
        entry->set("arrivalDate", e.arrivalDate);
        entry->set("arrivalNumber", e.arrivalNumber);
        entry->set("author", e.author);
        entry->set("notation", e.notation);
        entry->set("issuedDate", e.issuedDate);
        entry->set("typeName", e.typeName);
        entry->set("subject", e.subject);
        entry->set("recipient", e.recipient);
        entry->set("handedAt", e.handedAt);
        entry->set("channel", e.channel);
        entry->set("deadline", e.deadline);
        entry->set("progress", e.progress);
        entry->set("reply", e.reply);
        entries->add(entry);
    }
    json->set("entries", entries);
    return json;
}

Poco::JSON::Object::Ptr recallJson(const docmgmt::RecallStatus& status, UserNames& names) {
    auto json = newObject();
    json->set("state", status.state);
    json->set("frozen", status.frozen());
    auto requestJson = [&](const docmgmt::RecallRequest& r) {
        auto o = newObject();
        o->set("id", r.id);
        o->set("kind", r.kind);
        o->set("reason", r.reason);
        o->set("replacementId", optionalId(r.replacementId));
        o->set("requestedBy", r.requestedBy);
        o->set("requestedByName", names.of(std::optional<Id>(r.requestedBy)));
        o->set("requestedAt", r.requestedAt);
        return o;
    };
    json->set("latest", status.latest ? Poco::Dynamic::Var(requestJson(*status.latest))
                                      : Poco::Dynamic::Var());
    auto requests = newArray();
    for (const auto& r : status.requests) {
        requests->add(requestJson(r));
    }
    json->set("requests", requests);
    auto answers = newArray();
    for (const auto& a : status.answers) {
        auto o = newObject();
        o->set("recipientCode", a.recipientCode);
        o->set("recipientName", a.recipientName);
        o->set("channel", docmgmt::toString(a.channel));
        o->set("statusCode", a.statusCode);
        o->set("at", a.at);
        o->set("reason", a.reason);
        o->set("cancelled", a.cancelled);
        answers->add(o);
    }
    json->set("answers", answers);
    return json;
}

} // namespace vanthu::http
