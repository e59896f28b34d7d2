#include "vanthu/docmgmt/IncomingDocument.hpp"

namespace vanthu::docmgmt {

namespace {

constexpr IncomingState kIncomingStates[] = {IncomingState::Arrived,    IncomingState::Refused,
                                             IncomingState::Registered, IncomingState::Assigned,
                                             IncomingState::InProgress, IncomingState::Done};

} // namespace

std::string toString(IncomingState state) {
    switch (state) {
    case IncomingState::Arrived:
        return "arrived";
    case IncomingState::Refused:
        return "refused";
    case IncomingState::Registered:
        return "registered";
    case IncomingState::Assigned:
        return "assigned";
    case IncomingState::InProgress:
        return "in_progress";
    case IncomingState::Done:
        return "done";
    }
    return "arrived";
}

std::optional<IncomingState> parseIncomingState(const std::string& text) {
    for (IncomingState state : kIncomingStates) {
        if (toString(state) == text) {
            return state;
        }
    }
    return std::nullopt;
}

std::string statusCodeOf(IncomingState state) {
    switch (state) {
    case IncomingState::Arrived:
        return kStatusArrived;
    case IncomingState::Refused:
        return kStatusRefused;
    case IncomingState::Registered:
        return kStatusRegistered;
    case IncomingState::Assigned:
        return kStatusAssigned;
    case IncomingState::InProgress:
        return kStatusInProgress;
    case IncomingState::Done:
        return kStatusDone;
    }
    return kStatusArrived;
}

std::string statusLabel(const std::string& statusCode) {
    if (statusCode == kStatusArrived) {
        return "Đã đến";
    }
    if (statusCode == kStatusRefused) {
        return "Từ chối";
    }
    if (statusCode == kStatusRegistered) {
        return "Đã vào sổ";
    }
    if (statusCode == kStatusAssigned) {
        return "Đã giao xử lý";
    }
    if (statusCode == kStatusInProgress) {
        return "Đang xử lý";
    }
    if (statusCode == kStatusDone) {
        return "Đã xử lý xong";
    }
    if (statusCode == kStatusRecallRequest) {
        return "Đề nghị thu hồi";
    }
    if (statusCode == kStatusRecallAgreed) {
        return "Đồng ý thu hồi";
    }
    if (statusCode == kStatusRecallRefused) {
        return "Từ chối thu hồi";
    }
    return statusCode;
}

std::string recallLabel(const IncomingRecall& recall) {
    const bool update = recall.kind == kRecallKindUpdate;
    const std::string what = recall.kind == kRecallKindReplacement ? "thay thế"
                             : update                              ? "cập nhật"
                                                                   : "thu hồi";
    if (recall.state == kRecallRequested) {
        return "Bên gửi đề nghị " + what;
    }
    if (recall.state == kRecallRefused) {
        return "Đã từ chối " + what;
    }
    if (recall.state == kRecallDone) {
        return "Đã thu hồi";
    }
    if (recall.state == kRecallReplaced) {
        return update ? "Đã được cập nhật" : "Đã được thay thế";
    }
    return {};
}

const IncomingHandler* IncomingDocument::handlerOf(Id userId) const {
    for (const auto& handler : handlers) {
        if (handler.userId == userId) {
            return &handler;
        }
    }
    return nullptr;
}

std::string handlerRoleLabel(const std::string& role) {
    if (role == kHandlerLead) {
        return "Chủ trì";
    }
    if (role == kHandlerCo) {
        return "Phối hợp";
    }
    if (role == kHandlerInformed) {
        return "Để biết";
    }
    if (role == kHandlerForwarded) {
        return "Đã chuyển";
    }
    return role;
}

std::string handlerStatusLabel(const std::string& role, const std::string& status) {
    if (status == kHandlerInProgress) {
        return "Đang xử lý";
    }
    if (status == kHandlerUnread) {
        return "Chưa xem";
    }
    if (status == kHandlerSeen) {
        return "Đã xem";
    }
    if (status == kHandlerForwarded) {
        return "Đã chuyển cho người khác";
    }
    if (role == kHandlerCo) {
        return status == kHandlerDone ? "Đã góp ý" : "Chờ góp ý";
    }
    return status == kHandlerDone ? "Đã xong" : "Chưa xử lý";
}

bool canSeeIncoming(const User& user, const IncomingDocument& doc) {
    if (!user.active || user.officeId != doc.officeId) {
        return false;
    }
    if (!doc.access.lets(user.id) && !(doc.assigneeId && *doc.assigneeId == user.id)) {
        return false; // limited to named people (docs/access-rules.md "Secret documents")
    }
    switch (user.role) {
    case Role::Clerk:
    case Role::Leader:
        return true;
    case Role::Specialist:
        return (doc.assigneeId && *doc.assigneeId == user.id) || doc.handlerOf(user.id);
    case Role::Administrator:
        return false;
    }
    return false;
}

} // namespace vanthu::docmgmt
