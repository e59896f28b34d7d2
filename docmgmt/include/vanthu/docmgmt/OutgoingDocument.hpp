#pragma once
// An outgoing document (văn bản đi) and its states: draft → submitted → (returned → submitted)
// → approved → signed → issued. An issued document never changes again.
#include <optional>
#include <string>
#include <vector>

#include "vanthu/docmgmt/Directory.hpp"

namespace vanthu::docmgmt {

enum class DocumentState { Draft, Submitted, Returned, Approved, Signed, Issued };

std::string toString(DocumentState state); ///< "draft", "submitted", ...
std::optional<DocumentState> parseDocumentState(const std::string& text);

struct OutgoingDocument {
    Id id = 0;
    Id officeId = 0;
    Id authorId = 0;
    std::optional<Id> signerId; ///< the leader who signs (chosen when drafting)
    DocumentState state = DocumentState::Draft;
    std::string typeCode;   ///< "CV", "QĐ", ...
    std::string subject;    ///< trích yếu
    std::string content;    ///< the document JSON (docs/document-format.md) of the latest version
    int version = 1;        ///< draft versions are kept
    std::string returnComment;
    // Set on signing and issuing:
    std::string signedPdf;  ///< SHA-256 name in the blob store of the leader-signed PDF
    std::string issuedPdf;  ///< SHA-256 name of the issued (numbered, sealed) PDF
    std::optional<int> number;
    int year = 0;
    std::string notation;   ///< "05/UBND-NV" once issued
    std::string issuedDate; ///< ISO date once issued
    std::string createdAt, updatedAt; ///< ISO 8601
};

} // namespace vanthu::docmgmt
