#include "vanthu/docmgmt/Preservation.hpp"

#include <algorithm>
#include <array>

#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/BlobStore.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/OutgoingDocument.hpp"
#include "vanthu/docmgmt/SigningPolicies.hpp"
#include "vanthu/signing/LongTermValidation.hpp"
#include "vanthu/signing/OpenSsl.hpp"
#include "vanthu/signing/SignatureVerifier.hpp"
#include "vanthu/signing/TimeStampSource.hpp"

namespace vanthu::docmgmt {

namespace {

/// A failed attempt is tried again an hour later; a renewal that could not take the letter
/// out of the margin (the TSA's own certificate expires within it too) a day later.
constexpr std::int64_t kRetrySeconds = 3600;
constexpr std::int64_t kShortRenewalSeconds = 86400;
constexpr std::size_t kFailingShown = 20;

std::string objectName(const PreservedCopy& copy) {
    return (copy.kind == kPreservedOutgoing ? "document/" : "incoming/") +
           std::to_string(copy.documentId);
}

int rank(const std::string& level) {
    static const std::array<const char*, 4> levels = {"B-B", "B-T", "B-LT", "B-LTA"};
    for (std::size_t i = 0; i < levels.size(); ++i) {
        if (level == levels[i]) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

/// "31/12/2027" for an expiry in Unix seconds.
std::string spokenDate(std::int64_t unixTime) {
    const std::string iso = vietnamTimestamp(unixTime);
    return iso.size() >= 10 ? iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4)
                            : iso;
}

} // namespace

const char* copyStateName(CopyState state) {
    switch (state) {
    case CopyState::Current:
        return "current";
    case CopyState::Due:
        return "due";
    case CopyState::Weakened:
        return "weakened";
    case CopyState::Failed:
        return "failed";
    case CopyState::Missing:
        break;
    }
    return "missing";
}

Preservation::Preservation(Storage& storage, BlobStore& blobs, AuditTrail& audit,
                           const SigningPolicies& policies, PreservationSettings settings)
    : storage_(storage), blobs_(blobs), audit_(audit), policies_(policies),
      settings_(std::move(settings)), claims_(storage, WorkClaims::newHolder()) {
    if (!settings_.clock) {
        settings_.clock = systemClock();
    }
}

std::int64_t Preservation::now() const {
    return settings_.clock();
}

std::string Preservation::levelOf(const std::string& pdf) const {
    std::vector<signing::X509Ptr> anchors;
    if (!settings_.verification.trustAnchorsPem.empty()) {
        anchors = signing::certificatesFromPem(settings_.verification.trustAnchorsPem);
    }
    const signing::SignatureVerifier verifier(std::move(anchors));
    signing::VerifyReport report;
    if (settings_.verification.sandboxed) {
        report = signing::verifyInChildProcess(pdf, verifier).report;
    } else {
        try {
            report = verifier.verify(pdf);
        } catch (const std::exception&) {
            return {};
        }
    }
    // The weakest signature's level: what the whole letter can be relied on for.
    std::string lowest;
    for (const auto& s : report.signatures) {
        if (s.kind != "signature") {
            continue;
        }
        const std::string level = s.ok ? s.level : "none";
        if (lowest.empty() || rank(level) < rank(lowest)) {
            lowest = level;
        }
    }
    return lowest;
}

void Preservation::judge(PreservedCopy& copy, const signing::NewestTimeStamp& newest) const {
    copy.expiresAt = newest.expiresAt;
    copy.algorithmsUntil = newest.algorithmsAcceptedUntil(settings_.algorithms);
    copy.weakestAlgorithm = newest.weakestAlgorithm(settings_.algorithms);
}

void Preservation::judge(PreservedCopy& copy, const std::string& pdf) const {
    if (const auto newest = signing::LongTermValidation::newestTimeStamp(pdf)) {
        judge(copy, *newest);
    }
}

PreservedCopy Preservation::adopt(PreservedCopy letter) {
    const std::string pdf = blobs_.get(letter.originalBlob);
    letter.originalLevel = levelOf(pdf);
    letter.updatedAt = vietnamTimestamp(now());
    if (letter.kind == kPreservedOutgoing &&
        signing::LongTermValidation::newestTimeStampExpiry(pdf)) {
        // Issued at B-LTA: the issued letter is its own long-term copy until it is renewed.
        letter.blob = letter.originalBlob;
        letter.level = letter.originalLevel;
        judge(letter, pdf);
    }
    storage_.savePreservedCopy(letter);
    return letter;
}

std::optional<PreservedCopy> Preservation::adoptIssued(Id documentId) {
    if (auto existing = storage_.findPreservedCopy(kPreservedOutgoing, documentId)) {
        return existing;
    }
    const auto doc = storage_.findDocument(documentId);
    if (!doc || doc->state != DocumentState::Issued || doc->issuedPdf.empty()) {
        return std::nullopt;
    }
    PreservedCopy letter;
    letter.kind = kPreservedOutgoing;
    letter.documentId = documentId;
    letter.officeId = doc->officeId;
    letter.originalBlob = doc->issuedPdf;
    try {
        return adopt(letter);
    } catch (const std::exception&) {
        return std::nullopt; // the renewal job's next round adopts it (and keeps its failure)
    }
}

std::string Preservation::dueReason(const PreservedCopy& copy) const {
    if (copy.blob.empty()) {
        return {};
    }
    const std::int64_t at = now();
    const std::int64_t by = at + settings_.marginSeconds;
    if (copy.algorithmsUntil >= 0 && copy.algorithmsUntil < by) {
        return "thuật toán " + copy.weakestAlgorithm + " của dấu thời gian mới nhất " +
               (copy.algorithmsUntil <= at ? "không còn được chấp nhận từ "
                                           : "sẽ không còn được chấp nhận từ ") +
               spokenDate(copy.algorithmsUntil);
    }
    if (copy.expiresAt < by) {
        return "chứng thư của dấu thời gian mới nhất hết hạn " + spokenDate(copy.expiresAt);
    }
    return {};
}

std::string Preservation::tsaShortfall(const signing::NewestTimeStamp& stamp,
                                       std::int64_t at) const {
    const std::int64_t by = at + settings_.marginSeconds;
    const std::int64_t until = stamp.algorithmsAcceptedUntil(settings_.algorithms);
    if (until < by) {
        return "Thuật toán " + stamp.weakestAlgorithm(settings_.algorithms) +
               " của dịch vụ cấp dấu thời gian " +
               (until <= at ? "không còn được chấp nhận từ " : "sẽ không còn được chấp nhận từ ") +
               spokenDate(until) +
               ": hãy đổi dịch vụ cấp dấu thời gian (hàm băm, khóa) trong chính sách ký.";
    }
    if (stamp.expiresAt < by) {
        return "Chứng thư của dịch vụ cấp dấu thời gian cũng hết hạn ngày " +
               spokenDate(stamp.expiresAt) +
               ", trong thời hạn gia hạn: hãy thay chứng thư hoặc dịch vụ cấp dấu thời gian trong "
               "chính sách ký.";
    }
    return {};
}

std::string Preservation::probeShortfall(SigningEvidence& evidence, std::int64_t at) const {
    signing::TimeStampSource* tsa = evidence.timeStamps();
    if (!tsa) {
        return {};
    }
    try {
        const auto token = tsa->timeStamp(signing::sha256("vanthu: renewal probe"));
        const auto stamp = signing::LongTermValidation::timeStampOf(token);
        return stamp ? tsaShortfall(*stamp, at) : std::string();
    } catch (const std::exception&) {
        return {}; // the renewal itself asks again and records why it fails
    }
}

CopyState Preservation::stateOf(const PreservedCopy& copy) const {
    if (!copy.lastError.empty()) {
        return CopyState::Failed;
    }
    if (copy.blob.empty()) {
        return CopyState::Missing;
    }
    const std::int64_t by = now() + settings_.marginSeconds;
    if (copy.algorithmsUntil >= 0 && copy.algorithmsUntil < by) {
        return CopyState::Weakened;
    }
    return copy.expiresAt < by ? CopyState::Due : CopyState::Current;
}

bool Preservation::preserve(PreservedCopy& copy, const std::string& action,
                            const std::string& reason) {
    const bool first = copy.blob.empty();
    try {
        const std::string before = blobs_.get(first ? copy.originalBlob : copy.blob);
        auto evidence = policies_.evidenceFor(copy.officeId);
        if (!first && !copy.lastError.empty()) {
            if (std::string shortfall = probeShortfall(*evidence, now()); !shortfall.empty()) {
                // The TSA has not been changed since: a new time-stamp would not help.
                copy.lastError = std::move(shortfall);
                copy.nextAttemptAt = now() + kShortRenewalSeconds;
                copy.updatedAt = vietnamTimestamp(now());
                storage_.savePreservedCopy(copy);
                return false;
            }
        }
        const std::string after = evidence->preserve(before);
        const auto newest = signing::LongTermValidation::newestTimeStamp(after);
        if (!newest) {
            throw std::runtime_error("the new document time-stamp cannot be read back");
        }
        const std::int64_t expiry = newest->expiresAt;
        const std::string level = levelOf(after);
        const std::string blob = blobs_.put(after); // on disk before the row that names it
        const std::int64_t at = now();
        copy.blob = blob;
        copy.level = level;
        judge(copy, *newest);
        copy.renewals += 1;
        copy.updatedAt = vietnamTimestamp(at);
        copy.lastError.clear();
        copy.nextAttemptAt = 0;
        std::string detail =
            (first ? std::string("bản lưu trữ dài hạn: dữ liệu kiểm tra chữ ký và dấu thời gian "
                                 "tài liệu của cơ quan")
                   : std::string("gia hạn chứng cứ: dữ liệu kiểm tra mới và dấu thời gian tài "
                                 "liệu mới (lần ") +
                         std::to_string(copy.renewals) + ")") +
            "; mức " + (level.empty() ? std::string("chưa rõ") : level) +
            "; chứng thư của dấu thời gian mới nhất hết hạn " + spokenDate(expiry) +
            "; thuật toán " + newest->imprintHash.label() + ", " + newest->signatureHash.label() +
            ", " + newest->key.label();
        if (!reason.empty()) {
            detail += "; lý do gia hạn: " + reason;
        }
        copy.lastError = tsaShortfall(*newest, at);
        if (!copy.lastError.empty()) {
            // Kept (more evidence never hurts), but the TSA's own time-stamp is due too: tried
            // again in a day, with a probe first (probeShortfall) so that the copy does not grow.
            copy.nextAttemptAt = at + kShortRenewalSeconds;
            detail += copy.algorithmsUntil < at + settings_.marginSeconds
                          ? " (thuật toán của dấu thời gian mới cũng yếu)"
                          : " (vẫn trong thời hạn gia hạn)";
        }
        storage_.transaction([&] {
            storage_.savePreservedCopy(copy);
            audit_.record({std::nullopt, "vanthu", action, objectName(copy), "", detail});
        });
        return copy.lastError.empty();
    } catch (const std::exception& e) {
        copy.lastError = e.what();
        copy.nextAttemptAt = now() + kRetrySeconds;
        copy.updatedAt = vietnamTimestamp(now());
        storage_.savePreservedCopy(copy);
        return false;
    }
}

std::optional<PreservedCopy> Preservation::augmentIncoming(Id incomingId) {
    const auto doc = storage_.findIncoming(incomingId);
    if (!doc || doc->pdf.empty() || doc->signatureStatus == kSignaturesNone) {
        return std::nullopt;
    }
    PreservedCopy copy;
    if (auto existing = storage_.findPreservedCopy(kPreservedIncoming, incomingId)) {
        copy = *existing;
    } else {
        copy.kind = kPreservedIncoming;
        copy.documentId = incomingId;
        copy.officeId = doc->officeId;
        copy.originalBlob = doc->pdf;
        copy = adopt(copy);
    }
    if (copy.blob.empty()) {
        preserve(copy, kActionAugment, "");
    }
    return copy;
}

Preservation::Round Preservation::renewDue(std::size_t limit) {
    if (!claims_.claim(kRenewalWork, now(), kRenewalLeaseSeconds)) {
        Round round;
        round.elsewhere = true;
        return round;
    }
    // Released however the batch ends: due again at once, for any server.
    struct Release {
        Preservation& self;
        ~Release() {
            try {
                self.claims_.release(kRenewalWork, self.now());
            } catch (const std::exception&) {
                // The lease ends by itself.
            }
        }
    } release{*this};
    return renewClaimed(limit);
}

Preservation::Round Preservation::renewClaimed(std::size_t limit) {
    Round round;
    RenewalState state = storage_.renewalState();
    for (auto& letter : storage_.lettersWithoutCopy(limit)) {
        try {
            adopt(letter);
            ++round.adopted;
        } catch (const std::exception& e) {
            // An unreadable blob: the row keeps the failure (tried again an hour later), so
            // that it does not take a place in every round.
            letter.lastError = e.what();
            letter.nextAttemptAt = now() + kRetrySeconds;
            letter.updatedAt = vietnamTimestamp(now());
            storage_.savePreservedCopy(letter);
            state.lastError = letter.lastError;
            ++round.failed;
        }
    }
    const std::int64_t at = now();
    auto due = storage_.preservedCopiesDue(at + settings_.marginSeconds, at, limit + 1);
    round.more = due.size() > limit || round.adopted == limit;
    due.resize(std::min(due.size(), limit));
    for (auto& copy : due) {
        if (!claims_.renew(kRenewalWork, now(), kRenewalLeaseSeconds)) {
            round.more = true; // the lease ended and another server took the round
            break;
        }
        if (!copy.blob.empty() && copy.algorithmsUntil < 0) {
            // A copy from before the algorithm policy: judged now, renewed only when due.
            try {
                judge(copy, blobs_.get(copy.blob));
            } catch (const std::exception&) {
                copy.algorithmsUntil = 0; // unreadable: renewed (a failure is kept in the row)
            }
            if (copy.algorithmsUntil >= at + settings_.marginSeconds &&
                copy.expiresAt >= at + settings_.marginSeconds) {
                storage_.savePreservedCopy(copy);
                continue;
            }
        }
        if (preserve(copy, copy.blob.empty() ? kActionAugment : kActionRenew, dueReason(copy))) {
            ++round.renewed;
        } else {
            ++round.failed;
            state.lastError = copy.lastError;
        }
    }
    if (round.adopted + round.renewed + round.failed > 0) {
        state.lastRoundAt = vietnamTimestamp(now());
        state.lastRenewed = static_cast<int>(round.renewed);
        state.lastFailed = static_cast<int>(round.failed);
        state.renewedTotal += static_cast<std::int64_t>(round.renewed);
        state.failedTotal += static_cast<std::int64_t>(round.failed);
        if (round.failed == 0) {
            state.lastError.clear();
        }
        storage_.saveRenewalState(state);
    }
    return round;
}

std::optional<PreservedCopy> Preservation::copyOf(const std::string& kind, Id documentId) const {
    return storage_.findPreservedCopy(kind, documentId);
}

std::string archivedBlob(const Storage& storage, const std::string& kind, Id documentId,
                         const std::string& original) {
    const auto copy = storage.findPreservedCopy(kind, documentId);
    return copy && !copy->blob.empty() && copy->originalBlob == original ? copy->blob : original;
}

RenewalOverview Preservation::overview() const {
    RenewalOverview out;
    out.marginSeconds = settings_.marginSeconds;
    out.state = storage_.renewalState();
    const std::int64_t at = now();
    out.counts = storage_.preservationCounts(at + settings_.marginSeconds);
    // The failing rows are among the due ones (a failure keeps the letter due).
    for (const auto& copy :
         storage_.preservedCopiesDue(at + settings_.marginSeconds, INT64_MAX, kFailingShown * 5)) {
        if (!copy.lastError.empty() && out.failing.size() < kFailingShown) {
            out.failing.push_back(copy);
        }
    }
    return out;
}

} // namespace vanthu::docmgmt
