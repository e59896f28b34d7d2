// Issue 21 items 3 and 4: an incoming letter augmented on registration (the received bytes kept
// unchanged, the long-term copy beside them, the level of each), and the renewal job that adds
// fresh validation data and a document time-stamp to every signed letter whose newest
// time-stamp's certificate expires within the margin: in batches, resumable, audited, and the
// archive carrying the renewed file.
#include <catch2/catch.hpp>

#include <chrono>
#include <ctime>
#include <fstream>
#include <memory>
#include <thread>

#include "IncomingFixtures.hpp"
#include "PolicyWorld.hpp"
#include "vanthu/docmgmt/IncomingFlow.hpp"
#include "vanthu/docmgmt/Preservation.hpp"
#include "vanthu/signing/LongTermValidation.hpp"
#include "vanthu/signing/PadesSigner.hpp"

using namespace vanthu::docmgmt;
using vanthu::test::PolicyWorld;
using vanthu::test::shortLivedPkcs12;
using vanthu::test::SlowTsa;
using vanthu::test::verified;
namespace fs = std::filesystem;

namespace {

PreservationSettings preservationSettings(const fs::path& pki) {
    PreservationSettings settings;
    settings.verification.trustAnchorsPem =
        vanthu::signing::readBinaryFile((pki / "ca.pem").string());
    settings.verification.sandboxed = false;
    return settings;
}

/// The audit entries of an object with this action.
int auditCount(PolicyWorld& p, const std::string& object, const std::string& action) {
    int n = 0;
    for (const auto& entry : p.w.storage->auditRecords(0, 100000)) {
        n += entry.object == object && entry.action == action ? 1 : 0;
    }
    return n;
}

} // namespace

TEST_CASE("Preservation (issue 21 item 3): an incoming B-B letter is augmented on registration "
          "with the received bytes unchanged and after its signer's certificate expired the copy "
          "still verifies and the original does not",
          "[preservation][incoming][expiry]") {
    PolicyWorld p; // the default policy: B-LTA with the built-in TSA and responder
    Preservation preservation(*p.w.storage, *p.w.blobs, *p.w.audit, *p.policies,
                              preservationSettings(p.pki));
    IncomingSettings settings;
    settings.clock = [now = p.w.now] { return now->load(); };
    settings.verification.trustAnchorsPem =
        vanthu::signing::readBinaryFile((p.pki / "ca.pem").string());
    settings.verification.sandboxed = false;
    settings.preservation = &preservation;
    IncomingFlow incoming(*p.w.storage, *p.w.blobs, *p.w.audit, *p.flow, settings);

    // The sender's letter, signed at B-B by a leader whose certificate lives 8 seconds more.
    const auto key = vanthu::signing::Pkcs12Key::fromBytes(
        shortLivedPkcs12(p.pki, "Lãnh đạo nơi gửi (chứng thư ngắn hạn)", 0x4001, 8), "vanthu");
    const auto expires = std::chrono::system_clock::now() + std::chrono::seconds(8);
    const Id draft =
        p.flow->createDraft(p.w.actor("chuyenvien.vq"), p.w.letterInput("thư của nơi gửi")).id;
    const std::string received = vanthu::signing::PadesSigner(vanthu::signing::SignOptions{})
                                     .sign(p.flow->pdf(p.w.actor("chuyenvien.vq"), draft), *key);
    REQUIRE(verified(received, p.pki).signatures.at(0).level == "B-B");

    ArrivingDocument letter;
    letter.channel = kChannelEdxml;
    letter.packageId = "pkg-preservation-1";
    letter.senderCode = "000.00.00.H99";
    letter.senderName = "ỦY BAN NHÂN DÂN TỈNH NƠI GỬI";
    letter.senderPeer = "noi-gui";
    letter.receiverCode = p.w.officeOf("vanthu.vq").code;
    letter.number = "77";
    letter.notation = "77/UBND-VP";
    letter.issuedDate = "2026-06-15";
    letter.typeCode = "CV";
    letter.typeName = "Công văn";
    letter.subject = "thư có chữ ký B-B";
    letter.signerName = "Lãnh đạo nơi gửi";
    letter.pdf = received;
    const Id id = incoming.receive(letter);
    REQUIRE(p.w.storage->findIncoming(id)->signatureStatus == kSignaturesValid);
    CHECK_FALSE(preservation.copyOf(kPreservedIncoming, id)); // not before registration

    incoming.registerArrival(p.w.actor("vanthu.vq"), id);
    const auto doc = p.w.storage->findIncoming(id);
    REQUIRE(doc->state == IncomingState::Registered);
    CHECK(p.w.blobs->get(doc->pdf) == received); // the received bytes, unchanged
    const auto copy = preservation.copyOf(kPreservedIncoming, id);
    REQUIRE(copy);
    INFO(copy->lastError);
    REQUIRE_FALSE(copy->blob.empty());
    CHECK(copy->originalBlob == doc->pdf);
    CHECK(copy->originalLevel == "B-B");
    CHECK(copy->level == "B-LTA");
    CHECK(copy->renewals == 1);
    CHECK(copy->expiresAt > std::time(nullptr) + 365 * 86400); // the demo TSA: three years
    const std::string augmented = p.w.blobs->get(copy->blob);
    CHECK(augmented.compare(0, received.size(), received) == 0); // appended revisions only
    const auto report = verified(augmented, p.pki);
    INFO(vanthu::signing::toText(report));
    CHECK(report.ok);
    REQUIRE(report.signatures.size() == 2);
    CHECK(report.signatures[0].level == "B-LTA");
    CHECK(report.signatures[1].kind == "document-time-stamp");
    CHECK(auditCount(p, "incoming/" + std::to_string(id), kActionAugment) == 1);
    // The archive carries the copy.
    CHECK(archivedBlob(*p.w.storage, kPreservedIncoming, id, doc->pdf) == copy->blob);

    std::this_thread::sleep_until(expires + std::chrono::seconds(2));
    REQUIRE(X509_cmp_current_time(X509_get0_notAfter(key->certificate())) < 0);
    const auto original = verified(received, p.pki);
    CHECK_FALSE(original.ok);
    const auto kept = verified(augmented, p.pki);
    INFO(vanthu::signing::toText(kept));
    CHECK(kept.ok);
    CHECK(kept.signatures.at(0).level == "B-LTA");
    CHECK_FALSE(kept.signatures.at(0).provedAt.empty());
    CHECK(p.w.audit->verify().intact);
}

TEST_CASE(
    "Preservation: a TSA that does not answer leaves the registration done and the "
    "failure kept for the renewal job which makes the copy later and a paper letter gets none",
    "[preservation][incoming]") {
    PolicyWorld p;
    SlowTsa tsa;
    p.useTsa("B-LTA", "url", "http://127.0.0.1:9/tsa"); // nothing listens there
    Preservation preservation(*p.w.storage, *p.w.blobs, *p.w.audit, *p.policies,
                              preservationSettings(p.pki));
    IncomingSettings settings;
    settings.clock = [now = p.w.now] { return now->load(); };
    settings.verification.trustAnchorsPem =
        vanthu::signing::readBinaryFile((p.pki / "ca.pem").string());
    settings.verification.sandboxed = false;
    settings.preservation = &preservation;
    IncomingFlow incoming(*p.w.storage, *p.w.blobs, *p.w.audit, *p.flow, settings);

    ArrivingDocument letter;
    letter.channel = kChannelEdxml;
    letter.packageId = "pkg-preservation-2";
    letter.senderCode = "000.00.00.H99";
    letter.senderName = "NƠI GỬI";
    letter.receiverCode = p.w.officeOf("vanthu.vq").code;
    letter.number = "78";
    letter.notation = "78/UBND-VP";
    letter.issuedDate = "2026-06-15";
    letter.typeCode = "CV";
    letter.typeName = "Công văn";
    letter.subject = "thư đã ký";
    letter.signerName = "Lãnh đạo nơi gửi";
    const Id draft =
        p.flow->createDraft(p.w.actor("chuyenvien.vq"), p.w.letterInput("thư đã ký")).id;
    letter.pdf = vanthu::signing::PadesSigner(vanthu::signing::SignOptions{})
                     .sign(p.flow->pdf(p.w.actor("chuyenvien.vq"), draft),
                           *vanthu::signing::Pkcs12Key::fromFile((p.pki / "signer1.p12").string(),
                                                                 "vanthu"));
    const Id id = incoming.receive(letter);
    const auto registered = incoming.registerArrival(p.w.actor("vanthu.vq"), id);
    CHECK(registered.state == IncomingState::Registered);
    const auto copy = preservation.copyOf(kPreservedIncoming, id);
    REQUIRE(copy);
    CHECK(copy->blob.empty());
    CHECK_FALSE(copy->lastError.empty());
    CHECK(copy->nextAttemptAt > std::time(nullptr));
    CHECK(archivedBlob(*p.w.storage, kPreservedIncoming, id, registered.pdf) == registered.pdf);

    // Once the policy names a TSA that answers, the renewal job makes the copy (when due).
    p.useTsa("B-LTA", "url", tsa.url());
    auto later = preservationSettings(p.pki);
    later.clock = [] { return std::time(nullptr) + 2 * 3600; };
    Preservation job(*p.w.storage, *p.w.blobs, *p.w.audit, *p.policies, later);
    for (int round = 0; round < 20 && job.renewDue(10).more; ++round) {
    }
    const auto made = job.copyOf(kPreservedIncoming, id);
    REQUIRE(made);
    INFO(made->lastError);
    CHECK_FALSE(made->blob.empty());
    CHECK(made->level == "B-LTA");
    CHECK(auditCount(p, "incoming/" + std::to_string(id), kActionAugment) == 1);

    // A paper letter (no signature) gets no row.
    const auto paper = incoming.enterPaper(p.w.actor("vanthu.vq"), [&] {
        ArrivingDocument a = letter;
        a.channel = kChannelPaper;
        a.packageId.clear();
        a.number = "79";
        a.notation = "79/UBND-VP";
        a.pdf = vanthu::test::unsignedPdf();
        return a;
    }());
    incoming.registerArrival(p.w.actor("vanthu.vq"), paper.id);
    CHECK_FALSE(job.copyOf(kPreservedIncoming, paper.id));
}

TEST_CASE(
    "Renewal (issue 21 item 4): letters whose newest time-stamp's certificate expires "
    "within the margin get fresh validation data and a new document time-stamp in "
    "batches resumed by a new job and audited once each and the archive carries the renewed file",
    "[preservation][renewal]") {
    PolicyWorld p;
    // Issued at B-LTA with a TSA whose certificate lives ten minutes.
    const fs::path shortTsaFile = p.w.dir.path() / "short-tsa.p12";
    {
        std::ofstream out(shortTsaFile, std::ios::binary);
        out << shortLivedPkcs12(p.pki, "TSA chứng thư ngắn hạn", 0x4002, 600,
                                "critical,timeStamping");
    }
    SlowTsa shortTsa(shortTsaFile);
    p.useTsa("B-LTA", "url", shortTsa.url());
    const auto clerk = p.w.actor("vanthu.vq");
    const auto first = p.flow->issue(clerk, p.signedLetter("gia hạn thứ nhất"));
    const auto second = p.flow->issue(clerk, p.signedLetter("gia hạn thứ hai"));
    const std::string firstIssued = p.w.blobs->get(first.issuedPdf);
    const auto before = vanthu::signing::LongTermValidation::newestTimeStampExpiry(firstIssued);
    REQUIRE(before);
    CHECK(*before < std::time(nullptr) + 700);
    // Renewed with the built-in TSA (its certificate lasts three years).
    p.useTsa("B-LTA", "builtin");

    const auto objectOf = [](const OutgoingDocument& d) {
        return "document/" + std::to_string(d.id);
    };
    {
        Preservation job(*p.w.storage, *p.w.blobs, *p.w.audit, *p.policies,
                         preservationSettings(p.pki));
        const auto round = job.renewDue(1); // one letter, then the server stops
        CHECK(round.renewed + round.failed <= 1);
        CHECK(round.more);
    }
    // A new job (after a restart) goes on with what is still due.
    Preservation job(*p.w.storage, *p.w.blobs, *p.w.audit, *p.policies,
                     preservationSettings(p.pki));
    int rounds = 0;
    while (job.renewDue(2).more) {
        REQUIRE(++rounds < 50);
    }
    for (const auto* doc : {&first, &second}) {
        const auto copy = job.copyOf(kPreservedOutgoing, doc->id);
        REQUIRE(copy);
        INFO(copy->lastError);
        CHECK(copy->lastError.empty());
        CHECK(copy->originalBlob == doc->issuedPdf);
        CHECK(copy->blob != doc->issuedPdf);
        CHECK(copy->renewals == 1);
        CHECK(copy->expiresAt > std::time(nullptr) + 2 * 365 * 86400);
        CHECK(copy->level == "B-LTA");
        CHECK(auditCount(p, objectOf(*doc), kActionRenew) == 1);
        // The issued bytes stay; the renewed file appends to them.
        CHECK(p.w.storage->findDocument(doc->id)->issuedPdf == doc->issuedPdf);
        const std::string issued = p.w.blobs->get(doc->issuedPdf);
        const std::string renewed = p.w.blobs->get(copy->blob);
        CHECK(renewed.compare(0, issued.size(), issued) == 0);
        const auto report = verified(renewed, p.pki);
        INFO(vanthu::signing::toText(report));
        CHECK(report.ok);
        REQUIRE(report.signatures.size() == 4); // leader, seal, two document time-stamps
        CHECK(report.signatures[3].kind == "document-time-stamp");
        CHECK(report.signatures[3].signer == "Vanthu Demo TSA");
        CHECK(archivedBlob(*p.w.storage, kPreservedOutgoing, doc->id, doc->issuedPdf) ==
              copy->blob);
    }
    // Nothing is due any more: a further round renews nothing.
    const auto idle = job.renewDue(10);
    CHECK(idle.renewed == 0);
    CHECK_FALSE(idle.more);
    const auto overview = job.overview();
    CHECK(overview.marginSeconds == kDefaultRenewalMarginSeconds);
    CHECK(overview.counts.due == 0);
    CHECK(overview.counts.waiting == 0);
    CHECK(overview.state.renewedTotal >= 2);
    CHECK_FALSE(overview.state.lastRoundAt.empty());
    CHECK(p.w.audit->verify().intact);
}

TEST_CASE("Renewal when an algorithm weakens (issue 21 item 4): a letter whose newest "
          "time-stamp was signed with SHA-1 is renewed although its TSA's certificate lasts "
          "years and once renewed it is no longer due",
          "[preservation][renewal][algorithms]") {
    PolicyWorld p;
    SlowTsa oldTsa; // the demo TSA's key and certificate, signing its tokens with SHA-1
    oldTsa.signWith(EVP_sha1());
    p.useTsa("B-LTA", "url", oldTsa.url());
    const auto clerk = p.w.actor("vanthu.vq");
    const auto issued = p.flow->issue(clerk, p.signedLetter("dấu thời gian SHA-1"));
    const std::string issuedPdf = p.w.blobs->get(issued.issuedPdf);
    const auto newest = vanthu::signing::LongTermValidation::newestTimeStamp(issuedPdf);
    REQUIRE(newest);
    CHECK(newest->signatureHash.label() == "SHA-1");
    CHECK(newest->imprintHash.label() == "SHA-256");
    CHECK(newest->key.label() == "RSA-2048");
    CHECK(newest->expiresAt > std::time(nullptr) + 2 * 365 * 86400); // not due by its expiry
    const auto& standard = vanthu::signing::AlgorithmPolicy::standard();
    CHECK(newest->weakestAlgorithm(standard) == "SHA-1");
    CHECK(newest->algorithmsAcceptedUntil(standard) < std::time(nullptr));
    p.useTsa("B-LTA", "builtin"); // the office has since moved to a SHA-256 TSA

    Preservation job(*p.w.storage, *p.w.blobs, *p.w.audit, *p.policies,
                     preservationSettings(p.pki));
    const auto adopted = job.adoptIssued(issued.id);
    REQUIRE(adopted);
    CHECK(adopted->blob == issued.issuedPdf); // its own copy until renewed
    CHECK(adopted->weakestAlgorithm == "SHA-1");
    CHECK(job.stateOf(*adopted) == CopyState::Weakened);
    CHECK(job.overview().counts.due == 1);

    const auto round = job.renewDue(10);
    CHECK(round.renewed == 1);
    CHECK(round.failed == 0);
    const auto copy = job.copyOf(kPreservedOutgoing, issued.id);
    REQUIRE(copy);
    INFO(copy->lastError);
    CHECK(copy->lastError.empty());
    CHECK(copy->renewals == 1);
    CHECK(copy->blob != issued.issuedPdf);
    CHECK(copy->weakestAlgorithm == "RSA-2048"); // the demo TSA: SHA-256 with RSA 2048
    CHECK(copy->algorithmsUntil > std::time(nullptr) + 365 * 86400);
    CHECK(job.stateOf(*copy) == CopyState::Current);
    const std::string renewed = p.w.blobs->get(copy->blob);
    CHECK(renewed.compare(0, issuedPdf.size(), issuedPdf) == 0);
    const auto after = vanthu::signing::LongTermValidation::newestTimeStamp(renewed);
    REQUIRE(after);
    CHECK(after->signatureHash.label() == "SHA-256");
    // The audit entry names the reason.
    int named = 0;
    for (const auto& entry : p.w.storage->auditRecords(0, 100000)) {
        if (entry.object == "document/" + std::to_string(issued.id) &&
            entry.action == kActionRenew) {
            INFO(entry.detail);
            CHECK(entry.detail.find("SHA-1") != std::string::npos);
            ++named;
        }
    }
    CHECK(named == 1);
    // Renewed once: nothing is due any more.
    const auto idle = job.renewDue(10);
    CHECK(idle.renewed + idle.failed == 0);
    CHECK(job.overview().counts.due == 0);
    CHECK(p.w.audit->verify().intact);
}

TEST_CASE("Renewal when an algorithm weakens: once the clock passes the margin before the "
          "policy's date for RSA 2048 the copies are renewed with a TSA of a stronger key and "
          "a TSA as weak is named to the administrator",
          "[preservation][renewal][algorithms]") {
    PolicyWorld p;
    const auto clerk = p.w.actor("vanthu.vq");
    // Issued at B-LTA with the built-in TSA: SHA-256 with RSA 2048, certificate for years.
    const auto first = p.flow->issue(clerk, p.signedLetter("RSA 2048, thư thứ nhất"));
    const auto second = p.flow->issue(clerk, p.signedLetter("RSA 2048, thư thứ hai"));

    // A policy whose date for RSA 2048 is a hundred days away; the margin is thirty days.
    const std::int64_t start = std::time(nullptr);
    const std::int64_t rsa2048Until = start + 100 * 86400;
    auto settings = preservationSettings(p.pki);
    settings.marginSeconds = 30 * 86400;
    settings.algorithms = vanthu::signing::AlgorithmPolicy({
        {"SHA-256", 0, vanthu::signing::kAcceptedWithoutEnd},
        {"RSA", 2048, rsa2048Until},
        {"EC", 256, vanthu::signing::kAcceptedWithoutEnd},
    });
    auto shift = std::make_shared<std::atomic<std::int64_t>>(0);
    settings.clock = [shift] { return static_cast<std::int64_t>(std::time(nullptr)) + *shift; };
    Preservation job(*p.w.storage, *p.w.blobs, *p.w.audit, *p.policies, settings);

    // Today: adopted (with the demo's own letters), not due (the certificate lasts years, RSA
    // 2048 a hundred days).
    for (int rounds = 0; rounds < 20 && job.renewDue(10).more; ++rounds) {
    }
    for (const auto* doc : {&first, &second}) {
        const auto copy = job.copyOf(kPreservedOutgoing, doc->id);
        REQUIRE(copy);
        CHECK(copy->renewals == 0);
        CHECK(copy->weakestAlgorithm == "RSA-2048");
        CHECK(copy->algorithmsUntil == rsa2048Until);
        CHECK(job.stateOf(*copy) == CopyState::Current);
    }

    // The office's TSA now has a P-256 key (five years); the clock moves eighty days on.
    const fs::path ecTsaFile = p.w.dir.path() / "ec-tsa.p12";
    {
        std::ofstream out(ecTsaFile, std::ios::binary);
        out << shortLivedPkcs12(p.pki, "TSA khóa P-256", 0x4003, 5L * 365 * 86400,
                                "critical,timeStamping");
    }
    SlowTsa ecTsa(ecTsaFile);
    p.useTsa("B-LTA", "url", ecTsa.url());
    *shift = 80 * 86400;
    for (const auto* doc : {&first, &second}) {
        CHECK(job.stateOf(*job.copyOf(kPreservedOutgoing, doc->id)) == CopyState::Weakened);
    }
    const auto round = job.renewDue(10);
    CHECK(round.renewed >= 2);
    for (const auto* doc : {&first, &second}) {
        const auto copy = job.copyOf(kPreservedOutgoing, doc->id);
        REQUIRE(copy);
        INFO(copy->lastError);
        CHECK(copy->lastError.empty());
        CHECK(copy->renewals == 1);
        CHECK(copy->algorithmsUntil == vanthu::signing::kAcceptedWithoutEnd);
        CHECK(job.stateOf(*copy) == CopyState::Current);
        const auto newest =
            vanthu::signing::LongTermValidation::newestTimeStamp(p.w.blobs->get(copy->blob));
        REQUIRE(newest);
        CHECK(newest->key.label() == "EC-256");
        const auto report = verified(p.w.blobs->get(copy->blob), p.pki);
        INFO(vanthu::signing::toText(report));
        CHECK(report.ok);
    }
    CHECK(ecTsa.requests.load() >= 2);

    // A letter renewed with a TSA as weak as before: kept, but the administrator is told.
    p.useTsa("B-LTA", "builtin");
    const auto third = p.flow->issue(clerk, p.signedLetter("RSA 2048, thư thứ ba"));
    for (int rounds = 0; rounds < 20 && job.renewDue(10).more; ++rounds) {
    }
    const auto copy = job.copyOf(kPreservedOutgoing, third.id);
    REQUIRE(copy);
    CHECK(copy->renewals == 1);
    CHECK(copy->weakestAlgorithm == "RSA-2048");
    CHECK(copy->lastError.find("RSA-2048") != std::string::npos);
    CHECK(job.stateOf(*copy) == CopyState::Failed);
    CHECK(copy->nextAttemptAt > std::time(nullptr) + *shift + 3600); // a day later, not at once

    // A day later, with the same TSA: a probe token shows it would not help, so the copy does
    // not grow by a time-stamp a day; the administrator is still told.
    *shift += 2 * 86400;
    (void)job.renewDue(10);
    const auto unchanged = job.copyOf(kPreservedOutgoing, third.id);
    REQUIRE(unchanged);
    CHECK(unchanged->renewals == 1);
    CHECK(unchanged->blob == copy->blob);
    CHECK(unchanged->lastError.find("RSA-2048") != std::string::npos);
    CHECK(unchanged->nextAttemptAt > std::time(nullptr) + *shift + 3600);
    // Once the office's TSA is changed, the next round renews it.
    p.useTsa("B-LTA", "url", ecTsa.url());
    *shift += 2 * 86400;
    (void)job.renewDue(10);
    const auto renewed = job.copyOf(kPreservedOutgoing, third.id);
    REQUIRE(renewed);
    INFO(renewed->lastError);
    CHECK(renewed->renewals == 2);
    CHECK(renewed->lastError.empty());
    CHECK(renewed->weakestAlgorithm != "RSA-2048");
    CHECK(job.stateOf(*renewed) == CopyState::Current);
    CHECK(p.w.audit->verify().intact);
}
