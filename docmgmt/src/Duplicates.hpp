#pragma once
// The duplicate check of the incoming register (NĐ 30 Phụ lục VI III.1h; docs/incoming.md,
// "Duplicates"): whether a letter looks like an earlier entry of the same receiving office,
// either an incoming document (any channel, except refused ones) or an imported incoming one.
// The same rule at every way in: Dispatch::receive (local and edXML), IncomingFlow::enterPaper
// and registerArrival, BulkImport.
#include <optional>
#include <string>

#include "vanthu/docmgmt/ImportedDocument.hpp"
#include "vanthu/docmgmt/IncomingDocument.hpp"

namespace vanthu::docmgmt {

class Storage;

/// What identifies a letter for the check.
struct LetterIdentity {
    std::string exchangeId; ///< the issuer's document identifier (edXML DocumentId), may be ""
    std::string senderCode, senderName;
    std::string number, notation, issuedDate;
};

LetterIdentity identityOf(const ArrivingDocument& letter);
LetterIdentity identityOf(const IncomingDocument& document);
LetterIdentity identityOf(const ImportedDocument& document);

/// Which entries to compare with.
struct DuplicateScope {
    std::optional<Id> before;    ///< only incoming documents with a smaller id (the letter's own)
    bool includeImported = true; ///< imported incoming documents too
};

/// The earliest entry of the office the letter looks like: the same identifier, or the same
/// issuing body (codes when both have one, else names without case or spacing) + number
/// (leading zeros ignored) + notation (without case, spacing or the number in front) + issue
/// date when both have one. Refused incoming documents are not entries.
std::optional<EarlierEntry> findEarlierEntry(const Storage& storage, Id officeId,
                                             const LetterIdentity& letter,
                                             const DuplicateScope& scope = {});

/// The entry a mark points to, as the clerk is shown it; nothing when the mark is empty or
/// the entry is gone.
std::optional<EarlierEntry> earlierEntryOf(const Storage& storage, const DuplicateMark& mark);

/// "văn bản đến số 12 ngày 16/06/2026 (số 15/UBND-NV của UBND huyện Văn Quan)", for messages.
std::string describe(const EarlierEntry& entry);

/// The mark pointing to an entry found by findEarlierEntry (reason left empty).
DuplicateMark markOf(const EarlierEntry& entry);

} // namespace vanthu::docmgmt
