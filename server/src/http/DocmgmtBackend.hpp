#pragma once
// The Backend on docmgmt: SQLite storage, blob store, audit trail and the outgoing flow in one
// data folder (DIR/vanthu.db, DIR/blobs/, DIR/pki/).
#include <filesystem>
#include <memory>
#include <mutex>

#include "http/Backend.hpp"
#include "vanthu/docmgmt/DemoData.hpp"

namespace vanthu::http {

class DocmgmtBackend : public Backend {
public:
    /// Opens (creating when missing) the data folder, brings the schema up to date and removes
    /// blobs a crash left without a row.
    explicit DocmgmtBackend(const std::filesystem::path& dataDir);
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
    std::vector<AuditRecord> audit(std::size_t limit) override;
    void record(const Actor& actor, const std::string& action, const std::string& object,
                const std::string& detail) override;
    docmgmt::OutgoingFlow* flow() override;
    docmgmt::IncomingFlow* incoming() override;
    std::filesystem::path trustAnchors() const override;
    docmgmt::DocumentIndexer* search() override;

    /// Ends every render of documents now running or to come (templates::RenderStopped, which
    /// the API answers with 503): the first step of stopping the server, so that a long render
    /// does not hold it up.
    void stopRenders();

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
    std::once_flag caseFilesOnce_;
    std::unique_ptr<docmgmt::CaseFiles> caseFiles_; ///< made on first use, over impl_'s storage
};

} // namespace vanthu::http
