#pragma once
// One installation of vanthu: its data folder opened the one way every verb opens it. The
// layout (DIR/vanthu.db, DIR/blobs/, DIR/search/, DIR/pki/), the private folder rules
// (DataFolder), the storage, the blob store, the audit trail, the flows with the keys' password
// and images of DIR/pki, case files and the search index with its sources are put together here,
// for `vanthu serve` (through the server's DocmgmtBackend) and for the CLI verbs (import,
// archive, audit, search, admin …) alike.
#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "vanthu/docmgmt/Directory.hpp"

namespace vanthu::docmgmt {

class Storage;
class BlobStore;
class AuditTrail;
class OutgoingFlow;
class IncomingFlow;
class CaseFiles;
class DocumentIndexer;
class TrustList;
class KeyRing;
class SigningPolicies;
class Preservation;
struct Actor;

/// A data folder that is not an installation, or cannot be opened; the message is one
/// Vietnamese sentence.
/// The name under which the database keeps DIR/pki/secret.key's fingerprint
/// (Storage::pkiFingerprint): an installation whose folder holds another key does not open.
inline constexpr const char* kSecretKeyName = "secret.key";

class InstallationError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct InstallationOptions {
    /// Create the folder and database when missing (serve, init); false: a folder without a
    /// database is an InstallationError (the other verbs never make an empty installation).
    bool create = false;
    /// Open without changing anything: no migration, the folder's permissions left alone
    /// (`vanthu audit verify`). The flows are not built.
    bool readOnly = false;
    /// Remove blobs a crash left without a row (the server at start-up).
    bool collectGarbage = false;
    /// Open the search index and bring it up to date with the audit trail (serve, reindex).
    bool search = false;
    /// The password of the server-held PKCS#12 files (seals, leaders); when unset it is read
    /// from DIR/pki/key-password when that file exists (the demo writes it), else empty.
    std::optional<std::string> keyPassword;
    /// When set, the flow's renders end as soon as *stopRenders is true (the server's stop:
    /// FlowSettings::stopRenders); it must outlive the installation.
    const std::atomic<bool>* stopRenders = nullptr;
    /// A PostgreSQL database instead of DIR/vanthu.db (issue 17): libpq's connection string.
    /// With `create`, it is written to DIR/database for every later opening; without, it must
    /// match DIR/database when that file exists. Unset: DIR/database when present, else
    /// DIR/vanthu.db.
    std::optional<std::string> database;
    /// The renewal of long-term copies (issue 21 item 4): a letter is renewed when its newest
    /// time-stamp's certificate expires within this many seconds (`serve --renewal-margin-days`).
    std::int64_t renewalMarginSeconds = 365LL * 86400;
    /// Refuse to open when DIR/pki/secret.key is missing or is not the key the database recorded
    /// (every server of one database must hold the same). False only to replace a lost key
    /// (`vanthu admin secret-key replace`, Installation::replaceSecretKey).
    bool checkSecretKey = true;

    /// create: the folder and database made when missing.
    static InstallationOptions creating() {
        InstallationOptions options;
        options.create = true;
        return options;
    }
    /// readOnly: nothing changed.
    static InstallationOptions inspecting() {
        InstallationOptions options;
        options.readOnly = true;
        return options;
    }
    /// search: the index opened and brought up to date.
    static InstallationOptions searching() {
        InstallationOptions options;
        options.search = true;
        return options;
    }
};

/// What replacing DIR/pki/secret.key cost (Installation::replaceSecretKey): the secrets sealed
/// under the old key, which nothing opens any more, forgotten for an administrator to enter again.
struct SecretKeyReplacement {
    /// The seals whose PKCS#12 password or PKCS#11 PIN was sealed ("seal/<office id>"): removed,
    /// to be imported again (`vanthu admin seal import`).
    std::vector<std::string> sealsRemoved;
    /// Offices whose time-stamp service's password was sealed: the password removed.
    std::vector<Id> tsaPasswordsRemoved;
    /// The SMTP server's password set on the administrator's page: removed.
    bool smtpPasswordRemoved = false;
    /// Where the old key file was kept (DIR/pki/secret.key.replaced-<time>); empty when there
    /// was none.
    std::filesystem::path oldKeyKept;
};

class Installation {
public:
    /// Opens the installation in dataDir. Throws InstallationError.
    explicit Installation(const std::filesystem::path& dataDir, InstallationOptions options = {});
    ~Installation();
    Installation(const Installation&) = delete;
    Installation& operator=(const Installation&) = delete;

    // The layout of a data folder.
    static std::filesystem::path databaseFileIn(const std::filesystem::path& dataDir);
    /// DIR/database: the PostgreSQL connection string of an installation whose records are
    /// not in DIR/vanthu.db (one line, 0600 like the rest of the folder).
    static std::filesystem::path databasePointerIn(const std::filesystem::path& dataDir);
    /// The connection string DIR/database names, or nothing for a SQLite installation.
    static std::optional<std::string> postgresDatabaseOf(const std::filesystem::path& dataDir);
    static std::filesystem::path blobFolderIn(const std::filesystem::path& dataDir);
    static std::filesystem::path searchFolderIn(const std::filesystem::path& dataDir);
    /// DIR/pki: ca.pem (trusted CAs), crl/, ocsp-responders (TrustList), seals/ (imported seals),
    /// secret.key (SecretBox), seal.png and signature.png, key files, key-password.
    static std::filesystem::path pkiFolderIn(const std::filesystem::path& dataDir);
    /// True when dataDir holds a database, or names one (DIR/database).
    static bool existsIn(const std::filesystem::path& dataDir);
    /// True when dataDir is missing or an empty folder: where `vanthu init` and
    /// `vanthu serve --setup` may make a new installation (never over other files).
    static bool mayCreateIn(const std::filesystem::path& dataDir);

    /// For an installation whose DIR/pki/secret.key is lost, or is not the key its database
    /// recorded, when no copy of the right one is left (open it with checkSecretKey false): a
    /// new key is made, the old file (if any) kept beside it, the new fingerprint recorded and
    /// every secret sealed under the old key forgotten, in one transaction, audited
    /// "replace-secret-key". Every other server of the database needs a copy of the new key.
    SecretKeyReplacement replaceSecretKey(const Actor& actor);

    const std::filesystem::path& dataDir() const;
    std::filesystem::path trustAnchorsFile() const; ///< DIR/pki/ca.pem
    const std::string& keyPassword() const;

    Storage& storage();
    BlobStore& blobs();
    AuditTrail& audit();
    /// The flows and case files: built on opening (not with readOnly).
    OutgoingFlow& flow();
    IncomingFlow& incoming();
    CaseFiles& caseFiles();
    /// The search index, or nothing when opened without InstallationOptions::search.
    DocumentIndexer* search();
    /// The trusted CAs, CRLs and OCSP responders of DIR/pki (the one place they are read from).
    TrustList& trust();
    /// The offices' seals and leaders' certificates; the flows sign with it.
    KeyRing& keys();
    /// Each office's signing policy (issue 21); the flow signs by it.
    SigningPolicies& signingPolicies();
    /// Long-term copies of signed letters and their renewal (issue 21 items 3 and 4): built
    /// with the flows.
    Preservation& preservation();

    /// Rebuilds the flows from DIR/pki (after the demo data wrote its keys and images).
    void reloadKeys();
    /// (Re)opens the search index and brings it up to date.
    void openSearch();

    /// The office with this identifier code (mã định danh), if any.
    std::optional<Office> officeByCode(const std::string& code) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace vanthu::docmgmt
