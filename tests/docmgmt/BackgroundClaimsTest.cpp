// Background work done once across servers sharing one database (issue 17 item 2): the e-mail
// notices (claimed notice by notice), the renewal of long-term copies (a round claimed by one
// server) and the OCR of scanned PDFs (each PDF claimed while one server reads it). Two storages
// on one database stand for two servers, working at once on two threads; a holder that dies
// leaves its work to the other when its lease ends. And DIR/pki/secret.key: a folder whose key
// is not the one the database was sealed with does not open. Runs on SQLite and, as
// "docmgmt (postgresql): …", on PostgreSQL (FOR UPDATE SKIP LOCKED).
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <ctime>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

#include "IncomingFixtures.hpp"
#include "PolicyWorld.hpp"
#include "ScannedPdf.hpp"
#include "vanthu/docmgmt/DocumentIndexer.hpp"
#include "vanthu/docmgmt/IncomingSearchSource.hpp"
#include "vanthu/docmgmt/Installation.hpp"
#include "vanthu/docmgmt/MailNotices.hpp"
#include "vanthu/docmgmt/Preservation.hpp"
#include "vanthu/docmgmt/ScanReader.hpp"
#include "vanthu/docmgmt/SecretBox.hpp"
#include "vanthu/docmgmt/WorkClaims.hpp"
#include "vanthu/search/Ocr.hpp"

using namespace vanthu::docmgmt;
using vanthu::test::PolicyWorld;
using vanthu::test::RoutingWorld;
using vanthu::test::shortLivedPkcs12;
using vanthu::test::SlowTsa;
namespace fs = std::filesystem;

namespace {

/// A second server's connection to the world's database.
std::unique_ptr<SqlStorage> secondStorage(const vanthu::test::DemoWorld& w) {
    return vanthu::test::openStorage(SqlStorage::databaseFileIn(w.dir.path()));
}

/// A server that dies in the middle of its work (not a std::exception: nothing catches it).
struct Died {};

/// Runs `round` on two threads until both find nothing more (at most a minute); the first
/// error (if any) is returned.
std::string raceTwo(const std::function<bool(int)>& round) {
    std::mutex mutex;
    std::string error;
    const auto run = [&](int server) {
        try {
            const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
            int idle = 0;
            while (idle < 20 && std::chrono::steady_clock::now() < until) {
                if (round(server)) {
                    idle = 0;
                } else {
                    ++idle;
                    std::this_thread::sleep_for(std::chrono::milliseconds(5));
                }
            }
        } catch (const std::exception& e) {
            std::lock_guard lock(mutex);
            error = e.what();
        }
    };
    std::thread a(run, 0), b(run, 1);
    a.join();
    b.join();
    return error;
}

} // namespace

TEST_CASE("Claims: two servers sending the e-mail notices at once send each once, and a server "
          "that died holding notices leaves them to the other when the lease ends",
          "[mail][claims]") {
    RoutingWorld w;
    for (const auto* name : {"vanthu.bs", "bithu.bs"}) {
        auto user = w.user(name);
        user.email = std::string(name) + "@binhson.example.vn";
        w.storage->updateUser(user);
    }
    for (int i = 0; i < 3; ++i) {
        w.issuePartyLetter({"DEMO.HU.BS"}, "thư thứ " + std::to_string(i + 1));
    }
    const auto other = secondStorage(w);
    const Clock clock = [now = w.now] { return now->load(); };
    AuditTrail otherAudit(*other, clock);
    MailNotices one(*w.storage, *w.audit, clock, {}), two(*other, otherAudit, clock, {});
    // Both queue the same waiting work at once: one row per person and piece of work.
    std::atomic<std::size_t> queued{0};
    std::thread q1([&] { queued += one.queueWaitingWork(); });
    std::thread q2([&] { queued += two.queueWaitingWork(); });
    q1.join();
    q2.join();
    const auto rows = w.storage->mailNotices(std::nullopt, 1000).size();
    REQUIRE(rows >= 3);
    CHECK(queued == rows);

    std::mutex mutex;
    std::map<std::string, int> sent; // by recipient and key
    const auto error = raceTwo([&](int server) {
        const auto send = [&](const MailNotice& n) {
            std::this_thread::sleep_for(std::chrono::milliseconds(3));
            std::lock_guard lock(mutex);
            ++sent[n.recipient + " " + n.key];
        };
        return (server == 0 ? one : two).sendDue(send, 1).sent > 0;
    });
    INFO(error);
    REQUIRE(error.empty());
    CHECK(sent.size() == rows);
    for (const auto& [key, times] : sent) {
        INFO(key);
        CHECK(times == 1);
    }

    // A further letter: server one claims its notices and dies while sending the first.
    w.issuePartyLetter({"DEMO.HU.BS"}, "thư sau cùng");
    const auto more = one.queueWaitingWork();
    REQUIRE(more >= 1);
    CHECK_THROWS_AS(one.sendDue([](const MailNotice&) { throw Died{}; }, 20), Died);
    const auto none = [](const MailNotice&) { FAIL("sent during the dead server's lease"); };
    CHECK(two.sendDue(none, 20).sent == 0);
    *w.now += MailNotices::kMailLeasePerNotice * 21 - 1;
    CHECK(two.sendDue(none, 20).sent == 0);
    *w.now += 1;
    int taken = 0;
    CHECK(two.sendDue([&](const MailNotice&) { ++taken; }, 20).sent == static_cast<int>(more));
    CHECK(taken == static_cast<int>(more));
    CHECK(w.audit->verify().intact);
}

TEST_CASE("Claims: two servers renewing long-term copies at once renew each letter once, and a "
          "round held by a server that died is taken over when its lease ends",
          "[preservation][renewal][claims]") {
    PolicyWorld p;
    const fs::path shortTsaFile = p.w.dir.path() / "short-tsa.p12";
    {
        std::ofstream out(shortTsaFile, std::ios::binary);
        out << shortLivedPkcs12(p.pki, "TSA chứng thư ngắn hạn", 0x4102, 600,
                                "critical,timeStamping");
    }
    SlowTsa shortTsa(shortTsaFile);
    p.useTsa("B-LTA", "url", shortTsa.url());
    const auto clerk = p.w.actor("vanthu.vq");
    std::vector<OutgoingDocument> letters;
    for (int i = 0; i < 3; ++i) {
        letters.push_back(p.flow->issue(clerk, p.signedLetter("gia hạn " + std::to_string(i))));
    }
    p.useTsa("B-LTA", "builtin");

    PreservationSettings settings;
    settings.verification.trustAnchorsPem =
        vanthu::signing::readBinaryFile((p.pki / "ca.pem").string());
    settings.verification.sandboxed = false;
    const auto other = secondStorage(p.w);
    const auto otherBlobs = vanthu::test::openBlobs(p.w.dir.path());
    AuditTrail otherAudit(*other, [now = p.w.now] { return now->load(); });
    SigningPolicies otherPolicies(*other, otherAudit, nullptr, p.pki, "vanthu");

    // A server that died holding the round: the other does nothing until the lease ends.
    const std::int64_t now = std::time(nullptr);
    WorkClaims dead(*p.w.storage, "máy chủ đã chết");
    REQUIRE(dead.claim(kRenewalWork, now, kRenewalLeaseSeconds));
    auto later = settings;
    later.clock = [now] { return now + kRenewalLeaseSeconds; };
    {
        Preservation job(*other, *otherBlobs, otherAudit, otherPolicies, settings);
        const auto round = job.renewDue(1);
        CHECK(round.elsewhere);
        CHECK(round.adopted + round.renewed == 0);
        Preservation after(*other, *otherBlobs, otherAudit, otherPolicies, later);
        const auto taken = after.renewDue(1);
        CHECK_FALSE(taken.elsewhere);
        CHECK(taken.adopted + taken.renewed == 1); // a letter given its row first
    }

    // Two servers at once, a letter a round each: every letter renewed once.
    Preservation one(*p.w.storage, *p.w.blobs, *p.w.audit, *p.policies, later);
    Preservation two(*other, *otherBlobs, otherAudit, otherPolicies, later);
    // A round another server holds is no work done here: each stops once its own rounds have
    // found nothing for a while, the other going on with the round it holds.
    const auto error = raceTwo([&](int server) {
        const auto round = (server == 0 ? one : two).renewDue(1);
        return round.more || round.adopted + round.renewed > 0;
    });
    INFO(error);
    REQUIRE(error.empty());
    for (const auto& letter : letters) {
        const auto copy = one.copyOf(kPreservedOutgoing, letter.id);
        REQUIRE(copy);
        INFO(copy->lastError);
        CHECK(copy->renewals == 1);
        int audited = 0;
        for (const auto& entry : p.w.storage->auditRecords(0, 100000)) {
            audited += entry.object == "document/" + std::to_string(letter.id) &&
                               entry.action == kActionRenew
                           ? 1
                           : 0;
        }
        CHECK(audited == 1);
    }
    CHECK(p.w.audit->verify().intact);
}

namespace {

/// A server's storage that counts the texts it saves: one per OCR run.
class CountingStorage : public SqlStorage {
public:
    using SqlStorage::SqlStorage;
    void saveRecognisedText(const std::string& blob, const std::string& text) override {
        ++saved;
        SqlStorage::saveRecognisedText(blob, text);
    }
    std::atomic<int> saved{0};
};

std::unique_ptr<CountingStorage> countingStorage(const vanthu::test::DemoWorld& w) {
    const auto file = SqlStorage::databaseFileIn(w.dir.path());
    return vanthu::test::onPostgres()
               ? std::make_unique<CountingStorage>(vanthu::test::postgresDatabaseFor(file))
               : std::make_unique<CountingStorage>(file);
}

/// One server's side of the scans: its storage, blobs and own search index.
struct ScanServer {
    ScanServer(RoutingWorld& w, const std::string& name)
        : storage(countingStorage(w)), blobs(vanthu::test::openBlobs(w.dir.path())),
          indexer(*storage, w.dir.path() / name) {
        indexer.addSource(std::make_unique<IncomingSearchSource>(*storage, *blobs, *w.incoming));
        indexer.catchUp();
    }
    std::unique_ptr<CountingStorage> storage;
    std::unique_ptr<BlobStore> blobs;
    DocumentIndexer indexer;
};

} // namespace

TEST_CASE("Claims: two servers reading scans at once run OCR once per PDF and both indexes get "
          "the text, and a PDF claimed by a server that died is read when its lease ends",
          "[search][ocr][claims]") {
    RoutingWorld w;
    const auto clerk = w.actor("vanthu.bs");
    // Each scan another PDF (another resolution): one blob each.
    int dpi = 100;
    const auto scanOf = [&](const std::string& subject) {
        auto letter = w.paperLetter(subject);
        letter.pdf = vanthu::test::scannedPdf(vanthu::test::unsignedPdf(), dpi++);
        return w.incoming->enterPaper(clerk, letter).pdf;
    };
    for (int i = 0; i < 3; ++i) {
        scanOf("bản quét " + std::to_string(i));
    }
    ScanServer a(w, "search-a"), b(w, "search-b");
    REQUIRE(a.indexer.index().unreadScans(10).size() == 3);
    REQUIRE(b.indexer.index().unreadScans(10).size() == 3);
    vanthu::search::Ocr ocrA("vie"), ocrB("vie");
    ScanReader readerA(*a.storage, *a.blobs, a.indexer), readerB(*b.storage, *b.blobs, b.indexer);
    // Each goes on while its own index has scans unread (another server may be reading them).
    const auto error = raceTwo([&](int server) {
        auto& reader = server == 0 ? readerA : readerB;
        auto& index = (server == 0 ? a : b).indexer.index();
        if (reader.readWaiting(server == 0 ? ocrA : ocrB, 1) > 0) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        return !index.unreadScans(1).empty();
    });
    INFO(error);
    REQUIRE(error.empty());
    CHECK(a.storage->saved + b.storage->saved == 3);
    CHECK(a.indexer.index().unreadScans(10).empty());
    CHECK(b.indexer.index().unreadScans(10).empty());

    // A fourth scan, claimed by a server that died: passed over until the lease ends.
    const auto blob = scanOf("bản quét sau cùng");
    a.indexer.catchUp();
    REQUIRE(a.indexer.index().unreadScans(10).size() == 1);
    const std::int64_t now = std::time(nullptr);
    WorkClaims dead(*w.storage, "máy chủ đã chết");
    REQUIRE(dead.claim(ocrWork(blob), now, kOcrLeaseSeconds));
    ScanReader waiting(*a.storage, *a.blobs, a.indexer, [now] { return now; });
    CHECK(waiting.readWaiting(ocrA, 1) == 0);
    ScanReader later(*a.storage, *a.blobs, a.indexer, [now] { return now + kOcrLeaseSeconds; });
    CHECK(later.readWaiting(ocrA, 1) == 1);
    CHECK(a.storage->saved + b.storage->saved == 4);
    CHECK(a.indexer.index().unreadScans(10).empty());
}

TEST_CASE("Claims: a data folder whose pki/secret.key is not the key the database was sealed "
          "with does not open, with one sentence saying what to copy",
          "[installation][claims][sqlite]") {
    vanthu::test::TempDir dir;
    const auto data = dir.path() / "data";
    const auto key = data / "pki" / "secret.key";
    std::string fingerprint;
    {
        Installation first(data, InstallationOptions::creating());
        REQUIRE(fs::exists(key)); // made at the first opening, its fingerprint recorded
        fingerprint = SecretBox::open(key).fingerprint();
        CHECK(first.storage().pkiFingerprint(kSecretKeyName) == fingerprint);
        CHECK(fingerprint.find(vanthu::test::readFile(key)) == std::string::npos);
    }
    const std::string original = vanthu::test::readFile(key);
    { Installation again(data); } // the same key: opens

    const auto refusal = [&] {
        try {
            Installation opened(data);
        } catch (const InstallationError& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    fs::remove(key);
    const auto missing = refusal();
    CHECK(missing.find("Thiếu tệp " + key.string()) != std::string::npos);
    CHECK(missing.find("hãy chép cả thư mục pki/ của máy chủ đầu tiên") != std::string::npos);
    CHECK_FALSE(fs::exists(key)); // not made again over a recorded fingerprint

    SecretBox::openOrCreate(key); // another key
    const auto other = refusal();
    CHECK(other.find("không phải khóa đã niêm phong mật khẩu và mã PIN") != std::string::npos);
    CHECK(other.find("hãy chép cả thư mục pki/") != std::string::npos);

    vanthu::test::writeFile(key, original);
    fs::permissions(key, fs::perms::owner_read | fs::perms::owner_write);
    CHECK(refusal().empty());
}
