#pragma once
// Outgoing documents as the contract's JSON objects (documentSummary and document).
#include <Poco/JSON/Object.h>

#include <functional>
#include <map>

#include "http/Backend.hpp"
#include "http/Exchange.hpp"
#include "vanthu/docmgmt/DraftComparison.hpp"
#include "vanthu/docmgmt/Errors.hpp"
#include "vanthu/docmgmt/Storage.hpp"

namespace vanthu::http {

/// Full names of users by id, looked up once per request.
class UserNames {
public:
    explicit UserNames(Backend& backend) : backend_(backend) {}
    std::string of(std::optional<Id> id);
    /// A user already read (the signed-in one): no look-up for them.
    void know(const User& user) { names_[user.id] = user.fullName; }

private:
    Backend& backend_;
    std::map<Id, std::string> names_;
};

std::string typeNameOf(const std::string& typeCode);

Poco::JSON::Object::Ptr documentSummaryJson(const docmgmt::OutgoingDocument& document,
                                            UserNames& names);
/// The summary plus draft, version, content, history and allowedActions.
Poco::JSON::Object::Ptr documentJson(const docmgmt::OutgoingDocument& document, UserNames& names,
                                     const std::vector<docmgmt::AuditRecord>& history,
                                     const std::vector<std::string>& allowedActions);
/// What keeps a draft from being submitted: [{field, message}].
Poco::JSON::Array::Ptr problemsJson(const std::vector<docmgmt::FieldProblem>& problems);
/// Audit entries as the API's history events (at, user, action, detail).
Poco::JSON::Array::Ptr historyJson(const std::vector<docmgmt::AuditRecord>& history,
                                   UserNames& names);

// Issue 14 item 4: comments, kept versions and their comparison, attachments.
/// {id, version, authorId, authorName, writtenAt, text}
Poco::JSON::Object::Ptr commentJson(const docmgmt::DraftComment& comment, UserNames& names);
/// The comments of a draft or of an incoming letter, the one way both are served: GET lists
/// them oldest first, POST {text} adds one (201); another method is 405.
void serveComments(Exchange& exchange, Backend& backend,
                   const std::function<std::vector<docmgmt::DraftComment>()>& list,
                   const std::function<docmgmt::DraftComment(const std::string&)>& add);
/// {version, authorId, authorName, createdAt, editedAs}
Poco::JSON::Object::Ptr versionJson(const docmgmt::DocumentVersion& version, UserNames& names);
/// {from, to, fields: [{field, label, before, after}], bodyChanged, body: [{change, text}]}
Poco::JSON::Object::Ptr comparisonJson(const docmgmt::VersionComparison& comparison);
/// {id, name, contentType, size, addedBy, addedByName, addedAt}
Poco::JSON::Object::Ptr attachmentJson(const docmgmt::LetterAttachment& attachment,
                                       UserNames& names);

/// The long-term copy of an issued or registered letter (issue 21 items 3 and 4), or null when
/// the server keeps none or the letter has no row: {originalLevel, made, level, state,
/// expiresAt, algorithmsUntil, weakestAlgorithm, renewals, updatedAt, lastError}.
Poco::Dynamic::Var longTermCopyJson(Backend& backend, const std::string& kind, Id documentId);

} // namespace vanthu::http
