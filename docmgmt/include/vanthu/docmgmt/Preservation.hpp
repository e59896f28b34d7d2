#pragma once
// Long-term copies of signed letters (issue 21 items 3 and 4, "letters that still verify in
// twenty years"). An incoming letter is augmented when it is registered: the received bytes
// stay as they came, and beside them a copy with validation data for the sender's signatures
// and a document time-stamp of the receiving office's TSA (its signing policy's). The renewal
// job of `vanthu serve` then adds, to every issued or registered signed letter whose newest
// document time-stamp's certificate expires within the margin (default one year), or whose
// algorithms the algorithm policy no longer accepts by then (signing::AlgorithmPolicy), fresh
// validation data and a new document time-stamp: in batches, each letter committed on its own
// (a restart goes on with what is still due: the state is the table preserved_copies), each
// renewal audited ("renew-evidence"). Servers sharing one database take turns: a round is
// claimed (WorkClaims, "renewal") for a lease renewed before each letter, so that no letter is
// renewed by two servers at once and a server that dies in a round leaves it to another when the
// lease ends. The archive's packages carry the copy (archivedBlob()). Storage: PreservedCopy,
// RenewalState.
#include <cstdint>
#include <optional>
#include <string>

#include "vanthu/docmgmt/Dispatch.hpp"
#include "vanthu/docmgmt/Storage.hpp"
#include "vanthu/docmgmt/VietnamTime.hpp"
#include "vanthu/docmgmt/WorkClaims.hpp"
#include "vanthu/signing/AlgorithmPolicy.hpp"

namespace vanthu::signing {
struct NewestTimeStamp;
} // namespace vanthu::signing

namespace vanthu::docmgmt {

class AuditTrail;
class BlobStore;
class SigningEvidence;
class SigningPolicies;

inline constexpr std::int64_t kDefaultRenewalMarginSeconds = 365LL * 86400;
/// The claim of a renewal round (WorkClaims) and its lease, renewed before each letter: more
/// than one letter's time-stamp and revocation requests take.
inline constexpr const char* kRenewalWork = "renewal";
inline constexpr std::int64_t kRenewalLeaseSeconds = 600;

struct PreservationSettings {
    Clock clock = systemClock();
    /// A letter is renewed when its newest time-stamp's certificate expires before now + margin.
    std::int64_t marginSeconds = kDefaultRenewalMarginSeconds;
    /// How the copies are verified for their level (the trust anchors).
    VerificationSettings verification;
    /// A letter is renewed too when a hash or the key of its newest time-stamp is no longer
    /// accepted by now + margin (SHA-1, or a policy date passed for RSA 2048).
    signing::AlgorithmPolicy algorithms = signing::AlgorithmPolicy::standard();
};

/// What the letter's page says of its long-term copy.
enum class CopyState {
    Current,  ///< made, renewal not due
    Due,      ///< the newest time-stamp's certificate expires within the margin
    Weakened, ///< an algorithm of the newest time-stamp is no longer accepted (within the margin)
    Failed,   ///< the last attempt failed (lastError); tried again
    Missing,  ///< no copy yet: the renewal job makes it
};
/// "current", "due", "weakened", "failed", "missing".
const char* copyStateName(CopyState state);

/// The renewal job's state for the administrator's page.
struct RenewalOverview {
    std::int64_t marginSeconds = 0;
    RenewalState state;
    PreservationCounts counts;
    std::vector<PreservedCopy> failing; ///< the first rows whose last attempt failed
};

inline constexpr const char* kActionAugment = "augment-evidence";
inline constexpr const char* kActionRenew = "renew-evidence";

/// The blob the archive carries for a letter (its case file's package, the documents filed):
/// its long-term copy when there is one made from this original, else the original.
std::string archivedBlob(const Storage& storage, const std::string& kind, Id documentId,
                         const std::string& original);

class Preservation {
public:
    Preservation(Storage& storage, BlobStore& blobs, AuditTrail& audit,
                 const SigningPolicies& policies, PreservationSettings settings);

    /// Registration of an incoming letter: its augmented copy made now (the TSA and the
    /// revocation sources are asked outside any transaction). Never throws for the evidence: a
    /// failure is kept in the row (lastError) and the renewal job tries again. A letter without
    /// signatures gets no row. Audited "augment-evidence" on incoming/<id>.
    std::optional<PreservedCopy> augmentIncoming(Id incomingId);

    struct Round {
        std::size_t adopted = 0; ///< signed letters given a row
        std::size_t renewed = 0;
        std::size_t failed = 0;
        bool more = false;      ///< due letters left for the next round
        bool elsewhere = false; ///< another server holds the round: nothing done here
    };
    /// One batch: letters without a row get one (issued outgoing letters at the policy's
    /// level keep their issued bytes as their copy), then at most limit due letters are
    /// renewed (or augmented). Each is committed and audited on its own. Only while this
    /// server holds the round's claim (kRenewalWork), released when the batch ends.
    Round renewDue(std::size_t limit = 10);

    /// An issued outgoing letter given its row at once (its issued bytes as its copy when it
    /// has a document time-stamp), so that its page shows its long-term copy before the next
    /// round. Never throws for the evidence; nothing when the letter is not issued.
    std::optional<PreservedCopy> adoptIssued(Id documentId);

    std::optional<PreservedCopy> copyOf(const std::string& kind, Id documentId) const;
    CopyState stateOf(const PreservedCopy& copy) const;
    RenewalOverview overview() const;
    std::int64_t marginSeconds() const { return settings_.marginSeconds; }

private:
    /// Adds validation data and a document time-stamp to the copy (or the original) and
    /// commits it with its audit entry; a failure is recorded in the row. True when done.
    bool preserve(PreservedCopy& copy, const std::string& action, const std::string& reason);
    /// The copy's expiry and algorithms from its newest time-stamp (none: left as they are).
    void judge(PreservedCopy& copy, const std::string& pdf) const;
    void judge(PreservedCopy& copy, const signing::NewestTimeStamp& newest) const;
    /// Why a due copy is renewed, for its audit entry ("" when it has no copy yet).
    std::string dueReason(const PreservedCopy& copy) const;
    /// Why a time-stamp from this TSA would itself be due within the margin (its algorithms no
    /// longer accepted, or its certificate expiring), in Vietnamese; "" when it would not.
    std::string tsaShortfall(const signing::NewestTimeStamp& stamp, std::int64_t at) const;
    /// After a renewal that could not help: the office's TSA asked for one probe token over a
    /// fixed imprint; its shortfall, or "" when it now gives a time-stamp that helps (or cannot
    /// be asked: the renewal then fails on its own and says why).
    std::string probeShortfall(SigningEvidence& evidence, std::int64_t at) const;
    /// A row for a letter that has none: its original's level and expiry.
    PreservedCopy adopt(PreservedCopy letter);
    std::string levelOf(const std::string& pdf) const;
    std::int64_t now() const;
    /// renewDue's batch, under the round's claim.
    Round renewClaimed(std::size_t limit);

    Storage& storage_;
    BlobStore& blobs_;
    AuditTrail& audit_;
    const SigningPolicies& policies_;
    PreservationSettings settings_;
    WorkClaims claims_;
};

} // namespace vanthu::docmgmt
