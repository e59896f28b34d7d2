#pragma once
// The Backend on docmgmt: the installation in one data folder (docmgmt::Installation: storage,
// blobs, audit trail, flows, search index) as the HTTP layer sees it.
#include <filesystem>
#include <memory>
#include <mutex>

#include "http/Backend.hpp"
#include "vanthu/docmgmt/Administration.hpp"
#include "vanthu/docmgmt/DemoData.hpp"
#include "vanthu/docmgmt/Installation.hpp"

namespace vanthu::http {

class DocmgmtBackend : public Backend {
public:
    /// Opens the installation (docmgmt::Installation), its search index brought up to date and
    /// the blobs a crash left without a row removed. options.create: make it when missing.
    explicit DocmgmtBackend(
        const std::filesystem::path& dataDir,
        const docmgmt::InstallationOptions& options = docmgmt::InstallationOptions::creating());
    ~DocmgmtBackend() override;

    /// Creates the demo data set once (nothing when the folder has offices already); ecdsa:
    /// P-256 keys instead of RSA 2048 (much faster to make); profile: which offices this
    /// server hosts (two demo servers exchange documents, docs/exchange.md).
    docmgmt::DemoDataResult createDemoData(const docmgmt::DemoDataOptions& options = {});

    std::optional<User> authenticate(const std::string& username,
                                     const std::string& password) override;
    std::optional<User> findUser(Id id) override;
    std::vector<Office> offices() override;
    docmgmt::CaseFiles* caseFiles() override;
    std::vector<User> users(std::optional<Id> officeId) override;
    User createUser(const Actor& actor, const NewUser& user) override;
    User changePassword(const Actor& actor, const std::string& currentPassword,
                        const std::string& newPassword) override;
    std::vector<AuditRecord> audit(std::size_t limit) override;
    docmgmt::Paged<User> userPage(std::optional<Id> officeId,
                                  const docmgmt::PageRequest& page) override;
    docmgmt::Paged<Office> officePage(const docmgmt::PageRequest& page) override;
    docmgmt::Paged<AuditRecord> auditPage(const Actor& actor,
                                          const docmgmt::PageRequest& page) override;
    void record(const Actor& actor, const std::string& action, const std::string& object,
                const std::string& detail) override;
    docmgmt::OutgoingFlow* flow() override;
    docmgmt::IncomingFlow* incoming() override;
    docmgmt::Recall* recall() override;
    docmgmt::SecretAccess* secretAccess() override;
    std::filesystem::path trustAnchors() const override;
    docmgmt::DocumentIndexer* search() override;
    docmgmt::SavedSearches* savedSearches() override;
    docmgmt::MailSettings* mailSettings() override;
    docmgmt::MetadataFields* metadataFields() override;
    std::optional<docmgmt::ImportedDocument> importedDocument(const User& user, Id id) override;
    std::string importedPdf(const docmgmt::ImportedDocument& document) override;
    docmgmt::Storage* sessionStorage() override;
    docmgmt::KeyRing* keys() override;
    docmgmt::TrustList* trust() override;
    docmgmt::SigningPolicies* signingPolicies() override;
    docmgmt::Preservation* preservation() override;

    /// Ends every render of documents now running or to come (templates::RenderStopped, which
    /// the API answers with 503): the first step of stopping the server, so that a long render
    /// does not hold it up.
    void stopRenders();

    docmgmt::Installation& installation();
    /// Offices and users (docmgmt::Administration) over this installation.
    std::optional<docmgmt::Administration> administration() override;
    docmgmt::Storage& storage();
    docmgmt::BlobStore& blobs();

    /// Brings the search index up to date, then reads up to `limit` scanned PDFs it waits for
    /// with OCR (docmgmt::ScanReader); returns how many were read. The OCR engine is loaded while
    /// scans wait; throws search::OcrError when Tesseract's Vietnamese data is missing.
    std::size_t readScans(std::size_t limit);

    static std::filesystem::path pkiFolderIn(const std::filesystem::path& dataDir);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace vanthu::http
