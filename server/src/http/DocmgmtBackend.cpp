#include "http/DocmgmtBackend.hpp"

#include "vanthu/docmgmt/CaseFiles.hpp"

#include <atomic>
#include <fstream>
#include <iterator>
#include <set>

#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/BlobStore.hpp"
#include "vanthu/docmgmt/DataFolder.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/ImportedSearchSource.hpp"
#include "vanthu/docmgmt/IncomingSearchSource.hpp"
#include "vanthu/docmgmt/OutgoingSearchSource.hpp"
#include "vanthu/docmgmt/Passwords.hpp"
#include "vanthu/docmgmt/ScanReader.hpp"
#include "vanthu/docmgmt/SqliteStorage.hpp"
#include "vanthu/docmgmt/UserName.hpp"

namespace vanthu::http {

namespace {

std::string readIfPresent(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return in ? std::string(std::istreambuf_iterator<char>(in), {}) : std::string();
}

docmgmt::FlowSettings flowSettings(const std::filesystem::path& pki) {
    docmgmt::FlowSettings settings;
    settings.keyPassword = docmgmt::DemoDataOptions{}.keyPassword;
    settings.signatureImagePng = readIfPresent(pki / "signature.png");
    settings.sealImagePng = readIfPresent(pki / "seal.png");
    settings.verification.trustAnchorsPem = readIfPresent(pki / "ca.pem");
    return settings;
}

/// A hash to check wrong user names against, so that they take as long as wrong passwords.
const std::string& decoyHash() {
    static const std::string hash = docmgmt::hashPassword(docmgmt::randomToken(16));
    return hash;
}

} // namespace

struct DocmgmtBackend::Impl {
    explicit Impl(const std::filesystem::path& dataDir)
        : dataDir(dataDir), storage((docmgmt::makeDataFolderPrivate(dataDir),
                                     docmgmt::SqliteStorage::databaseFileIn(dataDir))),
          blobs(docmgmt::BlobStore::folderIn(dataDir)), audit(storage) {
        loadFlow();
    }

    /// The search index (DIR/search): brought up to date with the audit trail now, so that a
    /// missing or stale index is rebuilt before the first request.
    void openSearch() {
        indexer.reset(); // one writer: the old index lets go first
        indexer = std::make_unique<docmgmt::DocumentIndexer>(
            storage, docmgmt::DocumentIndexer::folderIn(dataDir));
        indexer->addSource(std::make_unique<docmgmt::OutgoingSearchSource>(storage, *flow));
        indexer->addSource(
            std::make_unique<docmgmt::IncomingSearchSource>(storage, blobs, *incoming));
        indexer->addSource(std::make_unique<docmgmt::ImportedSearchSource>(storage, blobs));
        indexer->catchUp();
    }

    /// (Re)builds the flow with the key password and images of the data folder's PKI.
    void loadFlow() {
        incoming.reset();
        auto settings = flowSettings(pkiFolderIn(dataDir));
        settings.stopRenders = &stoppingRenders;
        flow = std::make_unique<docmgmt::OutgoingFlow>(storage, blobs, audit, std::move(settings));
        docmgmt::IncomingSettings incomingSettings;
        incomingSettings.verification = flowSettings(pkiFolderIn(dataDir)).verification;
        incoming =
            std::make_unique<docmgmt::IncomingFlow>(storage, blobs, audit, *flow, incomingSettings);
    }

    std::filesystem::path dataDir;
    std::atomic<bool> stoppingRenders{false}; ///< the flow's renders end when set
    docmgmt::SqliteStorage storage;
    docmgmt::BlobStore blobs;
    docmgmt::AuditTrail audit;
    std::unique_ptr<docmgmt::OutgoingFlow> flow;
    std::unique_ptr<docmgmt::IncomingFlow> incoming; ///< uses *flow: declared after it
    std::unique_ptr<docmgmt::DocumentIndexer> indexer;
    std::unique_ptr<search::Ocr> ocr; ///< loaded while scans wait (~100 MB)
};

DocmgmtBackend::DocmgmtBackend(const std::filesystem::path& dataDir)
    : impl_(std::make_unique<Impl>(dataDir)) {
    const auto referenced = impl_->storage.referencedBlobs();
    impl_->blobs.collectGarbage(std::set<std::string>(referenced.begin(), referenced.end()));
    impl_->openSearch();
}

DocmgmtBackend::~DocmgmtBackend() = default;

std::filesystem::path DocmgmtBackend::pkiFolderIn(const std::filesystem::path& dataDir) {
    return dataDir / "pki";
}

docmgmt::DemoDataResult DocmgmtBackend::createDemoData(const docmgmt::DemoDataOptions& options) {
    auto result = docmgmt::createDemoData(impl_->storage, impl_->blobs, impl_->audit,
                                          pkiFolderIn(impl_->dataDir), options);
    if (result.created) {
        impl_->loadFlow(); // the images of the demo PKI exist only now
        impl_->openSearch();
    }
    return result;
}

std::optional<User> DocmgmtBackend::authenticate(const std::string& username,
                                                 const std::string& password) {
    const auto user = impl_->storage.findUserByName(docmgmt::usernameKey(username));
    if (!user || !user->active) {
        docmgmt::verifyPassword(password, decoyHash());
        return std::nullopt;
    }
    const auto stored = impl_->storage.passwordHash(user->id);
    if (!docmgmt::verifyPassword(password, stored)) {
        return std::nullopt;
    }
    if (docmgmt::needsRehash(stored)) {
        impl_->storage.setPasswordHash(user->id, docmgmt::hashPassword(password));
    }
    return user;
}

std::optional<User> DocmgmtBackend::findUser(Id id) {
    return impl_->storage.findUser(id);
}

std::vector<Office> DocmgmtBackend::offices() {
    return impl_->storage.offices();
}

std::vector<User> DocmgmtBackend::users(std::optional<Id> officeId) {
    return impl_->storage.users(officeId);
}

User DocmgmtBackend::createUser(const Actor& actor, const NewUser& input) {
    if (input.password.size() < 8) {
        throw docmgmt::InvalidInput("password", "Mật khẩu phải có ít nhất 8 ký tự.");
    }
    User user;
    user.officeId = input.officeId;
    user.username = docmgmt::acceptedUsername(input.username);
    user.fullName = input.fullName;
    user.role = input.role;
    user.title = input.title;
    const std::string hash = docmgmt::hashPassword(input.password);
    impl_->storage.transaction([&] {
        if (impl_->storage.findUserByName(user.username)) {
            throw docmgmt::Conflict("Tên đăng nhập \"" + user.username + "\" đã có người dùng.");
        }
        user.id = impl_->storage.addUser(user, hash);
        impl_->audit.record({actor.user.id, actor.user.username, "create-user",
                             "user/" + std::to_string(user.id), actor.address, user.username});
    });
    return user;
}

std::vector<AuditRecord> DocmgmtBackend::audit(std::size_t limit) {
    std::vector<AuditRecord> entries;
    for (const auto& record : impl_->audit.latest(static_cast<int>(limit))) {
        entries.push_back({record.seq, record.at, record.userId, record.username, record.action,
                           record.object, record.address, record.detail, record.hash});
    }
    return entries;
}

void DocmgmtBackend::record(const Actor& actor, const std::string& action,
                            const std::string& object, const std::string& detail) {
    impl_->storage.transaction([&] {
        impl_->audit.record(
            {actor.user.id, actor.user.username, action, object, actor.address, detail});
    });
}

void DocmgmtBackend::stopRenders() {
    impl_->stoppingRenders = true;
}

docmgmt::OutgoingFlow* DocmgmtBackend::flow() {
    return impl_->flow.get();
}

std::size_t DocmgmtBackend::readScans(std::size_t limit) {
    auto& indexer = *impl_->indexer;
    indexer.catchUp();
    if (indexer.index().unreadScans(1).empty()) {
        return 0;
    }
    if (!impl_->ocr) {
        impl_->ocr = std::make_unique<search::Ocr>("vie");
    }
    const auto read =
        docmgmt::ScanReader(impl_->storage, impl_->blobs, indexer).readWaiting(*impl_->ocr, limit);
    if (indexer.index().unreadScans(1).empty()) {
        impl_->ocr.reset(); // its ~100 MB back while no scan waits
    }
    return read;
}

docmgmt::DocumentIndexer* DocmgmtBackend::search() {
    return impl_->indexer.get();
}

docmgmt::IncomingFlow* DocmgmtBackend::incoming() {
    return impl_->incoming.get();
}

std::filesystem::path DocmgmtBackend::trustAnchors() const {
    return pkiFolderIn(impl_->dataDir) / "ca.pem";
}

docmgmt::Storage& DocmgmtBackend::storage() {
    return impl_->storage;
}

docmgmt::BlobStore& DocmgmtBackend::blobs() {
    return impl_->blobs;
}

docmgmt::CaseFiles* DocmgmtBackend::caseFiles() {
    std::call_once(caseFilesOnce_, [this] {
        caseFiles_ =
            std::make_unique<docmgmt::CaseFiles>(impl_->storage, impl_->blobs, impl_->audit);
    });
    return caseFiles_.get();
}

} // namespace vanthu::http
