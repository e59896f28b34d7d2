// Issue 21 item 2: the issue asks the time-stamp authority and the revocation sources outside the
// write transaction (a slow TSA does not stop other offices' writes; a number another issue took
// meanwhile is never lost nor doubled), the issue queue retried with backoff until the letter is
// issued at the policy's level, and the clerk's audited choice to issue below the policy.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include "DocmgmtFixtures.hpp"
#include "PolicyWorld.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/OutgoingRegister.hpp"
#include "vanthu/signing/SigningKey.hpp"

#include <openssl/x509.h>

using namespace vanthu::docmgmt;
using vanthu::test::PolicyWorld;
using vanthu::test::SlowTsa;
using vanthu::test::verified;
namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;

namespace {

void waitForRequests(const SlowTsa& tsa, int count) {
    const auto until = Steady::now() + std::chrono::seconds(60);
    while (tsa.requests.load() < count) {
        REQUIRE(Steady::now() < until);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

long long millisSince(Steady::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Steady::now() - start).count();
}

/// The audit details of the document's entries with this action.
std::vector<std::string> auditDetails(PolicyWorld& p, Id id, const std::string& action) {
    std::vector<std::string> out;
    for (const auto& entry : p.flow->history(p.w.actor("vanthu.vq"), id)) {
        if (entry.action == action) {
            out.push_back(entry.detail);
        }
    }
    return out;
}

/// Writes pki/issuing-ca.crl as the demo issuing CA's CRL revoking `certificate` (the built-in
/// OCSP responder and the installation's CRLs both read that file).
void revokeInInstallationCrl(const fs::path& pki, X509* certificate) {
    const auto ca =
        vanthu::signing::Pkcs12Key::fromFile((pki / "issuing-ca.p12").string(), "vanthu");
    vanthu::signing::X509CrlPtr crl(X509_CRL_new());
    REQUIRE(crl);
    REQUIRE(X509_CRL_set_version(crl.get(), 1) == 1);
    REQUIRE(X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(ca->certificate())) == 1);
    const std::time_t now = std::time(nullptr);
    std::unique_ptr<ASN1_TIME, decltype(&ASN1_TIME_free)> from(ASN1_TIME_set(nullptr, now - 60),
                                                               ASN1_TIME_free);
    std::unique_ptr<ASN1_TIME, decltype(&ASN1_TIME_free)> until(
        ASN1_TIME_set(nullptr, now + 30 * 86400), ASN1_TIME_free);
    REQUIRE(X509_CRL_set1_lastUpdate(crl.get(), from.get()) == 1);
    REQUIRE(X509_CRL_set1_nextUpdate(crl.get(), until.get()) == 1);
    X509_REVOKED* revoked = X509_REVOKED_new();
    REQUIRE(X509_REVOKED_set_serialNumber(revoked, X509_get_serialNumber(certificate)) == 1);
    REQUIRE(X509_REVOKED_set_revocationDate(revoked, from.get()) == 1);
    REQUIRE(X509_CRL_add0_revoked(crl.get(), revoked) == 1);
    REQUIRE(X509_CRL_sort(crl.get()) == 1);
    REQUIRE(X509_CRL_sign(crl.get(), ca->privateKey(), EVP_sha256()) > 0);
    std::ofstream(pki / "issuing-ca.crl", std::ios::binary) << vanthu::signing::toPem(crl.get());
}

} // namespace

TEST_CASE("Issue: a slow time-stamp authority does not hold the database, writes go through "
          "meanwhile",
          "[policy][flow][queue]") {
    PolicyWorld p;
    SlowTsa tsa;
    p.useTsa("B-LTA", "url", tsa.url());
    const Id id = p.signedLetter("TSA chậm");
    const auto clerk = p.w.actor("vanthu.vq");
    const auto registerBefore = p.flow->outgoingRegister(clerk, 2026).size();

    tsa.delayMs = 2000; // the seal's time-stamp and the document time-stamp: 4 s at least
    const int before = tsa.requests.load();
    const auto started = Steady::now();
    auto issuing = std::async(std::launch::async, [&] { return p.flow->issue(clerk, id); });
    waitForRequests(tsa, before + 1); // the issue is waiting for the TSA now

    // Another office saves a draft, and this office's register is read, while the TSA sleeps.
    const auto saving = Steady::now();
    const auto draft =
        p.flow->createDraft(p.w.actor("chuyenvien.nd"), p.w.letterInput("dự thảo xã khác"));
    const auto saved = millisSince(saving);
    // Saved while the issue still waits for the TSA (before the change the save waited for the
    // issue's whole transaction, the TSA's answers included, and found the letter issued).
    CHECK(saved < 2000);
    CHECK(issuing.wait_for(std::chrono::seconds(0)) == std::future_status::timeout);
    CHECK(p.flow->outgoingRegister(clerk, 2026).size() == registerBefore); // nothing taken yet
    CHECK(p.w.storage->findDocument(id)->state == DocumentState::Signed);
    CHECK(p.w.storage->findDocument(draft.id));

    const auto issued = issuing.get();
    CHECK(millisSince(started) >= 4000);
    REQUIRE(issued.number);
    CHECK(tsa.requests.load() >= before + 2);
    CHECK(p.flow->outgoingRegister(clerk, 2026).size() == registerBefore + 1);
    const auto report = verified(p.w.blobs->get(issued.issuedPdf), p.pki);
    INFO(vanthu::signing::toText(report));
    CHECK(report.ok);
    REQUIRE(report.signatures.size() == 3);
    CHECK(report.signatures[1].level == "B-LTA");
    CHECK(p.w.audit->verify().intact);
}

TEST_CASE("Issue: two letters issued at once with a slow TSA get consecutive numbers, each "
          "printed in its own letter",
          "[policy][flow][queue]") {
    PolicyWorld p;
    SlowTsa tsa;
    p.useTsa("B-LTA", "url", tsa.url());
    const Id first = p.signedLetter("thứ nhất");
    const Id second = p.signedLetter("thứ hai");
    const auto clerk = p.w.actor("vanthu.vq");
    const auto registerBefore = p.flow->outgoingRegister(clerk, 2026).size();

    tsa.delayMs = 700;
    const int before = tsa.requests.load();
    auto a = std::async(std::launch::async, [&] { return p.flow->issue(clerk, first); });
    waitForRequests(tsa, before + 1);
    // Started while the first waits for the TSA: it waits for the first's commit (one series),
    // then takes the next number; other writes never waited (the test above).
    auto b = std::async(std::launch::async, [&] { return p.flow->issue(clerk, second); });
    const auto one = a.get();
    const auto two = b.get();
    REQUIRE(one.number);
    REQUIRE(two.number);
    CHECK(*one.number != *two.number);
    CHECK(std::abs(*one.number - *two.number) == 1);
    const auto entries = p.flow->outgoingRegister(clerk, 2026);
    CHECK(entries.size() == registerBefore + 2);

    // Independently of vanthu: the text of each issued PDF carries its own notation.
    vanthu::test::TempDir dir;
    for (const auto& doc : {one, two}) {
        const auto file = dir.path() / ("letter-" + std::to_string(doc.id) + ".pdf");
        std::ofstream(file, std::ios::binary) << p.w.blobs->get(doc.issuedPdf);
        const auto text = vanthu::test::run({"pdftotext", file.string(), "-"});
        REQUIRE(text.exitCode == 0);
        INFO(doc.notation);
        CHECK(text.out.find("Số: " + doc.notation.substr(0, doc.notation.find('/'))) !=
              std::string::npos);
        const auto report = verified(p.w.blobs->get(doc.issuedPdf), p.pki);
        CHECK(report.ok);
    }
    CHECK(p.w.audit->verify().intact);
}

TEST_CASE("Issue: a number taken from outside while the letter is prepared is not lost, the letter "
          "is prepared again with the next one",
          "[policy][flow][queue]") {
    PolicyWorld p;
    const auto clerk = p.w.actor("vanthu.vq");
    const Id id = p.signedLetter("số bị lấy giữa chừng");
    const auto doc = *p.w.storage->findDocument(id);
    const auto key =
        OutgoingRegister::keyFor(p.w.officeOf("vanthu.vq"), 2026, doc.typeCode, doc.draft.secrecy);
    // Another process on the same database takes the series' next number while this letter is
    // sealed and time-stamped (once).
    struct TakeNumber : FaultInjector {
        Storage* storage = nullptr;
        RegisterKey key;
        int taken = 0;
        void reached(std::string_view point) override {
            if (point == "issue:stored" && taken == 0) {
                storage->transaction([&] { taken = storage->nextOutgoingNumber(key); });
            }
        }
    } other;
    other.storage = p.w.storage.get();
    other.key = key;
    auto settings = vanthu::test::flowSettings([now = p.w.now] { return now->load(); }, &other);
    settings.policies = p.policies.get();
    OutgoingFlow flow(*p.w.storage, *p.w.blobs, *p.w.audit, settings);
    const int free = p.w.storage->peekOutgoingNumber(key);

    const auto issued = flow.issue(clerk, id);
    CHECK(other.taken == free);
    REQUIRE(issued.number);
    CHECK(*issued.number == free + 1);
    vanthu::test::TempDir dir;
    const auto file = dir.path() / "issued.pdf";
    std::ofstream(file, std::ios::binary) << p.w.blobs->get(issued.issuedPdf);
    const auto text = vanthu::test::run({"pdftotext", file.string(), "-"});
    REQUIRE(text.exitCode == 0);
    INFO(text.out);
    CHECK(text.out.find(issued.notation) != std::string::npos);
    CHECK(verified(p.w.blobs->get(issued.issuedPdf), p.pki).ok);
    CHECK(auditDetails(p, id, "issue").size() == 1);
}

TEST_CASE("Issue queue: a letter whose TSA is down waits, is retried with backoff and issued at "
          "the policy's level once the TSA answers",
          "[policy][flow][queue]") {
    PolicyWorld p;
    const auto clerk = p.w.actor("vanthu.vq");
    const Id id = p.signedLetter("chờ dấu thời gian");
    p.useTsa("B-LTA", "url", "http://127.0.0.1:9/tsa"); // nothing listens there
    const auto registerBefore = p.flow->outgoingRegister(clerk, 2026).size();

    CHECK_THROWS_AS(p.flow->issue(clerk, id), EvidenceUnavailable);
    // Only the clerk queues, and only a signed letter, once.
    CHECK_THROWS_AS(p.flow->queueIssue(p.w.actor("chutich.vq"), id), Forbidden);
    const auto entry = p.flow->queueIssue(clerk, id);
    CHECK(entry.nextAttemptAt == p.w.now->load() + 60);
    CHECK_THROWS_AS(p.flow->queueIssue(clerk, id), Conflict);
    CHECK(auditDetails(p, id, "issue-queued").size() == 1);

    // Visible to the clerk, the leader and the office's administrator; not to another office.
    CHECK(p.flow->issueQueue(clerk).size() == 1);
    CHECK(p.flow->issueQueue(p.w.actor("chutich.vq")).size() == 1);
    CHECK(p.flow->issueQueue(p.w.actor("quantri.vq")).size() == 1);
    CHECK(p.flow->issueQueue(p.w.actor("vanthu.nd")).empty());
    CHECK(p.flow->issueQueue(p.w.actor("quantri.nd")).empty());
    CHECK(p.flow->queued(clerk, id));

    // Not due yet: nothing tried.
    auto round = p.flow->retryIssueQueue();
    CHECK(round.issued + round.failed == 0);
    // Due, the TSA still down: tried, put off twice as long.
    *p.w.now += 61;
    round = p.flow->retryIssueQueue();
    CHECK(round.failed == 1);
    auto waiting = *p.w.storage->findIssueQueueEntry(id);
    CHECK(waiting.attempts == 1);
    CHECK(waiting.lastCode == "tsa-unavailable");
    CHECK_FALSE(waiting.lastError.empty());
    CHECK(waiting.nextAttemptAt == p.w.now->load() + 120);
    CHECK(p.w.storage->findDocument(id)->state == DocumentState::Signed);
    CHECK(p.flow->outgoingRegister(clerk, 2026).size() == registerBefore);
    CHECK(OutgoingFlow::retryDelaySeconds(1) == 60);
    CHECK(OutgoingFlow::retryDelaySeconds(3) == 240);
    CHECK(OutgoingFlow::retryDelaySeconds(30) == 3600);

    // The TSA is back: the next due round issues the letter at B-LTA, as the clerk.
    p.useTsa("B-LTA", "builtin");
    *p.w.now += 60;
    CHECK(p.flow->retryIssueQueue().issued == 0); // not due for another minute
    *p.w.now += 61;
    round = p.flow->retryIssueQueue();
    CHECK(round.issued == 1);
    CHECK(round.failed == 0);
    CHECK_FALSE(p.w.storage->findIssueQueueEntry(id));
    CHECK(p.flow->issueQueue(clerk).empty());
    const auto issued = *p.w.storage->findDocument(id);
    CHECK(issued.state == DocumentState::Issued);
    CHECK(p.flow->outgoingRegister(clerk, 2026).size() == registerBefore + 1);
    const auto details = auditDetails(p, id, "issue");
    REQUIRE(details.size() == 1);
    CHECK(details[0].find("hàng chờ phát hành, lần thử 2") != std::string::npos);
    for (const auto& e : p.flow->history(clerk, id)) {
        if (e.action == "issue") {
            CHECK(e.username == "vanthu.vq");
        }
    }
    const auto report = verified(p.w.blobs->get(issued.issuedPdf), p.pki);
    INFO(vanthu::signing::toText(report));
    CHECK(report.ok);
    REQUIRE(report.signatures.size() == 3);
    CHECK(report.signatures[1].level == "B-LTA");
    CHECK_FALSE(p.flow->loweredIssue(clerk, id));
    CHECK(p.w.audit->verify().intact);
}

TEST_CASE("Issue queue: the clerk takes a letter out, issuing by hand empties its entry",
          "[policy][flow][queue]") {
    PolicyWorld p;
    const auto clerk = p.w.actor("vanthu.vq");
    const Id id = p.signedLetter("bỏ khỏi hàng chờ");
    p.flow->queueIssue(clerk, id);
    CHECK_THROWS_AS(p.flow->unqueueIssue(p.w.actor("chutich.vq"), id), Forbidden);
    p.flow->unqueueIssue(clerk, id);
    CHECK_THROWS_AS(p.flow->unqueueIssue(clerk, id), NotFound);
    CHECK(auditDetails(p, id, "issue-unqueued").size() == 1);

    p.flow->queueIssue(clerk, id);
    p.flow->issue(clerk, id); // the built-in TSA answers: issued by hand
    CHECK_FALSE(p.w.storage->findIssueQueueEntry(id));
    CHECK_THROWS_AS(p.flow->queueIssue(clerk, id), Conflict); // issued: no longer queueable
}

TEST_CASE("Issue below the policy: the clerk's audited choice with a reason, shown with the "
          "letter",
          "[policy][flow][queue]") {
    PolicyWorld p;
    const auto clerk = p.w.actor("vanthu.vq");
    const Id id = p.signedLetter("phát hành mức thấp hơn");
    // No revocation data can be had (the installation's CA and its CRLs are gone).
    auto policy = p.policy("B-LTA", "builtin");
    policy.revocation = "aia";
    p.policies->change(p.w.actor("quantri.vq"), p.w.officeOf("vanthu.vq").id, policy, {});
    for (const char* name : {"issuing-ca.p12", "ca.crl", "issuing-ca.crl"}) {
        fs::remove(p.pki / name);
    }
    CHECK_THROWS_AS(p.flow->issue(clerk, id), EvidenceUnavailable);

    const auto refusedField = [&](const LowerLevel& lower) {
        try {
            p.flow->issue(clerk, id, lower);
        } catch (const InvalidInput& e) {
            return e.field();
        }
        return std::string("issued");
    };
    CHECK(refusedField({"B-LTA", "lý do"}) == "level");
    CHECK(refusedField({"B-X", "lý do"}) == "level");
    CHECK(refusedField({"B-T", "  "}) == "reason");
    CHECK(refusedField({"B-T", std::string(1001, 'a')}) == "reason");
    CHECK(p.w.storage->findDocument(id)->state == DocumentState::Signed);

    const std::string reason = "Dịch vụ OCSP ngừng; văn bản cần gửi trong ngày";
    const auto issued = p.flow->issue(clerk, id, LowerLevel{"B-T", reason});
    REQUIRE(issued.number);
    const auto lowered = p.flow->loweredIssue(clerk, id);
    REQUIRE(lowered);
    CHECK(lowered->policyLevel == "B-LTA");
    CHECK(lowered->issuedLevel == "B-T");
    CHECK(lowered->reason == reason);
    CHECK(lowered->chosenByName == "vanthu.vq");
    CHECK_FALSE(lowered->chosenAt.empty());
    const auto details = auditDetails(p, id, "issue");
    REQUIRE(details.size() == 1);
    CHECK(details[0].find("mức B-T thay cho B-LTA") != std::string::npos);
    CHECK(details[0].find(reason) != std::string::npos);

    const std::string pdf = p.w.blobs->get(issued.issuedPdf);
    const auto report = verified(pdf, p.pki);
    INFO(vanthu::signing::toText(report));
    REQUIRE(report.signatures.size() == 2); // no document time-stamp
    CHECK(report.signatures[1].level == "B-T");
    CHECK(pdf.find("/DSS") == std::string::npos);
    CHECK(p.w.audit->verify().intact);
}

TEST_CASE("Issue: a revoked seal certificate is told apart from an unreachable responder",
          "[policy][flow][queue]") {
    PolicyWorld p;
    const auto clerk = p.w.actor("vanthu.vq");
    const Id id = p.signedLetter("con dấu bị thu hồi");
    const auto seal =
        vanthu::signing::Pkcs12Key::fromFile(p.w.officeOf("vanthu.vq").sealKey, "vanthu");
    revokeInInstallationCrl(p.pki, seal->certificate());
    // Independently: openssl reads the CRL as the issuing CA's, listing the seal's serial.
    const auto crl = vanthu::test::run(
        {"openssl", "crl", "-in", (p.pki / "issuing-ca.crl").string(), "-noout", "-text"});
    REQUIRE(crl.exitCode == 0);
    CHECK(crl.out.find("Revoked Certificates:") != std::string::npos);

    const auto registerBefore = p.flow->outgoingRegister(clerk, 2026).size();
    try {
        p.flow->issue(clerk, id);
        FAIL("issued with a revoked seal");
    } catch (const CertificateRefused& e) {
        CHECK(e.field() == "certificate");
        CHECK(std::string(e.what()).find("đã bị thu hồi") != std::string::npos);
    }
    CHECK(p.w.storage->findDocument(id)->state == DocumentState::Signed);
    CHECK(p.flow->outgoingRegister(clerk, 2026).size() == registerBefore);

    // In the queue it is marked as a refused certificate, not as an outage.
    p.flow->queueIssue(clerk, id);
    *p.w.now += 61;
    CHECK(p.flow->retryIssueQueue().failed == 1);
    const auto entry = *p.w.storage->findIssueQueueEntry(id);
    CHECK(entry.lastCode == "certificate-refused");
    CHECK(entry.lastError.find("đã bị thu hồi") != std::string::npos);
}

TEST_CASE("Issue queue: two servers on one database claim each due letter once, a dead server's "
          "letters are due again when its lease ends, and each letter is issued once",
          "[policy][flow][queue][claims]") {
    PolicyWorld p;
    const auto clerk = p.w.actor("vanthu.vq");
    std::vector<Id> ids;
    for (int i = 0; i < 4; ++i) {
        ids.push_back(p.signedLetter("hai máy chủ, thư " + std::to_string(i)));
        p.flow->queueIssue(clerk, ids.back());
    }
    // The second server: a connection, blobs, audit trail and flow of its own, same database.
    const Clock clock = [now = p.w.now] { return now->load(); };
    const auto storage = vanthu::test::openStorage(SqlStorage::databaseFileIn(p.w.dir.path()));
    const auto blobs = vanthu::test::openBlobs(p.w.dir.path());
    AuditTrail audit(*storage, clock);
    SigningPolicies policies(*storage, audit, nullptr, p.pki, "vanthu");
    auto settings = vanthu::test::flowSettings(clock, nullptr);
    settings.policies = &policies;
    OutgoingFlow other(*storage, *blobs, audit, settings);
    CHECK(p.flow->claimDueIssues(10).empty()); // not due for a minute

    // Due: both servers claim, one letter at a time, at the same moment.
    *p.w.now += 61;
    std::mutex mutex;
    std::string error;
    const auto claimAll = [&](OutgoingFlow& flow, std::vector<Id>& claimed) {
        try {
            for (auto batch = flow.claimDueIssues(1); !batch.empty();
                 batch = flow.claimDueIssues(1)) {
                claimed.push_back(batch.front().documentId);
            }
        } catch (const std::exception& e) {
            std::lock_guard lock(mutex);
            error = e.what();
        }
    };
    std::vector<Id> first, second;
    std::thread one([&] { claimAll(*p.flow, first); });
    std::thread two([&] { claimAll(other, second); });
    one.join();
    two.join();
    INFO(error);
    REQUIRE(error.empty());
    std::vector<Id> all = first;
    all.insert(all.end(), second.begin(), second.end());
    std::sort(all.begin(), all.end());
    CHECK(all == ids); // each letter claimed, by one server only
    // Claimed: tried by neither until the lease ends.
    CHECK(p.flow->claimDueIssues(10).empty());
    CHECK(other.claimDueIssues(10).empty());
    CHECK(p.w.storage->findIssueQueueEntry(ids[0])->nextAttemptAt >= p.w.now->load() + 120);

    // Neither tried them (as if both died): due again when the lease ends. Now both retry at
    // once with the TSA answering: each letter issued once, no failure counted.
    *p.w.now += 2 * OutgoingFlow::kIssueLeasePerLetter;
    OutgoingFlow::QueueRound roundOne, roundTwo;
    std::thread retryOne([&] {
        try {
            roundOne = p.flow->retryIssueQueue(10);
        } catch (const std::exception& e) {
            std::lock_guard lock(mutex);
            error = e.what();
        }
    });
    std::thread retryTwo([&] {
        try {
            roundTwo = other.retryIssueQueue(10);
        } catch (const std::exception& e) {
            std::lock_guard lock(mutex);
            error = e.what();
        }
    });
    retryOne.join();
    retryTwo.join();
    REQUIRE(error.empty());
    CHECK(roundOne.issued + roundTwo.issued == ids.size());
    CHECK(roundOne.failed + roundTwo.failed == 0);
    std::set<std::string> notations;
    for (const Id id : ids) {
        const auto doc = *p.w.storage->findDocument(id);
        CHECK(doc.state == DocumentState::Issued);
        notations.insert(doc.notation);
        CHECK(auditDetails(p, id, "issue").size() == 1);
        CHECK_FALSE(p.w.storage->findIssueQueueEntry(id));
    }
    CHECK(notations.size() == ids.size());
    CHECK(p.w.audit->verify().intact);
}
