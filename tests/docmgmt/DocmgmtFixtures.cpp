#include "DocmgmtFixtures.hpp"

#include "vanthu/signing/OpenSsl.hpp"

namespace vanthu::test {

namespace fs = std::filesystem;
using namespace docmgmt;

namespace {

struct Golden {
    TempDir pki;
    TempDir data;
    std::vector<DemoAccount> accounts;

    Golden() {
        SqliteStorage storage(SqliteStorage::databaseFileIn(data.path()));
        BlobStore blobs(BlobStore::folderIn(data.path()));
        const Clock clock = [] { return demoTime(); };
        AuditTrail audit(storage, clock);
        DemoDataOptions options;
        options.clock = clock;
        accounts = createDemoData(storage, blobs, audit, pki.path(), options).accounts;
    }
};

Golden& golden() {
    static Golden instance;
    return instance;
}

} // namespace

std::int64_t demoTime() {
    return vietnamMidnight(2026, 6, 16) + 9 * 3600 + 30 * 60;
}

const fs::path& demoPkiDir() {
    return golden().pki.path();
}

const std::vector<DemoAccount>& demoAccounts() {
    return golden().accounts;
}

FlowSettings flowSettings(Clock clock, FaultInjector* faults) {
    FlowSettings settings;
    settings.keyPassword = "vanthu";
    settings.signatureImagePng = signing::readBinaryFile((demoPkiDir() / "signature.png").string());
    settings.sealImagePng = signing::readBinaryFile((demoPkiDir() / "seal.png").string());
    settings.clock = std::move(clock);
    settings.faults = faults;
    return settings;
}

ProcessResult sqlite(const fs::path& db, const std::string& sql) {
    return run({"sqlite3", db.string(), sql});
}

DemoWorld::DemoWorld() : now(std::make_shared<std::atomic<std::int64_t>>(demoTime())) {
    fs::copy(golden().data.path(), dir.path(), fs::copy_options::recursive);
    open();
}

DemoWorld::~DemoWorld() = default;

void DemoWorld::open() {
    const auto clockValue = now;
    const Clock clock = [clockValue] { return clockValue->load(); };
    storage = std::make_unique<SqliteStorage>(SqliteStorage::databaseFileIn(dir.path()));
    blobs = std::make_unique<BlobStore>(BlobStore::folderIn(dir.path()), &faults);
    audit = std::make_unique<AuditTrail>(*storage, clock);
    flow = std::make_unique<OutgoingFlow>(*storage, *blobs, *audit, flowSettings(clock, &faults));
}

void DemoWorld::reopen() {
    flow.reset();
    audit.reset();
    blobs.reset();
    storage.reset();
    open();
}

User DemoWorld::user(const std::string& username) const {
    const auto found = storage->findUserByName(username);
    if (!found) {
        throw std::runtime_error("no demo user " + username);
    }
    return *found;
}

Actor DemoWorld::actor(const std::string& username) const {
    return {user(username), "192.0.2.7"};
}

Office DemoWorld::officeOf(const std::string& username) const {
    return *storage->findOffice(user(username).officeId);
}

DraftInput DemoWorld::letterInput(const std::string& subject) const {
    DraftInput d;
    d.typeCode = "CV";
    d.subject = subject;
    d.recipients = {"UBND các xã, thị trấn."};
    d.body = "Đề nghị các cơ quan, đơn vị thực hiện./.";
    d.distribution = {"Như trên;", "Lưu: VT, NV."};
    d.signerId = user("phochutich.vq").id;
    d.authority = "KT";
    d.authorityOf = "CHỦ TỊCH";
    d.draftingUnit = "NV";
    return d;
}

Id DemoWorld::signedLetter(const std::string& subject) {
    const auto doc = flow->createDraft(actor("chuyenvien.vq"), letterInput(subject));
    flow->submit(actor("chuyenvien.vq"), doc.id);
    flow->approve(actor("chutich.vq"), doc.id);
    flow->sign(actor("phochutich.vq"), doc.id);
    return doc.id;
}

} // namespace vanthu::test
