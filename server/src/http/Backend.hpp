#pragma once
// What the HTTP layer needs from document management, behind one interface: the real one sits
// on docmgmt's storage (DocmgmtBackend); tests of the HTTP machinery can use a small fake.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "vanthu/docmgmt/Administration.hpp"
#include "vanthu/docmgmt/Directory.hpp"
#include "vanthu/docmgmt/DocumentIndexer.hpp"
#include "vanthu/docmgmt/ImportedDocument.hpp"
#include "vanthu/docmgmt/IncomingFlow.hpp"
#include "vanthu/docmgmt/OutgoingFlow.hpp"
#include "vanthu/docmgmt/Recall.hpp"

namespace vanthu::docmgmt {
class CaseFiles;
class SecretAccess;
class Storage;
class KeyRing;
class TrustList;
class SigningPolicies;
class Preservation;
class SavedSearches;
class MailSettings;
class MetadataFields;
} // namespace vanthu::docmgmt

namespace vanthu::http {

using docmgmt::Actor;
using docmgmt::Id;
using docmgmt::Office;
using docmgmt::User;

struct NewUser {
    std::string username, fullName, password, title, unit;
    std::string email; ///< notices by e-mail (issue 14 item 7), may be empty
    docmgmt::Role role = docmgmt::Role::Specialist;
    Id officeId = 0;
    bool mustChangePassword = false;
    bool installationAdministrator = false; ///< quản trị hệ thống
};

/// An audit trail entry as the API shows it.
struct AuditRecord {
    std::int64_t seq = 0;
    std::string at;
    std::optional<Id> userId;
    std::string username, action, object, address, detail, hash;
};

class Backend {
public:
    virtual ~Backend() = default;

    /// The active user with these credentials, or nothing.
    virtual std::optional<User> authenticate(const std::string& username,
                                             const std::string& password) = 0;
    virtual std::optional<User> findUser(Id id) = 0;
    virtual std::vector<Office> offices() = 0;
    /// Case files and the file list (docs/api.md, "Case files"); nothing when this backend has
    /// none.
    virtual docmgmt::CaseFiles* caseFiles() { return nullptr; }
    /// Users of one office, or of every office.
    virtual std::vector<User> users(std::optional<Id> officeId) = 0;
    virtual User createUser(const Actor& actor, const NewUser& user) = 0;
    /// The actor's own password change, the current password checked; ends every session of
    /// the user. docmgmt::Unauthenticated when the current password is wrong.
    virtual User changePassword(const Actor& actor, const std::string& currentPassword,
                                const std::string& newPassword) = 0;
    /// The newest audit entries first (the whole trail: for tests and tools).
    virtual std::vector<AuditRecord> audit(std::size_t limit) = 0;
    /// Appends an audit entry for an action outside the document flow (sign-in, sign-out).
    virtual void record(const Actor& actor, const std::string& action, const std::string& object,
                        const std::string& detail) = 0;
    /// The outgoing flow; nothing when this backend has no documents.
    virtual docmgmt::OutgoingFlow* flow() = 0;
    /// Trust anchors (PEM) the verification endpoint checks signatures against.
    virtual std::filesystem::path trustAnchors() const = 0;
    /// The incoming flow (văn bản đến, reports); nothing when this backend has none.
    virtual docmgmt::IncomingFlow* incoming() { return nullptr; }
    /// Recall and replacement of issued letters; nothing when this backend has none.
    virtual docmgmt::Recall* recall() { return nullptr; }
    /// Secret documents limited to named people, the record of reads, their statistics
    /// (docs/access-rules.md "Secret documents"); nothing when this backend has none.
    virtual docmgmt::SecretAccess* secretAccess() { return nullptr; }
    /// Full-text search with the access rules (docs/search.md); nothing when this backend has
    /// no search index.
    virtual docmgmt::DocumentIndexer* search() { return nullptr; }
    /// Saved searches (6e); nothing when this backend keeps none.
    virtual docmgmt::SavedSearches* savedSearches() { return nullptr; }
    /// Each person's kinds of e-mail notice and the SMTP server (issue 14); nothing: 404.
    virtual docmgmt::MailSettings* mailSettings() { return nullptr; }
    /// Metadata fields an office adds (III.7c); nothing when this backend keeps none.
    virtual docmgmt::MetadataFields* metadataFields() { return nullptr; }
    /// An imported document the user may read (docmgmt::canSeeImported), and its PDF; nothing
    /// when there is none or the user may not see it.
    virtual std::optional<docmgmt::ImportedDocument> importedDocument(const User&, Id) {
        return std::nullopt;
    }
    virtual std::string importedPdf(const docmgmt::ImportedDocument&) { return {}; }
    /// Where signed-in sessions are kept so that they survive a restart; nothing: in memory.
    virtual docmgmt::Storage* sessionStorage() { return nullptr; }
    /// The keys and trust list (issue 13: /api/keys/…); nothing when this backend has none.
    virtual docmgmt::KeyRing* keys() { return nullptr; }
    /// Offices and users (docmgmt::Administration: every change audited, issue 13); nothing when
    /// this backend has none.
    virtual std::optional<docmgmt::Administration> administration() { return std::nullopt; }
    virtual docmgmt::TrustList* trust() { return nullptr; }
    /// Each office's signing policy (issue 21); nothing when this backend has none.
    virtual docmgmt::SigningPolicies* signingPolicies() { return nullptr; }
    /// Long-term copies and their renewal (issue 21 items 3 and 4); nothing when none.
    virtual docmgmt::Preservation* preservation() { return nullptr; }

    // Paged lists (issue 17 item 4): one page and the total. These defaults cut the whole list;
    // DocmgmtBackend asks the database for the page.
    virtual docmgmt::Paged<User> userPage(std::optional<Id> officeId,
                                          const docmgmt::PageRequest& page) {
        return docmgmt::pageOf(users(officeId), page);
    }
    virtual docmgmt::Paged<Office> officePage(const docmgmt::PageRequest& page) {
        return docmgmt::pageOf(offices(), page);
    }
    /// The newest audit entries first that concern what actor administers
    /// (docmgmt::Administration::auditPage).
    virtual docmgmt::Paged<AuditRecord> auditPage(const Actor&, const docmgmt::PageRequest& page) {
        return docmgmt::pageOf(audit(static_cast<std::size_t>(-1)), page);
    }
};

} // namespace vanthu::http
