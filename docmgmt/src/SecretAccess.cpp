#include "vanthu/docmgmt/SecretAccess.hpp"

#include <charconv>
#include <map>

#include "Actors.hpp"
#include "Csv.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/VietnamTime.hpp"

namespace vanthu::docmgmt {

namespace {

constexpr int kReportRows = 500;
constexpr int kLatestReads = 20;
constexpr std::int64_t kLongestPeriodDays = 3660;

const char* const kNotVisible = "Không tìm thấy văn bản hoặc hồ sơ này, hoặc bạn không được xem.";

bool secretLevel(const std::string& secrecy) {
    return !secrecy.empty() && secrecy != "thuong" && secrecy != "Thường" && secrecy != "Không mật";
}

std::string roleName(Role role) {
    switch (role) {
    case Role::Clerk:
        return "clerk";
    case Role::Leader:
        return "leader";
    case Role::Specialist:
        return "specialist";
    case Role::Administrator:
        return "administrator";
    }
    return "";
}

} // namespace

/// The object an operation is about, as the acting user is allowed to know it.
struct SecretAccess::Target {
    std::string object, kind;
    Id id = 0;
    Id officeId = 0;
    bool secret = false;  ///< may be limited
    bool visible = false; ///< the user may see it
    AccessLimit access;
    std::string notation, subject;
};

SecretAccess::SecretAccess(Storage& storage, AuditTrail& audit, Clock clock)
    : storage_(storage), audit_(audit), clock_(std::move(clock)) {
    if (!clock_) {
        clock_ = systemClock();
    }
}

SecretAccess::Target SecretAccess::find(const User& user, const std::string& object) const {
    Target t;
    t.object = object;
    const auto slash = object.find('/');
    if (slash == std::string::npos) {
        throw NotFound(kNotVisible);
    }
    t.kind = object.substr(0, slash);
    const std::string digits = object.substr(slash + 1);
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), t.id);
    if (error != std::errc() || end != digits.data() + digits.size() || t.id <= 0) {
        throw NotFound(kNotVisible);
    }
    if (t.kind == "document") {
        const auto doc = storage_.findDocument(t.id);
        if (!doc) {
            throw NotFound(kNotVisible);
        }
        t.officeId = doc->officeId;
        t.secret = secretLevel(doc->draft.secrecy);
        t.visible = canSeeOutgoing(user, *doc);
        t.access = doc->access;
        t.notation = doc->notation;
        t.subject = doc->subject;
    } else if (t.kind == "incoming") {
        const auto doc = storage_.findIncoming(t.id);
        if (!doc) {
            throw NotFound(kNotVisible);
        }
        t.officeId = doc->officeId;
        t.secret = secretLevel(doc->secrecy);
        t.visible = canSeeIncoming(user, *doc);
        t.access = doc->access;
        t.notation = doc->notation;
        t.subject = doc->subject;
    } else if (t.kind == "casefile") {
        const auto file = storage_.findCaseFile(t.id);
        if (!file) {
            throw NotFound(kNotVisible);
        }
        t.officeId = file->officeId;
        t.secret = true; // any case file may be limited
        t.visible = user.active && user.role != Role::Administrator &&
                    user.officeId == file->officeId && caseFileLets(user, *file);
        t.access = file->access;
        t.notation = file->code;
        t.subject = file->title;
    } else {
        throw NotFound(kNotVisible);
    }
    return t;
}

User SecretAccess::manager(const Actor& actor, const std::string& object, Target& target) const {
    const User user = activeUser(storage_, actor);
    target = find(user, object);
    if (!target.visible) {
        throw NotFound(kNotVisible);
    }
    if (user.role != Role::Leader) {
        throw Forbidden("Chỉ lãnh đạo của cơ quan mới giới hạn và giao quyền xem văn bản mật, "
                        "hồ sơ.");
    }
    return user;
}

AccessView SecretAccess::viewOf(const User& user, const Target& target) const {
    AccessView v;
    v.object = target.object;
    v.limited = target.access.limited;
    v.canManage = user.role == Role::Leader && target.visible;
    const auto nameOf = [&](Id id) {
        const auto found = storage_.findUser(id);
        return found ? found->fullName : std::string();
    };
    if (const auto limit = storage_.findAccessLimit(target.object)) {
        v.limitedAt = limit->limitedAt;
        v.limitedByName = nameOf(limit->limitedBy);
    }
    for (const auto& grant : storage_.accessGrants(target.object)) {
        const auto reader = storage_.findUser(grant.userId);
        if (!reader) {
            continue;
        }
        v.readers.push_back({reader->id, reader->username, reader->fullName, roleName(reader->role),
                             grant.grantedAt, nameOf(grant.grantedBy)});
    }
    if (target.kind != "casefile") {
        const auto reads = storage_.documentReads(target.object, 100000);
        for (const auto& read : reads) {
            (read.action == kReadView ? v.views : v.downloads) += 1;
        }
        if (v.canManage || user.role == Role::Clerk) {
            for (std::size_t i = 0; i < reads.size() && i < kLatestReads; ++i) {
                v.latestReads.push_back(reads[i]);
            }
        }
    }
    return v;
}

void SecretAccess::audited(const User& user, const Actor& actor, const std::string& action,
                           const std::string& object, const std::string& detail,
                           const User& affected, const std::string& change) {
    audit_.record({user.id, user.username, action, object, actor.address, detail});
    AccessNotice notice; // shown to the office's administrators until confirmed (III.3c)
    notice.userId = affected.id;
    notice.officeId = affected.officeId;
    notice.change = change;
    notice.detail = detail;
    notice.changedBy = user.username;
    notice.changedAt = vietnamTimestamp(clock_());
    storage_.addAccessNotice(notice);
}

AccessView SecretAccess::view(const Actor& actor, const std::string& object) const {
    const User user = activeUser(storage_, actor);
    const Target target = find(user, object);
    if (!target.visible) {
        throw NotFound(kNotVisible);
    }
    return viewOf(user, target);
}

AccessView SecretAccess::limit(const Actor& actor, const std::string& object) {
    User user;
    Target target;
    storage_.transaction([&] {
        user = manager(actor, object, target);
        if (!target.secret) {
            throw Conflict("Chỉ văn bản mật (Mật, Tối mật, Tuyệt mật) mới giới hạn được người xem; "
                           "hãy ghi độ mật của văn bản trước.");
        }
        if (target.access.limited) {
            throw Conflict("Văn bản hoặc hồ sơ này đã được giới hạn người xem.");
        }
        const std::string now = vietnamTimestamp(clock_());
        storage_.addAccessLimit({object, target.officeId, user.id, now});
        storage_.addAccessGrant(object, {user.id, user.id, now});
        audited(user, actor, "access-limit", object,
                object + ": chỉ những người được giao mới xem được", user, "limit-access");
    });
    return viewOf(user, find(user, object));
}

AccessView SecretAccess::unlimit(const Actor& actor, const std::string& object) {
    User user;
    Target target;
    storage_.transaction([&] {
        user = manager(actor, object, target);
        if (!target.access.limited) {
            throw Conflict("Văn bản hoặc hồ sơ này không bị giới hạn người xem.");
        }
        storage_.removeAccessLimit(object);
        audited(user, actor, "access-unlimit", object,
                object + ": bỏ giới hạn, người xem theo quy tắc chung", user, "unlimit-access");
    });
    return viewOf(user, find(user, object));
}

AccessView SecretAccess::grant(const Actor& actor, const std::string& object, Id userId) {
    User user;
    Target target;
    storage_.transaction([&] {
        user = manager(actor, object, target);
        if (!target.access.limited) {
            throw Conflict("Hãy giới hạn người xem trước khi giao quyền xem cho từng người.");
        }
        const auto reader = storage_.findUser(userId);
        if (!reader || reader->officeId != target.officeId || !reader->active ||
            reader->role == Role::Administrator) {
            throw InvalidInput("userId", "Người được xem phải là người đang làm việc của cơ "
                                         "quan (không phải quản trị viên).");
        }
        if (!storage_.addAccessGrant(object, {userId, user.id, vietnamTimestamp(clock_())})) {
            throw Conflict(reader->fullName + " đã được xem văn bản hoặc hồ sơ này.");
        }
        audited(user, actor, "access-grant", object,
                object + ": giao quyền xem cho " + reader->username, *reader, "grant-access");
    });
    return viewOf(user, find(user, object));
}

AccessView SecretAccess::revoke(const Actor& actor, const std::string& object, Id userId) {
    User user;
    Target target;
    storage_.transaction([&] {
        user = manager(actor, object, target);
        const auto reader = storage_.findUser(userId);
        if (!reader || !storage_.removeAccessGrant(object, userId)) {
            throw Conflict("Người này không có trong danh sách được xem.");
        }
        audited(user, actor, "access-revoke", object,
                object + ": thu hồi quyền xem của " + reader->username, *reader, "revoke-access");
    });
    return viewOf(user, find(user, object));
}

void SecretAccess::recordRead(const Actor& actor, const std::string& object, Id officeId,
                              const std::string& action) {
    storage_.addDocumentRead({object, officeId, actor.user.id, action, vietnamTimestamp(clock_())});
}

User SecretAccess::reporter(const Actor& actor) const {
    const User user = activeUser(storage_, actor);
    if (user.role == Role::Specialist) {
        throw Forbidden("Chỉ lãnh đạo, văn thư hoặc quản trị của cơ quan mới xem thống kê.");
    }
    return user;
}

ReadReport SecretAccess::readStatistics(const Actor& actor, const std::string& from,
                                        const std::string& to) const {
    const User user = reporter(actor);
    const auto first = dayNumber(from);
    const auto last = dayNumber(to);
    if (!first || from.size() != 10) {
        throw InvalidInput("from", "Ngày bắt đầu phải là ngày dạng 2026-01-01.");
    }
    if (!last || to.size() != 10 || *last < *first) {
        throw InvalidInput("to", "Ngày kết thúc phải là ngày dạng 2026-12-31, không trước ngày "
                                 "bắt đầu.");
    }
    if (*last - *first > kLongestPeriodDays) {
        throw InvalidInput("to", "Mỗi lần thống kê tối đa mười năm.");
    }
    ReadReport report;
    report.from = from;
    report.to = to;
    for (const auto& tally : storage_.readTallies(user.officeId, from, to, kReportRows)) {
        ReadReportRow row;
        row.tally = tally;
        try {
            const Target target = find(user, tally.object);
            row.notation = target.notation;
            row.secret = target.access.limited;
            // Administrators see no document (its number only); others what they may see.
            row.subject = target.visible ? target.subject : kHiddenSubject;
        } catch (const NotFound&) { // "imported/…" and anything gone
            row.subject = "";
        }
        report.rows.push_back(std::move(row));
    }
    return report;
}

std::string SecretAccess::readStatisticsCsv(const ReadReport& report) {
    std::string out = std::string(csv::kBom) +
                      "Văn bản,Số ký hiệu,Trích yếu,Lượt xem,Lượt tải,Số người,Lần cuối\r\n";
    for (const auto& row : report.rows) {
        out += csv::field(row.tally.object) + "," + csv::field(row.notation) + "," +
               csv::field(row.subject) + "," + std::to_string(row.tally.views) + "," +
               std::to_string(row.tally.downloads) + "," + std::to_string(row.tally.readers) + "," +
               csv::field(row.tally.lastAt) + "\r\n";
    }
    return out;
}

CaseFileReport SecretAccess::caseFileStatistics(const Actor& actor) const {
    const User user = reporter(actor);
    CaseFileReport report;
    report.total.key = "Tổng";
    std::map<std::string, CaseFileCount> accounts;
    for (const auto& file : storage_.caseFiles(user.officeId)) {
        std::string key = "(chưa giao)", name;
        if (file.responsibleId) {
            if (const auto responsible = storage_.findUser(*file.responsibleId)) {
                key = responsible->username;
                name = responsible->fullName;
            }
        }
        auto& counts = accounts[key];
        counts.key = key;
        counts.fullName = name;
        const bool closed = file.state == CaseFileState::Closed;
        (closed ? counts.closed : counts.open) += 1;
        (closed ? report.total.closed : report.total.open) += 1;
    }
    for (auto& [key, counts] : accounts) {
        report.accounts.push_back(std::move(counts));
    }
    return report;
}

std::string SecretAccess::caseFileStatisticsCsv(const CaseFileReport& report) {
    std::string out = std::string(csv::kBom) + "Tài khoản,Họ và tên,Đang mở,Đã đóng,Cộng\r\n";
    const auto row = [](const CaseFileCount& c) {
        return csv::field(c.key) + "," + csv::field(c.fullName) + "," + std::to_string(c.open) +
               "," + std::to_string(c.closed) + "," + std::to_string(c.open + c.closed) + "\r\n";
    };
    for (const auto& account : report.accounts) {
        out += row(account);
    }
    return out + row(report.total);
}

} // namespace vanthu::docmgmt
