#include "vanthu/docmgmt/IncomingFlow.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "Actors.hpp"
#include "Csv.hpp"
#include "Duplicates.hpp"
#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/BlobStore.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/Preservation.hpp"
#include "vanthu/docmgmt/Storage.hpp"

namespace vanthu::docmgmt {

namespace {

/// The incoming register's series in register_counters (one series a year, paper and
/// electronic together: NĐ 30 Điều 22).
constexpr const char* kIncomingSeries = "incoming";

bool blank(const std::string& text) {
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

bool isOneOf(IncomingState state, std::initializer_list<IncomingState> states) {
    return std::find(states.begin(), states.end(), state) != states.end();
}

/// Hỏa tốc 3, thượng khẩn 2, khẩn 1, anything else 0 (SqlStorage's kUrgencyRank).
int urgencyRank(const std::string& urgency) {
    return urgency == "hoa-toc" ? 3 : urgency == "thuong-khan" ? 2 : urgency == "khan" ? 1 : 0;
}

std::string objectName(Id id) {
    return "incoming/" + std::to_string(id);
}

std::string dateOf(const std::string& timestamp) {
    return timestamp.substr(0, std::min<std::size_t>(10, timestamp.size()));
}

double share(int part, int whole) {
    return whole == 0 ? 0.0 : static_cast<double>(part) / whole;
}

std::string percent(double value) {
    char text[16];
    std::snprintf(text, sizeof text, "%.1f", value * 100.0);
    return text;
}

} // namespace

double PeriodFigures::shareHandledOnTime() const {
    return share(handledOnTime, handled);
}
double PeriodFigures::shareReceivedElectronic() const {
    return share(receivedElectronicSigned, received);
}
double PeriodFigures::shareSentElectronic() const {
    return share(sentElectronicSigned, sent);
}

struct IncomingFlow::Impl {
    Storage& storage;
    BlobStore& blobs;
    AuditTrail& audit;
    OutgoingFlow& outgoing;
    IncomingSettings settings;
    std::unique_ptr<Dispatch> dispatch;

    Impl(Storage& s, BlobStore& b, AuditTrail& a, OutgoingFlow& o, IncomingSettings f)
        : storage(s), blobs(b), audit(a), outgoing(o), settings(std::move(f)) {
        if (!settings.clock) {
            settings.clock = systemClock();
        }
        dispatch = std::make_unique<Dispatch>(storage, blobs, audit, settings.clock,
                                              settings.verification);
    }

    std::string nowText() const { return vietnamTimestamp(settings.clock()); }
    VietnamDate today() const { return vietnamDate(settings.clock()); }

    User current(const Actor& actor) const { return activeUser(storage, actor); }

    static bool canSee(const User& user, const IncomingDocument& doc) {
        return canSeeIncoming(user, doc);
    }

    IncomingDocument visible(const User& user, Id id) const {
        refuseAdministrator(user);
        const auto doc = storage.findIncoming(id);
        if (!doc || !canSee(user, *doc)) {
            throw NotFound("Không tìm thấy văn bản đến này, hoặc bạn không được xem văn bản này.");
        }
        return *doc;
    }

    static PossibleDuplicate possibleDuplicate(const EarlierEntry& earlier) {
        return PossibleDuplicate("Văn bản này có thể trùng với " + describe(earlier) +
                                     ". Nếu vẫn nhận, hãy ghi lý do.",
                                 earlier);
    }

    static void requireRole(const User& user, Role role, const std::string& message) {
        if (user.role != role) {
            throw Forbidden(message);
        }
    }

    static bool isAssignee(const User& user, const IncomingDocument& doc) {
        return doc.assigneeId && *doc.assigneeId == user.id;
    }

    static void requireAssignee(const User& user, const IncomingDocument& doc) {
        if (!isAssignee(user, doc)) {
            throw Forbidden("Chỉ người được giao xử lý văn bản này mới làm được việc này.");
        }
    }

    /// "<message> <who> <did it> lúc <time>.": the latest of these actions on the document in the
    /// audit trail, so that a clerk who was second learns who was first (Phụ lục VI IV.2).
    std::string whoDid(const IncomingDocument& doc, std::initializer_list<const char*> actions,
                       const std::string& message) const {
        const auto entries = audit.about(objectName(doc.id));
        for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
            for (const char* action : actions) {
                if (it->action != action) {
                    continue;
                }
                const auto who = storage.findUserByName(it->username);
                const std::string name = who ? who->fullName : it->username;
                const std::string what =
                    it->action == "register"
                        ? "vào sổ" + (doc.arrivalNumber
                                          ? " (số đến " + std::to_string(*doc.arrivalNumber) + ")"
                                          : std::string())
                        : "từ chối";
                return "Văn bản này đã được " + name + " " + what + " lúc " + it->at.substr(11, 5) +
                       " ngày " + it->at.substr(8, 2) + "/" + it->at.substr(5, 2) + "/" +
                       it->at.substr(0, 4) + "; không vào sổ lại được.";
            }
        }
        return message;
    }

    /// Refuses an assignment made from an older distribution than the stored one: StaleVersion
    /// names who assigned or forwarded it last, and when.
    void requireAssignmentVersion(const IncomingDocument& doc,
                                  const std::optional<int>& baseVersion) const {
        if (!baseVersion || *baseVersion == doc.assignmentVersion) {
            return;
        }
        throw audit.staleSave(
            "Việc giao xử lý văn bản này", objectName(doc.id),
            [](const AuditRecord& e) {
                return e.action == kActionAssign || e.action == kActionForward;
            },
            doc.assignmentVersion, *baseVersion, doc.assignedAt);
    }

    static void requireState(const IncomingDocument& doc,
                             std::initializer_list<IncomingState> states,
                             const std::string& message) {
        if (!isOneOf(doc.state, states)) {
            throw Conflict(message);
        }
    }

    /// A person of the office who can handle documents.
    User colleague(const User& user, Id id, const std::string& field) const {
        const auto other = storage.findUser(id);
        if (!other || other->officeId != user.officeId || !other->active ||
            other->role == Role::Administrator) {
            throw InvalidInput(field, "Người nhận xử lý phải là cán bộ đang làm việc của cơ quan.");
        }
        return *other;
    }

    /// Stores the new state, writes the audit entry and tells the sender, in the caller's
    /// transaction.
    void commit(const User& user, const Actor& actor, IncomingDocument& doc,
                const std::string& action, const std::string& detail, const std::string& statusCode,
                const std::string& statusDescription) {
        doc.updatedAt = nowText();
        storage.updateIncoming(doc);
        audit.record({user.id, user.username, action, objectName(doc.id), actor.address, detail});
        if (!statusCode.empty()) {
            dispatch->reportStatus(doc, statusCode, statusDescription, user.fullName);
        }
    }

    /// A refused step is kept in the audit trail (who tried what, and why not).
    void recordRefusal(const Actor& actor, Id id, const std::string& action,
                       const std::string& message) {
        try {
            const auto user = currentUser(storage, actor);
            audit.record({user ? std::optional<Id>(user->id) : std::nullopt,
                          user ? user->username : actor.user.username, "refused", objectName(id),
                          actor.address, action + ": " + message});
        } catch (const std::exception&) {
            // the refusal itself is what the caller must see
        }
    }

    /// Runs one step: re-reads the actor and the document inside one transaction. A refusal
    /// (403, 409) is audited after the rollback.
    template <typename Step>
    IncomingDocument step(const Actor& actor, Id id, const std::string& action, Step&& work) {
        try {
            return stepInTransaction(actor, id, work);
        } catch (const PossibleDuplicate&) {
            throw; // not a refusal: the clerk is asked for a reason
        } catch (const Forbidden& e) {
            recordRefusal(actor, id, action, e.what());
            throw;
        } catch (const Conflict& e) {
            recordRefusal(actor, id, action, e.what());
            throw;
        }
    }

    template <typename Step>
    IncomingDocument stepInTransaction(const Actor& actor, Id id, Step& work) {
        IncomingDocument result;
        storage.transaction([&] {
            const User user = current(actor);
            IncomingDocument doc = visible(user, id);
            if (doc.recall.destroyed()) {
                throw Conflict("Văn bản này " + recallLabel(doc.recall) +
                               "; không xử lý tiếp được.");
            }
            work(user, doc);
            result = doc;
        });
        return result;
    }

    /// The handlers after an assignment: the lead, co-handlers and people informed of the input
    /// (checked: colleagues, each once, bounded); one still in the same role keeps their
    /// status; those who forwarded it stay.
    struct Distribution {
        std::vector<IncomingHandler> handlers;
        std::string coNames, informedNames;
    };
    Distribution distribute(const User& leader, const IncomingDocument& doc,
                            const AssignInput& input, const std::string& now) const {
        if (input.coHandlerIds.size() > kMaxDistribution ||
            input.informedIds.size() > kMaxDistribution) {
            throw InvalidInput("coHandlerIds", "Mỗi văn bản giao phối hợp hoặc để biết tối đa " +
                                                   std::to_string(kMaxDistribution) + " người.");
        }
        Distribution out;
        std::vector<Id> chosen;
        auto add = [&](Id userId, const char* role, const char* initial, const std::string& field,
                       std::string* names) {
            if (std::find(chosen.begin(), chosen.end(), userId) != chosen.end()) {
                throw InvalidInput(field, "Mỗi người chỉ nhận một vai trò (chủ trì, phối hợp "
                                          "hoặc để biết) với văn bản này.");
            }
            const User person = colleague(leader, userId, field);
            refuseUnnamed(doc, person, role);
            chosen.push_back(userId);
            IncomingHandler h{userId, role, initial, "", leader.id, now, now};
            if (const auto* before = doc.handlerOf(userId);
                before && before->role == role && std::string(role) != kHandlerLead) {
                h = *before; // kept in the same role: their status and note stay
            }
            out.handlers.push_back(h);
            if (names) {
                *names += (names->empty() ? "" : ", ") + person.fullName;
            }
        };
        if (input.assigneeId) {
            add(*input.assigneeId, kHandlerLead, kHandlerAssigned, "assigneeId", nullptr);
        }
        for (const Id id : input.coHandlerIds) {
            add(id, kHandlerCo, kHandlerAssigned, "coHandlerIds", &out.coNames);
        }
        for (const Id id : input.informedIds) {
            add(id, kHandlerInformed, kHandlerUnread, "informedIds", &out.informedNames);
        }
        for (const auto& h : doc.handlers) {
            if (h.role == kHandlerForwarded &&
                std::find(chosen.begin(), chosen.end(), h.userId) == chosen.end()) {
                out.handlers.push_back(h);
            }
        }
        return out;
    }

    /// A letter limited to named people (docs/access-rules.md "Secret documents") is not
    /// widened by its distribution: a co-handler or one informed must already be named. (The
    /// lead handler sees it as its assignee, as before the distribution.)
    static void refuseUnnamed(const IncomingDocument& doc, const User& person, const char* role) {
        if (std::string(role) == kHandlerLead || doc.access.lets(person.id)) {
            return;
        }
        throw Conflict("Văn bản này chỉ những người có tên được xem; " + person.fullName +
                       " chưa có tên nên không giao " + lowercaseRole(role) +
                       " được. Hãy thêm người này vào danh sách người được xem trước.");
    }
    static std::string lowercaseRole(const char* role) {
        return std::string(role) == kHandlerCo ? "phối hợp" : "để biết";
    }

    /// One handler's own status (and note), stored at once.
    void setStatus(IncomingDocument& doc, Id userId, const std::string& status,
                   const std::string& note) {
        for (auto& h : doc.handlers) {
            if (h.userId == userId) {
                h.status = status;
                h.note = note.empty() ? h.note : note;
                h.updatedAt = nowText();
            }
        }
        storage.setIncomingHandlers(doc.id, doc.handlers);
    }

    /// The lead handler's status follows the letter's state.
    void setLeadStatus(IncomingDocument& doc, const std::string& status) {
        for (auto& h : doc.handlers) {
            if (h.role == kHandlerLead) {
                setStatus(doc, h.userId, status, "");
                return;
            }
        }
    }

    /// The document as stored (its handlers and instructions after a step).
    void reload(IncomingDocument& doc) const {
        if (auto stored = storage.findIncoming(doc.id)) {
            doc = *stored;
        }
    }

    /// The actor's part in a letter they handle: lead, co-handler, informed, forwarded or "".
    static std::string roleOf(const User& user, const IncomingDocument& doc) {
        if (const auto* h = doc.handlerOf(user.id)) {
            return h->role;
        }
        return isAssignee(user, doc) ? kHandlerLead : "";
    }

    std::string nameOf(const std::optional<Id>& id) const {
        if (!id) {
            return {};
        }
        const auto user = storage.findUser(*id);
        return user ? user->fullName : std::string();
    }

    std::vector<IncomingDocument> officeDocuments(const User& user) const {
        std::vector<IncomingDocument> out;
        if (user.role == Role::Administrator) {
            return out;
        }
        for (auto& doc : storage.incomingDocuments(user.officeId)) {
            if (canSee(user, doc)) {
                out.push_back(std::move(doc));
            }
        }
        return out;
    }

    static void requireReportReader(const User& user, const std::string& what) {
        if (user.role != Role::Clerk && user.role != Role::Leader) {
            throw Forbidden("Chỉ văn thư hoặc lãnh đạo của cơ quan mới được xem " + what + ".");
        }
    }
};

IncomingFlow::IncomingFlow(Storage& storage, BlobStore& blobs, AuditTrail& audit,
                           OutgoingFlow& outgoing, IncomingSettings settings)
    : impl_(std::make_unique<Impl>(storage, blobs, audit, outgoing, std::move(settings))) {}

IncomingFlow::~IncomingFlow() = default;

Dispatch& IncomingFlow::dispatch() {
    return *impl_->dispatch;
}

Id IncomingFlow::receive(const ArrivingDocument& arriving) {
    return impl_->dispatch->receive(arriving);
}

void IncomingFlow::recordRecipientStatus(const std::string& exchangeId,
                                         const std::string& recipientCode,
                                         const std::string& statusCode, const std::string& at,
                                         const std::string& description, const std::string& staff) {
    impl_->dispatch->recordRecipientStatus(exchangeId, recipientCode, statusCode, at, description,
                                           staff);
}

bool IncomingFlow::canSee(const User& user, const IncomingDocument& doc) const {
    return Impl::canSee(user, doc);
}

IncomingDocument IncomingFlow::enterPaper(const Actor& actor, ArrivingDocument letter,
                                          const std::string& duplicateReason) {
    IncomingDocument result;
    impl_->storage.transaction([&] {
        const User user = impl_->current(actor);
        Impl::requireRole(user, Role::Clerk, "Chỉ văn thư mới được nhập văn bản giấy đến.");
        const auto office = impl_->storage.findOffice(user.officeId);
        letter.channel = kChannelPaper;
        letter.receiverCode = office->code;
        letter.senderPeer.clear();
        letter.exchangeId.clear();
        if (!letter.dueDate.empty() && !dayNumber(letter.dueDate)) {
            throw InvalidInput("dueDate", "Hạn trả lời phải là ngày dạng 2026-06-30.");
        }
        if (!letter.issuedDate.empty() && !dayNumber(letter.issuedDate)) {
            throw InvalidInput("issuedDate", "Ngày ban hành phải là ngày dạng 2026-06-16.");
        }
        const auto earlier = findEarlierEntry(impl_->storage, office->id, identityOf(letter));
        if (earlier && blank(duplicateReason)) {
            throw Impl::possibleDuplicate(*earlier);
        }
        const Id id = impl_->dispatch->receive(letter);
        IncomingDocument doc = *impl_->storage.findIncoming(id);
        doc.enteredBy = user.id;
        std::string detail = letter.senderName + " — " + letter.notation;
        if (earlier) {
            doc.duplicate = markOf(*earlier);
            doc.duplicate.reason = duplicateReason;
            impl_->storage.updateIncomingDuplicate(doc);
            detail +=
                "; có thể trùng " + describe(*earlier) + "; lý do vẫn nhập: " + duplicateReason;
        }
        impl_->commit(user, actor, doc, "enter-paper", detail, "", "");
        result = doc;
    });
    return result;
}

IncomingDocument IncomingFlow::refuse(const Actor& actor, Id id, const std::string& reason) {
    return impl_->step(actor, id, "refuse", [&](const User& user, IncomingDocument& doc) {
        Impl::requireRole(user, Role::Clerk, "Chỉ văn thư mới được từ chối nhận văn bản.");
        Impl::requireState(doc, {IncomingState::Arrived},
                           "Chỉ từ chối được văn bản vừa đến, chưa vào sổ.");
        if (blank(reason)) {
            throw InvalidInput("reason", "Hãy ghi lý do từ chối để cơ quan gửi biết mà xử lý.");
        }
        doc.state = IncomingState::Refused;
        doc.refuseReason = reason;
        impl_->commit(user, actor, doc, "refuse", reason, kStatusRefused, reason);
    });
}

IncomingDocument IncomingFlow::registerArrival(const Actor& actor, Id id,
                                               const std::string& duplicateReason) {
    IncomingDocument registered = registerInRegister(actor, id, duplicateReason);
    if (impl_->settings.preservation) {
        // Outside the registration's transaction: the TSA and the responders may take seconds.
        try {
            impl_->settings.preservation->augmentIncoming(id);
        } catch (const std::exception&) {
            // kept in its row when it could be; the renewal job makes the copy later
        }
    }
    return registered;
}

IncomingDocument IncomingFlow::registerInRegister(const Actor& actor, Id id,
                                                  const std::string& duplicateReason) {
    return impl_->step(actor, id, "register", [&](const User& user, IncomingDocument& doc) {
        Impl::requireRole(user, Role::Clerk, "Chỉ văn thư mới được vào sổ văn bản đến.");
        if (doc.state != IncomingState::Arrived) { // another clerk was first (IV.2)
            throw Conflict(impl_->whoDid(doc, {"register", "refuse"},
                                         "Văn bản này đã được vào sổ hoặc đã bị từ chối."));
        }
        // The check again: an earlier entry may have come (or been refused) since it arrived.
        const auto earlier = findEarlierEntry(impl_->storage, doc.officeId, identityOf(doc),
                                              {.before = doc.id, .includeImported = true});
        std::string reason = blank(duplicateReason) ? doc.duplicate.reason : duplicateReason;
        if (earlier && blank(reason)) {
            throw Impl::possibleDuplicate(*earlier);
        }
        doc.duplicate = earlier ? markOf(*earlier) : DuplicateMark{};
        doc.duplicate.reason = earlier ? reason : std::string();
        impl_->storage.updateIncomingDuplicate(doc);
        const VietnamDate today = impl_->today();
        const int number = impl_->storage.nextOutgoingNumber(
            {doc.officeId, std::to_string(today.year), kIncomingSeries});
        doc.state = IncomingState::Registered;
        doc.arrivalNumber = number;
        doc.arrivalDate = today.iso();
        doc.arrivalYear = today.year;
        std::string detail = "Số đến " + std::to_string(number) + " ngày " + doc.arrivalDate;
        if (earlier) {
            detail += "; có thể trùng " + describe(*earlier) + "; lý do vẫn vào sổ: " + reason;
        }
        impl_->commit(user, actor, doc, "register", detail, kStatusRegistered,
                      "Số đến " + std::to_string(number));
    });
}

IncomingDocument IncomingFlow::assign(const Actor& actor, Id id, const AssignInput& input) {
    return impl_->step(actor, id, "assign", [&](const User& user, IncomingDocument& doc) {
        Impl::requireRole(user, Role::Leader, "Chỉ lãnh đạo mới được giao xử lý văn bản đến.");
        Impl::requireState(
            doc, {IncomingState::Registered, IncomingState::Assigned, IncomingState::InProgress},
            "Chỉ giao được văn bản đã vào sổ và chưa xử lý xong.");
        impl_->requireAssignmentVersion(doc, input.baseVersion);
        std::string who;
        if (input.assigneeId) {
            who = impl_->colleague(user, *input.assigneeId, "assigneeId").fullName;
        } else if (blank(input.unit)) {
            throw InvalidInput("assigneeId", "Hãy chọn người hoặc đơn vị xử lý.");
        }
        const auto deadline = dayNumber(input.deadline);
        if (!deadline) {
            throw InvalidInput("deadline", "Hạn xử lý phải là ngày dạng 2026-06-30.");
        }
        if (*deadline < *dayNumber(doc.arrivalDate)) {
            throw InvalidInput("deadline", "Hạn xử lý không được trước ngày đến.");
        }
        const std::string now = impl_->nowText();
        const auto distribution = impl_->distribute(user, doc, input, now);
        doc.state = IncomingState::Assigned;
        doc.assigneeId = input.assigneeId;
        doc.assignedUnit = input.unit;
        doc.assignedById = user.id;
        doc.deadline = input.deadline.substr(0, 10);
        doc.assignedAt = now;
        doc.startedAt.clear();
        doc.assignmentVersion += 1;
        if (!input.unit.empty()) {
            who += (who.empty() ? "" : ", ") + input.unit;
        }
        std::string detail = "Giao chủ trì " + who;
        if (!distribution.coNames.empty()) {
            detail += "; phối hợp: " + distribution.coNames;
        }
        if (!distribution.informedNames.empty()) {
            detail += "; để biết: " + distribution.informedNames;
        }
        detail += "; hạn " + doc.deadline;
        if (!blank(input.instructions)) {
            doc.instructions = input.instructions;
            impl_->storage.addIncomingInstruction(doc.id, {0, user.id, now, input.instructions});
            detail += "; ý kiến chỉ đạo: " + input.instructions;
        }
        impl_->storage.setIncomingHandlers(doc.id, distribution.handlers);
        impl_->commit(user, actor, doc, "assign", detail, kStatusAssigned, detail);
        impl_->reload(doc);
    });
}

IncomingDocument IncomingFlow::start(const Actor& actor, Id id) {
    return impl_->step(actor, id, "start", [&](const User& user, IncomingDocument& doc) {
        Impl::requireAssignee(user, doc);
        Impl::requireState(doc, {IncomingState::Assigned},
                           "Chỉ bắt đầu xử lý được văn bản vừa được giao.");
        doc.state = IncomingState::InProgress;
        doc.startedAt = impl_->nowText();
        impl_->setLeadStatus(doc, kHandlerInProgress);
        impl_->commit(user, actor, doc, "start", "", kStatusInProgress, user.fullName);
    });
}

IncomingDocument IncomingFlow::forward(const Actor& actor, Id id, Id toUserId,
                                       const std::string& note) {
    return impl_->step(actor, id, "forward", [&](const User& user, IncomingDocument& doc) {
        Impl::requireAssignee(user, doc);
        Impl::requireState(doc, {IncomingState::Assigned, IncomingState::InProgress},
                           "Chỉ chuyển được văn bản đang được giao xử lý.");
        const User to = impl_->colleague(user, toUserId, "userId");
        if (to.id == user.id) {
            throw InvalidInput("userId", "Hãy chọn một người khác để chuyển văn bản.");
        }
        const std::string now = impl_->nowText();
        // The forwarder keeps sight of it; the new lead leaves any other role they had.
        std::vector<IncomingHandler> handlers;
        for (auto h : doc.handlers) {
            if (h.userId == to.id) {
                continue;
            }
            if (h.userId == user.id) {
                h.role = kHandlerForwarded;
                h.status = kHandlerForwarded;
                h.note = note;
                h.updatedAt = now;
            }
            handlers.push_back(h);
        }
        if (!doc.handlerOf(user.id)) {
            handlers.push_back(
                {user.id, kHandlerForwarded, kHandlerForwarded, note, user.id, now, now});
        }
        handlers.push_back({to.id, kHandlerLead, kHandlerAssigned, "", user.id, now, now});
        impl_->storage.setIncomingHandlers(doc.id, handlers);
        doc.assigneeId = to.id;
        doc.state = IncomingState::Assigned;
        doc.startedAt.clear();
        doc.assignmentVersion += 1;
        const std::string detail =
            "Chuyển " + to.fullName + " chủ trì xử lý" + (note.empty() ? "" : ": " + note);
        impl_->commit(user, actor, doc, "forward", detail, kStatusAssigned, detail);
        impl_->reload(doc);
    });
}

IncomingDocument IncomingFlow::contribute(const Actor& actor, Id id, const std::string& note) {
    return impl_->step(actor, id, kActionContribute, [&](const User& user, IncomingDocument& doc) {
        const auto* mine = doc.handlerOf(user.id);
        if (!mine || mine->role != kHandlerCo) {
            throw Forbidden("Chỉ người được giao phối hợp xử lý văn bản này mới góp ý được.");
        }
        Impl::requireState(doc, {IncomingState::Assigned, IncomingState::InProgress},
                           "Văn bản này không còn đang xử lý; không góp ý được nữa.");
        if (mine->status == kHandlerDone) {
            throw Conflict("Bạn đã gửi ý kiến phối hợp cho văn bản này rồi.");
        }
        if (blank(note)) {
            throw InvalidInput("note", "Hãy ghi ý kiến phối hợp của bạn.");
        }
        impl_->setStatus(doc, user.id, kHandlerDone, note);
        impl_->commit(user, actor, doc, kActionContribute, "Ý kiến phối hợp: " + note, "", "");
        impl_->reload(doc);
    });
}

DraftComment IncomingFlow::addComment(const Actor& actor, Id id, const std::string& text) {
    DraftComment comment;
    impl_->step(actor, id, kActionComment, [&](const User& user, IncomingDocument& doc) {
        if (!doc.handlerOf(user.id) && user.role != Role::Leader) {
            throw Forbidden("Chỉ người được giao xử lý văn bản này và lãnh đạo mới ghi ý kiến "
                            "được.");
        }
        Impl::requireState(
            doc, {IncomingState::Registered, IncomingState::Assigned, IncomingState::InProgress},
            "Văn bản này không còn đang xử lý; không ghi thêm ý kiến được.");
        checkCommentText(text, DraftLimits{}.commentCharacters);
        comment.documentId = doc.id;
        comment.authorId = user.id;
        comment.writtenAt = impl_->nowText();
        comment.text = text;
        comment.id = impl_->storage.addIncomingComment(comment);
        impl_->audit.record({user.id, user.username, kActionComment, objectName(doc.id),
                             actor.address, "Ý kiến: " + text});
    });
    return comment;
}

std::vector<DraftComment> IncomingFlow::comments(const Actor& actor, Id id) const {
    impl_->visible(impl_->current(actor), id);
    return impl_->storage.incomingComments(id);
}

IncomingDocument IncomingFlow::acknowledge(const Actor& actor, Id id) {
    return impl_->step(actor, id, kActionAcknowledge, [&](const User& user, IncomingDocument& doc) {
        const auto* mine = doc.handlerOf(user.id);
        if (!mine || mine->role != kHandlerInformed) {
            throw Forbidden("Chỉ người được gửi để biết mới đánh dấu đã xem được.");
        }
        if (mine->status == kHandlerSeen) {
            throw Conflict("Bạn đã đánh dấu đã xem văn bản này rồi.");
        }
        impl_->setStatus(doc, user.id, kHandlerSeen, "");
        impl_->commit(user, actor, doc, kActionAcknowledge, "Đã xem", "", "");
        impl_->reload(doc);
    });
}

IncomingDocument IncomingFlow::instruct(const Actor& actor, Id id, const std::string& text) {
    return impl_->step(actor, id, kActionInstruct, [&](const User& user, IncomingDocument& doc) {
        Impl::requireRole(user, Role::Leader, "Chỉ lãnh đạo mới được cho ý kiến chỉ đạo.");
        Impl::requireState(
            doc, {IncomingState::Registered, IncomingState::Assigned, IncomingState::InProgress},
            "Chỉ cho ý kiến chỉ đạo được văn bản đã vào sổ và chưa xử lý xong.");
        if (blank(text)) {
            throw InvalidInput("text", "Hãy ghi ý kiến chỉ đạo.");
        }
        impl_->storage.addIncomingInstruction(doc.id, {0, user.id, impl_->nowText(), text});
        doc.instructions = text;
        const std::string detail = "Ý kiến chỉ đạo của " + user.fullName + ": " + text;
        impl_->commit(user, actor, doc, kActionInstruct, detail, statusCodeOf(doc.state), detail);
        impl_->reload(doc);
    });
}

OutgoingDocument IncomingFlow::draftReply(const Actor& actor, Id id, DraftInput input) {
    OutgoingDocument reply;
    impl_->step(actor, id, "reply", [&](const User& user, IncomingDocument& doc) {
        Impl::requireAssignee(user, doc);
        Impl::requireState(doc, {IncomingState::Assigned, IncomingState::InProgress},
                           "Chỉ soạn trả lời được văn bản đang được giao xử lý.");
        if (doc.replyDocumentId) {
            throw Conflict("Văn bản này đã có dự thảo trả lời; hãy mở dự thảo đó để sửa.");
        }
        if (input.recipientOffices.empty() && !doc.senderCode.empty()) {
            input.recipientOffices = {doc.senderCode};
        }
        if (input.recipients.empty()) {
            input.recipients = {doc.senderName + "."};
        }
        reply = impl_->outgoing.createDraft(actor, input);
        reply.replyToIncoming = doc.id;
        reply.responseFor = doc.exchangeId;
        impl_->storage.updateDocument(reply);
        doc.replyDocumentId = reply.id;
        std::string status;
        if (doc.state == IncomingState::Assigned) {
            doc.state = IncomingState::InProgress;
            doc.startedAt = impl_->nowText();
            impl_->setLeadStatus(doc, kHandlerInProgress);
            status = kStatusInProgress;
        }
        impl_->commit(user, actor, doc, "reply", "Dự thảo trả lời " + std::to_string(reply.id),
                      status, user.fullName);
    });
    return reply;
}

IncomingDocument IncomingFlow::close(const Actor& actor, Id id, const std::string& note,
                                     bool noReplyNeeded) {
    return impl_->step(actor, id, "close", [&](const User& user, IncomingDocument& doc) {
        if (!Impl::isAssignee(user, doc) && user.role != Role::Leader) {
            throw Forbidden("Chỉ người được giao hoặc lãnh đạo mới được kết thúc xử lý.");
        }
        Impl::requireState(doc, {IncomingState::Assigned, IncomingState::InProgress},
                           "Chỉ kết thúc được văn bản đang được giao xử lý.");
        std::string detail = note;
        if (noReplyNeeded) {
            if (blank(note)) {
                throw InvalidInput("note", "Hãy ghi vì sao văn bản này không cần trả lời.");
            }
            detail = "Không cần trả lời: " + note;
        } else if (doc.replyDocumentId) {
            // The sender must not see "done" while the answer is still a draft (issue 14).
            const auto reply = impl_->storage.findDocument(*doc.replyDocumentId);
            if (!reply || reply->state != DocumentState::Issued) {
                throw Conflict("Văn bản trả lời chưa được ban hành; chỉ kết thúc được khi văn "
                               "bản trả lời đã ban hành, hoặc ghi rõ lý do không cần trả lời.");
            }
            detail =
                "Đã trả lời bằng văn bản số " + reply->notation + (note.empty() ? "" : ": " + note);
        }
        doc.state = IncomingState::Done;
        doc.doneAt = impl_->nowText();
        impl_->setLeadStatus(doc, kHandlerDone);
        doc.doneNote = noReplyNeeded ? detail : note;
        impl_->commit(user, actor, doc, "close", detail, kStatusDone,
                      noReplyNeeded || note.empty() ? detail : note);
    });
}

IncomingDocument IncomingFlow::document(const Actor& actor, Id id) const {
    return impl_->visible(impl_->current(actor), id);
}

std::vector<IncomingDocument> IncomingFlow::list(const Actor& actor,
                                                 const IncomingFilter& filter) const {
    const User user = impl_->current(actor);
    std::vector<IncomingDocument> out;
    for (auto& doc : impl_->officeDocuments(user)) {
        if (filter.state && doc.state != *filter.state) {
            continue;
        }
        if (filter.assignedToMe && Impl::roleOf(user, doc).empty()) {
            continue;
        }
        out.push_back(std::move(doc));
    }
    // Hỏa tốc, thượng khẩn, khẩn first (III.1d), each newest first as stored.
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return urgencyRank(a.urgency) > urgencyRank(b.urgency);
    });
    return out;
}

Paged<IncomingDocument> IncomingFlow::listPage(const Actor& actor, const IncomingFilter& filter,
                                               const PageRequest& page) const {
    const User user = impl_->current(actor);
    if (user.role == Role::Administrator || !user.active) {
        return {}; // officeDocuments and canSeeIncoming show them nothing
    }
    IncomingListFilter where;
    where.officeId = user.officeId;
    where.state = filter.state;
    // canSeeIncoming: a specialist sees only what is distributed to them.
    if (filter.assignedToMe || user.role == Role::Specialist) {
        where.handlerId = user.id;
    }
    where.readerId = user.id; // letters limited to named people (canSeeIncoming)
    where.urgentFirst = true; // hỏa tốc, thượng khẩn, khẩn first (III.1d)
    return impl_->storage.incomingPage(where, page);
}

namespace {

/// A recalled or replaced copy has no content any more (Recall).
void refuseDestroyed(const IncomingDocument& doc) {
    if (doc.recall.destroyed()) {
        throw NotFound("Văn bản này " + recallLabel(doc.recall) +
                       " theo đề nghị của cơ quan gửi; nội dung bản nhận đã hủy.");
    }
}

} // namespace

std::string IncomingFlow::pdf(const Actor& actor, Id id) const {
    const auto doc = document(actor, id);
    refuseDestroyed(doc);
    return impl_->blobs.get(doc.pdf);
}

Attachment IncomingFlow::attachment(const Actor& actor, Id id, std::size_t index) const {
    const auto doc = document(actor, id);
    refuseDestroyed(doc);
    if (index >= doc.attachments.size()) {
        throw NotFound("Văn bản này không có tệp đính kèm số " + std::to_string(index + 1) + ".");
    }
    Attachment out = doc.attachments[index];
    out.bytes = impl_->blobs.get(out.blob);
    return out;
}

std::vector<AuditRecord> IncomingFlow::history(const Actor& actor, Id id) const {
    document(actor, id);
    return impl_->audit.about(objectName(id));
}

std::vector<std::string> IncomingFlow::allowedActions(const Actor& actor,
                                                      const IncomingDocument& doc) const {
    std::vector<std::string> actions;
    const auto user = currentUser(impl_->storage, actor);
    if (!user || !Impl::canSee(*user, doc)) {
        return actions;
    }
    if (user->role == Role::Clerk && doc.recall.state == kRecallRequested) {
        actions.push_back(kActionRecallAgree);
        actions.push_back(kActionRecallRefuse);
    }
    if (doc.recall.destroyed()) {
        return actions;
    }
    const bool open = isOneOf(doc.state, {IncomingState::Assigned, IncomingState::InProgress});
    if (user->role == Role::Clerk && doc.state == IncomingState::Arrived) {
        actions.push_back(kActionRegister);
        actions.push_back(kActionRefuse);
    }
    if (user->role == Role::Leader && (open || doc.state == IncomingState::Registered)) {
        actions.push_back(kActionAssign);
    }
    if (Impl::isAssignee(*user, doc) && doc.state == IncomingState::Assigned) {
        actions.push_back(kActionStart);
    }
    if (Impl::isAssignee(*user, doc) && open) {
        actions.push_back(kActionForward);
        if (!doc.replyDocumentId && user->role != Role::Clerk) {
            actions.push_back(kActionReply);
        }
    }
    if ((Impl::isAssignee(*user, doc) || user->role == Role::Leader) && open) {
        actions.push_back(kActionClose);
    }
    const auto* mine = doc.handlerOf(user->id);
    if (mine && mine->role == kHandlerCo && mine->status != kHandlerDone && open) {
        actions.push_back(kActionContribute);
    }
    if (mine && mine->role == kHandlerInformed && mine->status != kHandlerSeen) {
        actions.push_back(kActionAcknowledge);
    }
    if (user->role == Role::Leader && (open || doc.state == IncomingState::Registered)) {
        actions.push_back(kActionInstruct);
    }
    if ((mine || user->role == Role::Leader) && (open || doc.state == IncomingState::Registered)) {
        actions.push_back(kActionComment);
    }
    return actions;
}

std::optional<EarlierEntry> IncomingFlow::earlierEntry(const Actor& actor,
                                                       const IncomingDocument& doc) const {
    const auto user = currentUser(impl_->storage, actor);
    if (!user || !Impl::canSee(*user, doc) ||
        (user->role != Role::Clerk && user->role != Role::Leader)) {
        return std::nullopt;
    }
    return earlierEntryOf(impl_->storage, doc.duplicate);
}

std::optional<OutgoingDocument> IncomingFlow::reply(const Actor& actor,
                                                    const IncomingDocument& doc) const {
    if (!doc.replyDocumentId) {
        return std::nullopt;
    }
    const auto user = currentUser(impl_->storage, actor);
    const auto reply = impl_->storage.findDocument(*doc.replyDocumentId);
    if (!user || !reply || !impl_->outgoing.canSee(*user, *reply)) {
        return std::nullopt;
    }
    return reply;
}

IncomingRegisterPage IncomingFlow::incomingRegister(const Actor& actor, int year, int limit,
                                                    int offset) const {
    const User user = impl_->current(actor);
    if (user.role == Role::Specialist) {
        throw Forbidden("Chỉ văn thư, lãnh đạo hoặc quản trị của cơ quan mới được xem sổ đăng ký "
                        "văn bản đến.");
    }
    if (limit < 1 || limit > 1000) {
        throw InvalidInput("limit", "Số dòng mỗi trang phải từ 1 đến 1000.");
    }
    if (offset < 0) {
        throw InvalidInput("offset", "Vị trí bắt đầu không được âm.");
    }
    IncomingRegisterPage page;
    page.entries = impl_->storage.incomingRegister(user.officeId, year, limit, offset);
    for (auto& entry : page.entries) { // a letter limited to named people: its number, no subject
        if (!entry.limited) {
            continue;
        }
        const auto doc = impl_->storage.findIncoming(entry.incomingId);
        if (!doc || !canSeeIncoming(user, *doc)) {
            entry.subject = kHiddenSubject;
        }
    }
    page.total = impl_->storage.incomingRegisterSize(user.officeId, year);
    return page;
}

std::string IncomingFlow::registerCsv(const std::vector<IncomingRegisterEntry>& entries) {
    // NĐ 30 Phụ lục IV, sổ đăng ký văn bản đến.
    std::string out = std::string(csv::kBom) +
                      "Ngày đến,Số đến,Tác giả,\"Số, ký hiệu\",Ngày tháng,Tên loại và trích yếu,"
                      "Đơn vị hoặc người nhận,Ngày chuyển,Ký nhận,Ghi chú\r\n";
    for (const auto& e : entries) {
        std::string note = e.channel == kChannelPaper ? "Bản giấy" : "Điện tử";
        if (e.progress == "refused") {
            note += "; từ chối";
        }
        if (!e.note.empty()) {
            note += "; " + e.note;
        }
        out += csv::field(csv::writtenDate(e.arrivalDate)) + "," + std::to_string(e.arrivalNumber) +
               "," + csv::field(e.author) + "," + csv::field(e.notation) + "," +
               csv::field(csv::writtenDate(e.issuedDate)) + "," +
               csv::field(e.typeName + " " + e.subject) + "," + csv::field(e.recipient) + "," +
               csv::field(csv::writtenDate(e.handedAt)) + ",," + csv::field(note) + "\r\n";
    }
    return out;
}

std::vector<DispatchRecord> IncomingFlow::recipients(const Actor& actor, Id outgoingId) const {
    return impl_->outgoing.recipients(actor, outgoingId);
}

DeadlineReport IncomingFlow::deadlines(const Actor& actor, int dueSoonDays) const {
    const User user = impl_->current(actor);
    DeadlineReport report;
    report.today = impl_->today().iso();
    report.dueSoonDays = dueSoonDays;
    const std::int64_t today = *dayNumber(report.today);
    std::map<std::string, PersonDeadlines> people;
    for (const auto& doc : impl_->officeDocuments(user)) {
        if (!isOneOf(doc.state, {IncomingState::Assigned, IncomingState::InProgress})) {
            continue;
        }
        // A reminder for those who must act: the lead, and co-handlers yet to give their
        // opinion (people informed and forwarders have nothing due).
        std::string role = Impl::roleOf(user, doc);
        const auto* mine = doc.handlerOf(user.id);
        if (role == kHandlerCo && mine && mine->status == kHandlerDone) {
            role.clear();
        }
        if (role != kHandlerLead && role != kHandlerCo) {
            role.clear();
        }
        if (user.role == Role::Specialist && role.empty()) {
            continue;
        }
        DeadlineItem item{doc, impl_->nameOf(doc.assigneeId), 0, role};
        if (item.assigneeName.empty()) {
            item.assigneeName = doc.assignedUnit;
        }
        const auto deadline = dayNumber(doc.deadline);
        auto& person = people[item.assigneeName];
        person.userId = doc.assigneeId;
        person.name = item.assigneeName;
        ++person.open;
        if (!deadline) {
            continue;
        }
        item.daysLeft = static_cast<int>(*deadline - today);
        if (item.daysLeft < 0) {
            ++person.overdue;
            report.overdue.push_back(item);
        } else if (item.daysLeft <= dueSoonDays) {
            ++person.dueSoon;
            report.dueSoon.push_back(item);
        }
    }
    auto byDays = [](const DeadlineItem& a, const DeadlineItem& b) {
        return a.daysLeft != b.daysLeft ? a.daysLeft < b.daysLeft : a.document.id < b.document.id;
    };
    std::sort(report.overdue.begin(), report.overdue.end(), byDays);
    std::sort(report.dueSoon.begin(), report.dueSoon.end(), byDays);
    for (auto& [name, person] : people) {
        report.people.push_back(person);
    }
    return report;
}

FiguresReport IncomingFlow::figures(const Actor& actor, const std::string& from,
                                    const std::string& to) const {
    const User user = impl_->current(actor);
    Impl::requireReportReader(user, "số liệu báo cáo");
    const auto first = dayNumber(from);
    const auto last = dayNumber(to);
    if (!first) {
        throw InvalidInput("from", "Ngày bắt đầu phải là ngày dạng 2026-01-01.");
    }
    if (!last || *last < *first) {
        throw InvalidInput("to", "Ngày kết thúc phải là ngày dạng 2026-12-31, không trước ngày "
                                 "bắt đầu.");
    }
    FiguresReport report;
    report.from = from.substr(0, 10);
    report.to = to.substr(0, 10);
    std::map<std::string, PeriodFigures> months;
    for (std::string month = report.from.substr(0, 7); month <= report.to.substr(0, 7);) {
        months[month].period = month;
        int y = std::stoi(month.substr(0, 4)), m = std::stoi(month.substr(5, 2)) + 1;
        if (m > 12) {
            m = 1;
            ++y;
        }
        char next[32];
        std::snprintf(next, sizeof next, "%04d-%02d", y, m);
        month = next;
    }
    auto inRange = [&](const std::string& date) {
        return !date.empty() && date >= report.from && date <= report.to;
    };
    for (const auto& doc : impl_->storage.incomingDocuments(user.officeId)) {
        const std::string arrived = dateOf(doc.receivedAt);
        if (inRange(arrived)) {
            auto& m = months[arrived.substr(0, 7)];
            ++m.received;
            if (doc.channel != kChannelPaper && doc.signatureStatus == kSignaturesValid) {
                ++m.receivedElectronicSigned;
            }
        }
        const std::string done = dateOf(doc.doneAt);
        if (doc.state == IncomingState::Done && inRange(done) && !doc.deadline.empty()) {
            auto& m = months[done.substr(0, 7)];
            ++m.handled;
            if (done <= doc.deadline) {
                ++m.handledOnTime;
            }
        }
    }
    for (const auto& doc : impl_->storage.documents(user.officeId, DocumentState::Issued)) {
        if (!inRange(doc.issuedDate)) {
            continue;
        }
        auto& m = months[doc.issuedDate.substr(0, 7)];
        ++m.sent;
        const auto rows = impl_->storage.dispatches(doc.id);
        if (std::any_of(rows.begin(), rows.end(), [](const DispatchRecord& r) {
                return r.channel != DispatchChannel::Paper;
            })) {
            ++m.sentElectronicSigned; // every issued document carries the signer's and the seal
        }
    }
    report.total.period = "Tổng";
    for (auto& [key, m] : months) {
        report.total.received += m.received;
        report.total.receivedElectronicSigned += m.receivedElectronicSigned;
        report.total.sent += m.sent;
        report.total.sentElectronicSigned += m.sentElectronicSigned;
        report.total.handled += m.handled;
        report.total.handledOnTime += m.handledOnTime;
        report.months.push_back(m);
    }
    return report;
}

std::string IncomingFlow::figuresCsv(const FiguresReport& report) {
    std::string out =
        std::string(csv::kBom) +
        "Kỳ,Văn bản đến,Đến điện tử có chữ ký số,Tỷ lệ đến điện tử (%),Văn bản đi,"
        "Đi điện tử có chữ ký số,Tỷ lệ đi điện tử (%),Đã giải quyết (có hạn),Đúng hạn,"
        "Tỷ lệ đúng hạn (%)\r\n";
    auto row = [](const PeriodFigures& m) {
        return csv::field(m.period) + "," + std::to_string(m.received) + "," +
               std::to_string(m.receivedElectronicSigned) + "," +
               percent(m.shareReceivedElectronic()) + "," + std::to_string(m.sent) + "," +
               std::to_string(m.sentElectronicSigned) + "," + percent(m.shareSentElectronic()) +
               "," + std::to_string(m.handled) + "," + std::to_string(m.handledOnTime) + "," +
               percent(m.shareHandledOnTime()) + "\r\n";
    };
    for (const auto& m : report.months) {
        out += row(m);
    }
    return out + row(report.total);
}

} // namespace vanthu::docmgmt
