#pragma once
// Incoming documents, recipients' statuses, deadlines and figures as the contract's JSON
// objects (docs/api.md: incomingSummary, incoming, recipient, deadlines, figures).
#include <Poco/JSON/Object.h>

#include "http/DocumentViews.hpp"
#include "vanthu/docmgmt/IncomingFlow.hpp"

namespace vanthu::http {

Poco::JSON::Object::Ptr incomingSummaryJson(const docmgmt::IncomingDocument& document,
                                            UserNames& names);
/// The summary plus every field, the attachments, the verification verdict, the reply, the
/// history and allowedActions.
Poco::JSON::Object::Ptr incomingJson(const docmgmt::IncomingDocument& document, UserNames& names,
                                     const std::optional<docmgmt::OutgoingDocument>& reply,
                                     const std::vector<docmgmt::AuditRecord>& history,
                                     const std::vector<std::string>& allowedActions);
/// The earlier entry a possible duplicate looks like (docs/api.md, earlierEntry).
Poco::JSON::Object::Ptr earlierEntryJson(const docmgmt::EarlierEntry& entry);
/// The document's duplicate mark with its earlier entry; null when not marked.
Poco::Dynamic::Var duplicateJson(const docmgmt::DuplicateMark& mark,
                                 const std::optional<docmgmt::EarlierEntry>& earlier);
Poco::JSON::Array::Ptr recipientsJson(const std::vector<docmgmt::DispatchRecord>& records);

/// The issuer's view of a letter's recall: {state, frozen, latest, requests, answers}.
Poco::JSON::Object::Ptr recallJson(const docmgmt::RecallStatus& status, UserNames& names);
Poco::JSON::Object::Ptr deadlinesJson(const docmgmt::DeadlineReport& report);
Poco::JSON::Object::Ptr figuresJson(const docmgmt::FiguresReport& report);
Poco::JSON::Object::Ptr incomingRegisterJson(const docmgmt::IncomingRegisterPage& page);

/// The person's part in a letter: myRole, myRoleLabel, myStatus, myStatusLabel ("" for none).
void setMyPart(Poco::JSON::Object::Ptr json, const docmgmt::IncomingDocument& d, Id userId);

} // namespace vanthu::http
