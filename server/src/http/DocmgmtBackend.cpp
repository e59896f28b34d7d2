#include "http/DocmgmtBackend.hpp"

#include "vanthu/docmgmt/Administration.hpp"
#include "vanthu/docmgmt/AuditTrail.hpp"
#include "vanthu/docmgmt/BlobStore.hpp"
#include "vanthu/docmgmt/CaseFiles.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/MailSettings.hpp"
#include "vanthu/docmgmt/MetadataFields.hpp"
#include "vanthu/docmgmt/Passwords.hpp"
#include "vanthu/docmgmt/SavedSearches.hpp"
#include "vanthu/docmgmt/ScanReader.hpp"
#include "vanthu/docmgmt/SecretAccess.hpp"
#include "vanthu/docmgmt/UserName.hpp"

namespace vanthu::http {

namespace {

/// A hash to check wrong user names against, so that they take as long as wrong passwords.
const std::string& decoyHash() {
    static const std::string hash = docmgmt::hashPassword(docmgmt::randomToken(16));
    return hash;
}

docmgmt::InstallationOptions serverOptions(docmgmt::InstallationOptions options,
                                           const std::atomic<bool>& stopRenders) {
    options.collectGarbage = true;
    options.stopRenders = &stopRenders;
    options.search = true;
    return options;
}

} // namespace

struct DocmgmtBackend::Impl {
    Impl(const std::filesystem::path& dataDir, const docmgmt::InstallationOptions& options)
        : installation(dataDir, serverOptions(options, stoppingRenders)) {}

    std::atomic<bool> stoppingRenders{false}; ///< the flow's renders end when set
    docmgmt::Installation installation;       ///< after stoppingRenders, which it points to
    docmgmt::Storage& storage = installation.storage();
    docmgmt::BlobStore& blobs = installation.blobs();
    docmgmt::AuditTrail& audit = installation.audit();
    docmgmt::Recall recall{storage, blobs, audit};
    docmgmt::SecretAccess secretAccess{storage, audit};
    docmgmt::SavedSearches savedSearches{storage};
    docmgmt::MailSettings mailSettings{
        storage, audit, docmgmt::Installation::pkiFolderIn(installation.dataDir()), {}};
    docmgmt::MetadataFields metadataFields{storage, audit};
    std::unique_ptr<search::Ocr> ocr; ///< loaded while scans wait (~100 MB)
};

DocmgmtBackend::DocmgmtBackend(const std::filesystem::path& dataDir,
                               const docmgmt::InstallationOptions& options)
    : impl_(std::make_unique<Impl>(dataDir, options)) {}

DocmgmtBackend::~DocmgmtBackend() = default;

std::filesystem::path DocmgmtBackend::pkiFolderIn(const std::filesystem::path& dataDir) {
    return docmgmt::Installation::pkiFolderIn(dataDir);
}

docmgmt::Installation& DocmgmtBackend::installation() {
    return impl_->installation;
}

docmgmt::DemoDataResult DocmgmtBackend::createDemoData(const docmgmt::DemoDataOptions& options) {
    auto result = docmgmt::createDemoData(impl_->storage, impl_->blobs, impl_->audit,
                                          pkiFolderIn(impl_->installation.dataDir()), options);
    impl_->installation.reloadKeys(); // the demo PKI's images and password exist only now
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
    User user;
    user.officeId = input.officeId;
    user.username = input.username;
    user.fullName = input.fullName;
    user.role = input.role;
    user.title = input.title;
    user.unit = input.unit;
    user.email = input.email;
    user.mustChangePassword = input.mustChangePassword;
    user.installationAdministrator = input.installationAdministrator;
    return administration()->addUser(actor, user, input.password);
}

User DocmgmtBackend::changePassword(const Actor& actor, const std::string& currentPassword,
                                    const std::string& newPassword) {
    if (!docmgmt::verifyPassword(currentPassword, impl_->storage.passwordHash(actor.user.id))) {
        throw docmgmt::InvalidInput("currentPassword", "Mật khẩu hiện tại không đúng.");
    }
    return administration()->changeOwnPassword(actor, newPassword);
}

std::optional<docmgmt::Administration> DocmgmtBackend::administration() {
    return docmgmt::Administration(impl_->storage, impl_->audit);
}

std::vector<AuditRecord> DocmgmtBackend::audit(std::size_t limit) {
    std::vector<AuditRecord> entries;
    for (const auto& record : impl_->audit.latest(static_cast<int>(limit))) {
        entries.push_back({record.seq, record.at, record.userId, record.username, record.action,
                           record.object, record.address, record.detail, record.hash});
    }
    return entries;
}

docmgmt::Paged<User> DocmgmtBackend::userPage(std::optional<Id> officeId,
                                              const docmgmt::PageRequest& page) {
    return impl_->storage.userPage(officeId, page);
}

docmgmt::Paged<Office> DocmgmtBackend::officePage(const docmgmt::PageRequest& page) {
    return impl_->storage.officePage(page);
}

docmgmt::Paged<AuditRecord> DocmgmtBackend::auditPage(const Actor& actor,
                                                      const docmgmt::PageRequest& page) {
    const auto records = administration()->auditPage(actor, page);
    docmgmt::Paged<AuditRecord> out;
    out.total = records.total;
    for (const auto& r : records.items) {
        out.items.push_back(
            {r.seq, r.at, r.userId, r.username, r.action, r.object, r.address, r.detail, r.hash});
    }
    return out;
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
    return &impl_->installation.flow();
}

std::size_t DocmgmtBackend::readScans(std::size_t limit) {
    auto& indexer = *impl_->installation.search();
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
    return impl_->installation.search();
}

docmgmt::IncomingFlow* DocmgmtBackend::incoming() {
    return &impl_->installation.incoming();
}

docmgmt::Recall* DocmgmtBackend::recall() {
    return &impl_->recall;
}

docmgmt::SecretAccess* DocmgmtBackend::secretAccess() {
    return &impl_->secretAccess;
}

std::filesystem::path DocmgmtBackend::trustAnchors() const {
    return impl_->installation.trustAnchorsFile();
}

docmgmt::Storage* DocmgmtBackend::sessionStorage() {
    return &impl_->storage;
}

docmgmt::KeyRing* DocmgmtBackend::keys() {
    return &impl_->installation.keys();
}

docmgmt::SigningPolicies* DocmgmtBackend::signingPolicies() {
    return &impl_->installation.signingPolicies();
}

docmgmt::Preservation* DocmgmtBackend::preservation() {
    return &impl_->installation.preservation();
}

docmgmt::TrustList* DocmgmtBackend::trust() {
    return &impl_->installation.trust();
}

docmgmt::Storage& DocmgmtBackend::storage() {
    return impl_->storage;
}

docmgmt::BlobStore& DocmgmtBackend::blobs() {
    return impl_->blobs;
}

docmgmt::SavedSearches* DocmgmtBackend::savedSearches() {
    return &impl_->savedSearches;
}

docmgmt::MailSettings* DocmgmtBackend::mailSettings() {
    return &impl_->mailSettings;
}

docmgmt::MetadataFields* DocmgmtBackend::metadataFields() {
    return &impl_->metadataFields;
}

std::optional<docmgmt::ImportedDocument> DocmgmtBackend::importedDocument(const User& user, Id id) {
    auto document = impl_->storage.findImportedDocument(id);
    if (!document || !docmgmt::canSeeImported(user, *document)) {
        return std::nullopt;
    }
    return document;
}

std::string DocmgmtBackend::importedPdf(const docmgmt::ImportedDocument& document) {
    return impl_->blobs.get(document.pdfBlob);
}

docmgmt::CaseFiles* DocmgmtBackend::caseFiles() {
    return &impl_->installation.caseFiles();
}

} // namespace vanthu::http
