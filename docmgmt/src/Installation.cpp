#include "vanthu/docmgmt/Installation.hpp"

#include <ctime>
#include <fstream>
#include <iterator>
#include <set>

#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/BlobStore.hpp"
#include "vanthu/docmgmt/CaseFiles.hpp"
#include "vanthu/docmgmt/DataFolder.hpp"
#include "vanthu/docmgmt/DocumentIndexer.hpp"
#include "vanthu/docmgmt/ImportedSearchSource.hpp"
#include "vanthu/docmgmt/IncomingFlow.hpp"
#include "vanthu/docmgmt/IncomingSearchSource.hpp"
#include "vanthu/docmgmt/KeyRing.hpp"
#include "vanthu/docmgmt/OutgoingFlow.hpp"
#include "vanthu/docmgmt/OutgoingSearchSource.hpp"
#include "vanthu/docmgmt/Preservation.hpp"
#include "vanthu/docmgmt/SecretBox.hpp"
#include "vanthu/docmgmt/SigningPolicies.hpp"
#include "vanthu/docmgmt/SqlStorage.hpp"
#include "vanthu/docmgmt/TrustList.hpp"

namespace vanthu::docmgmt {

namespace fs = std::filesystem;

namespace {

std::string readIfPresent(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return in ? std::string(std::istreambuf_iterator<char>(in), {}) : std::string();
}

/// The key password file's first line.
std::string keyPasswordIn(const fs::path& pki) {
    std::string text = readIfPresent(pki / "key-password");
    const auto end = text.find_first_of("\r\n");
    return end == std::string::npos ? text : text.substr(0, end);
}

/// The PostgreSQL database the installation uses, or nothing for DIR/vanthu.db; a database
/// asked for that DIR/database contradicts is an InstallationError.
std::optional<std::string> chosenDatabase(const fs::path& dir, const InstallationOptions& o) {
    const auto recorded = Installation::postgresDatabaseOf(dir);
    if (!o.database) {
        return recorded;
    }
    if (o.database->empty() || o.database->find_first_of("\r\n") != std::string::npos) {
        throw InstallationError("Chuỗi kết nối PostgreSQL (--database) rỗng hoặc có xuống dòng.");
    }
    if (recorded && *recorded != *o.database) {
        throw InstallationError("Thư mục dữ liệu " + dir.string() +
                                " đã gắn với một cơ sở dữ liệu PostgreSQL khác (xem tệp " +
                                Installation::databasePointerIn(dir).string() + ").");
    }
    if (!recorded && fs::exists(Installation::databaseFileIn(dir))) {
        throw InstallationError("Thư mục dữ liệu " + dir.string() +
                                " đang dùng SQLite (vanthu.db); không thể mở nó bằng --database.");
    }
    return o.database;
}

/// Writes DIR/database (0600) so that every later opening, by any verb, finds the database.
void recordDatabase(const fs::path& dir, const std::string& connection) {
    const auto file = Installation::databasePointerIn(dir);
    if (Installation::postgresDatabaseOf(dir)) {
        return;
    }
    const auto temporary = fs::path(file.string() + ".tmp");
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << connection << '\n';
        if (!out.flush()) {
            throw InstallationError("Không ghi được " + file.string() + ".");
        }
    }
    fs::permissions(temporary, fs::perms::owner_read | fs::perms::owner_write);
    fs::rename(temporary, file);
}

/// The installation's database as the caller asked for it: checked against the folder before
/// anything is opened.
std::optional<std::string> databaseOf(const fs::path& dir, const InstallationOptions& o) {
    if (!o.create && !Installation::existsIn(dir)) {
        throw InstallationError("Thư mục " + dir.string() +
                                " không phải thư mục dữ liệu vanthu (không có vanthu.db); "
                                "tạo bằng vanthu init.");
    }
    return chosenDatabase(dir, o);
}

/// The folder private and the database opened, or one Vietnamese sentence.
std::unique_ptr<SqlStorage> openStorage(const fs::path& dir, const InstallationOptions& o,
                                        const std::optional<std::string>& database) {
    try {
        if (!o.readOnly) {
            makeDataFolderPrivate(dir);
        }
        SqlOptions sqlite;
        sqlite.migrate = !o.readOnly;
        if (!database) {
            return std::make_unique<SqlStorage>(Installation::databaseFileIn(dir), sqlite);
        }
        auto storage = std::make_unique<SqlStorage>(PostgresDatabase{*database}, sqlite);
        if (o.create) {
            recordDatabase(dir, *database);
        }
        return storage;
    } catch (const InstallationError&) {
        throw;
    } catch (const std::exception& e) {
        throw InstallationError("Không mở được thư mục dữ liệu " + dir.string() + ": " + e.what());
    }
}

/// DIR/blobs, or the database's blob table on PostgreSQL.
BlobStore openBlobs(const fs::path& dir, const std::optional<std::string>& database) {
    try {
        return database ? BlobStore(PostgresDatabase{*database})
                        : BlobStore(Installation::blobFolderIn(dir));
    } catch (const std::exception& e) {
        throw InstallationError("Không mở được kho tệp của " + dir.string() + ": " + e.what());
    }
}

/// The key that seals passwords and PINs in the database (DIR/pki/secret.key) must be the one
/// every server of the database holds: the first opening records its fingerprint (the key made
/// then when missing), every later one, on any server, compares. Never the key itself.
void checkSecretKey(Storage& storage, const fs::path& dir) {
    const auto pki = Installation::pkiFolderIn(dir);
    const auto file = pki / "secret.key";
    try {
        auto recorded = storage.pkiFingerprint(kSecretKeyName);
        if (!recorded) {
            storage.recordPkiFingerprint(kSecretKeyName,
                                         SecretBox::openOrCreate(file).fingerprint(),
                                         vietnamTimestamp(std::time(nullptr)));
            recorded = storage.pkiFingerprint(kSecretKeyName); // ours, or a server's before us
        }
        std::error_code error;
        const bool present = fs::exists(file, error);
        if (!present || SecretBox::open(file).fingerprint() != recorded) {
            throw InstallationError(
                std::string(present ? "Tệp " + file.string() +
                                          " không phải khóa đã niêm phong mật khẩu và mã PIN "
                                          "trong cơ sở dữ liệu này"
                                    : "Thiếu tệp " + file.string() +
                                          ", khóa niêm phong mật khẩu và mã PIN trong cơ sở dữ "
                                          "liệu này") +
                ": hãy chép cả thư mục pki/ của máy chủ đầu tiên (secret.key, ca.pem, crl/, "
                "seals/ …) vào " +
                pki.string() +
                " rồi khởi động lại. Nếu không còn bản nào của khóa đó: `vanthu admin secret-key "
                "replace --data " +
                dir.string() +
                "` tạo khóa mới (mật khẩu con dấu, mã PIN, mật khẩu máy chủ cấp dấu thời gian "
                "và SMTP phải nhập lại).");
        }
    } catch (const SecretError& e) {
        throw InstallationError(e.what());
    }
}

} // namespace

struct Installation::Impl {
    Impl(const fs::path& dir, const InstallationOptions& o)
        : dataDir(dir), options(o), database(databaseOf(dir, o)),
          storage(openStorage(dir, o, database)), blobs(openBlobs(dir, database)), audit(*storage),
          trust(Installation::pkiFolderIn(dir), audit) {}

    FlowSettings flowSettings() const {
        const auto pki = Installation::pkiFolderIn(dataDir);
        FlowSettings settings;
        settings.keyPassword = keyPassword;
        settings.signatureImagePng = readIfPresent(pki / "signature.png");
        settings.sealImagePng = readIfPresent(pki / "seal.png");
        settings.verification.trustAnchorsPem = trust.anchorsPem();
        settings.stopRenders = options.stopRenders;
        settings.keyRing = keys.get();
        settings.policies = policies.get();
        return settings;
    }

    void loadFlows() {
        keyPassword = options.keyPassword ? *options.keyPassword
                                          : keyPasswordIn(Installation::pkiFolderIn(dataDir));
        caseFiles.reset();
        incoming.reset();
        flow.reset();
        preservation.reset();
        keys = std::make_unique<KeyRing>(*storage, audit, trust, Installation::pkiFolderIn(dataDir),
                                         keyPassword);
        policies = std::make_unique<SigningPolicies>(
            *storage, audit, &trust, Installation::pkiFolderIn(dataDir), keyPassword);
        PreservationSettings preservationSettings;
        preservationSettings.marginSeconds = options.renewalMarginSeconds;
        preservationSettings.verification = flowSettings().verification;
        preservation =
            std::make_unique<Preservation>(*storage, blobs, audit, *policies, preservationSettings);
        auto settings = flowSettings();
        settings.preservation = preservation.get();
        flow = std::make_unique<OutgoingFlow>(*storage, blobs, audit, settings);
        IncomingSettings incomingSettings;
        incomingSettings.verification = flowSettings().verification;
        incomingSettings.preservation = preservation.get();
        incoming = std::make_unique<IncomingFlow>(*storage, blobs, audit, *flow, incomingSettings);
        caseFiles = std::make_unique<CaseFiles>(*storage, blobs, audit);
        caseFiles->setSealKeyPassword(keyPassword);
        caseFiles->setKeyRing(keys.get());
    }

    fs::path dataDir;
    InstallationOptions options;
    std::optional<std::string> database; ///< PostgreSQL's connection string, or DIR/vanthu.db
    std::string keyPassword;
    std::unique_ptr<SqlStorage> storage;
    BlobStore blobs;
    AuditTrail audit;
    TrustList trust;
    std::unique_ptr<KeyRing> keys;             ///< used by *flow: declared before it
    std::unique_ptr<SigningPolicies> policies; ///< used by *flow: declared before it
    /// Uses *policies; used by *flow and *incoming: declared before them.
    std::unique_ptr<Preservation> preservation;
    std::unique_ptr<OutgoingFlow> flow;
    std::unique_ptr<IncomingFlow> incoming; ///< uses *flow: declared after it
    std::unique_ptr<CaseFiles> caseFiles;
    std::unique_ptr<DocumentIndexer> indexer;
};

Installation::Installation(const fs::path& dataDir, InstallationOptions options)
    : impl_(std::make_unique<Impl>(dataDir, options)) {
    if (options.readOnly) {
        return;
    }
    if (options.checkSecretKey) {
        checkSecretKey(*impl_->storage, dataDir);
    }
    impl_->loadFlows();
    if (options.collectGarbage) {
        const auto referenced = impl_->storage->referencedBlobs();
        impl_->blobs.collectGarbage(std::set<std::string>(referenced.begin(), referenced.end()));
    }
    if (options.search) {
        openSearch();
    }
}

Installation::~Installation() = default;

namespace {

/// The secrets only the old key opens, forgotten (replaceSecretKey); what was forgotten.
SecretKeyReplacement forgetSealedSecrets(Storage& storage) {
    SecretKeyReplacement forgotten;
    for (const auto& key : storage.keyRecords()) {
        if (!key.secret.empty()) {
            storage.removeKeyRecord(key.owner);
            forgotten.sealsRemoved.push_back(key.owner);
        }
    }
    for (const auto& office : storage.offices()) {
        auto policy = storage.findSigningPolicy(office.id);
        if (policy && !policy->tsaSecret.empty()) {
            policy->tsaSecret.clear();
            ++policy->version; // a form loaded before is stale
            storage.saveSigningPolicy(*policy);
            forgotten.tsaPasswordsRemoved.push_back(office.id);
        }
    }
    if (auto smtp = storage.storedSmtp(); smtp && !smtp->passwordSealed.empty()) {
        smtp->user.clear(); // a user name without its password is not a setting (MailSettings)
        smtp->passwordSealed.clear();
        storage.setStoredSmtp(smtp);
        forgotten.smtpPasswordRemoved = true;
    }
    return forgotten;
}

std::string describe(const SecretKeyReplacement& replaced) {
    std::string detail = "con dấu gỡ bỏ:";
    for (const auto& owner : replaced.sealsRemoved) {
        detail += " " + owner;
    }
    detail += "; mật khẩu TSA gỡ bỏ:";
    for (const auto id : replaced.tsaPasswordsRemoved) {
        detail += " office/" + std::to_string(id);
    }
    detail +=
        std::string("; mật khẩu SMTP: ") + (replaced.smtpPasswordRemoved ? "gỡ bỏ" : "không có");
    return detail;
}

} // namespace

SecretKeyReplacement Installation::replaceSecretKey(const Actor& actor) {
    auto& storage = *impl_->storage;
    const auto file = pkiFolderIn(impl_->dataDir) / "secret.key";
    const auto kept = fs::path(file.string() + ".replaced-" + std::to_string(std::time(nullptr)));
    SecretKeyReplacement replaced;
    bool madeNew = false;
    try {
        storage.transaction([&] {
            replaced = forgetSealedSecrets(storage);
            if (fs::exists(file)) {
                fs::rename(file, kept);
                replaced.oldKeyKept = kept;
            }
            const auto fingerprint = SecretBox::openOrCreate(file).fingerprint();
            madeNew = true;
            storage.forgetPkiFingerprint(kSecretKeyName);
            storage.recordPkiFingerprint(kSecretKeyName, fingerprint,
                                         vietnamTimestamp(std::time(nullptr)));
            std::optional<Id> userId;
            if (actor.user.id > 0) {
                userId = actor.user.id;
            }
            impl_->audit.record({userId, actor.user.username, "replace-secret-key", "installation",
                                 actor.address, describe(replaced)});
        });
    } catch (...) {
        // Nothing recorded: the folder's key file as it was (the old one back, or none).
        std::error_code ignored;
        if (!replaced.oldKeyKept.empty()) {
            fs::rename(kept, file, ignored);
        } else if (madeNew) {
            fs::remove(file, ignored);
        }
        throw;
    }
    return replaced;
}

fs::path Installation::databaseFileIn(const fs::path& dataDir) {
    return SqlStorage::databaseFileIn(dataDir);
}
fs::path Installation::blobFolderIn(const fs::path& dataDir) {
    return BlobStore::folderIn(dataDir);
}
fs::path Installation::searchFolderIn(const fs::path& dataDir) {
    return DocumentIndexer::folderIn(dataDir);
}
fs::path Installation::pkiFolderIn(const fs::path& dataDir) {
    return dataDir / "pki";
}
fs::path Installation::databasePointerIn(const fs::path& dataDir) {
    return dataDir / "database";
}
std::optional<std::string> Installation::postgresDatabaseOf(const fs::path& dataDir) {
    std::string text = readIfPresent(databasePointerIn(dataDir));
    text = text.substr(0, text.find_first_of("\r\n"));
    if (text.empty()) {
        return std::nullopt;
    }
    return text;
}
bool Installation::existsIn(const fs::path& dataDir) {
    std::error_code error;
    return fs::is_regular_file(databaseFileIn(dataDir), error) ||
           fs::is_regular_file(databasePointerIn(dataDir), error);
}

bool Installation::mayCreateIn(const fs::path& dataDir) {
    std::error_code error;
    if (!fs::exists(dataDir, error)) {
        return !error;
    }
    return fs::is_directory(dataDir, error) &&
           fs::directory_iterator(dataDir, error) == fs::directory_iterator();
}

const fs::path& Installation::dataDir() const {
    return impl_->dataDir;
}
fs::path Installation::trustAnchorsFile() const {
    return impl_->trust.anchorsFile();
}
const std::string& Installation::keyPassword() const {
    return impl_->keyPassword;
}

Storage& Installation::storage() {
    return *impl_->storage;
}
BlobStore& Installation::blobs() {
    return impl_->blobs;
}
AuditTrail& Installation::audit() {
    return impl_->audit;
}

namespace {
template <typename T> T& built(const std::unique_ptr<T>& part) {
    if (!part) {
        throw std::logic_error("the installation was opened read-only: no flows");
    }
    return *part;
}
} // namespace

OutgoingFlow& Installation::flow() {
    return built(impl_->flow);
}
IncomingFlow& Installation::incoming() {
    return built(impl_->incoming);
}
CaseFiles& Installation::caseFiles() {
    return built(impl_->caseFiles);
}
DocumentIndexer* Installation::search() {
    return impl_->indexer.get();
}
TrustList& Installation::trust() {
    return impl_->trust;
}
SigningPolicies& Installation::signingPolicies() {
    if (!impl_->policies) {
        impl_->policies =
            std::make_unique<SigningPolicies>(*impl_->storage, impl_->audit, &impl_->trust,
                                              pkiFolderIn(impl_->dataDir), impl_->keyPassword);
    }
    return *impl_->policies;
}

Preservation& Installation::preservation() {
    return built(impl_->preservation);
}

KeyRing& Installation::keys() {
    if (!impl_->keys) {
        impl_->keys = std::make_unique<KeyRing>(*impl_->storage, impl_->audit, impl_->trust,
                                                pkiFolderIn(impl_->dataDir), impl_->keyPassword);
    }
    return *impl_->keys;
}

void Installation::reloadKeys() {
    const bool searching = impl_->indexer != nullptr;
    impl_->indexer.reset(); // its sources use the flows
    impl_->loadFlows();
    if (searching) {
        openSearch();
    }
}

void Installation::openSearch() {
    auto& i = *impl_;
    i.indexer.reset(); // one writer: the old index lets go first
    i.indexer = std::make_unique<DocumentIndexer>(*i.storage, searchFolderIn(i.dataDir));
    i.indexer->addSource(std::make_unique<OutgoingSearchSource>(*i.storage, flow()));
    i.indexer->addSource(std::make_unique<IncomingSearchSource>(*i.storage, i.blobs, incoming()));
    i.indexer->addSource(std::make_unique<ImportedSearchSource>(*i.storage, i.blobs));
    i.indexer->catchUp();
}

std::optional<Office> Installation::officeByCode(const std::string& code) const {
    for (const auto& office : impl_->storage->offices()) {
        if (office.code == code) {
            return office;
        }
    }
    return std::nullopt;
}

} // namespace vanthu::docmgmt
