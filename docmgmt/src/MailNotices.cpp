#include "vanthu/docmgmt/MailNotices.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "vanthu/docmgmt/IncomingDocument.hpp"

namespace vanthu::docmgmt {

namespace {

/// "2026-06-19" → "19/06/2026"; anything else as it is.
std::string writtenDate(const std::string& iso) {
    if (iso.size() < 10 || iso[4] != '-' || iso[7] != '-') {
        return iso;
    }
    return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

bool incoming(const WaitingWork& work) {
    return work.kind != kWaitingSubmitted && work.kind != kWaitingReturned &&
           work.kind != kWaitingApproved && work.kind != kWaitingSigned;
}

/// The key of a piece of work: the same work is told once; a new deadline, a draft submitted
/// or returned again (a new version) is new work.
std::string keyOf(const WaitingWork& work) {
    const std::string id = std::to_string(work.documentId);
    if (work.kind == kWaitingDueSoon || work.kind == kWaitingOverdue) {
        return work.kind + (":" + id) + ":" + work.deadline;
    }
    if (work.kind == kWaitingRecallRequested || work.kind == kWaitingRecalled) {
        return work.kind + (":" + id) + ":" + work.recallAt; // a later request is new
    }
    if (!incoming(work)) {
        return work.kind + (":" + id) + ":" + std::to_string(work.version);
    }
    return work.kind + (":" + id);
}

/// The e-mail's subject line and the sentence that opens its body.
std::pair<std::string, std::string> wording(const WaitingWork& work) {
    if (work.kind == kWaitingAssigned) {
        return {"Văn bản đến giao cho bạn xử lý",
                "Một văn bản đến đã được giao cho bạn xử lý (chủ trì hoặc phối hợp)."};
    }
    if (work.kind == kWaitingDueSoon) {
        return {"Văn bản đến sắp đến hạn xử lý",
                "Văn bản đến bạn đang xử lý sắp đến hạn, hạn xử lý ngày " +
                    writtenDate(work.deadline) + "."};
    }
    if (work.kind == kWaitingOverdue) {
        return {"Văn bản đến đã quá hạn xử lý",
                "Văn bản đến bạn đang xử lý đã quá hạn ngày " + writtenDate(work.deadline) + "."};
    }
    if (work.kind == kWaitingArrived) {
        return {"Văn bản đến chờ vào sổ", "Cơ quan vừa nhận một văn bản đến đang chờ văn thư "
                                          "kiểm tra và vào sổ."};
    }
    if (work.kind == kWaitingRecallRequested) {
        const bool replacement = work.recallKind != kRecallKindRecall;
        return {replacement ? "Cơ quan gửi đề nghị thay thế văn bản đến"
                            : "Cơ quan gửi đề nghị thu hồi văn bản đến",
                std::string("Cơ quan ban hành đề nghị ") + (replacement ? "thay thế" : "thu hồi") +
                    " một văn bản đến; xin văn thư đồng ý hoặc từ chối." +
                    (work.recallReason.empty() ? "" : "\nLý do: " + work.recallReason)};
    }
    if (work.kind == kWaitingRecalled) {
        const bool replacement = work.recallKind != kRecallKindRecall;
        return {replacement ? "Văn bản đến đã được thay thế" : "Văn bản đến đã bị thu hồi",
                std::string("Văn bản đến bạn được giao đã ") +
                    (replacement ? "được cơ quan ban hành thay thế bằng văn bản khác"
                                 : "bị cơ quan ban hành thu hồi") +
                    "; bản nhận đã hủy, không xử lý tiếp văn bản này." +
                    (work.recallReason.empty() ? "" : "\nLý do: " + work.recallReason)};
    }
    if (work.kind == kWaitingRegistered) {
        return {"Văn bản đến chờ phân công xử lý",
                "Một văn bản đến đã vào sổ và đang chờ lãnh đạo phân công xử lý."};
    }
    if (work.kind == kWaitingApproved) {
        return {"Văn bản chờ bạn ký", "Một văn bản đi đã được duyệt và đang chờ bạn ký số."};
    }
    if (work.kind == kWaitingSigned) {
        return {"Văn bản đã ký chờ phát hành",
                "Một văn bản đi đã được ký số và đang chờ văn thư cấp số, đóng dấu và phát hành."};
    }
    if (work.kind == kWaitingSubmitted) {
        return {"Dự thảo trình bạn duyệt", "Một dự thảo văn bản đi đã được trình bạn duyệt và ký."};
    }
    return {"Dự thảo bị trả lại", "Dự thảo văn bản đi của bạn đã bị trả lại để sửa."};
}

} // namespace

MailNotices::MailNotices(Storage& storage, AuditTrail& audit, Clock clock,
                         MailNoticeSettings settings)
    : storage_(storage), audit_(audit), clock_(std::move(clock)), settings_(std::move(settings)) {}

MailNotice MailNotices::compose(const WaitingWork& work, const std::string& fullName,
                                const std::string& link) {
    const auto [title, opening] = wording(work);
    MailNotice notice;
    notice.userId = work.userId;
    notice.key = keyOf(work);
    // The subject of a secret letter stays in the system: only a pointer to it goes by e-mail.
    const std::string subject =
        work.secret ? "(văn bản mật: xin xem trong hệ thống)" : work.subject;
    notice.subject = "[vanthu] " + title + (work.secret ? "" : ": " + work.subject);
    std::string body = "Kính gửi " + fullName + ",\n\n" + opening + "\n\n";
    body += "Trích yếu: " + subject + "\n";
    if (!work.notation.empty() && !work.secret) {
        body += "Số, ký hiệu: " + work.notation + "\n";
    }
    const bool recall = work.kind == kWaitingRecallRequested || work.kind == kWaitingRecalled;
    if (!work.deadline.empty() && incoming(work) && !recall) {
        body += "Hạn xử lý: " + writtenDate(work.deadline) + "\n";
    }
    if (!link.empty()) {
        std::string base = link;
        while (!base.empty() && base.back() == '/') {
            base.pop_back();
        }
        body += "\nXem và xử lý tại: " + base +
                (incoming(work) ? "/#/incoming/" : "/#/documents/") +
                std::to_string(work.documentId) + "\n";
    } else {
        body += "\nXin đăng nhập hệ thống vanthu để xem và xử lý.\n";
    }
    body += "\nThư này do hệ thống quản lý văn bản vanthu gửi tự động; xin đừng trả lời thư "
            "này.\n";
    notice.body = body;
    return notice;
}

std::string MailNotices::title(const std::string& kind) {
    WaitingWork work;
    work.kind = kind;
    work.recallKind = kRecallKindRecall;
    if (kind == kWaitingRecallRequested) {
        return "Cơ quan gửi đề nghị thu hồi, thay thế văn bản đến";
    }
    if (kind == kWaitingRecalled) {
        return "Văn bản đến đã bị thu hồi, thay thế";
    }
    return wording(work).first;
}

std::size_t MailNotices::queueWaitingWork() {
    const auto now = clock_();
    const auto today = vietnamDate(now).iso();
    const auto dueBy = vietnamDate(now + static_cast<std::int64_t>(settings_.dueSoonDays) * 86400);
    std::map<Id, std::optional<User>> people;
    std::map<Id, std::vector<std::string>> optedOut;
    std::size_t queued = 0;
    for (auto work : storage_.waitingWork(today, dueBy.iso())) {
        auto person = people.find(work.userId);
        if (person == people.end()) {
            person = people.emplace(work.userId, storage_.findUser(work.userId)).first;
        }
        if (!person->second || person->second->email.empty()) {
            continue;
        }
        const User& user = *person->second;
        auto off = optedOut.find(work.userId);
        if (off == optedOut.end()) {
            off = optedOut.emplace(work.userId, storage_.mailOptOuts(work.userId)).first;
        }
        if (std::find(off->second.begin(), off->second.end(), work.kind) != off->second.end()) {
            continue; // the person turned this kind off
        }
        if (storage_.hasMailNotice(work.userId, keyOf(work))) {
            continue;
        }
        if (!incoming(work)) {
            const auto draft = storage_.findDocument(work.documentId);
            work.secret = !draft || !draft->draft.secrecy.empty();
        }
        auto notice = compose(work, user.fullName, settings_.link);
        notice.recipient = user.email;
        notice.queuedAt = vietnamTimestamp(now);
        notice.nextAttemptAt = now;
        if (storage_.addMailNotice(notice)) {
            ++queued;
        }
    }
    return queued;
}

std::vector<MailNotice> MailNotices::claimDue(int limit) {
    const std::int64_t now = clock_();
    const std::int64_t lease = kMailLeasePerNotice * (limit + 1);
    std::vector<MailNotice> claimed;
    storage_.transaction([&] {
        claimed = storage_.lockDueMailNotices(now, limit);
        for (const auto& notice : claimed) {
            auto leased = notice;
            leased.nextAttemptAt = now + lease;
            storage_.updateMailNotice(leased);
        }
    });
    return claimed;
}

MailRound MailNotices::sendDue(const std::function<void(const MailNotice&)>& send, int limit) {
    MailRound round;
    // Claimed first (another server on the same database sends none of them until the lease
    // ends: a server that dies while sending leaves them due again then), then sent one by one
    // outside that transaction.
    for (auto notice : claimDue(limit)) {
        const auto at = clock_();
        notice.attempts += 1;
        notice.lastAttemptAt = vietnamTimestamp(at);
        try {
            send(notice);
        } catch (const std::exception& e) {
            // Tried again after 1, 2, 4 … minutes, at most an hour apart: nothing is dropped.
            const auto pause = std::min<std::int64_t>(settings_.maxRetry.count(),
                                                      settings_.firstRetry.count()
                                                          << std::min(notice.attempts - 1, 20));
            notice.nextAttemptAt = at + pause;
            notice.lastError = e.what();
            storage_.updateMailNotice(notice);
            ++round.failed;
            continue;
        }
        notice.sentAt = vietnamTimestamp(at);
        notice.lastError.clear();
        storage_.transaction([&] {
            storage_.updateMailNotice(notice);
            audit_.record({std::nullopt, "system", "mail-sent",
                           "user/" + std::to_string(notice.userId), "smtp",
                           notice.key + " → " + notice.recipient});
        });
        ++round.sent;
    }
    return round;
}

} // namespace vanthu::docmgmt
