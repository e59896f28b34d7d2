#pragma once
// Outgoing documents (drafts to issued letters), their versions, comments and attachments,
// the outgoing register, and letters issued below their signing policy. Part of Storage
// (Storage.hpp); SqlStorage implements it in docmgmt/src/sql/OutgoingSql.cpp.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "vanthu/docmgmt/Directory.hpp"
#include "vanthu/docmgmt/OutgoingDocument.hpp"
#include "vanthu/docmgmt/Paging.hpp"

namespace vanthu::docmgmt {

/// Where a register number belongs: an office, a numbering period ("2026", or a Party term) and
/// a series ("thuong", "mat", or a Party type code).
struct RegisterKey {
    Id officeId = 0;
    std::string period;
    std::string series;
};

/// A letter the clerk chose to issue below its office's signing policy because the evidence
/// could not be had (issue 21 item 2): audited, and shown on the letter's page.
struct LoweredIssue {
    Id documentId = 0;
    std::string policyLevel; ///< what the policy asked for ("B-LTA")
    std::string issuedLevel; ///< what the letter was issued at ("B-T")
    std::string reason;      ///< the clerk's reason
    Id chosenBy = 0;
    std::string chosenByName; ///< user name
    std::string chosenAt;     ///< ISO 8601, Vietnam time
};

/// Which rows of an office's outgoing register of a year: one series ("" every series) and
/// issued from .. to (ISO dates, inclusive; "" leaves that end open).
struct RegisterFilter {
    std::string series, from, to;
};

/// Which outgoing documents a list shows: an office's, optionally in one state, and of those
/// only the ones the reader may see: written by authorId, or in one of visibleStates.
struct DocumentFilter {
    Id officeId = 0;
    std::optional<DocumentState> state;
    Id authorId = 0;
    std::vector<DocumentState> visibleStates;
    /// Not 0: of the documents limited to named people, only those naming this reader, or
    /// written by them or to be signed by them (docs/access-rules.md "Secret documents").
    Id readerId = 0;
};
class OutgoingStore {
public:
    virtual ~OutgoingStore() = default;

    // Documents. addDocument also keeps version 1; addDocumentVersion keeps later ones.
    virtual Id addDocument(const OutgoingDocument& document) = 0;
    virtual void updateDocument(const OutgoingDocument& document) = 0;
    virtual void addDocumentVersion(const DocumentVersion& version) = 0;
    virtual std::optional<OutgoingDocument> findDocument(Id id) const = 0;
    /// An office's documents, newest first, optionally in one state.
    virtual std::vector<OutgoingDocument>
    documents(Id officeId, std::optional<DocumentState> state = std::nullopt) const = 0;
    virtual std::vector<DocumentVersion> documentVersions(Id documentId) const = 0;
    /// How many documents this user wrote that are drafts or returned drafts.
    virtual std::size_t openDrafts(Id authorId) const = 0;
    // Comments on outgoing documents (only ever added) and their attachments (frozen at issue:
    // adding or removing one of an issued document throws Conflict), oldest first.
    virtual Id addDocumentComment(const DraftComment& comment) = 0;
    virtual std::vector<DraftComment> documentComments(Id documentId) const = 0;
    virtual Id addDocumentAttachment(const LetterAttachment& attachment) = 0;
    /// False when the document has no such attachment.
    virtual bool removeDocumentAttachment(Id documentId, Id attachmentId) = 0;
    virtual std::vector<LetterAttachment> documentAttachments(Id documentId) const = 0;
    /// Every blob name a row points to (for cleaning up blobs a crash left without a row).
    virtual std::vector<std::string> referencedBlobs() const = 0;
    // The outgoing register. nextOutgoingNumber must run inside transaction(): it returns the
    // next number of the series (1 for a new one) and counts it as used when the transaction
    // commits; a rollback gives it back.
    virtual int nextOutgoingNumber(const RegisterKey& key) = 0;
    /// The number nextOutgoingNumber would give now, counting nothing (an issue prepares its
    /// letter with it outside the write transaction, then takes it there if still free).
    virtual int peekOutgoingNumber(const RegisterKey& key) const = 0;
    /// Throws Conflict when the number is already in the register.
    virtual void addRegisterEntry(const RegisterKey& key, int year, Id officeId,
                                  const RegisterEntry& entry) = 0;
    /// An office's register for a calendar year, in order of numbering.
    virtual std::vector<RegisterEntry> registerEntries(Id officeId, int year) const = 0;
    // ---- paged lists (issue 17 item 4): LIMIT/OFFSET and the count in the database --------
    /// A page of registerEntries (same order: issued date, series, number) with a filter.
    virtual Paged<RegisterEntry> registerPage(Id officeId, int year, const RegisterFilter& filter,
                                              const PageRequest& page) const = 0;
    /// A page of an office's outgoing documents, newest first.
    virtual Paged<OutgoingDocument> documentPage(const DocumentFilter& filter,
                                                 const PageRequest& page) const = 0;
    // Letters issued below their policy by the clerk's choice, one row per letter.
    virtual void addLoweredIssue(const LoweredIssue& record) = 0;
    virtual std::optional<LoweredIssue> findLoweredIssue(Id documentId) const = 0;
};

} // namespace vanthu::docmgmt
