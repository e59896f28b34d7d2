#pragma once
// The outgoing flow (quy trình văn bản đi) with every access check: who may do what, in which
// state, in which office. Each step is one transaction with its audit entry; a refused step
// changes nothing. The server calls only this for outgoing documents.
#include <memory>
#include <string>
#include <vector>

#include "vanthu/docmgmt/Directory.hpp"
#include "vanthu/docmgmt/OutgoingDocument.hpp"

namespace vanthu::docmgmt {

class Storage;
class BlobStore;
class AuditTrail;

/// Who is acting and from where (for the audit trail).
struct Actor {
    User user;
    std::string address; ///< client IP address
};

/// What a specialist fills in; the server composes the rest from the office (issuing body,
/// system, place, notation) and the chosen signer (title, name).
struct DraftInput {
    std::string typeCode;
    std::string subject;
    std::vector<std::string> recipients;
    std::string body; ///< body markup
    std::vector<std::string> distribution;
    Id signerId = 0;            ///< a leader of the same office
    std::string authority;      ///< "", "TM", "KT", "TL", "TUQ", "Q" (or the Party's spelling)
    std::string authorityOf;    ///< "CHỦ TỊCH", "ỦY BAN NHÂN DÂN", "BAN THƯỜNG VỤ"
    std::string draftingUnit;   ///< công văn notation suffix and archive line: "NV"
    std::string urgency, secrecy; ///< as in the document format, may be empty
};

struct RegisterEntry { ///< a row of the outgoing register (sổ đăng ký văn bản đi)
    Id documentId = 0;
    int number = 0;
    std::string notation, issuedDate, typeName, subject, signerName, recipients, archiveCopy;
};

class OutgoingFlow {
public:
    OutgoingFlow(Storage& storage, BlobStore& blobs, AuditTrail& audit);

    OutgoingDocument createDraft(const Actor& actor, const DraftInput& input);
    OutgoingDocument updateDraft(const Actor& actor, Id id, const DraftInput& input);
    OutgoingDocument submit(const Actor& actor, Id id);
    OutgoingDocument returnForChanges(const Actor& actor, Id id, const std::string& comment);
    OutgoingDocument approve(const Actor& actor, Id id);
    /// Signs with the leader's server-held PKCS#12.
    OutgoingDocument sign(const Actor& actor, Id id);
    /// Two-phase signing for a key that never reaches the server: returns the digest to sign.
    std::string prepareSignature(const Actor& actor, Id id, const std::string& certificateChainPem);
    OutgoingDocument completeSignature(const Actor& actor, Id id, const std::string& signatureValue);
    /// The clerk issues: next number of the year, date, number and date filled in, seal.
    OutgoingDocument issue(const Actor& actor, Id id);

    OutgoingDocument document(const Actor& actor, Id id) const;
    std::vector<OutgoingDocument> list(const Actor& actor, std::optional<DocumentState> state) const;
    /// The PDF to show: issued, else signed, else a fresh preview of the draft.
    std::string pdf(const Actor& actor, Id id) const;
    std::vector<RegisterEntry> outgoingRegister(const Actor& actor, int year) const;

private:
    Storage& storage_;
    BlobStore& blobs_;
    AuditTrail& audit_;
};

} // namespace vanthu::docmgmt
